import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, cleanupSpawned, spawnService, tempDir } from '../support/spawn-service';

/**
 * Issue #10, item 6: the embedded database and everything else in DATA_DIR hold personal data,
 * so the service (`node dist/src/main.js`, umask 077) keeps them the owner's alone: folders 700,
 * files 600, including what an older version left readable by others. Always embedded.
 */

jest.setTimeout(300_000);

/** Every path under `root` (itself included) whose mode is not 700 (folders) or 600 (files). */
function loose(root: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    const wanted = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== wanted) out.push(`${path.slice(root.length) || '/'} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return out;
}

function loosen(root: string): void {
  const walk = (path: string) => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    chmodSync(path, st.isDirectory() ? 0o755 : 0o644);
    if (st.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
}

describe('data directory permissions (issue #10, item 6)', () => {
  beforeAll(() => assertBuilt());
  afterAll(() => cleanupSpawned());

  it('DATA_DIR, pgdata/ and imports/ are 700 with 600 files from the first start, and an older readable tree is tightened at the next', async () => {
    const dataDir = tempDir();
    chmodSync(dataDir, 0o755);
    const first = await spawnService({ env: { DATA_DIR: dataDir } });
    await first.waitReady(120_000);
    // While it runs: what PGlite wrote, the lock, the secrets, the imports folder.
    expect(loose(dataDir)).toEqual([]);
    expect(readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['imports', 'pgdata', 'secrets.json', 'service.lock']));
    expect((await first.stop()).code).toBe(0);
    expect(loose(dataDir)).toEqual([]);

    // An installation from before this fix: everything readable by others.
    loosen(dataDir);
    expect(loose(dataDir).length).toBeGreaterThan(10);
    const second = await spawnService({ env: { DATA_DIR: dataDir } });
    await second.waitReady(120_000);
    expect(loose(dataDir)).toEqual([]);
    expect((await second.stop()).code).toBe(0);
  });
});
