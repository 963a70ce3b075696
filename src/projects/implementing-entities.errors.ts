import { AppError, FieldProblem } from '../common/errors/app-error';
import { CommonReason, defineReasons, ErrorReason } from '../common/errors/reasons';
import { CreditCodeError } from '../common/identity-number/credit-code';

/** The reason codes of implementing entities and village industry checks (`extensions.reason`). */
export const EntitiesReason = defineReasons('projects', [
  'IMPLEMENTING_ENTITY_NOT_FOUND',
  'IMPLEMENTING_ENTITY_CLOSED',
  'CREDIT_CODE_TAKEN',
  'VILLAGE_CHECK_NOT_FOUND',
  'VILLAGE_CHECK_EXISTS',
  'COOPERATIVE_NOT_IN_VILLAGE',
  'INCOME_SOURCES_MISMATCH',
  'POOR_MEMBERS_WITHOUT_COOPERATIVE',
]);

/** Coded errors of implementing entities and village checks: Chinese message, English in parentheses. */
export const EntitiesErrors = {
  entityNotFound: (field = 'input.id') =>
    new AppError('NOT_FOUND', '经营主体不存在 (implementing entity not found)', { reason: EntitiesReason.IMPLEMENTING_ENTITY_NOT_FOUND, field }),
  entityClosed: (field = 'input.id') =>
    new AppError('CONFLICT', '该经营主体已注销/退出，不能再修改 (the implementing entity is closed)', { reason: EntitiesReason.IMPLEMENTING_ENTITY_CLOSED, field }),
  creditCodeTaken: (field = 'input.creditCode') =>
    new AppError('CONFLICT', '该统一社会信用代码已登记 (an implementing entity with this credit code exists)', { reason: EntitiesReason.CREDIT_CODE_TAKEN, field }),
  /** A credit code parseCreditCode refused, with its reason (CREDIT_CODE_*). */
  creditCodeInvalid: (error: CreditCodeError, field = 'input.creditCode') =>
    AppError.badInput([{ field, reason: CommonReason[error.code] as ErrorReason, message: error.message }]),
  regionNotFound: (field: string) => AppError.badInput([{ field, reason: CommonReason.REGION_NOT_FOUND, message: '区划不存在 (region not found)' }]),
  regionOutOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不能在管辖范围以外的区划登记 (region outside your scope)', { reason: CommonReason.REGION_OUT_OF_SCOPE, field }),
  dateInFuture: (field: string) => AppError.badInput([{ field, reason: CommonReason.DATE_IN_FUTURE, message: '日期不能晚于今天 (the date is in the future)' }]),
  invalidPeriod: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_PERIOD, message }]),
  checkNotFound: (field = 'input.id') =>
    new AppError('NOT_FOUND', '村级产业核查记录不存在 (village industry check not found)', { reason: EntitiesReason.VILLAGE_CHECK_NOT_FOUND, field }),
  checkExists: (year: number, field = 'input.year') =>
    new AppError('CONFLICT', `该村 ${year} 年的产业核查已有记录，请修改原记录 (the village already has a check for ${year})`, { reason: EntitiesReason.VILLAGE_CHECK_EXISTS, field }),
  cooperativeNotInVillage: (field: string) =>
    AppError.badInput([{ field, reason: EntitiesReason.COOPERATIVE_NOT_IN_VILLAGE, message: '合作社须为本村在册的经营主体 (not an active implementing entity of the village)' }]),
  membersWithoutCooperative: (field = 'input.poorHouseholdsInCooperatives') =>
    AppError.badInput([{ field, reason: EntitiesReason.POOR_MEMBERS_WITHOUT_COOPERATIVE, message: '没有登记合作社，入社贫困户数应为 0 (poor members but no cooperative)' }]),
  incomeSourcesMismatch: (sum: string, income: string | null, field = 'input.incomeSources') => {
    const problem: FieldProblem = {
      field,
      reason: EntitiesReason.INCOME_SOURCES_MISMATCH,
      message: `各来源合计 ${sum} 元，与集体经济收入 ${income ?? '（未填）'} 不符 (the sources add up to ${sum}, not the collective income)`,
    };
    return new AppError('BAD_USER_INPUT', problem.message, { reason: problem.reason, problems: [problem], details: { sum, collectiveIncome: income } });
  },
};
