import { createHmac, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import {
  FieldCipher,
  FieldCipherError,
  FieldCipherErrorCode,
  normalizeForBlindIndex,
  parseBlindIndexKey,
  parseKeyring,
} from './field-cipher';

const key1 = Buffer.alloc(32, 1);
const key2 = Buffer.alloc(32, 2);
const blindKey = Buffer.alloc(32, 9);

function cipherWith(activeKeyId: string, keys: Record<string, Buffer>, blind: Buffer = blindKey): FieldCipher {
  return new FieldCipher({ activeKeyId, keys }, blind);
}

function expectCode(fn: () => unknown, code: FieldCipherErrorCode): FieldCipherError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(FieldCipherError);
  expect((caught as FieldCipherError).code).toBe(code);
  return caught as FieldCipherError;
}

/** Replace part `index` (0-based) of a `v1:kid:iv:data` value. */
function withPart(value: string, index: number, part: string): string {
  const parts = value.split(':');
  parts[index] = part;
  return parts.join(':');
}

/** Flip one bit of byte `byteIndex` (negative = from the end) in a base64url part. */
function flipByte(value: string, partIndex: number, byteIndex: number): string {
  const bytes = Buffer.from(value.split(':')[partIndex]!, 'base64url');
  const i = byteIndex < 0 ? bytes.length + byteIndex : byteIndex;
  bytes[i] = bytes[i]! ^ 0x01;
  return withPart(value, partIndex, bytes.toString('base64url'));
}

