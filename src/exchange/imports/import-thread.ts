import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { compiledSource } from '../../common/project-root';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { ImportClaim } from './import-jobs.repository';

/**
 * Imports in worker threads of their own (IMPORT_THREAD; on by default on a PostgreSQL server).
 *
 * An import allocates gigabytes over its run while keeping little alive, and V8 lets an old
 * generation grow to about four times what survived its last collection when the machine has
 * memory to spare: on the API's own heap the import's garbage and the service's ~100 MB of code
 * and state together peaked at 640–680 MiB (bench/README.md, import benchmark). In a thread the
 * import has a heap of its own, sized by the service (`resourceLimits`, IMPORT_THREAD_HEAP_MB),
 * and parsing, checking and encryption leave the event loop that answers requests.
 *
 * A thread (src/import-thread.ts) starts an application context of the app's own modules (no
 * GraphQL, no HTTP, no background work: `backgroundWork` false) on the same database and runs
 * imports through ImportWorker.runHere, exactly as the main thread runs them when threads are
 * off. Loading the app's code costs a thread about 1.5 s of CPU, so a thread is kept for the next
 * import until IMPORT_THREAD_IDLE_MS pass without one; one thread runs one import at a time
 * (IMPORT_CONCURRENCY bounds how many run at once).
 *
 * The main thread keeps the job: its claim, lease and heartbeat stay with the job runner, and a
 * stop (shutdown) is passed on through a shared flag; the thread finishes the batch in flight and
 * returns. A thread that dies (out of its heap, a database it cannot reach) fails the job's
 * attempt like a process that died: the runner retries it later, resuming after the last
 * committed batch, and after IMPORT_MAX_ATTEMPTS the import fails as TOO_MANY_ATTEMPTS.
 *
 * Not on the embedded database, whose one session lives in this process, nor with modules plugged
 * in from outside src/ (a thread cannot load them): imports run in the main thread there.
 */

/** Marks the worker data of an import thread (src/import-thread.ts runs only with it). */
export const IMPORT_THREAD_ROLE = 'import-thread';

/** Provider token: whether this app runs its imports in threads (config and plugged modules decide; app.module.ts). */
export const IMPORT_THREADS = Symbol('IMPORT_THREADS');

/** What the main thread hands an import thread when it starts. */
export interface ImportThreadData {
  role: typeof IMPORT_THREAD_ROLE;
  config: AppConfig;
}

/** Main thread → import thread. */
export type ToImportThread =
  | {
      kind: 'run';
      run: number;
      jobId: string;
      claim: ImportClaim;
      /** One Int32 over shared memory: set to 1 when the service stops (finish the batch in flight and return). */
      stop: SharedArrayBuffer;
    }
  | { kind: 'close' };

/** Import thread → main thread: the end of a run. */
export type FromImportThread = { kind: 'done'; run: number } | { kind: 'failed'; run: number; message: string };

/** The import thread ended, or failed, without finishing its run (the job's attempt fails; the runner retries it). */
export class ImportThreadFailed extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportThreadFailed';
  }
}

interface Pending {
  resolve(): void;
  reject(e: Error): void;
}

/** One thread and the run it is doing, if any. */
class ImportThread {
  private readonly worker: Worker;
  private pending: { run: number; done: Pending } | undefined;
  private error: Error | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  readonly exited: Promise<number>;
  private ended = false;
  private closing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly onEnd: (thread: ImportThread) => void,
  ) {
    const data: ImportThreadData = { role: IMPORT_THREAD_ROLE, config };
    // The compiled entry (src/import-thread.ts; under the test runner, its build).
    this.worker = new Worker(compiledSource('import-thread.js'), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: config.imports.threadHeapMb },
      name: 'import',
    });
    this.worker.on('message', (m: FromImportThread) => {
      const p = this.pending;
      if (!p || p.run !== m.run) return;
      this.pending = undefined;
      if (m.kind === 'done') p.done.resolve();
      else p.done.reject(new ImportThreadFailed(`import thread: ${m.message}`));
    });
    this.worker.on('error', (e) => (this.error = e));
    this.exited = new Promise((resolve) =>
      this.worker.on('exit', (code) => {
        this.ended = true;
        clearTimeout(this.idleTimer);
        const p = this.pending;
        this.pending = undefined;
        if (p) {
          const why =
            (this.error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `ran out of its heap (IMPORT_THREAD_HEAP_MB=${config.imports.threadHeapMb})`
              : (this.error?.message ?? `exited with code ${code}`);
          p.done.reject(new ImportThreadFailed(`import thread ${why}`, { cause: this.error }));
        }
        this.onEnd(this);
        resolve(code);
      }),
    );
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Running, and not asked to close: may take a run. */
  get alive(): boolean {
    return !this.ended && !this.closing;
  }

  run(run: number, jobId: string, claim: ImportClaim, signal: AbortSignal | undefined): Promise<void> {
    clearTimeout(this.idleTimer);
    const stop = new SharedArrayBuffer(4);
    const flag = new Int32Array(stop);
    const onAbort = () => Atomics.store(flag, 0, 1);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    return new Promise<void>((resolve, reject) => {
      this.pending = { run, done: { resolve, reject } };
      this.post({ kind: 'run', run, jobId, claim, stop });
    }).finally(() => signal?.removeEventListener('abort', onAbort));
  }

  /** Idle from now: closed after IMPORT_THREAD_IDLE_MS unless another run comes. */
  idle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close(), this.config.imports.threadIdleMs);
    this.idleTimer.unref();
  }

  /** Asks the thread to close its application context and end (a run in flight finishes first). */
  close(): Promise<number> {
    clearTimeout(this.idleTimer);
    if (!this.ended && !this.closing) this.post({ kind: 'close' });
    this.closing = true;
    return this.exited;
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private post(m: ToImportThread): void {
    this.worker.postMessage(m);
  }
}

/** The import threads of this process: one per import running, kept for the next while idle. */
@Injectable()
export class ImportThreads implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportThreads.name);
  private readonly threads = new Set<ImportThread>();
  private runs = 0;
  private startedCount = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Runs the started import `jobId` under `claim` in a thread and resolves when it has returned
   * (ended, or stopped after a committed batch once `signal` aborted); rejects with
   * ImportThreadFailed when the thread died or could not run it.
   */
  async run(jobId: string, claim: ImportClaim, signal?: AbortSignal): Promise<void> {
    const thread = [...this.threads].find((t) => t.alive && !t.busy) ?? this.start();
    try {
      await thread.run(++this.runs, jobId, claim, signal);
    } finally {
      if (thread.alive) thread.idle();
    }
  }

  /** Threads alive now (idle or running an import). */
  get size(): number {
    return this.threads.size;
  }

  /** Threads started since this process started. */
  get started(): number {
    return this.startedCount;
  }

  private start(): ImportThread {
    this.startedCount++;
    const thread = new ImportThread(this.config, (t) => this.threads.delete(t));
    this.threads.add(thread);
    return thread;
  }

  /** At shutdown (after the job runner has stopped its handlers): threads close, or are stopped after the grace. */
  async onApplicationShutdown(): Promise<void> {
    const all = [...this.threads];
    if (!all.length) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), this.config.jobs.shutdownGraceMs)));
    const closed = await Promise.race([Promise.all(all.map((t) => t.close())), grace]);
    clearTimeout(timer);
    if (closed === 'expired') {
      this.logger.warn({ threads: all.length }, 'import threads did not close within the shutdown grace; stopped');
      await Promise.all(all.map((t) => t.terminate()));
    }
  }
}
