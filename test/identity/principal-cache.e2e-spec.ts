import { Client } from 'pg';
import { Role } from '../../src/common/access/permissions';
import { PrincipalCache } from '../../src/identity/principal-cache';
import { loadRegions, R, signIn } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-for';

const VIEWER = `{ viewer { name roles } }`;
const onServer = !!process.env.TEST_DATABASE_URL;

/**
 * Principals kept between requests (src/identity/principal-cache.ts): on a PostgreSQL server
 * while the service listens to `principal_changed`; on the embedded database while the service's
 * own connection is the only one (its one session's notifications come to the connection that
 * committed). Whatever is kept, a change is seen: by this instance's next request when it made
 * it, within moments of its commit when made by SQL (or another instance, or another connection).
 */
describe('principal cache', () => {
  let t: TestApp;
  let cache: PrincipalCache;

  beforeAll(async () => {
    t = await startTestApp();
    cache = t.get(PrincipalCache);
    await loadRegions(t);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  const viewer = async (headers: Record<string, string>) => countQueries(() => t.gql<{ viewer: { name: string; roles: string[] } }>(VIEWER, {}, headers));

  describe('on either database', () => {
    beforeAll(async () => {
      await waitUntil('the principal listener is listening', () => cache.active);
    });

    it('reads a sign-in\'s principal once, then answers from what it keeps', async () => {
      const u = await signIn(t, Role.TOWN_OFFICER, R.town);
      const first = await viewer(u.headers);
      expect(first.principal).toHaveLength(1);
      const second = await viewer(u.headers);
      expect(second.result.body.data).toEqual({ viewer: { name: u.username, roles: ['TOWN_OFFICER'] } });
      expect(second.principal).toHaveLength(0);
    });

    it('sees its own changes on the next request: sign-out, disabling, roles', async () => {
      const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
      const u = await signIn(t, Role.TOWN_OFFICER, R.town);
      await viewer(u.headers);
      expect((await viewer(u.headers)).principal).toHaveLength(0);

      const out = await t.gql(`mutation { logout(input: {}) { revoked } }`, {}, u.headers);
      expect(out.body.errors).toBeUndefined();
      const ended = await t.gql(VIEWER, {}, u.headers);
      expect(ended.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });

      const v = await signIn(t, Role.TOWN_OFFICER, R.town);
      await viewer(v.headers);
      const version = (await t.dataSource.query(`SELECT version FROM users WHERE id = $1`, [v.userId]))[0].version as number;
      const disable = await t.gql(`mutation($id: String!, $v: Int!) { updateUser(input: { id: $id, version: $v, disabled: true }) { user { id } } }`, { id: v.userId, v: version }, admin.headers);
      expect(disable.body.errors).toBeUndefined();
      const refused = await t.gql(VIEWER, {}, v.headers);
      expect(refused.status).toBe(401);
    });

    it('sees a change made by SQL once its notification arrives, and never keeps a principal read before it', async () => {
      const u = await signIn(t, Role.TOWN_OFFICER, R.town);
      await viewer(u.headers);
      expect((await viewer(u.headers)).principal).toHaveLength(0);
      await t.dataSource.query(`UPDATE users SET roles = '{village_officer}' WHERE id = $1`, [u.userId]);
      await waitUntil('the role change is seen', async () => (await t.gql<{ viewer: { roles: string[] } }>(VIEWER, {}, u.headers)).body.data?.viewer.roles[0] === 'VILLAGE_OFFICER');
      // Kept again after the change, with the new roles.
      const again = await viewer(u.headers);
      expect(again.result.body.data?.viewer.roles).toEqual(['VILLAGE_OFFICER']);
      expect(again.principal).toHaveLength(0);

      await t.dataSource.query(`UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1`, [u.userId]);
      await waitUntil('the ended sign-in is seen', async () => (await t.gql(VIEWER, {}, u.headers)).status === 401);
    });

    it('keeps an API key\'s principal under its creator: the secret and expiry checked at every use, revocation and the creator\'s changes seen', async () => {
      const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
      const createKey = async (expiresAt?: string) =>
        (
          await t.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
            `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }`,
            { i: { name: 'cache test', scopes: ['HOUSEHOLDS_READ'], regionCode: R.district, ...(expiresAt ? { expiresAt } : {}) } },
            officer.headers,
          )
        ).body.data!.createApiKey;
      const key = await createKey();
      const asKey = (secret: string) => countQueries(() => t.gql<{ viewer: { kind: string } }>(`{ viewer { kind } }`, {}, { 'x-api-key': secret }));
      const first = await asKey(key.secret);
      expect(first.result.body.data?.viewer.kind).toBe('apiKey');
      expect(first.count).toBeGreaterThan(0);
      // The first use's last-use stamp is written after its answer, outside the request: on a busy
      // machine it can land while the second use is being counted. Wait for it, so that what is
      // counted is the second use's own.
      await waitUntil('the first use is recorded', async () => (await t.dataSource.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [key.apiKey.id]))[0].last_used_at !== null);
      const second = await asKey(key.secret);
      expect(second.result.body.data?.viewer.kind).toBe('apiKey');
      // Nothing read for the key, its creator or its last use (touched at most once a minute).
      expect(second.statements.filter((q) => /api_keys|"users"/.test(q))).toEqual([]);
      // A wrong secret with the same prefix is refused though its principal is kept.
      const forged = key.secret.slice(0, -1) + (key.secret.endsWith('A') ? 'B' : 'A');
      expect((await t.gql(`{ viewer { kind } }`, {}, { 'x-api-key': forged })).status).toBe(401);

      const revoking = await t.gql(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { revokedAt } } }`, { id: key.apiKey.id }, officer.headers);
      expect(revoking.body.errors).toBeUndefined();
      expect((await t.gql(`{ viewer { kind } }`, {}, { 'x-api-key': key.secret })).status).toBe(401);

      // Revoked by SQL, or the creator's account disabled by SQL: seen once notified.
      const other = await createKey();
      await asKey(other.secret);
      expect((await asKey(other.secret)).statements.filter((q) => /api_keys/.test(q))).toEqual([]);
      await t.dataSource.query(`UPDATE users SET disabled = true WHERE id = $1`, [officer.userId]);
      await waitUntil('the creator\'s disabling is seen by its key', async () => (await t.gql(`{ viewer { kind } }`, {}, { 'x-api-key': other.secret })).status === 401);
      await t.dataSource.query(`UPDATE users SET disabled = false WHERE id = $1`, [officer.userId]);
      await waitUntil('enabled again', async () => (await t.gql(`{ viewer { kind } }`, {}, { 'x-api-key': other.secret })).status === 200);
      await t.dataSource.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [other.apiKey.id]);
      await waitUntil('the revocation by SQL is seen', async () => (await t.gql(`{ viewer { kind } }`, {}, { 'x-api-key': other.secret })).status === 401);

      // A kept key's expiry is checked at every use.
      const shortLived = await createKey(new Date(Date.now() + 4000).toISOString());
      await asKey(shortLived.secret);
      await waitUntil('the kept key expires', async () => (await t.gql(`{ viewer { kind } }`, {}, { 'x-api-key': shortLived.secret })).status === 401);
    });

    it('forgets everyone on a change of a region\'s code or level', async () => {
      const u = await signIn(t, Role.TOWN_OFFICER, R.town);
      await viewer(u.headers);
      expect((await viewer(u.headers)).principal).toHaveLength(0);
      await t.dataSource.query(`UPDATE regions SET level = level WHERE code = $1`, [R.town]);
      await waitUntil('every principal forgotten', () => cache.size === 0);
      expect((await viewer(u.headers)).principal).toHaveLength(1);
      expect((await viewer(u.headers)).principal).toHaveLength(0);
    });

    (onServer ? it : it.skip)('on a server, forgets everyone when its listening connection is lost', async () => {
      const u = await signIn(t, Role.TOWN_OFFICER, R.town);
      await viewer(u.headers);
      expect((await viewer(u.headers)).principal).toHaveLength(0);

      const before: { pid: number }[] = await t.dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'jingzhun-fupin principal listener'`);
      expect(before).toHaveLength(1);
      await t.dataSource.query(`SELECT pg_terminate_backend($1)`, [before[0].pid]);
      await waitUntil('listening again on a new connection', async () => {
        const now: { pid: number }[] = await t.dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'jingzhun-fupin principal listener'`);
        return cache.active && now.length === 1 && now[0].pid !== before[0].pid;
      });
      // Nothing kept from before the loss: read again, then kept.
      expect((await viewer(u.headers)).principal).toHaveLength(1);
      expect((await viewer(u.headers)).principal).toHaveLength(0);
    });

    (onServer ? it.skip : it)('on the embedded database, keeps nothing while another connection is open, forgets everything when one opens, and sees a change made through it', async () => {
      const u = await signIn(t, Role.TOWN_OFFICER, R.town);
      await viewer(u.headers);
      expect((await viewer(u.headers)).principal).toHaveLength(0);
      const embedded = t.service.embedded!;
      const other = new Client({ connectionString: embedded.url });
      await other.connect();
      try {
        // Open beside the service's connection: nothing answered from what was kept, nothing kept.
        expect((await viewer(u.headers)).principal).toHaveLength(1);
        expect((await viewer(u.headers)).principal).toHaveLength(1);
        // A change through it notifies that connection, not the service's: still seen at once.
        await other.query(`UPDATE users SET roles = '{village_officer}' WHERE id = $1`, [u.userId]);
        expect((await t.gql<{ viewer: { roles: string[] } }>(VIEWER, {}, u.headers)).body.data?.viewer.roles).toEqual(['VILLAGE_OFFICER']);
      } finally {
        await other.end();
      }
      await waitUntil('the other connection is closed', () => embedded.wireConnections <= 1);
      // Alone again: read once, then kept.
      expect((await viewer(u.headers)).principal).toHaveLength(1);
      expect((await viewer(u.headers)).principal).toHaveLength(0);

      // A connection opened and closed between two requests, with a change made through it: the
      // next request reads the database.
      const brief = new Client({ connectionString: embedded.url });
      await brief.connect();
      await brief.query(`UPDATE users SET disabled = true WHERE id = $1`, [u.userId]);
      await brief.end();
      await waitUntil('the brief connection is closed', () => embedded.wireConnections <= 1);
      expect((await t.gql(VIEWER, {}, u.headers)).status).toBe(401);
    });
  });
});
