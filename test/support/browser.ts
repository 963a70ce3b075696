import { existsSync } from 'node:fs';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';

/**
 * Headless Chromium for the browser tests: Debian's `chromium` (scripts/install-chromium.sh, run
 * by .ci/run) driven by playwright-core; nothing is downloaded here. Without it a test fails and
 * says how to install it (a missing browser must not pass as a green run); SKIP_BROWSER_TESTS=1
 * skips the browser tests on purpose (a developer machine without apt), CI never sets it.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SKIP_BROWSER_TESTS = process.env.SKIP_BROWSER_TESTS === '1';
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
export const PAGE_DEADLINE_MS = 60_000;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it with scripts/install-chromium.sh (Debian: apt-get install chromium), ` +
        'set CHROMIUM_PATH to another build, or set SKIP_BROWSER_TESTS=1 to skip the browser tests on purpose.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface OpenedPage {
  page: Page;
  /** Page errors and console errors (a CSP violation, a failed script). */
  problems: string[];
  /** Requests to anywhere but the service (refused). */
  foreign: string[];
  /** Dialogs the page opened (alert, confirm), dismissed. */
  dialogs: string[];
}

/**
 * A new context and page on `baseUrl + path`, where everything must come from the service itself:
 * any other request is refused and recorded, as are page errors, console errors and dialogs.
 */
export async function openPage(browser: Browser, baseUrl: string, path: string, options: BrowserContextOptions = {}): Promise<OpenedPage & { status: number | undefined }> {
  const context = await browser.newContext(options);
  const problems: string[] = [];
  const foreign: string[] = [];
  const dialogs: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${baseUrl}/`) || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (dlg) => {
    dialogs.push(dlg.message());
    void dlg.dismiss();
  });
  const res = await page.goto(`${baseUrl}${path}`);
  return { page, problems, foreign, dialogs, status: res?.status() };
}
