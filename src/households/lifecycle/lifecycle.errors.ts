import { AppError } from '../../common/errors/app-error';
import { HouseholdValidity } from '../household.entity';
import { ProposalKind, ProposalStage } from '../proposal.entity';
import { PovertyStatus } from '../registry-codes';
import { CriterionResult, EXIT_CRITERION_LABEL } from './exit-standard/exit-criterion';
import { CommonReason, defineReasons } from '../../common/errors/reasons';

/** The reason codes this module answers with (`extensions.reason`). */
export const LifecycleReason = defineReasons('lifecycle', [
  'APPRAISAL_AFTER_PROPOSAL',
  'APPRAISAL_REQUIRED',
  'BEFORE_NOTICE',
  'DATE_BEFORE_JOIN',
  'DATE_BEFORE_LAST_CHANGE',
  'DATE_MISMATCH',
  'EFFECTIVE_ON_IN_FUTURE',
  'EXIT_NOTICE_NOT_CONFIGURED',
  'EXIT_STANDARD_NOT_MET',
  'HEAD_REQUIRED',
  'JOINED_BEFORE_BIRTH',
  'JOINED_ON_MISMATCH',
  'LEVEL_SKIPPED',
  'MEMBER_NOT_CURRENT',
  'NEW_HEAD_INVALID',
  'NOTICE_OVER',
  'NOT_PROPOSER',
  'PROPOSAL_NOT_FOUND',
  'PROPOSAL_OPEN',
  'REASON_NOT_ALLOWED',
  'SAME_HOUSEHOLD',
  'SELF_APPROVAL',
  'STEPS_NOT_THE_PROCEDURE',
  'TWO_HEADS',
  'YEAR_OUT_OF_RANGE',
]);

const KIND_LABEL: Record<ProposalKind, string> = {
  REGISTRATION: '识别纳入',
  EXIT: '脱贫退出',
  RETURN_TO_POVERTY: '返贫',
  REMOVAL: '剔除',
};

const STAGE_LABEL: Record<ProposalStage, string> = {
  PROPOSED: '村级已提出',
  HOUSEHOLD_AGREED: '农户已认可',
  TOWN_REVIEWED: '乡镇已审核',
  IN_NOTICE: '公示中',
  COMPLETED: '已完成',
  REJECTED: '已驳回',
  WITHDRAWN: '已撤回',
};

