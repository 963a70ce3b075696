import { AppError, FieldProblem } from '../common/errors/app-error';
import { defineReasons } from '../common/errors/reasons';

/** The reason codes of public disclosure (`extensions.reason`). */
export const DisclosureReason = defineReasons('disclosure', [
  'NOTICE_NOT_FOUND',
  'NOTICE_FIELD_REQUIRED',
  'NOTICE_FIELD_NOT_ALLOWED',
  'NOTICE_TEXT_TOO_LONG',
  'NOTICE_PERSONAL_DATA',
  'NOTICE_CHANNELS_REQUIRED',
  'NOTICE_PERIOD_TOO_SHORT',
  'NOTICE_PERIOD_NOT_CONFIGURED',
  'NOTICE_CALENDAR_NOT_CONFIGURED',
  'NOTICE_PUBLISHED_IMMUTABLE',
  'NOTICE_WRONG_STATE',
  'NOTICE_NOT_OPEN',
  'OBJECTION_NOT_FOUND',
  'OBJECTION_OUTSIDE_PERIOD',
  'OBJECTION_TEXT_EMPTY',
  'OBJECTION_TEXT_TOO_LONG',
  'OBJECTION_CLOSED',
  'OBJECTION_FLOOD',
  'PROBLEMS_RANGE_TOO_LONG',
  'NOTICE_PERIOD_NOT_OVER',
]);

/** Coded errors of the module, each naming the field: Chinese message, English in parentheses. */
export const DisclosureErrors = {
  noticeNotFound: (field = 'input.id') =>
    new AppError('NOT_FOUND', '公示不存在 (notice not found)', { reason: DisclosureReason.NOTICE_NOT_FOUND, field }),
  objectionNotFound: (field = 'input.id') =>
    new AppError('NOT_FOUND', '异议不存在 (objection not found)', { reason: DisclosureReason.OBJECTION_NOT_FOUND, field }),
  content: (problems: FieldProblem[]) => AppError.badInput(problems),
  channelsRequired: () =>
    AppError.badInput([{ field: 'input.channels', reason: DisclosureReason.NOTICE_CHANNELS_REQUIRED, message: '至少选择一个公示渠道 (at least one channel)' }]),
  periodTooShort: (field: string, days: number, minDays: number, key: string) =>
    new AppError('BAD_USER_INPUT', `公示期 ${days} 天，少于最短 ${minDays} 天 (the period is shorter than the minimum)`, {
      reason: DisclosureReason.NOTICE_PERIOD_TOO_SHORT,
      problems: [{ field, reason: DisclosureReason.NOTICE_PERIOD_TOO_SHORT, message: `公示期至少 ${minDays} 天 (${key})` }],
      details: { days, minDays, key },
    }),
  periodNotConfigured: (key: string, field = 'input.period') =>
    new AppError('BAD_USER_INPUT', `公示期参数 ${key} 未配置 (not configured)`, {
      reason: DisclosureReason.NOTICE_PERIOD_NOT_CONFIGURED,
      problems: [{ field, reason: DisclosureReason.NOTICE_PERIOD_NOT_CONFIGURED, message: `${key} 未配置 (not configured)` }],
      details: { key },
    }),
  calendarNotConfigured: (year: number, field = 'input.period.unit') =>
    new AppError('BAD_USER_INPUT', `${year} 年工作日历未配置 (the working calendar of ${year} is not configured)`, {
      reason: DisclosureReason.NOTICE_CALENDAR_NOT_CONFIGURED,
      problems: [{ field, reason: DisclosureReason.NOTICE_CALENDAR_NOT_CONFIGURED, message: `${year} 年工作日历未配置` }],
      details: { missingYear: year },
    }),
  publishedImmutable: (field = 'input.id') =>
    new AppError('CONFLICT', '已发布的公示不能修改，请发布更正版本 (a published version is never edited: publish a correction)', {
      reason: DisclosureReason.NOTICE_PUBLISHED_IMMUTABLE,
      field,
    }),
  wrongState: (state: string, wanted: string, field = 'input.id') =>
    new AppError('CONFLICT', `公示状态为 ${state}，不能${wanted} (the notice is ${state})`, { reason: DisclosureReason.NOTICE_WRONG_STATE, field, details: { state } }),
  notOpen: (state: string, field = 'input.noticeId') =>
    new AppError('CONFLICT', `公示状态为 ${state}，不再受理异议 (the notice takes no objections)`, { reason: DisclosureReason.NOTICE_NOT_OPEN, field, details: { state } }),
  outsidePeriod: (startsOn: string, endsOn: string, field = 'input.receivedOn') =>
    AppError.badInput([{ field, reason: DisclosureReason.OBJECTION_OUTSIDE_PERIOD, message: `异议须在公示期 ${startsOn} 至 ${endsOn} 内收到 (received outside the period)` }]),
  textEmpty: (field = 'input.text') =>
    AppError.badInput([{ field, reason: DisclosureReason.OBJECTION_TEXT_EMPTY, message: '异议内容不能为空 (the text is empty)' }]),
  textTooLong: (field: string, max: number) =>
    AppError.badInput([{ field, reason: DisclosureReason.OBJECTION_TEXT_TOO_LONG, message: `最多 ${max} 个字符 (at most ${max} characters)` }]),
  objectionClosed: (field = 'input.id') =>
    new AppError('CONFLICT', '该异议已办结 (the objection is closed)', { reason: DisclosureReason.OBJECTION_CLOSED, field }),
  flood: (limit: number) =>
    new AppError('RATE_LIMITED', `同一地址每小时最多提交 ${limit} 条异议，请稍后再试 (too many objections from this address)`, {
      reason: DisclosureReason.OBJECTION_FLOOD,
      details: { limitPerHour: limit },
    }),
  notOver: (endsOn: string, field: string) =>
    AppError.badInput([{ field, reason: DisclosureReason.NOTICE_PERIOD_NOT_OVER, message: `公示期至 ${endsOn} 止，尚未结束或日期顺序不对 (the period is not over, or its dates are out of order)` }]),
  rangeTooLong: (max: number) =>
    AppError.badInput([{ field: 'to', reason: DisclosureReason.PROBLEMS_RANGE_TOO_LONG, message: `区间最长 ${max} 天 (at most ${max} days)` }]),
};
