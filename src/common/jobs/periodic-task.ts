/**
 * Work a service does on a timer, in-process (the audit checkpoint, the embedded database's
 * maintenance): one run at a time. A tick while a run is in flight is skipped; a direct call
 * (`run`: the demo seed's end, tests) waits for the run in flight and then runs, so a direct
 * call and the timer's run never overlap. A tick's failure is handed to `onError` and the next
 * tick tried as usual; a direct call's failure is its caller's. `stop` waits for the runs in
 * flight or queued. The timer does not keep the process alive. Work that must survive a restart
 * or run once across instances is a job of the JobRunner instead.
 */
export class PeriodicTask<T = unknown> {
  private timer?: NodeJS.Timeout;
  /** The last run started or queued, settled either way; undefined once it has ended. */
  private last?: Promise<void>;

  constructor(
    private readonly work: () => Promise<T>,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Runs the work every `intervalMs` (and once now with `now`). */
  start(intervalMs: number, { now = false }: { now?: boolean } = {}): void {
    if (now) this.tick();
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** No more runs by the timer; resolves once the runs in flight or queued have ended. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.last;
  }

  /** One run: at once when none is in flight, else after the last one started or queued. */
  run(): Promise<T> {
    const previous = this.last;
    const run = previous ? previous.then(() => this.work()) : this.work();
    const settled: Promise<void> = run
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        if (this.last === settled) this.last = undefined;
      });
    this.last = settled;
    return run;
  }

  private tick(): void {
    if (this.last) return;
    this.run().catch((e: unknown) => this.onError(e));
  }
}
