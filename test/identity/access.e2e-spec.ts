import { Role } from '../../src/common/access/permissions';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { checkRegionMatrix } from '../support/access-matrix';
import { loadRegions, R, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

describe('access: default-deny, region scope, protected personal data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100000' });
    await loadRegions(t);
  });
  afterAll(() => t?.close());

  it('refuses every protected operation to an anonymous caller, and each role what it lacks', async () => {
    const anon = await t.gql(`{ users { totalCount } }`);
    expect(anon.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    for (const q of [`{ users { totalCount } }`, `{ apiKeys { totalCount } }`, `{ verifyAuditChain { ok } }`]) {
      const res = await t.gql(q, {}, village.headers);
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
    }
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    // Separation of duties: the administrator does not read the audit trail.
    expect((await t.gql(`{ verifyAuditChain { ok } }`, {}, admin.headers)).body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const auditor = await signIn(t, Role.AUDITOR, R.district);
    expect((await t.gql(`{ verifyAuditChain { ok } }`, {}, auditor.headers)).body.data).toEqual({ verifyAuditChain: { ok: true } });
    const create = await t.gql(
      `mutation { createUser(input: { username: "x1x", displayName: "x", password: "Xiawo-2018-ok!", regionCode: "${R.town}", roles: [TOWN_OFFICER] }) { user { id } } }`,
      {},
      auditor.headers,
    );
    expect(create.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('region scope: accounts of other regions answer exactly as missing ones (role × region matrix)', async () => {
    const findings = await checkRegionMatrix(
      t,
      {
        name: 'Query.user',
        missingId: '00000000-0000-4000-8000-000000000000',
        target: async (region) => (await signIn(t, Role.VILLAGE_OFFICER, region)).userId,
        run: (caller, id) => t.gql(`query($id: String!) { user(id: $id) { id regionCode } }`, { id }, caller.headers),
        reached: (res) => !!(res.body.data as { user?: { id: string } } | undefined)?.user?.id,
      },
      [Role.DISTRICT_OFFICER, Role.AUDITOR, Role.DISTRICT_ADMIN],
    );
    expect(findings).toEqual([]);
  });

  it('region scope applies to writes too: an administrator cannot change an account of another district', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const foreign = await signIn(t, Role.TOWN_OFFICER, R.otherDistrictTown);
    const res = await t.gql(
      `mutation($id: String!) { updateUser(input: { id: $id, version: 1, displayName: "x" }) { user { id } } }`,
      { id: foreign.userId },
      admin.headers,
    );
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const [row] = await t.dataSource.query(`SELECT display_name FROM users WHERE id = $1`, [foreign.userId]);
    expect(row.display_name).not.toBe('x');
  });

  it('keeps phone numbers encrypted at rest, masked in answers, revealed only with a reason and audited', async () => {
    const officer = await signIn(t, Role.TOWN_OFFICER, R.town, { phone: '13912345678' });
    const raw = await t.dataSource.query(`SELECT * FROM users WHERE id = $1`, [officer.userId]);
    expect(JSON.stringify(raw)).not.toContain('13912345678');
    expect(raw[0].phone_hash).toBe(t.get<Secrets>(SECRETS as never).cipher.blindIndex('13912345678', 'phone'));

    const district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    const masked = await t.gql(`query($id: String!) { user(id: $id) { phone } }`, { id: officer.userId }, district.headers);
    expect(masked.body.data).toEqual({ user: { phone: '139****5678' } });

    const REVEAL = `mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: USER_PHONE, id: $id, reason: $r }) { value } }`;
    // One reason rule for every reveal (and the export): trimmed, a minimum length, not punctuation only.
    for (const r of ['', '    ', ' ab ', '....', '。。。。', '————']) {
      const refused = await t.gql(REVEAL, { id: officer.userId, r }, district.headers);
      expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason', reason: 'REASON_REQUIRED' });
    }
    const revealed = await t.gql(REVEAL, { id: officer.userId, r: '核实联系方式 (verify contact)' }, district.headers);
    expect(revealed.body.data).toEqual({ revealPersonalData: { value: '13912345678' } });
    const [audit] = await t.dataSource.query(
      `SELECT actor_id, reason, changes FROM audit_log WHERE operation = 'personalData.unmask' AND entity_id = $1`,
      [officer.userId],
    );
    expect(audit).toMatchObject({ actor_id: district.userId, reason: '核实联系方式 (verify contact)', changes: { field: 'phone' } });

    const auditor = await signIn(t, Role.AUDITOR, R.district);
    expect((await t.gql(REVEAL, { id: officer.userId, r: 'curious' }, auditor.headers)).body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    // personalData.unmask alone is not enough: a phone of an account needs users.read too.
    const sameTown = await signIn(t, Role.TOWN_OFFICER, R.town);
    expect((await t.gql(REVEAL, { id: officer.userId, r: '核实联系方式' }, sameTown.headers)).body.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'MISSING_PERMISSION',
      details: { permission: 'users.read' },
    });
    const otherDistrict = await signIn(t, Role.DISTRICT_OFFICER, R.otherDistrict);
    expect((await t.gql(REVEAL, { id: officer.userId, r: '核实联系方式' }, otherDistrict.headers)).body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const unmasks = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'personalData.unmask' AND entity_id = $1`, [officer.userId]);
    expect(unmasks[0].n).toBe(1);
  });
});
