import { ERROR_CODES } from '../../src/common/errors/app-error';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';

interface Res {
  status: number;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  headers: Record<string, string>;
}

/** What no answer may carry: stack frames, SQL, driver or ORM internals, source paths. */
const LEAKS = [
  /QueryFailedError|TypeORMError|EntityNotFound|DriverError/i,
  /\n\s+at |\bat [\w.<>]+ \(.*:\d+:\d+\)/,
  /stacktrace/i,
  /\b(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*\b(FROM|INTO|SET|WHERE)\b/,
  /node_modules|\/src\/|\.ts:\d+/,
];

/** A coded JSON error: the status, a service code on every error, the expected reason (and field). */
function expectCoded(res: Res, status: number, expected: { code?: string; reason: unknown; field?: string }): void {
  expect({ status: res.status, text: res.text.slice(0, 300) }).toEqual({ status, text: expect.any(String) });
  expect(res.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
  const errors = res.body.errors ?? [];
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(typeof e.message).toBe('string');
    expect(ERROR_CODES).toContain(e.extensions?.code);
    expect(typeof e.extensions?.reason).toBe('string');
  }
  expect(errors[0].extensions).toMatchObject({ code: expected.code ?? 'BAD_USER_INPUT', reason: expected.reason });
  if (expected.field) expect(errors[0].extensions?.field).toBe(expected.field);
  for (const leak of LEAKS) expect(res.text).not.toMatch(leak);
}

describe('bad input: every refusal is a coded 4xx JSON answer and the service stays up', () => {
  let t: TestApp;
  let limits: { maxDepth: number; maxAliases: number; maxCost: number; maxTokens: number };

  beforeAll(async () => {
    t = await startTestApp();
    limits = t.service.config.graphql;
  });
  afterAll(() => t?.close());
  afterEach(async () => {
    if (!t) return; // start-up failed: beforeAll already reports it
    const live = await t.http.get('/health/live');
    expect(live.status).toBe(200);
  });

  const post = (body: string, contentType = 'application/json') =>
    t.http.post('/graphql').set('content-type', contentType).set('accept', 'application/graphql-response+json').send(body);
  const gql = (query: string, variables?: Record<string, unknown>) => post(JSON.stringify({ query, variables }));

  it('refuses a malformed JSON body', async () => {
    expectCoded(await post('{"query": "{ __typename }"'), 400, { reason: 'MALFORMED_JSON', field: 'body' });
    expectCoded(await post('not json at all'), 400, { reason: 'MALFORMED_JSON', field: 'body' });
  });

  it('refuses a body that is not JSON: text/plain, form-encoded, multipart', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const body = type.startsWith('application/x-www') ? 'query=%7B__typename%7D' : '{"query":"{ __typename }"}';
      // Even with the header that lifts Apollo's CSRF check: the content type itself is refused.
      const res = await t.http.post('/graphql').set('content-type', type).set('apollo-require-preflight', '1').send(body);
      expectCoded(res, 415, { reason: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type' });
    }
  });

  it('refuses an unknown field', async () => {
    expectCoded(await gql('{ regions { nope } }'), 400, { reason: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('refuses a string where an Int goes, inline and as a variable (naming the variable)', async () => {
    expectCoded(await gql('{ regions(first: "ten") { totalCount } }'), 400, { reason: 'GRAPHQL_VALIDATION_FAILED' });
    const res = await gql('query($n: Int) { regions(first: $n) { totalCount } }', { n: 'ten' });
    expectCoded(res, 400, { reason: 'INVALID_VARIABLE', field: 'n' });
  });

  /** `{ region(code: …) { parent { parent { … code } } } }`, `depth` levels deep as graphql-armor counts. */
  const nested = (depth: number) => `{ region(code: "410106100201") { ${'parent { '.repeat(depth - 2)}code${' }'.repeat(depth - 2)} } }`;

  it('refuses a query deeper than GRAPHQL_MAX_DEPTH before any SQL runs', async () => {
    const deep = await countQueries(() => gql(nested(limits.maxDepth + 1)));
    expectCoded(deep.result, 400, { reason: 'QUERY_TOO_DEEP' });
    expect(deep.count).toBe(0);
    // At the limit the query runs (and the counter does see its SQL).
    const atLimit = await countQueries(() => gql(nested(limits.maxDepth)));
    expect(atLimit.result.status).toBe(200);
    expect(atLimit.result.body).toEqual({ data: { region: null } });
    expect(atLimit.count).toBeGreaterThan(0);
  });

  it('refuses a too costly query before any SQL runs', async () => {
    const q = '{ regions(first: 100) { edges { node { children { children { children { children { children { id code name level parentCode version createdAt updatedAt } } } } } } } } }';
    const res = await countQueries(() => gql(q));
    expectCoded(res.result, 400, { reason: 'QUERY_TOO_COSTLY' });
    expect(res.result.body.errors?.[0].message).toMatch(new RegExp(`${limits.maxCost}`));
    expect(res.count).toBe(0);
  });

  it('refuses too many aliases before any SQL runs', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: regions(first: 1) { totalCount }`).join(' ')} }`;
    const res = await countQueries(() => gql(aliases(limits.maxAliases + 1)));
    expectCoded(res.result, 400, { reason: 'TOO_MANY_ALIASES' });
    expect(res.count).toBe(0);
    const ok = await gql(aliases(limits.maxAliases));
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });

  it('refuses a document with too many tokens, and one too complex to validate, before any SQL runs', async () => {
    const manyTokens = `{ ${Array.from({ length: Math.ceil(limits.maxTokens / 3) + 1 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const tokens = await countQueries(() => gql(manyTokens));
    expectCoded(tokens.result, 400, { reason: 'TOO_MANY_TOKENS' });
    expect(tokens.count).toBe(0);
    // Under the token limit, but thousands of overlapping fields exhaust graphql-js's validation budget.
    const overlapping = `{ ${'regions { totalCount } '.repeat(Math.floor((limits.maxTokens - 2) / 4))}}`;
    const aborted = await countQueries(() => gql(overlapping));
    expectCoded(aborted.result, 400, { reason: 'QUERY_TOO_COSTLY' });
    expect(aborted.count).toBe(0);
  });

  it('refuses a body over BODY_LIMIT with 413', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1024 * 1024 + 1) } });
    expectCoded(await post(big), 413, { reason: 'PAYLOAD_TOO_LARGE', field: 'body' });
  });

  it('refuses an HTTP batch (a JSON array body)', async () => {
    expectCoded(await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])), 400, { reason: 'BATCH_NOT_ALLOWED' });
  });

  it('refuses a GET query without a CSRF preflight header, and answers it with one', async () => {
    const refused = await t.http.get('/graphql').query({ query: '{ __typename }' });
    expectCoded(refused, 400, { reason: 'CSRF_PREVENTED' });
    const allowed = await t.http.get('/graphql').query({ query: '{ __typename }' }).set('apollo-require-preflight', '1');
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a mutation over GET and an unsupported method', async () => {
    const get = await t.http.get('/graphql').query({ query: 'mutation { __typename }' }).set('apollo-require-preflight', '1');
    expectCoded(get, 405, { reason: 'MUTATION_OVER_GET' });
    expectCoded(await t.http.put('/graphql').send({ query: '{ __typename }' }), 405, { reason: 'METHOD_NOT_ALLOWED' });
  });

  it('answers an unknown route with a coded 404', async () => {
    for (const res of [await t.http.get('/nope'), await t.http.post('/nope').send({ a: 1 })]) {
      expectCoded(res, 404, { code: 'NOT_FOUND', reason: 'ROUTE_NOT_FOUND' });
      expect(JSON.stringify(res.body)).not.toContain('/nope');
    }
    expectCoded(await t.http.get('/%ZZ'), 400, { reason: expect.any(String) });
  });

  it('in development and test, introspection and field suggestions are available', async () => {
    const intro = await gql('{ __schema { types { name } } }');
    expect(intro.status).toBe(200);
    expect((intro.body.data as { __schema: { types: { name: string }[] } }).__schema.types.map((x) => x.name)).toContain('Region');
    const misspelt = await gql('{ regions { totalCont } }');
    expect(misspelt.body.errors?.[0].message).toMatch(/Did you mean "totalCount"\?/);
  });
});

describe('production: no introspection, no schema hints in errors', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production' });
  });
  afterAll(() => t?.close());

  const gql = (query: string, variables?: Record<string, unknown>) =>
    t.http.post('/graphql').set('accept', 'application/graphql-response+json').send({ query, variables });

  it('refuses introspection', async () => {
    for (const q of ['{ __schema { types { name } } }', '{ __type(name: "Region") { fields { name } } }']) {
      const res = await gql(q);
      expectCoded(res, 400, { reason: 'INTROSPECTION_DISABLED' });
      expect(res.body.data).toBeUndefined();
    }
    // __typename is not introspection of the schema and stays allowed.
    expect((await gql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('gives no "Did you mean" for a misspelt field, argument, type or enum value', async () => {
    const cases: [string, Record<string, unknown>?][] = [
      ['{ regions { totalCont } }'],
      ['{ regions(frist: 1) { totalCount } }'],
      ['query($l: RegionLevl) { regions(level: $l) { totalCount } }'],
      ['{ regions(level: VILAGE) { totalCount } }'],
      ['query($l: RegionLevel) { regions(level: $l) { totalCount } }', { l: 'VILAGE' }],
    ];
    for (const [q, variables] of cases) {
      const res = await gql(q, variables);
      expectCoded(res, 400, { reason: expect.any(String) });
      expect(res.text).not.toMatch(/did you mean/i);
      expect(res.text).not.toMatch(/"totalCount"|"first"|"RegionLevel"\?|"VILLAGE"/);
    }
  });
});
