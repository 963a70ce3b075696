import { Injectable } from '@nestjs/common';
import { AccessPolicy } from '../common/access/access-policy';
import { PersonalDataRevealer, PersonalDataSubject } from '../common/access/personal-data';
import { Principal } from '../common/access/principal';
import { acceptedRevealReason } from '../common/access/reason';
import { AppError } from '../common/errors/app-error';
import { IdentityErrors, IdentityReason } from './identity.errors';

/** Where modules register how to reveal their protected values (see common/access/personal-data). */
@Injectable()
export class PersonalDataRegistry {
  private readonly revealers = new Map<PersonalDataSubject, PersonalDataRevealer>();

  constructor(private readonly access: AccessPolicy) {}

  register(subject: PersonalDataSubject, revealer: PersonalDataRevealer): void {
    this.revealers.set(subject, revealer);
  }

  /**
   * The full value, for a caller holding `personalData.unmask` (checked by the resolver) and the
   * read permission of the record, with a reason that meets the one rule (common/access/reason).
   */
  async reveal(principal: Principal, subject: PersonalDataSubject, id: string, rawReason: string): Promise<string | null> {
    const revealer = this.get(subject);
    const permission = this.access.revealReadPermission(subject);
    if (!permission) throw this.unsupported();
    if (!principal.permissions.has(permission)) throw IdentityErrors.revealNotReadable(permission);
    const reason = acceptedRevealReason(rawReason);
    if (!reason) throw IdentityErrors.reasonRequired();
    return revealer(principal, id, reason);
  }

  get(subject: PersonalDataSubject): PersonalDataRevealer {
    const r = this.revealers.get(subject);
    if (!r) throw this.unsupported();
    return r;
  }

  private unsupported(): AppError {
    return new AppError('BAD_USER_INPUT', '不支持的个人信息类型 (unsupported subject)', { reason: IdentityReason.UNSUPPORTED_SUBJECT, field: 'subject' });
  }
}
