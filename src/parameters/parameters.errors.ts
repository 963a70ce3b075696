import { AppError, FieldProblem } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes this module answers with (`extensions.reason`). */
export const ParametersReason = defineReasons('parameters', [
  'UNKNOWN_KEY',
  'WRONG_TYPE',
  'WRONG_UNIT',
  'RATIO_OUT_OF_RANGE',
  'PERIOD_REVERSED',
  'PERIOD_OVERLAP',
  'SCOPE_NEEDS_PROVINCE_ROLE',
  'VERSION_NOT_CURRENT',
  'CALENDAR_DAY_INVALID',
  'CODE_NOT_LISTED',
  'PARAMETER_NOT_CONFIGURED',
]);

export const ParametersErrors = {
  invalid: (problems: FieldProblem[]) => AppError.badInput(problems),
  notConfigured: (key: string, asOf: string, regionCode: string, field: string) => {
    const message = `政策参数 ${key} 在 ${asOf} 对该区划未配置 (not configured)`;
    return new AppError('BAD_USER_INPUT', message, {
      reason: ParametersReason.PARAMETER_NOT_CONFIGURED,
      problems: [{ field, reason: ParametersReason.PARAMETER_NOT_CONFIGURED, message }],
      details: { key, asOf, regionCode },
    });
  },
  /** `incomplete`: the list is known only in part (it ends with `INCOMPLETE_LIST_MARK`): the code may exist, unlisted. */
  codeNotListed: (key: string, code: string, listed: readonly string[], field: string, incomplete = false) => {
    const message = incomplete
      ? `“${code}”不在政策参数 ${key} 已知的代码中（该代码表不完整）(not a listed code of ${key}; the list is known only in part)`
      : `“${code}”不在政策参数 ${key} 的代码表中 (not a code of ${key})`;
    return new AppError('BAD_USER_INPUT', message, {
      reason: ParametersReason.CODE_NOT_LISTED,
      problems: [{ field, reason: ParametersReason.CODE_NOT_LISTED, message }],
      details: incomplete ? { key, listed, incomplete } : { key, listed },
    });
  },
  unknownKey: (key: string, field: string) =>
    AppError.badInput([{ field, reason: ParametersReason.UNKNOWN_KEY, message: `参数 ${key} 不存在 (unknown parameter key)` }]),
  regionNotFound: (code: string, field: string) =>
    new AppError('NOT_FOUND', `行政区划 ${code} 不存在 (region not found)`, { reason: CommonReason.REGION_NOT_FOUND, field }),
  periodOverlap: (field: string, other: { id: string; effectiveFrom: string; effectiveTo: string | null }) =>
    new AppError('CONFLICT', `与现行版本 ${other.effectiveFrom}→${other.effectiveTo ?? ''} 的有效期重叠 (the period overlaps a current version of this key and scope)`, {
      reason: ParametersReason.PERIOD_OVERLAP,
      field,
      details: { overlappingId: other.id, effectiveFrom: other.effectiveFrom, effectiveTo: other.effectiveTo },
    }),
  scopeNeedsProvinceRole: (field: string) =>
    new AppError('FORBIDDEN', '区级管理员只能设置本区及以下范围的参数；省、市、全国范围须省级管理员 (a wider scope needs a province-level administrator)', {
      reason: ParametersReason.SCOPE_NEEDS_PROVINCE_ROLE,
      field,
    }),
  versionNotFound: (field: string) =>
    new AppError('NOT_FOUND', '参数版本不存在 (no such parameter version)', { reason: ParametersReason.VERSION_NOT_CURRENT, field }),
  versionNotCurrent: (field: string) =>
    new AppError('CONFLICT', '该版本已被替换或停用 (the version was already replaced or retired)', { reason: ParametersReason.VERSION_NOT_CURRENT, field }),
};
