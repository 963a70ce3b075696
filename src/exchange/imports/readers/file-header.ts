/** A file's header row → the port's columns: recognised, unknown, duplicated and missing ones. */
import type { ColumnTable, ImportColumn as ExchangeColumn } from '../../../common/imports/columns';
import { FileErrors } from './file-errors';
import { FileHeader } from './reader-types';

export interface MappedHeader {
  header: FileHeader;
  /** Per cell index: the column read from it, or null (unknown or blank header). */
  columnAt: (ExchangeColumn | null)[];
  /** Per cell index: the header text as in the file. */
  textAt: string[];
  /** Cells up to the last non-blank header. */
  width: number;
}

const headerText = (cell: unknown): string => (cell === null || cell === undefined ? '' : String(cell).trim());

/** Throws DUPLICATE_COLUMNS or MISSING_COLUMNS (naming the columns in Chinese). */
export function mapHeader(cells: readonly unknown[], rowNumber: number, table: ColumnTable): MappedHeader {
  const textAt = cells.map(headerText);
  let width = textAt.length;
  while (width > 0 && textAt[width - 1] === '') width--;
  const columnAt: (ExchangeColumn | null)[] = [];
  const columns: ExchangeColumn[] = [];
  const unknown: string[] = [];
  const cellsOf = new Map<ExchangeColumn, number[]>();
  for (let i = 0; i < width; i++) {
    const text = textAt[i];
    const column = text === '' ? undefined : table.forHeader(text);
    if (!column) {
      columnAt.push(null);
      unknown.push(text === '' ? `（第 ${i + 1} 列无标题）` : text);
      continue;
    }
    const seen = cellsOf.get(column);
    if (seen) {
      seen.push(i);
      columnAt.push(null);
      continue;
    }
    cellsOf.set(column, [i]);
    columnAt.push(column);
    columns.push(column);
  }
  const duplicates = [...cellsOf].filter(([, at]) => at.length > 1);
  if (duplicates.length > 0) {
    throw FileErrors.duplicateColumns(
      duplicates.map(([c, at]) => `${c.header}：${at.map((i) => `“${textAt[i]}”（第 ${i + 1} 列）`).join('、')}`),
      rowNumber,
    );
  }
  const missing = table.required.filter((c) => !cellsOf.has(c));
  if (missing.length > 0) throw FileErrors.missingColumns(missing.map((c) => c.header), rowNumber);
  return { header: { columns, unknown }, columnAt, textAt, width };
}
