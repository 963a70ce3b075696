import { join } from 'node:path';
import { recordedDuration } from './test-durations.cjs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const GroupAwareSequencer = require('./test-sequencer.cjs') as new (options: unknown) => { sort(tests: FakeTest[]): FakeTest[] };

const ROOT = join(__dirname, '..', '..');

interface FakeTest {
  path: string;
  duration?: number;
  context: { config: { cache: boolean } };
}

/** Tests as Jest hands them over on a machine without its timing cache (`cache: false`: none is read). */
const testsOf = (...paths: string[]): FakeTest[] => paths.map((p) => ({ path: join(ROOT, p), context: { config: { cache: false } } }));
const order = (tests: FakeTest[]) => new GroupAwareSequencer({}).sort(tests).map((t) => t.path.slice(ROOT.length + 1));

/**
 * The order of a run on a fresh machine (CI): the recorded durations of this run's database first
 * (test-durations.json), longest first; a file recorded nowhere before them, largest first.
 */
describe('test sequencer without timings of its own', () => {
  const saved = process.env.TEST_DATABASE_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = saved;
  });

  it('starts the files recorded as long first: the process group (short files that spawn the service) before the regions group', () => {
    process.env.TEST_DATABASE_URL = 'postgres://x@127.0.0.1/x';
    expect(recordedDuration(join(ROOT, 'test/process/process.e2e-group.ts'))).toBeGreaterThan(recordedDuration(join(ROOT, 'test/regions/regions.e2e-group.ts'))!);
    expect(order(testsOf('test/regions/regions.e2e-group.ts', 'test/process/process.e2e-group.ts', 'test/exchange/exchange.e2e-group.ts'))).toEqual([
      'test/exchange/exchange.e2e-group.ts',
      'test/process/process.e2e-group.ts',
      'test/regions/regions.e2e-group.ts',
    ]);
  });

  it("takes the durations of the run's own database", () => {
    delete process.env.TEST_DATABASE_URL;
    const embedded = recordedDuration(join(ROOT, 'test/exchange/exchange.e2e-group.ts'));
    process.env.TEST_DATABASE_URL = 'postgres://x@127.0.0.1/x';
    const server = recordedDuration(join(ROOT, 'test/exchange/exchange.e2e-group.ts'));
    expect(embedded).toBeGreaterThan(0);
    expect(server).toBeGreaterThan(0);
    expect(embedded).not.toBe(server);
    // test/process runs in the server run only (.ci/run).
    delete process.env.TEST_DATABASE_URL;
    expect(recordedDuration(join(ROOT, 'test/process/process.e2e-group.ts'))).toBeUndefined();
  });

  it('runs a file recorded nowhere (a new one; here a support file, never a test) before the recorded ones, as Jest does with a file it has no timing for', () => {
    delete process.env.TEST_DATABASE_URL;
    expect(order(testsOf('test/regions/regions.e2e-group.ts', 'test/support/test-app.ts', 'test/exchange/exchange.e2e-group.ts'))).toEqual([
      'test/support/test-app.ts',
      'test/exchange/exchange.e2e-group.ts',
      'test/regions/regions.e2e-group.ts',
    ]);
  });
});
