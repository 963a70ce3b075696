import { AssessedMember, CriterionResult, ExitCriterion } from './exit-criterion';

export interface InsuredMember extends AssessedMember {
  /** 城乡居民基本医疗保险 that year; null when no enrolment is recorded for the year. */
  basicMedical: boolean | null;
  /** 大病保险 that year; null when no enrolment is recorded for the year. */
  seriousIllness: boolean | null;
}

export interface BasicMedicalCriterionInput {
  year: number;
  members: InsuredMember[];
}

/**
 * BASIC_MEDICAL (Henan: in rural medical insurance with serious-illness cover): every member is
 * enrolled in basic medical insurance AND serious-illness insurance for the year.
 */
export function assessBasicMedical(input: BasicMedicalCriterionInput): CriterionResult {
  const criterion = ExitCriterion.BASIC_MEDICAL;
  const missing = input.members
    .map((m) => ({ memberId: m.memberId, name: m.name, ...(m.source ? { source: m.source } : {}), lacks: [...(m.basicMedical ? [] : ['基本医疗保险']), ...(m.seriousIllness ? [] : ['大病保险'])] }))
    .filter((m) => m.lacks.length);
  const facts = { year: input.year, members: input.members.length, uninsured: missing };
  if (!input.members.length) return { criterion, passed: false, reason: '家庭无在册成员，无法判断参保情况', facts };
  if (!missing.length) return { criterion, passed: true, reason: `${input.year} 年全部 ${input.members.length} 名成员参加基本医疗保险和大病保险`, facts };
  const who = missing.map((m) => `${m.name}（未参加${m.lacks.join('、')}）`).join('、');
  return { criterion, passed: false, reason: `${input.year} 年有成员未参保：${who}`, facts };
}
