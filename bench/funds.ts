/**
 * npm run bench:funds -- [--projects N] [--payments P] [--repeat K] [--db embedded|server] [--database-url URL]
 *
 * The funds execution report of issue #19 (fundExecutionReport by level, channel and town, and
 * fundProjectExecution's first page) as of a date over a year with N projects (10,000 by
 * default) and P payments (200,000), generated set-based in SQL through the ledger's own triggers
 * (committed and paid kept by them): the projects spread over Shangjie's villages, one document
 * per level of 2018, an allocation of each document to each village with projects (what its
 * projects cost), a funding of each project (its budget, in March–June), two reimbursements of
 * each funding (40 % each, paid), and the payments spread evenly over the reimbursements and over
 * the year (so a date inside the year sees part of them). Measured as a district officer, as of
 * 30 June and 31 December: time, SQL statements, peak RSS (bench/runner/sql-bench.ts).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/access/permissions';
import { UsageError } from './cli-args';
import { GenerationStep, runSqlBench, VILLAGES } from './runner/sql-bench';
import { exitWhenDone } from './runner/sign-in';

const LEVELS = ['中央', '省', '市', '区'];
const FIGURES = 'allocated funded reimbursed paid balance';

const report = (asOf: string, by: string) => `{ fundExecutionReport(year: 2018, asOf: "${asOf}", regionCode: "410106000000", by: ${by}) { total { ${FIGURES} } rows { key } } }`;
const reportSummary = (d: Record<string, unknown>): string => {
  const r = d.fundExecutionReport as { total: Record<string, string>; rows: unknown[] };
  return `${r.rows.length} rows, paid ${r.total.paid} of ${r.total.allocated}`;
};

async function generate(ds: DataSource, sizes: Record<string, number>, step: GenerationStep): Promise<string> {
  const { projects, payments } = sizes as { projects: number; payments: number };
  // Budgets: multiples of 1,000.00 (so 40 % and its parts are whole cents).
  await step(
    'projects (in the library)',
    { with: VILLAGES, insert: `INSERT INTO projects (region_code, name, year, category, industry_type, construction_nature, budget_total, stage)
       SELECT v.code, '基准项目' || lpad(g::text, 6, '0'), 2018, '产业发展', '特色加工业', 'NEW', (100 + g % 400) * 1000.00, 'IN_LIBRARY'
         FROM generate_series(1, $1::int) g JOIN v ON v.k = g % v.n` },
    [projects],
  );
  // Each project's source: the level of its number modulo 4.
  const source = `(substr(p.name, 5)::int % 4)`;
  await step(
    'documents (one a level)',
    { insert: `INSERT INTO fund_documents (region_code, document_number, issuer, issued_on, year, level, level_rank, channel, batch, amount, function_code)
       SELECT '410106000000', '基准〔2018〕' || r || '号', '基准财政', date '2018-01-10' + r * 7, 2018, ($1::text[])[r + 1], r, '扶贫发展', 'REGULAR',
              (SELECT sum(p.budget_total) FROM projects p WHERE ${source} = r), '2130599'
         FROM generate_series(0, 3) r` },
    [LEVELS],
  );
  await step(
    'allocations (each document to each village)',
    { insert: `INSERT INTO fund_allocations (document_id, region_code, year, level, channel, allocated_on, purpose, amount)
       SELECT d.id, p.region_code, 2018, d.level, d.channel, d.issued_on + 20, '产业发展项目', sum(p.budget_total)
         FROM projects p JOIN fund_documents d ON d.level_rank = ${source}
        GROUP BY d.id, d.level, d.channel, d.issued_on, p.region_code` },
  );
  await step(
    'project fundings (one a project)',
    { insert: `INSERT INTO project_fundings (allocation_id, document_id, project_id, region_code, year, level, channel, funded_on, amount, basis)
       SELECT a.id, a.document_id, p.id, p.region_code, 2018, a.level, a.channel, date '2018-03-01' + (substr(p.name, 5)::int % 120), p.budget_total, 'IN_LIBRARY'
         FROM projects p JOIN fund_documents d ON d.level_rank = ${source} JOIN fund_allocations a ON a.document_id = d.id AND a.region_code = p.region_code` },
  );
  await step(
    'reimbursements (two a funding, paid)',
    { insert: `INSERT INTO fund_reimbursements (funding_id, allocation_id, document_id, project_id, region_code, year, level, channel, applied_on, amount, status, reviewed_on, approved_on, reimbursed_on)
       SELECT f.id, f.allocation_id, f.document_id, f.project_id, f.region_code, 2018, f.level, f.channel, f.funded_on + 10 * r, f.amount * 0.4, 'PAID',
              f.funded_on + 10 * r + 2, f.funded_on + 10 * r + 4, f.funded_on + 10 * r + 4
         FROM project_fundings f CROSS JOIN generate_series(1, 2) r` },
  );
  const [{ n: reimbursements }] = await ds.query(`SELECT count(*)::int AS n FROM fund_reimbursements`);
  const per = Math.max(1, Math.floor(payments / reimbursements));
  // Each reimbursement paid in `per` equal parts (the last takes the remainder), spread from its approval to the end of the year.
  await step(
    `payments (${per} a reimbursement)`,
    { insert: `INSERT INTO fund_payments (reimbursement_id, allocation_id, document_id, region_code, year, paid_on, amount, kind, payee_name, bank_account_enc, reference)
       SELECT r.id, r.allocation_id, r.document_id, r.region_code, 2018, LEAST(date '2018-12-31', r.approved_on + (i * (date '2018-12-31' - r.approved_on)) / $1::int),
              CASE WHEN i < $1::int THEN trunc(r.amount / $1::int, 2) ELSE r.amount - trunc(r.amount / $1::int, 2) * ($1::int - 1) END,
              'ACCOUNT', '基准合作社', 'bench', 'ZF' || i
         FROM fund_reimbursements r CROSS JOIN generate_series(1, $1::int) i` },
    [per],
  );
  const [c] = await ds.query(
    `SELECT (SELECT count(*)::int FROM projects) AS projects, (SELECT count(*)::int FROM fund_allocations) AS allocations, (SELECT count(*)::int FROM project_fundings) AS fundings,
            (SELECT count(*)::int FROM fund_reimbursements) AS reimbursements, (SELECT count(*)::int FROM fund_payments) AS payments, (SELECT sum(amount)::text FROM fund_payments) AS paid`,
  );
  return `Ledger of 2018: ${c.projects} projects, 4 documents, ${c.allocations} allocations, ${c.fundings} fundings, ${c.reimbursements} reimbursements, ${c.payments} payments (${c.paid} yuan paid).`;
}

exitWhenDone(
  runSqlBench(
    {
      name: 'funds',
      sizes: { projects: 10_000, payments: 200_000 },
      role: Role.DISTRICT_OFFICER,
      generate,
      queries: [
        { name: 'fundExecutionReport by LEVEL as of 2018-06-30', query: report('2018-06-30', 'LEVEL'), summary: reportSummary },
        { name: 'fundExecutionReport by LEVEL as of 2018-12-31', query: report('2018-12-31', 'LEVEL'), summary: reportSummary },
        { name: 'fundExecutionReport by CHANNEL as of 2018-12-31', query: report('2018-12-31', 'CHANNEL'), summary: reportSummary },
        { name: 'fundExecutionReport by TOWN as of 2018-12-31', query: report('2018-12-31', 'TOWN'), summary: reportSummary },
        {
          name: 'fundProjectExecution first 50 as of 2018-12-31',
          query: `{ fundProjectExecution(year: 2018, asOf: "2018-12-31", regionCode: "410106000000", first: 50) { total { paid } edges { node { funded paid } } } }`,
          summary: (d) => {
            const r = d.fundProjectExecution as { total: { paid: string }; edges: unknown[] };
            return `page ${r.edges.length}, total paid ${r.total.paid}`;
          },
        },
      ],
    },
    process.argv.slice(2),
  ),
  (e) => e instanceof UsageError,
);
