import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../common/project-root';
import { EmbeddedEngine, EngineOptions, EngineStartError } from './embedded-engine';

/**
 * The embedded database in a worker thread of its own (EmbeddedPostgres.start with `thread`): the
 * thread (embedded-thread-entry.ts) runs PGlite and its wire server, so that the service's pg
 * driver reaches it over a socket as before while PGlite's work and the service's JavaScript run
 * on two cores. The thread counts wire connections in shared memory, which the service reads
 * without a round trip (the principal cache's epoch reads them on every request); the rest
 * (dump, pause, resume, stop) are messages.
 */

/** Marks the worker data of an embedded database thread. */
export const EMBEDDED_THREAD_ROLE = 'embedded-database';

/** Slots of the shared counters. */
export const OPENED = 0;
export const ACTIVE = 1;

export interface EmbeddedThreadData {
  role: typeof EMBEDDED_THREAD_ROLE;
  options: Omit<EngineOptions, 'loadDataDir'> & { loadDataDir?: Uint8Array };
  /** Two Int32 slots: wire connections accepted since the start (OPENED) and open now (ACTIVE). */
  counters: SharedArrayBuffer;
}

export type EmbeddedThreadOp = 'dump' | 'pause' | 'resume' | 'stop';

/** Service → thread. */
export interface ToEmbeddedThread {
  id: number;
  op: EmbeddedThreadOp;
}

/** Thread → service. */
export type FromEmbeddedThread =
  | { kind: 'ready'; port: number }
  | { kind: 'failed'; step: string; message: string }
  | { kind: 'reply'; id: number; ok: true; bytes?: ArrayBuffer }
  | { kind: 'reply'; id: number; ok: false; message: string };

/** The compiled entry of the thread: under the test runner this module is TypeScript from src/, and a thread runs the build (dist/, which `npm test` builds first). */
function entry(): string {
  const here = join(__dirname, 'embedded-thread-entry.js');
  return existsSync(here) ? here : join(projectRoot(), 'dist', 'src', 'database', 'embedded-thread-entry.js');
}

/** Starts the thread and resolves once its wire server listens (or rejects with the step that failed). */
export async function startThreadEngine(options: EngineOptions): Promise<EmbeddedEngine> {
  const load = options.loadDataDir;
  const loadDataDir = load === undefined ? undefined : ArrayBuffer.isView(load) ? load : new Uint8Array(await load.arrayBuffer());
  const data: EmbeddedThreadData = { role: EMBEDDED_THREAD_ROLE, options: { ...options, loadDataDir }, counters: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT) };
  const worker = new Worker(entry(), { workerData: data, name: 'embedded-database' });
  return new Promise<EmbeddedEngine>((resolve, reject) => {
    const early = (e: Error) => reject(new EngineStartError('open the embedded database', e.message, { cause: e }));
    const earlyExit = (code: number) => reject(new EngineStartError('open the embedded database', `its thread exited with code ${code}`));
    worker.once('error', early);
    worker.once('exit', earlyExit);
    worker.once('message', (m: FromEmbeddedThread) => {
      worker.off('error', early);
      worker.off('exit', earlyExit);
      if (m.kind === 'ready') resolve(new ThreadEngine(worker, m.port, new Int32Array(data.counters)));
      else if (m.kind === 'failed') {
        reject(new EngineStartError(m.step, m.message));
        void worker.terminate();
      } else reject(new EngineStartError('open the embedded database', `unexpected message ${m.kind}`));
    });
  });
}

class ThreadEngine implements EmbeddedEngine {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(bytes?: ArrayBuffer): void; reject(e: Error): void }>();
  private exitReason: string | undefined;
  private readonly exited: Promise<void>;

  constructor(
    private readonly worker: Worker,
    readonly port: number,
    private readonly counters: Int32Array,
  ) {
    let error: Error | undefined;
    worker.on('message', (m: FromEmbeddedThread) => {
      if (m.kind !== 'reply') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.bytes);
      else p.reject(new Error(`embedded database: ${m.message}`));
    });
    worker.on('error', (e) => (error = e));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.exitReason = error ? error.message : `exited with code ${code}`;
        for (const p of this.pending.values()) p.reject(new Error(`embedded database: its thread ${this.exitReason}`));
        this.pending.clear();
        resolve();
      }),
    );
  }

  get wireConnections(): number {
    return Atomics.load(this.counters, ACTIVE);
  }

  get connectionsOpened(): number {
    return Atomics.load(this.counters, OPENED);
  }

  /** Never in this thread: every statement goes over the wire to the database's thread. */
  read(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  async dumpDataDir(): Promise<Blob> {
    const bytes = await this.call('dump');
    return new Blob([bytes ?? new ArrayBuffer(0)]);
  }

  async pause(): Promise<void> {
    await this.call('pause');
  }

  async resume(): Promise<void> {
    await this.call('resume');
  }

  async stop(): Promise<void> {
    if (this.exitReason === undefined) await this.call('stop').catch(() => undefined);
    await this.exited;
  }

  private call(op: EmbeddedThreadOp): Promise<ArrayBuffer | undefined> {
    if (this.exitReason !== undefined) return Promise.reject(new Error(`embedded database: its thread ${this.exitReason}`));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op } satisfies ToEmbeddedThread);
    });
  }
}
