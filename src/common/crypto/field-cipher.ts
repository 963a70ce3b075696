import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  timingSafeEqual,
} from 'node:crypto';
import { RandomPool } from '../random/random-pool';

/**
 * Field-level encryption for personal data at rest (citizen ID numbers,
 * phone numbers, bank account numbers, ...).
 *
 * Stored format (ASCII, safe for VARCHAR/TEXT columns):
 *
 *   v1:<keyId>:<base64url iv>:<base64url ciphertext || 16-byte GCM tag>
 *
 * - AES-256-GCM, random 12-byte IV per value, 16-byte tag.
 * - The header `v1:<keyId>` is always authenticated as GCM additional data,
 *   together with an optional caller-supplied context string (for example
 *   `household:42:citizen_id`), so a ciphertext copied to another row/column
 *   fails to decrypt when the caller binds such a context.
 * - Equality search is done on a separate blind index column
 *   (HMAC-SHA256 under its own key, domain-separated per field).
 *
 * Key material is held in private fields and never appears in error messages.
 */

export const FIELD_CIPHER_VERSION = 'v1';
export const FIELD_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';

/** Key ids end up inside stored values and config strings: keep them simple. */
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;
const BLIND_INDEX_DOMAIN_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

export type FieldCipherErrorCode =
  /** Keyring / key configuration is invalid. */
  | 'FIELD_CIPHER_INVALID_KEYRING'
  /** A method was called with an argument of the wrong shape. */
  | 'FIELD_CIPHER_INVALID_INPUT'
  /** The stored value is not in the `v1:<keyId>:<iv>:<data>` format. */
  | 'FIELD_CIPHER_MALFORMED'
  /** The value names a key id that is not in the keyring. */
  | 'FIELD_CIPHER_UNKNOWN_KEY'
  /** GCM authentication failed: the value was modified or the AAD differs. */
  | 'FIELD_CIPHER_TAMPERED';

export class FieldCipherError extends Error {
  override readonly name = 'FieldCipherError';

