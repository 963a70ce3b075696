import { Role } from '../../src/common/access/permissions';
import { loadRegions, R, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * POST /graphql takes the GraphQL lane (src/common/http/graphql-lane.ts): the same steps as the
 * Express stack, run as one chain. `/graphql/` (a trailing slash) still goes down the stack to
 * the same Apollo, so every kind of answer is compared between the two: status, the headers a
 * client reads, and the body.
 */
describe('the GraphQL lane answers as the Express stack does', () => {
  let t: TestApp;
  let officer: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '10kb' });
    await loadRegions(t);
    officer = (await signIn(t, Role.TOWN_OFFICER, R.town)).headers;
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
    return {
      status: res.status,
      contentType: pick('content-type'),
      cacheControl: pick('cache-control'),
      authenticate: pick('www-authenticate'),
      requestId: pick('x-request-id') ? 'present' : 'absent',
      body: res.text ? (JSON.parse(res.text) as unknown) : null,
    };
  }

  async function same(ask: Ask) {
    const serve = jest.spyOn(t.service.graphqlLane, 'serve');
    try {
      const lane = await answer('/graphql', ask);
      expect(serve).toHaveBeenCalledTimes(1);
      const stack = await answer('/graphql/', ask);
      expect(serve).toHaveBeenCalledTimes(1);
      expect(lane).toEqual(stack);
      return lane;
    } finally {
      serve.mockRestore();
    }
  }

  it('is open once the service has started', () => {
    expect(t.service.graphqlLane.isOpen).toBe(true);
  });

  it('answers queries, anonymous and signed in, with a query string too', async () => {
    expect((await same({ body: JSON.stringify({ query: '{ __typename }' }) })).body).toEqual({ data: { __typename: 'Query' } });
    const me = await same({ body: JSON.stringify({ query: '{ viewer { roles } }' }), headers: officer });
    expect(me).toMatchObject({ status: 200, cacheControl: 'no-store', requestId: 'present', body: { data: { viewer: { roles: ['TOWN_OFFICER'] } } } });
    expect((await same({ body: JSON.stringify({ query: '{ viewer { roles } }' }), headers: officer, query: '?from=client' })).status).toBe(200);
  });

  it('refuses bad credentials with 401 and WWW-Authenticate', async () => {
    const bad = await same({ body: JSON.stringify({ query: '{ viewer { roles } }' }), headers: { authorization: 'Bearer not-a-token' } });
    expect(bad).toMatchObject({ status: 401, authenticate: 'Bearer', body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
    expect((await same({ body: '{}', headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it('refuses bodies before GraphQL: wrong media type, malformed JSON, too large, none', async () => {
    expect(await same({ body: 'query=x', contentType: 'application/x-www-form-urlencoded' })).toMatchObject({
      status: 415,
      body: { errors: [{ extensions: { reason: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type' } }] },
    });
    expect(await same({ body: '{"query": ' })).toMatchObject({ status: 400, body: { errors: [{ extensions: { reason: 'MALFORMED_JSON' } }] } });
    const large = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(12 * 1024) } });
    expect(await same({ body: large })).toMatchObject({ status: 413, body: { errors: [{ extensions: { reason: 'PAYLOAD_TOO_LARGE' } }] } });
    expect((await same({ body: '' })).status).toBe(400);
  });

  it('answers GraphQL errors alike: validation (legacy and new media types), variables, a refused mutation', async () => {
    const invalid = JSON.stringify({ query: '{ nothingHere }' });
    expect((await same({ body: invalid })).status).toBe(200);
    expect((await same({ body: invalid, headers: { accept: 'application/graphql-response+json' } })).status).toBe(400);
    expect((await same({ body: JSON.stringify({ query: 'query($n: Int!) { __typename }', variables: { n: 'x' } }) })).body).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const wrong = await same({ body: JSON.stringify({ query: 'mutation { login(input: { username: "nobody-here", password: "Wrong-Passw0rd!" }) { accessToken } }' }) });
    expect(wrong.body).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' } }] });
  });
});
