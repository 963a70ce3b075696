import { AppError } from '../common/errors/app-error';
import { defineReasons } from '../common/errors/reasons';
import type { SampleOverflow } from './inspection-sample';

/** The reason codes of inspections (`extensions.reason`, module supervision). */
export const InspectionReason = defineReasons('supervision', [
  'INSPECTION_NOT_FOUND',
  'INSPECTION_END_BEFORE_START',
  'SAMPLE_LARGER_THAN_POPULATION',
  'SAMPLE_ALREADY_DRAWN',
  'SAMPLE_STRATUM_NOT_A_TOWN',
  'SAMPLE_STRATUM_REPEATED',
  'FINDING_INSPECTION_MISMATCH',
  'INSPECTION_VISIT_NOT_FOUND',
  'INSPECTION_VISIT_NOT_SAMPLED',
  'INSPECTION_VISIT_ALREADY_RECORDED',
  'INSPECTION_VISIT_OUTSIDE_INSPECTION',
  'INSPECTION_VISIT_EXIT_CHECK',
  'INSPECTION_VISIT_HAS_FINDING',
]);

/** Coded errors of inspections, each naming its field: Chinese message, English in parentheses. */
export const InspectionErrors = {
  notFound: (field = 'input.id') => new AppError('NOT_FOUND', '督查检查不存在 (inspection not found)', { reason: InspectionReason.INSPECTION_NOT_FOUND, field }),
  endBeforeStart: () =>
    AppError.badInput([{ field: 'input.endOn', reason: InspectionReason.INSPECTION_END_BEFORE_START, message: '结束日期不能早于开始日期 (the end is before the start)' }]),
  /** Every size beyond its population, each with its field; the numbers in details. */
  sampleTooLarge: (overflows: readonly SampleOverflow[]) =>
    new AppError('BAD_USER_INPUT', '抽样数量超过总体数量 (a sample is larger than its population)', {
      reason: InspectionReason.SAMPLE_LARGER_THAN_POPULATION,
      problems: overflows.map((o) => ({
        field: o.field,
        reason: InspectionReason.SAMPLE_LARGER_THAN_POPULATION,
        message: `抽取 ${o.requested} 个，${o.regionCode ? `${o.regionCode} ` : ''}仅有 ${o.population} 个 (asked ${o.requested}, the population is ${o.population})`,
      })),
      details: { overflows: overflows.map((o) => ({ ...o })) },
    }),
  sampleDrawn: () =>
    new AppError('CONFLICT', '该检查已抽样，样本不可重抽 (the sample is drawn; it is not redrawn)', { reason: InspectionReason.SAMPLE_ALREADY_DRAWN, field: 'input.id' }),
  notATown: (field: string) =>
    AppError.badInput([{ field, reason: InspectionReason.SAMPLE_STRATUM_NOT_A_TOWN, message: '抽样分层须为检查范围内的乡镇 (a stratum is a town within the inspection\'s scope)' }]),
  stratumRepeated: (field: string) =>
    AppError.badInput([{ field, reason: InspectionReason.SAMPLE_STRATUM_REPEATED, message: '同一乡镇只能列一次 (a town is listed once)' }]),
  findingMismatch: (field: string, message: string) => AppError.badInput([{ field, reason: InspectionReason.FINDING_INSPECTION_MISMATCH, message }]),
  visitNotFound: (field = 'input.visitId') => new AppError('NOT_FOUND', '走访记录不存在 (visit not found)', { reason: InspectionReason.INSPECTION_VISIT_NOT_FOUND, field }),
  notSampled: () =>
    AppError.badInput([{ field: 'input.householdId', reason: InspectionReason.INSPECTION_VISIT_NOT_SAMPLED, message: '该农户不在本次检查的抽样名单中 (the household is not in the inspection\'s sample)' }]),
  visitRecorded: () =>
    new AppError('CONFLICT', '该农户的走访结果已记录 (the visit of this household is recorded)', { reason: InspectionReason.INSPECTION_VISIT_ALREADY_RECORDED, field: 'input.householdId' }),
  visitOutsideInspection: (startOn: string, endOn: string) =>
    AppError.badInput([
      { field: 'input.visitedOn', reason: InspectionReason.INSPECTION_VISIT_OUTSIDE_INSPECTION, message: `走访日期须在检查期间（${startOn} 至 ${endOn}） (the visit lies outside the inspection's dates)` },
    ]),
  exitCheck: (message: string) => AppError.badInput([{ field: 'input.exitCheck', reason: InspectionReason.INSPECTION_VISIT_EXIT_CHECK, message }]),
  /** A finding is registered from the visit: a second one (field input.visitId), or a correction of what it took from the visit (the field). */
  visitHasFinding: (field = 'input.visitId') =>
    new AppError('CONFLICT', '该走访已登记督查问题 (a finding is already registered from this visit)', { reason: InspectionReason.INSPECTION_VISIT_HAS_FINDING, field }),
};
