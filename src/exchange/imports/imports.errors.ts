import { AppError } from '../../common/errors/app-error';
import { CommonReason, defineReasons } from '../../common/errors/reasons';

/** The reason codes this module answers with (`extensions.reason`). */
export const ImportsReason = defineReasons('imports', [
  'EMPTY_FILE',
  'FILE_REQUIRED',
  'FILE_TOO_LARGE',
  'IMPORT_ALREADY_RUNNING',
  'IMPORT_JOB_NOT_FOUND',
  'INVALID_OPTION',
  'MALFORMED_UPLOAD',
  'MODE_NOT_ALLOWED',
  'KIND_NOT_ALLOWED',
  'OTHER',
  'REPEATED_OPTION',
  'TOO_MANY_FIELDS',
  'TOO_MANY_FILES',
  'UNEXPECTED_FILE',
  'UNKNOWN_OPTION',
  'UNSUPPORTED_FORMAT',
  'UPLOAD_ABORTED',
]);

/** The import's coded errors (Chinese for people, English in parentheses). */
export const ImportsErrors = {
  jobNotFound: (field = 'id') => new AppError('NOT_FOUND', '导入任务不存在 (import job not found)', { reason: ImportsReason.IMPORT_JOB_NOT_FOUND, field }),
  regionNotFound: (field = 'regionCode') => new AppError('NOT_FOUND', '行政区划不存在 (region not found)', { reason: CommonReason.REGION_NOT_FOUND, field }),
  noFile: () => AppError.badInput([{ field: 'file', reason: ImportsReason.FILE_REQUIRED, message: '请上传文件（multipart 字段 file）(upload the file in the multipart field "file")' }]),
  emptyFile: () => AppError.badInput([{ field: 'file', reason: ImportsReason.EMPTY_FILE, message: '文件为空 (the file is empty)' }]),
  tooLarge: (max: number) =>
    AppError.badInput([{ field: 'file', reason: ImportsReason.FILE_TOO_LARGE, message: `文件超过上限 ${Math.round(max / 1024 / 1024)} MB (the file is larger than the limit)` }]),
  unsupportedFormat: () =>
    AppError.badInput([{ field: 'format', reason: ImportsReason.UNSUPPORTED_FORMAT, message: '仅支持 CSV、XLSX、NDJSON 文件 (CSV, XLSX or NDJSON only)' }]),
  badOption: (field: string, allowed: string) =>
    AppError.badInput([{ field, reason: ImportsReason.INVALID_OPTION, message: `参数 ${field} 应为 ${allowed} (must be one of ${allowed})` }]),
  alreadyRunning: (jobId?: string) =>
    new AppError('CONFLICT', '同一文件在该地区已有导入任务在排队或运行 (this file is already being imported into this region)', {
      reason: ImportsReason.IMPORT_ALREADY_RUNNING,
      field: 'file',
      details: jobId ? { jobId } : undefined,
    }),
  unknownOption: (field: string, known: readonly string[]) =>
    AppError.badInput([
      { field, reason: ImportsReason.UNKNOWN_OPTION, message: `未知参数 ${field}，可用参数：${known.join('、')} (unknown option ${field}; the options are ${known.join(', ')})` },
    ]),
  repeatedOption: (field: string) =>
    AppError.badInput([{ field, reason: ImportsReason.REPEATED_OPTION, message: `参数 ${field} 只能给一次 (the option ${field} is given more than once)` }]),
  unexpectedFile: (field: string) =>
    AppError.badInput([{ field, reason: ImportsReason.UNEXPECTED_FILE, message: `文件须放在 multipart 字段 file 中，不接受字段 ${field} (upload the file in the field "file", not "${field}")` }]),
  tooManyFiles: () => AppError.badInput([{ field: 'file', reason: ImportsReason.TOO_MANY_FILES, message: '一次只能上传一个文件 (one file per upload)' }]),
  tooManyFields: () => AppError.badInput([{ field: 'file', reason: ImportsReason.TOO_MANY_FIELDS, message: '上传的字段过多 (too many fields in the upload)' }]),
  malformedUpload: () => AppError.badInput([{ field: 'file', reason: ImportsReason.MALFORMED_UPLOAD, message: '上传内容无法解析，须为 multipart/form-data (malformed upload: send multipart/form-data)' }]),
  modeNotAllowed: (mode: string) =>
    new AppError('FORBIDDEN', `只有区县级及以上用户可以同步导入 (${mode}: only a caller at district level or wider may import as the authority; use PROPOSE)`, {
      reason: ImportsReason.MODE_NOT_ALLOWED,
      field: 'mode',
    }),
  kindNotAllowed: (kind: string) =>
    new AppError('FORBIDDEN', `没有导入此类数据的权限 (importing ${kind} files needs its module's write permission)`, {
      reason: ImportsReason.KIND_NOT_ALLOWED,
      field: 'kind',
    }),
  uploadAborted: () => AppError.badInput([{ field: 'file', reason: ImportsReason.UPLOAD_ABORTED, message: '上传中断 (the upload was interrupted)' }]),
};
