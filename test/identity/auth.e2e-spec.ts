import jwt from 'jsonwebtoken';
import { Role } from '../../src/common/access/permissions';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { login, loadRegions, PASSWORD, R, signIn, signInFirstTime } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const VIEWER = `{ viewer { name roles } }`;

describe('accounts and sign-in (§26 responsibility, MLPS level 3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
  });
  afterAll(() => t?.close());

  it('signs in and answers who you are; anonymous callers are nobody', async () => {
    const officer = await signIn(t, Role.TOWN_OFFICER, R.town);
    const me = await t.gql<{ viewer: { name: string; roles: string[] } }>(VIEWER, {}, officer.headers);
    expect(me.body.data?.viewer).toEqual({ name: officer.username, roles: ['TOWN_OFFICER'] });
    expect((await t.gql(VIEWER)).body.data).toEqual({ viewer: null });
  });

  it('serves many sign-ins at once (concurrent writes on one database session)', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => signIn(t, Role.VILLAGE_OFFICER, R.village)));
    const answers = await Promise.all(users.map((u) => t.gql<{ viewer: { name: string } }>(VIEWER, {}, u.headers)));
    expect(answers.map((a) => a.body.data?.viewer.name)).toEqual(users.map((u) => u.username));
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const u = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    const wrong = await t.gql(`mutation { login(input: { username: "${u.username}", password: "Wrong-Passw0rd!" }) { accessToken } }`);
    const unknown = await t.gql(`mutation { login(input: { username: "nobody-here", password: "Wrong-Passw0rd!" }) { accessToken } }`);
    expect(wrong.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    expect(unknown.body.errors?.[0]).toEqual(wrong.body.errors?.[0]);
  });

  it('a wrong password is audited for a known account (no lock: see sign-in-delays.e2e-spec.ts)', async () => {
    const u = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    await t.gql(`mutation { login(input: { username: "${u.username}", password: "Wrong-Passw0rd!" }) { accessToken } }`);
    const again = await login(t, u.username);
    expect(again.token).toBeTruthy();
    const audit = await t.dataSource.query(`SELECT operation, changes FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [u.userId]);
    expect(audit.map((r: { operation: string }) => r.operation)).toEqual(['users.create', 'auth.login', 'auth.loginFailed', 'auth.login']);
    expect(audit[2].changes).toEqual({ failures: 1 });
  });

  it('expired, forged and malformed access tokens are refused with a coded 401', async () => {
    const u = await signIn(t, Role.TOWN_OFFICER, R.town);
    const { jwtSecret } = t.get<Secrets>(SECRETS as never);
    const expired = jwt.sign({ sub: u.userId, typ: 'access', iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 60 }, jwtSecret);
    const forged = jwt.sign({ sub: u.userId, typ: 'access' }, 'not-the-secret-not-the-secret-not-the-secret');
    for (const [token, reason] of [[expired, 'TOKEN_EXPIRED'], [forged, 'TOKEN_INVALID'], ['garbage', 'TOKEN_INVALID']]) {
      const res = await t.gql(VIEWER, {}, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
    }
  });

  it('a token that answered before is refused once it expires (verified signatures are remembered, expiry is not)', async () => {
    const u = await signIn(t, Role.TOWN_OFFICER, R.town);
    const { jwtSecret } = t.get<Secrets>(SECRETS as never);
    const { sid } = jwt.decode(u.token) as { sid: string };
    const exp = Math.floor(Date.now() / 1000) + 2;
    const shortLived = jwt.sign({ sub: u.userId, sid, typ: 'access', exp }, jwtSecret);
    const headers = { authorization: `Bearer ${shortLived}` };
    const first = await t.gql(VIEWER, {}, headers);
    expect(first.body.data).toEqual({ viewer: { name: u.username, roles: ['TOWN_OFFICER'] } });
    // Asked again and again: it answers until its exp, then is refused as expired.
    const refused = await waitFor(async () => {
      const res = await t.gql(VIEWER, {}, headers);
      if (res.status !== 401) {
        expect(Date.now()).toBeLessThan(exp * 1000 + 1000);
        return undefined;
      }
      return res;
    }, { what: 'the expired token refused', intervalMs: 100 });
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
    expect(refused.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
  });

  it('rotates refresh tokens; reusing a rotated one revokes the whole sign-in', async () => {
    const u = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    const REFRESH = `mutation($r: String!) { refreshToken(input: { refreshToken: $r }) { accessToken refreshToken } }`;
    const first = await t.gql<{ refreshToken: { accessToken: string; refreshToken: string } }>(REFRESH, { r: u.refreshToken });
    const rotated = first.body.data!.refreshToken;
    expect(rotated.refreshToken).not.toBe(u.refreshToken);
    const ok = await t.gql(VIEWER, {}, { authorization: `Bearer ${rotated.accessToken}` });
    expect(ok.body.data).toEqual({ viewer: { name: u.username, roles: ['DISTRICT_OFFICER'] } });

    const replay = await t.gql(REFRESH, { r: u.refreshToken });
    expect(replay.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REUSED' });
    // Audited with the account's region, so the officers above the account see the alarm.
    const reuse = await t.dataSource.query(`SELECT region_code, changes FROM audit_log WHERE entity_id = $1 AND operation = 'auth.refreshReuse'`, [u.userId]);
    expect(reuse).toEqual([{ region_code: R.district, changes: { familyRevoked: true } }]);
    // The legitimate holder's newer token died with the family, and so did every access token of
    // that sign-in, at once (not after their 15 minutes).
    const after = await t.gql(REFRESH, { r: rotated.refreshToken });
    expect(after.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    for (const token of [u.token, rotated.accessToken]) {
      const res = await t.gql(VIEWER, {}, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    }
  });

  it('logout ends the sign-in; its refresh token and its access tokens no longer work, other sign-ins do', async () => {
    const u = await signIn(t, Role.TOWN_OFFICER, R.town);
    const other = await login(t, u.username);
    const out = await t.gql<{ logout: { revoked: number } }>(`mutation($r: String) { logout(input: { refreshToken: $r }) { revoked } }`, { r: u.refreshToken }, u.headers);
    expect(out.body.data?.logout.revoked).toBe(1);
    const res = await t.gql(`mutation($r: String!) { refreshToken(input: { refreshToken: $r }) { accessToken } }`, { r: u.refreshToken });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_INVALID' });
    const ended = await t.gql(VIEWER, {}, u.headers);
    expect(ended.status).toBe(401);
    expect(ended.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect((await t.gql(VIEWER, {}, other.headers)).body.data).toEqual({ viewer: { name: u.username, roles: ['TOWN_OFFICER'] } });

    // Without a refresh token: the sign-in of the access token in use.
    const third = await login(t, u.username);
    const bare = await t.gql<{ logout: { revoked: number } }>(`mutation { logout(input: {}) { revoked } }`, {}, third.headers);
    expect(bare.body.data?.logout.revoked).toBe(1);
    expect((await t.gql(VIEWER, {}, third.headers)).body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect((await t.gql(VIEWER, {}, other.headers)).body.data).toEqual({ viewer: { name: u.username, roles: ['TOWN_OFFICER'] } });

    const everywhere = await t.gql<{ logout: { revoked: number } }>(`mutation { logout(input: { everywhere: true }) { revoked } }`, {}, other.headers);
    expect(everywhere.body.data?.logout.revoked).toBe(1);
    expect((await t.gql(VIEWER, {}, other.headers)).body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
  });

  it('the session is checked in the same query that reads the account (no extra round trip)', async () => {
    const u = await signIn(t, Role.TOWN_OFFICER, R.town);
    const { result, statements, principal } = await countQueries(() => t.gql(VIEWER, {}, u.headers));
    expect(result.body.data).toEqual({ viewer: { name: u.username, roles: ['TOWN_OFFICER'] } });
    // The sign-in's first request reads its principal (a server may keep it for the next ones).
    expect(principal).toHaveLength(1);
    expect(principal[0]).toMatch(/\bFROM "users"/);
    expect(principal[0]).toMatch(/JOIN "auth_sessions"/);
    expect(statements.filter((q) => /auth_sessions|\bFROM "users"/.test(q))).toHaveLength(0);
  });

  it('an access token without a sign-in (sid), or naming another account\'s sign-in, is refused', async () => {
    const a = await signIn(t, Role.TOWN_OFFICER, R.town);
    const b = await signIn(t, Role.TOWN_OFFICER, R.town);
    const { jwtSecret } = t.get<Secrets>(SECRETS as never);
    const bSid = (jwt.decode(b.token) as { sid: string }).sid;
    const noSid = jwt.sign({ sub: a.userId, typ: 'access' }, jwtSecret, { expiresIn: 60 });
    const foreignSid = jwt.sign({ sub: a.userId, sid: bSid, typ: 'access' }, jwtSecret, { expiresIn: 60 });
    const badSid = jwt.sign({ sub: a.userId, sid: 'not-a-uuid', typ: 'access' }, jwtSecret, { expiresIn: 60 });
    for (const [token, reason] of [[noSid, 'TOKEN_INVALID'], [foreignSid, 'TOKEN_REVOKED'], [badSid, 'TOKEN_INVALID']]) {
      const res = await t.gql(VIEWER, {}, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
    }
  });

  it('changing the password ends every session and requires the current one and a strong new one', async () => {
    const u = await signIn(t, Role.TOWN_OFFICER, R.town);
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { ok } }`;
    const weak = await t.gql(CHANGE, { c: PASSWORD, n: 'short' }, u.headers);
    expect(weak.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword', reason: 'WEAK_PASSWORD' });
    const wrong = await t.gql(CHANGE, { c: 'Nope-Passw0rd!', n: 'New-Passw0rd-2018' }, u.headers);
    expect(wrong.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    const same = await t.gql(CHANGE, { c: PASSWORD, n: PASSWORD }, u.headers);
    expect(same.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword', reason: 'PASSWORD_UNCHANGED' });
    const elsewhere = await login(t, u.username);
    // At once: no waiting for a new second of the tokens' issue time.
    const ok = await t.gql(CHANGE, { c: PASSWORD, n: 'New-Passw0rd-2018' }, u.headers);
    expect(ok.body.data).toEqual({ changePassword: { ok: true } });
    for (const headers of [u.headers, elsewhere.headers]) {
      const old = await t.gql(VIEWER, {}, headers);
      expect(old.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    }
    const relogin = await login(t, u.username, 'New-Passw0rd-2018');
    expect(relogin.token).toBeTruthy();
  });

  it('a disabled account cannot sign in and its tokens stop working at once', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const u = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    const user = await t.gql<{ user: { version: number } }>(`query($id: String!) { user(id: $id) { version } }`, { id: u.userId }, admin.headers);
    const res = await t.gql(
      `mutation($id: String!, $v: Int!) { updateUser(input: { id: $id, version: $v, disabled: true }) { user { disabled } } }`,
      { id: u.userId, v: user.body.data!.user.version },
      admin.headers,
    );
    expect(res.body.data).toEqual({ updateUser: { user: { disabled: true } } });
    expect((await t.gql(VIEWER, {}, u.headers)).body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DISABLED' });
    const again = await t.gql(`mutation($p: String!) { login(input: { username: "${u.username}", password: $p }) { accessToken } }`, { p: PASSWORD });
    expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DISABLED' });

    // Enabled again, the account's old sign-ins stay ended.
    const v = (await t.gql<{ user: { version: number } }>(`query($id: String!) { user(id: $id) { version } }`, { id: u.userId }, admin.headers)).body.data!.user.version;
    const enabled = await t.gql(
      `mutation($id: String!, $v: Int!) { updateUser(input: { id: $id, version: $v, disabled: false }) { user { disabled } } }`,
      { id: u.userId, v },
      admin.headers,
    );
    expect(enabled.body.data).toEqual({ updateUser: { user: { disabled: false } } });
    expect((await t.gql(VIEWER, {}, u.headers)).body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect((await login(t, u.username)).token).toBeTruthy();
  });

  it('an account created by an administrator must change its password before anything but account.self', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id mustChangePassword } roleGrant { id } } }`;
    const initial = 'Chosen-By-Admin-2018';
    const created = await t.gql<{ createUser: { user: { id: string; mustChangePassword: boolean }; roleGrant: { id: string } | null } }>(
      CREATE,
      { i: { username: 'first.time', displayName: '王芳', password: initial, regionCode: R.town, roles: ['TOWN_OFFICER'] } },
      admin.headers,
    );
    expect(created.body.data?.createUser.user.mustChangePassword).toBe(true);
    // An officer's role waits for a second administrator (separation of duties).
    const admin2 = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const approved = await t.gql(
      `mutation($id: ID!) { approveRoleGrant(input: { id: $id }) { roleGrant { status } } }`,
      { id: created.body.data!.createUser.roleGrant!.id },
      admin2.headers,
    );
    expect(approved.body.data).toEqual({ approveRoleGrant: { roleGrant: { status: 'APPROVED' } } });
    // Operator paths (bootstrap, admin:create, demo seed, the test helper) hand over the owner's own password.
    const viewerOf = async (headers: Record<string, string>) =>
      (await t.gql<{ viewer: { mustChangePassword: boolean } }>(`{ viewer { mustChangePassword } }`, {}, headers)).body.data?.viewer;
    expect(await viewerOf(admin.headers)).toEqual({ mustChangePassword: false });

    const first = await login(t, 'first.time', initial);
    expect(await viewerOf(first.headers)).toEqual({ mustChangePassword: true });
    const refused = await t.gql(`{ households { totalCount } }`, {}, first.headers);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' });
    // Public operations answer as they would to anyone.
    expect((await t.gql(`{ region(code: "${R.town}") { name } }`, {}, first.headers)).body.data).toEqual({ region: { name: '峡窝镇' } });
    const refreshed = await t.gql<{ refreshToken: { accessToken: string } }>(
      `mutation($r: String!) { refreshToken(input: { refreshToken: $r }) { accessToken } }`,
      { r: first.refreshToken },
    );
    const stillFirst = { authorization: `Bearer ${refreshed.body.data!.refreshToken.accessToken}` };
    expect((await t.gql(`{ households { totalCount } }`, {}, stillFirst)).body.errors?.[0].extensions).toMatchObject({ reason: 'PASSWORD_CHANGE_REQUIRED' });

    const u = await signInFirstTime(t, 'first.time', initial, 'Own-Passw0rd-2018');
    expect(await viewerOf(u.headers)).toEqual({ mustChangePassword: false });
    expect((await t.gql(`{ households { totalCount } }`, {}, u.headers)).body.data).toEqual({ households: { totalCount: 0 } });
    const row = await t.gql<{ user: { mustChangePassword: boolean } }>(`query($id: String!) { user(id: $id) { mustChangePassword } }`, { id: u.userId }, admin.headers);
    expect(row.body.data?.user).toEqual({ mustChangePassword: false });
  });

  it('creates accounts only inside the administrator\'s region, with a strong password, audited', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id username phone roles regionCode } roleGrant { roles status } } }`;
    const ok = await t.gql<{ createUser: { user: { id: string; phone: string } } }>(
      CREATE,
      { i: { username: 'Li.Ming', displayName: '李明', password: 'Xiawo-2018-ok!', phone: '13812345678', regionCode: R.town, roles: ['TOWN_OFFICER'] } },
      admin.headers,
    );
    // A town officer unmasks personal data and reviews: that role waits for a second administrator.
    expect(ok.body.data?.createUser).toMatchObject({
      user: { username: 'li.ming', phone: '138****5678', roles: [] },
      roleGrant: { roles: ['TOWN_OFFICER'], status: 'PENDING' },
    });
    const dup = await t.gql(CREATE, { i: { username: 'li.ming', displayName: 'x', password: 'Xiawo-2018-ok!', regionCode: R.town, roles: ['TOWN_OFFICER'] } }, admin.headers);
    expect(dup.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'username' });
    const outside = await t.gql(CREATE, { i: { username: 'zhongyuan', displayName: 'x', password: 'Xiawo-2018-ok!', regionCode: R.otherDistrict, roles: ['TOWN_OFFICER'] } }, admin.headers);
    expect(outside.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'regionCode' });
    const weak = await t.gql(CREATE, { i: { username: 'weak1', displayName: 'x', password: 'password', regionCode: R.town, roles: ['TOWN_OFFICER'] } }, admin.headers);
    expect(weak.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    const sector = await t.gql(CREATE, { i: { username: 'edu1', displayName: 'x', password: 'Xiawo-2018-ok!', regionCode: R.district, roles: ['SECTOR_OFFICER'] } }, admin.headers);
    expect(sector.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sector' });

    // The username filter matches a part of the name; LIKE's wildcards in it are plain characters.
    const FIND = `query($u: String!) { users(usernameContains: $u, first: 100) { edges { node { username } } } }`;
    const found = async (u: string) => (await t.gql<{ users: { edges: { node: { username: string } }[] } }>(FIND, { u }, admin.headers)).body.data!.users.edges.map((e) => e.node.username);
    expect(await found('.min')).toEqual(['li.ming']);
    expect(await found('li_ming')).toEqual([]);
    expect(await found('%')).toEqual([]);
    const [row] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'users.create' AND entity_id = $1`, [ok.body.data!.createUser.user.id]);
    expect(JSON.stringify(row.changes)).not.toContain('13812345678');
    expect(JSON.stringify(row.changes)).not.toMatch(/scrypt/);
  });

  it('updateUser answers with the roles it stored, and the audit trail records only role changes that happened', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const u = await signIn(t, Role.SECTOR_OFFICER, R.district);
    const UPDATE = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id roles sector version } } }`;
    const version = async () => (await t.gql<{ user: { version: number } }>(`query($id: String!) { user(id: $id) { version } }`, { id: u.userId }, admin.headers)).body.data!.user.version;
    const auditRoles = async () =>
      (await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'users.update' AND entity_id = $1 ORDER BY seq`, [u.userId])).map(
        (r: { changes: Record<string, unknown> }) => r.changes.roles ?? null,
      );

    // Roles given out of order and twice: stored once each, in one order, and answered (not INTERNAL).
    const added = await t.gql(UPDATE, { i: { id: u.userId, version: await version(), roles: ['SUPERVISOR', 'SECTOR_OFFICER', 'SUPERVISOR'] } }, admin.headers);
    expect(added.body.errors).toBeUndefined();
    expect(added.body.data).toEqual({ updateUser: { user: { id: u.userId, roles: ['SECTOR_OFFICER', 'SUPERVISOR'], sector: 'EDUCATION', version: expect.any(Number) } } });
    // The same roles in another order: no role change, and none in the audit row.
    const same = await t.gql(UPDATE, { i: { id: u.userId, version: await version(), roles: ['SUPERVISOR', 'SECTOR_OFFICER'], displayName: '教育局联络员' } }, admin.headers);
    expect(same.body.errors).toBeUndefined();
    expect(await auditRoles()).toEqual([{ from: ['sector_officer'], to: ['sector_officer', 'supervisor'] }, null]);
    // Nothing that differs from what is stored: the same version back, and no audit row with empty changes.
    const v = await version();
    const again = await t.gql(UPDATE, { i: { id: u.userId, version: v, roles: ['SECTOR_OFFICER', 'SUPERVISOR'], displayName: '教育局联络员' } }, admin.headers);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data).toEqual({ updateUser: { user: { id: u.userId, roles: ['SECTOR_OFFICER', 'SUPERVISOR'], sector: 'EDUCATION', version: v } } });
    expect(await auditRoles()).toHaveLength(2);
    const stale = await t.gql(UPDATE, { i: { id: u.userId, version: v - 1, displayName: '教育局联络员' } }, admin.headers);
    expect(stale.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
  });

  it('a sector belongs to sector officers only: refused for other roles (SECTOR_NOT_ALLOWED), cleared with the role', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id sector } } }`;
    const UPDATE = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id roles sector version } } }`;
    const refused = await t.gql(CREATE, { i: { username: 'sup-sector', displayName: 'x', password: 'Xiawo-2018-ok!', regionCode: R.district, roles: ['SUPERVISOR'], sector: 'FINANCE' } }, admin.headers);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sector', reason: 'SECTOR_NOT_ALLOWED' });
    const created = await t.gql(CREATE, { i: { username: 'agri1', displayName: 'x', password: 'Xiawo-2018-ok!', regionCode: R.district, roles: ['SECTOR_OFFICER'], sector: 'AGRICULTURE' } }, admin.headers);
    expect(created.body.data).toEqual({ createUser: { user: { id: expect.any(String), sector: 'AGRICULTURE' } } });
    const id = (created.body.data as { createUser: { user: { id: string } } }).createUser.user.id;
    const version = async () => (await t.gql<{ user: { version: number } }>(`query($id: String!) { user(id: $id) { version } }`, { id }, admin.headers)).body.data!.user.version;
    const keep = await t.gql(UPDATE, { i: { id, version: await version(), roles: ['SUPERVISOR'], sector: 'AGRICULTURE' } }, admin.headers);
    expect(keep.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sector', reason: 'SECTOR_NOT_ALLOWED' });
    const dropped = await t.gql(UPDATE, { i: { id, version: await version(), roles: ['SUPERVISOR'] } }, admin.headers);
    expect(dropped.body.data).toEqual({ updateUser: { user: { id, roles: ['SUPERVISOR'], sector: null, version: expect.any(Number) } } });
    const back = await t.gql(UPDATE, { i: { id, version: await version(), roles: ['SECTOR_OFFICER'] } }, admin.headers);
    expect(back.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sector', reason: 'SECTOR_REQUIRED' });
  });

  it('a stale version is a CONFLICT', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const u = await signIn(t, Role.TOWN_OFFICER, R.town);
    const UPDATE = `mutation($id: String!, $v: Int!, $n: String!) { updateUser(input: { id: $id, version: $v, displayName: $n }) { user { displayName version } } }`;
    const v = (await t.gql<{ user: { version: number } }>(`query($id: String!) { user(id: $id) { version } }`, { id: u.userId }, admin.headers)).body.data!.user.version;
    expect((await t.gql(UPDATE, { id: u.userId, v, n: '张三' }, admin.headers)).body.data).toEqual({ updateUser: { user: { displayName: '张三', version: v + 1 } } });
    const stale = await t.gql(UPDATE, { id: u.userId, v, n: '李四' }, admin.headers);
    expect(stale.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });
});
