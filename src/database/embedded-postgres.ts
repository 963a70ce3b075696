import type { Server, Socket } from 'node:net';
import { resolve, join } from 'node:path';
import { PGlite, protocol, type messages } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { prepareValue } from 'pg/lib/utils';
import type { InProcessReads } from '../common/sql/read-statements';
import { ensurePrivateDir, restrictTree } from '../common/files/private-files';
import { DataDirLock, DataDirLockedError } from './data-dir-lock';
import { EmbeddedEngine, EngineOptions, EngineStartError, parseRows, RawRows } from './embedded-engine';
import { startThreadEngine } from './embedded-thread';

/** Nest token: the EmbeddedPostgres this process serves its data from, or null (a PostgreSQL server). */
export const EMBEDDED_DATABASE = Symbol('EMBEDDED_DATABASE');

/** The embedded database could not be opened in DATA_DIR (permissions, a damaged directory...). */
export class EmbeddedDatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedDatabaseError';
  }
}

export interface EmbeddedPostgresOptions {
  /** Directory for the database files; undefined keeps everything in memory (tests). */
  dataDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Wire connections the socket server accepts; all share one PGlite session. */
  maxConnections?: number;
  /** In memory only: start from a data directory saved by dumpDataDir() instead of an empty cluster. */
  loadDataDir?: Blob | Uint8Array;
  /**
   * Server settings for this start (postgresql.conf lines), e.g. a smaller `shared_buffers` for a
   * throw-away database: PGlite sets up the buffer pool at every start (the tests' databases).
   */
  settings?: readonly string[];
  /**
   * PGlite and its wire server in a worker thread of their own (the service's own database,
   * EMBEDDED_DB_THREAD): two cores for the service and its database. Off, everything runs in this
   * thread (the tests' throw-away databases).
   */
  thread?: boolean;
  /**
   * With `thread`: called when the thread ends without `stop` (a WASM abort, say), after every
   * read in flight has failed. The database is gone for this process, as it would be had PGlite
   * crashed in this thread (which ends the process); the service exits so that its supervisor
   * starts it again (bootstrap.ts). By default an error is thrown, which ends the process too.
   */
  onThreadLost?: (error: EmbeddedDatabaseError) => void;
}

/**
 * Bytes in hand as the Blob PGlite unpacks a saved data directory from: PGlite reads it whole with
 * arrayBuffer(), which on a Node Blob reads and joins 64 KiB chunks (about 0.4 s of CPU for the
 * tests' 46 MB template, at every start); this one hands the bytes over at once. PGlite only reads
 * them (its untar copies each file into its memory file system), so bytes that fill their buffer
 * (a file read whole) go without a copy (~0.15 s of CPU a start); others are copied out.
 */
class BytesBlob extends Blob {
  constructor(private readonly data: Uint8Array) {
    super([]);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.data;
    if (byteOffset === 0 && byteLength === buffer.byteLength && buffer instanceof ArrayBuffer) return Promise.resolve(buffer);
    return Promise.resolve(buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
  }
}

/**
 * PostgreSQL compiled to WASM (PGlite), served over the wire protocol so that the service reaches
 * it with the ordinary `pg` driver, data source and migrations, exactly as it reaches a PostgreSQL
 * server. Limits (one session behind every connection) are in README.md.
 *
 * With `thread`, PGlite and its wire server run in a worker thread of their own
 * (embedded-thread.ts): the service's JavaScript and the database then use two cores, as they do
 * beside a PostgreSQL server; `read` is a message to that thread. Without it (the tests'
 * databases, which start by the hundred), everything stays in this thread.
 */
export class EmbeddedPostgres implements InProcessReads {
  private stopped = false;

  private constructor(
    private readonly engine: EmbeddedEngine,
    private readonly lock: DataDirLock | undefined,
    private readonly host: string,
  ) {}

  /** Wire connections open now (the service's pool, psql through EMBEDDED_DB_PORT, a test's client...). */
  get wireConnections(): number {
    return this.engine.wireConnections;
  }

  /**
   * Wire connections accepted since the start, counted once each is attached and before any of
   * its statements runs: a change of this number means another connection may have run statements
   * (and received the session's notifications) since it was last read.
   */
  get connectionsOpened(): number {
    return this.engine.connectionsOpened;
  }

