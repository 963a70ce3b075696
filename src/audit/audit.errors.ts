import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes this module answers with (`extensions.reason`). */
export const AuditReason = defineReasons('audit', [
  'TRUNCATED',
]);

export const AuditErrors = {
  notSignedIn: () => new AppError('UNAUTHENTICATED', '请先登录 (sign in first)', { reason: CommonReason.NOT_SIGNED_IN }),
  forbidden: () =>
    new AppError('FORBIDDEN', '无权查看审计日志 (not allowed to read the audit trail)', {
      reason: CommonReason.MISSING_PERMISSION,
      details: { permission: 'audit.read' },
    }),
  invalidPeriod: () =>
    AppError.badInput([{ field: 'to', reason: CommonReason.INVALID_PERIOD, message: '结束时间应晚于开始时间 (to must be after from)' }]),
};
