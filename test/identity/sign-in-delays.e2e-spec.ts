import { Role } from '../../src/common/access/permissions';
import { PasswordHasher } from '../../src/identity/password-hasher';
import { loadRegions, PASSWORD, R, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

const WRONG = 'Wrong-Passw0rd!';
const LOGIN = `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`;

/**
 * Wrong passwords slow sign-in down instead of locking the account (a lock anyone can trigger):
 * per username and address (fast), per username from anywhere (gentler), per address (over all
 * usernames). Addresses come from X-Forwarded-For (the service trusts the loopback proxy).
 * The base delay is a minute, so no delay runs out during a test; time passing is simulated by
 * moving the counters' last failure back.
 */
describe('sign-in delays (issue #10 item 12)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_DELAY_BASE_MS: '60000',
      LOGIN_DELAY_FREE_FAILURES: '2',
      LOGIN_DELAY_MAX_SECONDS: '900',
      LOGIN_ACCOUNT_DELAY_FREE_FAILURES: '8',
      LOGIN_ACCOUNT_DELAY_MAX_SECONDS: '5',
      LOGIN_ADDRESS_DELAY_FREE_FAILURES: '12',
      LOGIN_ADDRESS_DELAY_MAX_SECONDS: '300',
    });
    await loadRegions(t);
  });
  afterAll(() => t?.close());

  /** The answer to one sign-in: 'ok', or the error's extensions. */
  async function attempt(username: string, password: string, address: string): Promise<'ok' | Record<string, unknown>> {
    const res = await t.gql<{ login: { accessToken: string } }>(LOGIN, { u: username, p: password }, { 'x-forwarded-for': address });
    if (res.body.data?.login?.accessToken) return 'ok';
    return res.body.errors![0].extensions!;
  }
  const INVALID = { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' };
  /** Seconds left of a delay: `seconds`, or a little less when the machine is slow between two requests. */
  const about = (seconds: number) => ({
    asymmetricMatch: (v: unknown) => typeof v === 'number' && v <= seconds && v > Math.max(0, seconds - 10),
    toAsymmetricMatcher: () => `about ${seconds}`,
  });
  const delayed = (seconds: number) => ({ code: 'RATE_LIMITED', reason: 'SIGN_IN_DELAYED', details: { retryAfterSeconds: about(seconds) } });
  /** Every counter's last failure `seconds` earlier: as if that much time had passed. */
  const elapse = (seconds: number) =>
    t.dataSource.query(`UPDATE login_throttle SET last_failure_at = last_failure_at - make_interval(secs => $1)`, [seconds]);

  it('after the free failures each wrong password doubles the wait; during it even the right password is not checked', async () => {
    const u = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    const at = '198.51.100.1';
    expect([await attempt(u.username, WRONG, at), await attempt(u.username, WRONG, at), await attempt(u.username, WRONG, at)]).toEqual([
      INVALID,
      INVALID,
      INVALID,
    ]);
    expect(await attempt(u.username, PASSWORD, at)).toEqual(delayed(60));
    await elapse(61);
    expect(await attempt(u.username, WRONG, at)).toEqual(INVALID);
    expect(await attempt(u.username, WRONG, at)).toEqual(delayed(120));
    await elapse(121);
    expect(await attempt(u.username, PASSWORD, at)).toBe('ok');
    // A right password starts the username's counters again.
    expect([await attempt(u.username, WRONG, at), await attempt(u.username, WRONG, at)]).toEqual([INVALID, INVALID]);
    expect(await attempt(u.username, PASSWORD, at)).toBe('ok');
  });

  it('the owner signs in from elsewhere while the one guessing waits; no account is locked, the administrator\'s neither', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    for (let i = 0; i < 3; i++) expect(await attempt(admin.username, WRONG, '198.51.100.2')).toEqual(INVALID);
    expect(await attempt(admin.username, WRONG, '198.51.100.2')).toEqual(delayed(60));
    // More wrong passwords from several addresses than the old lock allowed (5).
    for (let i = 3; i < 8; i++) expect(await attempt(admin.username, WRONG, `198.51.100.${i}`)).toEqual(INVALID);
    expect(await attempt(admin.username, PASSWORD, '203.0.113.9')).toBe('ok');
  });

  it('per username from anywhere: gentler, at most LOGIN_ACCOUNT_DELAY_MAX_SECONDS, for everyone', async () => {
    const u = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    for (let i = 0; i < 9; i++) expect(await attempt(u.username, WRONG, `192.0.2.${i + 1}`)).toEqual(INVALID);
    expect(await attempt(u.username, PASSWORD, '203.0.113.10')).toEqual(delayed(5));
    await elapse(6);
    expect(await attempt(u.username, PASSWORD, '203.0.113.10')).toBe('ok');
  });

  it('unknown usernames answer exactly like known ones, and cost a password check too', async () => {
    const u = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    const hasher = t.get(PasswordHasher);
    const verify = jest.spyOn(hasher, 'verify');
    const run = async (username: string, at: string) => {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await attempt(username, WRONG, at));
      await elapse(61);
      answers.push(await attempt(username, WRONG, at), await attempt(username, WRONG, at));
      return answers;
    };
    try {
      const expected = [INVALID, INVALID, INVALID, delayed(60), INVALID, delayed(120)];
      expect(await run(u.username, '198.51.100.20')).toEqual(expected);
      const checksKnown = verify.mock.calls.length;
      verify.mockClear();
      expect(await run('nobody-at-all', '198.51.100.21')).toEqual(expected);
      expect(verify.mock.calls.length).toBe(checksKnown);
      expect(checksKnown).toBe(4);
    } finally {
      verify.mockRestore();
    }
  });

  it('per address over every username (in memory)', async () => {
    const at = '198.51.100.30';
    for (let i = 0; i < 13; i++) expect(await attempt(`sprayed-${i}`, WRONG, at)).toEqual(INVALID);
    expect(await attempt('sprayed-next', WRONG, at)).toEqual(delayed(60));
    const u = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    expect(await attempt(u.username, PASSWORD, at)).toEqual(delayed(60));
    expect(await attempt(u.username, PASSWORD, '198.51.100.31')).toBe('ok');
  });

  it('parallel guesses cannot slip through before the first failure is counted', async () => {
    const u = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    const answers = await Promise.all(Array.from({ length: 10 }, () => attempt(u.username, WRONG, '198.51.100.40')));
    expect(answers.filter((a) => a !== 'ok' && a.reason === 'INVALID_CREDENTIALS')).toHaveLength(3);
    expect(answers.filter((a) => a !== 'ok' && a.reason === 'SIGN_IN_DELAYED')).toHaveLength(7);
  });

  it('keeps no username in the clear; a counter idle for LOGIN_DELAY_FORGET_MINUTES starts again', async () => {
    const at = '198.51.100.50';
    for (let i = 0; i < 3; i++) expect(await attempt('Typed-A-Passw0rd-Here', WRONG, at)).toEqual(INVALID);
    expect(await attempt('Typed-A-Passw0rd-Here', WRONG, at)).toEqual(delayed(60));
    const rows: Record<string, unknown>[] = await t.dataSource.query(`SELECT * FROM login_throttle`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.key).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows).toLowerCase()).not.toContain('typed');

    await elapse(60 * 60 + 1); // the default window: an hour
    for (let i = 0; i < 3; i++) expect(await attempt('Typed-A-Passw0rd-Here', WRONG, at)).toEqual(INVALID);
    expect(await attempt('Typed-A-Passw0rd-Here', WRONG, at)).toEqual(delayed(60));
  });
});
