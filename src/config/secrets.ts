import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FieldCipher, FieldCipherError, parseBlindIndexKey, parseKeyring } from '../common/crypto/field-cipher';
import { AppConfig, ConfigError } from './app-config';

/** Key material the service needs, resolved once at start. Never logged. */
export interface Secrets {
  jwtSecret: string;
  cipher: FieldCipher;
}

export const SECRETS = Symbol('SECRETS');

interface StoredSecrets {
  jwtSecret: string;
  fieldKeys: string;
  fieldKeyActive: string;
  blindIndexKey: string;
}

function generate(): StoredSecrets {
  return {
    jwtSecret: randomBytes(48).toString('base64url'),
    fieldKeys: `k1:${randomBytes(32).toString('base64')}`,
    fieldKeyActive: 'k1',
    blindIndexKey: randomBytes(32).toString('base64'),
  };
}

/**
 * On a PostgreSQL server the keys come from configuration (JWT_SECRET, FIELD_KEYS,
 * FIELD_KEY_ACTIVE, BLIND_INDEX_KEY) and are required: losing them loses the personal data.
 * With the embedded database they may be left out: they are generated on first start and kept
 * in DATA_DIR/secrets.json (mode 600) beside the data they protect; an in-memory database
 * (tests) gets fresh ones.
 */
export function resolveSecrets(config: AppConfig, embedded: { persistent: boolean } | undefined): Secrets {
  let stored: StoredSecrets | undefined;
  const anyMissing = !config.auth.jwtSecret || !config.fieldKeys || !config.fieldKeyActive || !config.blindIndexKey;
  if (anyMissing && embedded) {
    if (embedded.persistent) {
      const dir = resolve(config.dataDir);
      const file = join(dir, 'secrets.json');
      if (existsSync(file)) {
        stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
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
  if (!jwtSecret) throw new ConfigError('JWT_SECRET', 'is required with DATABASE_URL (at least 32 random characters)');
  if (!fieldKeys) throw new ConfigError('FIELD_KEYS', 'is required with DATABASE_URL (id:base64key[,id:base64key…])');
  if (!fieldKeyActive) throw new ConfigError('FIELD_KEY_ACTIVE', 'is required with DATABASE_URL (the id of the key that encrypts)');
  if (!blindIndexKey) throw new ConfigError('BLIND_INDEX_KEY', 'is required with DATABASE_URL (32 random bytes, base64)');
  try {
    const cipher = new FieldCipher(parseKeyring(fieldKeys, fieldKeyActive), parseBlindIndexKey(blindIndexKey));
    return { jwtSecret, cipher };
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
  ].join('\n');
}
