/**
 * The exit standard (§28: 脱真贫、真脱贫, no paper exits): 两不愁三保障 plus income above the line.
 * Each criterion is a separate piece — its own input interface and a pure function from that
 * input to a result — because sector modules (education, health, housing, water) will later
 * supply their facts. ExitFactsProvider gathers the inputs from the registry today.
 */
export enum ExitCriterion {
  /** 人均纯收入稳定超过当年扶贫标准 */
  INCOME = 'INCOME',
  /** 不愁吃、不愁穿 */
  FOOD_CLOTHING = 'FOOD_CLOTHING',
  /** 义务教育有保障 */
  COMPULSORY_SCHOOLING = 'COMPULSORY_SCHOOLING',
  /** 基本医疗有保障 (基本医疗保险 + 大病保险) */
  BASIC_MEDICAL = 'BASIC_MEDICAL',
  /** 住房安全有保障 (有自有住房且非危房) */
  SAFE_HOUSING = 'SAFE_HOUSING',
  /** 饮水安全 */
  SAFE_WATER = 'SAFE_WATER',
}

export const EXIT_CRITERION_LABEL: Record<ExitCriterion, string> = {
  INCOME: '收入达标',
  FOOD_CLOTHING: '不愁吃、不愁穿',
  COMPULSORY_SCHOOLING: '义务教育有保障',
  BASIC_MEDICAL: '基本医疗有保障',
  SAFE_HOUSING: '住房安全有保障',
  SAFE_WATER: '饮水安全有保障',
};

/** One criterion's verdict: pass or fail, the reason in Chinese, and the facts it used. */
export interface CriterionResult {
  criterion: ExitCriterion;
  passed: boolean;
  reason: string;
  facts: Record<string, unknown>;
}

/** A member as the member-based criteria see them. */
export interface AssessedMember {
  memberId: string;
  name: string;
  /** The sector records the member's facts were read from (ExitFactSources); absent: the registry's fields. */
  source?: string;
}
