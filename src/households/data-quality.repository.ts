import { Injectable } from '@nestjs/common';
import { Principal } from '../common/access/principal';
import { rawSql, SqlCondition } from '../common/sql/conditions';
import { HouseholdEntity } from './household.entity';
import { HouseholdsRepository } from './households.repository';
import { WarningRuleCode } from './registry-validation';

/** Per warning rule, the SQL of the households that break it (bench/peer/sql-report-server.ts runs the same by hand). */
export const WARNING_RULE_CONDITIONS: Record<WarningRuleCode, readonly SqlCondition[]> = {
  ILLNESS_CAUSE_ALL_HEALTHY: [
    rawSql(`h.primary_cause = 'ILLNESS'`),
    rawSql(`EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active)`),
    rawSql(`NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active AND m.health <> '{HEALTHY}')`),
  ],
  LOW_INCOME_POOR_WITHOUT_LOW_INCOME_MEMBER: [
    rawSql(`h.attribute = 'LOW_INCOME_POOR'`),
    rawSql(`NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active AND m.low_income_support)`),
  ],
};

/** The SQL of the data-quality report: per warning rule, the households on the roll (or candidates) that break it. */
@Injectable()
export class DataQualityRepository {
  constructor(private readonly households: HouseholdsRepository) {}

  /** The households in the caller's scope (under `regionPrefix`) that break a rule: how many, and the first `limit` by household number. */
  offenders(principal: Principal, rule: WarningRuleCode, regionPrefix: string | undefined, limit: number): Promise<{ count: number; households: HouseholdEntity[] }> {
    return this.households.countAndFirst(principal, { regionPrefix, validity: null }, [rawSql(`h.validity <> 'REMOVED'`), ...WARNING_RULE_CONDITIONS[rule]], limit);
  }
}