describe('FieldCipher', () => {
  const cipher = cipherWith('k1', { k1: key1 });

  describe('encrypt / decrypt', () => {
    it.each([
      ['citizen ID', '11010519491231002X'],
      ['phone', '13812345678'],
      ['bank account', '6222021234567890123'],
      ['Chinese text', '河南省郑州市中原区 张三丰'],
      ['emoji / astral plane', '𠮷野家 🙂'],
      ['empty string', ''],
    ])('round-trips %s', (_label, plaintext) => {
      const encrypted = cipher.encrypt(plaintext);
      if (plaintext.length > 0) expect(encrypted).not.toContain(plaintext);
      expect(cipher.decrypt(encrypted)).toBe(plaintext);
    });

    it('produces the compact v1:<keyId>:<iv>:<ciphertext+tag> format', () => {
      const encrypted = cipher.encrypt('13812345678');
      expect(encrypted).toMatch(/^v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
      const [, , iv, data] = encrypted.split(':');
      expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
      // 11 bytes of plaintext + 16 bytes of tag
      expect(Buffer.from(data!, 'base64url')).toHaveLength(11 + 16);
    });

    it('never hands out an IV twice, across the blocks its random IVs are drawn in', () => {
      const ivs = Array.from({ length: 3000 }, () => cipher.encrypt('x').split(':')[2]);
      expect(new Set(ivs).size).toBe(3000);
      expect(ivs.every((iv) => Buffer.from(iv!, 'base64url').length === 12)).toBe(true);
    });

    it('uses a fresh random IV for every value', () => {
      const values = new Set(Array.from({ length: 50 }, () => cipher.encrypt('same plaintext')));
      expect(values.size).toBe(50);
      const ivs = new Set([...values].map((v) => v.split(':')[2]));
      expect(ivs.size).toBe(50);
    });

    it('decrypts a value encrypted by another instance with the same key', () => {
      const other = cipherWith('k1', { k1: Buffer.alloc(32, 1) }, randomBytes(32));
      expect(other.decrypt(cipher.encrypt('shared'))).toBe('shared');
    });

    it('does not decrypt with a different key under the same id', () => {
      const impostor = cipherWith('k1', { k1: randomBytes(32) });
      expectCode(() => impostor.decrypt(cipher.encrypt('secret')), 'FIELD_CIPHER_TAMPERED');
    });

    it('rejects non-string plaintext', () => {
      expectCode(() => cipher.encrypt(undefined as unknown as string), 'FIELD_CIPHER_INVALID_INPUT');
    });
  });

  describe('tamper detection', () => {
    const encrypted = cipher.encrypt('41010619800101123X');

    it('rejects a flipped ciphertext byte', () => {
      expectCode(() => cipher.decrypt(flipByte(encrypted, 3, 0)), 'FIELD_CIPHER_TAMPERED');
    });

    it('rejects a flipped tag byte', () => {
      expectCode(() => cipher.decrypt(flipByte(encrypted, 3, -1)), 'FIELD_CIPHER_TAMPERED');
    });

    it('rejects a flipped IV byte', () => {
      expectCode(() => cipher.decrypt(flipByte(encrypted, 2, 5)), 'FIELD_CIPHER_TAMPERED');
    });

    it('rejects a value whose key id was swapped to another key', () => {
      const both = cipherWith('k1', { k1: key1, k2: key2 });
      const value = both.encrypt('data');
      expectCode(() => both.decrypt(withPart(value, 1, 'k2')), 'FIELD_CIPHER_TAMPERED');
    });

    it('rejects a value whose key id was relabelled even when both ids hold the same key', () => {
      // The header is part of the GCM additional data.
      const aliased = cipherWith('k1', { k1: key1, alias: Buffer.from(key1) });
      const value = aliased.encrypt('data');
      expectCode(() => aliased.decrypt(withPart(value, 1, 'alias')), 'FIELD_CIPHER_TAMPERED');
    });

    it('rejects a truncated tag', () => {
      const data = Buffer.from(encrypted.split(':')[3]!, 'base64url');
      const truncated = withPart(encrypted, 3, data.subarray(0, data.length - 1).toString('base64url'));
      expectCode(() => cipher.decrypt(truncated), 'FIELD_CIPHER_TAMPERED');
    });
  });

  describe('additional authenticated data (context binding)', () => {
    it('round-trips with the same aad', () => {
      const value = cipher.encrypt('13812345678', 'household:42:phone');
      expect(cipher.decrypt(value, 'household:42:phone')).toBe('13812345678');
    });

    it('rejects a wrong aad', () => {
      const value = cipher.encrypt('13812345678', 'household:42:phone');
      expectCode(() => cipher.decrypt(value, 'household:43:phone'), 'FIELD_CIPHER_TAMPERED');
    });

    it('rejects a missing aad when one was bound', () => {
      const value = cipher.encrypt('13812345678', 'household:42:phone');
      expectCode(() => cipher.decrypt(value), 'FIELD_CIPHER_TAMPERED');
    });

    it('rejects an aad when none was bound', () => {
      const value = cipher.encrypt('13812345678');
      expectCode(() => cipher.decrypt(value, 'household:42:phone'), 'FIELD_CIPHER_TAMPERED');
    });
  });

  describe('malformed values', () => {
    const good = cipher.encrypt('x');
    it.each([
      ['plaintext', '13812345678'],
      ['empty', ''],
      ['too few parts', 'v1:k1:abc'],
      ['too many parts', `${good}:extra`],
      ['unknown version', withPart(good, 0, 'v2')],
      ['bad key id', withPart(good, 1, 'k 1')],
      ['empty key id', withPart(good, 1, '')],
      ['non-base64url iv', withPart(good, 2, 'not+base64/url')],
      ['padded iv', withPart(good, 2, `${good.split(':')[2]}=`)],
      ['short iv', withPart(good, 2, Buffer.alloc(8).toString('base64url'))],
      ['data shorter than the tag', withPart(good, 3, Buffer.alloc(15).toString('base64url'))],
      ['empty data', withPart(good, 3, '')],
      ['non-string', 42 as unknown as string],
    ])('rejects %s', (_label, value) => {
      expectCode(() => cipher.decrypt(value), 'FIELD_CIPHER_MALFORMED');
      expectCode(() => cipher.needsRotation(value), 'FIELD_CIPHER_MALFORMED');
    });

    it('reports an unknown key id', () => {
      const otherCipher = cipherWith('k9', { k9: key2 });
      const error = expectCode(() => cipher.decrypt(otherCipher.encrypt('x')), 'FIELD_CIPHER_UNKNOWN_KEY');
      expect(error.message).toContain('k9');
    });

    it('isEncrypted recognises the format', () => {
      expect(FieldCipher.isEncrypted(good)).toBe(true);
      expect(FieldCipher.isEncrypted('13812345678')).toBe(false);
      expect(FieldCipher.isEncrypted(null)).toBe(false);
    });
  });

  describe('key rotation', () => {
    const old = cipherWith('k1', { k1: key1 });
    const rotated = cipherWith('k2', { k1: key1, k2: key2 });

    it('decrypts values under retired keys and flags them for rotation', () => {
      const legacy = old.encrypt('41010619800101123X');
      expect(rotated.decrypt(legacy)).toBe('41010619800101123X');
      expect(rotated.keyIdOf(legacy)).toBe('k1');
      expect(rotated.needsRotation(legacy)).toBe(true);
      expect(old.needsRotation(legacy)).toBe(false);
    });

    it('re-encrypts under the active key', () => {
      const legacy = old.encrypt('41010619800101123X');
      const fresh = rotated.reencrypt(legacy);
      expect(fresh.startsWith('v1:k2:')).toBe(true);
      expect(rotated.needsRotation(fresh)).toBe(false);
      expect(rotated.decrypt(fresh)).toBe('41010619800101123X');
      // The old-key-only cipher cannot read it any more.
      expectCode(() => old.decrypt(fresh), 'FIELD_CIPHER_UNKNOWN_KEY');
    });

    it('keeps the aad binding across re-encryption', () => {
      const legacy = old.encrypt('13812345678', 'person:7:phone');
      expectCode(() => rotated.reencrypt(legacy), 'FIELD_CIPHER_TAMPERED');
      const fresh = rotated.reencrypt(legacy, 'person:7:phone');
      expect(rotated.decrypt(fresh, 'person:7:phone')).toBe('13812345678');
      expectCode(() => rotated.decrypt(fresh), 'FIELD_CIPHER_TAMPERED');
    });

    it('is idempotent for values already under the active key', () => {
      const current = rotated.encrypt('abc');
      expect(rotated.reencrypt(current)).toBe(current);
    });

    it('refuses to re-encrypt a tampered value', () => {
      const legacy = old.encrypt('abc');
      expectCode(() => rotated.reencrypt(flipByte(legacy, 3, 0)), 'FIELD_CIPHER_TAMPERED');
      const current = rotated.encrypt('abc');
      expectCode(() => rotated.reencrypt(flipByte(current, 3, 0)), 'FIELD_CIPHER_TAMPERED');
    });

    it('fails with UNKNOWN_KEY once a retired key is removed', () => {
      const legacy = old.encrypt('abc');
      const pruned = cipherWith('k2', { k2: key2 });
      expectCode(() => pruned.decrypt(legacy), 'FIELD_CIPHER_UNKNOWN_KEY');
      expect(pruned.needsRotation(legacy)).toBe(true);
    });
  });

  describe('blind index', () => {
    it('is 64 hex chars and stable across instances sharing the blind index key', () => {
      const a = cipherWith('k1', { k1: key1 });
      const b = cipherWith('k2', { k2: key2 }, Buffer.alloc(32, 9));
      const index = a.blindIndex('11010519491231002X', 'citizen_id');
      expect(index).toMatch(/^[0-9a-f]{64}$/);
      expect(b.blindIndex('11010519491231002X', 'citizen_id')).toBe(index);
    });

    it('matches HMAC-SHA256(domain || 0x00 || normalised plaintext)', () => {
      const expected = createHmac('sha256', blindKey).update('phone\u000013812345678').digest('hex');
      expect(cipher.blindIndex('13812345678', 'phone')).toBe(expected);
    });

    it('separates domains', () => {
      expect(cipher.blindIndex('6222021234567890123', 'bank_account')).not.toBe(
        cipher.blindIndex('6222021234567890123', 'phone'),
      );
      expect(cipher.blindIndex('13812345678', 'citizen_id')).not.toBe(cipher.blindIndex('13812345678', 'phone'));
    });

    it('depends on the blind index key', () => {
      const other = cipherWith('k1', { k1: key1 }, Buffer.alloc(32, 8));
      expect(other.blindIndex('13812345678', 'phone')).not.toBe(cipher.blindIndex('13812345678', 'phone'));
    });

    it('differs for different plaintexts', () => {
      expect(cipher.blindIndex('13812345678', 'phone')).not.toBe(cipher.blindIndex('13812345679', 'phone'));
    });

    it('normalises case, whitespace and full-width characters', () => {
      const canonical = cipher.blindIndex('11010519491231002X', 'citizen_id');
      expect(cipher.blindIndex('11010519491231002x', 'citizen_id')).toBe(canonical);
      expect(cipher.blindIndex('  110105 19491231 002X\n', 'citizen_id')).toBe(canonical);
      expect(cipher.blindIndex('１１０１０５１９４９１２３１００２ｘ', 'citizen_id')).toBe(canonical);
      expect(normalizeForBlindIndex(' ａｂ c ')).toBe('ABC');
    });

    it('is not the encryption key in disguise (blind index differs from the one under an encryption key)', () => {
      const viaEncryptionKey = createHmac('sha256', key1).update('phone\u000013812345678').digest('hex');
      expect(cipher.blindIndex('13812345678', 'phone')).not.toBe(viaEncryptionKey);
    });

    it.each(['', 'has space', 'nul\u0000byte', 'x'.repeat(65)])('rejects invalid domain %j', (domain) => {
      expectCode(() => cipher.blindIndex('13812345678', domain), 'FIELD_CIPHER_INVALID_INPUT');
    });

    it('rejects empty plaintext', () => {
      expectCode(() => cipher.blindIndex('   ', 'phone'), 'FIELD_CIPHER_INVALID_INPUT');
    });
  });

  describe('construction', () => {
    it('rejects keys that are not 32 bytes', () => {
      const error = expectCode(() => cipherWith('k1', { k1: Buffer.alloc(16, 1) }), 'FIELD_CIPHER_INVALID_KEYRING');
      expect(error.message).toContain('16 bytes');
    });

    it('rejects a missing active key', () => {
      expectCode(() => cipherWith('k3', { k1: key1 }), 'FIELD_CIPHER_INVALID_KEYRING');
    });

    it('rejects an empty keyring', () => {
      expectCode(() => cipherWith('k1', {}), 'FIELD_CIPHER_INVALID_KEYRING');
    });

    it('rejects key ids that cannot be stored in the format', () => {
      expectCode(() => cipherWith('a:b', { 'a:b': key1 }), 'FIELD_CIPHER_INVALID_KEYRING');
    });

    it('rejects a bad blind index key, and one equal to an encryption key', () => {
      expectCode(() => cipherWith('k1', { k1: key1 }, Buffer.alloc(31)), 'FIELD_CIPHER_INVALID_KEYRING');
      expectCode(() => cipherWith('k1', { k1: key1 }, Buffer.from(key1)), 'FIELD_CIPHER_INVALID_KEYRING');
    });

    it('copies key material so later mutation of caller buffers has no effect', () => {
      const mutable = Buffer.alloc(32, 5);
      const c = cipherWith('k1', { k1: mutable });
      const value = c.encrypt('abc');
      mutable.fill(0);
      expect(c.decrypt(value)).toBe('abc');
    });

    it('does not expose key material through inspect or JSON', () => {
      const secret = randomBytes(32);
      const c = cipherWith('k1', { k1: secret });
      const dumped = `${inspect(c, { showHidden: true, depth: 10 })}${JSON.stringify(c)}`;
      expect(dumped).not.toContain(secret.toString('hex'));
      expect(dumped).not.toContain(secret.toString('base64'));
      expect(dumped).not.toMatch(/Buffer|<Buffer/);
      expect(c.activeKeyId).toBe('k1');
    });
  });
});

describe('parseKeyring', () => {
  const b64a = randomBytes(32).toString('base64');
  const b64b = randomBytes(32).toString('base64url');

  it('parses id:base64 pairs (base64 or base64url, whitespace and trailing comma tolerated)', () => {
    const keyring = parseKeyring(` k2024:${b64a} , k2025:${b64b},`, ' k2025 ');
    expect(keyring.activeKeyId).toBe('k2025');
    expect(Object.keys(keyring.keys)).toEqual(['k2024', 'k2025']);
    expect(keyring.keys.k2024!.equals(Buffer.from(b64a, 'base64'))).toBe(true);
    expect(keyring.keys.k2025!.equals(Buffer.from(b64b, 'base64url'))).toBe(true);
    // and it is usable
    const c = new FieldCipher(keyring, randomBytes(32));
    expect(c.decrypt(c.encrypt('ok'))).toBe('ok');
  });

  it('names the key and the length problem without printing the key', () => {
    const short = randomBytes(16).toString('base64');
    const error = expectCode(() => parseKeyring(`good:${b64a},weak:${short}`, 'good'), 'FIELD_CIPHER_INVALID_KEYRING');
    expect(error.message).toContain('"weak"');
    expect(error.message).toContain('32 bytes');
    expect(error.message).toContain('16 bytes');
    expect(error.message).not.toContain(short);
    expect(error.message).not.toContain(b64a);
  });

  it.each([
    ['empty spec', '', 'k1', 'empty'],
    ['only commas', ' , ,', 'k1', 'empty'],
    ['entry without id', `${'A'.repeat(43)}=`, 'k1', 'entry #1'],
    ['entry starting with colon', `:${'A'.repeat(43)}=`, 'k1', 'entry #1'],
    ['invalid base64', 'k1:not base64!!', 'k1', 'base64'],
    ['invalid key id', `k 1:${'A'.repeat(43)}=`, 'k1', 'key id is invalid'],
    ['duplicate id', `k1:${'A'.repeat(43)}=,k1:${'B'.repeat(43)}=`, 'k1', 'duplicated'],
    ['missing active id', `k1:${'A'.repeat(43)}=`, '', 'not set'],
    ['unknown active id', `k1:${'A'.repeat(43)}=`, 'k2', '"k2" is not in the key list'],
  ])('rejects %s', (_label, spec, active, fragment) => {
    const error = expectCode(() => parseKeyring(spec, active), 'FIELD_CIPHER_INVALID_KEYRING');
    expect(error.message).toContain(fragment);
    expect(error.message).not.toContain('A'.repeat(20));
  });

  it('does not echo a key pasted in place of the active id', () => {
    const error = expectCode(() => parseKeyring(`k1:${b64a}`, b64b), 'FIELD_CIPHER_INVALID_KEYRING');
    expect(error.message).not.toContain(b64b);
    expect(error.message).toContain('k1');
  });
});

describe('parseBlindIndexKey', () => {
  it('decodes a 32-byte base64 key', () => {
    const key = randomBytes(32);
    expect(parseBlindIndexKey(key.toString('base64')).equals(key)).toBe(true);
  });

  it('rejects wrong lengths without printing the key', () => {
    const short = randomBytes(24).toString('base64');
    const error = expectCode(() => parseBlindIndexKey(short), 'FIELD_CIPHER_INVALID_KEYRING');
    expect(error.message).toContain('24 bytes');
    expect(error.message).not.toContain(short);
  });

  it('rejects a missing key', () => {
    expectCode(() => parseBlindIndexKey(undefined as unknown as string), 'FIELD_CIPHER_INVALID_KEYRING');
    expectCode(() => parseBlindIndexKey(''), 'FIELD_CIPHER_INVALID_KEYRING');
  });
});
