import type { FieldCipher } from '../crypto/field-cipher';
import type { Permission } from '../access/permissions';
import type { PersonalDataSubject } from '../access/personal-data';

/**
 * One protected value (个人敏感信息), declared once by the module that owns its table (the
 * `protectedFields` of its `*.declaration.ts`). Everything that stores, reads, audits, answers,
 * reveals or exports the value reads this declaration: it is stored only encrypted (`*_enc`),
 * looked up by a blind index when one is declared, recorded masked in the audit trail, answered
 * masked, revealed in full only through `revealPersonalData` (the subject, the read permission,
 * a reason and an audit row), and written to exports masked unless the caller reveals.
 */
export interface ProtectedField {
  /** The entity as the audit trail names it (entityType), e.g. `Member`. */
  entity: string;
  /** The table, e.g. `members`. */
  table: string;
  /** The clear value's property (API name, audit field, export column), e.g. `idNumber`. */
  property: string;
  /** Where the ciphertext is kept: the entity property and its column, e.g. `idNumberEnc` / `id_number_enc`. */
  encrypted: { property: string; column: string };
  /** The blind index for exact lookup, when the value is searched: property, column and HMAC domain. */
  blindIndex?: { property: string; column: string; domain: string };
  /** The stored form of a clear value (trimmed, canonical); null when nothing is left. */
  normalize: (value: string) => string | null;
  /** The display mask (src/common/crypto/mask.ts). */
  mask: (value: string) => string;
  /** Which `revealPersonalData` subject reveals it (UPPER_SNAKE_CASE, added to `PersonalDataSubjects` by the module). */
  subject: PersonalDataSubject;
  /**
   * What the value is, in English with the Chinese term, e.g. `A member's ID number (身份证号)`:
   * the GraphQL subject's description, completed with the record its id names and the read permission.
   */
  description: string;
  /** The permission that reads its record, needed (besides `personalData.unmask`) to reveal it. */
  readPermission: Permission;
}

/** A clear value → its masked form; what diffChanges' `mask` option takes. */
export type MaskMap = Record<string, (value: string) => string>;

/** The declared fields of one entity. */
export function protectedFieldsOf(fields: readonly ProtectedField[], entity: string): ProtectedField[] {
  return fields.filter((f) => f.entity === entity);
}

/** The declaration of one entity's property; throws when it is not declared (a programming error). */
export function protectedField(fields: readonly ProtectedField[], entity: string, property: string): ProtectedField {
  const f = fields.find((x) => x.entity === entity && x.property === property);
  if (!f) throw new Error(`${entity}.${property} is not a declared protected field`);
  return f;
}

/**
 * The audit mask map of an entity, `{ property: mask }`, for diffChanges: its protected values are
 * compared on their clear values and recorded masked on both sides.
 */
export function auditMaskOf(fields: readonly ProtectedField[], entity: string): MaskMap {
  return Object.fromEntries(protectedFieldsOf(fields, entity).map((f) => [f.property, f.mask]));
}

/** The stored form of a clear value (the declaration's normaliser); null or empty stays null. */
export function normalizeProtected(field: ProtectedField, value: string | null | undefined): string | null {
  return value ? field.normalize(value) : null;
}

/** The blind index of a value to look up (normalised first); throws when the field has no blind index. */
export function blindIndexOf(cipher: FieldCipher, field: ProtectedField, value: string): string {
  if (!field.blindIndex) throw new Error(`${field.entity}.${field.property} has no blind index`);
  return cipher.blindIndex(field.normalize(value) ?? '-', field.blindIndex.domain);
}

/** Whether stored columns are keyed by entity property (TypeORM) or by column (SQL writers). */
export type StoredKeys = 'property' | 'column';

/**
 * The stored columns of one clear value: the ciphertext and, when declared, the blind index,
 * keyed by entity property (default) or by column name. The value is normalised first unless
 * `normalized` says it already is (a checked value); null when nothing is left.
 */
export function encryptField(
  cipher: FieldCipher,
  field: ProtectedField,
  value: string | null | undefined,
  opts: { keys?: StoredKeys; normalized?: boolean } = {},
): Record<string, string | null> {
  const stored = opts.normalized ? value || null : normalizeProtected(field, value);
  const key = opts.keys === 'column' ? 'column' : 'property';
  const out: Record<string, string | null> = { [field.encrypted[key]]: stored ? cipher.encrypt(stored) : null };
  if (field.blindIndex) out[field.blindIndex[key]] = stored ? cipher.blindIndex(stored, field.blindIndex.domain) : null;
  return out;
}

