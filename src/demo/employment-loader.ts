import { DataSource } from 'typeorm';
import { EMPLOYMENT_SECTOR } from '../employment/employment.declaration';
import { onLabourRegisterSql } from '../employment/employment-year.sql';
import { loadDemoEmploymentLedger, EmploymentLedgerDemoCounts } from './employment-ledger-loader';
import { REFERENCE_YEAR } from './generator';

/**
 * The employment ledger's demo (issue #16), derived from the demo registry: every current member
 * with labour whose registry record says months worked above 0 gets one employment record of the
 * reference year — the months the registry says (ending on 31 December), the place it says, the
 * channel by the place (within the town or county: 就地吸纳; within or outside the province:
 * 劳务输出; no place: 居家灵活), and a monthly income that shares the household's recorded wage
 * income of the year among its working members' months (rounded down to the fen). So the ledger
 * and the registry agree, and the coverage and the targets read real records. One set-based
 * statement (the demo registry reaches 350,000 households in the benches); the rules of
 * createEmploymentRecord are not re-run for derived rows that meet them by construction. Then
 * the workshops, public-welfare posts, training courses and openings of employment-ledger-loader.ts.
 */
export async function loadDemoEmployment(ds: DataSource): Promise<{ records: number } & EmploymentLedgerDemoCounts> {
  return ds.transaction(async (m) => {
    // Statements over the whole registry: at 1 M members they outlast the service's per-statement limit.
    await m.query('SET LOCAL statement_timeout = 0');
    const [{ records }]: { records: number }[] = await m.query(
      `WITH working AS (
         SELECT m.id, m.household_id, m.region_code, m.months_worked, m.work_place,
                sum(m.months_worked) OVER (PARTITION BY m.household_id) AS household_months
           FROM members m
          WHERE ${onLabourRegisterSql('m')} AND m.months_worked > 0
       ), inserted AS (
       INSERT INTO employment_records (member_id, household_id, year, channel, place, starts_on, ends_on, months_worked, monthly_income, region_code, sector)
       SELECT w.id, w.household_id, $1::smallint,
              CASE WHEN w.work_place IN ('WITHIN_TOWN', 'WITHIN_COUNTY') THEN '就地吸纳' WHEN w.work_place IS NULL THEN '居家灵活' ELSE '劳务输出' END,
              COALESCE(w.work_place, 'WITHIN_TOWN'),
              make_date($1, 13 - w.months_worked, 1), make_date($1, 12, 31), w.months_worked,
              floor(COALESCE(hi.wages, 0) * 100 / w.household_months) / 100,
              w.region_code, $2
         FROM working w
         LEFT JOIN household_incomes hi ON hi.household_id = w.household_id AND hi.year = $1
       RETURNING 1)
       SELECT count(*)::int AS records FROM inserted`,
      [REFERENCE_YEAR, EMPLOYMENT_SECTOR],
    );
    return { records, ...(await loadDemoEmploymentLedger(m)) };
  });
}
