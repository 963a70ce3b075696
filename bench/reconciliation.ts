/**
 * npm run bench:reconciliation -- [--households N] [--roster R] [--repeat K] [--db embedded|server] [--database-url URL]
 *
 * The 低保 reconciliation of issue #18 (runSocialAssistanceReconciliation, set-based: four
 * statements read what a run finds) at district scale: N registry households (100,000 by default,
 * three members each) and a 低保 roster of R rows (50,000), generated set-based in SQL (the ID
 * numbers' blind index stands in as an md5; nothing is decrypted by the run). The households are
 * spread over Shangjie's villages; every tenth is a 低保贫困户, every fourth has two members marked
 * 享受低保 (50,000 at 100,000 households), every fourth of the others has exited. The roster: 90 % members marked 享受低保, 5 % members of
 * exited households, 5 % people the registry does not know — so every kind of case is found
 * (DIBAO_ONLY, REGISTRY_ONLY, EXITED_ON_DIBAO, ATTR_MISMATCH). Measured as a civil-affairs officer
 * of the district: the first run (opening every case) once, then the run again K times (every
 * case found again, refreshed), and the first page of the cases. Time, SQL statements, peak RSS
 * of the process (service and bench): bench/runner/sql-bench.ts.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Role, Sector } from '../src/common/access/permissions';
import { UsageError } from './cli-args';
import { GenerationStep, runSqlBench, VILLAGES } from './runner/sql-bench';
import { exitWhenDone } from './runner/sign-in';

const RUN = `mutation { runSocialAssistanceReconciliation(input: { asOf: "2018-12-31" }) { both opened reopened keptResolved gone found { DIBAO_ONLY REGISTRY_ONLY EXITED_ON_DIBAO ATTR_MISMATCH } } }`;

interface RunAnswer {
  both: number;
  opened: number;
  found: Record<string, number>;
}

const runSummary = (data: Record<string, unknown>): string => {
  const r = data.runSocialAssistanceReconciliation as RunAnswer;
  return `both ${r.both}, opened ${r.opened}, found ${Object.entries(r.found).map(([k, n]) => `${k} ${n}`).join(' ')}`;
};

async function generate(ds: DataSource, sizes: Record<string, number>, step: GenerationStep): Promise<string> {
  const { households, roster } = sizes as { households: number; roster: number };
  await step(
    'households',
    { with: VILLAGES, insert: `INSERT INTO households (household_number, region_code, attribute, primary_cause, validity, status, year_registered, exit_year)
       SELECT 'RB' || lpad(g::text, 9, '0'), v.code, (CASE WHEN g % 10 = 0 THEN 'LOW_INCOME_POOR' ELSE 'GENERAL_POOR' END)::household_attribute, 'ILLNESS', 'ACTIVE',
              (CASE WHEN g % 4 = 1 THEN 'EXITED' ELSE 'NOT_EXITED' END)::poverty_status, 2016, CASE WHEN g % 4 = 1 THEN 2018 END
         FROM generate_series(1, $1::int) g JOIN v ON v.k = g % v.n` },
    [households],
  );
  await step(
    'members (3 a household)',
    { insert: `INSERT INTO members (household_id, region_code, name, id_number_enc, id_number_hash, sex, birth_date, relation, joined_on, active, low_income_support)
       SELECT h.id, h.region_code, '成员' || i, 'bench', md5(h.household_number || '-' || i), (CASE WHEN i = 2 THEN 'FEMALE' ELSE 'MALE' END)::sex,
              date '1958-01-01' + i * 4000, (CASE i WHEN 1 THEN 'HEAD' WHEN 2 THEN 'SPOUSE' ELSE 'SON' END)::relation, date '2016-01-01', true,
              substr(h.household_number, 3)::int % 4 = 0 AND i < 3
         FROM households h CROSS JOIN generate_series(1, 3) i WHERE h.household_number LIKE 'RB%'` },
  );
  const entry = (source: string) => `INSERT INTO social_assistance_roster_entries (category, civil_household_number, person_name, id_number_enc, id_number_hash, monthly_amount, dibao_standard, starts_on, region_code, sector)
     SELECT 'DIBAO', 'MZ' || k, '低保对象', 'bench', hash, 200.00, 3450.00, date '2018-01-01', region_code, 'civil_affairs' FROM (${source}) s`;
  const matched = Math.floor(roster * 0.9);
  const exited = Math.floor(roster * 0.05);
  await step(
    'roster: members marked 享受低保',
    { insert: `${entry(`SELECT m.id_number_hash AS hash, m.region_code, row_number() OVER (ORDER BY m.id_number_hash) AS k FROM members m WHERE m.low_income_support ORDER BY m.id_number_hash LIMIT $1`)}` },
    [matched],
  );
  await step(
    'roster: members of exited households',
    { insert: `${entry(`SELECT m.id_number_hash AS hash, m.region_code, $1::int + row_number() OVER (ORDER BY m.id_number_hash) AS k FROM members m JOIN households h ON h.id = m.household_id WHERE h.status = 'EXITED' AND NOT m.low_income_support ORDER BY m.id_number_hash LIMIT $2`)}` },
    [matched, exited],
  );
  await step(
    'roster: people outside the registry',
    { with: VILLAGES, insert: `${entry(`SELECT md5('outside-' || g) AS hash, v.code AS region_code, $1::int + g AS k FROM generate_series(1, $2::int) g JOIN v ON v.k = g % v.n`)}` },
    [matched + exited, roster - matched - exited],
  );
  const [c] = await ds.query(
    `SELECT (SELECT count(*)::int FROM households) AS households, (SELECT count(*)::int FROM members) AS members,
            (SELECT count(*)::int FROM members WHERE low_income_support) AS marked, (SELECT count(*)::int FROM social_assistance_roster_entries) AS roster`,
  );
  return `Registry: ${c.households} households, ${c.members} members, ${c.marked} marked 享受低保; 低保 roster: ${c.roster} entries (as of 2018-12-31).`;
}

exitWhenDone(
  runSqlBench(
    {
      name: 'reconciliation',
      sizes: { households: 100_000, roster: 50_000 },
      role: Role.SECTOR_OFFICER,
      sector: Sector.CIVIL_AFFAIRS,
      generate,
      queries: [
        { name: 'runSocialAssistanceReconciliation, first run (opens every case)', query: RUN, summary: runSummary, once: true },
        { name: 'runSocialAssistanceReconciliation, again (every case refreshed)', query: RUN, summary: runSummary },
        {
          name: 'socialAssistanceCases first 50 + totalCount',
          query: `{ socialAssistanceCases(first: 50) { totalCount edges { node { id kind status } } } }`,
          summary: (d) => `totalCount ${(d.socialAssistanceCases as { totalCount: number }).totalCount}`,
        },
      ],
    },
    process.argv.slice(2),
  ),
  (e) => e instanceof UsageError,
);
