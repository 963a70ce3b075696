/**
 * XLSX rows: the first worksheet, the header on its first non-empty row. The zip is read with
 * yauzl and the XML parsed as a stream (xlsx-package.ts), within bounds: decompressed part size,
 * shared strings (count and bytes, the one part held in memory), bytes per cell and per row; each
 * exceeded bound is a coded file error, so a zip bomb never costs more memory than the bounds.
 * Values are taken as typed (text, number, boolean, date by the cell's number format); formulas
 * are refused (FORMULA_NOT_ALLOWED, the cached result is never taken) and error cells reported
 * (CELL_ERROR). A text cell is text even when it starts with = (Excel would have made it a
 * formula otherwise); a leading `'` before = + - @ is dropped as in CSV (unguardFormula).
 */
import { posix } from 'node:path';
import { ColumnTable, fieldOf, Raw, unguardFormula } from '../../../common/imports/columns';
import { ImportFormat } from '../import-job.entity';
import { FileErrors } from './file-errors';
import { mapHeader, MappedHeader } from './file-header';
import { DEFAULT_XLSX_LIMITS, ImportFileError, OpenedFile, RawRow, RowProblem, XlsxLimits } from './reader-types';
import { XlsxPackage, XmlHandlers, XmlPart } from './xlsx-package';

/** Excel's own limits (specification and limits): a file beyond them was not written by a spreadsheet. */
const EXCEL_MAX_COLUMNS = 16_384;
const EXCEL_MAX_CELL_FORMATS = 64_000;

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format code that shows a date: y m d h s outside quotes and [brackets] (as exceljs decides). */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Excel's serial day number (1900 or 1904 system) as a UTC instant. */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

type CellProblem = 'FORMULA_NOT_ALLOWED' | 'CELL_ERROR' | 'CELL_TYPE';
type Cell = { raw: Raw } | { problem: CellProblem; detail?: string };
const BLANK: Cell = { raw: null };

interface Workbook {
  sheet: string;
  sharedStrings: string[];
  /** Per cell format (xf index): its number format shows a date. */
  dateStyles: boolean[];
  date1904: boolean;
}

const bytesOver = (s: string, max: number): boolean => s.length * 3 > max && Buffer.byteLength(s, 'utf8') > max;

/** Resolves a relationship target against the folder of the part that names it. */
function resolveTarget(target: string, base = 'xl'): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(base, target));
}

