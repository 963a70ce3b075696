import { auditServer } from 'graphql-http';
import { startTestApp, TestApp } from '../support/test-app';

describe('explore', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t?.close());
  it('audit', async () => {
    const results = await auditServer({ url: t.baseUrl + '/graphql', fetchFn: fetch });
    const out: string[] = [];
    for (const r of results) {
      if (r.status === 'ok') continue;
      const body = await r.response.text().catch(() => '?');
      out.push(`${r.status} ${r.id} ${r.name} :: ${r.reason} :: ${r.response.status} ${body.slice(0, 300)}`);
    }
    out.push(JSON.stringify(results.reduce((a: Record<string, number>, r) => ({ ...a, [r.status]: (a[r.status] ?? 0) + 1 }), {})));
    const probes: [string, () => Promise<{status: number; text: string}>][] = [
      ['malformed', () => t.http.post('/graphql').set('content-type', 'application/json').send('{"query":').then(r => r)],
      ['textplain', () => t.http.post('/graphql').set('content-type', 'text/plain').send('{"query":"{__typename}"}').then(r => r)],
      ['form', () => t.http.post('/graphql').set('content-type', 'application/x-www-form-urlencoded').send('query=%7B__typename%7D').then(r => r)],
      ['unknown field', () => t.http.post('/graphql').send({ query: '{ regions { nope } }' }).then(r => r)],
      ['inline str int', () => t.http.post('/graphql').send({ query: '{ regions(first: "x") { totalCount } }' }).then(r => r)],
      ['var str int', () => t.http.post('/graphql').send({ query: 'query($n: Int){ regions(first: $n) { totalCount } }', variables: { n: 'x' } }).then(r => r)],
      ['deep', () => t.http.post('/graphql').send({ query: `{ region(code: "410106100201") { ${'parent { '.repeat(15)} code ${'}'.repeat(15)} } }` }).then(r => r)],
      ['aliases', () => t.http.post('/graphql').send({ query: `{ ${Array.from({length: 20}, (_, i) => `a${i}: __typename`).join(' ')} }` }).then(r => r)],
      ['costly', () => t.http.post('/graphql').send({ query: `{ regions(first: 100) { edges { node { children { children { children { children { code name } } } } } } } }` }).then(r => r)],
      ['tokens', () => t.http.post('/graphql').send({ query: `{ ${Array.from({length: 1100}, () => `__typename`).join(' ')} }` }).then(r => r)],
      ['big', () => t.http.post('/graphql').set('content-type', 'application/json').send(JSON.stringify({ query: '{__typename}', x: 'a'.repeat(1_100_000) })).then(r => r)],
      ['batch', () => t.http.post('/graphql').send([{ query: '{__typename}' }]).then(r => r)],
      ['get nocsrf', () => t.http.get('/graphql?query=%7B__typename%7D').then(r => r)],
      ['get csrf', () => t.http.get('/graphql?query=%7B__typename%7D').set('apollo-require-preflight', '1').then(r => r)],
      ['nope', () => t.http.get('/nope').then(r => r)],
      ['intro', () => t.http.post('/graphql').send({ query: '{ __schema { types { name } } }' }).then(r => r)],
      ['misspelt', () => t.http.post('/graphql').send({ query: '{ regions { totalCont } }' }).then(r => r)],
    ];
    for (const [n, p] of probes) {
      const r = await p();
      out.push(`${n}: ${r.status} ${(r.text ?? '').slice(0, 400)}`);
    }
    console.log(out.join('\n'));
  });
});
