/**
 * XLSX rows through exceljs's streaming WorkbookReader: the first worksheet, the header on its first
 * non-empty row. Values are taken as typed (text, number, boolean, date); formulas are refused
 * (FORMULA_NOT_ALLOWED, the cached result is never taken) and error cells reported (CELL_ERROR).
 * A text cell is text even when it starts with = (Excel would have made it a formula otherwise);
 * a leading `'` before = + - @ is dropped as in CSV (unguardFormula in registry-columns).
 */
import { createReadStream, ReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { Raw, unguardFormula } from '../../format/registry-columns';
import { ImportFormat } from '../import-job.entity';
import { FileErrors } from './file-errors';
import { mapHeader, MappedHeader } from './file-header';
import { fieldOf, ImportFileError, OpenedFile, RawRow, RowProblem } from './reader-types';

type CellObject = {
  formula?: string;
  sharedFormula?: string;
  error?: string;
  richText?: { text: string }[];
  text?: unknown;
  hyperlink?: string;
};

/** A cell as a Raw value, or a problem code. */
function cellRaw(value: unknown): { raw: Raw } | { problem: 'FORMULA_NOT_ALLOWED' | 'CELL_ERROR' | 'CELL_TYPE'; detail?: string } {
  if (value === null || value === undefined) return { raw: null };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return { raw: value };
  if (typeof value !== 'object') return { problem: 'CELL_TYPE' };
  const v = value as CellObject;
  if (v.formula !== undefined || v.sharedFormula !== undefined) return { problem: 'FORMULA_NOT_ALLOWED' };
  if (v.error !== undefined) return { problem: 'CELL_ERROR', detail: String(v.error) };
  if (Array.isArray(v.richText)) return { raw: v.richText.map((r) => r.text ?? '').join('') };
  if (v.text !== undefined) return cellRaw(v.text); // hyperlink
  return { problem: 'CELL_TYPE' };
}

const cellText = (value: unknown): string => {
  const r = cellRaw(value);
  return 'raw' in r && r.raw !== null && r.raw !== undefined ? (r.raw instanceof Date ? r.raw.toISOString().slice(0, 10) : String(r.raw)) : '';
};

const rowIsEmpty = (values: unknown[]): boolean => {
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    return false;
  }
  return true;
};

function xlsxError(e: unknown, row: number | undefined): ImportFileError {
  if (e instanceof ImportFileError) return e;
  return FileErrors.corruptXlsx(row, (e as Error)?.message ?? String(e));
}

export class XlsxRows implements AsyncIterableIterator<RawRow> {
  private readonly stream: ReadStream;
  private readonly sheets: AsyncIterator<ExcelJS.stream.xlsx.WorksheetReader>;
  private rows: AsyncIterator<ExcelJS.Row> | null = null;
  private mapped!: MappedHeader;
  private lastRow = 0;
  private closed = false;
  /**
   * Rejected on an error of the file or of the unzipping: exceljs does not pass an inflate error of
   * a damaged entry on to its iterators, which then wait forever; every await races this.
   */
  private readonly aborted: Promise<never>;

  constructor(path: string) {
    this.stream = createReadStream(path);
    let abort!: (e: unknown) => void;
    this.aborted = new Promise<never>((_, reject) => (abort = reject));
    this.aborted.catch(() => undefined);
    this.stream.on('error', abort);
    const pipe = this.stream.pipe.bind(this.stream);
    this.stream.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
      destination.on('error', abort);
      return pipe(destination, options);
    };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(this.stream, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache', // number formats: date cells come as Date
      entries: 'ignore',
    });
    this.sheets = reader[Symbol.asyncIterator]();
  }

  async readHeader(): Promise<MappedHeader> {
    try {
      const sheet = await Promise.race([this.sheets.next(), this.aborted]);
      if (sheet.done) throw FileErrors.noWorksheet();
      this.rows = sheet.value[Symbol.asyncIterator]();
      for (;;) {
        const next = await Promise.race([this.rows.next(), this.aborted]);
        if (next.done) throw FileErrors.empty();
        const values = next.value.values as unknown[];
        this.lastRow = next.value.number;
        if (rowIsEmpty(values)) continue;
        this.mapped = mapHeader(values.slice(1).map(cellText), next.value.number);
        return this.mapped;
      }
    } catch (e) {
      this.close();
      throw xlsxError(e, undefined);
    }
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RawRow> {
    return this;
  }

  async next(): Promise<IteratorResult<RawRow>> {
    try {
      for (;;) {
        const next = await Promise.race([this.rows!.next(), this.aborted]);
        if (next.done) {
          this.close();
          return { value: undefined, done: true };
        }
        this.lastRow = next.value.number;
        const values = next.value.values as unknown[];
        if (rowIsEmpty(values)) continue;
        return { value: this.toRow(next.value.number, values), done: false };
      }
    } catch (e) {
      this.close();
      throw xlsxError(e, this.lastRow + 1);
    }
  }

  async return(): Promise<IteratorResult<RawRow>> {
    this.close();
    return { value: undefined, done: true };
  }

  private toRow(rowNumber: number, cells: unknown[]): RawRow {
    const { columnAt, textAt, width } = this.mapped;
    const values = new Map<string, Raw>();
    const problems: RowProblem[] = [];
    for (let i = 0; i < columnAt.length; i++) {
      const column = columnAt[i];
      if (column === null) continue;
      const r = cellRaw(cells[i + 1]);
      if ('raw' in r) {
        // A text cell is text (= included); a `'=…` guard as the CSV export writes it is dropped, as the CSV reader does.
        values.set(column.key, typeof r.raw === 'string' ? (r.raw === '' ? null : unguardFormula(r.raw)) : r.raw);
        continue;
      }
      values.set(column.key, null);
      const header = textAt[i];
      problems.push({
        column: header,
        field: fieldOf(column),
        code: r.problem,
        message:
          r.problem === 'FORMULA_NOT_ALLOWED'
            ? `“${header}”含公式，请粘贴为数值 (the cell holds a formula: paste values instead)`
            : r.problem === 'CELL_ERROR'
              ? `“${header}”是错误值 ${r.detail} (the cell holds the error ${r.detail})`
              : `“${header}”的单元格类型无法识别 (unsupported cell type)`,
      });
    }
    for (let i = width + 1; i < cells.length; i++) {
      const v = cells[i];
      if (v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')) {
        problems.push({ column: null, field: null, code: 'COLUMN_COUNT', message: `第 ${i} 列有数据但没有表头 (a value in column ${i}, which has no header)` });
        break;
      }
    }
    return { rowNumber, values, problems };
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.destroy();
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export async function openXlsx(path: string, head: Buffer): Promise<OpenedFile> {
  if (head.length === 0) throw FileErrors.empty();
  if (head.length < 4 || !head.subarray(0, 4).equals(ZIP_MAGIC)) throw FileErrors.notXlsx();
  const rows = new XlsxRows(path);
  const { header } = await rows.readHeader();
  return { format: ImportFormat.XLSX, encoding: null, header, rows };
}
