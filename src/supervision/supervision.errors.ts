import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes of the supervision module (`extensions.reason`). */
export const SupervisionReason = defineReasons('supervision', [
  'FINDING_NOT_FOUND',
  'FINDING_DEADLINE_BEFORE_FOUND',
  'FINDING_SUBITEM_NOT_LISTED',
  'FINDING_LINK_OUTSIDE_PLACE',
  'SUPERVISION_SECTOR_REQUIRED',
  'RECTIFICATION_NOT_OPEN',
  'RECTIFICATION_INCOMPLETE',
  'ACCEPTANCE_BY_RESPONSIBLE_SIDE',
  'EVIDENCE_NOT_FOUND',
  'EVIDENCE_FILE_REQUIRED',
  'EVIDENCE_EMPTY',
  'EVIDENCE_TOO_LARGE',
  'EVIDENCE_TYPE_REFUSED',
  'EVIDENCE_MALFORMED_UPLOAD',
]);

/** Coded errors of the supervision module, each naming its field: Chinese message, English in parentheses. */
export const SupervisionErrors = {
  findingNotFound: (field = 'input.id') => new AppError('NOT_FOUND', '督查问题不存在 (finding not found)', { reason: SupervisionReason.FINDING_NOT_FOUND, field }),
  deadlineBeforeFound: () =>
    AppError.badInput([{ field: 'input.deadline', reason: SupervisionReason.FINDING_DEADLINE_BEFORE_FOUND, message: '整改时限不能早于发现日期 (the deadline is before the found date)' }]),
  /** The sub-item list of RULES.md is incomplete (25 in all, only some known): only its listed codes are accepted. */
  subitemNotListed: (key: string, code: string, listed: readonly string[]) =>
    new AppError('BAD_USER_INPUT', `“${code}”不在 ${key} 已录入的子项中；该代码表不完整，未列出的子项暂不能登记 (not a listed sub-item: the list is incomplete, only its listed codes are accepted)`, {
      reason: SupervisionReason.FINDING_SUBITEM_NOT_LISTED,
      problems: [{ field: 'input.subitem', reason: SupervisionReason.FINDING_SUBITEM_NOT_LISTED, message: `“${code}”不是已列出的子项 (not a listed sub-item; the list is incomplete)` }],
      details: { key, listed: [...listed], incomplete: true },
    }),
  linkOutsidePlace: (field: string) =>
    AppError.badInput([{ field, reason: SupervisionReason.FINDING_LINK_OUTSIDE_PLACE, message: '关联的农户或项目不在问题所在区划内 (the linked record lies outside the finding\'s place)' }]),
  regionOutOfScope: (field = 'input.regionCode') =>
    AppError.badInput([{ field, reason: CommonReason.REGION_OUT_OF_SCOPE, message: '区划不在本级管辖范围内 (region outside your region)' }]),
  regionNotFound: (field = 'input.regionCode') => new AppError('NOT_FOUND', '行政区划不存在 (region not found)', { reason: CommonReason.REGION_NOT_FOUND, field }),
  sectorRequired: () =>
    new AppError('FORBIDDEN', '行业部门中仅纪检监察部门可登记、验收督查问题 (of the sector departments only discipline inspection supervises findings)', {
      reason: SupervisionReason.SUPERVISION_SECTOR_REQUIRED,
      field: 'input',
    }),
  rectificationNotOpen: (stage: string) =>
    new AppError('CONFLICT', `问题当前阶段（${stage}）不能填写整改台账；交办后、申请验收前方可填写 (the ledger is kept between assignment and the acceptance request)`, {
      reason: SupervisionReason.RECTIFICATION_NOT_OPEN,
      field: 'input.id',
    }),
  rectificationIncomplete: (missing: readonly string[]) =>
    AppError.badInput(
      missing.map((f) => ({ field: `input.${f}`, reason: SupervisionReason.RECTIFICATION_INCOMPLETE, message: `申请验收前须在整改台账中填写 ${f} (the ledger needs ${f} before acceptance is requested)` })),
    ),
  acceptanceBySelf: () =>
    new AppError('CONFLICT', '申请验收的责任方不能自行验收 (the person who requested the acceptance cannot decide it)', {
      reason: SupervisionReason.ACCEPTANCE_BY_RESPONSIBLE_SIDE,
      field: 'input.action',
    }),
  dateInFuture: (field: string) => AppError.badInput([{ field, reason: CommonReason.DATE_IN_FUTURE, message: '日期不能晚于今天 (the date is in the future)' }]),
  dateBeforeLastStep: (last: string, field = 'input.effectiveOn') =>
    AppError.badInput([{ field, reason: CommonReason.DATE_BEFORE_LAST_STEP, message: `日期不能早于上一环节（${last}） (before the previous step)` }]),
  reasonRequired: (field = 'input.reason') => AppError.badInput([{ field, reason: CommonReason.REASON_REQUIRED, message: '须说明理由 (state the reason)' }]),
  invalidValue: (field: string, message: string) => AppError.badInput([{ field, reason: CommonReason.INVALID_VALUE, message }]),
  evidenceNotFound: (field = 'id') => new AppError('NOT_FOUND', '佐证材料不存在 (evidence file not found)', { reason: SupervisionReason.EVIDENCE_NOT_FOUND, field }),
  evidenceFileRequired: () =>
    AppError.badInput([{ field: 'file', reason: SupervisionReason.EVIDENCE_FILE_REQUIRED, message: '请上传一个文件（multipart 字段 file）(upload one file in the multipart field "file")' }]),
  evidenceEmpty: () => AppError.badInput([{ field: 'file', reason: SupervisionReason.EVIDENCE_EMPTY, message: '文件为空 (the file is empty)' }]),
  evidenceMalformed: (field = 'file', message = '上传内容无法解析，须为 multipart/form-data，字段 file 与可选的 note (send multipart/form-data: the field file and an optional note)') =>
    AppError.badInput([{ field, reason: SupervisionReason.EVIDENCE_MALFORMED_UPLOAD, message }]),
  /** Over EVIDENCE_MAX_BYTES: HTTP 413, naming the limit. */
  evidenceTooLarge: (maxBytes: number) =>
    new AppError('BAD_USER_INPUT', `佐证材料超过上限 ${maxBytes} 字节 (the file is larger than the limit of ${maxBytes} bytes)`, {
      reason: SupervisionReason.EVIDENCE_TOO_LARGE,
      field: 'file',
      details: { maxBytes },
      httpStatus: 413,
    }),
  /** A type told by the bytes that EVIDENCE_TYPES does not accept, or none told: HTTP 415, naming it. */
  evidenceTypeRefused: (detected: string | null, accepted: readonly string[]) =>
    new AppError('BAD_USER_INPUT', `不接受此类型的佐证材料（${detected ?? '无法识别'}），仅接受 ${accepted.join('、')} (type ${detected ?? 'undetectable'} refused; accepted: ${accepted.join(', ')})`, {
      reason: SupervisionReason.EVIDENCE_TYPE_REFUSED,
      field: 'file',
      details: { detected, accepted: [...accepted] },
      httpStatus: 415,
    }),
};
