/**
 * npm run bench:education-health -- [--households N] [--repeat R] [--db embedded|server]
 *                                   [--database-url URL] [--seed S] [--keep] [--reuse ENV_FILE]
 *
 * The coverage queries of issue #17 at registry scale, structured as bench/employment.ts: starts
 * the service in this process on a fresh database (a new `bench_education_health_…` database on a
 * server by default), loads N generated households with the demo loader (350,000 ≈ 1 M members),
 * then writes the sector records in SQL (the modules' write rules are not what is measured; see
 * addSectorRecords for the shares), VACUUM ANALYZE, and as a district officer over loopback HTTP runs
 * each query `--repeat` times: min and median time and the SQL statements per request, with each
 * answer's figures. To stdout and bench/results/<date>-education-health-<N>.md.
 * `--keep` / `--reuse` as in bench/employment.ts (bench/runner/kept-database.ts).
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/access/permissions';
import { projectRoot } from '../src/common/project-root';
import type { RunningService } from '../src/bootstrap';
import { EDUCATION_SECTOR } from '../src/education/education.declaration';
import { dueProgrammes, SchoolStage } from '../src/education/education-rules';
import { HEALTH_SECTOR } from '../src/health/health.declaration';
import { INSURANCE_LAYERS_KEY, layersDay } from '../src/health/insurance.service';
import { createAccountsAsSystem } from '../src/identity/bootstrap-admin';
import { ParametersService } from '../src/parameters/parameters.service';
import { oneOf, UsageError, wholeNumber } from './cli-args';
import { inProcessDatabase } from './runner/databases';
import { keepDatabase, keptDatabase, startOnLoaded } from './runner/kept-database';
import { exitWhenDone, signInOverHttp } from './runner/sign-in';
import { LoadedRegistry, measureQuery, resultTable, startWithDemoRegistry, TimedQuery } from './runner/timed-queries';

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'Coverage-Passw0rd-2018!';
const DISTRICT = '410106000000';
const YEAR = 2018;
/** Marks the rows this bench wrote (a kept database is filled once). */
const BENCH = '基准';

