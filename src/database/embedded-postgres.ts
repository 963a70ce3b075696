import { resolve, join } from 'node:path';
import { PGlite, protocol, type messages } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { types } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import type { InProcessReads } from '../common/sql/read-statements';
import { ensurePrivateDir, restrictTree } from '../common/files/private-files';
import { DataDirLock, DataDirLockedError } from './data-dir-lock';

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
 * PostgreSQL compiled to WASM (PGlite), served in-process over the wire protocol so that the
 * service reaches it with the ordinary `pg` driver, data source and migrations, exactly as it
 * reaches a PostgreSQL server. Limits (one session behind every connection) are in README.md.
 */
export class EmbeddedPostgres implements InProcessReads {
  private stopped = false;
  private opened = 0;

  private constructor(
    private readonly db: PGlite,
    private server: PGLiteSocketServer,
    private readonly lock: DataDirLock | undefined,
    private readonly host: string,
    private boundPort: number,
    private readonly maxConnections: number,
  ) {
    this.count(server);
  }

  /** Counts the wire connections the server accepts (see connectionsOpened). */
  private count(server: PGLiteSocketServer): void {
    server.addEventListener('connection', () => this.opened++);
  }

  /** Wire connections open now (the service's pool, psql through EMBEDDED_DB_PORT, a test's client...). */
  get wireConnections(): number {
    return this.server.getStats().activeConnections;
  }

  /**
   * Wire connections accepted since the start, counted once each is attached and before any of
   * its statements runs: a change of this number means another connection may have run statements
   * (and received the session's notifications) since it was last read.
   */
  get connectionsOpened(): number {
    return this.opened;
  }

  /**
   * A read (one SELECT) run by PGlite in this process, without the wire protocol's round trip
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
    // Binary values (Buffers) keep the wire path, which sends them in binary format.
    if (values.some((v) => ArrayBuffer.isView(v))) return undefined;
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
      return rowsOf(await this.db.execProtocolStream(message, { syncToFs: false }));
    });
  }

  static async start(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
    const host = options.host ?? '127.0.0.1';
    const maxConnections = options.maxConnections ?? 32;
    let lock: DataDirLock | undefined;
    let db: PGlite | undefined;
    let step = 'open the data directory';
    const dir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
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
      // isView, not instanceof: bytes read in another realm (a Jest test file's) are no Uint8Array of this one.
      const saved = options.loadDataDir;
      const load = saved && ArrayBuffer.isView(saved) ? new BytesBlob(saved) : (saved as Blob | undefined);
      const settings = options.settings?.length ? { postgresqlconf: [...options.settings] } : {};
      db = load ? await PGlite.create({ loadDataDir: load, ...settings }) : await PGlite.create(pgdata, settings);
      // A new cluster is unpacked with the modes of PGlite's template (666), whatever the umask.
      if (dir !== undefined) restrictTree(dir);
      step = 'serve the embedded database';
      const server = new PGLiteSocketServer({ db, host, port: options.port ?? 0, maxConnections });
      await server.start();
      const port = Number(server.getServerConn().split(':').pop());
      return new EmbeddedPostgres(db, server, lock, host, port, maxConnections);
    } catch (e) {
      await db?.close().catch(() => undefined);
      lock?.release();
      if (e instanceof DataDirLockedError) throw e;
      const where = dir === undefined ? 'in memory' : `in ${dir} (DATA_DIR)`;
      const reason = e instanceof Error ? e.message : String(e);
      throw new EmbeddedDatabaseError(`Cannot ${step} ${where}: ${reason || 'unknown error'}`, { cause: e });
    }
  }

  get port(): number {
    return this.boundPort;
  }

  /** A connection URL for the pg driver. PGlite accepts any user and password. */
  get url(): string {
    return `postgres://postgres:postgres@${this.host}:${this.boundPort}/postgres`;
  }

  /** The whole cluster as an uncompressed tarball, for loadDataDir (tests start from a migrated copy). */
  async dumpDataDir(): Promise<Blob> {
    return (await this.db.dumpDataDir('none')) as Blob;
  }

  /** Stop accepting wire connections (open ones are dropped); the database stays open. */
  async pause(): Promise<void> {
    await this.server.stop();
  }

  /** Serve again on the same port after pause(). */
  async resume(): Promise<void> {
    this.server = new PGLiteSocketServer({
      db: this.db,
      host: this.host,
      port: this.boundPort,
      maxConnections: this.maxConnections,
    });
    this.count(this.server);
    await this.server.start();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await this.server.stop().catch(() => undefined);
      await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}

/** The rows of a statement's messages, each column parsed as the pg driver parses it (text format). */
function rowsOf(answer: readonly messages.BackendMessage[]): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  let columns: { name: string; parse: (value: string) => unknown }[] = [];
  for (const m of answer) {
    if (m.name === 'rowDescription') {
      columns = (m as messages.RowDescriptionMessage).fields.map((f) => ({ name: f.name, parse: types.getTypeParser(f.dataTypeID, 'text') }));
    } else if (m.name === 'dataRow') {
      const cells = (m as messages.DataRowMessage).fields;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) {
        const cell = cells[i];
        row[columns[i]!.name] = cell === null || cell === undefined ? null : columns[i]!.parse(cell);
      }
      rows.push(row);
    }
  }
  return rows;
}
