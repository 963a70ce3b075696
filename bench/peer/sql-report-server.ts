/**
 * The data-quality report's peer: the same SQL by hand (issue #12, "data-quality report vs the
 * same SQL by hand"), what a reporting script would run against the registry, served on Node's
 * http server so that the bench measures it as it measures the service and PostGraphile:
 *
 *   DATABASE_URL=postgres://… HOST=127.0.0.1 PORT=5679 REGION_PREFIX=410106 node dist/bench/peer/sql-report-server.js
 *
 * Any POST answers `{ data: { dataQualityReport: [{ code, count, households: [{ id, householdNumber }] }] } }`
 * for the households under REGION_PREFIX (the bench's district officer's region), `limit` from the
 * request's variables (default 50): per warning rule of the registry (src/households/registry-validation.ts,
 * data-quality.repository.ts), its count and its first households by number, the statements one
 * after the other on a pool of DB_POOL_SIZE connections (10, the service's default). Prints
 * `peer: listening on <host>:<port>` once it accepts requests.
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { conditionsSql } from '../../src/common/sql/conditions';
import { WARNING_RULE_CONDITIONS } from '../../src/households/data-quality.repository';
import { runPeer, servePeer } from './serve';

/** The rules' conditions, the repository's own, in the report's order (they bind no values). */
const REPORT_RULES = Object.entries(WARNING_RULE_CONDITIONS).map(([code, conditions]) => ({ code, where: conditionsSql(conditions, []).join(' AND ') }));

async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is required');
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 5679);
  const prefix = process.env.REGION_PREFIX ?? '';
  if (!/^\d*$/.test(prefix)) throw new Error('REGION_PREFIX must be digits');
  const pool = new Pool({ connectionString, max: Number(process.env.DB_POOL_SIZE ?? 10) });
  const scope = `h.region_code LIKE '${prefix}%' AND h.validity <> 'REMOVED'`;
  const statements = REPORT_RULES.map((r) => ({
    code: r.code,
    count: `SELECT count(*)::int AS count FROM households h WHERE ${scope} AND ${r.where}`,
    list: `SELECT h.id, h.household_number AS "householdNumber" FROM households h WHERE ${scope} AND ${r.where} ORDER BY h.household_number LIMIT $1`,
  }));

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables?: { limit?: number } }) : {};
          const limit = Math.max(0, Math.min(1000, Number(body.variables?.limit ?? 50)));
          const report = [];
          for (const s of statements) {
            const { count } = (await pool.query<{ count: number }>(s.count)).rows[0]!;
            const households = limit && count ? (await pool.query(s.list, [limit])).rows : [];
            report.push({ code: s.code, count, households });
          }
          const text = JSON.stringify({ data: { dataQualityReport: report } });
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        } catch (e) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: (e as Error).message }] }));
        }
      })();
    });
  });
  await servePeer(server, host, port, () => pool.end());
}

runPeer(main);
