import 'reflect-metadata';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { resolveSecrets } from './config/secrets';
import { FromImportThread, IMPORT_THREAD_ROLE, ImportThreadData, ToImportThread } from './exchange/imports/import-thread';
import { ImportWorker } from './exchange/imports/import-worker';

/**
 * An import thread (src/exchange/imports/import-thread.ts): an application context of the app's
 * own modules on the main thread's database, with none of the service's background work, that
 * runs the imports the main thread hands it, one at a time, until it is asked to close. Its
 * connections are few: a batch's transaction, the progress, the reads between batches and the
 * digest hints of a re-import (ImportSession.settledHint) beside its batch's transaction.
 */
const THREAD_POOL_SIZE = 3;

/** The main thread's configuration, for a thread that runs imports and nothing else. */
export function threadConfig(config: AppConfig): AppConfig {
  return {
    ...config,
    backgroundWork: false,
    dbPoolSize: Math.min(config.dbPoolSize, THREAD_POOL_SIZE),
    imports: { ...config.imports, workerEnabled: false, thread: false },
    webhooks: { ...config.webhooks, enabled: false },
  };
}

async function serve(data: ImportThreadData): Promise<void> {
  NestLogger.overrideLogger(false);
  const config = threadConfig(data.config);
  const secrets = resolveSecrets(config, undefined);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: config.databaseUrl!, embedded: false, secrets, importThread: true }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  const imports = app.get(ImportWorker);
  const say = (m: FromImportThread) => parentPort!.postMessage(m);
  // Runs come one at a time (the main thread waits for a run's end before it hands this thread another).
  let queue = Promise.resolve();
  await new Promise<void>((closed) =>
    parentPort!.on('message', (m: ToImportThread) => {
      queue = queue.then(async () => {
        if (m.kind === 'close') {
          await app.close();
          parentPort!.close();
          return closed();
        }
        const stop = new Int32Array(m.stop);
        try {
          await imports.runHere(m.jobId, m.claim, () => Atomics.load(stop, 0) === 1);
          say({ kind: 'done', run: m.run });
        } catch (e) {
          say({ kind: 'failed', run: m.run, message: (e as Error)?.message ?? String(e) });
        }
      });
    }),
  );
}

if (!isMainThread && (workerData as ImportThreadData | undefined)?.role === IMPORT_THREAD_ROLE) {
  // A thread that cannot start (the database unreachable) ends with the error: the main thread's
  // 'error' event carries it, and the run waiting for the thread fails with its message.
  void serve(workerData as ImportThreadData);
}
