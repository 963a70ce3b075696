import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FieldCipher, FieldCipherError, parseBlindIndexKey, parseKeyring } from '../common/crypto/field-cipher';
import { AppConfig, ConfigError } from './app-config';

/** Key material the service needs, resolved once at start. Never logged. */
export interface Secrets {
  jwtSecret: string;
  cipher: FieldCipher;
  auditChain: AuditChainKeyring;
}

/** One key of the audit hash chain: its id (stored on each row) and the HMAC-SHA256 key. */
export interface AuditChainKey {
  id: string;
  secret: Buffer;
}

/** The key that signs new audit rows and checkpoints, and every key that still verifies old ones. */
export interface AuditChainKeyring {
  active: AuditChainKey;
  byId: ReadonlyMap<string, Buffer>;
}

const AUDIT_KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const AUDIT_KEY_MIN_BYTES = 32;

/**
 * `AUDIT_CHAIN_KEY`: `id:base64key[,id:base64key…]`, 32 bytes or more each. The first key signs
 * new rows and checkpoints; the others only verify rows signed before a rotation. Errors name
 * the entry, never the key material.
 */
export function parseAuditChainKeys(spec: string): AuditChainKeyring {
  const entries = spec.split(',').map((e) => e.trim()).filter(Boolean);
  if (!entries.length) throw new ConfigError('AUDIT_CHAIN_KEY', 'is empty (id:base64key[,id:base64key…])');
  const byId = new Map<string, Buffer>();
  let active: AuditChainKey | undefined;
  entries.forEach((entry, i) => {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    if (!AUDIT_KEY_ID.test(id)) {
      throw new ConfigError('AUDIT_CHAIN_KEY', `entry #${i + 1} must look like "<id>:<base64 key>" with an id of 1-16 characters A-Z a-z 0-9 _ -`);
    }
    if (byId.has(id)) throw new ConfigError('AUDIT_CHAIN_KEY', `key id "${id}" is duplicated`);
    const text = entry.slice(at + 1).trim();
    const secret = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : Buffer.alloc(0);
    if (secret.length < AUDIT_KEY_MIN_BYTES) {
      throw new ConfigError('AUDIT_CHAIN_KEY', `key "${id}" must be base64 of at least ${AUDIT_KEY_MIN_BYTES} random bytes (npm run secrets:generate)`);
    }
    byId.set(id, secret);
    active ??= { id, secret };
  });
  return { active: active!, byId };
}

export const SECRETS = Symbol('SECRETS');

interface StoredSecrets {
  jwtSecret: string;
  fieldKeys: string;
  fieldKeyActive: string;
  blindIndexKey: string;
  /** Added later: a secrets.json written before it has none until the next start adds one. */
  auditChainKey?: string;
}

function generate(): Required<StoredSecrets> {
  return {
    jwtSecret: randomBytes(48).toString('base64url'),
    fieldKeys: `k1:${randomBytes(32).toString('base64')}`,
    fieldKeyActive: 'k1',
    blindIndexKey: randomBytes(32).toString('base64'),
    auditChainKey: generateAuditChainKey(),
  };
}

function generateAuditChainKey(): string {
  return `a1:${randomBytes(32).toString('base64')}`;
}

/**
 * On a PostgreSQL server the keys come from configuration (JWT_SECRET, FIELD_KEYS,
 * FIELD_KEY_ACTIVE, BLIND_INDEX_KEY, AUDIT_CHAIN_KEY) and are required: losing them loses the
 * personal data (or the proof that the audit trail is intact).
 * With the embedded database they may be left out: they are generated on first start and kept
 * in DATA_DIR/secrets.json (mode 600) beside the data they protect; an in-memory database
 * (tests) gets fresh ones.
 */
export function resolveSecrets(config: AppConfig, embedded: { persistent: boolean } | undefined): Secrets {
  let stored: StoredSecrets | undefined;
  const anyMissing = !config.auth.jwtSecret || !config.fieldKeys || !config.fieldKeyActive || !config.blindIndexKey || !config.auditChainKey;
  if (anyMissing && embedded) {
    if (embedded.persistent) {
      const dir = resolve(config.dataDir);
      const file = join(dir, 'secrets.json');
      if (existsSync(file)) {
        stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
        if (!stored.auditChainKey) {
          // A data directory from before the keyed audit chain: add its key, keep the others.
          stored = { ...stored, auditChainKey: generateAuditChainKey() };
          writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
        }
      } else {
        stored = generate();
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
      }
    } else {
      stored = generate();
    }
  }
  const jwtSecret = config.auth.jwtSecret ?? stored?.jwtSecret;
  const fieldKeys = config.fieldKeys ?? stored?.fieldKeys;
  const fieldKeyActive = config.fieldKeyActive ?? stored?.fieldKeyActive;
  const blindIndexKey = config.blindIndexKey ?? stored?.blindIndexKey;
  const auditChainKey = config.auditChainKey ?? stored?.auditChainKey;
  if (!jwtSecret) throw new ConfigError('JWT_SECRET', 'is required with DATABASE_URL (at least 32 random characters)');
  if (!fieldKeys) throw new ConfigError('FIELD_KEYS', 'is required with DATABASE_URL (id:base64key[,id:base64key…])');
  if (!fieldKeyActive) throw new ConfigError('FIELD_KEY_ACTIVE', 'is required with DATABASE_URL (the id of the key that encrypts)');
  if (!blindIndexKey) throw new ConfigError('BLIND_INDEX_KEY', 'is required with DATABASE_URL (32 random bytes, base64)');
  if (!auditChainKey) throw new ConfigError('AUDIT_CHAIN_KEY', 'is required with DATABASE_URL (id:base64key, 32 random bytes; npm run secrets:generate)');
  const auditChain = parseAuditChainKeys(auditChainKey);
  try {
    const cipher = new FieldCipher(parseKeyring(fieldKeys, fieldKeyActive), parseBlindIndexKey(blindIndexKey));
    return { jwtSecret, cipher, auditChain };
  } catch (e) {
    if (e instanceof FieldCipherError) {
      const variable = /blind/i.test(e.message) ? 'BLIND_INDEX_KEY' : /active/i.test(e.message) ? 'FIELD_KEY_ACTIVE' : 'FIELD_KEYS';
      throw new ConfigError(variable, e.message);
    }
    throw e;
  }
}

/** Fresh key material as environment variables, for `npm run secrets:generate`. */
export function generateSecretsEnv(): string {
  const s = generate();
  return [
    `JWT_SECRET=${s.jwtSecret}`,
    `FIELD_KEYS=${s.fieldKeys}`,
    `FIELD_KEY_ACTIVE=${s.fieldKeyActive}`,
    `BLIND_INDEX_KEY=${s.blindIndexKey}`,
    `AUDIT_CHAIN_KEY=${s.auditChainKey}`,
  ].join('\n');
}
