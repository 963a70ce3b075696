/**
 * Issue #10, item 20: the import CLI (`npm run import`, dist/scripts/import.js) documents its URL
 * and environment, takes credentials from the environment only, and says plainly what is wrong.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/common/access/permissions';
import { generateHouseholds } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../../src/demo/registry-format';
import { loadRegions, R, signIn } from '../support/auth';
import { assertBuilt, cleanupSpawned, freePort, runScript, tempDir } from '../support/spawn-service';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

describe('import CLI (issue #10, item 20)', () => {
  let t: TestApp;
  let token: string;
  let file: string;

  beforeAll(async () => {
    assertBuilt();
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    token = (await signIn(t, Role.DISTRICT_OFFICER, R.district)).headers.authorization.replace(/^Bearer /, '');
    file = join(tempDir(), 'households.csv');
    writeFileSync(file, csvHeaderLine() + [...generateHouseholds({ households: 3, seed: 'cli' })].map((h) => toCsvRows(h)).join(''));
  });
  afterAll(async () => {
    await t?.close();
    await cleanupSpawned();
  });

  it('--help and a bad call document --url, JZFP_URL, JZFP_API_KEY and JZFP_TOKEN', async () => {
    const help = await runScript('import', ['--help']);
    expect(help.code).toBe(0);
    for (const word of ['--url', '--kind', 'JZFP_URL', 'JZFP_API_KEY', 'JZFP_TOKEN', '--dry-run', '--mode', '--report']) expect(help.stdout).toContain(word);
    const none = await runScript('import', []);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no file given');
    expect(none.stderr).toContain('JZFP_API_KEY');
  });

  it('refuses --api-key and --token on the command line: the key comes from the environment', async () => {
    for (const flag of ['--api-key', '--token']) {
      const r = await runScript('import', [file, flag, 'jzfp_secret'], { env: { JZFP_URL: t.baseUrl } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${flag} is not accepted on the command line`);
      expect(r.stderr).toContain('JZFP_API_KEY');
    }
    const noKey = await runScript('import', [file], { env: { JZFP_URL: t.baseUrl } });
    expect([noKey.code, noKey.stderr.split('\n')[0]]).toEqual([2, 'no credentials: set JZFP_API_KEY (or JZFP_TOKEN) in the environment']);
  });

  it('says when the file is missing, and when the service cannot be reached', async () => {
    const missing = await runScript('import', [join(tempDir(), 'nope.csv')], { env: { JZFP_TOKEN: token, JZFP_URL: t.baseUrl } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^file not found \(or not a file\): .*nope\.csv$/m);
    const port = await freePort();
    const down = await runScript('import', [file, '--url', `http://127.0.0.1:${port}`], { env: { JZFP_TOKEN: token } });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`cannot reach the service at http://127.0.0.1:${port} (--url or JZFP_URL): ECONNREFUSED`);
    expect(down.stderr).not.toMatch(/\n\s+at /);
  });

  it('imports with the key from the environment and the URL from JZFP_URL', async () => {
    const r = await runScript('import', [file, '--dry-run'], { env: { JZFP_TOKEN: token, JZFP_URL: t.baseUrl } });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/: SUCCEEDED \(dry run\)\nhouseholds: 3 created, 0 updated, 0 unchanged, 0 rejected\nmembers: \d+ created/);
  });

  it('--kind names what the file holds: passed to the upload (an unknown kind is refused naming kind)', async () => {
    const r = await runScript('import', [file, '--kind', 'nothing'], { env: { JZFP_TOKEN: token, JZFP_URL: t.baseUrl } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/upload refused \(400\): .*kind.*\[INVALID_OPTION\]/);
    const explicit = await runScript('import', [file, '--kind', 'households', '--dry-run'], { env: { JZFP_TOKEN: token, JZFP_URL: t.baseUrl } });
    expect([explicit.code, explicit.stderr]).toEqual([0, '']);
  });
});
