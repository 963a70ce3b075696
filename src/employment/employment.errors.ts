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
  'PUBLIC_WELFARE_POST_NOT_FOUND',
  'POST_FULL',
  'POST_CLOSED',
  'POST_HOLDER_OTHER_VILLAGE',
  'POST_HOLDER_OUTSIDE_ELIGIBLE_GROUP',
  'POST_PLACES_BELOW_HOLDERS',
  'POST_HOLDERS_OUTSIDE_PERIOD',
  'MONTHLY_INCOME_ABOVE_CEILING',
  'WORKSHOP_NOT_FOUND',
  'WORKSHOP_CHANNEL_REQUIRED',
  'TRAINING_COURSE_NOT_FOUND',
  'TRAINING_REGION_LEVEL',
  'TRAINING_PARTICIPATION_NOT_FOUND',
  'TRAINEE_ALREADY_ENROLLED',
  'TRAINEE_NOT_MEMBER_AT_START',
  'RETURNEE_STARTUP_NOT_FOUND',
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
  invalidPhone: (field = 'input.contactPhone') =>
    AppError.badInput([{ field, reason: CommonReason.INVALID_VALUE, message: '联系方式须为 11 位手机号或带区号的固定电话 (a mobile number of 11 digits or a landline with its area code)' }]),
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
  postNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '公益岗位不存在 (public-welfare post not found)', { reason: EmploymentReason.PUBLIC_WELFARE_POST_NOT_FOUND, field }),
  postFull: (places: number, at: string) =>
    AppError.badInput([{ field: 'input.startsOn', reason: EmploymentReason.POST_FULL, message: `该岗位 ${places} 个名额在 ${at} 已满 (the post's places are all held on that day)` }]),
  postClosed: (lastDay: string) =>
    AppError.badInput([{ field: 'input.startsOn', reason: EmploymentReason.POST_CLOSED, message: `该岗位 ${lastDay} 已结束或撤销，期间须在岗位存续期内 (the post has ended or was closed: the period must lie within the post's)` }]),
  postPlacesBelowHolders: (held: number, on: string) =>
    AppError.badInput([
      { field: 'input.places', reason: EmploymentReason.POST_PLACES_BELOW_HOLDERS, message: `${on} 在岗 ${held} 人，名额不能少于在岗人数 (more holders than places on that day: end a holder's record first)` },
    ]),
  postHoldersOutsidePeriod: (field: string, holder: { startsOn: string; endsOn: string | null }) =>
    AppError.badInput([
      {
        field,
        reason: EmploymentReason.POST_HOLDERS_OUTSIDE_PERIOD,
        message: `有在岗记录 (${holder.startsOn} 至 ${holder.endsOn ?? '今'}) 超出新的岗位期间 (a holder's record runs outside the post's new period: correct it first)`,
      },
    ]),
  postHolderOtherVillage: () =>
    AppError.badInput([
      { field: 'input.memberId', reason: EmploymentReason.POST_HOLDER_OTHER_VILLAGE, message: '该成员不是本村村民；外村人员上岗须填写原因 (the member lives in another village than the post\'s: give otherVillageReason)' },
    ]),
  workshopNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '扶贫车间不存在 (workshop not found)', { reason: EmploymentReason.WORKSHOP_NOT_FOUND, field }),
  workshopChannel: (channel: string) =>
    AppError.badInput([{ field: 'input.channel', reason: EmploymentReason.WORKSHOP_CHANNEL_REQUIRED, message: `在扶贫车间务工的记录，渠道须为“${channel}” (a record in a workshop is of the workshop channel)` }]),
  notInHousehold: (field = 'input.memberId') =>
    AppError.badInput([{ field, reason: EmploymentReason.EMPLOYMENT_MEMBER_NOT_IN_HOUSEHOLD, message: '务工期间该成员不在本户（已迁出或死亡）(the member was not in the household during the period)' }]),
  courseNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '培训班不存在 (training course not found)', { reason: EmploymentReason.TRAINING_COURSE_NOT_FOUND, field }),
  courseRegionLevel: (field = 'input.regionCode') =>
    AppError.badInput([{ field, reason: EmploymentReason.TRAINING_REGION_LEVEL, message: '培训班的组织单位须为村、乡镇或区 (a course is organised by a village, a town or the district)' }]),
  participationNotFound: (field = 'input.id') =>
    new AppError('NOT_FOUND', '参训记录不存在 (trainee enrolment not found)', { reason: EmploymentReason.TRAINING_PARTICIPATION_NOT_FOUND, field }),
  alreadyEnrolled: (field = 'input.memberId') =>
    new AppError('CONFLICT', '该成员已报名此培训班 (the member is already enrolled in the course)', { reason: EmploymentReason.TRAINEE_ALREADY_ENROLLED, field }),
  notMemberAtStart: (startsOn: string, field = 'input.memberId') =>
    AppError.badInput([{ field, reason: EmploymentReason.TRAINEE_NOT_MEMBER_AT_START, message: `培训班开班日 ${startsOn} 该成员不是本户在册成员 (not a current member of the household on the course's start)` }]),
  startupNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '返乡创业记录不存在 (returnee start-up not found)', { reason: EmploymentReason.RETURNEE_STARTUP_NOT_FOUND, field }),
  invalidHours: (field: string, max?: string) =>
    AppError.badInput([
      { field, reason: CommonReason.INVALID_DECIMAL, message: `学时须为${max ? `不超过 ${max} 的非负数` : '正数'}，最多一位小数 (hours: ${max ? `0 to the course's ${max}` : 'positive'}, at most 1 decimal)` },
    ]),
  providerMissing: (field = 'input.provider') => AppError.badInput([{ field, reason: CommonReason.INVALID_VALUE, message: '须填写培训机构或选择经营主体 (give the provider or its entity)' }]),
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
