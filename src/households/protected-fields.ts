/**
 * How the registry's protected values are keyed and normalised, for every writer of them (the
 * GraphQL mutations, the import, the demo loader): one definition, so a value written by one is
 * found and compared equal by the others.
 */

/** Blind-index domain of member ID numbers: use this one constant wherever an ID number is looked up. */
export const CITIZEN_ID_DOMAIN = 'citizen_id';
/** Blind-index domain of household bank accounts. */
export const BANK_ACCOUNT_DOMAIN = 'bank_account';

/** A bank account as stored: without blanks and dashes; null when nothing is left. */
export function normalizeBankAccount(value: string | null | undefined): string | null {
  return value?.replace(/[\s-]/g, '') || null;
}
