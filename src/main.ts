import 'reflect-metadata';
import { startService } from './bootstrap';
import { loadConfig } from './config/app-config';
import { describeStartupFailure } from './startup-failure';

async function main(): Promise<void> {
  const config = loadConfig();
  const service = await startService(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => {
      process.stderr.write(`Shutdown took longer than ${config.shutdownGraceMs} ms (SHUTDOWN_GRACE_MS); exiting\n`);
      process.exit(1);
    }, config.shutdownGraceMs);
    timer.unref();
    // Stop accepting, finish the requests in flight, close the pool, stop the embedded
    // server and release its lock.
    service
      .close()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        process.stderr.write(`Shutdown after ${signal} failed: ${(e as Error).message}\n`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${describeStartupFailure(e)}\n`);
  process.exit(1);
});
