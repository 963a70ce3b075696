import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Client } from 'pg';

/** sysconf(_SC_CLK_TCK): 100 on Linux. */
export const CLOCK_TICKS = 100;

/** User + system CPU time of a process in ms (/proc/<pid>/stat, clock ticks of 10 ms); null when unreadable. */
export function cpuMsOf(pid: number): number | null {
  return cpuMsOfStat(`/proc/${pid}/stat`);
}

/** The same from a stat file of /proc: a process's, or a thread's (/proc/self/task/<tid>/stat). */
function cpuMsOfStat(statFile: string): number | null {
  try {
    const stat = readFileSync(statFile, 'utf8');
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

/**
 * CPU time of this process's threads while something runs (/proc/self/task/<tid>/stat; Linux
 * only, null elsewhere): the main thread, the busiest other thread (during an import, the import
 * thread) and all the rest (V8's platform threads: parallel scavenges, concurrent marking and
 * compilation for every isolate; libuv's pool). Sampled every 200 ms so that a thread that ends
 * during the run is counted up to its last sample.
 */
export class ThreadCpu {
  private base = new Map<number, number>();
  private last = new Map<number, number>();
  private timer?: NodeJS.Timeout;

  private sample(into: Map<number, number>): boolean {
    let tids: string[];
    try {
      tids = readdirSync('/proc/self/task');
    } catch {
      return false;
    }
    for (const tid of tids) {
      const ms = cpuMsOfStat(`/proc/self/task/${tid}/stat`);
      if (ms !== null) into.set(Number(tid), ms);
    }
    return true;
  }

  start(): void {
    this.base = new Map();
    this.last = new Map();
    this.sample(this.base);
    this.timer = setInterval(() => this.sample(this.last), 200);
  }

  /** CPU ms per thread since start: the main thread, the busiest other one, the rest together. */
  stop(): { main: number; busiestOther: number; rest: number } | null {
    clearInterval(this.timer);
    if (!this.sample(this.last)) return null;
    const used = [...this.last].map(([tid, t]) => ({ tid, ms: t - (this.base.get(tid) ?? 0) }));
    const others = used.filter((u) => u.tid !== process.pid).sort((a, b) => b.ms - a.ms);
    return {
      main: Math.round(used.find((u) => u.tid === process.pid)?.ms ?? 0),
      busiestOther: Math.round(others[0]?.ms ?? 0),
      rest: Math.round(others.slice(1).reduce((s, u) => s + u.ms, 0)),
    };
  }
}