  /**
   * A read (one SELECT) run by PGlite without the wire protocol's round trip through a socket, or
   * `undefined` when the statement must go over the wire (see LocalEngine.read; in a thread of its
   * own, the same read as a message to that thread).
   */
  read(text: string, values: readonly unknown[]): Promise<Record<string, unknown>[] | undefined> {
    return this.engine.read(text, values);
  }

  static async start(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
    const host = options.host ?? '127.0.0.1';
    const maxConnections = options.maxConnections ?? 32;
    let lock: DataDirLock | undefined;
    let step = 'open the data directory';
    const dir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
    const where = dir === undefined ? 'in memory' : `in ${dir} (DATA_DIR)`;
    try {
      let pgdata: string | undefined;
      if (dir !== undefined) {
        lock = DataDirLock.acquire(dir);
        pgdata = join(dir, 'pgdata');
        // Personal data: owner-only, including what an older version left readable by others.
        restrictTree(dir);
        ensurePrivateDir(pgdata);
      }
      step = 'open the embedded database';
      if (options.loadDataDir && pgdata !== undefined) throw new Error('loadDataDir is for in-memory databases only');
      const engineOptions: EngineOptions = { pgdata, host, port: options.port ?? 0, maxConnections, loadDataDir: options.loadDataDir, settings: options.settings };
      const onLost =
        options.onThreadLost ??
        ((e: EmbeddedDatabaseError) => {
          throw e;
        });
      const engine = options.thread
        ? await startThreadEngine(engineOptions, (reason) => onLost(new EmbeddedDatabaseError(`The embedded database ${where} stopped: ${reason}`)))
        : await LocalEngine.start(engineOptions, (s) => (step = s));
      // A new cluster is unpacked with the modes of PGlite's template (666), whatever the umask.
      if (dir !== undefined) restrictTree(dir);
      return new EmbeddedPostgres(engine, lock, host);
    } catch (e) {
      lock?.release();
      if (e instanceof DataDirLockedError) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      const failedStep = e instanceof EngineStartError ? e.step : step;
      throw new EmbeddedDatabaseError(`Cannot ${failedStep} ${where}: ${reason || 'unknown error'}`, { cause: e });
    }
  }

  get port(): number {
    return this.engine.port;
  }

  /** A connection URL for the pg driver. PGlite accepts any user and password. */
  get url(): string {
    return `postgres://postgres:postgres@${this.host}:${this.engine.port}/postgres`;
  }

  /** The whole cluster as an uncompressed tarball, for loadDataDir (tests start from a migrated copy). */
  dumpDataDir(): Promise<Blob> {
    return this.engine.dumpDataDir();
  }

  /** Stop accepting wire connections (open ones are dropped); the database stays open. */
  pause(): Promise<void> {
    return this.engine.pause();
  }

  /** Serve again on the same port after pause(). */
  resume(): Promise<void> {
    return this.engine.resume();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await this.engine.stop();
    } finally {
      this.lock?.release();
    }
  }
}

/** PGlite and its wire server in this thread. */
export class LocalEngine implements EmbeddedEngine {
  private opened = 0;

  private constructor(
    private readonly db: PGlite,
    private server: PGLiteSocketServer,
    private readonly options: EngineOptions,
    private boundPort: number,
    /** Told when a wire connection opens or closes (the thread's shared counters). */
    private readonly onConnections?: (engine: LocalEngine) => void,
  ) {
    this.count(server);
  }

  static async start(options: EngineOptions, onStep: (step: string) => void = () => undefined, onConnections?: (engine: LocalEngine) => void): Promise<LocalEngine> {
    let db: PGlite | undefined;
    try {
      // isView, not instanceof: bytes read in another realm (a Jest test file's) are no Uint8Array of this one.
      const saved = options.loadDataDir;
      const load = saved && ArrayBuffer.isView(saved) ? new BytesBlob(saved) : (saved as Blob | undefined);
      const settings = options.settings?.length ? { postgresqlconf: [...options.settings] } : {};
      db = load ? await PGlite.create({ loadDataDir: load, ...settings }) : await PGlite.create(options.pgdata, settings);
      onStep('serve the embedded database');
      const server = new PGLiteSocketServer({ db, host: options.host, port: options.port, maxConnections: options.maxConnections });
      await server.start();
      const port = Number(server.getServerConn().split(':').pop());
      return new LocalEngine(db, server, options, port, onConnections);
    } catch (e) {
      await db?.close().catch(() => undefined);
      throw e;
    }
  }

