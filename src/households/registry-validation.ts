/**
 * The registry's consistency rules (DOMAIN.md, appendix), as pure functions over plain facts so
 * the API, the provincial file import (row by row) and the data-quality report apply the same
 * rules. Hard rules return FieldProblems (BAD_USER_INPUT with the field path, e.g.
 * `input.members.2.idNumber`); warning rules are listed in WARNING_RULES and reported, not refused.
 */
import { ageOn, isLocalDate, todayInChina } from '../common/dates/local-date';
import { FieldProblem } from '../common/errors/app-error';
import { CommonReason, ErrorReason } from '../common/errors/reasons';
import { parseCitizenId } from '../common/identity-number/citizen-id';
import { toCents } from '../common/money/money';
import { HouseholdsReason } from './households.errors';
import {
  DisabilityType,
  EducationLevel,
  HealthCondition,
  HouseholdAttribute,
  IdType,
  PovertyCause,
  Relation,
  SchoolingStatus,
  Sex,
} from './registry-codes';

/** Compulsory-school age (学龄, 6–15) for the rule on 文化程度 / 在校生状况. */
export const SCHOOL_AGE = { min: 6, max: 15 } as const;
export const ELDERLY_AGE = 60;

// ---------------------------------------------------------------- members

/** What the member rules look at (inputs or stored rows alike). */
export interface MemberFacts {
  idType?: IdType | null;
  idNumber?: string | null;
  sex?: Sex | null;
  birthDate?: string | null;
  relation?: Relation | null;
  educationLevel?: EducationLevel | null;
  schoolingStatus?: SchoolingStatus | null;
  health?: readonly HealthCondition[] | null;
  disabilityType?: DisabilityType | null;
  disabilityGrade?: number | null;
  monthsWorked?: number | null;
}

export interface MemberCheck {
  problems: FieldProblem[];
  /** Normalised ID number (18 characters, upper-case X) when valid. */
  idNumber?: string;
  /** Derived from a resident ID (or as given for other documents). */
  sex?: Sex;
  birthDate?: string;
}

const OTHER_DOCUMENT = /^[0-9A-Za-z-]{4,30}$/;

const p = (field: string, reason: ErrorReason, message: string): FieldProblem => ({ field, reason, message });
const at = (path: string, field: string) => (path ? `${path}.${field}` : field);

/**
 * The rules on one member: the ID number (GB 11643 for a resident ID card: 18 characters,
 * checksum, real birth date not in the future, lower-case x normalised, 15-digit refused), sex
 * and birth date derived from it and never contradicting it, health (HEALTHY alone), disability
 * grade 1–4 only when disabled, months worked 0–12, and for a school-age member (6–15) exactly
 * one of education level and schooling status.
 */
