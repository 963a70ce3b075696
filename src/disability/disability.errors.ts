import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of the disability module (`extensions.reason`). */
export const DisabilityReason = defineReasons('disability', [
  'DISABILITY_CERTIFICATE_NOT_FOUND',
  'DISABILITY_SUBSIDY_PAYMENT_NOT_FOUND',
  'CERTIFICATE_NUMBER_FORM',
  'CERTIFICATE_NUMBER_ID_INVALID',
  'CERTIFICATE_NUMBER_NOT_MEMBERS',
  'CERTIFICATE_NUMBER_CATEGORY_MISMATCH',
  'CERTIFICATE_NUMBER_GRADE_MISMATCH',
  'CERTIFICATE_GRADE_RANGE',
  'CERTIFICATE_ALREADY_HELD',
  'CERTIFICATE_REVOKED',
  'CERTIFICATE_HAS_PAYMENTS',
  'DISABILITY_MEMBER_NOT_CURRENT',
  'SUBSIDY_WITHOUT_CERTIFICATE',
  'SUBSIDY_PAYMENT_DUPLICATE',
  'SUBSIDY_ABOVE_STANDARD',
  'SUBSIDY_RULE_UNREADABLE',
  'SOCIAL_ASSISTANCE_ENTRY_NOT_FOUND',
  'SOCIAL_ASSISTANCE_CASE_NOT_FOUND',
  'SOCIAL_ASSISTANCE_CASE_RESOLVED',
  'TEKUN_RULE_UNREADABLE',
  'ASSISTANCE_NEED_NOT_FOUND',
  'ASSISTANCE_PROVIDER_NOT_FOUND',
  'ASSISTANCE_MATCH_NOT_FOUND',
  'NEED_MEMBER_NOT_IN_HOUSEHOLD',
  'NEED_NOT_OPEN',
  'PROVIDER_INACTIVE',
  'PROVIDER_NOT_SERVING_REGION',
  'PROVIDER_KIND_NOT_OFFERED',
  'MATCH_DUPLICATE',
  'DISABILITY_SERVICE_NEED_NOT_FOUND',
  'DISABILITY_SERVICE_NOT_FOUND',
  'SERVICE_MEMBER_NOT_DISABLED',
  'SERVICE_DETAIL_MISMATCH',
  'SERVICE_KIND_MISMATCH',
  'SERVICE_NEED_WITHDRAWN',
  'SERVICE_SUBSIDY_ABOVE_COST',
]);

