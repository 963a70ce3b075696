import { assessBasicMedical, BasicMedicalCriterionInput } from './basic-medical.criterion';
import { assessCompulsorySchooling, CompulsorySchoolingCriterionInput } from './compulsory-schooling.criterion';
import { CriterionResult } from './exit-criterion';
import { assessFoodClothing, FoodClothingCriterionInput } from './food-clothing.criterion';
import { assessIncome, IncomeCriterionInput } from './income.criterion';
import { assessSafeHousing, SafeHousingCriterionInput } from './safe-housing.criterion';
import { assessSafeWater, SafeWaterCriterionInput } from './safe-water.criterion';
import type { ParameterValue } from '../../../parameters/parameters.service';

/** Every criterion's input for one household and year (see ExitFactsProvider). */
export interface ExitFacts {
  householdId: string;
  year: number;
  /** The day membership is taken on: 31 December of the year, or today while the year runs. */
  membersOn: string;
  income: IncomeCriterionInput;
  foodClothing: FoodClothingCriterionInput;
  compulsorySchooling: CompulsorySchoolingCriterionInput;
  basicMedical: BasicMedicalCriterionInput;
  safeHousing: SafeHousingCriterionInput;
  safeWater: SafeWaterCriterionInput;
  /** The policy parameters the assessment read (the lines), with their status and source. */
  parametersUsed: ParameterValue[];
}

export interface ExitAssessmentResult {
  householdId: string;
  year: number;
  membersOn: string;
  /** True only when every criterion passes: there is no override. */
  passed: boolean;
  results: CriterionResult[];
  /** The policy parameters used (UNVERIFIED or NOT_CONFIGURED ones are to be badged). */
  parametersUsed: ParameterValue[];
}

/** Runs every criterion on its own input; the household passes only when all pass. */
export function assessExit(facts: ExitFacts): ExitAssessmentResult {
  const results = [
    assessIncome(facts.income),
    assessFoodClothing(facts.foodClothing),
    assessCompulsorySchooling(facts.compulsorySchooling),
    assessBasicMedical(facts.basicMedical),
    assessSafeHousing(facts.safeHousing),
    assessSafeWater(facts.safeWater),
  ];
  return { householdId: facts.householdId, year: facts.year, membersOn: facts.membersOn, passed: results.every((r) => r.passed), results, parametersUsed: facts.parametersUsed };
}
