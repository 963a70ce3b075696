import { StartupError } from './bootstrap';
import { ConfigError } from './config/app-config';
import { DataDirLockedError } from './database/data-dir-lock';

/** One line naming the cause of a failed start, for people and for supervisors' logs. */
export function describeStartupFailure(e: unknown): string {
  if (e instanceof ConfigError || e instanceof StartupError || e instanceof DataDirLockedError) {
    return `Cannot start: ${e.message}`;
  }
  const err = e as NodeJS.ErrnoException;
  return `Cannot start: ${err?.message ?? String(e)}`.split('\n')[0];
}