/** Reads what the sheet needs: which sheet is first, its number formats and shared strings. */
async function loadWorkbook(path: string, limits: XlsxLimits): Promise<{ pkg: XlsxPackage; workbook: Workbook }> {
  const packageLimits = { maxPartBytes: limits.maxPartBytes, maxTokenBytes: limits.maxCellBytes };
  const WORKBOOK = 'xl/workbook.xml';
  const RELS = 'xl/_rels/workbook.xml.rels';
  let sheetId: string | undefined;
  let date1904 = false;
  const meta = await XlsxPackage.open(path, packageLimits, new Set([WORKBOOK, RELS]));
  let sheet = 'xl/worksheets/sheet1.xml';
  let sharedStringsPart = 'xl/sharedStrings.xml';
  let stylesPart = 'xl/styles.xml';
  try {
    if (!meta.has(WORKBOOK)) throw FileErrors.notXlsx();
    let seenSheet = false;
    await meta.parse(WORKBOOK, {
      open(name, a) {
        if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
        else if (name === 'sheet' && !seenSheet) {
          seenSheet = true;
          sheetId = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
        }
      },
      close() {},
      text() {},
    });
    if (!seenSheet) throw FileErrors.noWorksheet();
    if (meta.has(RELS)) {
      let ss: string | undefined;
      let st: string | undefined;
      let ws: string | undefined;
      await meta.parse(RELS, {
        open(name, a) {
          if (name !== 'Relationship' || !a.Target) return;
          if (a.Id === sheetId) ws = a.Target;
          else if (!ss && a.Type?.endsWith('/sharedStrings')) ss = a.Target;
          else if (!st && a.Type?.endsWith('/styles')) st = a.Target;
        },
        close() {},
        text() {},
      });
      if (ws) sheet = resolveTarget(ws);
      if (ss) sharedStringsPart = resolveTarget(ss);
      if (st) stylesPart = resolveTarget(st);
    }
  } finally {
    meta.close();
  }

  const pkg = await XlsxPackage.open(path, packageLimits, new Set([sheet, sharedStringsPart, stylesPart]));
  try {
    if (!pkg.has(sheet)) throw FileErrors.noWorksheet();
    const dateStyles: boolean[] = [];
    if (pkg.has(stylesPart)) {
      const custom = new Map<number, boolean>();
      let inXfs = false;
      await pkg.parse(stylesPart, {
        open(name, a) {
          if (name === 'numFmt') {
            if (custom.size >= EXCEL_MAX_CELL_FORMATS) throw FileErrors.corruptXlsx(undefined, 'more number formats than Excel allows');
            custom.set(Number(a.numFmtId), isDateFormat(a.formatCode ?? ''));
          } else if (name === 'cellXfs') inXfs = true;
          else if (name === 'xf' && inXfs) {
            if (dateStyles.length >= EXCEL_MAX_CELL_FORMATS) throw FileErrors.corruptXlsx(undefined, 'more cell formats than Excel allows');
            const id = Number(a.numFmtId ?? 0);
            dateStyles.push(custom.get(id) ?? BUILTIN_DATE_FORMATS.has(id));
          }
        },
        close(name) {
          if (name === 'cellXfs') inXfs = false;
        },
        text() {},
      });
    }
    const sharedStrings: string[] = [];
    if (pkg.has(sharedStringsPart)) {
      let bytes = 0;
      let item: string | null = null;
      let inText = false;
      let phonetic = 0;
      await pkg.parse(sharedStringsPart, {
        open(name, a) {
          if (name === 'sst' && Number(a.uniqueCount) > limits.maxSharedStrings) throw FileErrors.tooManySharedStrings(limits.maxSharedStrings);
          else if (name === 'si') item = '';
          else if (name === 'rPh') phonetic++;
          else if (name === 't') inText = item !== null && phonetic === 0;
        },
        close(name) {
          if (name === 't') inText = false;
          else if (name === 'rPh') phonetic--;
          else if (name === 'si' && item !== null) {
            if (sharedStrings.length >= limits.maxSharedStrings) throw FileErrors.tooManySharedStrings(limits.maxSharedStrings);
            bytes += Buffer.byteLength(item, 'utf8');
            if (bytes > limits.maxSharedStringBytes) throw FileErrors.sharedStringsTooLarge(limits.maxSharedStringBytes);
            sharedStrings.push(item);
            item = null;
          }
        },
        text(t) {
          if (!inText || item === null) return;
          item += t;
          if (bytesOver(item, limits.maxCellBytes)) throw FileErrors.cellTooLong(undefined, limits.maxCellBytes);
        },
      });
    }
    return { pkg, workbook: { sheet, sharedStrings, dateStyles, date1904 } };
  } catch (e) {
    pkg.close();
    throw e;
  }
}

/** A parsed sheet row: cells by 1-based column (only up to the header's width once it is known). */
interface SheetRow {
  rowNumber: number;
  cells: Cell[];
  /** A non-blank cell right of the header's last column (its 1-based column). */
  beyond: number;
}

const cellIsBlank = (c: Cell | undefined): boolean =>
  c === undefined || ('raw' in c && (c.raw === null || (typeof c.raw === 'string' && c.raw.trim() === '')));

/** Column number (1-based) of a reference such as `AB12`, or 0 when it has none. */
function columnOf(ref: string | undefined): number {
  if (!ref) return 0;
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
    if (n > EXCEL_MAX_COLUMNS) return -1;
  }
  return n;
}

export class XlsxRows implements AsyncIterableIterator<RawRow> {
  private part: XmlPart | null = null;
  private mapped!: MappedHeader;
  private width = Infinity;
  private readonly queue: SheetRow[] = [];
  private head = 0;
  private ended = false;
  private closed = false;
  private lastRow = 0;

  // Parse state.
  private inData = false;
  private row: SheetRow | null = null;
  private rowBytes = 0;
  private column = 0;
  private cell: { column: number; type: string; style: number; formula: boolean; value: string | null; inline: string | null } | null = null;
  private capture: 'v' | 't' | null = null;
  private phonetic = 0;

  constructor(
    private readonly pkg: XlsxPackage,
    private readonly workbook: Workbook,
    private readonly limits: XlsxLimits,
    private readonly maxRowBytes: number,
    private readonly table: ColumnTable,
  ) {}

  private handlers(): XmlHandlers {
    return {
      open: (name, a) => this.open(name, a),
      close: (name) => this.close(name),
      text: (t) => this.text(t),
    };
  }

