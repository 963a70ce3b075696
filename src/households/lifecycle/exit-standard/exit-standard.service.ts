import { todayInChina, yearOf } from '../../../common/dates/local-date';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../../../common/access/principal';
import { LifecycleErrors } from '../lifecycle.errors';
import { HouseholdsService } from '../../households.service';
import { ExitFactsProvider } from './exit-facts.provider';
import { assessExit, ExitAssessmentResult } from './exit-standard';

/** exitAssessment, and the guard the exit procedure runs at proposal, approval and announcement. */
@Injectable()
export class ExitStandardService {
  constructor(
    private readonly facts: ExitFactsProvider,
    private readonly households: HouseholdsService,
  ) {}

  /** The assessment of a household in the caller's scope (not found and not allowed answer alike). */
  async assess(principal: Principal, householdId: string, year: number): Promise<ExitAssessmentResult> {
    const household = await this.households.getInScope(principal, householdId, undefined, { field: 'householdId' });
    checkYear(year, 'year');
    const facts = await this.facts.load(household.id, year);
    if (!facts) throw LifecycleErrors.householdNotFound();
    return assessExit(facts);
  }

  /** Inside the procedure's transaction: refuses while any criterion fails (no override). */
  async requireMet(m: EntityManager, householdId: string, year: number): Promise<ExitAssessmentResult> {
    const facts = await this.facts.load(householdId, year, m);
    if (!facts) throw LifecycleErrors.householdNotFound();
    const result = assessExit(facts);
    if (!result.passed) throw LifecycleErrors.exitStandardNotMet(year, result.results.filter((r) => !r.passed));
    return result;
  }

  /**
   * The assessments of many households and years at once, inside the caller's transaction (the
   * procedure batch writer's check of historical exits): in the keys' order, null where the
   * household does not exist. The caller refuses what fails.
   */
  async assessMany(m: EntityManager, keys: readonly { householdId: string; year: number }[]): Promise<(ExitAssessmentResult | null)[]> {
    return (await this.facts.loadMany(keys, m)).map((facts) => facts && assessExit(facts));
  }
}

export function checkYear(year: number, field: string): void {
  if (!Number.isInteger(year) || year < 2013 || year > yearOf(todayInChina())) throw LifecycleErrors.yearOutOfRange(field);
}
