import { CriterionResult, ExitCriterion } from './exit-criterion';

export interface SafeWaterCriterionInput {
  /** 饮水安全 as recorded for the household; null when not assessed. */
  safeDrinkingWater: boolean | null;
}

/** SAFE_WATER: the household's drinking water is recorded as safe. */
export function assessSafeWater(input: SafeWaterCriterionInput): CriterionResult {
  const criterion = ExitCriterion.SAFE_WATER;
  const facts = { safeDrinkingWater: input.safeDrinkingWater };
  if (input.safeDrinkingWater === true) return { criterion, passed: true, reason: '饮水安全', facts };
  if (input.safeDrinkingWater === false) return { criterion, passed: false, reason: '饮水不安全', facts };
  return { criterion, passed: false, reason: '未登记饮水安全情况', facts };
}
