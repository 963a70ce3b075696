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
});

/** Reads one protected value in the caller's scope, writing the audit row with the reason. */
export type PersonalDataRevealer = (principal: Principal, id: string, reason: string) => Promise<string | null>;
