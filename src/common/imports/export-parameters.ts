/**
 * Query parameters a kind's export declares besides the ones every export takes (format,
 * regionCode, encoding, of): a report exported as of a date takes its year, date and grouping
 * (GET /exchange/exports/fund-execution-report?year=2018&asOf=2018-06-30&by=TOWN). The export
 * route validates them here, each bad one a coded error naming the parameter, before the audit
 * row and the first byte; the page reads the parsed values from KindExportFilter.params.
 */
import { AppError } from '../errors/app-error';
import { CommonReason } from '../errors/reasons';
import { isLocalDate } from '../dates/local-date';

interface ParameterBase {
  /** The query parameter's name (camelCase, as GraphQL's arguments). */
  readonly name: string;
  /** What it means, for the error and the docs. */
  readonly description: string;
  /** Required (a missing one is INVALID_VALUE naming it); otherwise absent from params when not given. */
  readonly required?: boolean;
}

/** An integer within bounds (a year). */
export interface IntParameter extends ParameterBase {
  readonly type: 'int';
  readonly min: number;
  readonly max: number;
}

/** A calendar date YYYY-MM-DD (INVALID_DATE otherwise). */
export interface DateParameter extends ParameterBase {
  readonly type: 'date';
}

/** One of listed values (an enum's names; matched case-insensitively, answered as listed). */
export interface OptionParameter extends ParameterBase {
  readonly type: 'option';
  readonly values: readonly string[];
  /** The value when not given. */
  readonly default?: string;
}

export type KindExportParameter = IntParameter | DateParameter | OptionParameter;

/** The parsed values by name: numbers for `int`, text for `date` and `option`. */
export type KindExportParams = Readonly<Record<string, string | number>>;

const bad = (field: string, reason: typeof CommonReason.INVALID_VALUE, message: string) => AppError.badInput([{ field, reason, message }]);

/** One parameter's value from its raw query text (undefined: not given and no default). Throws a coded error naming it. */
function parseOne(p: KindExportParameter, raw: unknown): string | number | undefined {
  const given = typeof raw === 'string' ? raw.trim() : raw;
  if (given === undefined || given === '') {
    if (p.type === 'option' && p.default !== undefined) return p.default;
    if (p.required) throw bad(p.name, CommonReason.INVALID_VALUE, `缺少参数 ${p.name} (required: ${p.description})`);
    return undefined;
  }
  if (typeof given !== 'string') throw bad(p.name, CommonReason.INVALID_VALUE, `参数 ${p.name} 只能给一次 (give ${p.name} once)`);
  switch (p.type) {
    case 'int': {
      const n = /^-?\d{1,9}$/.test(given) ? Number(given) : NaN;
      if (!Number.isInteger(n) || n < p.min || n > p.max) throw bad(p.name, CommonReason.INVALID_VALUE, `参数 ${p.name} 应为 ${p.min} 至 ${p.max} 的整数 (${p.description})`);
      return n;
    }
    case 'date':
      if (!isLocalDate(given)) throw bad(p.name, CommonReason.INVALID_DATE, `参数 ${p.name} 的日期格式应为 YYYY-MM-DD (${p.description})`);
      return given;
    case 'option': {
      const v = p.values.find((x) => x.toUpperCase() === given.toUpperCase());
      if (v === undefined) throw bad(p.name, CommonReason.INVALID_VALUE, `参数 ${p.name} 应为 ${p.values.join('/')} 之一 (${p.description})`);
      return v;
    }
  }
}

/** The declared parameters' values from a query (other keys are not looked at); the first bad one throws. */
export function parseExportParameters(declared: readonly KindExportParameter[], query: Readonly<Record<string, unknown>>): KindExportParams {
  const out: Record<string, string | number> = {};
  for (const p of declared) {
    const v = parseOne(p, query[p.name]);
    if (v !== undefined) out[p.name] = v;
  }
  return out;
}
