import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'service.lock';

interface LockHolder {
  pid?: number;
  host?: string;
  /** Linux: /proc/sys/kernel/random/boot_id of the boot the holder ran in. */
  bootId?: string;
  /** Linux: the holder's start time (clock ticks since boot, /proc/PID/stat field 22). */
  startTicks?: string;
  since?: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    readonly holderHost?: string,
    readonly lockFile?: string,
  ) {
    super(
      holderHost === undefined
        ? `The data directory ${dataDir} is in use by another process (pid ${holderPid}); ` +
            'stop it first or set DATA_DIR to another directory'
        : `The data directory ${dataDir} is in use by a process on another host (${holderHost}, pid ${holderPid}); ` +
            `stop it first, or, if it is no longer running, delete ${lockFile}`,
    );
    this.name = 'DataDirLockedError';
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function bootId(): string | undefined {
  return readOrUndefined('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
}

/** Linux: when the process started (ticks since boot); undefined elsewhere or when it is gone. */
function startTicks(pid: number): string | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses; field 22 is starttime.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote the lock still runs (it is on this host). */
function holderRuns(holder: LockHolder, pid: number): boolean {
  if (pid === process.pid) return false; // our own pid: a lock left by an earlier life of this pid
  // Written in another boot: nothing from before the reboot runs any more, the pid may be reused.
  const boot = bootId();
  if (holder.bootId && boot && holder.bootId !== boot) return false;
  if (!isAlive(pid)) return false;
  // Same boot, pid in use: is it still the same process, or a new one that got the pid?
  if (holder.startTicks) {
    const now = startTicks(pid);
    if (now !== undefined && now !== holder.startTicks) return false;
  }
  return true;
}

/**
 * An exclusive, process-scoped lock on the embedded database's data directory.
 *
 * PGlite takes no lock of its own, and two processes writing one data directory corrupt it.
 * The lock is a file created with O_EXCL holding the owner's pid (and, on Linux, its boot and
 * start time). A lock left behind by a process that died (kill -9, power loss) is recognised by
 * its pid no longer running on this host (or running another process, after a reboot or a pid
 * reuse) and taken over at once, so a restart after a crash needs no manual clean-up. A lock
 * from another host (a shared volume) is never taken over: the message says what to delete.
 */
export class DataDirLock {
  /** Lock files this process holds: a second acquire in the same process is refused too. */
  private static readonly held = new Set<string>();
  private released = false;

  private constructor(readonly path: string) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, LOCK_FILE_NAME);
    if (DataDirLock.held.has(path)) throw new DataDirLockedError(dataDir, process.pid);
    const me: LockHolder = {
      pid: process.pid,
      host: hostname(),
      bootId: bootId(),
      startTicks: startTicks(process.pid),
      since: new Date().toISOString(),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        try {
          writeSync(fd, JSON.stringify(me));
        } finally {
          closeSync(fd);
        }
        DataDirLock.held.add(path);
        return new DataDirLock(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      let holder: LockHolder = {};
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
        // Unreadable or half-written lock file: treat as stale.
      }
      const pid = Number(holder.pid);
      const valid = Number.isInteger(pid) && pid > 0;
      if (valid && holder.host !== undefined && holder.host !== hostname()) {
        throw new DataDirLockedError(dataDir, pid, holder.host, path);
      }
      if (valid && holderRuns(holder, pid)) throw new DataDirLockedError(dataDir, pid);
      try {
        unlinkSync(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    throw new Error(`Could not take the lock ${path}: it keeps changing; is another service starting on DATA_DIR?`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    DataDirLock.held.delete(this.path);
    try {
      // Only our own lock: never one another process took over meanwhile.
      const holder = JSON.parse(readFileSync(this.path, 'utf8')) as LockHolder;
      if (holder.pid !== process.pid) return;
    } catch {
      return; // gone or unreadable: nothing of ours to release
    }
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
