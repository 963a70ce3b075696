import { Worker } from 'node:worker_threads';
import { DatabaseError } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import { compiledSource } from '../common/project-root';
import { EmbeddedEngine, EngineOptions, EngineStartError, parseRows, RawRows } from './embedded-engine';

/**
 * The embedded database in a worker thread of its own (EmbeddedPostgres.start with `thread`): the
 * thread (embedded-thread-entry.ts) runs PGlite and its wire server, so that the service's pg
 * driver reaches it over a socket as before while PGlite's work and the service's JavaScript run
 * on two cores. The thread counts wire connections in shared memory, which the service reads
 * without a round trip (the principal cache's epoch reads them on every request); the rest
 * (the compiled reads, dump, pause, resume, stop) are messages. A compiled read goes as a message
 * too (`read`): the thread runs it as LocalEngine.read does, under the same conditions, and
 * answers its columns and text cells, which the service parses with pg's type parsers. That
 * skips the socket both ways, pg's encoding and decoding and the socket server's parsing.
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
export type ToEmbeddedThread = { id: number; op: EmbeddedThreadOp } | { id: number; op: 'read'; text: string; values: unknown[] };

/** Thread → service. */
export type FromEmbeddedThread =
  | { kind: 'ready'; port: number }
  | { kind: 'failed'; step: string; message: string }
  | { kind: 'reply'; id: number; ok: true; bytes?: ArrayBuffer; rows?: RawRows | null }
  | { kind: 'reply'; id: number; ok: false; message: string; database?: Record<string, unknown> };

/** A database error's fields (SQLSTATE, severity, constraint...), to cross to the service. */
export function databaseErrorFields(e: unknown): Record<string, unknown> | undefined {
  if (!(e instanceof Error) || typeof (e as { code?: unknown }).code !== 'string' || typeof (e as { severity?: unknown }).severity !== 'string') return undefined;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (typeof v === 'string' || typeof v === 'number') fields[k] = v;
  return fields;
}

/** Starts the thread and resolves once its wire server listens (or rejects with the step that failed). */
export async function startThreadEngine(options: EngineOptions, onLost: (reason: string) => void): Promise<EmbeddedEngine> {
  const load = options.loadDataDir;
  const loadDataDir = load === undefined ? undefined : ArrayBuffer.isView(load) ? load : new Uint8Array(await load.arrayBuffer());
  const data: EmbeddedThreadData = { role: EMBEDDED_THREAD_ROLE, options: { ...options, loadDataDir }, counters: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT) };
  const worker = new Worker(compiledSource('database/embedded-thread-entry.js'), { workerData: data, name: 'embedded-database' });
  return new Promise<EmbeddedEngine>((resolve, reject) => {
    const early = (e: Error) => reject(new EngineStartError('open the embedded database', e.message, { cause: e }));
    const earlyExit = (code: number) => reject(new EngineStartError('open the embedded database', `its thread exited with code ${code}`));
    worker.once('error', early);
    worker.once('exit', earlyExit);
    worker.once('message', (m: FromEmbeddedThread) => {
      worker.off('error', early);
      worker.off('exit', earlyExit);
      if (m.kind === 'ready') resolve(new ThreadEngine(worker, m.port, new Int32Array(data.counters), onLost));
      else if (m.kind === 'failed') {
        reject(new EngineStartError(m.step, m.message));
        void worker.terminate();
      } else reject(new EngineStartError('open the embedded database', `unexpected message ${m.kind}`));
    });
  });
}

class ThreadEngine implements EmbeddedEngine {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(m: Extract<FromEmbeddedThread, { ok: true }>): void; reject(e: Error): void }>();
  private exitReason: string | undefined;
  private stopping = false;
  private readonly exited: Promise<void>;

  /** `onLost`: the thread ended without being stopped (the database is gone for this process). */
  constructor(
    private readonly worker: Worker,
    readonly port: number,
    private readonly counters: Int32Array,
    onLost: (reason: string) => void,
  ) {
    let error: Error | undefined;
    worker.on('message', (m: FromEmbeddedThread) => {
      if (m.kind !== 'reply') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m);
      else if (m.database) p.reject(Object.assign(new DatabaseError(m.message, 0, 'error'), m.database));
      else p.reject(new Error(`embedded database: ${m.message}`));
    });
    worker.on('error', (e) => (error = e));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.exitReason = error ? error.message : `exited with code ${code}`;
        for (const p of this.pending.values()) p.reject(new Error(`embedded database: its thread ${this.exitReason}`));
        this.pending.clear();
        resolve();
        if (!this.stopping) onLost(`its thread ${this.exitReason}`);
      }),
    );
  }

  get wireConnections(): number {
    return Atomics.load(this.counters, ACTIVE);
  }

  get connectionsOpened(): number {
    return Atomics.load(this.counters, OPENED);
  }

  /**
   * LocalEngine.read in the database's thread: the rows as the pg driver returns them, or
   * `undefined` when the statement must go over the wire (another wire connection open, a
   * transaction, binary values). A database error is thrown as the driver's DatabaseError.
   */
  async read(text: string, values: readonly unknown[]): Promise<Record<string, unknown>[] | undefined> {
    if (values.some((v) => ArrayBuffer.isView(v))) return undefined;
    const { rows } = await this.call({ op: 'read', text, values: values.map((v) => prepareValue(v)) });
    return rows ? parseRows(rows) : undefined;
  }

  async dumpDataDir(): Promise<Blob> {
    const { bytes } = await this.call({ op: 'dump' });
    return new Blob([bytes ?? new ArrayBuffer(0)]);
  }

  async pause(): Promise<void> {
    await this.call({ op: 'pause' });
  }

  async resume(): Promise<void> {
    await this.call({ op: 'resume' });
  }

  /** Closes the database in its thread, then ends the thread (whatever it still holds: the database is closed). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.exitReason === undefined) await this.call({ op: 'stop' }).catch(() => undefined);
    await this.worker.terminate();
    await this.exited;
  }

  private call(message: DistributiveOmit<ToEmbeddedThread, 'id'>): Promise<Extract<FromEmbeddedThread, { ok: true }>> {
    if (this.exitReason !== undefined) return Promise.reject(new Error(`embedded database: its thread ${this.exitReason}`));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id } as ToEmbeddedThread);
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
