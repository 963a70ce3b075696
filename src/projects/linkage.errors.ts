import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of benefit linkages (`extensions.reason`). */
export const LinkageReason = defineReasons('projects', [
  'LINKAGE_NOT_FOUND',
  'LINKAGE_PARTY_REQUIRED',
  'LINKAGE_HOUSEHOLD_NOT_BENEFICIARY',
  'LINKAGE_PROJECT_STAGE',
  'LINKAGE_ENDED',
  'LINKAGE_PAYMENT_NOT_FOUND',
  'PAYMENT_YEAR_OUTSIDE_LINKAGE',
  'PAYMENT_OVER_AGREEMENT',
  'PAYMENT_ALREADY_REVERSED',
  'PAYMENT_IS_REVERSAL',
]);

/** Coded errors of benefit linkages: Chinese message, English in parentheses. */
export const LinkageErrors = {
  notFound: (field = 'input.id') => new AppError('NOT_FOUND', '利益联结记录不存在 (benefit linkage not found)', { reason: LinkageReason.LINKAGE_NOT_FOUND, field }),
  partyRequired: (field = 'input.projectId') =>
    AppError.badInput([{ field, reason: LinkageReason.LINKAGE_PARTY_REQUIRED, message: '项目和经营主体至少填写一项 (a project or an implementing entity is required)' }]),
  notBeneficiary: (field = 'input.householdId') =>
    AppError.badInput([{ field, reason: LinkageReason.LINKAGE_HOUSEHOLD_NOT_BENEFICIARY, message: '该户不是项目的受益户 (the household is not among the project\'s beneficiary households)' }]),
  projectStage: (stage: string, field = 'input.projectId') =>
    AppError.badInput([{ field, reason: LinkageReason.LINKAGE_PROJECT_STAGE, message: `项目处于 ${stage} 阶段，尚未纳入年度计划或已否决/移出 (the project is not at a stage that benefits households)` }]),
  ended: (endsOn: string, field = 'input.endsOn') =>
    AppError.badInput([
      { field, reason: LinkageReason.LINKAGE_ENDED, message: `该联结已于 ${endsOn} 终止（有终止原因），终止日期不能再更正或清除 (the linkage was ended with a reason: its end is not corrected here)` },
    ]),
  outOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不能为管辖范围（或本部门）以外的记录登记利益联结 (outside your write scope)', { reason: CommonReason.REGION_OUT_OF_SCOPE, field }),
  invalidAmount: (field: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_DECIMAL, message: '金额须为非负数，最多两位小数 (an amount with at most 2 decimals)' }]),
  invalidPeriod: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_PERIOD, message }]),
  paymentNotFound: (field = 'input.paymentId') => new AppError('NOT_FOUND', '利益联结支付记录不存在 (linkage payment not found)', { reason: LinkageReason.LINKAGE_PAYMENT_NOT_FOUND, field }),
  yearOutsideLinkage: (year: number, from: string, to: string | null) =>
    AppError.badInput([
      { field: 'input.year', reason: LinkageReason.PAYMENT_YEAR_OUTSIDE_LINKAGE, message: `${year} 年不在联结期内 (${from} 至 ${to ?? '今'}) (the linkage is not in force in that year)` },
    ]),
  overAgreement: (due: string, paid: string, amount: string) =>
    AppError.badInput([
      {
        field: 'input.amount',
        reason: LinkageReason.PAYMENT_OVER_AGREEMENT,
        message: `本年应付 ${due} 元，已付 ${paid} 元，再付 ${amount} 元超出约定；须填写超付原因 (over what is due this year: give overAgreementReason)`,
      },
    ]),
  alreadyReversed: () => new AppError('CONFLICT', '该支付已冲销 (the payment has been reversed already)', { reason: LinkageReason.PAYMENT_ALREADY_REVERSED, field: 'input.paymentId' }),
  isReversal: () =>
    AppError.badInput([{ field: 'input.paymentId', reason: LinkageReason.PAYMENT_IS_REVERSAL, message: '冲销记录不能再冲销：重新登记支付 (a reversal is not reversed: record the payment again)' }]),
};
