import { DilapidationGrade } from '../../registry-codes';
import { CriterionResult, ExitCriterion } from './exit-criterion';

export interface SafeHousingCriterionInput {
  /** 有自有住房; null when not recorded. */
  ownsHousing: boolean | null;
  /** 危房户; null when not recorded. */
  dilapidatedHousing: boolean | null;
  dilapidationGrade: DilapidationGrade | null;
}

/**
 * SAFE_HOUSING (Henan: own housing that is not dilapidated): owns housing, and the housing is
 * recorded as not dilapidated with no C/D grade. Anything not recorded fails.
 */
export function assessSafeHousing(input: SafeHousingCriterionInput): CriterionResult {
  const criterion = ExitCriterion.SAFE_HOUSING;
  const facts = { ...input };
  const fail = (reason: string) => ({ criterion, passed: false, reason, facts });
  if (input.ownsHousing === null) return fail('未登记是否有自有住房');
  if (input.ownsHousing === false) return fail('无自有住房');
  if (input.dilapidatedHousing === true || input.dilapidationGrade !== null) {
    return fail(`住房为危房${input.dilapidationGrade ? `（${input.dilapidationGrade}级）` : ''}`);
  }
  if (input.dilapidatedHousing === null) return fail('未登记住房是否为危房');
  return { criterion, passed: true, reason: '有自有住房且非危房', facts };
}
