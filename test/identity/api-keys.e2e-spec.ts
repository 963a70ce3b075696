import { Role } from '../../src/common/access/permissions';
import { loadRegions, R, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

describe('API keys for integration clients (provincial platform, reporting scripts)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
  });
  afterAll(() => t?.close());

  const CREATE = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id prefix scopes regionCode } } }`;

  it('shows the secret once, stores only a hash, works as a header, and can be revoked', async () => {
    const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    const created = await t.gql<{ createApiKey: { secret: string; apiKey: { id: string; prefix: string } } }>(
      CREATE,
      { i: { name: '省平台对接', scopes: ['HOUSEHOLDS_READ'], regionCode: R.district } },
      officer.headers,
    );
    const { secret, apiKey } = created.body.data!.createApiKey;
    const [, secretPart] = secret.match(/^jzfp_[A-Za-z0-9]{12}_([A-Za-z0-9_-]{43})$/) ?? [];
    expect(secretPart).toBeDefined();
    const raw = await t.dataSource.query(`SELECT * FROM api_keys WHERE id = $1`, [apiKey.id]);
    // The whole random part (it may itself hold a '_', so not what follows the last one).
    expect(JSON.stringify(raw)).not.toContain(secretPart);
    const listed = await t.gql<{ apiKeys: { edges: { node: Record<string, unknown> }[] } }>(`{ apiKeys { edges { node { id prefix } } } }`, {}, officer.headers);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const viaKey = await t.gql<{ viewer: { kind: string; roles: string[] } }>(`{ viewer { kind roles } households(first: 1) { totalCount } }`, {}, { 'x-api-key': secret });
    expect(viaKey.body.data?.viewer).toEqual({ kind: 'apiKey', roles: ['INTEGRATION'] });
    // The key has only its scopes.
    const outOfScope = await t.gql(`{ apiKeys { totalCount } }`, {}, { 'x-api-key': secret });
    expect(outOfScope.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });

    await t.gql(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { revokedAt } } }`, { id: apiKey.id }, officer.headers);
    const revoked = await t.gql(`{ viewer { kind } }`, {}, { 'x-api-key': secret });
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'API_KEY_INVALID' });
    const audit = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [apiKey.id]);
    expect(audit.map((r: { operation: string }) => r.operation)).toEqual(['apiKeys.create', 'apiKeys.revoke']);
  });

  it('refuses expired keys, wrong secrets, admin scopes and regions outside the issuer', async () => {
    const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    const expired = await t.gql<{ createApiKey: { secret: string } }>(
      CREATE,
      { i: { name: 'old', scopes: ['HOUSEHOLDS_READ'], regionCode: R.town, expiresAt: new Date(Date.now() - 1000).toISOString() } },
      officer.headers,
    );
    expect((await t.gql(`{ viewer { kind } }`, {}, { 'x-api-key': expired.body.data!.createApiKey.secret })).status).toBe(401);
    const wrong = expired.body.data!.createApiKey.secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await t.gql(`{ viewer { kind } }`, {}, { 'x-api-key': wrong })).status).toBe(401);
    const adminScope = await t.gql(CREATE, { i: { name: 'x', scopes: ['USERS_MANAGE'], regionCode: R.district } }, officer.headers);
    expect(adminScope.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SCOPE_NOT_GRANTABLE' });
    const foreign = await t.gql(CREATE, { i: { name: 'x', scopes: [], regionCode: R.otherDistrict } }, officer.headers);
    expect(foreign.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'regionCode' });
  });
});
