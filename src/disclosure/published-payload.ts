/**
 * What a notice publishes, and nothing else: the content a kind allows (an allow-list per kind,
 * checked when a draft is written and again when it is published), names of household heads
 * masked (张*三), the rendered text, and the SHA-256 of the payload's canonical JSON (RFC 8785,
 * the `canonicalize` package), which anyone can recompute from what `GET /public/notices/{id}`
 * answers. Pure functions: the service decides when they run.
 */
import { chinaDateTime } from '../common/dates/local-date';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { FieldProblem } from '../common/errors/app-error';
import { maskNameForNotice } from '../common/crypto/mask';
import { DisclosureReason } from './disclosure.errors';
import { NOTICE_KIND_LABELS, NoticeChannel, NoticeKind, PeriodUnit } from './disclosure.enums';

/** The longest text of one content field, and of a notice's rendered text fields (the column's shape, not a policy). */
export const MAX_FIELD_CHARS = 2000;
/** Rows of one list (allocations, projects, households, items). */
export const MAX_ROWS = 500;

export interface AllocationRow { regionCode?: string | null; recipient?: string | null; purpose?: string | null; amount?: string | null }
export interface ProjectRow { name?: string | null; regionCode?: string | null; projectType?: string | null; budget?: string | null; status?: string | null; beneficiaryHouseholds?: number | null }
export interface HouseholdRow { headName?: string | null; regionCode?: string | null; size?: number | null; note?: string | null }
export interface ItemRow { label?: string | null; value?: string | null }

/** The structured content of a notice, as entered (every field optional here; the kind decides). */
export interface NoticeContent {
  title?: string | null;
  summary?: string | null;
  responsibleUnit?: string | null;
  documentNumber?: string | null;
  /** The date the allocation (or decision) was issued: the working-day deadline counts from it. */
  issuedOn?: string | null;
  year?: number | null;
  amount?: string | null;
  fundLevel?: string | null;
  fundChannel?: string | null;
  allocations?: AllocationRow[] | null;
  projects?: ProjectRow[] | null;
  households?: HouseholdRow[] | null;
  items?: ItemRow[] | null;
}

type Field = keyof NoticeContent;
interface KindRule { required: readonly Field[]; allowed: readonly Field[] }

const COMMON: readonly Field[] = ['title', 'summary', 'responsibleUnit', 'documentNumber', 'year', 'items'];
const COMMON_REQUIRED: readonly Field[] = ['title', 'responsibleUnit'];
const FUNDS: readonly Field[] = ['issuedOn', 'amount', 'fundLevel', 'fundChannel', 'allocations'];

/** The allow-list of each kind: what it may publish, and what it must. */
export const KIND_RULES: Record<NoticeKind, KindRule> = {
  FUND_ALLOCATION: { required: [...COMMON_REQUIRED, 'issuedOn', 'amount', 'allocations'], allowed: [...COMMON, ...FUNDS] },
  POVERTY_LOANS: { required: [...COMMON_REQUIRED, 'amount'], allowed: [...COMMON, 'issuedOn', 'amount'] },
  SECTOR_AND_COOPERATION_FUNDS: { required: [...COMMON_REQUIRED, 'amount'], allowed: [...COMMON, ...FUNDS] },
  POVERTY_PLAN: { required: COMMON_REQUIRED, allowed: [...COMMON, 'projects'] },
  COUNTY_PROJECT_LIBRARY: { required: [...COMMON_REQUIRED, 'projects'], allowed: [...COMMON, 'projects'] },
  ANNUAL_PLAN: { required: COMMON_REQUIRED, allowed: [...COMMON, 'amount', 'projects'] },
  PLAN_COMPLETION: { required: COMMON_REQUIRED, allowed: [...COMMON, 'amount', 'projects'] },
  PROJECT_IMPLEMENTATION: { required: [...COMMON_REQUIRED, 'projects'], allowed: [...COMMON, 'amount', 'projects'] },
  COMPLAINTS_HANDLING: { required: COMMON_REQUIRED, allowed: COMMON },
  REGISTRY_EXIT: { required: [...COMMON_REQUIRED, 'households'], allowed: [...COMMON, 'households'] },
  PROJECT_LIBRARY: { required: [...COMMON_REQUIRED, 'projects'], allowed: [...COMMON, 'projects'] },
};

