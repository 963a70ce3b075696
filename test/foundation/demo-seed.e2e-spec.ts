import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { seedDemoWanted } from '../../src/demo/seed';
import { FIRST_HEAD_REASON } from '../../src/households/household-event.entity';
import { login } from '../support/auth';
import { assertBuilt, cleanupSpawned, spawnService } from '../support/spawn-service';
import { startTestApp, TestApp } from '../support/test-app';
import { usingServer } from '../support/test-database';

/**
 * Issue #10, items 15 and 21: demo data never in production; with SEED_DEMO=true (a server
 * included) the start runs regions → bootstrap administrator → demo registry and accounts, and
 * the demo password is kept in DATA_DIR/demo-accounts.txt wherever the database is.
 */

const BOOTSTRAP = {
  BOOTSTRAP_ADMIN_USERNAME: 'chief',
  BOOTSTRAP_ADMIN_PASSWORD: 'Bootstrap-Passw0rd!',
  BOOTSTRAP_ADMIN_REGION: '410106000000',
};

describe('demo seed', () => {
  afterAll(() => cleanupSpawned());

  describe('in production (item 15)', () => {
    it('SEED_DEMO=true is a configuration error naming the variable', () => {
      expect(() => loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toThrow(/SEED_DEMO.*NODE_ENV=production/);
      expect(() => loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'true' })).not.toThrow();
      expect(() => loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'false' })).not.toThrow();
    });

    it('`auto` seeds only an embedded database outside production', () => {
      const wanted = (env: Record<string, string>) => seedDemoWanted(loadConfig(env));
      expect(wanted({ NODE_ENV: 'development' })).toBe(true);
      expect(wanted({ NODE_ENV: 'production' })).toBe(false);
      expect(wanted({ NODE_ENV: 'development', DATABASE_URL: 'postgres://x@127.0.0.1/x' })).toBe(false);
      expect(wanted({ NODE_ENV: 'development', DATABASE_URL: 'postgres://x@127.0.0.1/x', SEED_DEMO: 'true' })).toBe(true);
      expect(wanted({ NODE_ENV: 'development', SEED_DEMO: 'false' })).toBe(false);
    });

    it('the service refuses to start, with one line naming SEED_DEMO', async () => {
      assertBuilt();
      const svc = await spawnService({ env: { NODE_ENV: 'production', SEED_DEMO: 'true' } });
      expect(await svc.exited).toEqual({ code: 1, signal: null });
      expect(svc.stderrLines()).toHaveLength(1);
      expect(svc.stderr()).toMatch(/^Cannot start: .*SEED_DEMO.*NODE_ENV=production/);
      expect(svc.stdout()).toBe('');
    });
  });

  describe(`SEED_DEMO=true with BOOTSTRAP_ADMIN_* on ${usingServer() ? 'a PostgreSQL server' : 'the embedded database'} (item 21)`, () => {
    let t: TestApp;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = join(mkdtempSync(join(tmpdir(), 'jzfp-demo-')), 'data'); // not there yet: the seed makes it
      t = await startTestApp({ SEED_DEMO: 'true', SEED_DEMO_HOUSEHOLDS: '4', DATA_DIR: dataDir, ...BOOTSTRAP });
    });
    afterAll(async () => {
      await t?.close();
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    });

    it('creates the bootstrap administrator (the division list is loaded first), then the demo accounts', async () => {
      const chief = await login(t, BOOTSTRAP.BOOTSTRAP_ADMIN_USERNAME, BOOTSTRAP.BOOTSTRAP_ADMIN_PASSWORD);
      const me = await t.gql<{ user: { username: string; roles: string[] } }>(`query($id: String!) { user(id: $id) { username roles } }`, { id: chief.userId }, chief.headers);
      expect(me.body.data?.user).toEqual({ username: 'chief', roles: ['DISTRICT_ADMIN'] });

      const text = readFileSync(join(dataDir, 'demo-accounts.txt'), 'utf8');
      const password = /Password of each: (\S+)/.exec(text)?.[1];
      expect(password).toBeDefined();
      for (const username of ['admin', 'district', 'xiawo', 'auditor']) await login(t, username, password);
    });

    it('keeps the demo password in DATA_DIR/demo-accounts.txt, readable by the owner only', () => {
      expect(statSync(join(dataDir, 'demo-accounts.txt')).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o077).toBe(0);
    });

    it('generates SEED_DEMO_HOUSEHOLDS households', async () => {
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM households`);
      expect(row.n).toBe(4);
    });

    it('gives each demo household its head history: the first head’s HEAD_CHANGED event from the day they joined, as creating a household does (issue #10)', async () => {
      const rows: { head: string; joined_on: string; events: { member_id: string; on: string; step: string | null; reason: string }[] }[] = await t.dataSource.query(
        `SELECT h.head_member_id AS head, m.joined_on::text AS joined_on,
                (SELECT coalesce(json_agg(json_build_object('member_id', e.member_id, 'on', e.effective_on::text, 'step', e.step, 'reason', e.reason)), '[]')
                   FROM household_events e WHERE e.household_id = h.id AND e.kind = 'HEAD_CHANGED') AS events
           FROM households h JOIN members m ON m.id = h.head_member_id`,
      );
      expect(rows).toHaveLength(4);
      for (const r of rows) expect(r.events).toEqual([{ member_id: r.head, on: r.joined_on, step: null, reason: FIRST_HEAD_REASON }]);
    });
  });

  it('without the division list, the start says why the bootstrap administrator cannot be created', async () => {
    await expect(startTestApp({ SEED_DEMO: 'false', ...BOOTSTRAP })).rejects.toThrow(/BOOTSTRAP_ADMIN_REGION 410106000000 .*regions:import/);
  });
});
