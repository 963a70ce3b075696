import { ageOn } from '../../../common/dates/local-date';
import { COMPULSORY_SCHOOLING, SchoolingStatus } from '../../registry-codes';
import { AssessedMember, CriterionResult, ExitCriterion } from './exit-criterion';

export interface SchoolingMember extends AssessedMember {
  birthDate: string;
  schoolingStatus: SchoolingStatus | null;
  /** A recorded exemption (e.g. severe disability with home teaching). */
  schoolingExemption: string | null;
}

export interface CompulsorySchoolingCriterionInput {
  year: number;
  members: SchoolingMember[];
}

/** Past compulsory schooling and still in school: also counts as schooling guaranteed. */
const BEYOND_COMPULSORY: readonly SchoolingStatus[] = [
  'SENIOR_1', 'SENIOR_2', 'SENIOR_3',
  'VOCATIONAL_SECONDARY_1', 'VOCATIONAL_SECONDARY_2', 'VOCATIONAL_SECONDARY_3',
  'VOCATIONAL_TERTIARY_1', 'VOCATIONAL_TERTIARY_2', 'VOCATIONAL_TERTIARY_3',
  'TERTIARY',
];

/**
 * The day ages are counted on: 31 August of the year. Children who are six by 31 August start
 * primary school that September (the enrolment cut-off Henan applies), so a member aged 6 to 15
 * on that day is of compulsory school age for the school year that starts in the exit year.
 */
export function schoolAgeDate(year: number): string {
  return `${year}-08-31`;
}

/**
 * COMPULSORY_SCHOOLING: every member aged 6–15 on 31 August of the year is in school — primary
 * or grades 7–9 (or already beyond, in senior secondary, vocational or higher education) — or
 * has a recorded exemption. A school-age member who is not in school, in preschool, or whose
 * schooling is not recorded fails the criterion, by name.
 */
export function assessCompulsorySchooling(input: CompulsorySchoolingCriterionInput): CriterionResult {
  const criterion = ExitCriterion.COMPULSORY_SCHOOLING;
  const on = schoolAgeDate(input.year);
  const schoolAge = input.members
    .map((m) => ({ ...m, age: ageOn(m.birthDate, on) }))
    .filter((m) => m.age >= 6 && m.age <= 15);
  const failing = schoolAge.filter(
    (m) =>
      !(m.schoolingExemption && m.schoolingExemption.trim()) &&
      !(m.schoolingStatus && (COMPULSORY_SCHOOLING.includes(m.schoolingStatus) || BEYOND_COMPULSORY.includes(m.schoolingStatus))),
  );
  const facts = {
    ageCountedOn: on,
    schoolAgeMembers: schoolAge.map((m) => ({ memberId: m.memberId, name: m.name, age: m.age, schoolingStatus: m.schoolingStatus, exempted: !!m.schoolingExemption?.trim(), ...(m.source ? { source: m.source } : {}) })),
    notInSchool: failing.map((m) => ({ memberId: m.memberId, name: m.name, age: m.age, schoolingStatus: m.schoolingStatus, ...(m.source ? { source: m.source } : {}) })),
  };
  if (!schoolAge.length) return { criterion, passed: true, reason: '家中无义务教育阶段适龄成员（6–15 周岁）', facts };
  if (!failing.length) return { criterion, passed: true, reason: `${schoolAge.length} 名义务教育适龄成员均在校或已登记免学`, facts };
  const who = failing.map((m) => `${m.name}（${m.age} 岁，${m.schoolingStatus ? describe(m.schoolingStatus) : '未登记在校情况'}）`).join('、');
  return { criterion, passed: false, reason: `义务教育适龄成员未在校且无免学登记：${who}`, facts };
}

function describe(s: SchoolingStatus): string {
  return s === 'NOT_IN_SCHOOL' ? '非在校生' : s === 'PRESCHOOL' ? '学前教育' : s;
}
