import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Principal } from '../common/access/principal';
import { compareAmounts } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { HouseholdEntity } from '../households/household.entity';
import { HouseholdsErrors } from '../households/households.errors';
import { HouseholdsService } from '../households/households.service';

/** What disagrees between the ledger and the registry for a household and year. */
export enum EmploymentRegistryDisagreement {
  /** The registry's wage income of the year is below what the household's records of the year earned. */
  WAGES = 'WAGES',
  /** A current member's months worked in the registry differ from the months of the member's records of the year. */
  MONTHS = 'MONTHS',
}

/** A household's year by the ledger beside the registry (amounts as decimal strings). */
export interface HouseholdEmploymentYear {
  registryRecorded: boolean;
  registryWages: string;
  employmentWages: string;
  members: { memberId: string; name: string; registryMonthsWorked: number | null; monthsWorked: number }[];
  disagreements: EmploymentRegistryDisagreement[];
}

/**
 * The households where the ledger and the registry disagree in :year, as one set (a semi join, one
 * grouped pass over the year's records each; no per-household or per-member sums):
 * - the registry's wages of the year (0 without a record) are below what its records earned;
 * - a current member's registry months worked (empty = 0) differ from its records' months (at most 12).
 */
const DISAGREEING_HOUSEHOLDS = `SELECT w.household_id FROM (
      SELECT e.household_id, sum(e.months_worked * e.monthly_income) AS wages FROM employment_records e WHERE e.year = :year GROUP BY e.household_id) w
      LEFT JOIN household_incomes hi ON hi.household_id = w.household_id AND hi.year = :year
     WHERE COALESCE(hi.wages, 0) < w.wages
    UNION
    SELECT m.household_id FROM members m
      LEFT JOIN (SELECT e.member_id, LEAST(12, sum(e.months_worked)) AS months FROM employment_records e WHERE e.year = :year GROUP BY e.member_id) mm ON mm.member_id = m.id
     WHERE m.active AND COALESCE(m.months_worked, 0) <> COALESCE(mm.months, 0)`;

/**
 * The ledger against the registry (issue #16: the registry's months worked and wage income are
 * derived from the records of the year, and the two never disagree silently). The ledger is never
 * written into the registry from here: the village corrects the registry (updateMember,
 * setHouseholdIncome, its import) or the records. Wages disagree only when the registry records
 * less than the records earned: other wage income (a linkage's wages, a job not in the ledger)
 * may make it more.
 */
@Injectable()
export class EmploymentRegistryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly households: HouseholdsService,
  ) {}

  /** One household's year (in the caller's scope; HOUSEHOLD_NOT_FOUND naming `householdId` otherwise). */
  async household(principal: Principal, householdId: string, year: number): Promise<{ household: HouseholdEntity; figures: HouseholdEmploymentYear }> {
    const [household] = await this.households.findInScope(principal, [householdId]);
    if (!household) throw HouseholdsErrors.householdNotFound('householdId');
    const figures = await this.yearsOf([household], year);
    return { household, figures: figures.get(household)! };
  }

  /** Households of the caller's region (or a subtree) on the roll where the ledger and the registry disagree in the year, by household number. */
  async disagreements(
    principal: Principal,
    filter: { year: number; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HouseholdEntity> & { figures: Map<HouseholdEntity, HouseholdEmploymentYear> }> {
    const extend = (qb: SelectQueryBuilder<HouseholdEntity>) => void qb.setParameters({ year: filter.year }).andWhere(`h.id IN (${DISAGREEING_HOUSEHOLDS})`);
    const page = await this.households.list(principal, { regionCode: filter.regionCode, extend }, args, undefined, withTotalCount);
    return { ...page, figures: await this.yearsOf(page.edges.map((e) => e.node), filter.year) };
  }

  /** The figures of a page of households, in one statement. */
  private async yearsOf(households: readonly HouseholdEntity[], year: number): Promise<Map<HouseholdEntity, HouseholdEmploymentYear>> {
    const out = new Map<HouseholdEntity, HouseholdEmploymentYear>();
    if (!households.length) return out;
    const rows: { id: string; recorded: boolean; registry_wages: string; employment_wages: string; members: HouseholdEmploymentYear['members'] }[] = await this.dataSource.query(
      `SELECT h.id, hi.household_id IS NOT NULL AS recorded, COALESCE(hi.wages, 0)::numeric(14,2)::text AS registry_wages,
              COALESCE((SELECT sum(e.months_worked * e.monthly_income) FROM employment_records e WHERE e.household_id = h.id AND e.year = $2), 0)::numeric(14,2)::text AS employment_wages,
              COALESCE((SELECT json_agg(json_build_object('memberId', m.id, 'name', m.name, 'registryMonthsWorked', m.months_worked,
                                 'monthsWorked', LEAST(12, COALESCE((SELECT sum(e.months_worked) FROM employment_records e WHERE e.member_id = m.id AND e.year = $2), 0)))
                                 ORDER BY CASE WHEN m.relation = 'HEAD' THEN 0 ELSE 1 END, m.birth_date, m.id)
                          FROM members m WHERE m.household_id = h.id AND m.active), '[]') AS members
         FROM households h LEFT JOIN household_incomes hi ON hi.household_id = h.id AND hi.year = $2
        WHERE h.id = ANY($1)`,
      [households.map((h) => h.id), year],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const h of households) {
      const r = byId.get(h.id)!;
      const disagreements: EmploymentRegistryDisagreement[] = [];
      if (compareAmounts(r.registry_wages, r.employment_wages) < 0) disagreements.push(EmploymentRegistryDisagreement.WAGES);
      if (r.members.some((m) => (m.registryMonthsWorked ?? 0) !== m.monthsWorked)) disagreements.push(EmploymentRegistryDisagreement.MONTHS);
      out.set(h, { registryRecorded: r.recorded, registryWages: r.registry_wages, employmentWages: r.employment_wages, members: r.members, disagreements });
    }
    return out;
  }
}
