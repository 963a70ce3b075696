/**
 * npm run bench:supervision -- [--findings F] [--hotline H] [--visits V] [--repeat K] [--db embedded|server] [--database-url URL]
 *
 * The supervision metrics of issue #20 — rectificationRates (on-time and closure rates of
 * findings), hotlineRates (on-time, substantiation, satisfaction of hotline cases) and
 * inspectionMetrics (identification accuracy, missed registration, wrong exits of inspection
 * visits) — as of a date over a year, with F findings (20,000 by default), H hotline cases
 * (50,000) and V inspection visits (5,000, over 50 inspections, each visit a sampled household),
 * generated set-based in SQL: spread over Shangjie's villages and over 2018, in every stage of
 * their procedures with the dates each stage implies (found, deadline, accepted, closed, referred,
 * overdue; received, transferred with a deadline, replied, visited back, closed). Measured as a
 * district supervisor, as of 30 June and 31 December, for the district and for one town: time,
 * SQL statements, peak RSS (bench/runner/sql-bench.ts).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/access/permissions';
import { UsageError } from './cli-args';
import { GenerationStep, runSqlBench, VILLAGES } from './runner/sql-bench';
import { exitWhenDone } from './runner/sign-in';

const TOWN = '410106100000';
const METRIC = 'numerator denominator rate';

const rectification = (asOf: string, region: string) =>
  `{ rectificationRates(asOf: "${asOf}", regionCode: "${region}") { total { due onTime late referred open closed onTimeRate closureRate } byTown { regionCode onTimeRate } } }`;
const hotline = (asOf: string, region: string) =>
  `{ hotlineRates(asOf: "${asOf}", regionCode: "${region}") { counts { due onTime replied substantiated visited satisfied } onTimeRate substantiationRate satisfactionRate } }`;
const inspection = (asOf: string, region: string) =>
  `{ inspectionMetrics(asOf: "${asOf}", regionCode: "${region}") { total { visited identificationAccuracy { ${METRIC} } missedRegistrationRate { ${METRIC} } wrongExitRate { ${METRIC} } } byTown { visited } byInspection { visited } } }`;

const summaries = {
  rectification: (d: Record<string, unknown>) => {
    const t = (d.rectificationRates as { total: Record<string, unknown> }).total;
    return `due ${t.due}, on time ${t.onTime}, closed ${t.closed}, rates ${t.onTimeRate} / ${t.closureRate}`;
  },
  hotline: (d: Record<string, unknown>) => {
    const r = d.hotlineRates as { counts: Record<string, number>; onTimeRate: string; substantiationRate: string; satisfactionRate: string };
    return `due ${r.counts.due}, rates ${r.onTimeRate} / ${r.substantiationRate} / ${r.satisfactionRate}`;
  },
  inspection: (d: Record<string, unknown>) => {
    const m = d.inspectionMetrics as { total: { visited: number; identificationAccuracy: { rate: string } }; byInspection: unknown[] };
    return `visited ${m.total.visited} (${m.byInspection.length} inspections), accuracy ${m.total.identificationAccuracy.rate}`;
  },
};

async function generate(ds: DataSource, sizes: Record<string, number>, step: GenerationStep): Promise<string> {
  const { findings, hotline: cases, visits } = sizes as { findings: number; hotline: number; visits: number };
  // Findings: found through 2018, a deadline 30–89 days on; the stage by g % 10, with the dates it implies.
  await step(
    'findings',
    { with: `${VILLAGES}, g AS (
       SELECT g, v.code, date '2018-01-02' + (g % 360) AS found, date '2018-01-02' + (g % 360) + 30 + (g % 60) AS deadline, g % 10 AS s
         FROM generate_series(1, $1::int) g JOIN v ON v.k = g % v.n
     )`, insert: `INSERT INTO supervision_findings (region_code, source, description, category, subitem, severity, lead_unit, responsible_unit, responsible_person, found_on, deadline,
                                         stage, last_step_on, overdue_since, rectification_measures, rectification_result, acceptor, accepted_on, acceptance_opinion, closed_on, referred_on, referral_reason)
       SELECT code, (ARRAY['INSPECTION', 'HOTLINE', 'DISCIPLINE', 'SELF_CHECK', 'AUDIT'])[1 + g % 5]::supervision_finding_source, '基准问题' || g, '工作措施不精准', '识别不精准',
              (ARRAY['GENERAL', 'SERIOUS', 'GRAVE'])[1 + g % 3]::supervision_finding_severity, '区扶贫办', '镇人民政府', '责任人',
              found, deadline,
              (CASE WHEN s < 4 THEN 'CLOSED' WHEN s < 5 THEN 'ACCEPTED' WHEN s < 7 THEN 'RECTIFYING' WHEN s < 8 THEN 'ASSIGNED' WHEN s < 9 THEN 'REFERRED' ELSE 'REGISTERED' END)::supervision_finding_stage,
              -- rectified on time (s 0–2, 4) or late (s 3); the others' last step soon after they were found
              CASE WHEN s IN (0, 1, 2, 4) THEN deadline - 5 WHEN s = 3 THEN deadline + 20 ELSE found + 3 END,
              CASE WHEN s IN (5, 6, 7) AND deadline < date '2018-12-31' THEN deadline + 1 END,
              CASE WHEN s < 7 THEN '整改措施' END, CASE WHEN s < 5 THEN '整改结果' END,
              CASE WHEN s < 5 THEN '督查组' END, CASE WHEN s < 3 OR s = 4 THEN deadline - 5 WHEN s = 3 THEN deadline + 20 END, CASE WHEN s < 5 THEN '同意' END,
              CASE WHEN s < 3 THEN deadline - 5 WHEN s = 3 THEN deadline + 20 END,
              CASE WHEN s = 8 THEN found + 3 END, CASE WHEN s = 8 THEN '移交纪检' END
         FROM g` },
    [findings],
  );
  // Hotline cases: received through 2018, transferred the next day with a deadline 14 days on; the stage by g % 8.
  await step(
    'hotline cases',
    { with: `${VILLAGES}, g AS (
       SELECT g, v.code, date '2018-01-02' + (g % 360) AS received, g % 8 AS s, (ARRAY['咨询', '举报', '投诉', '建议', '求助'])[1 + g % 5] AS kind
         FROM generate_series(1, $1::int) g JOIN v ON v.k = g % v.n
     )`, insert: `INSERT INTO supervision_hotline_cases (region_code, channel, anonymous, case_type, area, summary, received_on, stage, last_step_on, handling_unit, transferred_on, deadline_key, deadline,
                                              replied_on, reply_content, substantiated, visited_on, satisfied, closed_on)
       SELECT code, 'HOTLINE_12317', true, kind, (ARRAY['FUNDS', 'PROJECTS', 'IDENTIFICATION_EXIT', 'POLICY', 'WORK_STYLE'])[1 + g % 5]::supervision_hotline_area, '基准热线件' || g, received,
              (CASE WHEN s < 4 THEN 'CLOSED' WHEN s = 4 THEN 'VISITED' WHEN s = 5 THEN 'REPLIED' WHEN s = 6 THEN 'TRANSFERRED' ELSE 'RECEIVED' END)::supervision_hotline_stage,
              received + CASE WHEN s < 6 THEN 12 WHEN s = 6 THEN 1 ELSE 0 END,
              CASE WHEN s < 7 THEN '镇人民政府' END, CASE WHEN s < 7 THEN received + 1 END,
              CASE WHEN s < 7 THEN 'supervision.hotline_deadline.investigation' END, CASE WHEN s < 7 THEN received + 15 END,
              -- replied on time but every fourth late
              CASE WHEN s < 6 THEN received + CASE WHEN g % 4 = 0 THEN 20 ELSE 10 END END, CASE WHEN s < 6 THEN '已答复' END, CASE WHEN s < 6 THEN g % 3 = 0 END,
              CASE WHEN s < 5 THEN received + 22 END, CASE WHEN s < 5 THEN g % 7 <> 0 END, CASE WHEN s < 4 THEN received + 22 END
         FROM g` },
    [cases],
  );
  // Inspections, each with its sampled households and a visit of each.
  const inspections = 50;
  await step(
    'households (visited)',
    { with: VILLAGES, insert: `INSERT INTO households (household_number, region_code, attribute, primary_cause, validity, status, year_registered)
       SELECT 'SV' || lpad(g::text, 9, '0'), v.code, 'GENERAL_POOR', 'ILLNESS', 'ACTIVE', (CASE WHEN g % 3 = 0 THEN 'EXITED' ELSE 'NOT_EXITED' END)::poverty_status, 2016
         FROM generate_series(1, $1::int) g JOIN v ON v.k = g % v.n` },
    [visits],
  );
  await step(
    'inspections',
    { insert: `INSERT INTO supervision_inspections (region_code, inspection_type, title, organiser, leader, start_on, end_on, sample_seed)
       SELECT '410106000000', 'UNANNOUNCED', '基准暗访' || i, '督查组', '组长', date '2018-01-08' + i * 7, date '2018-01-08' + i * 7 + 4, 'bench-' || i
         FROM generate_series(1, $1::int) i` },
    [inspections],
  );
  await step(
    'samples and visits',
    { with: `h AS (
       SELECT h.id, h.region_code, h.status, row_number() OVER (ORDER BY h.household_number)::int AS k FROM households h WHERE h.household_number LIKE 'SV%'
     ), i AS (
       SELECT id, start_on, row_number() OVER (ORDER BY start_on)::int - 1 AS k FROM supervision_inspections
     ), s AS (
       INSERT INTO supervision_inspection_samples (inspection_id, ordinal, town_code, village_code, household_id)
       SELECT i.id, h.k, left(h.region_code, 9) || '000', h.region_code, h.id FROM h JOIN i ON i.k = h.k % $1::int
       RETURNING id, inspection_id, village_code, town_code, household_id
     )`, insert: `INSERT INTO supervision_inspection_visits (inspection_id, sample_id, household_id, region_code, town_code, village_code, visited_on, identification, exit_check, missed_households, satisfaction)
       SELECT s.inspection_id, s.id, s.household_id, '410106000000', s.town_code, s.village_code, i.start_on + (h.k % 5),
              (CASE WHEN h.k % 25 = 0 THEN 'SHOULD_NOT_BE_REGISTERED' WHEN h.k % 40 = 1 THEN 'NOT_VERIFIED' ELSE 'CORRECT' END)::supervision_identification_check,
              (CASE WHEN h.status = 'EXITED' AND h.k % 40 <> 1 THEN CASE WHEN h.k % 30 = 0 THEN 'WRONG_EXIT' ELSE 'EXIT_CORRECT' END END)::supervision_exit_check,
              CASE WHEN h.k % 50 = 0 THEN 1 ELSE 0 END, (ARRAY['SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED'])[1 + h.k % 3]::supervision_visit_satisfaction
         FROM s JOIN h ON h.id = s.household_id JOIN i ON i.id = s.inspection_id` },
    [inspections],
  );
  const [c] = await ds.query(
    `SELECT (SELECT count(*)::int FROM supervision_findings) AS findings, (SELECT count(*)::int FROM supervision_hotline_cases) AS cases,
            (SELECT count(*)::int FROM supervision_inspection_visits) AS visits, (SELECT count(*)::int FROM supervision_inspections) AS inspections`,
  );
  return `Supervision of 2018: ${c.findings} findings, ${c.cases} hotline cases, ${c.inspections} inspections with ${c.visits} visits.`;
}

exitWhenDone(
  runSqlBench(
    {
      name: 'supervision',
      sizes: { findings: 20_000, hotline: 50_000, visits: 5_000 },
      role: Role.SUPERVISOR,
      generate,
      queries: [
        { name: 'rectificationRates, district, as of 2018-06-30', query: rectification('2018-06-30', '410106000000'), summary: summaries.rectification },
        { name: 'rectificationRates, district, as of 2018-12-31', query: rectification('2018-12-31', '410106000000'), summary: summaries.rectification },
        { name: 'rectificationRates, one town, as of 2018-12-31', query: rectification('2018-12-31', TOWN), summary: summaries.rectification },
        { name: 'hotlineRates, district, as of 2018-06-30', query: hotline('2018-06-30', '410106000000'), summary: summaries.hotline },
        { name: 'hotlineRates, district, as of 2018-12-31', query: hotline('2018-12-31', '410106000000'), summary: summaries.hotline },
        { name: 'hotlineRates, one town, as of 2018-12-31', query: hotline('2018-12-31', TOWN), summary: summaries.hotline },
        { name: 'inspectionMetrics, district, as of 2018-12-31', query: inspection('2018-12-31', '410106000000'), summary: summaries.inspection },
        { name: 'inspectionMetrics, one town, as of 2018-12-31', query: inspection('2018-12-31', TOWN), summary: summaries.inspection },
      ],
    },
    process.argv.slice(2),
  ),
  (e) => e instanceof UsageError,
);
