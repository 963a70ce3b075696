import { resolve, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
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
}

/**
 * Bytes in hand as the Blob PGlite unpacks a saved data directory from: PGlite reads it whole with
 * arrayBuffer(), which on a Node Blob reads and joins 64 KiB chunks (about 0.4 s of CPU for the
 * tests' 46 MB template, at every start); this one hands over a copy of the bytes at once.
 */
class BytesBlob extends Blob {
  constructor(private readonly data: Uint8Array) {
    super([]);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.data;
    return Promise.resolve(buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
  }
}

/**
 * PostgreSQL compiled to WASM (PGlite), served in-process over the wire protocol so that the
 * service reaches it with the ordinary `pg` driver, data source and migrations, exactly as it
 * reaches a PostgreSQL server. Limits (one session behind every connection) are in README.md.
 */
export class EmbeddedPostgres {
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
      db = load ? await PGlite.create({ loadDataDir: load }) : await PGlite.create(pgdata);
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
