import { AppError } from '../common/errors/app-error';

export const AuditErrors = {
  notSignedIn: () => new AppError('UNAUTHENTICATED', '请先登录 (sign in first)', { reason: 'NOT_SIGNED_IN' }),
  forbidden: () =>
    new AppError('FORBIDDEN', '无权查看审计日志 (not allowed to read the audit trail)', {
      reason: 'MISSING_PERMISSION',
      details: { permission: 'audit.read' },
    }),
  invalidPeriod: () =>
    AppError.badInput([{ field: 'to', reason: 'INVALID_PERIOD', message: '结束时间应晚于开始时间 (to must be after from)' }]),
};