/** Coded errors of the disability module: Chinese message, English in parentheses. */
export const DisabilityErrors = {
  certificateNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '残疾人证记录不存在 (disability certificate not found)', { reason: DisabilityReason.DISABILITY_CERTIFICATE_NOT_FOUND, field }),
  rosterEntryNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '社会救助名册记录不存在 (social-assistance roster entry not found)', { reason: DisabilityReason.SOCIAL_ASSISTANCE_ENTRY_NOT_FOUND, field }),
  caseNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '核对问题不存在 (reconciliation case not found)', { reason: DisabilityReason.SOCIAL_ASSISTANCE_CASE_NOT_FOUND, field }),
  caseResolved: (field = 'input.id') => new AppError('CONFLICT', '该核对问题已处理 (the case is resolved already)', { reason: DisabilityReason.SOCIAL_ASSISTANCE_CASE_RESOLVED, field }),
  paymentNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '补贴发放记录不存在 (subsidy payment not found)', { reason: DisabilityReason.DISABILITY_SUBSIDY_PAYMENT_NOT_FOUND, field }),
  outOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不能登记管辖范围（或本部门）以外的残疾人记录 (outside your write scope: the disabled persons\' federation keeps these records)', { reason: CommonReason.REGION_OUT_OF_SCOPE, field }),
  numberForm: (field = 'input.certificateNumber') =>
    AppError.badInput([{ field, reason: DisabilityReason.CERTIFICATE_NUMBER_FORM, message: '第二代残疾人证号应为 20 位：18 位身份证号 + 1 位残疾类别 + 1 位残疾等级 (20 characters: the 18-character ID number, the category digit 1–7, the grade digit 1–4)' }]),
  numberIdInvalid: (detail: string, field = 'input.certificateNumber') =>
    AppError.badInput([{ field, reason: DisabilityReason.CERTIFICATE_NUMBER_ID_INVALID, message: `证号前 18 位不是有效的身份证号：${detail} (the first 18 characters are not a valid ID number, GB 11643)` }]),
  numberNotMembers: (field = 'input.certificateNumber') =>
    AppError.badInput([{ field, reason: DisabilityReason.CERTIFICATE_NUMBER_NOT_MEMBERS, message: '证号中的身份证号与该成员不符 (the ID number in the certificate number is not the member\'s)' }]),
  numberCategory: (digit: string, field = 'input.certificateNumber') =>
    AppError.badInput([{ field, reason: DisabilityReason.CERTIFICATE_NUMBER_CATEGORY_MISMATCH, message: `证号第 19 位应为残疾类别代码 ${digit} (the 19th character must be the category's digit ${digit})` }]),
  numberGrade: (grade: number, field = 'input.certificateNumber') =>
    AppError.badInput([{ field, reason: DisabilityReason.CERTIFICATE_NUMBER_GRADE_MISMATCH, message: `证号第 20 位应为残疾等级 ${grade} (the 20th character must be the grade ${grade})` }]),
  gradeRange: (field = 'input.grade') => AppError.badInput([{ field, reason: DisabilityReason.CERTIFICATE_GRADE_RANGE, message: '残疾等级应为 1–4 级 (the grade is 1–4)' }]),
  alreadyHeld: (field = 'input.memberId') =>
    new AppError('CONFLICT', '该成员已有未注销的残疾人证：请更正或先注销 (the member holds an unrevoked certificate: correct it, or revoke it first)', { reason: DisabilityReason.CERTIFICATE_ALREADY_HELD, field }),
  revoked: (field = 'input.id') => new AppError('CONFLICT', '该残疾人证已注销 (the certificate is revoked)', { reason: DisabilityReason.CERTIFICATE_REVOKED, field }),
  hasPayments: (field = 'input.id') =>
    new AppError('CONFLICT', '已有补贴按此证发放，不能删除，只能注销 (subsidies were paid under this certificate: revoke it instead of deleting it)', { reason: DisabilityReason.CERTIFICATE_HAS_PAYMENTS, field }),
  notCurrent: (field = 'input.memberId', month?: string) =>
    AppError.badInput([
      { field, reason: DisabilityReason.DISABILITY_MEMBER_NOT_CURRENT, message: month ? `该成员 ${month} 不在本户 (not in the household during the month)` : '该成员不是本户在册成员 (not a current member of the household)' },
    ]),
  withoutCertificate: (month: string, field = 'input.memberId') =>
    AppError.badInput([{ field, reason: DisabilityReason.SUBSIDY_WITHOUT_CERTIFICATE, message: `该成员 ${month} 无有效残疾人证，不能发放补贴 (no valid certificate in the month: no subsidy)` }]),
  duplicate: (month: string, field = 'input.month') =>
    new AppError('CONFLICT', `该成员 ${month} 已有该项补贴发放记录 (the member already has a payment of this subsidy for the month: correct it instead)`, { reason: DisabilityReason.SUBSIDY_PAYMENT_DUPLICATE, field }),
  aboveStandard: (standard: string, field = 'input.amount') =>
    AppError.badInput([{ field, reason: DisabilityReason.SUBSIDY_ABOVE_STANDARD, message: `发放金额超过该月补贴标准 ${standard} 元 (above the month's standard)` }]),
  ruleUnreadable: (key: string, field: string) =>
    AppError.badInput([{ field, reason: DisabilityReason.SUBSIDY_RULE_UNREADABLE, message: `政策参数 ${key} 的规则无法解读 (the rule's text names neither the person nor the family on 低保)` }]),
  tekunRuleUnreadable: (key: string, field: string) =>
    AppError.badInput([{ field, reason: DisabilityReason.TEKUN_RULE_UNREADABLE, message: `政策参数 ${key} 的值无法解读 (the 特困 parameter's value cannot be read)` }]),
  needNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '救助需求不存在 (assistance need not found)', { reason: DisabilityReason.ASSISTANCE_NEED_NOT_FOUND, field }),
  providerNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '帮扶资源不存在 (assistance provider not found)', { reason: DisabilityReason.ASSISTANCE_PROVIDER_NOT_FOUND, field }),
  matchNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '供需对接记录不存在 (match not found)', { reason: DisabilityReason.ASSISTANCE_MATCH_NOT_FOUND, field }),
  needMemberNotInHousehold: (field = 'input.memberId') =>
    AppError.badInput([{ field, reason: DisabilityReason.NEED_MEMBER_NOT_IN_HOUSEHOLD, message: '该成员不是本户在册成员 (not a current member of the household)' }]),
  needNotOpen: (field = 'input.needId') => new AppError('CONFLICT', '该需求已满足或已撤回，不能再对接 (the need is met or withdrawn)', { reason: DisabilityReason.NEED_NOT_OPEN, field }),
  providerInactive: (field = 'input.providerId') => new AppError('CONFLICT', '该帮扶资源已停用 (the provider takes no new matches)', { reason: DisabilityReason.PROVIDER_INACTIVE, field }),
  providerNotServing: (field = 'input.providerId') =>
    AppError.badInput([{ field, reason: DisabilityReason.PROVIDER_NOT_SERVING_REGION, message: '该帮扶资源的服务区域不含该户所在村 (the provider does not serve the household\'s village)' }]),
  providerKindNotOffered: (field = 'input.providerId') =>
    AppError.badInput([{ field, reason: DisabilityReason.PROVIDER_KIND_NOT_OFFERED, message: '该帮扶资源不提供此类帮扶 (the provider does not offer this kind of help)' }]),
  matchDuplicate: (field = 'input.providerId') =>
    new AppError('CONFLICT', '该需求与该帮扶资源已有进行中的对接 (a live match of this need with this provider exists)', { reason: DisabilityReason.MATCH_DUPLICATE, field }),
  serviceNeedNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '残疾人服务需求不存在 (disability service need not found)', { reason: DisabilityReason.DISABILITY_SERVICE_NEED_NOT_FOUND, field }),
  serviceNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '残疾人服务记录不存在 (disability service not found)', { reason: DisabilityReason.DISABILITY_SERVICE_NOT_FOUND, field }),
  serviceMemberNotDisabled: (day: string, field = 'input.memberId') =>
    AppError.badInput([{ field, reason: DisabilityReason.SERVICE_MEMBER_NOT_DISABLED, message: `该成员 ${day} 既无有效残疾人证，登记信息也未标注残疾 (neither a certificate valid on the day nor marked disabled in the registry)` }]),
  serviceDetail: (field: string, message: string) => AppError.badInput([{ field, reason: DisabilityReason.SERVICE_DETAIL_MISMATCH, message }]),
  serviceKindMismatch: (field = 'input.kind') => AppError.badInput([{ field, reason: DisabilityReason.SERVICE_KIND_MISMATCH, message: '服务类别与需求类别不符 (the service is not of the need\'s kind)' }]),
  serviceNeedWithdrawn: (field = 'input.needId') => new AppError('CONFLICT', '该服务需求已撤回 (the need is withdrawn: reopen it first)', { reason: DisabilityReason.SERVICE_NEED_WITHDRAWN, field }),
  subsidyAboveCost: (field = 'input.subsidy') => AppError.badInput([{ field, reason: DisabilityReason.SERVICE_SUBSIDY_ABOVE_COST, message: '补助金额不能超过服务费用 (the subsidy is above the cost)' }]),
  serviceAmount: (field: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_DECIMAL, message: '金额不能为负数，最多两位小数 (not negative, at most 2 decimals)' }]),
  invalidAmount: (field = 'input.amount') => AppError.badInput([{ field, reason: CommonReason.INVALID_DECIMAL, message: '金额须为正数，最多两位小数 (a positive amount with at most 2 decimals)' }]),
  invalidPeriod: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_PERIOD, message }]),
  invalidValue: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_VALUE, message }]),
};
