import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of the funds module (`extensions.reason`). */
export const FundsReason = defineReasons('funds', [
  'FUND_DOCUMENT_NOT_FOUND',
  'FUND_ALLOCATION_NOT_FOUND',
  'PROJECT_FUNDING_NOT_FOUND',
  'FUND_DOCUMENT_NUMBER_TAKEN',
  'FUND_FUNCTION_CODE',
  'FUND_REGION_NOT_DISTRICT',
  'FUND_YEAR_NOT_PARENT',
  'FUND_LEVEL_NOT_BELOW_PARENT',
  'FUND_OVER_SOURCE',
  'FUND_AMOUNT_BELOW_COMMITTED',
  'FUND_HAS_COMMITMENTS',
  'FUND_SOURCE_CANCELLED',
  'FUND_ALREADY_CANCELLED',
  'FUND_REGION_OUTSIDE_SOURCE',
  'FUND_DATE_BEFORE_SOURCE',
  'FUND_REIMBURSEMENT_NOT_FOUND',
  'FUND_LINES_SUM',
  'FUND_VOUCHERS_MISSING',
  'FUND_NEGATIVE_LIST',
  'FUND_STEP_OUT_OF_ORDER',
  'FUND_NOT_YOUR_STEP',
  'FUND_BANK_ACCOUNT',
  'FUND_PAYMENT_FIELDS',
  'FUND_ROSTER_SUM',
  'FUND_ROSTER_DUPLICATE',
  'FUND_HOUSEHOLD_NOT_FOUND',
  'FUND_NO_LINES',
  'FUND_ALREADY_DISCLOSED',
  'FUND_PAYMENT_NOT_FOUND',
  'FUND_PAYMENT_ALREADY_REVERSED',
  'FUND_PAYMENT_IS_REVERSAL',
  'FUND_ALLOCATION_FROM_RUN',
]);

const bad = (field: string, reason: (typeof FundsReason)[keyof typeof FundsReason] | (typeof CommonReason)[keyof typeof CommonReason], message: string, details?: Record<string, unknown>) =>
  new AppError('BAD_USER_INPUT', message, { reason, field, problems: [{ field, reason, message }], ...(details ? { details } : {}) });

