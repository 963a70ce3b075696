import { AppError } from '../common/errors/app-error';
import { defineReasons, type ErrorReason } from '../common/errors/reasons';
import type { ScoreProblem } from './appraisal-score';

/** The reason codes of appraisals and work-team attendance (`extensions.reason`, module supervision). */
export const AppraisalReason = defineReasons('supervision', [
  'APPRAISAL_ROUND_NOT_FOUND',
  'APPRAISAL_ROUND_EXISTS',
  'APPRAISAL_ENTRY_NOT_FOUND',
  'APPRAISAL_TARGET_NOT_FOUND',
  'APPRAISAL_TARGET_DUPLICATE',
  'APPRAISAL_TARGET_MISMATCH',
  'APPRAISAL_TARGET_OUTSIDE_ROUND',
  'APPRAISAL_SCORE_OUT_OF_RANGE',
  'APPRAISAL_SCORE_SCALE',
  'APPRAISAL_NOT_DRAFT',
  'APPRAISAL_INCOMPLETE',
  'APPRAISAL_SELF_APPROVAL',
  'APPRAISAL_FOLLOW_UP_NOT_FOUND',
  'APPRAISAL_FOLLOW_UP_DONE',
  'WORK_TEAM_ASSIGNMENT_NOT_FOUND',
  'ATTENDANCE_OUTSIDE_TERM',
]);

const SCORE_MESSAGES: Record<ScoreProblem, { reason: ErrorReason; message: string }> = {
  INVALID: { reason: AppraisalReason.APPRAISAL_SCORE_OUT_OF_RANGE, message: '得分须为 0–100 的数 (a score is a number of 0–100)' },
  RANGE: { reason: AppraisalReason.APPRAISAL_SCORE_OUT_OF_RANGE, message: '得分须在 0–100 之间 (a score is between 0 and 100)' },
  SCALE: { reason: AppraisalReason.APPRAISAL_SCORE_SCALE, message: '得分最多保留两位小数 (a score has at most two decimals)' },
};

/** Coded errors of appraisals and attendance, each naming its field: Chinese message, English in parentheses. */
export const AppraisalErrors = {
  roundNotFound: (field = 'input.roundId') => new AppError('NOT_FOUND', '考核轮次不存在 (appraisal round not found)', { reason: AppraisalReason.APPRAISAL_ROUND_NOT_FOUND, field }),
  roundExists: () =>
    new AppError('CONFLICT', '该区划该年度该类对象的考核已建立 (a round of this year and kind exists for the region)', { reason: AppraisalReason.APPRAISAL_ROUND_EXISTS, field: 'input.targetKind' }),
  entryNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '考核结果不存在 (appraisal entry not found)', { reason: AppraisalReason.APPRAISAL_ENTRY_NOT_FOUND, field }),
  targetNotFound: (field: string) => new AppError('NOT_FOUND', '考核对象不存在 (appraisal target not found)', { reason: AppraisalReason.APPRAISAL_TARGET_NOT_FOUND, field }),
  targetDuplicate: (field: string) =>
    new AppError('CONFLICT', '该考核对象已在本轮考核中 (the target is in this round already)', { reason: AppraisalReason.APPRAISAL_TARGET_DUPLICATE, field }),
  targetMismatch: (field: string, message: string) => AppError.badInput([{ field, reason: AppraisalReason.APPRAISAL_TARGET_MISMATCH, message }]),
  targetOutsideRound: (field: string) =>
    AppError.badInput([{ field, reason: AppraisalReason.APPRAISAL_TARGET_OUTSIDE_ROUND, message: '考核对象不在本轮考核的区划内 (the target lies outside the round\'s region)' }]),
  scores: (problems: { field: string; problem: ScoreProblem }[]) =>
    AppError.badInput(problems.map((p) => ({ field: p.field, ...SCORE_MESSAGES[p.problem] }))),
  notDraft: (stage: string) =>
    new AppError('CONFLICT', `考核结果当前阶段（${stage}）不能修改；退回后方可修改 (only a draft is edited)`, { reason: AppraisalReason.APPRAISAL_NOT_DRAFT, field: 'input.id' }),
  incomplete: (missing: readonly string[]) =>
    AppError.badInput(missing.map((f) => ({ field: `input.${f}`, reason: AppraisalReason.APPRAISAL_INCOMPLETE, message: `提交前须填写 ${f} (${f} is needed before submitting)` }))),
  selfApproval: () =>
    new AppError('CONFLICT', '提交人不能审定本人提交的考核结果 (the submitter cannot approve it)', { reason: AppraisalReason.APPRAISAL_SELF_APPROVAL, field: 'input.action' }),
  followUpNotFound: (field = 'input.id') =>
    new AppError('NOT_FOUND', '考核结果运用事项不存在 (follow-up not found)', { reason: AppraisalReason.APPRAISAL_FOLLOW_UP_NOT_FOUND, field }),
  followUpDone: () => new AppError('CONFLICT', '该事项已办结 (the follow-up is recorded as done already)', { reason: AppraisalReason.APPRAISAL_FOLLOW_UP_DONE, field: 'input.id' }),
  assignmentNotFound: (field = 'input.assignmentId') =>
    new AppError('NOT_FOUND', '驻村任职不存在 (village assignment not found)', { reason: AppraisalReason.WORK_TEAM_ASSIGNMENT_NOT_FOUND, field }),
  outsideTerm: (field: string, startOn: string, endOn: string | null) =>
    AppError.badInput([{ field, reason: AppraisalReason.ATTENDANCE_OUTSIDE_TERM, message: `日期不在驻村任期内（${startOn}–${endOn ?? '至今'}） (outside the term)` }]),
};
