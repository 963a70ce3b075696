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
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const statements: string[] = [];
  const principal: string[] = [];
  const note = (text: string) => {
    if (text.startsWith(PRINCIPAL_STATEMENT)) principal.push(text);
    else if (!currentScope()?.background) statements.push(text);
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    note(typeof q === 'string' ? q : (q?.text ?? ''));
    return original.apply(this, args);
  };
  const embedded = EmbeddedPostgres.prototype;
  const read = embedded.read;
  embedded.read = async function (this: EmbeddedPostgres, text, values) {
    const rows = await read.call(this, text, values);
    // Counted once run here (in the caller's scope, which the await keeps); a read PGlite declined goes over the driver and is counted there.
    if (rows) note(text);
    return rows;
  };
  try {
    const result = await fn();
    return { result, count: statements.length, statements, principal };
  } finally {
    proto.query = original;
    embedded.read = read;
  }
}
