/** The fatal file errors of the readers, in one place (Chinese, English in parentheses). */
import { ImportFileError } from './reader-types';

const at = (row: number | undefined) => (row === undefined ? '' : `第 ${row} 行：`);
const atEn = (row: number | undefined) => (row === undefined ? '' : ` at row ${row}`);

export const FileErrors = {
  empty: () => new ImportFileError('EMPTY_FILE', '文件为空，没有表头 (the file is empty: no header row)'),
  missingColumns: (headers: string[], row: number) =>
    new ImportFileError('MISSING_COLUMNS', `缺少必需的列：${headers.join('、')} (required columns missing: ${headers.join(', ')})`, row),
  duplicateColumns: (list: string[], row: number) =>
    new ImportFileError('DUPLICATE_COLUMNS', `表头中有重复的列：${list.join('；')} (duplicate columns in the header)`, row),
  wrongEncoding: (expected: string, row: number | undefined, hint: string) =>
    new ImportFileError('WRONG_ENCODING', `${at(row)}文件不是 ${expected} 编码${hint} (the file is not ${expected}-encoded${atEn(row)})`, row),
  unsupportedEncoding: (name: string) =>
    new ImportFileError('UNSUPPORTED_ENCODING', `不支持 ${name} 编码，请另存为 UTF-8 或 GBK 的 CSV (${name} is not supported: save as UTF-8 or GBK CSV)`),
  rowTooLong: (row: number, maxBytes: number) =>
    new ImportFileError(
      'ROW_TOO_LONG',
      `${at(row)}行超过 ${maxBytes} 字节，可能是引号未闭合 (row longer than ${maxBytes} bytes, perhaps an unclosed quote${atEn(row)})`,
      row,
    ),
  truncated: (row: number) =>
    new ImportFileError('TRUNCATED_FILE', `${at(row)}引号未闭合，文件不完整或已被截断 (unclosed quote: the file is incomplete or truncated${atEn(row)})`, row),
  malformedCsv: (row: number, detail: string) =>
    new ImportFileError('MALFORMED_CSV', `${at(row)}CSV 格式错误 (malformed CSV${atEn(row)}: ${detail})`, row),
  notXlsx: () => new ImportFileError('NOT_XLSX', '文件不是 XLSX 工作簿（旧版 .xls 请另存为 .xlsx）(not an XLSX workbook; save .xls files as .xlsx)'),
  /** `detail` is one of the reader's own fixed descriptions, never an exception's text. */
  corruptXlsx: (row: number | undefined, detail: string) =>
    new ImportFileError('CORRUPT_XLSX', `${at(row)}XLSX 文件已损坏或不完整 (corrupt or truncated XLSX file${atEn(row)}: ${detail})`, row),
  partTooLarge: (part: string, maxBytes: number) =>
    new ImportFileError(
      'XLSX_PART_TOO_LARGE',
      `XLSX 文件中的 ${part} 解压后超过 ${maxBytes} 字节 (the part ${part} expands to more than ${maxBytes} bytes: IMPORT_XLSX_MAX_PART_BYTES)`,
    ),
  tooManySharedStrings: (max: number) =>
    new ImportFileError('XLSX_TOO_MANY_SHARED_STRINGS', `XLSX 文件的共享字符串超过 ${max} 个 (more than ${max} shared strings: IMPORT_XLSX_MAX_SHARED_STRINGS)`),
  sharedStringsTooLarge: (maxBytes: number) =>
    new ImportFileError(
      'XLSX_SHARED_STRINGS_TOO_LARGE',
      `XLSX 文件的共享字符串合计超过 ${maxBytes} 字节 (the shared strings hold more than ${maxBytes} bytes of text: IMPORT_XLSX_MAX_SHARED_STRING_BYTES)`,
    ),
  cellTooLong: (row: number | undefined, maxBytes: number) =>
    new ImportFileError('CELL_TOO_LONG', `${at(row)}单元格超过 ${maxBytes} 字节 (a cell longer than ${maxBytes} bytes${atEn(row)}: IMPORT_MAX_CELL_BYTES)`, row),
  noWorksheet: () => new ImportFileError('EMPTY_FILE', '工作簿中没有工作表 (the workbook has no worksheet)'),
  unreadable: () => new ImportFileError('UNREADABLE_FILE', '无法读取文件 (the stored file cannot be read)'),
};
