import 'reflect-metadata';
import type { RunningService } from './bootstrap';
import { PRIVATE_UMASK } from './common/files/private-files';
import { loadConfig } from './config/app-config';
import { describeStartupFailure } from './startup-failure';

/**
 * The process: start, serve, stop on SIGTERM/SIGINT.
 *
 * - The configuration is checked before the framework is even loaded: a wrong setting is
 *   reported at once, and the signal handlers are in place before anything is started.
 * - stdout carries JSON log lines only. Nest's own console logger is switched off before the
 *   start: what Nest logs while starting is buffered and handed to the JSON logger once it is
 *   attached; if the start fails, the one stderr line below says why instead.
 * - A failed start writes exactly one line, `Cannot start: ...`, to stderr and exits 1, after
 *   releasing what it took (the embedded database and its data-directory lock).
 * - SIGTERM or SIGINT: stop accepting connections, finish the requests in flight, close the
 *   pool, stop the embedded database, release its lock, exit 0. A signal that arrives while
 *   the service is still starting stops it as soon as the start completes. SHUTDOWN_GRACE_MS
 *   after the signal the process exits 1 anyway. Further signals during the stop are ignored.
 */
let stopping: string | undefined;
let service: RunningService | undefined;
let graceMs = 10_000;

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

function stop(): void {
  service!
    .close()
    .then(() => process.exit(0))
    .catch((e: unknown) => fail(`Shutdown after ${stopping} failed: ${(e as Error).message}`.split('\n')[0]));
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = signal;
  const timer = setTimeout(
    () => fail(`Shutdown took longer than ${graceMs} ms (SHUTDOWN_GRACE_MS); exiting`),
    graceMs,
  );
  timer.unref();
  // Still starting: main() stops the service once it is up.
  if (service) stop();
}

process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

async function main(): Promise<void> {
  // Every file this process creates (database, uploads, secrets) is the owner's alone: 600 / 700.
  process.umask(PRIVATE_UMASK);
  const config = loadConfig();
  graceMs = config.shutdownGraceMs;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Logger } = require('@nestjs/common') as typeof import('@nestjs/common');
  const { startService } = require('./bootstrap') as typeof import('./bootstrap');
  /* eslint-enable @typescript-eslint/no-require-imports */
  Logger.overrideLogger(false);
  service = await startService(config);
  if (stopping) stop();
}

main().catch((e: unknown) => fail(describeStartupFailure(e)));