/** Coded errors of the funds module, each naming the field (Chinese message, English in parentheses). */
export const FundsErrors = {
  documentNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '指标文件不存在 (fund document not found)', { reason: FundsReason.FUND_DOCUMENT_NOT_FOUND, field }),
  allocationNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '资金分配记录不存在 (allocation not found)', { reason: FundsReason.FUND_ALLOCATION_NOT_FOUND, field }),
  fundingNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '项目资金安排不存在 (project funding not found)', { reason: FundsReason.PROJECT_FUNDING_NOT_FOUND, field }),
  invalidAmount: (field = 'input.amount') => bad(field, CommonReason.INVALID_DECIMAL, '金额须为正数，最多两位小数 (a positive amount with at most 2 decimals)'),
  numberTaken: (field = 'input.documentNumber') =>
    new AppError('CONFLICT', '同一发文单位同一年度已有该文号的指标文件 (a document with this number from this issuer and year exists)', { reason: FundsReason.FUND_DOCUMENT_NUMBER_TAKEN, field }),
  functionCode: (field = 'input.functionCode') => bad(field, FundsReason.FUND_FUNCTION_CODE, '政府收支分类科目应为 3、5 或 7 位数字（类、款、项），如 2130599 (3, 5 or 7 digits)'),
  regionNotDistrict: (field = 'input.regionCode') => bad(field, FundsReason.FUND_REGION_NOT_DISTRICT, '指标文件的接收地区应为区（县） (a document is received by a district)'),
  yearNotParent: (year: number, parentYear: number) =>
    bad('input.year', FundsReason.FUND_YEAR_NOT_PARENT, `下级文件的年度 ${year} 应与上级文件的年度 ${parentYear} 一致 (a child document's year is its parent's)`, { parentYear }),
  levelNotBelowParent: (level: string, parentLevel: string) =>
    bad('input.level', FundsReason.FUND_LEVEL_NOT_BELOW_PARENT, `下级文件的级次 ${level} 应低于上级文件的级次 ${parentLevel} (a child document's level is below its parent's)`, { parentLevel }),
  overSource: (field: string, source: { id: string; amount: string; committed: string; available: string }, requested: string) =>
    bad(field, FundsReason.FUND_OVER_SOURCE, `超出来源可用额度：可用 ${source.available} 元，申请 ${requested} 元 (over what is left of its source)`, {
      sourceId: source.id,
      sourceAmount: source.amount,
      committed: source.committed,
      available: source.available,
      requested,
    }),
  belowCommitted: (committed: string) =>
    bad('input.amount', FundsReason.FUND_AMOUNT_BELOW_COMMITTED, `金额不能低于已分配（已安排）的 ${committed} 元 (the amount cannot go below what is already committed)`, { committed }),
  fromRun: (runId: string) =>
    bad('input.amount', FundsReason.FUND_ALLOCATION_FROM_RUN, '按因素法测算下达的分配，金额以测算为准；调整请重新测算并下达 (the amount of an allocation applied from a factor run is the run\'s: run again to change it)', { runId }),
  hasCommitments: (committed: string) =>
    new AppError('CONFLICT', `已有下级文件、分配、项目安排或报账共 ${committed} 元，先撤销它们 (cancel what it committed first)`, { reason: FundsReason.FUND_HAS_COMMITMENTS, field: 'input.id', details: { committed } }),
  sourceCancelled: (field: string) => new AppError('CONFLICT', '来源记录已撤销 (the source record is cancelled)', { reason: FundsReason.FUND_SOURCE_CANCELLED, field }),
  alreadyCancelled: () => new AppError('CONFLICT', '该记录已撤销 (already cancelled)', { reason: FundsReason.FUND_ALREADY_CANCELLED, field: 'input.id' }),
  regionOutsideSource: (field: string, sourceRegion: string) =>
    bad(field, FundsReason.FUND_REGION_OUTSIDE_SOURCE, `不在来源记录的地区 ${sourceRegion} 内 (not within the source's region)`, { sourceRegion }),
  dateBeforeSource: (field: string, sourceDate: string) =>
    bad(field, FundsReason.FUND_DATE_BEFORE_SOURCE, `日期不能早于来源记录的日期 ${sourceDate} (dated before its source)`, { sourceDate }),
  dateInFuture: (field: string) => bad(field, CommonReason.DATE_IN_FUTURE, '日期不能晚于今天 (the date is in the future)'),
  invalidDate: (field: string) => bad(field, CommonReason.INVALID_DATE, '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)'),
  outOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不在您的管辖范围或部门职责内 (outside your region or sector)', { reason: CommonReason.REGION_OUT_OF_SCOPE, field }),
  reimbursementNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '报账申请不存在 (reimbursement not found)', { reason: FundsReason.FUND_REIMBURSEMENT_NOT_FOUND, field }),
  noLines: () => bad('input.lines', FundsReason.FUND_NO_LINES, '至少填写一条支出明细 (at least one line)'),
  linesSum: (sum: string, amount: string) =>
    bad('input.lines', FundsReason.FUND_LINES_SUM, `支出明细合计 ${sum} 元与申请金额 ${amount} 元不符 (the lines do not add up to the amount)`, { sum, amount }),
  vouchersMissing: (missing: string[], parameter: { key: string; source: string | null; status: string }) =>
    bad('input.vouchers', FundsReason.FUND_VOUCHERS_MISSING, `缺少报账凭证：${missing.join('、')} (vouchers missing)`, { missing, parameter }),
  negativeList: (field: string, expenseType: string, parameter: { key: string; source: string | null; status: string }) =>
    bad(field, FundsReason.FUND_NEGATIVE_LIST, `支出类型「${expenseType}」在负面清单内，不得使用扶贫资金 (the expense type is on the negative list; list status ${parameter.status})`, { expenseType, parameter }),
  stepOutOfOrder: (status: string, required: string[]) =>
    new AppError('CONFLICT', `报账流程不能跳步：当前状态 ${status}，此操作要求 ${required.join(' 或 ')} (a step of the flow cannot be skipped or repeated)`, {
      reason: FundsReason.FUND_STEP_OUT_OF_ORDER,
      field: 'input.id',
      details: { status, required },
    }),
  notYourStep: (status: string, by: string) =>
    new AppError('FORBIDDEN', `当前步骤由${by}办理 (this step is another office's: ${by})`, { reason: FundsReason.FUND_NOT_YOUR_STEP, field: 'input.id', details: { status, by } }),
  bankAccount: (field = 'input.account.bankAccount') => bad(field, FundsReason.FUND_BANK_ACCOUNT, '银行账号应为 10 至 30 位数字（可含空格、连字符） (a bank account of 10 to 30 digits)'),
  paymentFields: (field: string, message: string) => bad(field, FundsReason.FUND_PAYMENT_FIELDS, message),
  rosterSum: (sum: string, amount: string) =>
    bad('input.households', FundsReason.FUND_ROSTER_SUM, `花名册合计 ${sum} 元与支付金额 ${amount} 元不符 (the roster does not add up to the payment)`, { sum, amount }),
  rosterDuplicate: (field: string) => bad(field, FundsReason.FUND_ROSTER_DUPLICATE, '同一户在花名册中重复 (a household twice on the roster)'),
  householdNotFound: (field: string) => new AppError('NOT_FOUND', '农户不存在或不在您的管辖范围内 (household not found in your region)', { reason: FundsReason.FUND_HOUSEHOLD_NOT_FOUND, field }),
  alreadyDisclosed: (publishedOn: string) =>
    new AppError('CONFLICT', `该分配结果已于 ${publishedOn} 公开 (already published as a notice)`, { reason: FundsReason.FUND_ALREADY_DISCLOSED, field: 'input.id', details: { publishedOn } }),
  paymentNotFound: (field = 'input.paymentId') => new AppError('NOT_FOUND', '支付记录不存在 (payment not found)', { reason: FundsReason.FUND_PAYMENT_NOT_FOUND, field }),
  paymentAlreadyReversed: (reversalId: string | null) =>
    new AppError('CONFLICT', '该支付已冲销 (the payment has been reversed already)', { reason: FundsReason.FUND_PAYMENT_ALREADY_REVERSED, field: 'input.paymentId', details: { reversalId } }),
  paymentIsReversal: () =>
    bad('input.paymentId', FundsReason.FUND_PAYMENT_IS_REVERSAL, '冲销记录不能再冲销：重新登记支付 (a reversal is not reversed: record the payment again)'),
  reasonRequired: (field = 'input.reason') => bad(field, CommonReason.REASON_REQUIRED, '请说明理由 (a reason is required)'),
};
