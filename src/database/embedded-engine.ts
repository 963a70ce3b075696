import { types } from 'pg';
import type { InProcessReads } from '../common/sql/read-statements';

/**
 * What serves the embedded database (embedded-postgres.ts): PGlite and its wire server in this
 * thread (LocalEngine), or in a worker thread of their own (embedded-thread.ts).
 */
export interface EmbeddedEngine extends InProcessReads {
  readonly port: number;
  /** Wire connections open now. */
  readonly wireConnections: number;
  /** Wire connections accepted since the start. */
  readonly connectionsOpened: number;
  dumpDataDir(): Promise<Blob>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** How an engine starts: EmbeddedPostgresOptions with the data directory resolved (and locked by the caller). */
export interface EngineOptions {
  /** The cluster's directory; undefined keeps it in memory. */
  pgdata?: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxConnections: number;
  loadDataDir?: Blob | Uint8Array;
  settings?: readonly string[];
}

/** An engine that failed to start, with the step it failed at (the "Cannot <step>" of EmbeddedDatabaseError). */
export class EngineStartError extends Error {
  constructor(
    readonly step: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineStartError';
  }
}

/** A read's answer before pg's type parsers: its columns and each row's cells in text format. */
export interface RawRows {
  columns: { name: string; dataTypeID: number }[];
  cells: (string | null | undefined)[][];
}

/** The rows as the pg driver returns them: each column parsed by the driver's type parser for its type (text format). */
export function parseRows(raw: RawRows): Record<string, unknown>[] {
  const columns = raw.columns.map((c) => ({ name: c.name, parse: types.getTypeParser(c.dataTypeID, 'text') as (value: string) => unknown }));
  const rows: Record<string, unknown>[] = new Array(raw.cells.length);
  for (let r = 0; r < raw.cells.length; r++) {
    const cells = raw.cells[r]!;
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
      const cell = cells[i];
      row[columns[i]!.name] = cell === null || cell === undefined ? null : columns[i]!.parse(cell);
    }
    rows[r] = row;
  }
  return rows;
}
