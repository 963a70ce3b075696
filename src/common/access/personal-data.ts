import { registerEnumType } from '@nestjs/graphql';
import type { Principal } from './principal';

/**
 * Protected values that can be revealed in full (with `personalData.unmask`, a stated reason,
 * and an audit row). Each owning module registers the handler of its subjects with the
 * PersonalDataRegistry and declares the permission that reads each subject's record (its
 * `*.declaration.ts`); this list is shared so the GraphQL enum stays one type.
 */
export enum PersonalDataSubject {
  USER_PHONE = 'USER_PHONE',
  MEMBER_ID_NUMBER = 'MEMBER_ID_NUMBER',
  MEMBER_DISABILITY_CERTIFICATE = 'MEMBER_DISABILITY_CERTIFICATE',
  HOUSEHOLD_BANK_ACCOUNT = 'HOUSEHOLD_BANK_ACCOUNT',
  HOUSEHOLD_CONTACT_PHONE = 'HOUSEHOLD_CONTACT_PHONE',
  HELPER_PHONE = 'HELPER_PHONE',
}
registerEnumType(PersonalDataSubject, {
  name: 'PersonalDataSubject',
  description: 'Which protected value to reveal.',
  valuesMap: {
    USER_PHONE: { description: 'An account\'s phone number (id: User.id); also needs users.read.' },
    MEMBER_ID_NUMBER: { description: 'A member\'s ID number (身份证号; id: Member.id); also needs households.read.' },
    MEMBER_DISABILITY_CERTIFICATE: { description: 'A member\'s disability certificate number (残疾证号; id: Member.id); also needs households.read.' },
    HOUSEHOLD_BANK_ACCOUNT: { description: 'A household\'s bank account number (银行账号; id: Household.id); also needs households.read.' },
    HOUSEHOLD_CONTACT_PHONE: { description: 'A household\'s contact phone (联系电话; id: Household.id); also needs households.read.' },
    HELPER_PHONE: { description: 'A helper\'s phone number (id: Helper.id); also needs assistance.read.' },
  },
});

/** Reads one protected value in the caller's scope, writing the audit row with the reason. */
export type PersonalDataRevealer = (principal: Principal, id: string, reason: string) => Promise<string | null>;
