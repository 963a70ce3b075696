import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';
import { Role } from '../../src/common/access/permissions';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * GraphiQL at GET /graphql, in a real browser: Debian's Chromium driven by playwright-core.
 * Chromium comes from the project's own install step (scripts/install-chromium.sh, run by
 * .ci/run); nothing is downloaded here. Without it the test fails and says how to install it:
 * a missing browser must not pass as a green run. SKIP_BROWSER_TESTS=1 skips it on purpose
 * (a developer machine without apt); CI never sets it.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SKIP = process.env.SKIP_BROWSER_TESTS === '1';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A condition in the page may take this long on a loaded machine (it is polled, not waited for). */
const PAGE_DEADLINE_MS = 60_000;

/** Sets an editor's text through its CodeMirror instance (typing would fight auto-closing brackets). */
async function setEditor(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).first().waitFor({ timeout: PAGE_DEADLINE_MS });
  await page.evaluate(
    ([sel, value]) => {
      // Runs in the page (the test's own TypeScript has no DOM types).
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { CodeMirror?: { setValue(v: string): void } } | null } }).document;
      const el = doc.querySelector(sel);
      if (!el?.CodeMirror) throw new Error(`no CodeMirror editor at ${sel}`);
      el.CodeMirror.setValue(value);
    },
    [selector, text] as const,
  );
  if (selector === QUERY_EDITOR) {
    // GraphiQL takes an edit (the query, and the operation name it sends) after a short debounce, and
    // then stores the query: wait for that, or a quick click may still send the previous operation name.
    await page.waitForFunction(
      (value) => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('graphiql:query') === value,
      text,
      { timeout: PAGE_DEADLINE_MS },
    );
  }
}

const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
const RESULT = '.result-window';

(SKIP ? describe.skip : describe)('GraphiQL in a browser (GET /graphql)', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: SignedIn;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install it with scripts/install-chromium.sh (Debian: apt-get install chromium), ` +
          'set CHROMIUM_PATH to another build, or set SKIP_BROWSER_TESTS=1 to skip the browser tests on purpose.',
      );
    }
    t = await startTestApp();
    await loadRegions(t);
    admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openGraphiql(): Promise<{ page: Page; problems: string[]; foreign: string[] }> {
    const context = await browser.newContext();
    const problems: string[] = [];
    const foreign: string[] = [];
    // Everything must come from the service itself: any other request is refused and recorded.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${t.baseUrl}/`) || url.startsWith('data:')) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console: ${m.text()}`);
    });
    const res = await page.goto(`${t.baseUrl}/graphql`);
    expect(res?.status()).toBe(200);
    await page.locator('.graphiql-container').waitFor({ timeout: PAGE_DEADLINE_MS });
    return { page, problems, foreign };
  }

  it('loads from the service alone under its own Content-Security-Policy, and runs a query', async () => {
    const { page, problems, foreign } = await openGraphiql();
    await setEditor(page, QUERY_EDITOR, '{ __typename }');
    await page.getByRole('button', { name: /Execute query/ }).click();
    await page.locator(RESULT).filter({ hasText: '"__typename": "Query"' }).waitFor({ timeout: PAGE_DEADLINE_MS });
    expect(foreign).toEqual([]);
    // A CSP violation, a failed script or a React error would show here.
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('signs in through the headers editor: a token there is sent with the query', async () => {
    const { page, problems } = await openGraphiql();
    await setEditor(page, QUERY_EDITOR, '{ viewer { name kind regionCode } }');
    // Anonymous first: the viewer is null.
    await page.getByRole('button', { name: /Execute query/ }).click();
    await page.locator(RESULT).filter({ hasText: '"viewer": null' }).waitFor({ timeout: PAGE_DEADLINE_MS });

    await page.getByRole('button', { name: 'Headers' }).click();
    await setEditor(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${admin.token}` }));
    await page.getByRole('button', { name: /Execute query/ }).click();
    await page.locator(RESULT).filter({ hasText: `"name": "${admin.username}"` }).waitFor({ timeout: PAGE_DEADLINE_MS });
    await expect(page.locator(RESULT).textContent()).resolves.toContain(`"regionCode": "${R.district}"`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('answers only browsers with the page: API clients still reach Apollo at /graphql', async () => {
    const page = await t.http.get('/graphql').set('accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/); // no inline script
    expect(page.text).not.toMatch(/https?:\/\//); // no CDN

    const json = await t.http.get('/graphql?query=%7B__typename%7D').set('accept', 'application/json').set('apollo-require-preflight', '1');
    expect(json.body).toEqual({ data: { __typename: 'Query' } });
    const post = await t.gql('{ __typename }');
    expect(post.body.data).toEqual({ __typename: 'Query' });
  });
});
