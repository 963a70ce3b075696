import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';
import { generateSecretsEnv, parseAuditChainKeys, resolveSecrets } from './secrets';

const env = () => Object.fromEntries(generateSecretsEnv().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));

describe('AUDIT_CHAIN_KEY', () => {
  it('secrets:generate prints one, and a server needs it', () => {
    const generated = env();
    expect(generated.AUDIT_CHAIN_KEY).toMatch(/^a1:[A-Za-z0-9+/]{43}=$/);
    const { AUDIT_CHAIN_KEY: _omitted, ...rest } = generated;
    const config = loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/db', ...rest });
    expect(() => resolveSecrets(config, undefined)).toThrow(ConfigError);
    expect(() => resolveSecrets(config, undefined)).toThrow(/AUDIT_CHAIN_KEY is required with DATABASE_URL/);
    const secrets = resolveSecrets(loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/db', ...generated }), undefined);
    expect(secrets.auditChain.active.id).toBe('a1');
  });

  it('the first key signs, the others verify; bad entries are refused naming the variable, never the key', () => {
    const k = (b: number) => Buffer.alloc(32, b).toString('base64');
    const ring = parseAuditChainKeys(`a2:${k(2)}, a1:${k(1)}`);
    expect(ring.active).toEqual({ id: 'a2', secret: Buffer.alloc(32, 2) });
    expect([...ring.byId.keys()]).toEqual(['a2', 'a1']);
    const short = Buffer.alloc(16, 7).toString('base64');
    for (const [spec, message] of [
      ['', /is empty/],
      [`${k(1)}`, /entry #1 must look like/],
      [`a-very-long-key-id-x:${k(1)}`, /entry #1 must look like/],
      [`a1:${k(1)},a1:${k(2)}`, /"a1" is duplicated/],
      [`a1:${short}`, /key "a1" must be base64 of at least 32 random bytes/],
      ['a1:not base64!', /key "a1" must be base64/],
    ] as const) {
      let error: unknown;
      try {
        parseAuditChainKeys(spec);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('AUDIT_CHAIN_KEY');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(short);
    }
  });

  it('an embedded data directory from before the keyed chain gets a key added to secrets.json, the other keys kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jzfp-secrets-'));
    try {
      const file = join(dir, 'secrets.json');
      const generated = env();
      const old = { jwtSecret: generated.JWT_SECRET, fieldKeys: generated.FIELD_KEYS, fieldKeyActive: 'k1', blindIndexKey: generated.BLIND_INDEX_KEY };
      writeFileSync(file, JSON.stringify(old), { mode: 0o600 });
      const secrets = resolveSecrets(loadConfig({ DATA_DIR: dir }), { persistent: true });
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      expect(stored).toMatchObject(old);
      expect(stored.auditChainKey).toMatch(/^a1:/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(secrets.auditChain.active.secret).toEqual(parseAuditChainKeys(stored.auditChainKey).active.secret);
      // The next start reads the same key.
      expect(resolveSecrets(loadConfig({ DATA_DIR: dir }), { persistent: true }).auditChain.active.secret).toEqual(secrets.auditChain.active.secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
