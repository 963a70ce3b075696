/**
 * Columns of an export-only kind (ImportPorts.registerExport: a ledger for people, not a file to
 * re-import): one row a record, every column informative, text unless told.
 */
import { columnTable, ColumnTable, ImportColumn } from './columns';

export type ExportColumn = ImportColumn<'row' | 'none'>;

/** A column with its Chinese header and its key in the rows a page renders (kind text unless `o` says). */
export const exportColumn = (header: string, key: string, o: Partial<ExportColumn> = {}): ExportColumn => ({ header, key, kind: 'text', role: 'info', scope: 'row', ...o });

/** The table of an export-only kind: one row a record, keyed by `unitKey`. */
export const exportTable = (columns: readonly ExportColumn[], unitKey: string): ColumnTable<ExportColumn> =>
  columnTable<ExportColumn>(columns, { unitKey, nesting: { unitScope: 'row', childScope: 'none', childrenKey: 'none' } });
