import { AppError } from '../common/errors/app-error';
import { defineReasons } from '../common/errors/reasons';

/** The reason codes of project assets (`extensions.reason`). */
export const AssetReason = defineReasons('projects', ['PROJECT_ASSET_NOT_FOUND', 'PROJECT_NOT_BUILT', 'ASSET_OWNER_MISMATCH', 'ASSET_VALUE_INVALID', 'ASSET_OWNER_NOT_VILLAGE']);

/** Coded errors of project assets: Chinese message, English in parentheses. */
export const AssetErrors = {
  notFound: (field = 'input.id') => new AppError('NOT_FOUND', '扶贫资产不存在 (project asset not found)', { reason: AssetReason.PROJECT_ASSET_NOT_FOUND, field }),
  projectNotBuilt: (stage: string, field = 'input.projectId') =>
    new AppError('CONFLICT', `项目尚未完工（当前环节 ${stage}），不能登记资产 (the project is not completed yet)`, { reason: AssetReason.PROJECT_NOT_BUILT, field, details: { stage } }),
  ownerMismatch: (field: string, message: string) => AppError.badInput([{ field, reason: AssetReason.ASSET_OWNER_MISMATCH, message }]),
  ownerNotVillage: (field = 'input.ownerRegionCode') =>
    AppError.badInput([{ field, reason: AssetReason.ASSET_OWNER_NOT_VILLAGE, message: '村集体资产的所有者须为项目受益范围内的村 (a village of the project\'s area)' }]),
  valueInvalid: (field = 'input.value') => AppError.badInput([{ field, reason: AssetReason.ASSET_VALUE_INVALID, message: '资产价值须大于 0，最多两位小数 (the value must be positive, at most 2 decimals)' }]),
};