export function checkMember(m: MemberFacts, path: string, today: string = todayInChina()): MemberCheck {
  const problems: FieldProblem[] = [];
  const idType = m.idType ?? 'RESIDENT_ID_CARD';
  let idNumber: string | undefined;
  let sex: Sex | undefined = m.sex ?? undefined;
  let birthDate: string | undefined = m.birthDate ?? undefined;

  if (idType === 'RESIDENT_ID_CARD') {
    const parsed = parseCitizenId(m.idNumber, today);
    if (!parsed.ok) {
      problems.push(p(at(path, 'idNumber'), CommonReason[parsed.code], `${parsed.message} (invalid resident ID number)`));
    } else {
      idNumber = parsed.value;
      if (m.sex && m.sex !== parsed.sex) {
        problems.push(p(at(path, 'sex'), HouseholdsReason.SEX_CONTRADICTS_ID_NUMBER, `性别与身份证号不符，应为${Sex.label[parsed.sex]} (sex contradicts the ID number)`));
      }
      if (m.birthDate && m.birthDate !== parsed.birthDate) {
        problems.push(
          p(at(path, 'birthDate'), HouseholdsReason.BIRTH_DATE_CONTRADICTS_ID_NUMBER, `出生日期与身份证号不符，应为 ${parsed.birthDate} (birth date contradicts the ID number)`),
        );
      }
      sex = parsed.sex;
      birthDate = parsed.birthDate;
    }
  } else {
    const value = (m.idNumber ?? '').normalize('NFKC').trim().toUpperCase();
    if (!OTHER_DOCUMENT.test(value)) {
      problems.push(p(at(path, 'idNumber'), HouseholdsReason.ID_NUMBER_FORMAT, '证件号码格式错误：4–30 位字母或数字 (4–30 letters or digits)'));
    } else {
      idNumber = value;
    }
    if (!m.sex) problems.push(p(at(path, 'sex'), HouseholdsReason.SEX_REQUIRED, '非身份证的证件须填写性别 (sex is required with this document)'));
    if (!m.birthDate) {
      problems.push(p(at(path, 'birthDate'), HouseholdsReason.BIRTH_DATE_REQUIRED, '非身份证的证件须填写出生日期 (birth date is required with this document)'));
    } else if (!isLocalDate(m.birthDate) || m.birthDate > today || m.birthDate < '1900-01-01') {
      problems.push(p(at(path, 'birthDate'), HouseholdsReason.BIRTH_DATE_INVALID, '出生日期无效或晚于今天 (birth date invalid or in the future)'));
      birthDate = undefined;
    }
  }

  const health = m.health ?? ['HEALTHY'];
  if (!health.length) problems.push(p(at(path, 'health'), HouseholdsReason.HEALTH_REQUIRED, '须填写健康状况 (health is required)'));
  if (new Set(health).size !== health.length) problems.push(p(at(path, 'health'), HouseholdsReason.HEALTH_REPEATED, '健康状况重复 (a condition is repeated)'));
  if (health.includes('HEALTHY') && health.length > 1) {
    problems.push(p(at(path, 'health'), HouseholdsReason.HEALTHY_WITH_CONDITION, '“健康”不能与其他健康状况同时填写 (HEALTHY cannot be combined with a condition)'));
  }
  const disabled = health.includes('DISABLED');
  if (m.disabilityGrade != null) {
    if (!Number.isInteger(m.disabilityGrade) || m.disabilityGrade < 1 || m.disabilityGrade > 4) {
      problems.push(p(at(path, 'disabilityGrade'), HouseholdsReason.DISABILITY_GRADE_RANGE, '残疾等级应为 1–4 级 (disability grade is 1–4)'));
    } else if (!disabled) {
      problems.push(p(at(path, 'disabilityGrade'), HouseholdsReason.DISABILITY_GRADE_WITHOUT_DISABILITY, '健康状况不含“残疾”时不能填写残疾等级 (a disability grade needs health DISABLED)'));
    }
  }
  if (m.disabilityType != null && !disabled) {
    problems.push(p(at(path, 'disabilityType'), HouseholdsReason.DISABILITY_TYPE_WITHOUT_DISABILITY, '健康状况不含“残疾”时不能填写残疾类别 (a disability type needs health DISABLED)'));
  }
  if (m.monthsWorked != null && (!Number.isInteger(m.monthsWorked) || m.monthsWorked < 0 || m.monthsWorked > 12)) {
    problems.push(p(at(path, 'monthsWorked'), HouseholdsReason.MONTHS_WORKED_RANGE, '务工时间应为 0–12 个月 (months worked is 0–12)'));
  }
  if (birthDate) {
    const age = ageOn(birthDate, today);
    if (age >= SCHOOL_AGE.min && age <= SCHOOL_AGE.max) {
      const filled = Number(m.educationLevel != null) + Number(m.schoolingStatus != null);
      if (filled !== 1) {
        problems.push(
          p(
            at(path, m.educationLevel != null ? 'educationLevel' : 'schoolingStatus'),
            HouseholdsReason.SCHOOL_AGE_EDUCATION_OR_SCHOOLING,
            `学龄成员（${age} 岁）的文化程度与在校生状况须且只能填写一项 (a school-age member has exactly one of education level and schooling status)`,
          ),
        );
      }
    }
  }
  return { problems, idNumber, sex, birthDate };
}