  constructor(
    readonly code: FieldCipherErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface FieldKeyring {
  activeKeyId: string;
  /** Key id → 32-byte AES-256 key. */
  keys: Record<string, Buffer>;
}

interface ParsedValue {
  keyId: string;
  iv: Buffer;
  data: Buffer;
}

/**
 * Echo a configured key id in an error only when it is a well-formed id.
 * A 32-byte key is at least 43 base64 characters, so it can never match
 * KEY_ID_PATTERN: a key pasted into the wrong place is never printed.
 */
function describeKeyId(keyId: unknown): string {
  return typeof keyId === 'string' && KEY_ID_PATTERN.test(keyId) ? `"${keyId}"` : '(invalid id, not shown)';
}

function assertKeyId(keyId: string, where: string): void {
  if (!KEY_ID_PATTERN.test(keyId)) {
    throw new FieldCipherError(
      'FIELD_CIPHER_INVALID_KEYRING',
      `${where}: key id is invalid (use 1-32 characters from A-Z a-z 0-9 _ -)`,
    );
  }
}

function assertKeyLength(key: unknown, label: string): asserts key is Buffer {
  if (!Buffer.isBuffer(key)) {
    throw new FieldCipherError('FIELD_CIPHER_INVALID_KEYRING', `${label} must be a Buffer`);
  }
  if (key.length !== FIELD_KEY_BYTES) {
    throw new FieldCipherError(
      'FIELD_CIPHER_INVALID_KEYRING',
      `${label} must be ${FIELD_KEY_BYTES} bytes, got ${key.length} bytes`,
    );
  }
}

/** Strict base64url decoding: rejects padding, foreign characters and non-canonical forms. */
function decodeBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL_PATTERN.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/**
 * Normalisation applied before blind indexing: Unicode NFKC (folds full-width
 * digits/letters produced by Chinese input methods), whitespace removed,
 * upper-cased (so a citizen ID ending in `x` matches one ending in `X`).
 * Field-specific normalisation (e.g. stripping a `+86` phone prefix) is the
 * caller's job and must be done identically on write and on lookup.
 */
export function normalizeForBlindIndex(plaintext: string): string {
  return plaintext.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

export class FieldCipher {
  readonly #activeKeyId: string;
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly #blindIndexKey: Buffer;
  /** Random bytes drawn in blocks and handed out 12 at a time: one CSPRNG call per 1,024 IVs. */
  #ivs = new RandomPool(IV_BYTES * 1024);

  constructor(keyring: FieldKeyring, blindIndexKey: Buffer) {
    if (keyring === null || typeof keyring !== 'object' || keyring.keys === null || typeof keyring.keys !== 'object') {
      throw new FieldCipherError('FIELD_CIPHER_INVALID_KEYRING', 'keyring must be { activeKeyId, keys }');
    }
    const keys = new Map<string, Buffer>();
    for (const [keyId, key] of Object.entries(keyring.keys)) {
      assertKeyId(keyId, 'keyring');
      assertKeyLength(key, `encryption key "${keyId}"`);
      // Copy so later mutation of the caller's buffer cannot change our keys.
      keys.set(keyId, Buffer.from(key));
    }
    if (keys.size === 0) {
      throw new FieldCipherError('FIELD_CIPHER_INVALID_KEYRING', 'keyring contains no keys');
    }
    if (typeof keyring.activeKeyId !== 'string' || !keys.has(keyring.activeKeyId)) {
      throw new FieldCipherError(
        'FIELD_CIPHER_INVALID_KEYRING',
        `active key id ${describeKeyId(keyring.activeKeyId)} is not in the keyring ` +
          `(available: ${[...keys.keys()].join(', ')})`,
      );
    }
    assertKeyLength(blindIndexKey, 'blind index key');
    for (const [keyId, key] of keys) {
      if (timingSafeEqual(key, blindIndexKey)) {
        throw new FieldCipherError(
          'FIELD_CIPHER_INVALID_KEYRING',
          `blind index key must differ from encryption key "${keyId}"`,
        );
      }
    }
    this.#activeKeyId = keyring.activeKeyId;
    this.#keys = keys;
    this.#blindIndexKey = Buffer.from(blindIndexKey);
  }

  get activeKeyId(): string {
    return this.#activeKeyId;
  }

  /** True when `value` looks like an encrypted field (does not verify it). */
  static isEncrypted(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(`${FIELD_CIPHER_VERSION}:`) && value.split(':').length === 4;
  }

  /**
   * Encrypt under the active key. `aad` is an optional context string bound
   * to the ciphertext; the same string must be passed to `decrypt`.
   */
  encrypt(plaintext: string, aad?: string): string {
    if (typeof plaintext !== 'string') {
      throw new FieldCipherError('FIELD_CIPHER_INVALID_INPUT', 'plaintext must be a string');
    }
    const keyId = this.#activeKeyId;
    const key = this.#keys.get(keyId) as Buffer;
    const iv = this.#nextIv();
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.#additionalData(keyId, aad));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [FIELD_CIPHER_VERSION, keyId, iv.toString('base64url'), data.toString('base64url')].join(':');
  }

  /** A fresh random IV (never handed out twice: see RandomPool). */
  #nextIv(): Buffer {
    return this.#ivs.take(IV_BYTES);
  }

  /** Decrypt a value produced by `encrypt` (under any key still in the keyring). */
  decrypt(value: string, aad?: string): string {
    const parsed = this.#parse(value);
    const key = this.#keys.get(parsed.keyId);
    if (key === undefined) {
      throw new FieldCipherError(
        'FIELD_CIPHER_UNKNOWN_KEY',
        `encrypted value uses key id "${parsed.keyId}", which is not in the keyring`,
      );
    }
    const ciphertext = parsed.data.subarray(0, parsed.data.length - TAG_BYTES);
    const tag = parsed.data.subarray(parsed.data.length - TAG_BYTES);
    const decipher = createDecipheriv(ALGORITHM, key, parsed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(this.#additionalData(parsed.keyId, aad));
    decipher.setAuthTag(tag);
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      throw new FieldCipherError(
        'FIELD_CIPHER_TAMPERED',
        'encrypted value failed authentication (modified data or wrong context/AAD)',
      );
    }
    return plaintext.toString('utf8');
  }

  /** Key id a value was encrypted under (format is checked, authenticity is not). */
  keyIdOf(value: string): string {
    return this.#parse(value).keyId;
  }

  /** True when `value` was not encrypted under the active key. Throws on malformed values. */
  needsRotation(value: string): boolean {
    return this.#parse(value).keyId !== this.#activeKeyId;
  }

  /**
   * Re-encrypt `value` under the active key. The value is always decrypted
   * (so tampered values are rejected); if it is already under the active key
   * it is returned unchanged, which keeps rotation jobs idempotent.
   */
  reencrypt(value: string, aad?: string): string {
    const plaintext = this.decrypt(value, aad);
    if (!this.needsRotation(value)) return value;
    return this.encrypt(plaintext, aad);
  }

  /**
   * Deterministic keyed index for equality lookups on an encrypted field:
   * hex HMAC-SHA256 over `domain + '\0' + normalizeForBlindIndex(plaintext)`.
   * `domain` (e.g. 'citizen_id', 'phone') keeps equal strings in different
   * fields from producing equal indexes.
   */
  blindIndex(plaintext: string, domain: string): string {
    if (typeof domain !== 'string' || !BLIND_INDEX_DOMAIN_PATTERN.test(domain)) {
      throw new FieldCipherError(
        'FIELD_CIPHER_INVALID_INPUT',
        'blind index domain must be 1-64 characters from A-Z a-z 0-9 _ . : -',
      );
    }
    if (typeof plaintext !== 'string') {
      throw new FieldCipherError('FIELD_CIPHER_INVALID_INPUT', 'blind index plaintext must be a string');
    }
    const normalized = normalizeForBlindIndex(plaintext);
    if (normalized.length === 0) {
      // An index over "" would make every empty value match; store NULL instead.
      throw new FieldCipherError('FIELD_CIPHER_INVALID_INPUT', 'blind index plaintext is empty');
    }
    return createHmac('sha256', this.#blindIndexKey)
      .update(domain, 'utf8')
      .update('\0', 'utf8')
      .update(normalized, 'utf8')
      .digest('hex');
  }

  #additionalData(keyId: string, aad: string | undefined): Buffer {
    if (aad !== undefined && typeof aad !== 'string') {
      throw new FieldCipherError('FIELD_CIPHER_INVALID_INPUT', 'aad must be a string');
    }
    return Buffer.from(`${FIELD_CIPHER_VERSION}:${keyId}\0${aad ?? ''}`, 'utf8');
  }

  #parse(value: string): ParsedValue {
    if (typeof value !== 'string') {
      throw new FieldCipherError('FIELD_CIPHER_MALFORMED', 'encrypted value must be a string');
    }
    const parts = value.split(':');
    if (parts.length !== 4) {
      throw new FieldCipherError('FIELD_CIPHER_MALFORMED', 'encrypted value must have 4 ":"-separated parts');
    }
    const [version, keyId, ivText, dataText] = parts as [string, string, string, string];
    if (version !== FIELD_CIPHER_VERSION) {
      throw new FieldCipherError(
        'FIELD_CIPHER_MALFORMED',
        `unsupported encrypted value version ${JSON.stringify(version.slice(0, 8))}`,
      );
    }
    if (!KEY_ID_PATTERN.test(keyId)) {
      throw new FieldCipherError('FIELD_CIPHER_MALFORMED', 'encrypted value has an invalid key id');
    }
    const iv = decodeBase64Url(ivText);
    if (iv === undefined || iv.length !== IV_BYTES) {
      throw new FieldCipherError('FIELD_CIPHER_MALFORMED', `encrypted value IV must be ${IV_BYTES} base64url bytes`);
    }
    const data = decodeBase64Url(dataText);
    if (data === undefined || data.length < TAG_BYTES) {
      throw new FieldCipherError(
        'FIELD_CIPHER_MALFORMED',
        'encrypted value data must be base64url and include the 16-byte tag',
      );
    }
    return { keyId, iv, data };
  }
}

function decodeConfigKey(encoded: string, label: string): Buffer {
  const text = encoded.trim();
  // Accept standard base64 (with or without padding) and base64url.
  if (text.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    throw new FieldCipherError('FIELD_CIPHER_INVALID_KEYRING', `${label} is not valid base64`);
  }
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== FIELD_KEY_BYTES) {
    throw new FieldCipherError(
      'FIELD_CIPHER_INVALID_KEYRING',
      `${label} must decode to ${FIELD_KEY_BYTES} bytes, got ${key.length} bytes ` +
        '(generate one with: openssl rand -base64 32)',
    );
  }
  return key;
}

/**
 * Parse a keyring from configuration, e.g.
 * `FIELD_KEYS="k2024:BASE64...,k2025:BASE64..."` + `FIELD_ACTIVE_KEY_ID=k2025`.
 * Errors name the offending entry by position/id but never print key material.
 */
export function parseKeyring(spec: string, activeKeyId: string): FieldKeyring {
  if (typeof spec !== 'string' || spec.trim().length === 0) {
    throw new FieldCipherError('FIELD_CIPHER_INVALID_KEYRING', 'field encryption key list is empty');
  }
  const keys: Record<string, Buffer> = {};
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    if (separator <= 0) {
      throw new FieldCipherError(
        'FIELD_CIPHER_INVALID_KEYRING',
        `field encryption key entry #${index + 1} must look like "<keyId>:<base64 key>"`,
      );
    }
    const keyId = entry.slice(0, separator).trim();
    assertKeyId(keyId, `field encryption key entry #${index + 1}`);
    if (Object.prototype.hasOwnProperty.call(keys, keyId)) {
      throw new FieldCipherError('FIELD_CIPHER_INVALID_KEYRING', `field encryption key id "${keyId}" is duplicated`);
    }
    keys[keyId] = decodeConfigKey(entry.slice(separator + 1), `field encryption key "${keyId}"`);
  });
  if (entries.length === 0) {
    throw new FieldCipherError('FIELD_CIPHER_INVALID_KEYRING', 'field encryption key list is empty');
  }
  const active = typeof activeKeyId === 'string' ? activeKeyId.trim() : '';
  if (active.length === 0) {
    throw new FieldCipherError('FIELD_CIPHER_INVALID_KEYRING', 'active field encryption key id is not set');
  }
  if (!Object.prototype.hasOwnProperty.call(keys, active)) {
    throw new FieldCipherError(
      'FIELD_CIPHER_INVALID_KEYRING',
      `active field encryption key id ${describeKeyId(active)} is not in the key list ` +
        `(available: ${Object.keys(keys).join(', ')})`,
    );
  }
  return { activeKeyId: active, keys };
}

/** Decode the blind index key from configuration (base64 / base64url, 32 bytes). */
export function parseBlindIndexKey(encoded: string): Buffer {
  if (typeof encoded !== 'string') {
    throw new FieldCipherError('FIELD_CIPHER_INVALID_KEYRING', 'blind index key is not set');
  }
  return decodeConfigKey(encoded, 'blind index key');
}
