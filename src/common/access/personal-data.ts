import { registerEnumType } from '@nestjs/graphql';
import type { Permission } from './permissions';
import type { Principal } from './principal';

/**
 * Protected values that can be revealed in full (with `personalData.unmask`, a stated reason,
 * and an audit row). Each owning module registers the handler of its subjects with the
 * PersonalDataRegistry; this list is shared so the GraphQL enum stays one type.
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

/**
 * Revealing a value needs the permission to read its record as well as `personalData.unmask`:
 * a holder of unmask without `users.read` cannot read accounts' phone numbers in full.
 */
export const REVEAL_READ_PERMISSION: Record<PersonalDataSubject, Permission> = {
  [PersonalDataSubject.USER_PHONE]: 'users.read',
  [PersonalDataSubject.MEMBER_ID_NUMBER]: 'households.read',
  [PersonalDataSubject.HOUSEHOLD_BANK_ACCOUNT]: 'households.read',
  [PersonalDataSubject.HOUSEHOLD_CONTACT_PHONE]: 'households.read',
  [PersonalDataSubject.MEMBER_DISABILITY_CERTIFICATE]: 'households.read',
  [PersonalDataSubject.HELPER_PHONE]: 'assistance.read',
};

/** Reads one protected value in the caller's scope, writing the audit row with the reason. */
export type PersonalDataRevealer = (principal: Principal, id: string, reason: string) => Promise<string | null>;
