import { randomUUID } from 'node:crypto';
import { Permission, Role } from '../../src/common/access/permissions';
import { permissionsOf } from '../../src/app.permissions';
import { Principal } from '../../src/common/access/principal';
import { ProposalDecision, ProposalsService } from '../../src/households/lifecycle/proposals.service';
import { ApiKeysService } from '../../src/identity/api-keys.service';
import { buildHousehold, ok } from '../households/lifecycle-fixtures';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-for';

/**
 * Issue #10, separation of duties (三员分立): the administrator manages accounts but cannot
 * reach the audit trail, personal data or the registry's procedure through API keys; a key acts
 * for the person who created it, never beyond what that person holds now.
 */
describe('separation of duties (三员分立)', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
  });
  afterAll(() => t?.close());

  const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id createdBy scopes } } }`;
  const VIEWER = `{ viewer { kind personId permissions } }`;
  type Created = { createApiKey: { secret: string; apiKey: { id: string; createdBy: string; scopes: string[] } } };
  const ext = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions;

  async function createKey(by: SignedIn, scopes: string[], regionCode: string = R.district) {
    return t.gql<Created>(CREATE_KEY, { i: { name: `key-${randomUUID().slice(0, 8)}`, scopes, regionCode } }, by.headers);
  }

  async function userVersion(id: string): Promise<number> {
    const [row] = await t.dataSource.query(`SELECT version FROM users WHERE id = $1`, [id]);
    return row.version;
  }

  describe('API keys', () => {
    it('the district administrator issues no keys: it holds no integration permission to give', async () => {
      const res = await createKey(admin, ['HOUSEHOLDS_READ']);
      expect(ext(res)).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION', details: { permission: 'apiKeys.manage' } });
      expect(ext(await t.gql(`{ apiKeys { totalCount } }`, {}, admin.headers))).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('a key carries integration scopes only: no audit trail, unmasking, procedure steps, regions or accounts', async () => {
      const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
      for (const scope of ['AUDIT_READ', 'PERSONAL_DATA_UNMASK', 'HOUSEHOLDS_PROPOSE', 'HOUSEHOLDS_REVIEW', 'HOUSEHOLDS_APPROVE', 'HOUSEHOLDS_WRITE', 'REGIONS_MANAGE', 'USERS_READ', 'API_KEYS_MANAGE']) {
        const res = await createKey(officer, ['HOUSEHOLDS_READ', scope]);
        expect(ext(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes', reason: 'SCOPE_NOT_GRANTABLE' });
      }
      const fine = await createKey(officer, ['HOUSEHOLDS_READ', 'ASSISTANCE_READ', 'EXCHANGE_IMPORT', 'EXCHANGE_EXPORT', 'EXCHANGE_FEED', 'WEBHOOKS_MANAGE']);
      expect(fine.body.data?.createApiKey.apiKey).toMatchObject({ createdBy: officer.userId });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM api_keys WHERE created_by = $1`, [officer.userId]);
      expect(n).toBe(1);
    });

    it('a key carries only scopes its creator holds', async () => {
      // A caller with the right to issue keys but without the feed (no role is like this today:
      // the rule is the service's, whatever the role table becomes).
      const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
      const narrow: Principal = {
        kind: 'user',
        id: officer.userId,
        personId: officer.userId,
        name: officer.username,
        roles: [Role.DISTRICT_OFFICER],
        permissions: new Set<Permission>(['apiKeys.manage', 'households.read']),
        regionCode: R.district,
        scopePrefix: '410106',
      };
      const keys = t.get(ApiKeysService);
      await expect(keys.create(narrow, { name: 'feed', scopes: ['households.read', 'exchange.feed'], regionCode: R.district })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'scopes',
        problems: [{ field: 'scopes', reason: 'SCOPE_NOT_HELD' }],
      });
      await expect(keys.create(narrow, { name: 'read', scopes: ['households.read'], regionCode: R.district })).resolves.toMatchObject({ key: { scopes: ['households.read'] } });
    });

    it('is re-checked at every use: a creator who loses a permission takes it from the key; a disabled creator stops it', async () => {
      const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
      const created = await createKey(officer, ['HOUSEHOLDS_READ', 'EXCHANGE_FEED']);
      const key = { 'x-api-key': created.body.data!.createApiKey.secret };
      expect((await t.gql(VIEWER, {}, key)).body.data).toEqual({ viewer: { kind: 'apiKey', personId: officer.userId, permissions: ['HOUSEHOLDS_READ', 'EXCHANGE_FEED'] } });
      expect(ext(await t.gql(`{ changeFeedHead }`, {}, key))).toBeUndefined();

      // The officer becomes a supervisor (reads the registry, no exchange): the key loses the feed.
      const UPDATE = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { roles } } }`;
      const moved = await t.gql(UPDATE, { i: { id: officer.userId, version: await userVersion(officer.userId), roles: ['SUPERVISOR'] } }, admin.headers);
      expect(moved.body.errors).toBeUndefined();
      expect((await t.gql(VIEWER, {}, key)).body.data).toEqual({ viewer: { kind: 'apiKey', personId: officer.userId, permissions: ['HOUSEHOLDS_READ'] } });
      expect(ext(await t.gql(`{ changeFeedHead }`, {}, key))).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'exchange.feed' } });
      expect((await t.gql(`{ households(first: 1) { totalCount } }`, {}, key)).body.errors).toBeUndefined();

      // Disabled: the key stops at the door.
      const disabled = await t.gql(UPDATE, { i: { id: officer.userId, version: await userVersion(officer.userId), disabled: true } }, admin.headers);
      expect(disabled.body.errors).toBeUndefined();
      const refused = await t.gql(VIEWER, {}, key);
      expect(refused.status).toBe(401);
      expect(ext(refused)).toEqual({ code: 'UNAUTHENTICATED', reason: 'API_KEY_INVALID' });
    });

    it('a key written before these rules with more than integration scopes, or without a creator, gets none of the rest', async () => {
      const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
      const created = await createKey(officer, ['HOUSEHOLDS_READ']);
      const { id, secret } = { id: created.body.data!.createApiKey.apiKey.id, secret: created.body.data!.createApiKey.secret };
      // As the administrator could issue before: audit trail, unmasking, approval.
      await t.dataSource.query(`UPDATE api_keys SET scopes = '{audit.read,personalData.unmask,households.approve,households.read}' WHERE id = $1`, [id]);
      const key = { 'x-api-key': secret };
      expect((await t.gql(VIEWER, {}, key)).body.data).toEqual({ viewer: { kind: 'apiKey', personId: officer.userId, permissions: ['HOUSEHOLDS_READ'] } });
      expect(ext(await t.gql(`{ verifyAuditChain { ok } }`, {}, key))).toMatchObject({ code: 'FORBIDDEN' });
      // A change by SQL reaches a server's principal cache with its notification, a moment after the
      // commit (principal-cache.ts): wait for it rather than race it.
      await t.dataSource.query(`UPDATE api_keys SET created_by = NULL WHERE id = $1`, [id]);
      const refused = await waitUntil('the key without a creator is refused', async () => {
        const answer = await t.gql(VIEWER, {}, key);
        return answer.status === 401 && answer;
      });
      expect(ext(refused)).toEqual({ code: 'UNAUTHENTICATED', reason: 'API_KEY_INVALID' });
    });

    it('"not your own proposal" holds across a person\'s keys (the rule compares the person, not the credential)', async () => {
      const village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
      const o = { village, town: await signIn(t, Role.TOWN_OFFICER, R.town), district: await signIn(t, Role.DISTRICT_OFFICER, R.district) };
      const h = await buildHousehold(t, o, R.village);
      const proposed = await ok(t, village, 'proposeRegistration', { householdId: h.id, reason: '申请纳入' });
      // A credential of the proposer other than their account (a key: its own id, the proposer's person).
      const viaKey: Principal = {
        kind: 'apiKey',
        id: randomUUID(),
        personId: village.userId,
        name: 'village key',
        roles: [Role.INTEGRATION],
        permissions: new Set<Permission>([...permissionsOf([Role.TOWN_OFFICER])]),
        regionCode: R.town,
        scopePrefix: '410106100',
      };
      const proposals = t.get(ProposalsService);
      await expect(
        proposals.review(viaKey, { proposalId: proposed.proposal.id, version: proposed.proposal.version, decision: ProposalDecision.APPROVE }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN', reason: 'SELF_APPROVAL' });
      const [row] = await t.dataSource.query(`SELECT stage FROM household_proposals WHERE id = $1`, [proposed.proposal.id]);
      expect(row.stage).toBe('PROPOSED');
    });
  });

  describe('roles', () => {
    const UPDATE = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { id roles regionCode sector version } roleGrant { id roles status requestedBy } } }`;
    const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id roles } roleGrant { id roles status requestedBy user { id username } } } }`;
    const GRANT_FIELDS = `roleGrant { id roles status requestedBy decidedBy decidedAt note } user { id roles }`;
    const decide = (op: 'approveRoleGrant' | 'rejectRoleGrant' | 'withdrawRoleGrant', id: string, by: SignedIn, note?: string) =>
      t.gql<Record<string, { roleGrant: { status: string; decidedBy: string | null; note: string | null }; user: { roles: string[] } }>>(
        `mutation($i: RoleGrantDecisionInput!) { ${op}(input: $i) { ${GRANT_FIELDS} } }`,
        { i: { id, note } },
        by.headers,
      );
    type UserOut = { user: { id: string; roles: string[] }; roleGrant: { id: string; roles: string[]; status: string; requestedBy: string } | null };
    const rolesOf = async (id: string): Promise<string[]> => (await t.dataSource.query(`SELECT roles::text[] AS roles FROM users WHERE id = $1`, [id]))[0].roles;
    const auditOps = async (entityId: string): Promise<string[]> =>
      (await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [entityId])).map((r: { operation: string }) => r.operation);

    let admin2: SignedIn;
    beforeAll(async () => {
      admin2 = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    });

    it('nobody changes their own roles, region or sector (SELF_ROLE_CHANGE)', async () => {
      const v = await userVersion(admin.userId);
      for (const [field, change] of [
        ['roles', { roles: ['DISTRICT_ADMIN', 'AUDITOR'] }],
        ['roles', { roles: ['SUPERVISOR'] }],
        ['regionCode', { regionCode: R.town }],
        ['sector', { sector: 'FINANCE' }],
      ] as const) {
        const res = await t.gql(UPDATE, { i: { id: admin.userId, version: v, ...change } }, admin.headers);
        expect(ext(res)).toMatchObject({ code: 'FORBIDDEN', reason: 'SELF_ROLE_CHANGE', field });
      }
      expect(await rolesOf(admin.userId)).toEqual(['district_admin']);
      expect(await userVersion(admin.userId)).toBe(v);
      // Sending what is already there is no change: an edit form may send the whole account.
      const same = await t.gql<{ updateUser: UserOut }>(UPDATE, { i: { id: admin.userId, version: v, roles: ['DISTRICT_ADMIN'], regionCode: R.district } }, admin.headers);
      expect(same.body.data?.updateUser).toMatchObject({ user: { roles: ['DISTRICT_ADMIN'] }, roleGrant: null });
    });

    it('an auditor created by an administrator gets the audit trail only when a second administrator approves', async () => {
      const created = await t.gql<{ createUser: UserOut }>(
        CREATE,
        { i: { username: `aud-${randomUUID().slice(0, 8)}`, displayName: '审计员', password: 'Audit-2018-Passw0rd!', regionCode: R.district, roles: ['AUDITOR'] } },
        admin.headers,
      );
      expect(created.body.errors).toBeUndefined();
      const { user, roleGrant } = created.body.data!.createUser;
      expect(user.roles).toEqual([]);
      expect(roleGrant).toMatchObject({ roles: ['AUDITOR'], status: 'PENDING', requestedBy: admin.userId });
      // The pending grant is listed for the administrators of the region (and the auditor's own users.read).
      const listed = await t.gql<{ roleGrants: { edges: { node: { id: string; user: { id: string } } }[] } }>(
        `{ roleGrants(first: 50) { edges { node { id user { id } } } } }`,
        {},
        admin2.headers,
      );
      expect(listed.body.data!.roleGrants.edges.map((e) => e.node.id)).toContain(roleGrant!.id);

      // The administrator who asked cannot approve it.
      expect(ext(await decide('approveRoleGrant', roleGrant!.id, admin))).toMatchObject({ code: 'FORBIDDEN', reason: 'SECOND_ADMINISTRATOR_REQUIRED' });
      expect(await rolesOf(user.id)).toEqual([]);
      const approved = await decide('approveRoleGrant', roleGrant!.id, admin2, '经局务会研究同意');
      expect(approved.body.data?.approveRoleGrant).toMatchObject({
        roleGrant: { status: 'APPROVED', decidedBy: admin2.userId, note: '经局务会研究同意' },
        user: { roles: ['AUDITOR'] },
      });
      expect(await rolesOf(user.id)).toEqual(['auditor']);
      // Decided once.
      expect(ext(await decide('rejectRoleGrant', roleGrant!.id, admin2))).toMatchObject({ code: 'CONFLICT', reason: 'ROLE_GRANT_NOT_PENDING' });

      expect(await auditOps(roleGrant!.id)).toEqual(['roleGrants.request', 'roleGrants.approve']);
      expect(await auditOps(user.id)).toEqual(['users.create', 'users.update']);
      const [approval] = await t.dataSource.query(`SELECT actor_id, reason, changes FROM audit_log WHERE entity_id = $1 AND operation = 'roleGrants.approve'`, [roleGrant!.id]);
      expect(approval).toMatchObject({ actor_id: admin2.userId, reason: '经局务会研究同意', changes: { userId: user.id, roles: ['auditor'], status: { from: 'PENDING', to: 'APPROVED' } } });
    });

    it('updateUser: removals and other roles apply at once, added roles with those permissions wait; one pending grant per account', async () => {
      const u = await signIn(t, Role.SECTOR_OFFICER, R.district);
      const res = await t.gql<{ updateUser: UserOut }>(UPDATE, { i: { id: u.userId, version: await userVersion(u.userId), roles: ['SUPERVISOR', 'DISTRICT_OFFICER'] } }, admin.headers);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.updateUser).toMatchObject({ user: { roles: ['SUPERVISOR'] }, roleGrant: { roles: ['DISTRICT_OFFICER'], status: 'PENDING' } });
      // Another request while one waits: refused, and nothing of it is written.
      const v = await userVersion(u.userId);
      const second = await t.gql(UPDATE, { i: { id: u.userId, version: v, roles: ['SUPERVISOR', 'AUDITOR'] } }, admin2.headers);
      expect(ext(second)).toMatchObject({ code: 'CONFLICT', reason: 'ROLE_GRANT_PENDING', field: 'roles' });
      expect(await userVersion(u.userId)).toBe(v);
      // Withdrawn by the one who asked (nobody else may); then another administrator's request, rejected.
      const grantId = res.body.data!.updateUser.roleGrant!.id;
      expect(ext(await decide('withdrawRoleGrant', grantId, admin2))).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_REQUESTER' });
      expect((await decide('withdrawRoleGrant', grantId, admin)).body.data?.withdrawRoleGrant.roleGrant).toMatchObject({ status: 'WITHDRAWN', decidedBy: admin.userId });
      const again = await t.gql<{ updateUser: UserOut }>(UPDATE, { i: { id: u.userId, version: v, roles: ['SUPERVISOR', 'AUDITOR'] } }, admin2.headers);
      const againId = again.body.data!.updateUser.roleGrant!.id;
      expect(ext(await decide('rejectRoleGrant', againId, admin2))).toMatchObject({ code: 'FORBIDDEN', reason: 'SECOND_ADMINISTRATOR_REQUIRED' });
      expect((await decide('rejectRoleGrant', againId, admin, '不符合三员分立要求')).body.data?.rejectRoleGrant).toMatchObject({
        roleGrant: { status: 'REJECTED', note: '不符合三员分立要求' },
        user: { roles: ['SUPERVISOR'] },
      });
      expect(await rolesOf(u.userId)).toEqual(['supervisor']);
      expect(await auditOps(grantId)).toEqual(['roleGrants.request', 'roleGrants.withdraw']);
      expect(await auditOps(againId)).toEqual(['roleGrants.request', 'roleGrants.reject']);
    });

    it('the account that gets the roles cannot approve them, and an administrator of another district cannot see them', async () => {
      // One administrator asks the audit trail for another: that other cannot say yes to itself.
      const res = await t.gql<{ updateUser: UserOut }>(UPDATE, { i: { id: admin2.userId, version: await userVersion(admin2.userId), roles: ['DISTRICT_ADMIN', 'AUDITOR'] } }, admin.headers);
      const grantId = res.body.data!.updateUser.roleGrant!.id;
      expect(ext(await decide('approveRoleGrant', grantId, admin2))).toMatchObject({ code: 'FORBIDDEN', reason: 'SECOND_ADMINISTRATOR_REQUIRED' });
      const foreign = await signIn(t, Role.DISTRICT_ADMIN, R.otherDistrict);
      expect(ext(await decide('approveRoleGrant', grantId, foreign))).toMatchObject({ code: 'NOT_FOUND', reason: 'ROLE_GRANT_NOT_FOUND' });
      expect((await t.gql<{ roleGrants: { totalCount: number } }>(`{ roleGrants { totalCount } }`, {}, foreign.headers)).body.data).toEqual({ roleGrants: { totalCount: 0 } });
      expect(ext(await decide('approveRoleGrant', grantId, await signIn(t, Role.DISTRICT_OFFICER, R.district)))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
      const third = await signIn(t, Role.DISTRICT_ADMIN, R.district);
      expect((await decide('approveRoleGrant', grantId, third)).body.data?.approveRoleGrant.user.roles).toEqual(['DISTRICT_ADMIN', 'AUDITOR']);
    });

    it('the operator grants directly (first administrator, admin:create, demo seed): no pending grant', async () => {
      const auditor = await signIn(t, Role.AUDITOR, R.district);
      expect(await rolesOf(auditor.userId)).toEqual(['auditor']);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM role_grants WHERE user_id = $1`, [auditor.userId]);
      expect(n).toBe(0);
      expect((await t.gql(`{ verifyAuditChain { ok } }`, {}, auditor.headers)).body.data).toEqual({ verifyAuditChain: { ok: true } });
    });
  });
});
