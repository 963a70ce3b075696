import { ageOn, isLocalDate } from '../common/dates/local-date';
import { fromCents, isStoredAmount, toCents } from '../common/money/money';
import { ChildRehabAidStatus, DisabilityCareMode, DisabilityServiceKind } from './services.entities';

/** RULES.md §6: the services listed (精准康复; 无障碍改造; 集中托养/社会化照料; 资产收益). */
export const SERVICES_KEY = 'disability.services';
/** RULES.md §6: the national children's rehabilitation aid (残疾儿童康复救助制度), true from 2018-10-01. */
export const CHILD_REHAB_AID_KEY = 'disability.child_rehab_aid';
/** Declared by the module: the age bound of the children's aid (RULES.md gives none). */
export const CHILD_REHAB_AID_MAX_AGE_KEY = 'disability.child_rehab_aid_max_age';

/**
 * The item of disability.services a kind of service falls under. Assistive devices (辅助器具适配)
 * are one of the basic services of 精准康复 (the national 残疾人精准康复服务行动), so they are
 * read against 精准康复; both modes of care against 集中托养/社会化照料.
 */
export const SERVICE_LIST_ITEM: Readonly<Record<DisabilityServiceKind, string>> = {
  [DisabilityServiceKind.REHABILITATION]: '精准康复',
  [DisabilityServiceKind.ASSISTIVE_DEVICE]: '精准康复',
  [DisabilityServiceKind.HOME_ADAPTATION]: '无障碍改造',
  [DisabilityServiceKind.CARE]: '集中托养/社会化照料',
};

/**
 * A rehabilitation service's place in the children's aid: not a rehabilitation service → null;
 * the aid not in force (or false) on the day → NOT_IN_FORCE; no age bound configured →
 * NOT_CONFIGURED (never a guessed bound); otherwise AIDED when the member's age in full years
 * on the day is at most the bound, NOT_CHILD above it.
 */
export function childRehabAidOf(input: { kind: DisabilityServiceKind; birthDate: string; deliveredOn: string; aidInForce: boolean; maxAge: number | null }): ChildRehabAidStatus | null {
  if (input.kind !== DisabilityServiceKind.REHABILITATION) return null;
  if (!input.aidInForce) return ChildRehabAidStatus.NOT_IN_FORCE;
  if (input.maxAge === null) return ChildRehabAidStatus.NOT_CONFIGURED;
  return ageOn(input.birthDate, input.deliveredOn) <= input.maxAge ? ChildRehabAidStatus.AIDED : ChildRehabAidStatus.NOT_CHILD;
}

/** An amount of a service: not negative, at most 2 decimals; normalised ("12.5" → "12.50"), or null when it is not one. */
export function serviceAmount(text: string | null | undefined): string | null {
  const t = String(text ?? '').trim();
  return isStoredAmount(t) ? fromCents(toCents(t)) : null;
}

/** The kind-specific detail of a delivered service, as the API takes it (one of them, the kind's). */
export interface ServiceDetailInput {
  rehabilitation?: { programme: string; sessions: number } | null;
  device?: { deviceType: string; quantity: number } | null;
  adaptation?: { items: string; completedOn: string; acceptedOn?: string | null } | null;
  care?: { mode: DisabilityCareMode; institution: string; periodStart: string; periodEnd?: string | null } | null;
}

/** The detail's columns (the others null). */
export interface ServiceDetailColumns {
  programme: string | null;
  sessions: number | null;
  deviceType: string | null;
  quantity: number | null;
  adaptationItems: string | null;
  completedOn: string | null;
  acceptedOn: string | null;
  careMode: DisabilityCareMode | null;
  institution: string | null;
  periodStart: string | null;
  periodEnd: string | null;
}

/** A problem of a service's detail: which field, and whether a value, a period or the detail's kind. */
export interface DetailProblem {
  field: string;
  problem: 'DETAIL_MISMATCH' | 'INVALID_VALUE' | 'INVALID_PERIOD';
  message: string;
}

const DETAIL_FIELD: Readonly<Record<DisabilityServiceKind, keyof ServiceDetailInput>> = {
  [DisabilityServiceKind.REHABILITATION]: 'rehabilitation',
  [DisabilityServiceKind.ASSISTIVE_DEVICE]: 'device',
  [DisabilityServiceKind.HOME_ADAPTATION]: 'adaptation',
  [DisabilityServiceKind.CARE]: 'care',
};

/**
 * Checks a service's detail against its kind: exactly the kind's detail is given (DETAIL_MISMATCH
 * on the missing or extra one); texts non-empty and bounded; sessions and quantity at least 1;
 * days valid, an acceptance not before the completion, a care period's end not before its start.
 */
