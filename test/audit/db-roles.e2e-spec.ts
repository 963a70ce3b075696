import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditVerifier } from '../../src/audit/audit-verifier';
import { RunningService, startService } from '../../src/bootstrap';
import { Role } from '../../src/common/access/permissions';
import { loadConfig } from '../../src/config/app-config';
import { generateSecretsEnv } from '../../src/config/secrets';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ENTITIES } from '../../src/app.entities';
import { runMigrations } from '../../src/database/migrate';
import { DEMO_REGIONS_FILE } from '../../src/demo/seed';
import { createAccountsAsSystem } from '../../src/identity/bootstrap-admin';
import { RegionsService } from '../../src/regions/regions.service';
import { createTestDatabase, holdServerLock, TestDatabase, usingServer } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const ROLES_SQL = join(ROOT, 'deploy', 'postgres', 'roles.sql');
const secrets = Object.fromEntries(generateSecretsEnv().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));

describe('docker-compose.yml runs the migrations as the owner and the service as jzfp_app, with every key', () => {
  const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

  it('passes every key secrets:generate prints to both containers (one anchor merged into both), required', () => {
    const anchor = /^x-keys: &keys\n((?: {2}.+\n)+)/m.exec(compose);
    expect(anchor).not.toBeNull();
    for (const name of Object.keys(secrets)) expect(anchor![1]).toContain(`  ${name}: \${${name}:?`);
    const services = compose.slice(compose.indexOf('\nservices:'));
    const section = (name: string) => {
      const start = services.indexOf(`\n  ${name}:\n`);
      const rest = services.slice(start + 1);
      const end = rest.search(/\n {2}\w+:\n|\n\w/);
      return rest.slice(0, end);
    };
    const migrate = section('migrate');
    const app = section('app');
    expect(migrate).toContain('<<: *keys');
    expect(migrate).toContain('postgres://jzfp_owner:');
    expect(migrate).toContain('"dist/scripts/migrate.js", "run"');
    expect(app).toContain('<<: *keys');
    expect(app).toContain('postgres://jzfp_app:');
    expect(app).toContain('MIGRATIONS_RUN: "false"');
    expect(app).toMatch(/condition: service_completed_successfully/);
    expect(app).toContain('AUDIT_CHECKPOINT_FILE:');
    expect(section('db')).toContain('./deploy/postgres/roles.sql:/docker-entrypoint-initdb.d/');
  });
});

// Roles are a server's: the embedded database has a single user. This part runs with TEST_DATABASE_URL.
(usingServer() ? describe : describe.skip)('deploy/postgres/roles.sql on a PostgreSQL server', () => {
  let db: TestDatabase;
  let service: RunningService | undefined;
  let releaseRoles: (() => Promise<void>) | undefined;
  const passwords = { owner: randomBytes(12).toString('hex'), app: randomBytes(12).toString('hex') };
  const as = (user: 'jzfp_owner' | 'jzfp_app') => {
    const url = new URL(db.url);
    url.username = user;
    url.password = user === 'jzfp_owner' ? passwords.owner : passwords.app;
    return url.toString();
  };
  const psql = (env: Record<string, string>) =>
    spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db.url, '-f', ROLES_SQL], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const roleEnv = () => ({ JZFP_OWNER_PASSWORD: passwords.owner, JZFP_APP_PASSWORD: passwords.app });

  beforeAll(async () => {
    // jzfp_owner and jzfp_app are the server's, not this database's: another run of the suite on
    // the same server would create them at the same moment, or set other passwords, under this one.
    releaseRoles = await holdServerLock('roles');
    db = await createTestDatabase({ empty: true });
  }, 600_000);
  afterAll(async () => {
    try {
      await service?.close();
      await db?.drop();
    } finally {
      await releaseRoles?.();
    }
  });

  async function asApp<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: as('jzfp_app') });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  it('refuses to run without the two passwords', () => {
    const unset = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db.url, '-f', ROLES_SQL], {
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JZFP_'))) as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toContain('set JZFP_OWNER_PASSWORD and JZFP_APP_PASSWORD');
  });

  it('creates the roles; the owner runs the migrations; the service runs as jzfp_app and writes a verifiable trail', async () => {
    const run = psql(roleEnv());
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const owner = new DataSource(dataSourceOptions({ url: as('jzfp_owner'), poolSize: 2, embedded: false, entities: ENTITIES }));
    await owner.initialize();
    try {
      expect((await runMigrations(owner)).length).toBeGreaterThan(0);
      const [{ tableowner }] = await owner.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'`);
      expect(tableowner).toBe('jzfp_owner');
    } finally {
      await owner.destroy();
    }

    service = await startService(
      loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', SEED_DEMO: 'false', DB_POOL_SIZE: '4', PASSWORD_HASH_COST: '10',
        IMPORT_WORKER_ENABLED: 'false', WEBHOOKS_ENABLED: 'false', DATABASE_URL: as('jzfp_app'), MIGRATIONS_RUN: 'false', ...secrets }),
    );
    await service.app.get(RegionsService).importCsvAsSystem(readFileSync(join(ROOT, DEMO_REGIONS_FILE)));
    await createAccountsAsSystem(service.app, [{ username: 'admin-roles', displayName: 'admin', password: 'Roles-Passw0rd!', regionCode: '410106000000', roles: [Role.DISTRICT_ADMIN] }]);
    const login = await request(`http://127.0.0.1:${service.port}`)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: 'mutation { login(input: { username: "admin-roles", password: "Roles-Passw0rd!" }) { accessToken } }' });
    expect(login.body.data?.login?.accessToken).toEqual(expect.any(String));
    const report = await service.app.get(AuditVerifier).verify();
    expect(report).toMatchObject({ ok: true });
    expect(report.checked).toBeGreaterThan(0);
  });

  it('jzfp_app may read and append to audit_log, but not UPDATE, DELETE or TRUNCATE it, nor turn its trigger off', async () => {
    await asApp(async (c) => {
      expect(Number((await c.query('SELECT count(*) AS n FROM audit_log')).rows[0].n)).toBeGreaterThan(0);
      for (const sql of ['UPDATE audit_log SET reason = NULL', 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
        await expect(c.query(sql)).rejects.toMatchObject({ code: '42501', message: 'permission denied for table audit_log' });
      }
      await expect(c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')).rejects.toMatchObject({ code: '42501', message: 'must be owner of table audit_log' });
      await expect(c.query('CREATE TABLE sneaky (x int)')).rejects.toMatchObject({ code: '42501' });
      // The registry's own tables are the service's to change.
      await c.query('UPDATE regions SET name = name');
    });
  });

  it('running roles.sql again on the migrated database changes nothing that matters (idempotent)', async () => {
    const again = psql(roleEnv());
    expect(again.status).toBe(0);
    await asApp(async (c) => {
      await expect(c.query('DELETE FROM audit_log')).rejects.toMatchObject({ code: '42501' });
      await c.query('SELECT 1 FROM households LIMIT 1');
    });
  });
});
