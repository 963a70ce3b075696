import { Injectable } from '@nestjs/common';
import { PersonalDataRevealer, PersonalDataSubject } from '../common/access/personal-data';
import { AppError } from '../common/errors/app-error';

/** Where modules register how to reveal their protected values (see common/access/personal-data). */
@Injectable()
export class PersonalDataRegistry {
  private readonly revealers = new Map<PersonalDataSubject, PersonalDataRevealer>();

  register(subject: PersonalDataSubject, revealer: PersonalDataRevealer): void {
    this.revealers.set(subject, revealer);
  }

  get(subject: PersonalDataSubject): PersonalDataRevealer {
    const r = this.revealers.get(subject);
    if (!r) throw new AppError('BAD_USER_INPUT', '不支持的个人信息类型 (unsupported subject)', { reason: 'UNSUPPORTED_SUBJECT', field: 'subject' });
    return r;
  }
}
