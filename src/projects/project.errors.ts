import { AppError, FieldProblem } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of the project library (`extensions.reason`). */
export const ProjectReason = defineReasons('projects', [
  'PROJECT_NOT_FOUND',
  'PROJECT_REGION_LEVEL',
  'PROJECT_ENTRY_FIELD_REQUIRED',
  'PERFORMANCE_TARGETS_REQUIRED',
  'PERFORMANCE_ACTUALS_REQUIRED',
  'OUTSIDE_ADJUSTMENT_QUARTER',
  'PLAN_YEAR_NOT_NEXT',
  'BENEFICIARY_OUTSIDE_PROJECT_AREA',
  'BENEFICIARY_DUPLICATE',
  'PROJECT_CLOSED',
  'LIBRARY_CODE_TAKEN',
]);

/** Coded errors of the project library, each naming the field: Chinese message, English in parentheses. */
export const ProjectErrors = {
  notFound: (field = 'input.id') => new AppError('NOT_FOUND', '项目不存在 (project not found)', { reason: ProjectReason.PROJECT_NOT_FOUND, field }),
  invalid: (problems: FieldProblem[]) => AppError.badInput(problems),
  regionNotFound: (field = 'input.regionCode') => new AppError('NOT_FOUND', '行政区划不存在或不在您的范围内 (region not found)', { reason: CommonReason.REGION_NOT_FOUND, field }),
  regionOutOfScope: (field = 'input.regionCode') =>
    new AppError('FORBIDDEN', '该地区或行业不在您的写入范围内 (outside your write scope)', { reason: CommonReason.REGION_OUT_OF_SCOPE, field }),
  regionLevel: (field = 'input.regionCode'): FieldProblem => ({ field, reason: ProjectReason.PROJECT_REGION_LEVEL, message: '项目地点须为村、乡镇或本区 (a village, town or the district)' }),
  entryFieldsMissing: (fields: readonly string[]) =>
    AppError.badInput(fields.map((field) => ({ field, reason: ProjectReason.PROJECT_ENTRY_FIELD_REQUIRED, message: '入库必填项未填写 (a field the national library requires)' }))),
  performanceTargetsRequired: (field = 'input.performanceTargets') =>
    AppError.badInput([{ field, reason: ProjectReason.PERFORMANCE_TARGETS_REQUIRED, message: '无绩效目标的项目不得入库 (no library entry without performance targets)' }]),
  actualsRequired: (positions: readonly number[]) =>
    AppError.badInput(
      positions.map((i) => ({ field: `performanceTargets.${i}.actualValue`, reason: ProjectReason.PERFORMANCE_ACTUALS_REQUIRED, message: '验收前须填写绩效目标的实际值 (the actual value is recorded before acceptance)' })),
    ),
  outsideAdjustmentQuarter: (quarter: string, on: string) =>
    new AppError('CONFLICT', `项目库调整（纳入下年度计划、出库）只在 ${quarter} 办理，${on} 不在其内 (the library is adjusted in ${quarter} only)`, {
      reason: ProjectReason.OUTSIDE_ADJUSTMENT_QUARTER,
      field: 'input.effectiveOn',
      details: { quarter, effectiveOn: on },
    }),
  planYearNotNext: (expected: number) =>
    AppError.badInput([{ field: 'input.planYear', reason: ProjectReason.PLAN_YEAR_NOT_NEXT, message: `调整时只能纳入下一年度（${expected}）计划 (the next year's plan: ${expected})` }]),
  beneficiaryOutsideArea: (field: string) =>
    AppError.badInput([{ field, reason: ProjectReason.BENEFICIARY_OUTSIDE_PROJECT_AREA, message: '受益户须在项目所在地或列明的受益村 (outside the project area and the named beneficiary villages)' }]),
  beneficiaryDuplicate: (field: string) => AppError.badInput([{ field, reason: ProjectReason.BENEFICIARY_DUPLICATE, message: '受益户重复 (listed twice)' }]),
  householdNotFound: (field: string) => new AppError('NOT_FOUND', '贫困户不存在 (household not found)', { reason: CommonReason.HOUSEHOLD_NOT_FOUND, field }),
  libraryCodeTaken: (field = 'input.libraryCode') =>
    new AppError('CONFLICT', '本地区已有相同项目库编号的项目 (a project of the region has this library code)', { reason: ProjectReason.LIBRARY_CODE_TAKEN, field }),
  closed: (stage: string) =>
    new AppError('CONFLICT', `项目已${stage === 'REJECTED' ? '未通过' : stage === 'REMOVED' ? '出库' : '移交'}，不能再修改 (the project is ${stage})`, { reason: ProjectReason.PROJECT_CLOSED, field: 'input.id', details: { stage } }),
  dateInFuture: (field = 'input.effectiveOn') => AppError.badInput([{ field, reason: CommonReason.DATE_IN_FUTURE, message: '日期不能晚于今天 (the date is in the future)' }]),
  dateBeforeLastStep: (last: string) =>
    AppError.badInput([{ field: 'input.effectiveOn', reason: CommonReason.DATE_BEFORE_LAST_STEP, message: `日期不能早于上一环节（${last}） (before the previous step)` }]),
};
