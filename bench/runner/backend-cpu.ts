import { existsSync, readFileSync } from 'node:fs';
import type { Client } from 'pg';

/** sysconf(_SC_CLK_TCK): 100 on Linux. */
export const CLOCK_TICKS = 100;

/** User + system CPU time of a process in ms (/proc/<pid>/stat, clock ticks of 10 ms); null when unreadable. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS);
  } catch {
    return null;
  }
}

/**
 * CPU time of the server's backends of one database while something runs, read from
 * /proc/<pid>/stat (a server on this machine; null elsewhere). `client` is any connection to the
 * server; its own backend is not counted. Sampled every 200 ms so that backends a pool closes
 * during the run are counted up to their last sample.
 */
export class BackendCpu {
  private base = new Map<number, number>();
  private last = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private readable = true;

  constructor(
    private readonly client: Client,
    private readonly db: string,
  ) {}

  private async sample(into: Map<number, number>): Promise<void> {
    const { rows } = await this.client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [this.db]);
    for (const { pid } of rows) {
      const ms = cpuMsOf(pid);
      if (ms !== null) into.set(pid, ms);
      else if (!existsSync('/proc/self/stat')) this.readable = false;
    }
  }

  async start(): Promise<void> {
    this.base = new Map();
    this.last = new Map();
    await this.sample(this.base);
    let busy = false;
    this.timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void this.sample(this.last).finally(() => (busy = false));
    }, 200);
  }

  /** CPU ms of the backends since start (null when /proc cannot be read). */
  async stop(): Promise<number | null> {
    clearInterval(this.timer);
    await this.sample(this.last);
    if (!this.readable) return null;
    let ms = 0;
    for (const [pid, t] of this.last) ms += t - (this.base.get(pid) ?? 0);
    return Math.round(ms);
  }
}
