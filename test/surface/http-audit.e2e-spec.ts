import { AuditFail, AuditResult, serverAudits } from 'graphql-http';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * GraphQL over HTTP conformance of the live /graphql endpoint, checked by graphql-http's own
 * audit suite, plus the status/media-type rules the suite only samples.
 */
describe('GraphQL over HTTP (graphql-http server audits)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('passes every audit: no error, no warning; the only notices are the deliberate CSRF refusals of simple GETs', async () => {
    const audits = serverAudits({ url: `${t.baseUrl}/graphql`, fetchFn: fetch });
    const results: AuditResult[] = [];
    for (const audit of audits) results.push(await audit.fn());

    const failed = results.filter((r) => r.status !== 'ok');
    const show = async (r: AuditResult) =>
      r.status === 'ok' ? r.name : `${r.status} ${r.id} ${r.name}: ${r.reason} (HTTP ${r.response.status})`;
    const problems = await Promise.all(failed.filter((r) => r.status === 'error' || r.status === 'warn').map(show));
    expect(problems).toEqual([]);

    // Each notice is Apollo's CSRF prevention refusing a GET without a preflight-forcing header.
    const notices = failed.filter((r): r is AuditFail => r.status === 'notice');
    for (const n of notices) {
      const body = (await n.response.clone().json().catch(() => undefined)) as
        | { errors?: { extensions?: { code?: string; reason?: string } }[] }
        | undefined;
      expect({ id: n.id, status: n.response.status, ext: body?.errors?.[0]?.extensions }).toEqual({
        id: n.id,
        status: 400,
        ext: { code: 'BAD_USER_INPUT', reason: 'CSRF_PREVENTED' },
      });
    }
    expect(notices.map((n) => n.id).sort()).toEqual(['5A70', '6A70', 'D6D5']);
    expect(results.filter((r) => r.status === 'ok').length).toBe(results.length - notices.length);
  });

  const post = (body: unknown, accept?: string) => {
    const req = t.http.post('/graphql').set('content-type', 'application/json');
    if (accept) req.set('accept', accept);
    return req.send(JSON.stringify(body));
  };
  const JSON_TYPE = /^application\/json; charset=utf-8$/;
  const GQL_TYPE = /^application\/graphql-response\+json; charset=utf-8$/;

  const requestErrors: [string, unknown, string][] = [
    ['a document that does not parse', { query: '{' }, 'GRAPHQL_PARSE_FAILED'],
    ['a document that does not validate', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['variables that do not coerce', { query: 'query($n: Int) { regions(first: $n) { totalCount } }', variables: { n: 'x' } }, 'INVALID_VARIABLE'],
    ['an unknown operation name', { query: 'query A { __typename }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
  ];

  it.each(requestErrors)('answers %s with 200 under application/json (also without Accept, and for */*)', async (_what, body, reason) => {
    for (const accept of ['application/json', undefined, '*/*', 'application/json, application/graphql-response+json;q=0.5']) {
      const res = await post(body, accept);
      expect({ accept, status: res.status }).toEqual({ accept, status: 200 });
      expect(res.headers['content-type']).toMatch(JSON_TYPE);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    }
  });

  it.each(requestErrors)('answers %s with 400 under application/graphql-response+json', async (_what, body, reason) => {
    for (const accept of ['application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9']) {
      const res = await post(body, accept);
      expect({ accept, status: res.status }).toEqual({ accept, status: 400 });
      expect(res.headers['content-type']).toMatch(GQL_TYPE);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    }
  });

  it('keeps 400 for requests that are not well-formed, under both media types', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      for (const body of [{ query: 0 }, { query: false }, { notquery: '{ __typename }' }, { query: '{ __typename }', variables: 'x' }]) {
        const res = await post(body, accept);
        expect({ accept, body, status: res.status }).toEqual({ accept, body, status: 400 });
        expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });

  it('answers a good query with 200 under both media types', async () => {
    for (const [accept, type] of [['application/json', JSON_TYPE], ['application/graphql-response+json', GQL_TYPE]] as const) {
      const res = await post({ query: '{ __typename }' }, accept);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(type);
      expect(res.body).toEqual({ data: { __typename: 'Query' } });
    }
  });
});
