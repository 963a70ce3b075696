import { AppError } from '../../src/common/errors/app-error';
import { CommonReason, defineReasons } from '../../src/common/errors/reasons';

/** The reason codes this module answers with (`extensions.reason`); a code is declared by one module only. */
export const ReliefReason = defineReasons('relief', ['RELIEF_PAYMENT_NOT_FOUND', 'RELIEF_AMOUNT_INVALID', 'RELIEF_NOT_PAYABLE']);

/** Coded errors of the module, each naming the field it is about: Chinese message, English in parentheses. */
export const ReliefErrors = {
  paymentNotFound: (field = 'input.id') =>
    new AppError('NOT_FOUND', '慰问金记录不存在 (relief payment not found)', { reason: ReliefReason.RELIEF_PAYMENT_NOT_FOUND, field }),
  amountInvalid: (field = 'input.amount') =>
    AppError.badInput([{ field, reason: ReliefReason.RELIEF_AMOUNT_INVALID, message: '金额须为正数，最多两位小数 (a positive amount with at most 2 decimals)' }]),
  notPayable: (status: string) =>
    new AppError('CONFLICT', `该笔慰问金状态为 ${status}，不能再登记发放 (the payment is ${status})`, { reason: ReliefReason.RELIEF_NOT_PAYABLE, field: 'input.id' }),
  dateInFuture: (field: string) =>
    AppError.badInput([{ field, reason: CommonReason.DATE_IN_FUTURE, message: '日期不能晚于今天 (the date is in the future)' }]),
};
