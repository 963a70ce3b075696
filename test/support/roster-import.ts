import { parse } from 'csv-parse/sync';
import type { SignedIn } from './auth';
import type { TestApp } from './test-app';
import { waitFor } from './wait-for';

type Json = Record<string, any>;

/** A problem of an import as the roster tests read it from import_problems. */
export interface RosterProblem {
  severity: string;
  row_number: number;
  column: string | null;
  code: string;
}

/**
 * Uploads a roster file (CSV text) of `kind` as `who`, waits with a deadline for the job to end,
 * checks it ended as `status` in mode SYNC, and answers the job, the counts of its first unit and
 * its problems by row and code.
 */
export async function importRoster(
  t: TestApp,
  who: SignedIn,
  kind: string,
  body: string,
  options: { query?: Record<string, string>; status?: 'SUCCEEDED' | 'FAILED' } = {},
): Promise<{ job: Json; counts: Json; problems: RosterProblem[] }> {
  const res = await t.http.post('/exchange/imports').query({ kind, ...options.query }).set(who.headers).attach('file', Buffer.from(body, 'utf8'), 'roster.csv');
  expect(res.status).toBe(202);
  const job = await waitFor(
    async () => {
      const r = await t.http.get(`/exchange/imports/${res.body.id}`).set(who.headers);
      return r.body.status === 'SUCCEEDED' || r.body.status === 'FAILED' ? (r.body as Json) : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 50, what: `the ${kind} import to finish` },
  );
  expect(job).toMatchObject({ status: options.status ?? 'SUCCEEDED', kind, mode: 'SYNC' });
  const problems: RosterProblem[] = await t.dataSource.query(`SELECT severity, row_number, "column", code FROM import_problems WHERE job_id = $1 ORDER BY row_number, code`, [job.id]);
  return { job, counts: job.unitCounts[0], problems };
}

/** The errors among the problems as [row, column, code]. */
export const rosterErrors = (problems: readonly RosterProblem[]): [number, string | null, string][] =>
  problems.filter((p) => p.severity === 'ERROR').map((p) => [p.row_number, p.column, p.code]);

/** GET /exchange/exports/{kind} as `who` (CSV unless `query` says otherwise), the body kept as text. */
export const exportRoster = (t: TestApp, who: SignedIn, kind: string, query: Record<string, string> = {}) =>
  t.http.get(`/exchange/exports/${kind}`).query(query).set(who.headers).buffer(true);

/** The rows of an exported CSV (its byte-order mark dropped). */
export const csvRows = (text: string): string[][] => parse(text.replace(/^\uFEFF/, '')) as string[][];

/** supertest: a binary body (an XLSX download) as a Buffer: `.buffer(true).parse(binary as never)`. */
export const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
