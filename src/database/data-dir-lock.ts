import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly holderPid: number) {
    super(
      `The data directory ${dataDir} is in use by another process (pid ${holderPid}); ` +
        'stop it first or set DATA_DIR to another directory',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive, process-scoped lock on the embedded database's data directory.
 *
 * PGlite takes no lock of its own, and two processes writing one data directory corrupt it.
 * The lock is a file created with O_EXCL holding the owner's pid. A lock left behind by a
 * process that died (kill -9, power loss) is recognised by its pid no longer running on this
 * host and taken over at once, so a restart after a crash needs no manual clean-up.
 */
export class DataDirLock {
  private released = false;

  private constructor(private readonly path: string) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'service.lock');
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
        closeSync(fd);
        return new DataDirLock(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as typeof holder;
      } catch {
        // Unreadable or half-written lock file: treat as stale.
      }
      const pid = Number(holder.pid);
      const sameHost = holder.host === undefined || holder.host === hostname();
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && sameHost && isAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid);
      }
      if (Number.isInteger(pid) && !sameHost) throw new DataDirLockedError(dataDir, pid);
      try {
        unlinkSync(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    throw new Error(`Could not take the lock on ${dataDir}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
