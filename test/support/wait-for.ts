/**
 * Polling with a deadline, for tests: wait for the condition itself (a row, a lock waiter, a log
 * line, a file), never for a fixed time. The deadline is generous on purpose: on a loaded machine a
 * condition that holds in 50 ms when idle can take seconds; a slow pass is fine, a flaky one is not.
 */
export interface WaitForOptions {
  /**
   * Give up after this many milliseconds (default 120 s: a webhook attempt cut at 5 s was not
   * recorded within 30 s on the embedded database with the machine's load at 10 on two cores).
   */
  timeoutMs?: number;
  /** Pause between two checks (default 20 ms). */
  intervalMs?: number;
  /** Named in the error when the deadline passes. */
  what?: string;
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Resolves with the first truthy value `check` returns (sync or async); rejects when the
 * deadline passes first, naming `what` and the last error `check` threw, if any.
 */
export async function waitFor<T>(check: () => T | Promise<T>, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const intervalMs = options.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`${options.what ?? 'condition'}: not met within ${timeoutMs} ms${why}`);
    }
    await pause(intervalMs);
  }
}

type Falsy = undefined | null | false | 0 | '';

/** `waitFor` named first: `await waitUntil('the job ran', () => seen.length > 0, 15_000)`. */
export function waitUntil<T>(what: string, check: () => T | Falsy | Promise<T | Falsy>, timeoutMs?: number): Promise<T> {
  return waitFor(check, { what, timeoutMs }) as Promise<T>;
}