/**
 * The rules across a household's members: exactly one head; head and spouse not of the same
 * sex; one ID number once. `members` are the household's members after the change, each with
 * its input path ('' for stored members the change does not touch, reported on `fallbackPath`).
 */
export function checkHouseholdMembers(
  members: readonly { relation: Relation; sex?: Sex | null; idNumber?: string | null; path: string }[],
  fallbackPath: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const heads = members.filter((m) => m.relation === 'HEAD');
  if (heads.length === 0) {
    problems.push(p(fallbackPath, HouseholdsReason.NO_HEAD, '每户须有且只有一名户主 (a household has exactly one head)'));
  } else if (heads.length > 1) {
    const second = heads.slice(1).find((h) => h.path) ?? heads.find((h) => h.path) ?? heads[1];
    problems.push(p(second.path ? at(second.path, 'relation') : fallbackPath, HouseholdsReason.MORE_THAN_ONE_HEAD, '一户只能有一名户主 (more than one head)'));
  }
  const head = heads.length === 1 ? heads[0] : undefined;
  if (head?.sex) {
    for (const s of members.filter((m) => m.relation === 'SPOUSE')) {
      if (s.sex && s.sex === head.sex) {
        const path = s.path || head.path;
        problems.push(p(path ? at(path, s.path ? 'relation' : 'sex') : fallbackPath, HouseholdsReason.HEAD_SPOUSE_SAME_SEX, '户主与配偶性别相同 (head and spouse are of the same sex)'));
      }
    }
  }
  const seen = new Map<string, string>();
  for (const m of members) {
    if (!m.idNumber) continue;
    if (seen.has(m.idNumber)) {
      problems.push(p(m.path ? at(m.path, 'idNumber') : fallbackPath, HouseholdsReason.DUPLICATE_ID_NUMBER, '同一证件号码在本户中出现多次 (the same ID number appears twice)'));
    }
    seen.set(m.idNumber, m.path);
  }
  return problems;
}

// ---------------------------------------------------------------- households

export interface HouseholdFacts {
  primaryCause?: PovertyCause | null;
  otherCauses?: readonly PovertyCause[] | null;
  relocated?: boolean | null;
  relocationScope?: unknown;
  resettlementMode?: unknown;
  resettlementSite?: string | null;
  dilapidatedHousing?: boolean | null;
  dilapidationGrade?: unknown;
  yearRegistered?: number | null;
  exitYear?: number | null;
}

/**
 * The rules on a household's own fields: one primary cause and at most two other causes, none
 * repeated nor repeating the primary; relocation details only for a relocated household; a
 * dilapidation grade only for dilapidated housing.
 */
export function checkHousehold(h: HouseholdFacts, path: string, today: string = todayInChina()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const others = h.otherCauses ?? [];
  if (others.length > 2) problems.push(p(at(path, 'otherCauses'), HouseholdsReason.TOO_MANY_OTHER_CAUSES, '其他致贫原因最多两项 (at most two other causes)'));
  if (new Set(others).size !== others.length) problems.push(p(at(path, 'otherCauses'), HouseholdsReason.OTHER_CAUSE_REPEATED, '其他致贫原因重复 (an other cause is repeated)'));
  if (h.primaryCause && others.includes(h.primaryCause)) {
    problems.push(p(at(path, 'otherCauses'), HouseholdsReason.OTHER_CAUSE_REPEATS_PRIMARY, '其他致贫原因不能与主要致贫原因相同 (an other cause repeats the primary cause)'));
  }
  if (h.relocated !== true && (h.relocationScope != null || h.resettlementMode != null || (h.resettlementSite ?? '') !== '')) {
    problems.push(p(at(path, 'relocated'), HouseholdsReason.RELOCATION_DETAILS_WITHOUT_RELOCATION, '非易地扶贫搬迁户不能填写搬迁方式、安置方式或安置点 (relocation details need relocated = true)'));
  }
  if (h.dilapidationGrade != null && h.dilapidatedHousing !== true) {
    problems.push(p(at(path, 'dilapidationGrade'), HouseholdsReason.DILAPIDATION_GRADE_WITHOUT_DILAPIDATED_HOUSING, '非危房户不能填写危房等级 (a dilapidation grade needs dilapidated housing)'));
  }
  const thisYear = Number(today.slice(0, 4));
  if (h.yearRegistered != null && (h.yearRegistered < 2013 || h.yearRegistered > thisYear)) {
    problems.push(p(at(path, 'yearRegistered'), HouseholdsReason.YEAR_REGISTERED_RANGE, `识别年度应在 2013–${thisYear} 之间 (year registered out of range)`));
  }
  return problems;
}

