/**
 * The shapes every import file reader returns: one raw row per child record (CSV/XLSX: one
 * spreadsheet row; NDJSON: one child of a unit's line, e.g. a member of a household), keyed by the
 * English keys of the column table the import port gives (OpenOptions.table), with the row's
 * structural problems. Cell values are not parsed here (the port's assembler does that);
 * readers only decode, split and map headers: they know no module's columns.
 */
import type { ColumnTable, ImportColumn } from '../../../common/imports/columns';
import type { RawRow } from '../../../common/imports/import-types';
import type { ImportFormat } from '../import-job.entity';

export type FileEncoding = 'UTF-8' | 'GB18030';

export type { RawRow, RowProblem } from '../../../common/imports/import-types';
export { cellText } from '../../../common/imports/columns';

export interface FileHeader {
  columns: ImportColumn[];
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

/**
 * Which cells a reader keeps: all of them, or only the unit key's (the inspection pass, which
 * counts rows and finds split units: the reader may leave the other cells out and skip their
 * checks; the file's structural errors are found either way).
 */
export type CellsRead = 'all' | 'unitKey';

export interface OpenOptions {
  format: ImportFormat;
  /** The import port's columns: headers, required columns, the unit key, NDJSON nesting. */
  table: ColumnTable;
  encoding?: FileEncoding | 'AUTO';
  /** Longest accepted row (CSV record, NDJSON line) in bytes; default 1 MiB. */
  maxRowBytes?: number;
  /** XLSX bounds (a zip bomb is refused within them); defaults in DEFAULT_XLSX_LIMITS. */
  xlsx?: Partial<XlsxLimits>;
  /** 'unitKey': rows may hold only the unit key's cell (CSV does so; the other formats read every cell). Default 'all'. */
  cells?: CellsRead;
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
  /** Unit keys (户编号) whose rows are not adjacent. */
  splitHouseholds: Set<string>;
  /** Distinct unit keys. */
  householdCount: number;
}

export const DEFAULT_MAX_ROW_BYTES = 1 << 20;
