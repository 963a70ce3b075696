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
import { maskBankAccount, maskCitizenId, maskDisabilityCertificate, maskPhone } from '../common/crypto/mask';
import { parseCitizenId } from '../common/identity-number/citizen-id';
import { auditMaskOf, protectedField, ProtectedField } from '../common/protection/protected-field';

declare module '../common/access/personal-data' {
  interface PersonalDataSubjects {
    MEMBER_ID_NUMBER: true;
    MEMBER_DISABILITY_CERTIFICATE: true;
    HOUSEHOLD_CONTACT_PHONE: true;
    HOUSEHOLD_BANK_ACCOUNT: true;
  }
}

/** Blind-index domain of member ID numbers: use this one constant wherever an ID number is looked up. */
export const CITIZEN_ID_DOMAIN = 'citizen_id';
/** Blind-index domain of household bank accounts. */
export const BANK_ACCOUNT_DOMAIN = 'bank_account';

/** A bank account as stored: without blanks and dashes; null when nothing is left. */
export function normalizeBankAccount(value: string | null | undefined): string | null {
  return value?.replace(/[\s-]/g, '') || null;
}

/** A disability certificate number (残疾证号) as stored: trimmed, kept as written; null when empty. */
export function normalizeDisabilityCertificate(value: string | null | undefined): string | null {
  return value?.trim() || null;
}

/**
 * An ID number as looked up: a resident ID number (身份证号) in its canonical form (lower-case x,
 * full-width digits); any other, NFKC, trimmed and upper-cased. Written ID numbers are checked
 * (and so canonical) before they are stored.
 */
export function normalizeIdNumber(value: string): string | null {
  const parsed = parseCitizenId(value);
  return parsed.ok ? parsed.value : value.normalize('NFKC').trim().toUpperCase() || null;
}

/** A contact phone as stored: trimmed; null when empty. */
export function normalizeContactPhone(value: string | null | undefined): string | null {
  return value?.trim() || null;
}

/** Entity names of the registry's protected fields (the audit trail's entityType). */
export const MEMBER = 'Member';
export const HOUSEHOLD = 'Household';

/**
 * The registry's protected fields, declared once (HOUSEHOLDS.protectedFields): a member's ID
 * number and disability certificate, a household's contact phone and bank account.
 */
export const HOUSEHOLDS_PROTECTED_FIELDS: readonly ProtectedField[] = [
  {
    entity: MEMBER,
    table: 'members',
    property: 'idNumber',
    encrypted: { property: 'idNumberEnc', column: 'id_number_enc' },
    blindIndex: { property: 'idNumberHash', column: 'id_number_hash', domain: CITIZEN_ID_DOMAIN },
    normalize: normalizeIdNumber,
    mask: maskCitizenId,
    subject: 'MEMBER_ID_NUMBER',
    description: 'A member\'s ID number (身份证号)',
    readPermission: 'households.read',
  },
  {
    entity: MEMBER,
    table: 'members',
    property: 'disabilityCertificate',
    encrypted: { property: 'disabilityCertificateEnc', column: 'disability_certificate_enc' },
    normalize: normalizeDisabilityCertificate,
    mask: maskDisabilityCertificate,
    subject: 'MEMBER_DISABILITY_CERTIFICATE',
    description: 'A member\'s disability certificate number (残疾证号)',
    readPermission: 'households.read',
  },
  {
    entity: HOUSEHOLD,
    table: 'households',
    property: 'contactPhone',
    encrypted: { property: 'contactPhoneEnc', column: 'contact_phone_enc' },
    normalize: normalizeContactPhone,
    mask: maskPhone,
    subject: 'HOUSEHOLD_CONTACT_PHONE',
    description: 'A household\'s contact phone (联系电话)',
    readPermission: 'households.read',
  },
  {
    entity: HOUSEHOLD,
    table: 'households',
    property: 'bankAccount',
    encrypted: { property: 'bankAccountEnc', column: 'bank_account_enc' },
    blindIndex: { property: 'bankAccountHash', column: 'bank_account_hash', domain: BANK_ACCOUNT_DOMAIN },
    normalize: normalizeBankAccount,
    mask: maskBankAccount,
    subject: 'HOUSEHOLD_BANK_ACCOUNT',
    description: 'A household\'s bank account number (银行账号)',
    readPermission: 'households.read',
  },
];

/** The declared fields one by one, for the writers that handle one value. */
export const ID_NUMBER = protectedField(HOUSEHOLDS_PROTECTED_FIELDS, MEMBER, 'idNumber');
export const DISABILITY_CERTIFICATE = protectedField(HOUSEHOLDS_PROTECTED_FIELDS, MEMBER, 'disabilityCertificate');
export const CONTACT_PHONE = protectedField(HOUSEHOLDS_PROTECTED_FIELDS, HOUSEHOLD, 'contactPhone');
export const BANK_ACCOUNT = protectedField(HOUSEHOLDS_PROTECTED_FIELDS, HOUSEHOLD, 'bankAccount');

/** The audit masks derived from the declarations, one per entity (diffChanges' `mask`). */
export const MEMBER_AUDIT_MASK = auditMaskOf(HOUSEHOLDS_PROTECTED_FIELDS, MEMBER);
export const HOUSEHOLD_AUDIT_MASK = auditMaskOf(HOUSEHOLDS_PROTECTED_FIELDS, HOUSEHOLD);