/** The columns of each list's rows, in order; the list's required columns. */
const ROWS = {
  allocations: { columns: ['regionCode', 'recipient', 'purpose', 'amount'], required: ['recipient', 'amount'] },
  projects: { columns: ['name', 'regionCode', 'projectType', 'budget', 'status', 'beneficiaryHouseholds'], required: ['name'] },
  households: { columns: ['headName', 'regionCode', 'size', 'note'], required: ['headName', 'regionCode'] },
  items: { columns: ['label', 'value'], required: ['label', 'value'] },
} as const;
type ListField = keyof typeof ROWS;
const LISTS = Object.keys(ROWS) as ListField[];

const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^\d{12}$/;

/**
 * Strings that look like personal data: an ID number (18 characters, or the old 15 digits), a
 * mobile or landline number, a bank card or account (16–19 digits, also in groups). Division
 * codes (12 digits) and amounts do not match.
 */
const PERSONAL_DATA_PATTERNS: readonly { what: string; re: RegExp }[] = [
  { what: 'ID number', re: /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])|(?<!\d)\d{15}(?!\d)/ },
  { what: 'mobile number', re: /(?<!\d)(\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/ },
  { what: 'landline number', re: /(?<!\d)0\d{2,3}[\s-]\d{7,8}(?!\d)/ },
  { what: 'card or account number', re: /(?<!\d)\d{16,19}(?!\d)|(?<!\d)\d{4}([\s-]\d{4}){3}([\s-]?\d{1,3})?(?!\d)/ },
];

/**
 * A UUID (a notice's or a subject's id): its groups of digits can read as a card number by
 * chance (…-1234-4567-8901-2345678a…, about 1 in 300 random ids), so they are blanked out first.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The first kind of personal data a text looks like it holds, or null. */
export function personalDataIn(text: string): string | null {
  const scanned = text.replace(UUID, ' ');
  for (const p of PERSONAL_DATA_PATTERNS) if (p.re.test(scanned)) return p.what;
  return null;
}

/** Every string in a JSON value with its path, for the scan of published payloads. */
export function stringsOf(value: unknown, path = '$'): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (typeof value === 'number') return [{ path, text: String(value) }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringsOf(v, `${path}.${k}`));
  return [];
}

/** A SHA-256 in hex (a version's hash): digits by chance, never personal data. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The paths of a payload's values that look like personal data (the published-payload scan; an
 * answer that carries hashes beside payloads may be scanned whole: a hash is skipped).
 */
