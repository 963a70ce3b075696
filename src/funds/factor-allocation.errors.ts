import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of factor allocation (因素分配法), part of the funds module. */
export const FactorAllocationReason = defineReasons('funds', [
  'FUND_FACTOR_NOT_LISTED',
  'FUND_FACTOR_COMPUTED',
  'FUND_FACTOR_VALUE_INVALID',
  'FUND_FACTOR_VALUE_MISSING',
  'FUND_FACTOR_SUM_ZERO',
  'FUND_FACTOR_WEIGHTS_MISMATCH',
  'FUND_FACTOR_WEIGHTS_NOT_ONE',
  'FUND_RUN_AMOUNT_SOURCE',
  'FUND_RUN_PARENT_LEVEL',
  'FUND_RUN_NO_REGIONS',
  'FUND_ALLOCATION_RUN_NOT_FOUND',
  'FUND_RUN_NO_DOCUMENT',
  'FUND_RUN_NOT_NEWEST',
  'FUND_RUN_ALREADY_APPLIED',
]);

type Reason = (typeof FactorAllocationReason)[keyof typeof FactorAllocationReason] | (typeof CommonReason)[keyof typeof CommonReason];

const bad = (field: string, reason: Reason, message: string, details?: Record<string, unknown>) =>
  new AppError('BAD_USER_INPUT', message, { reason, field, problems: [{ field, reason, message }], ...(details ? { details } : {}) });

/** Coded errors of factor allocation, each naming the field (and the factor and region where there is one). */
export const FactorAllocationErrors = {
  factorNotListed: (factor: string, year: number) =>
    bad('input.factor', FactorAllocationReason.FUND_FACTOR_NOT_LISTED, `因素 ${factor} 不在 ${year} 年度的 funds.allocation_factors 中 (not a factor of the year)`, { factor, year }),
  factorComputed: (factor: string) =>
    bad('input.factor', FactorAllocationReason.FUND_FACTOR_COMPUTED, `因素 ${factor} 由建档立卡数据计算，不能录入 (computed from the registry, not entered)`, { factor }),
  valueInvalid: (field = 'input.value') => bad(field, FactorAllocationReason.FUND_FACTOR_VALUE_INVALID, '因素值须为非负数，最多四位小数 (a non-negative number with at most 4 decimals)'),
  valueMissing: (factor: string, regionCode: string, year: number) =>
    bad('input.parentRegionCode', FactorAllocationReason.FUND_FACTOR_VALUE_MISSING, `地区 ${regionCode} 缺少 ${year} 年度因素“${factor}”的数值 (a region has no value of a factor: enter it with setFundFactorValue)`, {
      factor,
      regionCode,
      year,
    }),
  factorSumZero: (factor: string) =>
    bad('input.parentRegionCode', FactorAllocationReason.FUND_FACTOR_SUM_ZERO, `因素“${factor}”在各地区的数值之和为 0，无法按比例分配 (the factor's values sum to 0)`, { factor }),
  weightsMismatch: (factors: number, weights: number) =>
    bad('input.year', FactorAllocationReason.FUND_FACTOR_WEIGHTS_MISMATCH, `funds.allocation_weights 有 ${weights} 个权重，funds.allocation_factors 有 ${factors} 个因素 (one weight per factor)`, { factors, weights }),
  weightsNotOne: (sum: string) =>
    bad('input.year', FactorAllocationReason.FUND_FACTOR_WEIGHTS_NOT_ONE, `funds.allocation_weights 之和为 ${sum}，应为 1 (the weights must sum to 1)`, { sum }),
  amountSource: () =>
    bad('input.amount', FactorAllocationReason.FUND_RUN_AMOUNT_SOURCE, '请给出指标文件 documentId 或金额 amount (give a document or an amount)'),
  invalidAmount: (field = 'input.amount') => bad(field, CommonReason.INVALID_DECIMAL, '金额须为正数，最多两位小数 (a positive amount with at most 2 decimals)'),
  parentLevel: (level: string) =>
    bad('input.parentRegionCode', FactorAllocationReason.FUND_RUN_PARENT_LEVEL, `按${level === 'TOWN' ? '乡镇' : '行政村'}分配时上级地区应为${level === 'TOWN' ? '区（县）' : '区（县）或乡镇'} (the parent region's level does not fit)`, { level }),
  noRegions: () => bad('input.parentRegionCode', FactorAllocationReason.FUND_RUN_NO_REGIONS, '该地区下没有可分配的乡镇或行政村 (no towns or villages under the parent region)'),
  regionNotTownOrVillage: (field = 'input.regionCode') => bad(field, FactorAllocationReason.FUND_RUN_PARENT_LEVEL, '因素数据的地区应为乡镇或行政村 (a town or a village)'),
  runNotFound: (field = 'id') => new AppError('NOT_FOUND', '因素分配测算不存在 (allocation run not found)', { reason: FactorAllocationReason.FUND_ALLOCATION_RUN_NOT_FOUND, field }),
  runNoDocument: () =>
    bad('input.runId', FactorAllocationReason.FUND_RUN_NO_DOCUMENT, '该测算按金额测算，没有指标文件，不能下达为资金分配 (a run of an amount alone, without a document, cannot be applied)'),
  runNotNewest: (runNumber: number, newest: { id: string; runNumber: number }) =>
    bad('input.runId', FactorAllocationReason.FUND_RUN_NOT_NEWEST, `该指标文件已有更新的第 ${newest.runNumber} 次测算，只能下达最新一次 (only the newest run of the document is applied)`, {
      runNumber,
      newestRunId: newest.id,
      newestRunNumber: newest.runNumber,
    }),
  runAlreadyApplied: () =>
    new AppError('CONFLICT', '该测算已下达为资金分配 (the run has been applied already)', { reason: FactorAllocationReason.FUND_RUN_ALREADY_APPLIED, field: 'input.runId' }),
  outOfScope: (field: string) => new AppError('FORBIDDEN', '不在您的管辖范围或部门职责内 (outside your region or sector)', { reason: CommonReason.REGION_OUT_OF_SCOPE, field }),
  invalidYear: () => bad('input.year', CommonReason.INVALID_DATE, '年度无效 (an invalid year)'),
};
