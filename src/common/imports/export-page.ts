/**
 * Keyset pages for a kind's export (KindExport.page): the cursor is the sort key of the page's
 * last row, opaque to everyone but the port that wrote it (JSON of the key's values). A port
 * orders by the same expressions it names here, so a page starts right after the previous one
 * whatever was written meanwhile.
 */

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
