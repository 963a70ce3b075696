import { Client } from 'pg';
import { currentScope } from '../../src/common/request-scope/request-scope';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { PRINCIPAL_STATEMENT } from '../../src/identity/users.repository';

/**
 * Counts the SQL statements the service sends while `fn` runs, at the pg driver, so that
 * batching (DataLoaders) and "no SQL before validation" are measured, not assumed. The service's
 * own background work (the job runner's polls and jobs, the audit checkpointer), which may run at
 * any moment on a busy machine, is not the measured work and is left out; so is the read of a
 * signed-in caller's principal (`PRINCIPAL_STATEMENT`), which a server keeps between requests
 * (src/identity/principal-cache.ts) and the embedded database reads every time: counts are the
 * request's own statements on both; `principal` lists the principal's reads. Reads the embedded
 * database runs in the service's process (EmbeddedPostgres.read, no driver) count as well.
 */
export async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[]; principal: string[] }> {
  const statements: string[] = [];
  const principal: string[] = [];
  const unwatch = watchStatements((text) => {
    if (text.startsWith(PRINCIPAL_STATEMENT)) principal.push(text);
    else if (!currentScope()?.background) statements.push(text);
  });
  try {
    const result = await fn();
    return { result, count: statements.length, statements, principal };
  } finally {
    unwatch();
  }
}

/**
 * Calls `see` with the text of every statement the service runs until the returned function is
 * called, in the request scope the statement runs in: at the pg driver, and for the reads the
 * embedded database runs in the service's process (EmbeddedPostgres.read, no driver) once they
 * have run (a read PGlite declined goes over the driver and is seen there).
 */
export function watchStatements(see: (text: string) => void): () => void {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    see(typeof q === 'string' ? q : (q?.text ?? ''));
    return original.apply(this, args);
  };
  const embedded = EmbeddedPostgres.prototype;
  const read = embedded.read;
  embedded.read = async function (this: EmbeddedPostgres, text, values) {
    const rows = await read.call(this, text, values);
    // In the caller's scope, which the await keeps.
    if (rows) see(text);
    return rows;
  };
  return () => {
    proto.query = original;
    embedded.read = read;
  };
}
