/**
 * Writes many rows to tables set-based, inside the caller's transaction: each table's rows are
 * staged in a temporary table shaped like the target's columns (COPY FROM STDIN on a PostgreSQL
 * server; one jsonb parameter per chunk on the embedded database, which does not speak COPY
 * FROM STDIN), then merged with one statement: INSERT … SELECT, UPDATE … FROM (only the columns
 * staged), or INSERT … ON CONFLICT DO UPDATE. Plain inserts skip the staging table (COPY straight
 * into the table, or INSERT … SELECT straight from the jsonb parameter). Whatever the row count, no statement comes near
 * PostgreSQL's 65,535-parameter limit. Used by the import writer and the demo registry loader.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';
import { sortStringsInPlace } from '../common/sort-strings';

export type Row = Record<string, unknown>;

export type WriteMode = 'INSERT' | 'UPDATE' | 'UPSERT';

/** One table's rows and how they land. */
export interface TableWrite {
  table: string;
  mode: WriteMode;
  rows: readonly Row[];
  /** The key columns an UPDATE matches and an UPSERT conflicts on (default `id`). */
  key?: readonly string[];
  /**
   * The columns every row writes (a missing value is NULL). Without it, rows are grouped by the
   * columns they have and a column a row lacks keeps its default (INSERT) or stored value (UPDATE).
   */
  columns?: readonly string[];
  /** SQL appended to the SET list of an UPDATE (`t` is the target) or of an UPSERT's DO UPDATE, e.g. `updated_at = now()`. */
  alsoSet?: string;
}

/** Rows per jsonb parameter on the embedded database. */
const JSON_CHUNK_ROWS = 5000;
/** Bytes of COPY text sent per chunk, about (a chunk ends after the row that reaches it). */
const COPY_CHUNK_BYTES = 65536;
const TAB = 0x09;
const LF = 0x0a;

/**
 * COPY FROM STDIN or jsonb parameters is decided by the database itself (copySupported), not by
 * configuration: a URL may lead to the embedded database too.
 */
export class StagedWriter {
  /** The writes in the order given (parents before children: a foreign key is checked per statement). */
  async writeAll(m: EntityManager, writes: readonly TableWrite[]): Promise<void> {
    for (const w of writes) await this.write(m, w);
  }

  async write(m: EntityManager, w: TableWrite): Promise<void> {
    if (!w.rows.length) return;
    const key = w.key ?? ['id'];
    for (const [cols, group] of groupByColumns(w)) {
      const stage = `staged_${w.table}`;
      const list = cols.map((c) => `"${c}"`).join(', ');
      if (w.mode === 'INSERT') {
        // Nothing to merge: straight into the table (COPY, or the jsonb parameter typed by the
        // table's own row type). Its triggers fire as for an INSERT (per row; per statement with
        // the transition table of all the rows).
        if (await copySupported(m)) await copyInto(m, w.table, cols, group);
        else await this.fromJson(m, w.table, cols, group);
        continue;
      }
      // Shaped like the target's columns (types, enums, arrays) without its constraints.
      await m.query(`DROP TABLE IF EXISTS pg_temp.${stage}`);
      await m.query(`CREATE TEMP TABLE ${stage} AS SELECT ${list} FROM ${w.table} WITH NO DATA`);
      await this.stage(m, stage, cols, group);
      const also = w.alsoSet ? `, ${w.alsoSet}` : '';
      if (w.mode === 'UPDATE') {
        const sets = cols.filter((c) => !key.includes(c)).map((c) => `"${c}" = s."${c}"`);
        await m.query(`UPDATE ${w.table} t SET ${sets.join(', ')}${also} FROM ${stage} s WHERE ${key.map((k) => `t."${k}" = s."${k}"`).join(' AND ')}`);
      } else {
        const sets = cols.filter((c) => !key.includes(c)).map((c) => `"${c}" = EXCLUDED."${c}"`);
        await m.query(
          `INSERT INTO ${w.table} (${list}) SELECT ${list} FROM ${stage} ON CONFLICT (${key.map((k) => `"${k}"`).join(', ')}) DO UPDATE SET ${sets.join(', ')}${also}`,
        );
      }
    }
  }

  private async stage(m: EntityManager, stage: string, cols: readonly string[], rows: readonly Row[]): Promise<void> {
    if (await copySupported(m)) await copyInto(m, stage, cols, rows);
    else await this.fromJson(m, stage, cols, rows);
  }