  private open(name: string, a: Record<string, string>): void {
    if (name === 'sheetData') this.inData = true;
    else if (!this.inData) return;
    else if (name === 'row') {
      const r = Number(a.r);
      this.lastRow = Number.isInteger(r) && r > this.lastRow ? r : this.lastRow + 1;
      this.row = { rowNumber: this.lastRow, cells: [], beyond: 0 };
      this.rowBytes = 0;
      this.column = 0;
    } else if (name === 'c' && this.row) {
      const ref = columnOf(a.r);
      if (ref < 0) throw FileErrors.corruptXlsx(this.lastRow, 'a cell reference beyond the last column');
      this.column = ref > 0 ? ref : this.column + 1;
      if (this.column > EXCEL_MAX_COLUMNS) throw FileErrors.corruptXlsx(this.lastRow, 'a cell beyond the last column');
      this.cell = { column: this.column, type: a.t ?? 'n', style: Number(a.s ?? 0), formula: false, value: null, inline: null };
    } else if (!this.cell) return;
    else if (name === 'f') this.cell.formula = true;
    else if (name === 'v') {
      this.cell.value = '';
      this.capture = 'v';
    } else if (name === 'is') this.cell.inline = '';
    else if (name === 'rPh') this.phonetic++;
    else if (name === 't' && this.cell.inline !== null && this.phonetic === 0) this.capture = 't';
  }

  private text(t: string): void {
    const cell = this.cell;
    if (!cell || this.capture === null) return;
    let s: string;
    if (this.capture === 'v') s = cell.value = (cell.value ?? '') + t;
    else s = cell.inline = (cell.inline ?? '') + t;
    if (bytesOver(s, this.limits.maxCellBytes)) throw FileErrors.cellTooLong(this.lastRow, this.limits.maxCellBytes);
  }

  private close(name: string): void {
    if (name === 'sheetData') this.inData = false;
    else if (name === 'v' || name === 't') this.capture = null;
    else if (name === 'rPh') this.phonetic--;
    else if (name === 'c' && this.cell && this.row) {
      const cell = this.resolve(this.cell);
      const at = this.cell.column;
      this.cell = null;
      this.capture = null;
      if ('raw' in cell && typeof cell.raw === 'string') {
        this.rowBytes += Buffer.byteLength(cell.raw, 'utf8');
        if (this.rowBytes > this.maxRowBytes) throw FileErrors.rowTooLong(this.lastRow, this.maxRowBytes);
      }
      if (at <= this.width) this.row.cells[at] = cell;
      else if (!this.row.beyond && !cellIsBlank(cell)) this.row.beyond = at;
    } else if (name === 'row' && this.row) {
      this.queue.push(this.row);
      this.row = null;
    }
  }

  private resolve(c: NonNullable<XlsxRows['cell']>): Cell {
    if (c.formula) return { problem: 'FORMULA_NOT_ALLOWED' };
    switch (c.type) {
      case 's': {
        if (c.value === null || c.value === '') return BLANK;
        const s = this.workbook.sharedStrings[Number(c.value)];
        return s === undefined ? { problem: 'CELL_TYPE' } : { raw: s };
      }
      case 'inlineStr':
        return { raw: c.inline ?? c.value ?? '' };
      case 'str':
        return { raw: c.value ?? '' };
      case 'e':
        return { problem: 'CELL_ERROR', detail: (c.value ?? '').slice(0, 16) };
      case 'b':
        return c.value === null || c.value === '' ? BLANK : { raw: Number(c.value) !== 0 };
      case 'd': {
        if (c.value === null || c.value === '') return BLANK;
        const d = new Date(c.value);
        return Number.isNaN(d.getTime()) ? { problem: 'CELL_TYPE' } : { raw: d };
      }
      default: {
        if (c.value === null || c.value.trim() === '') return BLANK;
        const n = Number(c.value);
        if (!Number.isFinite(n)) return { problem: 'CELL_TYPE' };
        return this.workbook.dateStyles[c.style] ? { raw: excelDate(n, this.workbook.date1904) } : { raw: n };
      }
    }
  }

  /** The next parsed row, or null at the end of the sheet. */
  private async nextSheetRow(): Promise<SheetRow | null> {
    for (;;) {
      if (this.head < this.queue.length) {
        const r = this.queue[this.head++];
        if (this.head === this.queue.length) {
          this.queue.length = 0;
          this.head = 0;
        }
        return r;
      }
      if (this.ended) return null;
      this.part ??= await this.pkg.xml(this.workbook.sheet, this.handlers(), () => this.lastRow || undefined);
      if (!(await this.part.next())) this.ended = true;
    }
  }