/**
 * Encrypts the protected properties of a plain object of one entity: for each declared property
 * present in `plain` (undefined: not given, left out), its stored columns (see encryptField).
 */
export function encryptProtected(
  cipher: FieldCipher,
  fields: readonly ProtectedField[],
  entity: string,
  plain: Record<string, unknown>,
  opts: { keys?: StoredKeys } = {},
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of protectedFieldsOf(fields, entity)) {
    const value = plain[f.property];
    if (value !== undefined) Object.assign(out, encryptField(cipher, f, value as string | null, opts));
  }
  return out;
}

/** The clear value of one field from a stored row (keyed by property, or by column): null when none. */
export function decryptField(cipher: FieldCipher, field: ProtectedField, row: object, keys: StoredKeys = 'property'): string | null {
  const enc = (row as Record<string, unknown>)[field.encrypted[keys === 'column' ? 'column' : 'property']] as string | null | undefined;
  return enc ? cipher.decrypt(enc) : null;
}

/** The clear protected values of a stored row of one entity, `{ property: value | null }` (for audit views). */
export function decryptProtected(
  cipher: FieldCipher,
  fields: readonly ProtectedField[],
  entity: string,
  row: object,
  keys: StoredKeys = 'property',
): Record<string, string | null> {
  return Object.fromEntries(protectedFieldsOf(fields, entity).map((f) => [f.property, decryptField(cipher, f, row, keys)]));
}

/** How many masked values `maskedField` keeps per field, by ciphertext (≈ 250 bytes each). */
export const MASK_MEMO_MAX = 20_000;

/**
 * Masked values by ciphertext, per declared field. A ciphertext always decrypts to the same value
 * (authenticated encryption, a fresh nonce per write: a changed value is a new ciphertext), so a
 * mask computed once stays right for as long as that ciphertext is stored, and keeping it needs no
 * invalidation. Only masked values are kept, never clear ones. Lists read the same households
 * over and over (a village's officers, a frontend's pages): each value is decrypted once, not on
 * every read (issue #12: a page of 50 households decrypted ~150 ID numbers only to mask them).
 * The oldest entry goes first once MASK_MEMO_MAX are kept.
 */
const maskMemo = new WeakMap<ProtectedField, Map<string, string | null>>();

/** One field of a stored row as answered: masked, or null when none. */
export function maskedField(cipher: FieldCipher, field: ProtectedField, row: object, keys: StoredKeys = 'property'): string | null {
  const enc = (row as Record<string, unknown>)[field.encrypted[keys === 'column' ? 'column' : 'property']] as string | null | undefined;
  if (!enc) return null;
  let memo = maskMemo.get(field);
  if (!memo) maskMemo.set(field, (memo = new Map()));
  const known = memo.get(enc);
  if (known !== undefined) return known;
  const plain = cipher.decrypt(enc);
  const masked = plain ? field.mask(plain) : null;
  if (memo.size >= MASK_MEMO_MAX) memo.delete(memo.keys().next().value!);
  memo.set(enc, masked);
  return masked;
}

/**
 * Makes `property` of a model object a value computed when first read, then kept (assigning the
 * property replaces it with the value assigned). Enumerable, like the plain property it replaces.
 */
export function defineLazyValue<T>(target: object, property: string, compute: () => T): void {
  let computed = false;
  let value: T;
  Object.defineProperty(target, property, {
    configurable: true,
    enumerable: true,
    get: () => {
      if (!computed) {
        value = compute();
        computed = true;
      }
      return value;
    },
    set: (v: T) => {
      value = v;
      computed = true;
    },
  });
}

/**
 * The protected values of a stored row as an export writes them: in full when the caller
 * reveals (personalData.unmask, audited), masked otherwise. Never published any other way.
 */
export function exportProtected(
  cipher: FieldCipher,
  fields: readonly ProtectedField[],
  entity: string,
  row: object,
  reveal: boolean,
  keys: StoredKeys = 'property',
): Record<string, string | null> {
  return Object.fromEntries(
    protectedFieldsOf(fields, entity).map((f) => {
      const plain = decryptField(cipher, f, row, keys);
      return [f.property, plain && !reveal ? f.mask(plain) : plain];
    }),
  );
}

/** The description of a field's reveal subject, as the GraphQL enum shows it. */
export function subjectDescriptionOf(f: ProtectedField): string {
  return `${f.description}; id: ${f.entity}.id; also needs ${f.readPermission}.`;
}
