import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of hotline cases (`extensions.reason`, module supervision). */
export const HotlineReason = defineReasons('supervision', ['HOTLINE_CASE_NOT_FOUND', 'HOTLINE_CASE_NOT_SUBSTANTIATED', 'HOTLINE_CASE_HAS_FINDING']);

/** Coded errors of hotline cases, each naming its field: Chinese message, English in parentheses. */
export const HotlineErrors = {
  handlersOnly: (field: string) =>
    new AppError('FORBIDDEN', '仅热线件承办人员可按举报人查询 (only the case handlers search by the reporter)', {
      reason: CommonReason.MISSING_PERMISSION,
      field,
      details: { permission: 'supervision.hotline' },
    }),
  caseNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '热线件不存在 (hotline case not found)', { reason: HotlineReason.HOTLINE_CASE_NOT_FOUND, field }),
  notSubstantiated: (field = 'input.caseId') =>
    new AppError('CONFLICT', '仅经回复认定属实的热线件可登记为督查问题 (only a case replied as substantiated becomes a finding)', {
      reason: HotlineReason.HOTLINE_CASE_NOT_SUBSTANTIATED,
      field,
    }),
  hasFinding: (field = 'input.caseId') =>
    new AppError('CONFLICT', '该热线件已登记督查问题 (the case already has its finding)', { reason: HotlineReason.HOTLINE_CASE_HAS_FINDING, field }),
};
