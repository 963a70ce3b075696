import { join } from 'node:path';
import { recordedDuration } from './test-durations.cjs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const GroupAwareSequencer = require('./test-sequencer.cjs') as new (options: unknown) => { sort(tests: FakeTest[]): FakeTest[] };

const ROOT = join(__dirname, '..', '..');
const at = (path: string) => join(ROOT, path);

interface FakeTest {
  path: string;
  duration?: number;
  context: { config: { cache: boolean } };
}

/** Tests as Jest hands them over on a machine without its timing cache (`cache: false`: none is read). */
const testsOf = (...paths: string[]): FakeTest[] => paths.map((p) => ({ path: at(p), context: { config: { cache: false } } }));
const order = (tests: FakeTest[]) => new GroupAwareSequencer({}).sort(tests).map((t) => t.path.slice(ROOT.length + 1));

/**
 * The order of a run on a fresh machine (CI): the recorded durations of the run's database first
 * (test-durations.json), longest first; a file recorded nowhere before them, largest first.
 */
describe('test sequencer without timings of its own', () => {
  it('starts the files recorded as long first (in either run: exchange, then households, then regions)', () => {
    for (const run of ['embedded', 'server'] as const) {
      expect(recordedDuration(at('test/exchange/exchange.e2e-group.ts'), run)).toBeGreaterThan(recordedDuration(at('test/households/households.e2e-group.ts'), run)!);
      expect(recordedDuration(at('test/households/households.e2e-group.ts'), run)).toBeGreaterThan(recordedDuration(at('test/regions/regions.e2e-group.ts'), run)!);
    }
    expect(order(testsOf('test/regions/regions.e2e-group.ts', 'test/households/households.e2e-group.ts', 'test/exchange/exchange.e2e-group.ts'))).toEqual([
      'test/exchange/exchange.e2e-group.ts',
      'test/households/households.e2e-group.ts',
      'test/regions/regions.e2e-group.ts',
    ]);
  });

  it("keeps each run's own durations: the process group (short files that spawn the service) long in the server run, absent from the embedded one", () => {
    const exchange = at('test/exchange/exchange.e2e-group.ts');
    expect(recordedDuration(exchange, 'embedded')).toBeGreaterThan(0);
    expect(recordedDuration(exchange, 'server')).toBeGreaterThan(0);
    expect(recordedDuration(exchange, 'embedded')).not.toBe(recordedDuration(exchange, 'server'));
    // test/process runs in the server run only (.ci/run); by size it would start last there.
    expect(recordedDuration(at('test/process/process.e2e-group.ts'), 'server')).toBeGreaterThan(recordedDuration(at('test/regions/regions.e2e-group.ts'), 'server')!);
    expect(recordedDuration(at('test/process/process.e2e-group.ts'), 'embedded')).toBeUndefined();
  });

  it('runs a file recorded nowhere (a new one; here a support file, never a test) before the recorded ones, as Jest does with a file it has no timing for', () => {
    expect(order(testsOf('test/regions/regions.e2e-group.ts', 'test/support/test-app.ts', 'test/exchange/exchange.e2e-group.ts'))).toEqual([
      'test/support/test-app.ts',
      'test/exchange/exchange.e2e-group.ts',
      'test/regions/regions.e2e-group.ts',
    ]);
  });
});