export function checkServiceDetail(kind: DisabilityServiceKind, input: ServiceDetailInput, prefix = 'input'): { ok: true; columns: ServiceDetailColumns } | { ok: false; problem: DetailProblem } {
  const own = DETAIL_FIELD[kind];
  const given = (key: keyof ServiceDetailInput) => input[key] !== undefined && input[key] !== null;
  if (!given(own)) return fail(`${prefix}.${own}`, 'DETAIL_MISMATCH', `该类服务须填写 ${own} (a ${kind} service needs its ${own} detail)`);
  const extra = Object.values(DETAIL_FIELD).find((key) => key !== own && given(key));
  if (extra) return fail(`${prefix}.${extra}`, 'DETAIL_MISMATCH', `该类服务不填写 ${extra} (a ${kind} service takes only its own detail)`);
  const columns: ServiceDetailColumns = { programme: null, sessions: null, deviceType: null, quantity: null, adaptationItems: null, completedOn: null, acceptedOn: null, careMode: null, institution: null, periodStart: null, periodEnd: null };
  const f = `${prefix}.${own}`;
  if (kind === DisabilityServiceKind.REHABILITATION) {
    const d = input.rehabilitation!;
    const programme = text(d.programme, 200);
    if (programme === null) return fail(`${f}.programme`, 'INVALID_VALUE', '康复项目不能为空，最多 200 字 (required, at most 200 characters)');
    if (!Number.isInteger(d.sessions) || d.sessions < 1) return fail(`${f}.sessions`, 'INVALID_VALUE', '康复次数至少为 1 (at least one session)');
    return { ok: true, columns: { ...columns, programme, sessions: d.sessions } };
  }
  if (kind === DisabilityServiceKind.ASSISTIVE_DEVICE) {
    const d = input.device!;
    const deviceType = text(d.deviceType, 100);
    if (deviceType === null) return fail(`${f}.deviceType`, 'INVALID_VALUE', '辅助器具类型不能为空，最多 100 字 (required, at most 100 characters)');
    if (!Number.isInteger(d.quantity) || d.quantity < 1) return fail(`${f}.quantity`, 'INVALID_VALUE', '数量至少为 1 (a quantity of at least 1)');
    return { ok: true, columns: { ...columns, deviceType, quantity: d.quantity } };
  }
  if (kind === DisabilityServiceKind.HOME_ADAPTATION) {
    const d = input.adaptation!;
    const items = text(d.items, 500);
    if (items === null) return fail(`${f}.items`, 'INVALID_VALUE', '改造项目不能为空，最多 500 字 (required, at most 500 characters)');
    if (!isLocalDate(d.completedOn)) return fail(`${f}.completedOn`, 'INVALID_VALUE', '日期格式应为 YYYY-MM-DD (a date)');
    const acceptedOn = d.acceptedOn ?? null;
    if (acceptedOn !== null && !isLocalDate(acceptedOn)) return fail(`${f}.acceptedOn`, 'INVALID_VALUE', '日期格式应为 YYYY-MM-DD (a date)');
    if (acceptedOn !== null && acceptedOn < d.completedOn) return fail(`${f}.acceptedOn`, 'INVALID_PERIOD', '验收日期不能早于完工日期 (accepted before completed)');
    return { ok: true, columns: { ...columns, adaptationItems: items, completedOn: d.completedOn, acceptedOn } };
  }
  const d = input.care!;
  const institution = text(d.institution, 200);
  if (institution === null) return fail(`${f}.institution`, 'INVALID_VALUE', '托养机构不能为空，最多 200 字 (required, at most 200 characters)');
  if (!isLocalDate(d.periodStart)) return fail(`${f}.periodStart`, 'INVALID_VALUE', '日期格式应为 YYYY-MM-DD (a date)');
  const periodEnd = d.periodEnd ?? null;
  if (periodEnd !== null && !isLocalDate(periodEnd)) return fail(`${f}.periodEnd`, 'INVALID_VALUE', '日期格式应为 YYYY-MM-DD (a date)');
  if (periodEnd !== null && periodEnd < d.periodStart) return fail(`${f}.periodEnd`, 'INVALID_PERIOD', '托养结束日期不能早于开始日期 (the period ends before it starts)');
  return { ok: true, columns: { ...columns, careMode: d.mode, institution, periodStart: d.periodStart, periodEnd } };
}

function text(value: string | null | undefined, max: number): string | null {
  const t = (value ?? '').trim();
  return t && t.length <= max ? t : null;
}

function fail(field: string, problem: DetailProblem['problem'], message: string): { ok: false; problem: DetailProblem } {
  return { ok: false, problem: { field, problem, message } };
}
