/**
 * npm run bench:employment -- [--households N] [--repeat R] [--db embedded|server] [--database-url URL]
 *                             [--seed S] [--keep] [--reuse ENV_FILE]
 *
 * The employment queries of issue #16 at registry scale, structured as bench/linkage-coverage.ts:
 * starts the service in this process on a fresh database (a new `bench_employment_…` database on a
 * server by default), loads N generated households with the demo loader (350,000 ≈ 1 M members),
 * derives the employment ledger of 2018 from the registry (src/demo/employment-loader.ts), and for
 * the matching adds, in SQL: a record of the current year for every other member who worked in 2018
 * (so that "employed now" is a real join), a not-seeking-work mark for every 20th member of the
 * register, and one district-wide opening (full labour, 就地吸纳). ANALYZE. Then, as a district
 * officer over loopback HTTP, each query `--repeat` times: min and median time and the SQL
 * statements per request; and EXPLAIN (ANALYZE, BUFFERS) of the candidates statement for the
 * district's scope. The table and the plan go to stdout and bench/results/<date>-employment-<N>.md.
 * `--keep` (server) keeps the database and writes its URL and throw-away keys to an env file in the
 * system's temporary folder (the path is printed); `--reuse ENV_FILE` runs the queries again on that
 * database without loading (a 1 M-member load takes about half an hour): before and after a change.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/access/permissions';
import { regionScopeSql, systemScope } from '../src/common/access/region-scope';
import { todayInChina } from '../src/common/dates/local-date';
import { projectRoot } from '../src/common/project-root';
import type { RunningService } from '../src/bootstrap';
import { loadDemoEmployment } from '../src/demo/employment-loader';
import { onLabourRegisterSql } from '../src/employment/employment-year.sql';
import { candidatesSql } from '../src/employment/openings.matching';
import { withSerialPlans } from '../src/common/sql/serial-plan';
import { createAccountsAsSystem } from '../src/identity/bootstrap-admin';
import { oneOf, UsageError, wholeNumber } from './cli-args';
import { inProcessDatabase } from './runner/databases';
import { keepDatabase, keptDatabase, startOnLoaded } from './runner/kept-database';
import { exitWhenDone, signInOverHttp } from './runner/sign-in';
import { LoadedRegistry, measureQuery, resultTable, startWithDemoRegistry, TimedQuery } from './runner/timed-queries';

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'Employment-Passw0rd-2018!';
const DISTRICT = '410106000000';

/** The queries measured (`:opening` is replaced by the opening's id). */
const QUERIES: { name: string; query: string }[] = [
  {
    name: 'openingCandidates (district-wide opening, first 50)',
    query: `{ openingCandidates(openingId: ":opening", first: 50) { asOf matchingRule { configured status } edges { node { memberId name score reasons { code points } } } pageInfo { endCursor } } }`,
  },
  { name: 'employmentTargets (2018)', query: `{ employmentTargets(year: 2018) { exitedHouseholds exitedWithoutStableEmployment exitedWithoutLabour relocatedWithLabour relocatedWithoutEnterpriseOrPost labourMembers labourWithoutStatus stablyEmployedMembers } }` },
  { name: 'exitedHouseholdsWithoutStableEmployment first 50 + totalCount', query: `{ exitedHouseholdsWithoutStableEmployment(year: 2018, first: 50) { totalCount edges { node { id householdNumber } } } }` },
  { name: 'relocatedHouseholdsWithoutEnterpriseOrPost first 50', query: `{ relocatedHouseholdsWithoutEnterpriseOrPost(year: 2018, first: 50) { edges { node { id householdNumber } } } }` },
  { name: 'labourRegister WITHOUT_STATUS first 50 + totalCount', query: `{ labourRegister(year: 2018, status: WITHOUT_STATUS, first: 50) { totalCount edges { node { member { id name } status monthsWorked } } } }` },
  { name: 'employmentRegistryDisagreements first 50 + totalCount', query: `{ employmentRegistryDisagreements(year: 2018, first: 50) { totalCount edges { node { householdId disagreements } } } }` },
  { name: 'linkageCoverage (2018)', query: `{ linkageCoverage(year: 2018) { households covered uncovered } }` },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      households: { type: 'string', default: '350000' },
      repeat: { type: 'string', default: '5' },
      db: { type: 'string' },
      'database-url': { type: 'string' },
      seed: { type: 'string', default: 'shangjie-2018' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'string' },
    },
  });
  const households = wholeNumber('households', values.households, 350000, 1);
  const repeat = wholeNumber('repeat', values.repeat, 5, 2, 100);
  const db = oneOf('db', values.db, ['embedded', 'server'] as const, 'server');
  const adminUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER_URL;

  const database = values.reuse ? keptDatabase(values.reuse) : await inProcessDatabase(db, adminUrl, 'bench_employment');
  // Kept: its env file first, so that a run stopped during the long load can be resumed with --reuse.
  if (values.keep && !values.reuse) keepDatabase(database);
  let service: (RunningService & { counts: LoadedRegistry }) | undefined;
  try {
    service = values.reuse ? await startOnLoaded(database) : await startWithDemoRegistry(database, households, values.seed!);
    const { app, counts } = service;
    const ds = app.get(DataSource);
    // A kept database whose load stopped before the ledger gets it now.
    const extra = (values.reuse && (await loadedMatchingData(ds))) || { records: (await loadDemoEmployment(ds)).records, ...(await addMatchingData(ds)) };
    const { records } = extra;
    process.stderr.write(`${records} employment records of 2018; ${extra.current} of this year, ${extra.marks} not-seeking marks\n`);
    await ds.query('ANALYZE');

    const username = `bench-employment-${Date.now()}`;
    await createAccountsAsSystem(app, [{ username, displayName: 'bench', password: PASSWORD, regionCode: DISTRICT, roles: [Role.DISTRICT_OFFICER], sector: null }]);
    const baseUrl = `http://127.0.0.1:${service.port}`;
    const token = await signInOverHttp(baseUrl, username, PASSWORD);
    const results: TimedQuery[] = [];
    for (const q of QUERIES) results.push(await measureQuery(baseUrl, token, q.name, q.query.replace(':opening', extra.openingId), repeat, summary));
    const plan = await explainCandidates(ds, extra.openingId);
    const [{ n: labour }] = await ds.query(`SELECT count(*)::int AS n FROM members m WHERE ${onLabourRegisterSql('m')}`);
    const lines = [
      `employment benchmark: ${db} database, ${counts.households} households (${counts.members} members, ${labour} on the labour register), ${records} records of 2018, ${extra.current} of ${todayInChina().slice(0, 4)}, ${extra.marks} not-seeking marks; node ${process.version}; loaded in ${counts.seconds.toFixed(0)} s; ${repeat} timed requests each, sequential, as a district officer`,
      '',
      ...resultTable(results),
      '',
      'EXPLAIN (ANALYZE, BUFFERS) of the candidates statement (district scope, first 50):',
      '',
      '```',
      ...plan,
      '```',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const dir = join(projectRoot(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${new Date().toISOString().slice(0, 10)}-employment-${counts.households}.md`), `${lines.join('\n')}\n`);
  } finally {
    await service?.close().catch((e: Error) => process.stderr.write(`could not stop the service: ${e.message}\n`));
    if (!values.keep && !values.reuse) await database.cleanup(!!service).catch((e: Error) => process.stderr.write(`could not drop the bench database: ${e.message}\n`));
  }
}

/** What addMatchingData added to a kept database, counted again; null when it has no bench opening yet. */
async function loadedMatchingData(ds: DataSource): Promise<{ records: number; current: number; marks: number; openingId: string } | null> {
  const [row] = await ds.query(
    `SELECT (SELECT count(*)::int FROM employment_records WHERE year = 2018) AS records,
            (SELECT count(*)::int FROM employment_records WHERE year = $1) AS current,
            (SELECT count(*)::int FROM labour_not_seeking_marks) AS marks,
            (SELECT id FROM job_openings WHERE title = '基准: 食品加工' LIMIT 1) AS "openingId"`,
    [Number(todayInChina().slice(0, 4))],
  );
  return row.openingId ? row : null;
}

/**
 * A record of the current year (from 1 January, open-ended, 1 month) for every other member with a
 * worked 2018 record, a not-seeking-work mark for every 20th member of the register without one,
 * and one district-wide opening for full labour.
 */
async function addMatchingData(source: DataSource): Promise<{ current: number; marks: number; openingId: string }> {
  return source.transaction(async (ds) => {
    await ds.query('SET LOCAL statement_timeout = 0');
    const year = Number(todayInChina().slice(0, 4));
    const [{ n: current }] = await ds.query(
      `WITH ins AS (
         INSERT INTO employment_records (member_id, household_id, year, channel, place, starts_on, ends_on, months_worked, monthly_income, region_code, sector)
         SELECT member_id, household_id, $1::int, channel, place, make_date($1::int, 1, 1), NULL, 1, monthly_income, region_code, sector
           FROM (SELECT e.*, row_number() OVER (ORDER BY e.member_id) AS k FROM employment_records e WHERE e.year = 2018 AND e.months_worked > 0) x
          WHERE k % 2 = 0
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [year],
    );
    const [{ n: marks }] = await ds.query(
      `WITH ins AS (
         INSERT INTO labour_not_seeking_marks (member_id, household_id, reason, marked_on, region_code, sector)
         SELECT id, household_id, '基准: 照顾家人', '2018-01-01', region_code, 'human_resources'
           FROM (SELECT m.*, row_number() OVER (ORDER BY m.id) AS k FROM members m WHERE ${onLabourRegisterSql('m')}) x
          WHERE k % 20 = 0
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
    );
    const [opening] = await ds.query(
      `INSERT INTO job_openings (title, employer_name, region_code, place, skills, monthly_pay, places, open_from, channel, sector)
       VALUES ('基准: 食品加工', '基准食品厂', $1, 'WITHIN_COUNTY', '{ORDINARY,SKILLED}', '2400.00', 50, '2018-03-01', '就地吸纳', 'human_resources') RETURNING id`,
      [DISTRICT],
    );
    return { current, marks, openingId: opening.id as string };
  });
}

/** EXPLAIN (ANALYZE, BUFFERS) of the candidates statement as the service sends it for the district. */
async function explainCandidates(ds: DataSource, openingId: string): Promise<string[]> {
  const [o] = await ds.query(`SELECT region_code AS "regionCode", skills::text[] AS skills, channel, open_from::text AS "openFrom" FROM job_openings WHERE id = $1`, [openingId]);
  const today = todayInChina();
  const params: unknown[] = [];
  const scope = regionScopeSql('m.region_code', systemScope(DISTRICT), params);
  const sql = candidatesSql(o, o.openFrom > today ? o.openFrom : today, scope, params, { limit: 51 }, systemScope(DISTRICT).scopePrefix);
  // As the service sends it: planned without parallel workers (OpeningsRepository.candidates).
  const rows: { 'QUERY PLAN': string }[] = await withSerialPlans(ds, (m) => m.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params));
  return rows.map((r) => r['QUERY PLAN']);
}

/** The figures of an answer, short: counts, not rows. */
function summary(data: Record<string, unknown>): string {
  const [value] = Object.values(data) as Record<string, unknown>[];
  if ('households' in value) return `households ${value.households}, covered ${value.covered}`;
  if ('labourMembers' in value) return `labour ${value.labourMembers}, without status ${value.labourWithoutStatus}, exited without stable ${value.exitedWithoutStableEmployment}`;
  const edges = value.edges as { node: Record<string, unknown> }[];
  if ('matchingRule' in value) return `page ${edges.length}, top score ${String(edges[0]?.node.score)}, last ${String(edges[edges.length - 1]?.node.score)}`;
  return value.totalCount !== undefined ? `totalCount ${value.totalCount}, page ${edges.length}` : `page ${edges.length}`;
}

exitWhenDone(main(), (e) => e instanceof UsageError);