  /**
   * INSERT INTO `table` … FROM jsonb_populate_recordset(NULL::`table`, $1), a chunk of rows per
   * parameter: every column keeps its type (enums, arrays, numerics) from the table; a key a
   * row lacks is NULL.
   */
  private async fromJson(m: EntityManager, table: string, cols: readonly string[], rows: readonly Row[]): Promise<void> {
    const list = cols.map((c) => `"${c}"`).join(', ');
    for (let i = 0; i < rows.length; i += JSON_CHUNK_ROWS) {
      const part = rows.slice(i, i + JSON_CHUNK_ROWS);
      await m.query(`INSERT INTO ${table} (${list}) SELECT ${cols.map((c) => `x."${c}"`).join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) x`, [
        JSON.stringify(part),
      ]);
    }
  }
}

const copyByDataSource = new WeakMap<object, Promise<boolean>>();

/**
 * Whether the database behind `m` speaks COPY FROM STDIN: any PostgreSQL server, not the embedded
 * one (PGlite), also when it is reached through a URL (a test's proxy in front of its socket
 * server). Asked once per data source (`version()`), then remembered.
 */
export function copySupported(m: EntityManager): Promise<boolean> {
  let known = copyByDataSource.get(m.connection);
  if (!known) {
    known = m.query('SELECT version() AS v').then((rows: { v: string }[]) => !String(rows[0]?.v ?? '').includes('PGlite'));
    copyByDataSource.set(m.connection, known);
  }
  return known;
}

/**
 * COPY FROM STDIN of `rows` (values as `cols` name them) into `table`, on the connection of `m`
 * (a PostgreSQL server: the embedded database does not speak COPY FROM STDIN). Strings go as they
 * are, arrays as array literals, plain objects as JSON (jsonb), null and undefined as NULL.
 */
export async function copyInto(m: EntityManager, table: string, cols: readonly string[], rows: readonly Row[]): Promise<void> {
  const client = (await m.queryRunner!.connect()) as PoolClient;
  const stream = client.query(copyFrom(`COPY ${table} (${cols.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(cols, rows)), stream);
}

/** Rows of one statement share one column list: the given one, or groups by the set of columns present. */
function groupByColumns(w: TableWrite): [readonly string[], Row[]][] {
  if (w.columns) return [[w.columns, [...w.rows]]];
  const groups = new Map<string, Row[]>();
  // Rows built one after another mostly have the same keys in the same order: such a row joins the
  // previous row's group without sorting or joining its keys (issue #12: per row, that was 5 % of
  // the bytes an import allocated).
  let previousKeys: string[] = [];
  let previous: Row[] | undefined;
  for (const r of w.rows) {
    const keys = Object.keys(r);
    if (previous && sameStrings(keys, previousKeys)) {
      previous.push(r);
      continue;
    }
    previousKeys = keys.slice();
    const cols = sortStringsInPlace(keys).join(',');
    let g = groups.get(cols);
    if (!g) groups.set(cols, (g = []));
    g.push(r);
    previous = g;
  }
  return [...groups].map(([cols, g]) => [cols.split(','), g]);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * COPY text format, a chunk of bytes at a time: each value written straight into the chunk's
 * buffer (UTF-8), not strings joined or grown by `+=` and then encoded. On an import's own rows
 * that takes about half the time (issue #12: households 66 -> 38 ms, members 145 -> 80 ms per
 * 10,000 households, measured on their rows). A chunk may end inside a row: COPY takes the data
 * as one stream, however its messages divide it.
 */
function* copyChunks(cols: readonly string[], rows: readonly Row[]): Generator<Buffer> {
  const size = COPY_CHUNK_BYTES * 2;
  let chunk = Buffer.allocUnsafe(size);
  let at = 0;
  for (const r of rows) {
    for (let i = 0; i < cols.length; i++) {
      const value = copyValue(r[cols[i]]);
      // UTF-8 takes at most 3 bytes per UTF-16 unit; one more for the tab or line break.
      const most = value.length * 3 + 1;
      if (at + most > chunk.length) {
        if (at > 0) yield chunk.subarray(0, at);
        chunk = Buffer.allocUnsafe(Math.max(size, most));
        at = 0;
      }
      at += chunk.write(value, at);
      chunk[at++] = i === cols.length - 1 ? LF : TAB;
    }
    if (at >= COPY_CHUNK_BYTES) {
      // A chunk once handed to the stream is not written again.
      yield chunk.subarray(0, at);
      chunk = Buffer.allocUnsafe(size);
      at = 0;
    }
  }
  if (at > 0) yield chunk.subarray(0, at);
}

/** Characters COPY's text format escapes. */
const COPY_SPECIAL = /[\\\t\n\r]/;

function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string' && !COPY_SPECIAL.test(v)) return v;
  if (Array.isArray(v)) return `{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`.replace(/\\/g, '\\\\');
  // A plain object is a jsonb value.
  if (typeof v === 'object' && !(v instanceof Date)) return copyValue(JSON.stringify(v));
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