/** The queries measured: a district's coverage dashboard and its drill-down (issue #17, "For both"). */
const QUERIES: { name: string; query: string }[] = [
  {
    name: 'studentsWithoutDueAid (2018 autumn) first 50 + totalCount',
    query: `{ studentsWithoutDueAid(year: ${YEAR}, term: AUTUMN, first: 50) { totalCount edges { node { enrolment { id stage } missingProgrammes records { id } } } pageInfo { endCursor } } }`,
  },
  {
    name: 'dropoutWatch (2018) first 50 + totalCount',
    query: `{ dropoutWatch(year: ${YEAR}, first: 50) { configured ageFrom ageTo members { totalCount edges { node { id name } } } } }`,
  },
  {
    name: 'membersMissingInsurance (2018, any layer) first 50 + totalCount',
    query: `{ membersMissingInsurance(year: ${YEAR}, first: 50) { totalCount edges { node { memberId name missingLayers } } } }`,
  },
  {
    name: 'membersMissingInsurance (2018, second layer) first 50 + totalCount',
    query: `{ membersMissingInsurance(year: ${YEAR}, layer: ":layer", first: 50) { totalCount edges { node { memberId missingLayers } } } }`,
  },
  {
    name: 'priorityPatientsWithoutContract first 50 + totalCount',
    query: `{ priorityPatientsWithoutContract(first: 50) { totalCount edges { node { memberId name healthConditions } } } }`,
  },
  {
    name: 'householdsOverOutOfPocketTarget (2018) first 50 + totalCount',
    query: `{ householdsOverOutOfPocketTarget(year: ${YEAR}, first: 50) { totalCount edges { node { householdNumber outOfPocketRatio stays { id } } } } }`,
  },
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

  const database = values.reuse ? keptDatabase(values.reuse) : await inProcessDatabase(db, adminUrl, 'bench_education_health');
  if (values.keep && !values.reuse) keepDatabase(database);
  let service: (RunningService & { counts: LoadedRegistry }) | undefined;
  try {
    service = values.reuse ? await startOnLoaded(database) : await startWithDemoRegistry(database, households, values.seed!);
    const { app, counts } = service;
    const ds = app.get(DataSource);
    const layers = (await app.get(ParametersService).valueAt(INSURANCE_LAYERS_KEY, layersDay(YEAR), DISTRICT)).value as string[] | null;
    if (!layers || layers.length < 2) throw new Error(`${INSURANCE_LAYERS_KEY} is not configured with two layers or more for ${YEAR}`);
    const started = Date.now();
    const records = (await countRecords(ds)).enrolments > 0 ? await countRecords(ds) : await addSectorRecords(ds, layers);
    const fillSeconds = (Date.now() - started) / 1000;
    process.stderr.write(`sector records: ${JSON.stringify(records)} in ${fillSeconds.toFixed(0)} s\n`);
    // VACUUM as autovacuum would after such inserts: the visibility map lets the coverage
    // queries read the unique keys index-only (without it the probes fetch every heap row).
    await ds.query('VACUUM ANALYZE');

    const username = `bench-education-health-${Date.now()}`;
    await createAccountsAsSystem(app, [{ username, displayName: 'bench', password: PASSWORD, regionCode: DISTRICT, roles: [Role.DISTRICT_OFFICER], sector: null }]);
    const baseUrl = `http://127.0.0.1:${service.port}`;
    const token = await signInOverHttp(baseUrl, username, PASSWORD);
    const results: TimedQuery[] = [];
    for (const q of QUERIES) results.push(await measureQuery(baseUrl, token, q.name, q.query.replace(':layer', layers[1]!), repeat, summary));
    const lines = [
      `education and health coverage benchmark: ${db} database, ${counts.households} households (${counts.members} members); ` +
        `${records.enrolments} enrolments, ${records.aidRecords} aid records, ${records.insurance} insurance enrolments, ${records.contracts} family-doctor contracts, ${records.stays} hospital stays ` +
        `(written in ${fillSeconds.toFixed(0)} s); node ${process.version}; registry loaded in ${counts.seconds.toFixed(0)} s; ${repeat} timed requests each, sequential, as a district officer`,
      '',
      ...resultTable(results),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const dir = join(projectRoot(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${new Date().toISOString().slice(0, 10)}-education-health-${counts.households}.md`), `${lines.join('\n')}\n`);
  } finally {
    await service?.close().catch((e: Error) => process.stderr.write(`could not stop the service: ${e.message}\n`));
    if (!values.keep && !values.reuse) await database.cleanup(!!service).catch((e: Error) => process.stderr.write(`could not drop the bench database: ${e.message}\n`));
  }
}

interface SectorRecords {
  enrolments: number;
  aidRecords: number;
  insurance: number;
  contracts: number;
  stays: number;
}

async function countRecords(ds: DataSource): Promise<SectorRecords> {
  const [row] = await ds.query(
    `SELECT (SELECT count(*)::int FROM enrolments) AS enrolments, (SELECT count(*)::int FROM education_aid_records) AS "aidRecords",
            (SELECT count(*)::int FROM insurance_enrolments) AS insurance, (SELECT count(*)::int FROM family_doctor_contracts) AS contracts,
            (SELECT count(*)::int FROM hospital_stays) AS stays`,
  );
  return row;
}

/**
 * The registry's schooling status → the stage of its enrolment and its grade within the stage
 * (the inverse of STAGE_GRADES for the statuses that name one grade; a primary pupil's grade, which
 * the status does not give, from the member's id).
 */
const STAGE_OF_STATUS = `CASE
    WHEN m.schooling_status = 'PRESCHOOL' THEN 'PRESCHOOL'
    WHEN m.schooling_status = 'PRIMARY' THEN 'PRIMARY'
    WHEN m.schooling_status IN ('GRADE_7', 'GRADE_8', 'GRADE_9') THEN 'JUNIOR'
    WHEN m.schooling_status IN ('SENIOR_1', 'SENIOR_2', 'SENIOR_3') THEN 'SENIOR_HIGH'
    WHEN m.schooling_status::text LIKE 'VOCATIONAL_SECONDARY_%' THEN 'SECONDARY_VOCATIONAL'
    WHEN m.schooling_status::text LIKE 'VOCATIONAL_TERTIARY_%' THEN 'HIGHER_VOCATIONAL'
    WHEN m.schooling_status = 'TERTIARY' THEN 'BACHELOR'
  END`;
const GRADE_OF_STATUS = `CASE
    WHEN m.schooling_status IN ('PRESCHOOL', 'TERTIARY') THEN 1
    WHEN m.schooling_status = 'PRIMARY' THEN 1 + abs(hashtext(m.id::text)) % 6
    ELSE right(m.schooling_status::text, 1)::int - CASE WHEN m.schooling_status::text LIKE 'GRADE_%' THEN 6 ELSE 0 END
  END`;

/**
 * The sector records, in SQL, deterministic (members by id):
 * - an enrolment in each term of school year 2018 (autumn, spring) for every current member whose
 *   registry schooling status names a stage; the aid records of every programme due at the stage
 *   (dueProgrammes) for each, except every 10th enrolment by id, which has none (a gap);
 * - an insurance enrolment of 2018 in every layer of health.insurance_layers for every current
 *   member, except every 20th member, who lacks the second layer, every 30th, who lacks the last,
 *   and every 50th, who has none;
 * - a family-doctor contract from 2018-01-01 for each priority patient (chronic or serious illness)
 *   except every 5th;
 * - one hospital stay in March 2018 for every 30th current member, 10,000.00 in all, the first
 *   layer paying the rest of what the household paid: 1,500.00 for every 4th stay, else 800.00.
 * The amounts are the bench's own (BENCH marks them), not policy values: the coverage queries
 * read which records exist, not how much they say.
 */
async function addSectorRecords(source: DataSource, layers: readonly string[]): Promise<SectorRecords> {
  const due = Object.values(SchoolStage).flatMap((stage) => dueProgrammes(stage).map((programme) => ({ stage, programme })));
  return source.transaction(async (ds) => {
    await ds.query('SET LOCAL statement_timeout = 0');
    const current = `FROM members m JOIN households h ON h.id = m.household_id AND h.validity = 'ACTIVE' WHERE m.left_on IS NULL AND m.died_on IS NULL`;
    const terms = `CROSS JOIN unnest('{AUTUMN,SPRING}'::school_term[]) AS t(term)`;
    const [{ n: enrolments }] = await ds.query(
      `WITH ins AS (
         INSERT INTO enrolments (member_id, household_id, school_year, term, stage, school, grade, region_code, sector)
         SELECT m.id, m.household_id, $1, t.term, (${STAGE_OF_STATUS})::school_stage, $2 || '学校', ${GRADE_OF_STATUS}, m.region_code, $3
           ${current.replace(' WHERE ', ` ${terms} WHERE `)} AND (${STAGE_OF_STATUS}) IS NOT NULL
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [YEAR, BENCH, EDUCATION_SECTOR],
    );
    const [{ n: aidRecords }] = await ds.query(
      `WITH due AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(stage text, programme text)),
            numbered AS (SELECT e.*, row_number() OVER (ORDER BY e.id) AS k FROM enrolments e WHERE e.school_year = $2),
            ins AS (
         INSERT INTO education_aid_records (member_id, household_id, enrolment_id, school_year, term, programme, amount, paid_on, amount_reason, region_code, sector)
         SELECT e.member_id, e.household_id, e.id, e.school_year, e.term, d.programme::education_aid_programme, '500.00', '2018-11-30', $3, e.region_code, e.sector
           FROM numbered e JOIN due d ON d.stage = e.stage::text
          WHERE e.k % 10 <> 0
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [JSON.stringify(due), YEAR, BENCH],
    );
    const [{ n: insurance }] = await ds.query(
      `WITH numbered AS (SELECT m.id, m.household_id, m.region_code, row_number() OVER (ORDER BY m.id) AS k ${current}),
            ins AS (
         INSERT INTO insurance_enrolments (member_id, household_id, year, layer, premium, subsidy, region_code, sector)
         SELECT n.id, n.household_id, $1, l.layer, '0.00', '0.00', n.region_code, $3
           FROM numbered n CROSS JOIN unnest($2::text[]) WITH ORDINALITY AS l(layer, position)
          WHERE n.k % 50 <> 0 AND NOT (n.k % 20 = 0 AND l.position = 2) AND NOT (n.k % 30 = 0 AND l.position = cardinality($2::text[]))
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [YEAR, layers, HEALTH_SECTOR],
    );
    const [{ n: contracts }] = await ds.query(
      `WITH numbered AS (
         SELECT m.id, m.household_id, m.region_code, row_number() OVER (ORDER BY m.id) AS k
           ${current} AND m.health && '{CHRONIC_ILLNESS,SERIOUS_ILLNESS}'::health_condition[]),
            ins AS (
         INSERT INTO family_doctor_contracts (member_id, household_id, doctor, clinic, starts_on, region_code, sector)
         SELECT id, household_id, $1 || '医生', $1 || '卫生室', '2018-01-01', region_code, $2 FROM numbered WHERE k % 5 <> 0
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [BENCH, HEALTH_SECTOR],
    );
    const [{ n: stays }] = await ds.query(
      `WITH numbered AS (SELECT m.id, m.household_id, m.region_code, row_number() OVER (ORDER BY m.id) AS k ${current}),
            picked AS (SELECT n.*, CASE WHEN (n.k / 30) % 4 = 0 THEN 1500.00 ELSE 800.00 END AS paid FROM numbered n WHERE n.k % 30 = 0),
            ins AS (
         INSERT INTO hospital_stays (member_id, household_id, hospital, hospital_level, in_county, admitted_on, discharged_on, diagnosis, total_cost, layer_payments, household_paid, region_code, sector)
         SELECT id, household_id, $1 || '医院', 'SECONDARY', true, '2018-03-01', '2018-03-10', $1, 10000.00,
                jsonb_build_array(jsonb_build_object('layer', $2::text, 'amount', to_char(10000.00 - paid, 'FM999990.00'))), paid, region_code, $3
           FROM picked
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [BENCH, layers[0], HEALTH_SECTOR],
    );
    return { enrolments, aidRecords, insurance, contracts, stays };
  });
}

/** The figures of an answer, short: counts, not rows. */
function summary(data: Record<string, unknown>): string {
  const [value] = Object.values(data) as Record<string, unknown>[];
  const list = ('members' in value ? value.members : value) as { totalCount?: number; edges: unknown[] };
  const prefix = 'configured' in value ? `configured ${String(value.configured)}, ages ${String(value.ageFrom)}–${String(value.ageTo)}, ` : '';
  return `${prefix}totalCount ${String(list.totalCount)}, page ${list.edges.length}`;
}

exitWhenDone(main(), (e) => e instanceof UsageError);
