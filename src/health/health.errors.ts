import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of the health module (`extensions.reason`). */
export const HealthReason = defineReasons('health', ['INSURANCE_ENROLMENT_NOT_FOUND', 'INSURANCE_ENROLMENT_DUPLICATE', 'HEALTH_MEMBER_NOT_CURRENT', 'SUBSIDY_ABOVE_PREMIUM', 'FAMILY_DOCTOR_CONTRACT_NOT_FOUND', 'FAMILY_DOCTOR_CONTRACT_OVERLAP', 'FOLLOW_UP_OUTSIDE_CONTRACT', 'FOLLOW_UP_NOT_FOUND', 'HOSPITAL_STAY_NOT_FOUND', 'HEALTH_MEMBER_NOT_IN_HOUSEHOLD', 'ICD10_INVALID', 'LAYER_PAID_ABOVE_TOTAL', 'PAYMENTS_ABOVE_TOTAL']);

/** Coded errors of the health module: Chinese message, English in parentheses. */
export const HealthErrors = {
  enrolmentNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '参保记录不存在 (insurance enrolment not found)', { reason: HealthReason.INSURANCE_ENROLMENT_NOT_FOUND, field }),
  duplicateEnrolment: (year: number, layer: string, field = 'input.layer') =>
    new AppError('CONFLICT', `该成员 ${year} 年已有“${layer}”参保记录 (the member already has a record of this layer in the year: correct it instead)`, {
      reason: HealthReason.INSURANCE_ENROLMENT_DUPLICATE,
      field,
    }),
  outOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不能登记管辖范围（或本部门）以外的健康扶贫记录 (outside your write scope: the health department and the offices keep these records)', {
      reason: CommonReason.REGION_OUT_OF_SCOPE,
      field,
    }),
  notCurrent: (year: number, field = 'input.memberId') =>
    AppError.badInput([{ field, reason: HealthReason.HEALTH_MEMBER_NOT_CURRENT, message: `该成员不是本户在册成员，或 ${year} 年不在本户 (not a current member of the household, or not in it during the year)` }]),
  invalidAmount: (field: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_DECIMAL, message: '金额须为非负数，最多两位小数 (an amount, not negative, with at most 2 decimals)' }]),
  subsidyAbovePremium: (field = 'input.subsidy') =>
    AppError.badInput([{ field, reason: HealthReason.SUBSIDY_ABOVE_PREMIUM, message: '资助金额不能超过保费 (the subsidy cannot exceed the premium)' }]),
  contractNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '家庭医生签约记录不存在 (family-doctor contract not found)', { reason: HealthReason.FAMILY_DOCTOR_CONTRACT_NOT_FOUND, field }),
  followUpNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '随访记录不存在 (follow-up not found)', { reason: HealthReason.FOLLOW_UP_NOT_FOUND, field }),
  contractOverlap: (other: { startsOn: string; endsOn: string | null }) =>
    AppError.badInput([
      { field: 'input.startsOn', reason: HealthReason.FAMILY_DOCTOR_CONTRACT_OVERLAP, message: `与该成员 ${other.startsOn} 至 ${other.endsOn ?? '今'} 的签约重叠 (overlaps another contract of the member: end it first)` },
    ]),
  invalidPeriod: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_PERIOD, message }]),
  invalidValue: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_VALUE, message }]),
  followUpOutside: (c: { startsOn: string; endsOn: string | null }, field = 'input.followedOn') =>
    AppError.badInput([{ field, reason: HealthReason.FOLLOW_UP_OUTSIDE_CONTRACT, message: `随访日期须在签约期 ${c.startsOn} 至 ${c.endsOn ?? '今'} 内 (the follow-up falls outside the contract's period)` }]),
  stayNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '住院记录不存在 (hospital stay not found)', { reason: HealthReason.HOSPITAL_STAY_NOT_FOUND, field }),
  notInHousehold: (field = 'input.memberId') =>
    AppError.badInput([{ field, reason: HealthReason.HEALTH_MEMBER_NOT_IN_HOUSEHOLD, message: '住院期间该成员不在本户 (the member was not in the household during the stay)' }]),
  icd10: (field = 'input.icd10Code') =>
    AppError.badInput([{ field, reason: HealthReason.ICD10_INVALID, message: 'ICD-10 编码格式应为一个大写字母加两位数字，可带小数点及数字，如 J18 或 J18.9 (a letter, two digits, optionally a dot and digits)' }]),
  layerAboveTotal: (field: string) =>
    AppError.badInput([{ field, reason: HealthReason.LAYER_PAID_ABOVE_TOTAL, message: '单项报销金额不能超过总费用 (a layer cannot pay more than the total cost)' }]),
  paymentsAboveTotal: (sum: string, total: string) =>
    AppError.badInput([
      { field: 'input.householdPaid', reason: HealthReason.PAYMENTS_ABOVE_TOTAL, message: `各项报销与个人自付合计 ${sum} 元，超过总费用 ${total} 元 (the layers' and the household's payments exceed the total cost)` },
    ]),
};
