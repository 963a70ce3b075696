/**
 * Opening an import file: CSV, XLSX or NDJSON, as raw rows keyed by the port's columns, with
 * the file's fatal errors (ImportFileError) separated from the problems of single rows.
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { ImportFormat } from '../import-job.entity';
import { openCsv } from './csv-reader';
import { chooseEncoding, readHead } from './file-encoding';
import { FileErrors } from './file-errors';
import { openNdjson } from './ndjson-reader';
import { ColumnTable, fieldOf } from '../../../common/imports/columns';
import { cellText, DEFAULT_MAX_ROW_BYTES, FileInspection, ImportFileError, OpenedFile, OpenOptions, RawRow } from './reader-types';
import { openXlsx } from './xlsx-reader';

export * from './reader-types';

/**
 * Opens the file and reads its header. Throws ImportFileError for an empty file, an unreadable
 * header, missing required or duplicate columns, a contradicted explicit encoding, a file that is
 * not an XLSX workbook, … Errors found while iterating `rows` that make the rest of the file
 * unreadable are thrown by the iterator as ImportFileError with the row number.
 */
export async function openImportFile(path: string, options: OpenOptions): Promise<OpenedFile> {
  const maxRowBytes = options.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
  let head: Buffer;
  let whole: boolean;
  try {
    const info = await stat(path);
    if (info.size === 0) throw FileErrors.empty();
    ({ head, whole } = await readHead(path));
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw FileErrors.unreadable();
  }
  switch (options.format) {
    case ImportFormat.XLSX:
      return withoutNul(await openXlsx(path, head, maxRowBytes, options.xlsx, options.table), options.table);
    case ImportFormat.CSV:
      return withoutNul(await openCsv(path, chooseEncoding(head, whole, options.encoding), maxRowBytes, options.table, options.cells), options.table);
    case ImportFormat.NDJSON: {
      if (whole && head.toString('latin1').replace(/^\xef\xbb\xbf/, '').trim() === '') throw FileErrors.empty();
      return withoutNul(openNdjson(path, chooseEncoding(head, whole, options.encoding), maxRowBytes, options.table), options.table);
    }
    default:
      throw new ImportFileError('UNSUPPORTED_FORMAT', `不支持的文件格式 (unsupported format ${String(options.format)})`);
  }
}

const NUL = '\u0000';
/** What a NUL character of the file becomes once reported: visible in the report, storable by PostgreSQL. */
const NUL_SHOWN = '\uFFFD';
const showNul = (s: string) => (s.includes(NUL) ? s.replaceAll(NUL, NUL_SHOWN) : s);

/**
 * PostgreSQL stores no NUL character (U+0000) in text or jsonb: a cell holding one is refused as
 * the row's NUL_CHARACTER problem (its household is rejected, the rest of the file goes on), and
 * the character is replaced by U+FFFD before anything else sees it, so that no household number,
 * report row or header written to the database carries it (it failed the job as INTERNAL before).
 */
export function withoutNul(file: OpenedFile, table: ColumnTable): OpenedFile {
  const { header } = file;
  const cleanUnknown = () => {
    for (let i = 0; i < header.unknown.length; i++) header.unknown[i] = showNul(header.unknown[i]);
  };
  cleanUnknown();
  const ndjson = file.format === ImportFormat.NDJSON;
  // forEach, not for…of over the entries: no [key, value] array per cell (issue #12: that was 8 % of
  // the bytes an import allocated). Replacing the value of a key being visited is allowed.
  const check = (row: RawRow) => (value: unknown, key: string) => {
    if (typeof value !== 'string' || !value.includes(NUL)) return;
    row.values.set(key, showNul(value));
    const column = table.byKey.get(key);
    row.problems.push({
      column: ndjson || !column ? key : column.header,
      field: column ? fieldOf(column, table) : key,
      code: 'NUL_CHARACTER',
      message: `“${column?.header ?? key}”含有 NUL 字符（U+0000），不能保存 (the cell holds a NUL character, which cannot be stored)`,
    });
  };
  async function* rows(): AsyncGenerator<RawRow> {
    for await (const row of file.rows) {
      row.values.forEach(check(row));
      for (const p of row.problems) {
        p.message = showNul(p.message);
        if (p.column !== null) p.column = showNul(p.column);
      }
      yield row;
    }
    // NDJSON finds unknown keys while its rows are read.
    cleanUnknown();
  }
  return { ...file, rows: rows() };
}

/**
 * One full pass before anything is written: structural errors surface here (thrown), rows are
 * counted for progress, and units (households) whose rows are not adjacent are found.
 */
export async function inspectImportFile(path: string, options: OpenOptions): Promise<FileInspection> {
  // Only the unit key is read here: the rows are read in full by the pass that checks them.
  const file = await openImportFile(path, { ...options, cells: 'unitKey' });
  const seen = new Set<string>();
  const splitHouseholds = new Set<string>();
  let totalRows = 0;
  const none = Symbol('none');
  let previousRaw: unknown = none;
  let previous = '';
  for await (const row of file.rows) {
    totalRows++;
    const raw = row.values.get(options.table.unitKey);
    if (raw === previousRaw) continue;
    previousRaw = raw;
    const number = cellText(raw);
    // A row without a household number does not interrupt its neighbours' household.
    if (number === '' || number === previous) continue;
    previous = number;
    if (seen.has(number)) splitHouseholds.add(number);
    else seen.add(ownCopy(number));
  }
  return { encoding: file.encoding, header: file.header, totalRows, splitHouseholds, householdCount: seen.size };
}

/**
 * A copy of `s` that does not keep alive the file chunk it was cut from: V8 makes a substring of
 * 13 or more characters a view into its parent, so a set of a million household numbers would
 * hold the whole file in memory while the pass lasts.
 */
function ownCopy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** The format by magic bytes (PK zip → XLSX, `{` → NDJSON), then by the file name's extension. */
export function detectFormat(fileName: string, head: Buffer): ImportFormat | undefined {
  if (head.length >= 4 && ZIP.every((b, i) => head[i] === b)) return ImportFormat.XLSX;
  let i = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (i < head.length && head[i] === 0x7b) return ImportFormat.NDJSON;
  switch (extname(fileName).toLowerCase()) {
    case '.xlsx':
      return ImportFormat.XLSX;
    case '.ndjson':
    case '.jsonl':
    case '.json':
      return ImportFormat.NDJSON;
    case '.csv':
    case '.txt':
      return ImportFormat.CSV;
    default:
      return undefined;
  }
}
