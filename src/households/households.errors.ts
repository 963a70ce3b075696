import { AppError, FieldProblem } from '../common/errors/app-error';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes this module answers with (`extensions.reason`). */
export const HouseholdsReason = defineReasons('households', [
  'AMOUNT_FORMAT',
  'AMOUNT_TOO_LARGE',
  'BIRTH_DATE_CONTRADICTS_ID_NUMBER',
  'BIRTH_DATE_INVALID',
  'BIRTH_DATE_REQUIRED',
  'DILAPIDATION_GRADE_WITHOUT_DILAPIDATED_HOUSING',
  'DISABILITY_GRADE_RANGE',
  'DISABILITY_GRADE_WITHOUT_DISABILITY',
  'DISABILITY_TYPE_WITHOUT_DISABILITY',
  'DIVIDEND_EXCEEDS_PROPERTY_INCOME',
  'DUPLICATE_ID_NUMBER',
  'HEAD_SPOUSE_SAME_SEX',
  'HEALTHY_WITH_CONDITION',
  'HEALTH_REPEATED',
  'HEALTH_REQUIRED',
  'HOUSEHOLD_NUMBER_TAKEN',
  'ID_NUMBER_FORMAT',
  'JOINED_ON_INVALID',
  'LINE_REQUIRED',
  'MONTHS_WORKED_RANGE',
  'MORE_THAN_ONE_HEAD',
  'NOTHING_TO_CHANGE',
  'NOT_AVAILABLE_AS_OF',
  'NO_HEAD',
  'OTHER_CAUSE_REPEATED',
  'OTHER_CAUSE_REPEATS_PRIMARY',
  'PERSON_IN_ANOTHER_HOUSEHOLD',
  'POVERTY_LINE_NOT_FOUND',
  'REGION_NOT_VILLAGE',
  'RELOCATION_DETAILS_WITHOUT_RELOCATION',
  'SCHOOL_AGE_EDUCATION_OR_SCHOOLING',
  'SEX_CONTRADICTS_ID_NUMBER',
  'SEX_REQUIRED',
  'TOO_MANY_OTHER_CAUSES',
  'VERSION_REQUIRED',
  'YEAR_REGISTERED_RANGE',
]);

/** The registry's coded errors (Chinese for people, English in parentheses). */
export const HouseholdsErrors = {
  householdNotFound: (field = 'id') =>
    new AppError('NOT_FOUND', '贫困户不存在 (household not found)', { reason: CommonReason.HOUSEHOLD_NOT_FOUND, field }),
  memberNotFound: (field = 'id') =>
    new AppError('NOT_FOUND', '家庭成员不存在 (member not found)', { reason: CommonReason.MEMBER_NOT_FOUND, field }),
  /** Revealing a member's protected value needs the permission to read members as well as unmask. */
  cannotReadMembers: () =>
    new AppError('FORBIDDEN', '无权查看家庭成员 (not allowed to read members)', {
      reason: CommonReason.MISSING_PERMISSION,
      details: { permission: 'households.read' },
    }),
  /** The region does not exist or lies outside the caller's scope: the same answer. */
  regionNotFound: (field: string) =>
    new AppError('NOT_FOUND', '行政区划不存在 (region not found)', { reason: CommonReason.REGION_NOT_FOUND, field }),
  notAVillage: (field: string) =>
    AppError.badInput([{ field, reason: HouseholdsReason.REGION_NOT_VILLAGE, message: '贫困户须登记在村/社区 (a household belongs to a village)' }]),
  /** The same answer wherever the household with that number is (the caller's scope or not). */
  householdNumberTaken: (field = 'input.householdNumber') =>
    new AppError('CONFLICT', '户编号已被使用 (household number already in use)', { reason: HouseholdsReason.HOUSEHOLD_NUMBER_TAKEN, field }),
  /**
   * One person, one active household. The same answer wherever the other household is (the
   * caller's scope or not): no household id, number, region or name, so a refusal tells only
   * that this ID number is a current member of some household.
   */
  personInAnotherHousehold: (field: string) =>
    new AppError('CONFLICT', '该证件号码的人员已是其他贫困户的在册成员，一人只能属于一个贫困户 (this person is already a member of another household)', {
      reason: HouseholdsReason.PERSON_IN_ANOTHER_HOUSEHOLD,
      field,
    }),
  invalid: (problems: FieldProblem[]) => AppError.badInput(problems),
  incomeVersionRequired: () =>
    AppError.badInput([{ field: 'input.version', reason: HouseholdsReason.VERSION_REQUIRED, message: '该年度收入已存在，须提供读取时的版本号 (send the version you read)' }]),
  incomeVersionUnexpected: () =>
    versionConflict({ currentVersion: null }, '该年度收入尚未登记或已被删除 (no income of that year to update)'),
  povertyLineVersionRequired: () =>
    AppError.badInput([{ field: 'input.version', reason: HouseholdsReason.VERSION_REQUIRED, message: '该年度贫困线已存在，须提供读取时的版本号 (send the version you read)' }]),
  noChange: (field: string) =>
    AppError.badInput([{ field, reason: HouseholdsReason.NOTHING_TO_CHANGE, message: '没有要修改的内容 (nothing to change)' }]),
};