  async readHeader(): Promise<MappedHeader> {
    try {
      for (;;) {
        const row = await this.nextSheetRow();
        if (!row) throw FileErrors.empty();
        if (this.isEmpty(row)) continue;
        const cells: string[] = [];
        for (let i = 1; i < row.cells.length; i++) cells.push(headerText(row.cells[i]));
        this.mapped = mapHeader(cells, row.rowNumber, this.table);
        this.width = this.mapped.width;
        // Rows parsed with the header in the same chunk were kept whole: trim them to its width.
        for (let i = this.head; i < this.queue.length; i++) this.trim(this.queue[i]);
        return this.mapped;
      }
    } catch (e) {
      this.shut();
      throw xlsxError(e, this.lastRow || undefined);
    }
  }

  private trim(row: SheetRow): void {
    for (let i = this.width + 1; i < row.cells.length; i++) {
      if (!row.beyond && !cellIsBlank(row.cells[i])) row.beyond = i;
    }
    if (row.cells.length > this.width + 1) row.cells.length = this.width + 1;
  }

  private isEmpty(row: SheetRow): boolean {
    if (row.beyond) return false;
    for (let i = 1; i < row.cells.length; i++) if (!cellIsBlank(row.cells[i])) return false;
    return true;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RawRow> {
    return this;
  }

  async next(): Promise<IteratorResult<RawRow>> {
    try {
      for (;;) {
        const row = await this.nextSheetRow();
        if (!row) {
          this.shut();
          return { value: undefined, done: true };
        }
        if (this.isEmpty(row)) continue;
        return { value: this.toRow(row), done: false };
      }
    } catch (e) {
      this.shut();
      throw xlsxError(e, this.lastRow + 1);
    }
  }

  async return(): Promise<IteratorResult<RawRow>> {
    this.shut();
    return { value: undefined, done: true };
  }

  private toRow(row: SheetRow): RawRow {
    const { columnAt, textAt } = this.mapped;
    const values = new Map<string, Raw>();
    const problems: RowProblem[] = [];
    for (let i = 0; i < columnAt.length; i++) {
      const column = columnAt[i];
      if (column === null) continue;
      const r = row.cells[i + 1] ?? BLANK;
      if ('raw' in r) {
        // Blank cells are null (the digests of earlier imports were taken so).
        // A text cell is text (= included); a `'=…` guard as the CSV export writes it is dropped, as the CSV reader does.
        values.set(column.key, typeof r.raw === 'string' ? (r.raw === '' ? null : unguardFormula(r.raw)) : r.raw);
        continue;
      }
      values.set(column.key, null);
      const header = textAt[i];
      problems.push({
        column: header,
        field: fieldOf(column, this.table),
        code: r.problem,
        message:
          r.problem === 'FORMULA_NOT_ALLOWED'
            ? `“${header}”含公式，请粘贴为数值 (the cell holds a formula: paste values instead)`
            : r.problem === 'CELL_ERROR'
              ? `“${header}”是错误值 ${r.detail} (the cell holds the error ${r.detail})`
              : `“${header}”的单元格类型无法识别 (unsupported cell type)`,
      });
    }
    if (row.beyond) {
      problems.push({ column: null, field: null, code: 'COLUMN_COUNT', message: `第 ${row.beyond} 列有数据但没有表头 (a value in column ${row.beyond}, which has no header)` });
    }
    return { rowNumber: row.rowNumber, values, problems };
  }

  private shut(): void {
    if (this.closed) return;
    this.closed = true;
    this.part?.close();
    this.pkg.close();
  }
}

function headerText(c: Cell | undefined): string {
  if (!c || !('raw' in c) || c.raw === null) return '';
  return c.raw instanceof Date ? c.raw.toISOString().slice(0, 10) : String(c.raw);
}

function xlsxError(e: unknown, row: number | undefined): ImportFileError {
  if (e instanceof ImportFileError) return e;
  return FileErrors.corruptXlsx(row, 'unexpected content');
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export async function openXlsx(path: string, head: Buffer, maxRowBytes: number, limits: Partial<XlsxLimits> = {}, table: ColumnTable): Promise<OpenedFile> {
  if (head.length === 0) throw FileErrors.empty();
  if (head.length < 4 || !head.subarray(0, 4).equals(ZIP_MAGIC)) throw FileErrors.notXlsx();
  const bounds = { ...DEFAULT_XLSX_LIMITS, ...limits };
  const { pkg, workbook } = await loadWorkbook(path, bounds);
  const rows = new XlsxRows(pkg, workbook, bounds, maxRowBytes, table);
  const { header } = await rows.readHeader();
  return { format: ImportFormat.XLSX, encoding: null, header, rows };
}
