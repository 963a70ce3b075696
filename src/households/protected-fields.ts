/**
 * How the registry's protected values are keyed, normalised, encrypted and masked, for every
 * writer and reader of them (the GraphQL mutations and models, the import, the export, the demo
 * loader, the audit views): one definition, so a value written by one is found and compared
 * equal by the others, and none of them shows it unmasked by accident.
 *
 * Protected values are stored only encrypted (`*_enc` columns, the field cipher), answered
 * masked, revealed in full only through `revealPersonalData` (a reason, an audit row), recorded
 * masked in the audit trail, and never published in the change feed (its entries name the
 * household and the parts that changed, with no row data).
 */
import type { FieldCipher } from '../common/crypto/field-cipher';
import { maskBankAccount, maskCitizenId, maskDisabilityCertificate, maskPhone } from '../common/crypto/mask';

/** Blind-index domain of member ID numbers: use this one constant wherever an ID number is looked up. */
export const CITIZEN_ID_DOMAIN = 'citizen_id';
/** Blind-index domain of household bank accounts. */
export const BANK_ACCOUNT_DOMAIN = 'bank_account';

/** A bank account as stored: without blanks and dashes; null when nothing is left. */
export function normalizeBankAccount(value: string | null | undefined): string | null {
  return value?.replace(/[\s-]/g, '') || null;
}

/**
 * The protected fields of households and members (API names) and their display masks: the
 * audit trail records them masked on both sides (diffChanges' `mask`), exports mask them unless
 * revealed.
 */
export const PROTECTED_MASKS = {
  idNumber: maskCitizenId,
  contactPhone: maskPhone,
  bankAccount: maskBankAccount,
  disabilityCertificate: maskDisabilityCertificate,
} as const satisfies Record<string, (value: string) => string>;

/** A disability certificate number (残疾证号) as stored: trimmed, kept as written; null when empty. */
export function normalizeDisabilityCertificate(value: string | null | undefined): string | null {
  return value?.trim() || null;
}

/** The stored (encrypted) form of an optional protected value: null stays null. */
export function encryptOptional(cipher: FieldCipher, value: string | null | undefined): string | null {
  return value ? cipher.encrypt(value) : null;
}

/** The clear value of an optional encrypted column: null stays null. */
export function decryptOptional(cipher: FieldCipher, enc: string | null | undefined): string | null {
  return enc ? cipher.decrypt(enc) : null;
}
