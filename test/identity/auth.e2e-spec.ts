import jwt from 'jsonwebtoken';
import { Role } from '../../src/common/access/permissions';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { login, loadRegions, PASSWORD, R, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

const VIEWER = `{ viewer { name roles } }`;

describe('accounts and sign-in (§26 responsibility, MLPS level 3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' });
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

  it('locks an account after repeated wrong passwords, even against the right one', async () => {
    const u = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    for (let i = 0; i < 3; i++) {
      await t.gql(`mutation { login(input: { username: "${u.username}", password: "Wrong-Passw0rd!" }) { accessToken } }`);
    }
    const locked = await t.gql(`mutation($p: String!) { login(input: { username: "${u.username}", password: $p }) { accessToken } }`, { p: PASSWORD });
    expect(locked.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'ACCOUNT_LOCKED' });
    const audit = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [u.userId]);
    expect(audit.map((r: { operation: string }) => r.operation)).toEqual(
      expect.arrayContaining(['users.create', 'auth.login', 'auth.loginFailed', 'auth.lockout']),
    );
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
    // The legitimate holder's newer token died with the family.
    const after = await t.gql(REFRESH, { r: rotated.refreshToken });
    expect(after.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('logout ends the sign-in; its refresh token no longer works', async () => {
    const u = await signIn(t, Role.TOWN_OFFICER, R.town);
    const out = await t.gql<{ logout: { revoked: number } }>(`mutation($r: String) { logout(input: { refreshToken: $r }) { revoked } }`, { r: u.refreshToken }, u.headers);
    expect(out.body.data?.logout.revoked).toBe(1);
    const res = await t.gql(`mutation($r: String!) { refreshToken(input: { refreshToken: $r }) { accessToken } }`, { r: u.refreshToken });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_INVALID' });
  });

  it('changing the password ends every session and requires the current one and a strong new one', async () => {
    const u = await signIn(t, Role.TOWN_OFFICER, R.town);
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { ok } }`;
    const weak = await t.gql(CHANGE, { c: PASSWORD, n: 'short' }, u.headers);
    expect(weak.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword', reason: 'WEAK_PASSWORD' });
    const wrong = await t.gql(CHANGE, { c: 'Nope-Passw0rd!', n: 'New-Passw0rd-2018' }, u.headers);
    expect(wrong.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    await new Promise((r) => setTimeout(r, 1100)); // token iat has one-second resolution
    const ok = await t.gql(CHANGE, { c: PASSWORD, n: 'New-Passw0rd-2018' }, u.headers);
    expect(ok.body.data).toEqual({ changePassword: { ok: true } });
    const old = await t.gql(VIEWER, {}, u.headers);
    expect(old.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
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
