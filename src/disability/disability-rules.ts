/**
 * The disability module's rules that are pure functions of their inputs (RULES.md §6): the form of
 * a second-generation certificate number, months, which amount parameter a subsidy reads and how
 * the eligibility rules' texts are read. No literal policy value: amounts, switches and the rules
 * themselves come from the parameter store.
 */
import { parseCitizenId } from '../common/identity-number/citizen-id';
import { DisabilityType } from '../households/registry-codes';
import { DisabilitySubsidyKind } from './disability.entities';

/** The seven categories in force (RULES.md §6, GB/T 26341-2010): a certificate's category must be listed. */
export const CATEGORIES_KEY = 'disability.categories';
/** 困难残疾人生活补贴 eligibility (RULE): "holder personally on 低保" (豫政〔2016〕60号), or the family (国发〔2015〕52号). */
export const LIVING_RULE_KEY = 'disability.living_subsidy_eligible';
/** 重度残疾人护理补贴 eligibility (RULE): "grade 1–2 + long-term care need". */
export const NURSING_RULE_KEY = 'disability.nursing_subsidy_eligible';
/** The nursing subsidy's grades 3–4 智力/精神 extension (declared by this module; RULES.md's note: off, unverified). */
export const NURSING_EXTENSION_KEY = 'disability.nursing_extension_grades_3_4';
/** Monthly amounts, 元/人/月 (RULES.md §6: unknown for 2018, NOT_CONFIGURED until the district enters them). */
export const AMOUNT_KEYS = {
  living: 'disability.amount.living',
  nursingGrade1: 'disability.amount.nursing_grade1',
  nursingGrade2: 'disability.amount.nursing_grade2',
  /** Grades 3–4 智力/精神 under the extension: not in RULES.md, declared by this module (NOT_CONFIGURED). */
  nursingExtension: 'disability.amount.nursing_extension',
} as const;

/** The categories the extension covers: 智力, 精神. */
export const EXTENSION_CATEGORIES: readonly DisabilityType[] = ['INTELLECTUAL', 'MENTAL'];

/** A category's name as disability.categories lists it: 视力 for 视力残疾. */
export function categoryName(category: DisabilityType): string {
  return DisabilityType.label[category].replace(/残疾$/, '');
}

/** A category's digit in the certificate number (GB/T 26341: 1 视力 … 7 多重). */
export function categoryDigit(category: DisabilityType): string {
  return DisabilityType.code[category];
}

/** What is wrong with a certificate number, or the ID number it embeds when it has the right form. */
export type CertificateNumberCheck =
  | { ok: true; idNumber: string }
  | { ok: false; problem: 'FORM' }
  | { ok: false; problem: 'ID'; message: string }
  | { ok: false; problem: 'CATEGORY'; digit: string }
  | { ok: false; problem: 'GRADE' };

/**
 * The form of a second-generation certificate number (第二代残疾人证号, 20 characters, normalised
 * first): the holder's 18-character ID number (valid by GB 11643: region, birth date, check
 * character), then the category's digit (1–7), then the grade's digit (1–4), both matching the
 * certificate's category and grade. Whether the ID number is the member's is checked by the
 * caller, by blind index.
 */
export function checkCertificateNumber(normalized: string, category: DisabilityType, grade: number): CertificateNumberCheck {
  if (!/^\d{17}[\dX][1-7][1-4]$/.test(normalized)) return { ok: false, problem: 'FORM' };
  const id = parseCitizenId(normalized.slice(0, 18));
  if (!id.ok) return { ok: false, problem: 'ID', message: id.message };
  if (normalized[18] !== categoryDigit(category)) return { ok: false, problem: 'CATEGORY', digit: categoryDigit(category) };
  if (normalized[19] !== String(grade)) return { ok: false, problem: 'GRADE' };
  return { ok: true, idNumber: id.value };
}

/** A month (YYYY-MM) and its first and last day: the kit's (src/common/dates/local-date.ts). */
export { MONTH, monthBounds } from '../common/dates/local-date';

/** The month (YYYY-MM) of a stored first day. */
export function monthOf(firstDay: string): string {
  return firstDay.slice(0, 7);
}

/**
 * The amount parameter a month of a subsidy reads for a certificate's grade: the living amount;
 * the nursing amount of grade 1 or 2; for grades 3–4 (the extension, which RULES.md gives no
 * amount) the module's declared disability.amount.nursing_extension.
 */
export function amountKeyOf(kind: DisabilitySubsidyKind, grade: number): string {
  if (kind === DisabilitySubsidyKind.LIVING) return AMOUNT_KEYS.living;
  if (grade === 1) return AMOUNT_KEYS.nursingGrade1;
  if (grade === 2) return AMOUNT_KEYS.nursingGrade2;
  return AMOUNT_KEYS.nursingExtension;
}

/** Whose 低保 the living subsidy asks for: the holder's own (PERSON) or anyone's of the household (FAMILY). */
export type LivingScope = 'PERSON' | 'FAMILY';

const ruleText = (value: unknown): string | null => {
  const text = value && typeof value === 'object' ? (value as { text?: unknown }).text : undefined;
  return typeof text === 'string' ? text : null;
};

/**
 * disability.living_subsidy_eligible read: "holder personally on 低保" (Henan) is PERSON; a text
 * naming the family (国发〔2015〕52号: 低保家庭) is FAMILY; anything else null (SUBSIDY_RULE_UNREADABLE).
 */
export function livingScopeOf(value: unknown): LivingScope | null {
  const text = ruleText(value);
  if (!text || !/低保/.test(text)) return null;
  if (/personally|本人/i.test(text)) return 'PERSON';
  if (/family|household|家庭/i.test(text)) return 'FAMILY';
  return null;
}

/** The nursing rule as read: the most severe grades covered (1 to maxGrade) and whether a long-term care need is required. */
export interface NursingRule {
  maxGrade: number;
  needsLongTermCare: boolean;
}

/** disability.nursing_subsidy_eligible read: "grade 1–2 + long-term care need" → { maxGrade 2, needsLongTermCare }; null when unreadable. */
export function nursingRuleOf(value: unknown): NursingRule | null {
  const text = ruleText(value);
  if (!text) return null;
  const m = /grades?\s*1\s*[–-]\s*([1-4])/i.exec(text) ?? /([一二三四1-4])\s*级/.exec(text);
  if (!m) return null;
  const maxGrade = Number('一二三四'.includes(m[1]) ? '一二三四'.indexOf(m[1]) + 1 : m[1]);
  return { maxGrade, needsLongTermCare: /long-term care|长期照护|护理需求/i.test(text) };
}
