/**
 * Typed values of policy parameters: checking an entered value against the key's type (the text
 * form a client sends), and the canonical text form of a stored value (GraphQL, CSV export).
 * Money and ratios stay decimal strings end to end: never a float.
 */
import { isLocalDate } from '../common/dates/local-date';
import { FieldProblem } from '../common/errors/app-error';
import { CommonReason, ErrorReason } from '../common/errors/reasons';
import { ParameterType } from './parameter-types';
import { ParametersReason } from './parameters.errors';

const AMOUNT = /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/;
const DECIMAL = /^(0|[1-9]\d{0,5})(\.\d{1,6})?$/;
const INTEGER = /^(0|[1-9]\d{0,8})$/;


function ratioInRange(s: string): boolean {
  return DECIMAL.test(s) && Number(s) >= 0 && Number(s) <= 1;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The stored (jsonb) value of `text` for a parameter of `type`, or the problem with it. */
export function parseValue(type: ParameterType, text: string, field: string): { value: unknown } | { problem: FieldProblem } {
  const bad = (message: string, reason: ErrorReason = CommonReason.INVALID_VALUE) => ({ problem: { field, reason, message } });
  const t = text.trim();
  switch (type) {
    case ParameterType.AMOUNT:
      return AMOUNT.test(t) ? { value: addCents(t) } : bad('金额应为非负十进制数，最多两位小数，如 "2995.00" (an amount, e.g. "2995.00")');
    case ParameterType.INTEGER:
      return INTEGER.test(t) ? { value: Number(t) } : bad('应为非负整数 (a whole number)');
    case ParameterType.DAYS:
    case ParameterType.WORKING_DAYS:
      return INTEGER.test(t) && Number(t) >= 1 && Number(t) <= 3660 ? { value: Number(t) } : bad('天数应为 1–3660 的整数 (a whole number of days, at least 1)');
    case ParameterType.RATIO:
      if (!DECIMAL.test(t)) return bad('比例应为十进制数，如 "0.92" (a decimal ratio, e.g. "0.92")');
      return ratioInRange(t) ? { value: t } : bad('比例应在 0 到 1 之间 (a ratio lies between 0 and 1)', ParametersReason.RATIO_OUT_OF_RANGE);
    case ParameterType.FACTOR:
      return DECIMAL.test(t) && Number(t) > 0 ? { value: t } : bad('系数应为正的十进制数，如 "1.3" (a positive decimal, e.g. "1.3")');
    case ParameterType.BOOLEAN:
      return t === 'true' || t === 'false' ? { value: t === 'true' } : bad('应为 true 或 false (true or false)');
    case ParameterType.DATE:
      return isLocalDate(t) ? { value: t } : bad('日期格式应为 YYYY-MM-DD (a date, YYYY-MM-DD)');
    case ParameterType.CODE:
      return t && t.length <= 200 ? { value: t } : bad('应为 1–200 字的代码或词 (a code of 1–200 characters)');
    case ParameterType.CODE_LIST: {
      const v = json(t);
      const ok = Array.isArray(v) && v.length > 0 && v.length <= 100 && v.every((i) => typeof i === 'string' && i.trim() && i.length <= 200);
      return ok ? { value: (v as string[]).map((i) => i.trim()) } : bad('应为非空字符串的 JSON 数组，如 ["a","b"] (a JSON array of codes)');
    }
    case ParameterType.RATIOS: {
      const v = json(t);
      const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : null;
      if (!items || !items.length || !items.every((i) => typeof i === 'string' && DECIMAL.test(i))) {
        return bad('应为十进制字符串的 JSON 数组或对象，如 {"a":"0.40"} (a JSON array or object of decimal strings)');
      }
      return items.every((i) => ratioInRange(i as string)) ? { value: v } : bad('比例应在 0 到 1 之间 (each ratio lies between 0 and 1)', ParametersReason.RATIO_OUT_OF_RANGE);
    }
    case ParameterType.RULE: {
      const v = json(t);
      const ok = v && typeof v === 'object' && !Array.isArray(v) && t.length <= 4000;
      return ok ? { value: v } : bad('规则应为 JSON 对象，如 {"text":"…"} (a JSON object of at most 4000 characters)');
    }
  }
}

/** "2995" → "2995.00", "2995.5" → "2995.50". */
function addCents(t: string): string {
  const [whole, cents = ''] = t.split('.');
  return `${whole}.${cents.padEnd(2, '0')}`;
}

/** The canonical text of a stored value (null when not configured). */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * How RULES.md marks a list it knows only in part ("识别不精准; …; …": the rest unknown), kept as
 * the list's last value by the seed: never a code itself.
 */
export const INCOMPLETE_LIST_MARK = '…';

/** The codes of a code list and whether it is known only in part (`INCOMPLETE_LIST_MARK`). */
export function listedCodes(value: readonly string[]): { codes: string[]; incomplete: boolean } {
  const codes = value.filter((c) => c !== INCOMPLETE_LIST_MARK);
  return { codes, incomplete: codes.length !== value.length };
}
