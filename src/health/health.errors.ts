import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of the health module (`extensions.reason`). */
export const HealthReason = defineReasons('health', ['INSURANCE_ENROLMENT_NOT_FOUND', 'INSURANCE_ENROLMENT_DUPLICATE', 'HEALTH_MEMBER_NOT_CURRENT', 'SUBSIDY_ABOVE_PREMIUM']);

/** Coded errors of the health module: Chinese message, English in parentheses. */
export const HealthErrors = {
  enrolmentNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '参保记录不存在 (insurance enrolment not found)', { reason: HealthReason.INSURANCE_ENROLMENT_NOT_FOUND, field }),
  duplicateEnrolment: (year: number, layer: string, field = 'input.layer') =>
    new AppError('CONFLICT', `该成员 ${year} 年已有“${layer}”参保记录 (the member already has a record of this layer in the year: correct it instead)`, {
      reason: HealthReason.INSURANCE_ENROLMENT_DUPLICATE,
      field,
    }),
  outOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不能登记管辖范围（或本部门）以外的健康扶贫记录 (outside your write scope: the health department and the offices keep these records)', {
      reason: CommonReason.REGION_OUT_OF_SCOPE,
      field,
    }),
  notCurrent: (year: number, field = 'input.memberId') =>
    AppError.badInput([{ field, reason: HealthReason.HEALTH_MEMBER_NOT_CURRENT, message: `该成员不是本户在册成员，或 ${year} 年不在本户 (not a current member of the household, or not in it during the year)` }]),
  invalidAmount: (field: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_DECIMAL, message: '金额须为非负数，最多两位小数 (an amount, not negative, with at most 2 decimals)' }]),
  subsidyAbovePremium: (field = 'input.subsidy') =>
    AppError.badInput([{ field, reason: HealthReason.SUBSIDY_ABOVE_PREMIUM, message: '资助金额不能超过保费 (the subsidy cannot exceed the premium)' }]),
};
