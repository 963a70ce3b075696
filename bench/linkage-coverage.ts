/**
 * npm run bench:coverage -- [--households N] [--linked-share 0.5] [--repeat R] [--db embedded|server]
 *                           [--database-url URL] [--seed S]
 *
 * The industry-coverage queries of issue #15 at registry scale: starts the service in this
 * process on a fresh database (a new `bench_coverage_…` database on a server by default, or the
 * in-memory embedded one), loads N generated households with the demo loader (350,000 ≈ 1 M
 * members), then gives `--linked-share` of them (every k-th by id) a benefit linkage in force in
 * 2018 with one payment of that year, in SQL (the linkage rules are not what is measured), derives
 * the employment ledger of 2018 from the registry as the demo does (src/demo/employment-loader.ts), and
 * ANALYZEs. Then, as a district officer over loopback HTTP, each query `--repeat` times in turn:
 * its time (min and median of the repeats, the first one included in neither: it warms caches)
 * and the SQL statements the service sent per request (counted at the pg driver, background work
 * left out: test/support/query-counter.ts). See README.md beside this file.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/access/permissions';
import type { RunningService } from '../src/bootstrap';
import { loadDemoEmployment } from '../src/demo/employment-loader';
import { createAccountsAsSystem } from '../src/identity/bootstrap-admin';
import { oneOf, UsageError, wholeNumber } from './cli-args';
import { inProcessDatabase } from './runner/databases';
import { exitWhenDone, signInOverHttp } from './runner/sign-in';
import { LoadedRegistry, measureQuery, resultTable, startWithDemoRegistry, TimedQuery } from './runner/timed-queries';

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'Coverage-Passw0rd-2018!';

/** The queries measured: what a district's dashboard and its drill-down ask. */
const QUERIES: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: 'linkageCoverage (district, 2018)',
    query: `{ linkageCoverage(year: 2018) { households covered uncovered ratio meetsTarget target { configured value } } }`,
  },
  {
    name: 'householdsWithoutLinkage first 50 + totalCount',
    query: `{ householdsWithoutLinkage(year: 2018, first: 50) { totalCount edges { node { id householdNumber } } pageInfo { endCursor } } }`,
  },
  {
    name: 'householdsWithoutLinkage first 50, members',
    query: `{ householdsWithoutLinkage(year: 2018, first: 50) { edges { node { id householdNumber members { id name } } } } }`,
  },
  {
    name: 'linkageArrears first 50 + totalCount',
    query: `{ linkageArrears(year: 2018, first: 50) { totalCount edges { node { linkage { id } yearAccount { due paid outstanding } } } } }`,
  },
  {
    name: 'linkageIncomeDisagreements first 50 + totalCount',
    query: `{ linkageIncomeDisagreements(year: 2018, first: 50) { totalCount edges { node { householdId disagreements } } } }`,
  },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      households: { type: 'string', default: '350000' },
      'linked-share': { type: 'string', default: '0.5' },
      repeat: { type: 'string', default: '5' },
      db: { type: 'string' },
      'database-url': { type: 'string' },
      seed: { type: 'string', default: 'shangjie-2018' },
    },
  });
  const households = wholeNumber('households', values.households, 350000, 1);
  const repeat = wholeNumber('repeat', values.repeat, 5, 2, 100);
  const share = Number(values['linked-share']);
  if (!(share > 0 && share <= 1)) throw new UsageError('--linked-share must be a number in (0, 1]');
  const db = oneOf('db', values.db, ['embedded', 'server'] as const, 'server');
  const adminUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER_URL;

  const database = await inProcessDatabase(db, adminUrl, 'bench_coverage');
  let service: (RunningService & { counts: LoadedRegistry }) | undefined;
  try {
    service = await startWithDemoRegistry(database, households, values.seed!);
    const { app, counts } = service;
    const ds = app.get(DataSource);
    const linked = await addLinkages(ds, share);
    process.stderr.write(`linked ${linked} households\n`);
    // The employment ledger of 2018 from the registry's months worked (the demo's derivation): the
    // coverage reads it (issue #16).
    const { records } = await loadDemoEmployment(ds);
    process.stderr.write(`${records} employment records\n`);
    if (db === 'server') await ds.query('ANALYZE');

    await createAccountsAsSystem(app, [
      { username: 'bench-coverage', displayName: 'bench', password: PASSWORD, regionCode: '410106000000', roles: [Role.DISTRICT_OFFICER], sector: null },
    ]);
    const baseUrl = `http://127.0.0.1:${service.port}`;
    const token = await signInOverHttp(baseUrl, 'bench-coverage', PASSWORD);
    const results: TimedQuery[] = [];
    for (const q of QUERIES) results.push(await measureQuery(baseUrl, token, q.name, q.query, repeat, summary));
    const [{ n: onRoll }] = await ds.query(`SELECT count(*)::int AS n FROM households WHERE validity = 'ACTIVE'`);
    print(db, counts.households, counts.members, onRoll, linked, repeat, results);
  } finally {
    await service?.close().catch((e: Error) => process.stderr.write(`could not stop the service: ${e.message}\n`));
    await database.cleanup(!!service).catch((e: Error) => process.stderr.write(`could not drop the bench database: ${e.message}\n`));
  }
}

