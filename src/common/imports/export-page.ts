/**
 * Keyset pages for a kind's export (KindExport.page): the cursor is the sort key of the page's
 * last row, opaque to everyone but the port that wrote it (JSON of the key's values). A port
 * orders by the same expressions it names here, so a page starts right after the previous one
 * whatever was written meanwhile.
 */
import type { KindExportPage } from './import-port';

/** The cursor after a row whose sort key is `key` (the values of the ORDER BY expressions, in order). */
export function exportCursor(key: readonly (string | number)[]): string {
  return JSON.stringify(key);
}

/**
 * The condition "after the cursor" on the sort expressions (`a >= $1 AND (a, b) > ($1, $2)`), its
 * values pushed onto `params`; TRUE from the start. The first key's bound, implied by the row
 * comparison, is what an index on it can start from (a row comparison across joined tables is
 * only a filter): a page then costs what the first page costs, not a walk past every earlier row.
 * A cursor that is not one of exportCursor's (or names another number of expressions) is a
 * programming error, not input: it throws.
 */
export function afterCursorSql(after: string | null, expressions: readonly string[], params: unknown[]): string {
  if (after === null) return 'TRUE';
  const key = JSON.parse(after) as unknown;
  if (!Array.isArray(key) || key.length !== expressions.length) throw new Error('not a cursor of this export');
  const placeholders = key.map((v) => {
    params.push(v);
    return `$${params.length}`;
  });
  return `${expressions[0]} >= ${placeholders[0]} AND (${expressions.join(', ')}) > (${placeholders.join(', ')})`;
}

/**
 * A page of a kind's export from the records a port read (at most `limit`, in its keyset order):
 * the rows each record renders (a project with several funding lines is several rows), and the
 * cursor after the last record (null when fewer than `limit` came: the end).
 */
export function exportPageOf<R>(
  records: readonly R[],
  limit: number,
  keyOf: (record: R) => readonly (string | number)[],
  render: (record: R) => readonly Readonly<Record<string, string>>[],
): KindExportPage {
  const last = records[records.length - 1];
  return { rows: records.flatMap(render), next: records.length < limit || !last ? null : exportCursor(keyOf(last)) };
}
