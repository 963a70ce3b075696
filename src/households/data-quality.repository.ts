import { Injectable } from '@nestjs/common';
import { Principal } from '../common/access/principal';
import { HouseholdEntity } from './household.entity';
import { HouseholdsRepository } from './households.repository';
import { WarningRuleCode } from './registry-validation';

/** The SQL of the data-quality report: per warning rule, the households on the roll (or candidates) that break it. */
@Injectable()
export class DataQualityRepository {
  constructor(private readonly households: HouseholdsRepository) {}

  /** The households in the caller's scope (under `regionPrefix`) that break a rule: how many, and the first `limit` by household number. */
  async offenders(principal: Principal, rule: WarningRuleCode, regionPrefix: string | undefined, limit: number): Promise<{ count: number; households: HouseholdEntity[] }> {
    const qb = this.households.query(principal, { regionPrefix, validity: null });
    qb.andWhere(`h.validity <> 'REMOVED'`);
    if (rule === 'ILLNESS_CAUSE_ALL_HEALTHY') {
      qb.andWhere(`h.primary_cause = 'ILLNESS'`)
        .andWhere(`EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active)`)
        .andWhere(`NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active AND m.health <> '{HEALTHY}')`);
    } else {
      qb.andWhere(`h.attribute = 'LOW_INCOME_POOR'`).andWhere(
        `NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active AND m.low_income_support)`,
      );
    }
    const count = await qb.clone().getCount();
    const households = limit && count ? await qb.orderBy('h.household_number').limit(limit).getMany() : [];
    return { count, households };
  }
}
