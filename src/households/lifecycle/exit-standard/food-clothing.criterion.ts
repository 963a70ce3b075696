import { CriterionResult, ExitCriterion } from './exit-criterion';

export interface FoodClothingCriterionInput {
  /** 不愁吃、不愁穿 as recorded for the household; null when not assessed. */
  foodClothingSecure: boolean | null;
}

/** FOOD_CLOTHING: the household's food and clothing are recorded as secure. */
export function assessFoodClothing(input: FoodClothingCriterionInput): CriterionResult {
  const criterion = ExitCriterion.FOOD_CLOTHING;
  const facts = { foodClothingSecure: input.foodClothingSecure };
  if (input.foodClothingSecure === true) return { criterion, passed: true, reason: '已登记为不愁吃、不愁穿', facts };
  if (input.foodClothingSecure === false) return { criterion, passed: false, reason: '登记为吃穿尚无保障', facts };
  return { criterion, passed: false, reason: '未登记“不愁吃、不愁穿”情况', facts };
}
