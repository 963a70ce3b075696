import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of the employment ledger (`extensions.reason`). */
export const EmploymentReason = defineReasons('employment', [
  'EMPLOYMENT_RECORD_NOT_FOUND',
  'EMPLOYMENT_OVERLAP',
  'EMPLOYMENT_PERIOD_OUTSIDE_YEAR',
  'EMPLOYMENT_MONTHS_OVER_PERIOD',
  'EMPLOYMENT_MEMBER_NOT_IN_HOUSEHOLD',
  'NOT_SEEKING_MARK_NOT_FOUND',
  'JOB_OPENING_NOT_FOUND',
  'JOB_OPENING_CLOSED',
  'JOB_OPENING_FULL',
  'JOB_OPENING_REGION_LEVEL',
  'JOB_OPENING_SKILL',
  'JOB_OPENING_NOT_OPEN',
]);

/** Coded errors of the employment ledger: Chinese message, English in parentheses. */
export const EmploymentErrors = {
  notFound: (field = 'input.id') => new AppError('NOT_FOUND', '务工就业记录不存在 (employment record not found)', { reason: EmploymentReason.EMPLOYMENT_RECORD_NOT_FOUND, field }),
  markNotFound: (field = 'input.memberId') =>
    new AppError('NOT_FOUND', '该成员没有“暂无就业意愿”标记 (the member is not marked as not seeking work)', { reason: EmploymentReason.NOT_SEEKING_MARK_NOT_FOUND, field }),
  outOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不能登记管辖范围（或本部门）以外的务工就业记录 (outside your write scope: the human resources department and the offices keep the ledger)', {
      reason: CommonReason.REGION_OUT_OF_SCOPE,
      field,
    }),
  invalidAmount: (field: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_DECIMAL, message: '金额须为非负数，最多两位小数 (an amount, not negative, with at most 2 decimals)' }]),
  invalidPeriod: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_PERIOD, message }]),
  invalidValue: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_VALUE, message }]),
  invalidMonths: (field = 'input.monthsWorked') => AppError.badInput([{ field, reason: CommonReason.INVALID_VALUE, message: '务工月数须为 0 至 12 的整数 (months worked: a whole number from 0 to 12)' }]),
  outsideYear: (year: number) =>
    AppError.badInput([{ field: 'input.startsOn', reason: EmploymentReason.EMPLOYMENT_PERIOD_OUTSIDE_YEAR, message: `务工期间与 ${year} 年没有交集 (the period does not fall in the record's year)` }]),
  monthsOverPeriod: (months: number, span: number) =>
    AppError.badInput([
      { field: 'input.monthsWorked', reason: EmploymentReason.EMPLOYMENT_MONTHS_OVER_PERIOD, message: `务工 ${months} 个月，超过该期间在本年内跨越的 ${span} 个月 (more months than the period spans in the year)` },
    ]),
  overlap: (other: { startsOn: string; endsOn: string | null }) =>
    AppError.badInput([
      {
        field: 'input.startsOn',
        reason: EmploymentReason.EMPLOYMENT_OVERLAP,
        message: `与该成员本年 ${other.startsOn} 至 ${other.endsOn ?? '今'} 的务工记录重叠；兼职等情况须填写重叠原因 (overlaps another record of the member in the year: give overlapReason)`,
      },
    ]),
  notInHousehold: (field = 'input.memberId') =>
    AppError.badInput([{ field, reason: EmploymentReason.EMPLOYMENT_MEMBER_NOT_IN_HOUSEHOLD, message: '务工期间该成员不在本户（已迁出或死亡）(the member was not in the household during the period)' }]),
  openingNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '招聘岗位不存在 (job opening not found)', { reason: EmploymentReason.JOB_OPENING_NOT_FOUND, field }),
  openingClosed: (field = 'input.openingId') => new AppError('CONFLICT', '招聘岗位已关闭 (the job opening is closed)', { reason: EmploymentReason.JOB_OPENING_CLOSED, field }),
  openingFull: (places: number, field = 'input.openingId') =>
    new AppError('CONFLICT', `招聘岗位 ${places} 个名额已满 (the job opening's places are taken)`, { reason: EmploymentReason.JOB_OPENING_FULL, field }),
  openingRegionLevel: (field = 'input.regionCode') =>
    AppError.badInput([{ field, reason: EmploymentReason.JOB_OPENING_REGION_LEVEL, message: '岗位所在地须为村、乡镇或县区 (a village, a town or the district)' }]),
  openingSkill: (field = 'input.skills') =>
    AppError.badInput([{ field, reason: EmploymentReason.JOB_OPENING_SKILL, message: '所需劳动技能须为普通劳动力、技能劳动力或弱/半劳动力，至少一项 (at least one of ORDINARY, SKILLED, WEAK_OR_PARTIAL)' }]),
  openingPlaces: (field = 'input.places') => AppError.badInput([{ field, reason: CommonReason.INVALID_VALUE, message: '招聘人数须为不小于 1 的整数 (places: a whole number, at least 1)' }]),
  openingNotOpen: (openFrom: string, openUntil: string | null, field = 'input.startsOn') =>
    AppError.badInput([{ field, reason: EmploymentReason.JOB_OPENING_NOT_OPEN, message: `上岗日期不在岗位开放期 ${openFrom} 至 ${openUntil ?? '关闭'} 内 (the start is outside the opening's period)` }]),
};
