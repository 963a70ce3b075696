import { loadRegions } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

describe('rate limits, counted per operation even inside one GraphQL request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_PER_MINUTE: '10', RATE_LIMIT_IP_PER_MINUTE: '100000' });
    await loadRegions(t);
  });
  afterAll(() => t?.close());

  it('sign-in attempts from one address: the sixth in a minute is refused', async () => {
    const codes: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.gql(`mutation { login(input: { username: "nobody", password: "Wrong-Passw0rd!" }) { accessToken } }`);
      codes.push(res.body.errors?.[0].extensions?.code);
    }
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('aliases do not multiply the allowance: twelve lookups in one request, two refused', async () => {
    const aliases = Array.from({ length: 12 }, (_, i) => `r${i}: region(code: "410106100201") { name }`);
    const res = await t.gql<Record<string, { name: string } | null>>(`{ ${aliases.join('\n')} }`);
    const answered = Object.values(res.body.data ?? {}).filter((v) => v?.name === '北峡窝村');
    const limited = (res.body.errors ?? []).filter((e) => e.extensions?.code === 'RATE_LIMITED');
    // The per-caller limit (10 a minute) counts every operation: the sign-ins above and each
    // of these lookups one by one.
    expect(answered.length + limited.length).toBe(12);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    const next = await t.gql(`{ region(code: "410106100201") { name } }`);
    expect(next.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_MANY_REQUESTS' });
  });
});
