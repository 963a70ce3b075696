/**
 * Escapes LIKE's wildcards `%` and `_`, and the escape character itself, backslash, which is
 * PostgreSQL's default escape (so `LIKE $1` needs no `ESCAPE` clause; writing `ESCAPE '\'` is the same).
 */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The LIKE pattern of "contains `s`" (a name filter), its wildcards escaped. */
export function containsPattern(s: string): string {
  return `%${escapeLike(s)}%`;
}
