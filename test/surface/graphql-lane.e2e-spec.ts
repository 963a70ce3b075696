import { HOUSEHOLD_BY_ID, NESTED_PAGE, PLAIN_PAGE } from '../../bench/scenarios/households';
import { Role } from '../../src/common/access/permissions';
import { GraphQLModule } from '@nestjs/graphql';
import { specifiedRules, ValidationRule } from 'graphql';
import { DirectQueries, noIntrospection } from '../../src/common/graphql/direct-queries';
import { activate, createHousehold, householdInput, member } from '../households/registry-fixtures';
import { loadRegions, R, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * POST /graphql takes the GraphQL lane (src/common/http/graphql-lane.ts): the same steps as the
 * Express stack, run as one chain. `/graphql/` (a trailing slash) still goes down the stack to
 * the same Apollo, so every kind of answer is compared between the two: status, the headers (all
 * but the date, the request id and the rate limit's counters and reset times) and the body, byte
 * for byte. The lane answers queries without Apollo's pipeline (src/common/graphql/direct-queries.ts)
 * and hands the rest, or a result with errors, to Apollo: each comparison also says which of the
 * three the lane did.
 */
describe('the GraphQL lane answers as the Express stack does', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  let direct: DirectQueries;
  /** A household of the officer's town, and one of another town. */
  let ours: string;
  let theirs: string;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '10kb' });
    await loadRegions(t);
    const townOfficer = await signIn(t, Role.TOWN_OFFICER, R.town);
    officer = townOfficer.headers;
    direct = t.service.graphqlLane.direct!;
    const villager = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    const h = await createHousehold(t, villager, householdInput(R.village, { members: [member({ name: '刘建国', birthDate: '1975-05-05' }), member({ name: '刘小军', relation: 'SON', birthDate: '2000-01-01' })] }));
    await activate(t, h.id);
    ours = h.id;
    const other = R.villageOfSiblingTown;
    const elsewhere = await signIn(t, Role.VILLAGE_OFFICER, other);
    theirs = (await createHousehold(t, elsewhere, householdInput(other))).id;
  });
  afterAll(() => t?.close());

  interface Ask {
    body: string;
    headers?: Record<string, string>;
    contentType?: string;
    query?: string;
  }

  async function answer(path: string, ask: Ask) {
    let req = t.http.post(`${path}${ask.query ?? ''}`).set('content-type', ask.contentType ?? 'application/json');
    for (const [k, v] of Object.entries(ask.headers ?? {})) req = req.set(k, v);
    const res = await req.send(ask.body);
    const pick = (name: string) => res.headers[name] as string | undefined;
    // Not compared: the date, the request's id, and the rate limit's counters left and seconds to
    // reset (each request counts, and a second may pass between the two requests).
    const varying = (k: string) => k === 'date' || k === 'x-request-id' || k.startsWith('x-ratelimit-remaining') || k.startsWith('x-ratelimit-reset');
    const headers = Object.fromEntries(Object.entries(res.headers as Record<string, string>).filter(([k]) => !varying(k)));
    return {
      status: res.status,
      contentType: pick('content-type'),
      cacheControl: pick('cache-control'),
      authenticate: pick('www-authenticate'),
      requestId: pick('x-request-id') ? 'present' : 'absent',
      headers,
      text: res.text,
      body: res.text ? (JSON.parse(res.text) as unknown) : null,
    };
  }

  /** Asks the lane and the stack the same, expects the same answer, and that the lane took `path` (direct-queries.ts). */
  async function same(ask: Ask, path: 'direct' | 'handedOver' | 'apollo' | 'none' = 'none') {
    const serve = jest.spyOn(t.service.graphqlLane, 'serve');
    try {
      const before = { ...direct.answers };
      const lane = await answer('/graphql', ask);
      expect(serve).toHaveBeenCalledTimes(1);
      const after = { ...direct.answers };
      const stack = await answer('/graphql/', ask);
      expect(serve).toHaveBeenCalledTimes(1);
      expect(direct.answers).toEqual(after);
      expect(lane).toEqual(stack);
      const took = (['direct', 'handedOver', 'apollo'] as const).filter((k) => after[k] !== before[k]);
      expect(took).toEqual(path === 'none' ? [] : [path]);
      return lane;
    } finally {
      serve.mockRestore();
    }
  }

  const ask = (query: string, variables?: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.stringify({ query, variables, ...extra });

  it('is open once the service has started', () => {
    expect(t.service.graphqlLane.isOpen).toBe(true);
  });

  it("validates with Apollo's own rules, in Apollo's order (its NoIntrospection in production is the direct path's noIntrospection)", () => {
    const graphql = t.get(GraphQLModule as never) as { graphQlAdapter: { instance: { internals: { validationRules: ValidationRule[]; laterValidationRules?: unknown } } } };
    const apollo = graphql.graphQlAdapter.instance.internals;
    expect(apollo.laterValidationRules).toBeUndefined();
    const expected = apollo.validationRules.map((rule) => (rule.name === 'NoIntrospection' ? noIntrospection : rule));
    expect(direct.rules).toEqual([...specifiedRules, ...expected]);
    expect(apollo.validationRules.length).toBeGreaterThan(0);
  });

  it('answers queries, anonymous and signed in, with a query string too', async () => {
    expect((await same({ body: JSON.stringify({ query: '{ __typename }' }) }, 'direct')).body).toEqual({ data: { __typename: 'Query' } });
    const me = await same({ body: JSON.stringify({ query: '{ viewer { roles } }' }), headers: officer }, 'direct');
    expect(me).toMatchObject({ status: 200, cacheControl: 'no-store', requestId: 'present', body: { data: { viewer: { roles: ['TOWN_OFFICER'] } } } });
    expect((await same({ body: JSON.stringify({ query: '{ viewer { roles } }' }), headers: officer, query: '?from=client' }, 'direct')).status).toBe(200);
  });

  it('refuses bad credentials with 401 and WWW-Authenticate', async () => {
    const bad = await same({ body: JSON.stringify({ query: '{ viewer { roles } }' }), headers: { authorization: 'Bearer not-a-token' } });
    expect(bad).toMatchObject({ status: 401, authenticate: 'Bearer', body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
    expect((await same({ body: '{}', headers: { authorization: 'Basic abc' } })).status).toBe(401);
    // A token that was valid: refused by authentication, before the lane's last step.
    expect((await same({ body: JSON.stringify({ query: '{ viewer { roles } }' }), headers: { authorization: 'Bearer ' + 'x'.repeat(40) } })).status).toBe(401);
  });

  it('refuses bodies before GraphQL: wrong media type, malformed JSON, too large, none', async () => {
    expect(await same({ body: 'query=x', contentType: 'application/x-www-form-urlencoded' })).toMatchObject({
      status: 415,
      body: { errors: [{ extensions: { reason: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type' } }] },
    });
    expect(await same({ body: '{"query": ' })).toMatchObject({ status: 400, body: { errors: [{ extensions: { reason: 'MALFORMED_JSON' } }] } });
    const large = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(12 * 1024) } });
    expect(await same({ body: large })).toMatchObject({ status: 413, body: { errors: [{ extensions: { reason: 'PAYLOAD_TOO_LARGE' } }] } });
    expect((await same({ body: '' }, 'apollo')).status).toBe(400);
  });

  it('answers GraphQL errors alike: validation (legacy and new media types), variables, a refused mutation', async () => {
    const invalid = JSON.stringify({ query: '{ nothingHere }' });
    expect((await same({ body: invalid }, 'apollo')).status).toBe(200);
    expect((await same({ body: invalid, headers: { accept: 'application/graphql-response+json' } }, 'apollo')).status).toBe(400);
    // An unused variable fails validation: Apollo's.
    expect((await same({ body: JSON.stringify({ query: 'query($n: Int!) { __typename }', variables: { n: 'x' } }) }, 'apollo')).body).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const wrong = await same({ body: JSON.stringify({ query: 'mutation { login(input: { username: "nobody-here", password: "Wrong-Passw0rd!" }) { accessToken } }' }) }, 'apollo');
    expect(wrong.body).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' } }] });
  });

  it('answers the read path directly, byte for byte as Apollo: a household by id, the plain and the nested page', async () => {
    const one = await same({ body: ask(HOUSEHOLD_BY_ID, { id: ours }), headers: officer }, 'direct');
    expect(one.body).toMatchObject({ data: { household: { members: [{ name: '刘建国' }, { name: '刘小军' }] } } });
    expect(one.text.endsWith('}\n')).toBe(true);
    expect((await same({ body: ask(PLAIN_PAGE, { first: 20 }), headers: officer }, 'direct')).body).toMatchObject({ data: { households: { edges: [{ node: {} }] } } });
    expect((await same({ body: ask(NESTED_PAGE, { first: 5 }), headers: officer }, 'direct')).body).toMatchObject({ data: { households: { edges: [{ node: { region: {} } }] } } });
    // The same document again, with other variables: parsed and validated once, answered alike.
    expect((await same({ body: ask(PLAIN_PAGE, { first: 1 }), headers: officer }, 'direct')).status).toBe(200);
  });

  it('hands a result with errors to Apollo: a refused field, variables that do not coerce', async () => {
    // Out of scope and unknown are both null, without an error: answered directly.
    expect((await same({ body: ask(HOUSEHOLD_BY_ID, { id: theirs }), headers: officer }, 'direct')).body).toEqual({ data: { household: null } });
    await same({ body: ask(HOUSEHOLD_BY_ID, { id: '00000000-0000-4000-8000-000000000000' }), headers: officer }, 'direct');
    // A null for a required variable, a page too large for its resolver, no caller at all.
    await same({ body: ask(HOUSEHOLD_BY_ID, { id: null }), headers: officer }, 'handedOver');
    const tooLarge = await same({ body: ask(NESTED_PAGE, { first: 101 }), headers: officer }, 'handedOver');
    expect(tooLarge.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'first' } }], data: null });
    const anonymous = await same({ body: ask(HOUSEHOLD_BY_ID, { id: ours }) }, 'handedOver');
    expect(anonymous.body).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const coerced = await same({ body: ask('query($n: Int!) { households(first: $n) { totalCount } }', { n: 'x' }), headers: officer }, 'handedOver');
    expect(coerced.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('picks the operation by name as Apollo does, and leaves an unknown or missing name to Apollo', async () => {
    const two = 'query A { viewer { roles } } query B { __typename }';
    expect((await same({ body: ask(two, undefined, { operationName: 'B' }), headers: officer }, 'direct')).body).toEqual({ data: { __typename: 'Query' } });
    expect((await same({ body: ask(two, undefined, { operationName: 'A' }), headers: officer }, 'direct')).body).toMatchObject({ data: { viewer: {} } });
    await same({ body: ask(two, undefined, { operationName: 'C' }), headers: officer }, 'apollo');
    await same({ body: ask(two), headers: officer }, 'apollo');
    await same({ body: ask('{ __typename }', undefined, { operationName: 5 }), headers: officer }, 'apollo');
  });

  it('negotiates the media type as Apollo does, and leaves other Accept headers to Apollo', async () => {
    const q = ask('{ viewer { roles } }');
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9', 'application/json, text/plain, */*']) {
      await same({ body: q, headers: { ...officer, accept } }, 'direct');
    }
    expect((await same({ body: q, headers: { ...officer, accept: 'text/html' } }, 'apollo')).status).toBe(406);
    await same({ body: q, headers: { ...officer, accept: 'application/json; callbackSpec=1.0' } }, 'apollo');
  });

  it('leaves to Apollo what it answers before executing: a costly query, a syntax error, extensions, variables not an object, an empty query', async () => {
    const deep = `query($f: Int) { regions(first: $f) { edges { node { children { children { children { children { children {
      id code name level parentCode version createdAt updatedAt } } } } } } } } }`;
    const costly = await same({ body: ask(deep, { f: 100 }), headers: officer }, 'apollo');
    expect(costly.body).toMatchObject({ errors: [{ extensions: { reason: 'QUERY_TOO_COSTLY' } }] });
    await same({ body: ask(deep, { f: 2 }), headers: officer }, 'direct');
    await same({ body: ask('{ viewer { roles }'), headers: officer }, 'apollo');
    await same({ body: ask('{ __typename }', undefined, { extensions: { persistedQuery: { version: 1, sha256Hash: 'x'.repeat(64) } } }), headers: officer }, 'apollo');
    await same({ body: JSON.stringify({ query: '{ __typename }', variables: [1] }), headers: officer }, 'apollo');
    await same({ body: JSON.stringify({ query: '' }), headers: officer }, 'apollo');
    await same({ body: JSON.stringify([{ query: '{ __typename }' }]), headers: officer }, 'apollo');
  });
});
