import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { Role } from '../../src/common/access/permissions';
import { projectRoot } from '../../src/common/project-root';
import { QR_OPTIONS } from '../../src/disclosure/public-pages.controller';
import { qrTarget } from '../../src/disclosure/public-pages';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { launchChromium, OpenedPage, openPage, PAGE_DEADLINE_MS, SKIP_BROWSER_TESTS } from '../support/browser';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';

/**
 * The public pages of disclosure in a real browser (test/support/browser.ts: Debian's Chromium):
 * the list by village and kind, a notice with its versions and hashes, and filing an objection
 * through the form, on a phone-sized screen. With SCREENSHOTS_DIR set (`npm run screenshots`)
 * it also writes the README's screenshot of a notice page.
 */
const PHONE = { width: 390, height: 844 };

type Json = Record<string, any>;

(SKIP_BROWSER_TESTS ? describe.skip : describe)('public disclosure pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let town: SignedIn;
  let notice: Json;

  const ok = (res: GqlResult): Json => {
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data as Json;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    const content = {
      title: '2026年第一批财政专项扶贫资金分配结果',
      summary: '根据区级资金分配方案，现将分配结果公示如下。',
      responsibleUnit: '峡窝镇人民政府',
      documentNumber: '上财预〔2026〕1号',
      issuedOn: '2018-03-01',
      amount: '1200000.00',
      allocations: [
        { regionCode: R.village, recipient: '北峡窝村', purpose: '道路硬化', amount: '700000.00' },
        { regionCode: R.villageSameTown, recipient: '南峡窝村', purpose: '扶贫车间', amount: '500000.00' },
      ],
    };
    const d = ok(await t.gql(`mutation($i: CreateDisclosureNoticeInput!) { createDisclosureNotice(input: $i) { notice { id version } } }`, { i: { kind: 'FUND_ALLOCATION', subjectType: 'FundAllocation', subjectId: 'page-1', regionCode: R.town, channels: ['PORTAL', 'TOWN_BOARD'], content } }, town.headers)).createDisclosureNotice.notice;
    notice = ok(await t.gql(`mutation($i: PublishDisclosureNoticeInput!) { publishDisclosureNotice(input: $i) { notice { id versions { payloadHash } } } }`, { i: { id: d.id, version: d.version } }, town.headers)).publishDisclosureNotice.notice;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(path: string): Promise<OpenedPage> {
    const opened = await openPage(browser, t.baseUrl, path, { viewport: PHONE, locale: 'zh-CN' });
    expect(opened.status).toBe(200);
    return opened;
  }

  const scrollWidth = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);

  it('lists notices by village and kind, opens one with its text, versions and hash, and files an objection through the form', async () => {
    const { page, problems, foreign, dialogs } = await open(`/public/pages/notices?region=${R.town}`);
    await page.getByRole('heading', { level: 1, name: '公告公示' }).waitFor({ timeout: PAGE_DEADLINE_MS });
    await page.getByRole('heading', { level: 2, name: '峡窝镇' }).waitFor({ timeout: PAGE_DEADLINE_MS });
    await page.getByRole('link', { name: /2026年第一批财政专项扶贫资金分配结果/ }).click();
    await page.locator('#notice-text').waitFor({ timeout: PAGE_DEADLINE_MS });
    expect(await page.locator('#notice-text').innerText()).toContain('北峡窝村');
    expect(await page.locator('body').innerText()).toContain(notice.versions[0].payloadHash);
    expect(await page.locator('body').innerText()).toContain('notice:verify');
    // Usable on a phone: nothing wider than the screen.
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    if (process.env.SCREENSHOTS_DIR) {
      const dir = join(projectRoot(), process.env.SCREENSHOTS_DIR);
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, 'public-notice.png'), fullPage: true });
    }

    const text = '<script>alert("x")</script>南峡窝村金额与村民代表会议纪要不符';
    await page.getByLabel('异议内容（必填）').fill(text);
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.getByRole('status').filter({ hasText: '已收到您的异议' }).waitFor({ timeout: PAGE_DEADLINE_MS });
    const [row] = await t.dataSource.query(`SELECT text, source, objector_name FROM disclosure_objections WHERE notice_id = $1`, [notice.id]);
    expect(row).toEqual({ text, source: 'PUBLIC', objector_name: null });
    // The list of answers shows it received (its text is not published), and no script ran anywhere.
    expect(await page.locator('body').innerText()).toContain('办理中');
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('prints the board version (A4) with the hash and a QR code that opens the page checking that hash', async () => {
    const hash = notice.versions[0].payloadHash;
    const { page, problems, foreign } = await open(`/public/pages/notices/${notice.id}/print`);
    expect(await page.locator('#hash').innerText()).toBe(hash);
    expect(await page.locator('#notice-text').innerText()).toContain('北峡窝村');
    // The QR code is the one of the page's address with this hash (the library's own rendering of it).
    const svg = await page.locator('.foot svg').evaluate((el) => (el as unknown as { outerHTML: string }).outerHTML);
    const expected = await QRCode.toString(qrTarget(t.baseUrl, notice.id, hash), QR_OPTIONS);
    const modules = (x: string) => [...x.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]);
    expect(modules(svg)).toEqual(modules(expected));
    expect(modules(svg)).toHaveLength(2);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.SCREENSHOTS_DIR) await page.screenshot({ path: join(projectRoot(), process.env.SCREENSHOTS_DIR, 'public-notice-print.png'), fullPage: true });
    expect([problems, foreign]).toEqual([[], []]);
    // Scanning it: the page says which version the hash is; a hash that is none says so.
    const scanned = await open(qrTarget('', notice.id, hash));
    expect(await scanned.page.locator('#hash-check').innerText()).toContain('与第 1 版（最新版）一致');
    const wrong = await open(qrTarget('', notice.id, 'f'.repeat(64)));
    expect(await wrong.page.locator('#hash-check').innerText()).toContain('不一致');
    for (const p of [page, scanned.page, wrong.page]) await p.context().close();
  });

  it('refuses a form that fills the hidden field, and an empty objection, with the reason on the page; nothing is written', async () => {
    const { page } = await open(`/public/pages/notices/${notice.id}`);
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM disclosure_objections`))[0].n;
    await page.getByLabel('异议内容（必填）').fill('机器人提交');
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { getElementById(id: string): { value: string } | null } }).document;
      doc.getElementById('website')!.value = 'http://spam.example';
    });
    const [refused] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '提交异议' }).click()]);
    expect(refused?.status()).toBe(400);
    expect(await page.getByRole('status').innerText()).toContain('未能受理');
    // An empty text (spaces only), past the browser's own required check.
    const res = await t.http.post(`/public/pages/notices/${notice.id}/objections`).type('form').send({ text: '   ' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('异议内容不能为空');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM disclosure_objections`))[0].n).toBe(before);
    expect((await t.http.get('/public/pages/notices/not-a-notice')).status).toBe(404);
    expect((await t.http.get('/public/pages/notices').query({ kind: 'NOPE' })).status).toBe(400);
    await page.context().close();
  });
});
