import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it('runs one at a time (ticks during a run are skipped), hands failures on, and stop waits for the run in flight', async () => {
    let calls = 0;
    let release: (() => void) | undefined;
    const errors: unknown[] = [];
    const task = new PeriodicTask(
      () => {
        calls++;
        if (calls === 2) return Promise.reject(new Error('failed once'));
        return new Promise<void>((r) => (release = r));
      },
      (e) => errors.push(e),
    );
    task.start(100, { now: true });
    expect(calls).toBe(1);
    jest.advanceTimersByTime(350);
    expect(calls).toBe(1);
    release!();
    await flush();
    jest.advanceTimersByTime(100);
    await flush();
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('failed once')]);
    jest.advanceTimersByTime(100);
    expect(calls).toBe(3);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    release!();
    await stopping;
    jest.advanceTimersByTime(1000);
    expect(calls).toBe(3);
  });
});