/** The registry procedures' coded errors. Refused transitions carry a stable `reason`. */
export const LifecycleErrors = {
  householdNotFound: (field = 'householdId') =>
    new AppError('NOT_FOUND', '贫困户不存在 (household not found)', { reason: CommonReason.HOUSEHOLD_NOT_FOUND, field }),
  proposalNotFound: () => new AppError('NOT_FOUND', '申报事项不存在 (proposal not found)', { reason: LifecycleReason.PROPOSAL_NOT_FOUND, field: 'input.proposalId' }),
  memberNotFound: (field = 'memberId') => new AppError('NOT_FOUND', '家庭成员不存在 (member not found)', { reason: CommonReason.MEMBER_NOT_FOUND, field }),

  illegalTransition: (message: string, details: Record<string, unknown>) =>
    new AppError('CONFLICT', `${message} (illegal transition)`, { reason: CommonReason.ILLEGAL_TRANSITION, details }),
  cannotPropose: (kind: ProposalKind, status: PovertyStatus | null, validity: HouseholdValidity) =>
    LifecycleErrors.illegalTransition(`当前状态（${validity}${status ? ` / ${PovertyStatus.label[status]}` : ''}）不能申报${KIND_LABEL[kind]}`, { kind, status, validity }),
  wrongStage: (action: string, kind: ProposalKind, stage: ProposalStage) =>
    LifecycleErrors.illegalTransition(`${KIND_LABEL[kind]}申报处于“${STAGE_LABEL[stage]}”阶段，不能${action}`, { kind, stage, action }),
  householdRemoved: () =>
    new AppError('CONFLICT', '该户已被剔除，不能再办理 (the household was removed from the roll)', { reason: CommonReason.HOUSEHOLD_REMOVED }),
  selfApproval: () =>
    new AppError('FORBIDDEN', '不能审核或审批自己经手的申报 (you cannot review or approve a proposal you handled)', { reason: LifecycleReason.SELF_APPROVAL }),
  levelSkipped: (missing: 'HOUSEHOLD_AGREEMENT' | 'TOWN_REVIEW' | 'DISTRICT_APPROVAL') =>
    new AppError(
      'CONFLICT',
      {
        HOUSEHOLD_AGREEMENT: '须先记录农户认可，再由乡镇审核 (the household’s agreement comes first)',
        TOWN_REVIEW: '须先经乡镇审核，再由区级审批 (the town reviews before the district approves)',
        DISTRICT_APPROVAL: '须先经区级审批并公示 (the district approves and the notice runs first)',
      }[missing],
      { reason: LifecycleReason.LEVEL_SKIPPED, details: { missing } },
    ),
  noticeNotOver: (noticeEndsOn: string, field?: string) =>
    new AppError('CONFLICT', `公示期至 ${noticeEndsOn} 结束，期满后方可公告退出 (the public notice is not over)`, {
      reason: CommonReason.NOTICE_NOT_OVER,
      field,
      details: { noticeEndsOn },
    }),
  noticeOver: (noticeEndsOn: string) =>
    new AppError('CONFLICT', `异议收到时公示期已于 ${noticeEndsOn} 结束 (the objection was received after the public notice ended)`, {
      reason: LifecycleReason.NOTICE_OVER,
      field: 'input.receivedOn',
      details: { noticeEndsOn },
    }),
  objectionBeforeNotice: (noticeStartsOn: string) =>
    AppError.badInput([
      { field: 'input.receivedOn', reason: LifecycleReason.BEFORE_NOTICE, message: `公示自 ${noticeStartsOn} 开始，收到日期不能早于公示 (received before the notice started)` },
    ]),
  receivedOnMismatch: () =>
    AppError.badInput([{ field: 'input.receivedOn', reason: LifecycleReason.DATE_MISMATCH, message: '收到日期请只填写在 receivedOn (give the date once, in receivedOn)' }]),
  exitStandardNotMet: (year: number, failing: CriterionResult[]) =>
    new AppError('CONFLICT', `未达到 ${year} 年脱贫退出标准：${failing.map((f) => `${EXIT_CRITERION_LABEL[f.criterion]}（${f.reason}）`).join('；')} (exit standard not met)`, {
      reason: LifecycleReason.EXIT_STANDARD_NOT_MET,
      details: { year, failing: failing.map((f) => ({ criterion: f.criterion, reason: f.reason })) },
    }),
  exitNoticeNotConfigured: (on: string) =>
    new AppError('CONFLICT', `${on} 适用的退出公示天数（registry.exit_notice_days）未配置，请先录入参数 (the exit notice period is not configured)`, {
      reason: LifecycleReason.EXIT_NOTICE_NOT_CONFIGURED,
      details: { parameter: 'registry.exit_notice_days', asOf: on },
    }),
  proposalOpen: () =>
    new AppError('CONFLICT', '该户已有办理中的申报，办结后再提出 (the household already has an open proposal)', { reason: LifecycleReason.PROPOSAL_OPEN }),
  notProposer: () => new AppError('FORBIDDEN', '只有申报人可以撤回 (only the proposer can withdraw)', { reason: LifecycleReason.NOT_PROPOSER }),
  objectionNotAllowed: () =>
    new AppError('FORBIDDEN', '无权登记异议 (forbidden)', { reason: CommonReason.MISSING_PERMISSION, details: { permission: 'households.review | households.propose' } }),

  reasonRequired: (field = 'input.reason') =>
    AppError.badInput([{ field, reason: CommonReason.REASON_REQUIRED, message: '驳回须说明理由 (a rejection needs a reason)' }]),
  dateInFuture: (field: string) => AppError.badInput([{ field, reason: CommonReason.DATE_IN_FUTURE, message: '日期不能晚于今天 (the date cannot be in the future)' }]),
  dateBeforeLastChange: (field: string, last: string) =>
    AppError.badInput([{ field, reason: LifecycleReason.DATE_BEFORE_LAST_CHANGE, message: `生效日期不能早于该户上一次状态变更（${last}） (before the household’s last status change)` }]),
  dateBeforeLastStep: (last: string) =>
    AppError.badInput([{ field: 'input.effectiveOn', reason: CommonReason.DATE_BEFORE_LAST_STEP, message: `日期不能早于上一环节（${last}） (before the previous step)` }]),
  appraisalAfterProposal: () =>
    AppError.badInput([{ field: 'input.appraisalOn', reason: LifecycleReason.APPRAISAL_AFTER_PROPOSAL, message: '民主评议日期不能晚于申报日期 (the appraisal comes before the proposal)' }]),
  appraisalRequired: (field: string) =>
    AppError.badInput([{ field, reason: LifecycleReason.APPRAISAL_REQUIRED, message: '脱贫退出须先经村两委民主评议，请填写评议日期 (an exit needs the date of the democratic appraisal)' }]),
  effectiveOnInFuture: (field: string) =>
    AppError.badInput([{ field, reason: LifecycleReason.EFFECTIVE_ON_IN_FUTURE, message: '办理日期不能晚于今天 (the date of a step cannot be in the future)' }]),
  invalidDate: (field: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_DATE, message: '日期格式应为 YYYY-MM-DD (not a date)' }]),
  stepsNotTheProcedure: (field: string, kind: ProposalKind, expected: readonly string[]) =>
    AppError.badInput([
      { field, reason: LifecycleReason.STEPS_NOT_THE_PROCEDURE, message: `${KIND_LABEL[kind]}的环节应依次为 ${expected.join(' → ')} (the steps are not the procedure's, in its order)` },
    ]),
  yearOutOfRange: (field = 'input.year') => AppError.badInput([{ field, reason: LifecycleReason.YEAR_OUT_OF_RANGE, message: '年度应在 2013 年至今年之间 (year out of range)' }]),

  headRequired: () =>
    AppError.badInput([{ field: 'input.newHeadMemberId', reason: LifecycleReason.HEAD_REQUIRED, message: '户主离开须指定本户另一名在册成员为新户主 (name a new head)' }]),
  newHeadInvalid: () =>
    AppError.badInput([{ field: 'input.newHeadMemberId', reason: LifecycleReason.NEW_HEAD_INVALID, message: '新户主须为本户另一名在册成员 (the new head must be another current member)' }]),
  secondHead: (field = 'member.relation') =>
    AppError.badInput([{ field, reason: LifecycleReason.TWO_HEADS, message: '该户已有户主，一户只能有一名户主 (the household already has a head)' }]),
  reasonNotAllowed: (field: string, allowed: string[]) =>
    AppError.badInput([{ field, reason: LifecycleReason.REASON_NOT_ALLOWED, message: `原因应为 ${allowed.join('/')} (reason not allowed here)` }]),
  memberNotCurrent: () => new AppError('CONFLICT', '该成员已不在户 (the member has already left)', { reason: LifecycleReason.MEMBER_NOT_CURRENT }),
  sameHousehold: () => AppError.badInput([{ field: 'input.toHouseholdId', reason: LifecycleReason.SAME_HOUSEHOLD, message: '迁入户与原户相同 (same household)' }]),
  dateBeforeJoin: (field: string) =>
    AppError.badInput([{ field, reason: LifecycleReason.DATE_BEFORE_JOIN, message: '离开日期不能早于入户日期 (before the member joined)' }]),
};
