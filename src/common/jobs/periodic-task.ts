/**
 * Work a service does on a timer, in-process (the audit checkpoint, the embedded database's
 * maintenance): one run at a time (a tick while one runs is skipped), its failure handed to
 * `onError` and the next tick tried as usual, and `stop` waits for the run in flight. The timer
 * does not keep the process alive. Work that must survive a restart or run once across instances
 * is a job of the JobRunner instead.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Runs the work every `intervalMs` (and once now with `now`). */
  start(intervalMs: number, { now = false }: { now?: boolean } = {}): void {
    if (now) this.tick();
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** No more runs; resolves once the run in flight, if any, has ended. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.work()
      .catch((e: unknown) => this.onError(e))
      .finally(() => (this.running = undefined));
  }
}
