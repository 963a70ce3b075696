import { AppError } from '../common/errors/app-error';
import { defineReasons } from '../common/errors/reasons';

/** The reason codes of accountability cases (`extensions.reason`, module supervision). */
export const AccountabilityReason = defineReasons('supervision', [
  'ACCOUNTABILITY_CASE_NOT_FOUND',
  'ACCOUNTABILITY_SOURCE_CONFLICT',
  'ACCOUNTABILITY_SUBJECT_UNKNOWN',
  'ACCOUNTABILITY_ALREADY_PUBLISHED',
  'ACCOUNTABILITY_NOBODY_ACCOUNTABLE',
  'FAULT_TOLERANCE_REQUEST_NOT_FOUND',
]);

/** Coded errors of accountability cases, each naming its field: Chinese message, English in parentheses. */
export const AccountabilityErrors = {
  notFound: (field = 'input.id') => new AppError('NOT_FOUND', '问责案件不存在 (accountability case not found)', { reason: AccountabilityReason.ACCOUNTABILITY_CASE_NOT_FOUND, field }),
  sourceConflict: () =>
    AppError.badInput([{ field: 'input.hotlineCaseId', reason: AccountabilityReason.ACCOUNTABILITY_SOURCE_CONFLICT, message: '问责案件只能来自一个督查问题或一个热线件 (one source: a finding or a hotline case)' }]),
  requestNotFound: (field = 'input.id') =>
    new AppError('NOT_FOUND', '容错申请不存在 (fault-tolerance request not found)', { reason: AccountabilityReason.FAULT_TOLERANCE_REQUEST_NOT_FOUND, field }),
  subjectUnknown: (field = 'input.subject') =>
    AppError.badInput([{ field, reason: AccountabilityReason.ACCOUNTABILITY_SUBJECT_UNKNOWN, message: '问责对象须为本案件的责任人或责任单位 (the subject is a person or unit of the case)' }]),
  published: () =>
    new AppError('CONFLICT', '该案件已通报 (the case is published already)', { reason: AccountabilityReason.ACCOUNTABILITY_ALREADY_PUBLISHED, field: 'input.id' }),
  nobody: () =>
    AppError.badInput([{ field: 'input.persons', reason: AccountabilityReason.ACCOUNTABILITY_NOBODY_ACCOUNTABLE, message: '须列出至少一名责任人或一个责任单位 (name a person or a unit at least)' }]),
};