/**
 * One implementing entity, and for `share` of the households (every k-th in id order) a linkage in
 * force from 2018-01-01 of 1,000.00 a year with a payment of 600.00 for 2018 (so every one is in
 * arrears, and those whose registry income records less are in disagreement).
 */
async function addLinkages(ds: DataSource, share: number): Promise<number> {
  const every = Math.max(1, Math.round(1 / share));
  const [entity] = await ds.query(
    `INSERT INTO implementing_entities (type, name, credit_code, legal_representative, region_code, listed_on, status)
     VALUES ('农民专业合作社', '基准合作社', '93410106MA00000000', '基准', '410106100201', '2018-01-01', 'ACTIVE') RETURNING id`,
  );
  const [{ n }] = await ds.query(
    `WITH picked AS (
       SELECT id, region_code FROM (SELECT id, region_code, row_number() OVER (ORDER BY id) AS k FROM households WHERE validity = 'ACTIVE') h WHERE k % $2 = 0
     ), linked AS (
       INSERT INTO benefit_linkages (household_id, entity_id, type, agreed_terms, starts_on, agreed_amount_per_year, income_component, region_code)
       SELECT id, $1, '保底收益+按股分红', '基准', '2018-01-01', '1000.00', 'ASSET_INCOME_DIVIDEND', region_code FROM picked
       RETURNING id, household_id, region_code
     ), paid AS (
       INSERT INTO benefit_linkage_payments (linkage_id, household_id, year, paid_on, amount, channel, region_code)
       SELECT id, household_id, 2018, '2018-12-20', '600.00', 'BANK_TRANSFER', region_code FROM linked RETURNING 1
     )
     SELECT count(*)::int AS n FROM paid`,
    [entity.id, every],
  );
  return n as number;
}

/** The figures of an answer, short: counts, not rows. */
function summary(data: Record<string, unknown>): string {
  const [value] = Object.values(data) as Record<string, unknown>[];
  if ('households' in value) return `households ${value.households}, covered ${value.covered}, ratio ${value.ratio}`;
  const edges = (value.edges as unknown[]).length;
  return value.totalCount !== undefined ? `totalCount ${value.totalCount}, page ${edges}` : `page ${edges}`;
}

function print(db: string, households: number, members: number, onRoll: number, linked: number, repeat: number, results: TimedQuery[]): void {
  const lines = [
    `coverage benchmark: ${db} database, ${households} households (${members} members, ${onRoll} on the roll), ${linked} with a linkage and a payment; node ${process.version}; ${repeat} timed requests each, sequential`,
    '',
    ...resultTable(results),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

exitWhenDone(main(), (e) => e instanceof UsageError);
