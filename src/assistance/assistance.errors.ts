import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes this module answers with (`extensions.reason`). */
export const AssistanceReason = defineReasons('assistance', [
  'ALREADY_ASSIGNED',
  'ALREADY_PAIRED',
  'ASSIGNMENT_ALREADY_ENDED',
  'ASSISTING_UNIT_NAME_TAKEN',
  'ASSISTING_UNIT_NOT_FOUND',
  'END_BEFORE_LOGGED_VISIT',
  'END_BEFORE_START',
  'FIRST_OUT_OF_RANGE',
  'HELPER_NOT_FOUND',
  'HELPER_NOT_PAIRED',
  'NOT_A_VILLAGE',
  'PAIRING_ALREADY_ENDED',
  'PAIRING_NOT_FOUND',
  'PAIRING_OVERLAP',
  'VILLAGE_ASSIGNMENT_NOT_FOUND',
  'VILLAGE_ROLE_FILLED',
]);

/** Coded errors of assistance (帮扶): Chinese message with the English in parentheses. */
export const AssistanceErrors = {
  unitNotFound: (field = 'unitId') =>
    new AppError('NOT_FOUND', '帮扶单位不存在 (assisting unit not found)', { reason: AssistanceReason.ASSISTING_UNIT_NOT_FOUND, field }),
  helperNotFound: (field = 'helperId') =>
    new AppError('NOT_FOUND', '帮扶责任人不存在 (helper not found)', { reason: AssistanceReason.HELPER_NOT_FOUND, field }),
  householdNotFound: (field = 'householdId') =>
    new AppError('NOT_FOUND', '贫困户不存在 (household not found)', { reason: CommonReason.HOUSEHOLD_NOT_FOUND, field }),
  pairingNotFound: () =>
    new AppError('NOT_FOUND', '结对帮扶关系不存在 (pairing not found)', { reason: AssistanceReason.PAIRING_NOT_FOUND, field: 'pairingId' }),
  assignmentNotFound: () =>
    new AppError('NOT_FOUND', '驻村任职记录不存在 (village assignment not found)', { reason: AssistanceReason.VILLAGE_ASSIGNMENT_NOT_FOUND, field: 'id' }),
  unitNameTaken: () =>
    new AppError('CONFLICT', '帮扶单位名称已存在 (an assisting unit of that name exists)', { reason: AssistanceReason.ASSISTING_UNIT_NAME_TAKEN, field: 'name' }),
  regionNotFound: (field: string) =>
    AppError.badInput([{ field, reason: CommonReason.REGION_NOT_FOUND, message: '区划不存在 (region not found)' }]),
  regionOutOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不能在管辖范围以外的区划操作 (region outside your scope)', { reason: CommonReason.REGION_OUT_OF_SCOPE, field }),
  notAVillage: (field: string) =>
    AppError.badInput([{ field, reason: AssistanceReason.NOT_A_VILLAGE, message: '第一书记和驻村工作队只能派驻到村/社区 (teams are assigned to a village)' }]),
  householdNotOnRoll: () =>
    AppError.badInput([
      { field: 'householdId', reason: CommonReason.HOUSEHOLD_REMOVED, message: '该户已被剔除，不能结对帮扶 (the household was removed from the roll)' },
    ]),
  alreadyPaired: () =>
    new AppError('CONFLICT', '该帮扶责任人与该户已有结对关系 (the helper is already paired with the household)', {
      reason: AssistanceReason.ALREADY_PAIRED,
      field: 'householdId',
    }),
  pairingOverlap: (startOn: string, endOn: string | null) =>
    new AppError('CONFLICT', `与已有结对期间 ${startOn}–${endOn ?? ''} 重叠 (overlaps an earlier pairing of the same helper and household)`, {
      reason: AssistanceReason.PAIRING_OVERLAP,
      field: 'startOn',
    }),
  pairingEnded: () =>
    new AppError('CONFLICT', '结对关系已结束 (the pairing has already ended)', { reason: AssistanceReason.PAIRING_ALREADY_ENDED, field: 'pairingId' }),
  endBeforeStart: (startOn: string) =>
    AppError.badInput([{ field: 'endOn', reason: AssistanceReason.END_BEFORE_START, message: `结束日期不能早于开始日期 ${startOn} (ends before it starts)` }]),
  endBeforeVisit: (visitedOn: string) =>
    AppError.badInput([
      {
        field: 'endOn',
        reason: AssistanceReason.END_BEFORE_LOGGED_VISIT,
        message: `该结对在 ${visitedOn} 已有走访记录，结束日期不能更早 (a visit is logged after that date)`,
      },
    ]),
  helperNotPaired: (visitedOn: string) =>
    AppError.badInput([
      {
        field: 'helperId',
        reason: AssistanceReason.HELPER_NOT_PAIRED,
        message: `${visitedOn} 该帮扶责任人未与该户结对，不能登记走访 (the helper was not paired with the household on that date)`,
      },
    ]),
  dateInFuture: (field: string) =>
    AppError.badInput([{ field, reason: CommonReason.DATE_IN_FUTURE, message: '日期不能晚于今天 (the date is in the future)' }]),
  invalidPeriod: () =>
    AppError.badInput([{ field: 'to', reason: CommonReason.INVALID_PERIOD, message: '结束日期不能早于开始日期 (to is before from)' }]),
  firstOutOfRange: (max: number) =>
    AppError.badInput([{ field: 'first', reason: AssistanceReason.FIRST_OUT_OF_RANGE, message: `first 应在 0 到 ${max} 之间 (first must be 0 to ${max})` }]),
  roleFilled: (role: string, personName: string) =>
    new AppError('CONFLICT', `该村在此期间已有${role}：${personName} (the village already has one for that period)`, {
      reason: AssistanceReason.VILLAGE_ROLE_FILLED,
      field: 'role',
    }),
  alreadyOnTeam: () =>
    new AppError('CONFLICT', '此人在此期间已在该村任同一职务 (already assigned to that role in the period)', {
      reason: AssistanceReason.ALREADY_ASSIGNED,
      field: 'personName',
    }),
  assignmentEnded: () =>
    new AppError('CONFLICT', '该任职已结束 (the assignment has already ended)', { reason: AssistanceReason.ASSIGNMENT_ALREADY_ENDED, field: 'id' }),
};
