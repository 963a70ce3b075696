/**
 * The shapes every import file reader returns: one raw row per member (CSV/XLSX: one spreadsheet
 * row; NDJSON: one member of a household line), keyed by the exchange columns' English keys, with
 * the row's structural problems. Cell values are not parsed here (parseCell in registry-columns
 * does that in the pipeline); readers only decode, split and map headers.
 */
import type { ExchangeColumn, Raw } from '../../format/registry-columns';
import type { ImportFormat } from '../import-job.entity';

export type FileEncoding = 'UTF-8' | 'GB18030';

export interface RowProblem {
  /** The column header as in the file (NDJSON: the key), or null for the row as a whole. */
  column: string | null;
  /** The API field (members.idNumber, income.wages), or null. */
  field: string | null;
  code: string;
  message: string;
}

export interface RawRow {
  /** CSV: record number as a spreadsheet shows it (header = 1); XLSX: sheet row number; NDJSON: line number. */
  rowNumber: number;
  /**
   * COLUMNS key → raw cell, only the file's recognised columns and only cells that are not blank:
   * a missing key is a blank cell (header.columns says which columns the file has). NDJSON: the
   * keys present on the line, JSON null kept as null.
   */
  values: Map<string, Raw>;
  /** Structural problems of this row (FORMULA_NOT_ALLOWED, INVALID_JSON, COLUMN_COUNT, ENCODING, CELL_ERROR …). */
  problems: RowProblem[];
}

export interface FileHeader {
  columns: ExchangeColumn[];
  /** Headers not recognised (ignored, reported once as a warning). NDJSON: filled while the rows are read. */
  unknown: string[];
}

/** Fatal: the file as a whole cannot be imported. Messages are Chinese with English in parentheses. */
export class ImportFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly rowNumber?: number,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export interface OpenOptions {
  format: ImportFormat;
  encoding?: FileEncoding | 'AUTO';
  /** Longest accepted row (CSV record, NDJSON line) in bytes; default 1 MiB. */
  maxRowBytes?: number;
  /** XLSX bounds (a zip bomb is refused within them); defaults in DEFAULT_XLSX_LIMITS. */
  xlsx?: Partial<XlsxLimits>;
}

/** What an XLSX file may hold in memory or expand to (IMPORT_XLSX_* and IMPORT_MAX_CELL_BYTES). */
export interface XlsxLimits {
  /** Largest decompressed part (worksheet, shared strings, styles …). */
  maxPartBytes: number;
  /** Shared strings kept in memory while the sheet is read: how many, and their text in bytes. */
  maxSharedStrings: number;
  maxSharedStringBytes: number;
  /** Longest cell (a shared string, an inline string, any XML token) in bytes. */
  maxCellBytes: number;
}

/** The defaults of the configuration (app-config.ts), for tools and tests that open files directly. */
export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxPartBytes: 4 * 1024 * 1024 * 1024,
  maxSharedStrings: 4_000_000,
  maxSharedStringBytes: 128 * 1024 * 1024,
  maxCellBytes: 64 * 1024,
};

export interface OpenedFile {
  format: ImportFormat;
  /** null for XLSX. */
  encoding: FileEncoding | null;
  header: FileHeader;
  /** Iterate once. Errors that make the rest unreadable are thrown as ImportFileError with the row number. */
  rows: AsyncIterable<RawRow>;
}

export interface FileInspection {
  encoding: FileEncoding | null;
  header: FileHeader;
  totalRows: number;
  /** Household numbers whose rows are not adjacent. */
  splitHouseholds: Set<string>;
  householdCount: number;
}

export const DEFAULT_MAX_ROW_BYTES = 1 << 20;

/**
 * A raw cell as text to compare by: blank is '', a date its ISO form, anything else folded to
 * half-width (NFKC) and trimmed. Household numbers are grouped and matched by it.
 */
export function cellText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (raw instanceof Date) return raw.toISOString();
  return String(raw).normalize('NFKC').trim();
}

/** The API field of a column as the problem report names it. */
export function fieldOf(column: ExchangeColumn): string {
  return column.scope === 'member' ? `members.${column.key}` : column.key;
}