// ---------------------------------------------------------------- money

/** An amount of a numeric(precision, 2) column: a Decimal string, ≥ 0, at most 2 decimals. */
export function checkAmount(value: string | null | undefined, field: string, maxIntegerDigits: number): FieldProblem[] {
  if (value == null) return [];
  if (!/^\d+(\.\d{1,2})?$/.test(value)) {
    return [p(field, HouseholdsReason.AMOUNT_FORMAT, '金额须为非负数，最多两位小数 (a non-negative amount with at most 2 decimals)')];
  }
  if (value.split('.')[0].replace(/^0+(?=\d)/, '').length > maxIntegerDigits) {
    return [p(field, HouseholdsReason.AMOUNT_TOO_LARGE, '金额过大 (amount too large)')];
  }
  return [];
}

/** Income components: amounts (numeric(12,2)); the asset-income dividend is part of property income. */
export function checkIncome(c: Partial<Record<string, string | null | undefined>> & { property?: string | null; assetIncomeDividend?: string | null }, path: string, components: readonly string[]): FieldProblem[] {
  const problems = components.flatMap((k) => checkAmount(c[k], at(path, k), 10));
  if (!problems.length && c.assetIncomeDividend != null && toCents(c.assetIncomeDividend) > toCents(c.property ?? '0')) {
    problems.push(p(at(path, 'assetIncomeDividend'), HouseholdsReason.DIVIDEND_EXCEEDS_PROPERTY_INCOME, '资产收益扶贫分红不能大于财产性收入 (the dividend is part of property income)'));
  }
  return problems;
}

// ---------------------------------------------------------------- warnings (data-quality report)

export type WarningRuleCode = 'ILLNESS_CAUSE_ALL_HEALTHY' | 'LOW_INCOME_POOR_WITHOUT_LOW_INCOME_MEMBER';

export interface WarningRule {
  code: WarningRuleCode;
  /** Why the record is suspicious, for people. */
  reason: string;
}

/** The national consistency rules that warn rather than refuse. */
export const WARNING_RULES: readonly WarningRule[] = [
  { code: 'ILLNESS_CAUSE_ALL_HEALTHY', reason: '主要致贫原因为“因病”，但家庭成员均为健康 (cause ILLNESS while every member is healthy)' },
  { code: 'LOW_INCOME_POOR_WITHOUT_LOW_INCOME_MEMBER', reason: '贫困户属性为“低保贫困户”，但无家庭成员享受低保 (LOW_INCOME_POOR with no member on 低保)' },
];

/** The warning rules one household breaks, given its current members (for row-by-row imports). */
export function warningsOf(
  h: { primaryCause: PovertyCause; attribute: HouseholdAttribute },
  members: readonly { health: readonly HealthCondition[]; lowIncomeSupport: boolean }[],
): WarningRuleCode[] {
  const out: WarningRuleCode[] = [];
  if (h.primaryCause === 'ILLNESS' && members.length > 0 && members.every((m) => m.health.length === 1 && m.health[0] === 'HEALTHY')) {
    out.push('ILLNESS_CAUSE_ALL_HEALTHY');
  }
  if (h.attribute === 'LOW_INCOME_POOR' && !members.some((m) => m.lowIncomeSupport)) out.push('LOW_INCOME_POOR_WITHOUT_LOW_INCOME_MEMBER');
  return out;
}
