import { AppError } from '../common/errors/app-error';
import { defineReasons } from '../common/errors/reasons';

/** The reason codes of project assets and their yearly incomes (`extensions.reason`). */
export const AssetReason = defineReasons('projects', [
  'PROJECT_ASSET_NOT_FOUND',
  'PROJECT_NOT_BUILT',
  'ASSET_OWNER_MISMATCH',
  'ASSET_VALUE_INVALID',
  'ASSET_OWNER_NOT_VILLAGE',
  'ASSET_INCOME_AMOUNT_INVALID',
  'ASSET_INCOME_DISTRIBUTION_OVER',
  'ASSET_INCOME_BEFORE_HANDOVER',
  'ASSET_INCOME_YEAR_IN_FUTURE',
  'ASSET_INCOME_VERSION_REQUIRED',
]);

/** Coded errors of project assets: Chinese message, English in parentheses. */
export const AssetErrors = {
  notFound: (field = 'input.id') => new AppError('NOT_FOUND', '扶贫资产不存在 (project asset not found)', { reason: AssetReason.PROJECT_ASSET_NOT_FOUND, field }),
  projectNotBuilt: (stage: string, field = 'input.projectId') =>
    new AppError('CONFLICT', `项目尚未完工（当前环节 ${stage}），不能登记资产 (the project is not completed yet)`, { reason: AssetReason.PROJECT_NOT_BUILT, field, details: { stage } }),
  ownerMismatch: (field: string, message: string) => AppError.badInput([{ field, reason: AssetReason.ASSET_OWNER_MISMATCH, message }]),
  ownerNotVillage: (field = 'input.ownerRegionCode') =>
    AppError.badInput([{ field, reason: AssetReason.ASSET_OWNER_NOT_VILLAGE, message: '村集体资产的所有者须为项目受益范围内的村 (a village of the project\'s area)' }]),
  valueInvalid: (field = 'input.value') => AppError.badInput([{ field, reason: AssetReason.ASSET_VALUE_INVALID, message: '资产价值须大于 0，最多两位小数 (the value must be positive, at most 2 decimals)' }]),
  incomeAmountInvalid: (field: string) =>
    AppError.badInput([{ field, reason: AssetReason.ASSET_INCOME_AMOUNT_INVALID, message: '金额须不小于 0，最多两位小数 (an amount of at least 0, at most 2 decimals)' }]),
  distributionOver: (field: string, distributed: string, income: string) =>
    AppError.badInput([
      {
        field,
        reason: AssetReason.ASSET_INCOME_DISTRIBUTION_OVER,
        message: `收益分配合计 ${distributed} 元超过当年收益 ${income} 元 (the distribution exceeds the year's income)`,
      },
    ]),
  beforeHandover: (field: string, handedOverOn: string | null) =>
    AppError.badInput([
      {
        field,
        reason: AssetReason.ASSET_INCOME_BEFORE_HANDOVER,
        message: handedOverOn
          ? `资产 ${handedOverOn} 移交，收益年度不能早于移交年度 (the year is before the asset's handover year)`
          : '资产尚未移交，不能登记收益 (the asset has not been handed over yet)',
      },
    ]),
  handoverAfterIncome: (firstIncomeYear: number, field = 'input.handedOverOn') =>
    AppError.badInput([
      {
        field,
        reason: AssetReason.ASSET_INCOME_BEFORE_HANDOVER,
        message: `已登记 ${firstIncomeYear} 年收益，移交日期不能晚于该年或清空 (an income is recorded for ${firstIncomeYear}: the handover cannot be later or removed)`,
      },
    ]),
  yearInFuture: (field = 'input.year') => AppError.badInput([{ field, reason: AssetReason.ASSET_INCOME_YEAR_IN_FUTURE, message: '收益年度不能晚于今年 (the year is after the current year)' }]),
  incomeVersionRequired: () =>
    AppError.badInput([{ field: 'input.version', reason: AssetReason.ASSET_INCOME_VERSION_REQUIRED, message: '该年度收益已存在，须提供读取时的版本号 (send the version you read)' }]),
};
