import { REVEAL_REASON_RULE } from '../../common/access/reason';
import { AppError } from '../../common/errors/app-error';
import { CommonReason, defineReasons } from '../../common/errors/reasons';

/** The reason codes of the export's own (`extensions.reason`). */
export const ExportsReason = defineReasons('exports', ['EXPORT_KIND_UNKNOWN', 'EXPORT_KIND_NOT_ALLOWED']);

/** The export's coded errors (Chinese for people, English in parentheses). */
export const ExportsErrors = {
  /** The region does not exist or lies outside the caller's scope: the same answer. */
  regionNotFound: () =>
    new AppError('NOT_FOUND', '行政区划不存在 (region not found)', { reason: CommonReason.REGION_NOT_FOUND, field: 'regionCode' }),
  forbidden: (permission: string) => new AppError('FORBIDDEN', '无权执行此操作 (forbidden)', { reason: CommonReason.MISSING_PERMISSION, details: { permission } }),
  unmaskForbidden: () =>
    new AppError('FORBIDDEN', '无权导出未脱敏的个人信息 (not allowed to reveal personal data)', {
      reason: CommonReason.MISSING_PERMISSION,
      field: 'reveal',
      details: { permission: 'personalData.unmask' },
    }),
  reasonRequired: () =>
    AppError.badInput(
      [{ field: 'reason', reason: CommonReason.REASON_REQUIRED, message: `导出未脱敏的个人信息${REVEAL_REASON_RULE}` }],
      '导出未脱敏的个人信息须说明理由 (a reason is required to reveal personal data)',
    ),
  /** No import port of that kind, or one without an export. */
  unknownKind: (kinds: readonly string[]) =>
    AppError.badInput([{ field: 'kind', reason: ExportsReason.EXPORT_KIND_UNKNOWN, message: `没有此类数据的导出，可导出 (no export of this kind; kinds): ${kinds.join('/') || '—'}` }]),
  /** A per-record export without the record's id. */
  recordRequired: (description: string) => AppError.badInput([{ field: 'of', reason: CommonReason.INVALID_VALUE, message: `须指定导出的记录 (of: ${description})` }]),
  /** `of` given to a kind that exports no single record. */
  recordNotTaken: () => AppError.badInput([{ field: 'of', reason: CommonReason.INVALID_VALUE, message: '此类数据不按单条记录导出 (this kind takes no record)' }]),
  /** The kind's read permission is missing. */
  kindNotAllowed: (permission: string) =>
    new AppError('FORBIDDEN', '无权导出此类数据 (exporting this kind needs its module\'s read permission)', {
      reason: ExportsReason.EXPORT_KIND_NOT_ALLOWED,
      field: 'kind',
      details: { permission },
    }),
};
