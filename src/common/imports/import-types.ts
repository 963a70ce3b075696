/**
 * The shapes an import passes between the generic machinery (readers, runner, job rows and
 * report: src/exchange/imports) and a module's import port (src/common/imports/import-port.ts).
 */
import type { Raw } from './columns';

export enum ProblemSeverity {
  ERROR = 'ERROR',
  WARNING = 'WARNING',
  /** Not a problem: a dry run's list of what it would change (WOULD_CREATE, WOULD_UPDATE). */
  INFO = 'INFO',
}

/** DHIS2's import strategies: create new units only, update existing ones only, or both. */
export enum ImportStrategy {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  CREATE_AND_UPDATE = 'CREATE_AND_UPDATE',
}

export interface RowProblem {
  /** The column header as in the file (NDJSON: the key), or null for the row as a whole. */
  column: string | null;
  /** The API field (members.idNumber, income.wages), or null. */
  field: string | null;
  code: string;
  message: string;
}

/**
 * A row's cells by column key, as a reader gives them and a port reads them: a missing key (or a
 * blank cell) is `undefined`. A Map is one; the CSV reader's rows are the record's fields read
 * through the header's index (FieldCells: one array per row, no hash table per row).
 */
export interface RowCells {
  get(key: string): Raw | undefined;
  has(key: string): boolean;
  set(key: string, value: Raw): this;
  delete(key: string): boolean;
  /** The cells that are not blank, in the file's column order. */
  forEach(visit: (value: Raw, key: string) => void): void;
  readonly size: number;
  /** [key, value] of the cells forEach visits (`new Map(row.values)`, `Object.fromEntries(row.values)`). */
  [Symbol.iterator](): IterableIterator<[string, Raw]>;
}

export interface RawRow {
  /** CSV: record number as a spreadsheet shows it (header = 1); XLSX: sheet row number; NDJSON: line number. */
  rowNumber: number;
  /**
   * Column key → raw cell, only the file's recognised columns and only cells that are not blank:
   * a missing key is a blank cell (the file's header says which columns the file has). NDJSON:
   * the keys present on the line, JSON null kept as null.
   */
  values: RowCells;
  /** Structural problems of this row (FORMULA_NOT_ALLOWED, INVALID_JSON, COLUMN_COUNT, ENCODING, CELL_ERROR …). */
  problems: RowProblem[];
}

/** A line of an import's report. */
export interface ImportProblem {
  severity: ProblemSeverity;
  rowNumber: number | null;
  /** The unit's key (户编号 for the registry; the report's household_number column), or null for the file. */
  householdNumber: string | null;
  column: string | null;
  field: string | null;
  code: string;
  message: string;
}

/** What an import did to one kind of record (a unit's, or its children's: `left` is for children that left). */
export interface UnitCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  left: number;
}

export const zeroUnitCounts = (): UnitCounts => ({ created: 0, updated: 0, unchanged: 0, rejected: 0, left: 0 });

/** Counts per unit name (`{ households: {…}, members: {…} }`). */
export type CountsByUnit = Record<string, UnitCounts>;

/** Every unit at zero (a job's counts before its first batch). */
export function zeroCountsByUnit(units: readonly string[]): CountsByUnit {
  return Object.fromEntries(units.map((u) => [u, zeroUnitCounts()]));
}

/** Adds `more` into `into` (units absent from `into` start at zero). */
export function addCountsByUnit(into: CountsByUnit, more: CountsByUnit): CountsByUnit {
  for (const [unit, c] of Object.entries(more)) {
    const t = (into[unit] ??= zeroUnitCounts());
    t.created += c.created;
    t.updated += c.updated;
    t.unchanged += c.unchanged;
    t.rejected += c.rejected;
    t.left += c.left;
  }
  return into;
}