  /**
   * Counts the wire connections the server accepts (see connectionsOpened) and, for the thread's
   * shared counters, tells when one is taken in (after it is attached, before any of its
   * statements can run) or let go.
   */
  private count(server: PGLiteSocketServer): void {
    server.addEventListener('connection', () => {
      this.opened++;
      this.onConnections?.(this);
    });
    if (!this.onConnections) return;
    const tell = () => this.onConnections!(this);
    const net = (server as unknown as { server?: Server }).server;
    if (!net) throw new Error('embedded database: the wire server keeps no net.Server (pglite-socket changed)');
    // The server lets a connection go in an immediate queued by the socket's close; this listener
    // came first, so its count waits one more turn of the loop, after the server's.
    net.on('connection', (socket: Socket) => socket.once('close', () => setImmediate(() => setImmediate(tell))));
  }

  get port(): number {
    return this.boundPort;
  }

  get wireConnections(): number {
    return this.server.getStats().activeConnections;
  }

  get connectionsOpened(): number {
    return this.opened;
  }

  /**
   * A read (one SELECT) run by PGlite in this thread, without the wire protocol's round trip
   * through a socket: the pg driver's encoding, the socket server's parsing and queue, and the
   * driver's decoding again cost about 0.2 ms of CPU a statement, as much as a short page's
   * statement itself (issue #12). The caller holds the service's own wire connection (the pool's
   * only one, out of the pool), so the service runs nothing else meanwhile.
   *
   * PGlite is one session behind every wire connection, and the socket server runs a wire
   * connection's messages one at a time: another connection may be between two of its messages
   * (a statement parsed, not yet bound) or in a transaction. So the read runs only while it holds
   * PGlite's lock, no wire connection but the caller's is open and no transaction is; otherwise
   * the answer is `undefined` and the caller sends the statement over its connection as before.
   *
   * The statement is sent as the pg driver sends it (Parse, Bind, Describe, Execute, Sync; values
   * prepared by the driver's own `prepareValue`) and its rows are parsed with the driver's type
   * parsers, so the rows are what the driver would have returned. A database error is thrown as
   * the driver throws it (a DatabaseError with its SQLSTATE `code`).
   */
  async read(text: string, values: readonly unknown[]): Promise<Record<string, unknown>[] | undefined> {
    const raw = await this.readRaw(text, values);
    return raw && parseRows(raw);
  }

  /** `read`'s answer before pg's type parsers (what the database's thread sends the service). */
  readRaw(text: string, values: readonly unknown[]): Promise<RawRows | undefined> {
    // Binary values (Buffers) keep the wire path, which sends them in binary format.
    if (values.some((v) => ArrayBuffer.isView(v))) return Promise.resolve(undefined);
    return this.db.runExclusive(async () => {
      if (this.wireConnections > 1 || this.db.isInTransaction()) return undefined;
      const s = protocol.serialize;
      const message = Buffer.concat([
        s.parse({ text }),
        s.bind({ values: values as string[], valueMapper: prepareValue }),
        s.describe({ type: 'P' }),
        s.execute({}),
        s.sync(),
      ]);
      return rawRowsOf(await this.db.execProtocolStream(message, { syncToFs: false }));
    });
  }

  async dumpDataDir(): Promise<Blob> {
    return (await this.db.dumpDataDir('none')) as Blob;
  }

  async pause(): Promise<void> {
    await this.server.stop();
    this.onConnections?.(this);
  }

  async resume(): Promise<void> {
    this.server = new PGLiteSocketServer({
      db: this.db,
      host: this.options.host,
      port: this.boundPort,
      maxConnections: this.options.maxConnections,
    });
    await this.server.start();
    this.count(this.server);
  }

  async stop(): Promise<void> {
    await this.server.stop().catch(() => undefined);
    await this.db.close();
  }
}

/** A statement's columns and text cells from its messages. */
function rawRowsOf(answer: readonly messages.BackendMessage[]): RawRows {
  const raw: RawRows = { columns: [], cells: [] };
  for (const m of answer) {
    if (m.name === 'rowDescription') raw.columns = (m as messages.RowDescriptionMessage).fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    else if (m.name === 'dataRow') raw.cells.push((m as messages.DataRowMessage).fields as (string | null)[]);
  }
  return raw;
}
