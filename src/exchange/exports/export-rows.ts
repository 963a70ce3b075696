/**
 * One household as the export writes it, in the exchange format of src/households/import/registry-columns.ts:
 * table rows (CSV, XLSX: one per member, the household's columns repeated) or one NDJSON object.
 * Pure functions: the service gathers the values, these decide how they look.
 */
import { COLUMNS, ExchangeColumn, formatCell, needsFormulaGuard } from '../../households/import/registry-columns';
import type { ExportValues } from './export-query.dto';

/**
 * Values by column key (COLUMNS' `key`): the household's (its income under `income.*`) and
 * each member's (insurance under `insurance.*`), as stored (enum names, booleans, decimal
 * strings); protected ones already masked or revealed.
 */
export interface ExportRecord {
  household: Record<string, unknown>;
  members: Record<string, unknown>[];
}

const HOUSEHOLD_COLUMNS = COLUMNS.filter((c) => c.scope === 'household');
const MEMBER_COLUMNS = COLUMNS.filter((c) => c.scope === 'member');

/** The header row: COLUMNS' Chinese headers in their order. */
export const HEADER_ROW: readonly string[] = COLUMNS.map((c) => c.header);

/** A cell of a table row: '' when empty; columns this service does not keep are always empty. */
export function cellText(column: ExchangeColumn, value: unknown, values: ExportValues): string {
  return column.role === 'unstored' ? '' : formatCell(column, value, values);
}

/** CSV/XLSX: one row per member, household columns first and repeated; none for a household without members. */
export function tableRows(record: ExportRecord, values: ExportValues): string[][] {
  return record.members.map((m) => COLUMNS.map((c) => cellText(c, c.scope === 'household' ? record.household[c.key] : m[c.key], values)));
}

/** NDJSON: English keys, dotted keys nested (`income`, `insurance`), `members` last; labels as in the tables, yes/no as booleans, integers as numbers, empty as null. */
export function ndjsonObject(record: ExportRecord, values: ExportValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of HOUSEHOLD_COLUMNS) setPath(out, c.key, jsonValue(c, record.household[c.key], values));
  out.members = record.members.map((m) => {
    const o: Record<string, unknown> = {};
    for (const c of MEMBER_COLUMNS) setPath(o, c.key, jsonValue(c, m[c.key], values));
    return o;
  });
  return out;
}

function jsonValue(column: ExchangeColumn, value: unknown, values: ExportValues): unknown {
  if (column.role === 'unstored' || value === null || value === undefined) return null;
  if (column.kind === 'bool') return Boolean(value);
  if (column.kind === 'int') return Number(value);
  return formatCell(column, value, values);
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const dot = key.indexOf('.');
  if (dot < 0) {
    target[key] = value;
    return;
  }
  const head = key.slice(0, dot);
  const child = (target[head] ??= {}) as Record<string, unknown>;
  setPath(child, key.slice(dot + 1), value);
}

// ------------------------------------------------------------------ CSV

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell: a value that a spreadsheet would run as a formula gets a leading apostrophe
 * (needsFormulaGuard; the import drops it again with unguardFormula); a plain number such as a
 * negative net income is left alone. RFC 4180
 * quoting: cells with a quote, comma or line break are quoted, quotes doubled.
 */
export function csvCell(text: string): string {
  const safe = needsFormulaGuard(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * One XLSX cell. The sheet holds text cells, which a spreadsheet never runs, so `=1+1` is written
 * as is; only text that itself starts with `'` before a formula character gets one more `'`,
 * because the import drops one there (unguardFormula) as it does in CSV.
 */
export function xlsxCell(text: string): string | null {
  if (text === '') return null;
  return text.charCodeAt(0) === 0x27 && needsFormulaGuard(text) ? `'${text}` : text;
}

/** One CSV record with its CRLF (RFC 4180). */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