export function personalDataPaths(payload: unknown): { path: string; what: string }[] {
  return stringsOf(payload).flatMap(({ path, text }) => {
    if (SHA256_HEX.test(text)) return [];
    const what = personalDataIn(text);
    return what ? [{ path, what }] : [];
  });
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Checks content against its kind: fields the kind does not allow, shapes (money, dates, codes),
 * lengths, and personal-data-like text. With `forPublish`, also the required fields. Problems name
 * the field as `input.content.<path>`.
 */
export function contentProblems(kind: NoticeKind, content: NoticeContent, forPublish: boolean, base = 'input.content'): FieldProblem[] {
  const rule = KIND_RULES[kind];
  const problems: FieldProblem[] = [];
  const c = content as Record<string, unknown>;
  for (const [key, value] of Object.entries(c)) {
    if (isBlank(value)) continue;
    if (!rule.allowed.includes(key as Field)) {
      problems.push({ field: `${base}.${key}`, reason: DisclosureReason.NOTICE_FIELD_NOT_ALLOWED, message: `${NOTICE_KIND_LABELS[kind]}不公开此项 (not published for ${kind})` });
    }
  }
  if (forPublish) {
    for (const key of rule.required) {
      if (isBlank(c[key])) problems.push({ field: `${base}.${key}`, reason: DisclosureReason.NOTICE_FIELD_REQUIRED, message: '发布前必须填写 (required to publish)' });
    }
  }
  const text = (field: string, v: unknown) => {
    if (typeof v !== 'string' || v === '') return;
    if ([...v].length > MAX_FIELD_CHARS) {
      problems.push({ field, reason: DisclosureReason.NOTICE_TEXT_TOO_LONG, message: `最多 ${MAX_FIELD_CHARS} 个字符 (too long)` });
      return;
    }
    const what = personalDataIn(v);
    if (what) problems.push({ field, reason: DisclosureReason.NOTICE_PERSONAL_DATA, message: `疑似个人信息（${what}），不得公开 (looks like personal data)` });
  };
  const shaped = (field: string, v: unknown, re: RegExp, what: string) => {
    if (isBlank(v)) return;
    if (typeof v !== 'string' || !re.test(v)) problems.push({ field, reason: DisclosureReason.NOTICE_FIELD_REQUIRED, message: `格式应为${what} (invalid)` });
  };
  for (const key of ['title', 'summary', 'responsibleUnit', 'documentNumber', 'fundLevel', 'fundChannel'] as const) text(`${base}.${key}`, c[key]);
  shaped(`${base}.issuedOn`, c.issuedOn, DATE, ' YYYY-MM-DD');
  shaped(`${base}.amount`, c.amount, MONEY, '金额（元，最多两位小数）');
  for (const list of LISTS) {
    const rows = c[list];
    if (isBlank(rows) || !Array.isArray(rows)) continue;
    if (rows.length > MAX_ROWS) {
      problems.push({ field: `${base}.${list}`, reason: DisclosureReason.NOTICE_TEXT_TOO_LONG, message: `最多 ${MAX_ROWS} 行 (too many rows)` });
      continue;
    }
    rows.forEach((row: Record<string, unknown>, i) => {
      const at = `${base}.${list}.${i}`;
      for (const col of ROWS[list].required) {
        if (forPublish && isBlank(row[col])) problems.push({ field: `${at}.${col}`, reason: DisclosureReason.NOTICE_FIELD_REQUIRED, message: '发布前必须填写 (required to publish)' });
      }
      for (const [col, v] of Object.entries(row)) {
        if (col === 'regionCode') shaped(`${at}.${col}`, v, REGION, '12 位区划代码');
        else if (col === 'amount' || col === 'budget') shaped(`${at}.${col}`, v, MONEY, '金额（元，最多两位小数）');
        else if (typeof v === 'string') text(`${at}.${col}`, v);
      }
    });
  }
  return problems;
}

/** Keeps what the kind allows, each list's declared columns only, blanks dropped: the stored content. */
export function allowedContent(kind: NoticeKind, content: NoticeContent): NoticeContent {
  const rule = KIND_RULES[kind];
  const out: Record<string, unknown> = {};
  for (const key of rule.allowed) {
    const v = (content as Record<string, unknown>)[key];
    if (isBlank(v)) continue;
    if ((LISTS as string[]).includes(key)) {
      const columns = ROWS[key as ListField].columns as readonly string[];
      out[key] = (v as Record<string, unknown>[]).map((row) => Object.fromEntries(columns.filter((col) => !isBlank(row[col])).map((col) => [col, trimmed(row[col])])));
    } else {
      out[key] = trimmed(v);
    }
  }
  return out as NoticeContent;
}

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

/** What the payload says of the notice besides its content. */
export interface PayloadFacts {
  noticeId: string;
  version: number;
  kind: NoticeKind;
  regionCode: string;
  subjectType: string;
  subjectId: string;
  channels: readonly NoticeChannel[];
  period: { startsOn: string; endsOn: string; length: number; unit: PeriodUnit };
  publishedAt: string;
  replaces: { version: number; reason: string } | null;
}

/** The identifier of the payload's shape: a verifier knows what it reads. */
export const PAYLOAD_SCHEMA = 'jzfp.disclosure.notice/1';

/**
 * The published payload: the facts and the allow-listed content, household heads' names masked.
 * Only strings, integers, arrays and objects (no floats), so its canonical JSON is the same
 * whichever tool re-serialises it.
 */
export function buildPayload(facts: PayloadFacts, content: NoticeContent): Record<string, unknown> {
  const c = allowedContent(facts.kind, content);
  if (c.households) c.households = c.households.map((h) => ({ ...h, headName: maskNameForNotice(h.headName) }));
  return {
    schema: PAYLOAD_SCHEMA,
    noticeId: facts.noticeId,
    version: facts.version,
    kind: facts.kind,
    kindLabel: NOTICE_KIND_LABELS[facts.kind],
    regionCode: facts.regionCode,
    subject: { type: facts.subjectType, id: facts.subjectId },
    channels: [...facts.channels],
    period: { ...facts.period },
    publishedAt: facts.publishedAt,
    replaces: facts.replaces,
    content: c,
  };
}

/** SHA-256 (hex) of the canonical JSON (RFC 8785) of a payload. */
export function payloadHash(payload: unknown): string {
  const text = canonicalize(payload);
  if (text === undefined) throw new Error('payload has no JSON form');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const LIST_LABELS: Record<ListField, string> = { allocations: '分配明细', projects: '项目', households: '名单', items: '事项' };
const COLUMN_LABELS: Record<string, string> = {
  regionCode: '区划', recipient: '对象', purpose: '用途', amount: '金额（元）', name: '名称', projectType: '类型', budget: '预算（元）',
  status: '状态', beneficiaryHouseholds: '受益户数', headName: '户主', size: '人口', note: '说明', label: '事项', value: '内容',
};

/** The text a board shows, rendered from the payload (so it never shows more than the payload). */
export function renderText(payload: Record<string, unknown>): string {
  const c = payload.content as NoticeContent & Record<string, unknown>;
  const period = payload.period as PayloadFacts['period'];
  const lines = [`【${payload.kindLabel as string}】${c.title ?? ''}`];
  if (c.documentNumber) lines.push(`文号：${c.documentNumber}`);
  if (c.summary) lines.push(c.summary);
  if (c.year) lines.push(`年度：${c.year}`);
  if (c.issuedOn) lines.push(`下达日期：${c.issuedOn}`);
  if (c.amount) lines.push(`金额：${c.amount} 元`);
  if (c.fundLevel || c.fundChannel) lines.push(`资金：${[c.fundLevel, c.fundChannel].filter(Boolean).join(' ')}`);
  for (const list of LISTS) {
    const rows = c[list] as Record<string, unknown>[] | undefined;
    if (!rows?.length) continue;
    lines.push(`${LIST_LABELS[list]}：`);
    rows.forEach((row, i) => lines.push(`${i + 1}. ${Object.entries(row).map(([k, v]) => `${COLUMN_LABELS[k] ?? k}：${String(v)}`).join('；')}`));
  }
  lines.push(`公示期：${period.startsOn} 至 ${period.endsOn}`);
  if (c.responsibleUnit) lines.push(`责任单位：${c.responsibleUnit}`);
  const replaces = payload.replaces as PayloadFacts['replaces'];
  if (replaces) lines.push(`本版本更正第 ${replaces.version} 版：${replaces.reason}`);
  lines.push(`第 ${payload.version as number} 版，发布于 ${chinaDateTime(payload.publishedAt as string)}`);
  return lines.join('\n');
}
