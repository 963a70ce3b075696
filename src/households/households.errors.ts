import { AppError, FieldProblem } from '../common/errors/app-error';
import { versionConflict } from '../common/concurrency/optimistic-update';

/** The registry's coded errors (Chinese for people, English in parentheses). */
export const HouseholdsErrors = {
  householdNotFound: (field = 'id') =>
    new AppError('NOT_FOUND', '贫困户不存在 (household not found)', { reason: 'HOUSEHOLD_NOT_FOUND', field }),
  memberNotFound: (field = 'id') =>
    new AppError('NOT_FOUND', '家庭成员不存在 (member not found)', { reason: 'MEMBER_NOT_FOUND', field }),
  /** Revealing a member's protected value needs the permission to read members as well as unmask. */
  cannotReadMembers: () =>
    new AppError('FORBIDDEN', '无权查看家庭成员 (not allowed to read members)', {
      reason: 'MISSING_PERMISSION',
      details: { permission: 'households.read' },
    }),
  /** The region does not exist or lies outside the caller's scope: the same answer. */
  regionNotFound: (field: string) =>
    new AppError('NOT_FOUND', '行政区划不存在 (region not found)', { reason: 'REGION_NOT_FOUND', field }),
  notAVillage: (field: string) =>
    AppError.badInput([{ field, reason: 'REGION_NOT_VILLAGE', message: '贫困户须登记在村/社区 (a household belongs to a village)' }]),
  /** The same answer wherever the household with that number is (the caller's scope or not). */
  householdNumberTaken: (field = 'input.householdNumber') =>
    new AppError('CONFLICT', '户编号已被使用 (household number already in use)', { reason: 'HOUSEHOLD_NUMBER_TAKEN', field }),
  /**
   * One person, one active household. The same answer wherever the other household is (the
   * caller's scope or not): no household id, number, region or name, so a refusal tells only
   * that this ID number is a current member of some household.
   */
  personInAnotherHousehold: (field: string) =>
    new AppError('CONFLICT', '该证件号码的人员已是其他贫困户的在册成员，一人只能属于一个贫困户 (this person is already a member of another household)', {
      reason: 'PERSON_IN_ANOTHER_HOUSEHOLD',
      field,
    }),
  invalid: (problems: FieldProblem[]) => AppError.badInput(problems),
  incomeVersionRequired: () =>
    AppError.badInput([{ field: 'input.version', reason: 'VERSION_REQUIRED', message: '该年度收入已存在，须提供读取时的版本号 (send the version you read)' }]),
  incomeVersionUnexpected: () =>
    versionConflict({ currentVersion: null }, '该年度收入尚未登记或已被删除 (no income of that year to update)'),
  povertyLineVersionRequired: () =>
    AppError.badInput([{ field: 'input.version', reason: 'VERSION_REQUIRED', message: '该年度贫困线已存在，须提供读取时的版本号 (send the version you read)' }]),
  noChange: (field: string) =>
    AppError.badInput([{ field, reason: 'NOTHING_TO_CHANGE', message: '没有要修改的内容 (nothing to change)' }]),
};
