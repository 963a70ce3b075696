import { Browser, Page } from 'playwright-core';
import { Role } from '../../src/common/access/permissions';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { launchChromium, openPage, PAGE_DEADLINE_MS, SKIP_BROWSER_TESTS } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

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

/** GraphiQL at GET /graphql, in a real browser (test/support/browser.ts: Debian's Chromium). */
(SKIP_BROWSER_TESTS ? describe.skip : describe)('GraphiQL in a browser (GET /graphql)', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openGraphiql(): Promise<{ page: Page; problems: string[]; foreign: string[] }> {
    const { page, problems, foreign, status } = await openPage(browser, t.baseUrl, '/graphql');
    expect(status).toBe(200);
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
