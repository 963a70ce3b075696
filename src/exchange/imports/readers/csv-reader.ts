/**
 * CSV rows, streamed: the file is read in 64 KiB chunks, decoded (UTF-8, checked for invalid bytes,
 * or GB18030) and split into records by CsvSplitter; each chunk's rows are queued and handed out
 * one by one. Memory stays bounded by the chunk size and maxRowBytes. (csv-parse, byte by byte,
 * ran at a third of this speed on registry files.) A cell guarded by the export against formula
 * injection (`'=…`, `'+86…`) is read without its `'`; unguarded formula text in a free-text column
 * is a FORMULA_NOT_ALLOWED problem of the row (see common/imports/columns.ts).
 */
import { createReadStream, ReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import { ColumnTable, fieldOf, formulaChecked, ImportColumn as ExchangeColumn, isUnguardedFormula, Raw, unguardFormula } from '../../../common/imports/columns';
import { FieldCells, FieldIndex, fieldIndex } from '../../../common/imports/field-cells';
import { ImportFormat } from '../import-job.entity';
import { CsvSplitter } from './csv-splitter';
import { EncodingChoice, Utf8Check } from './file-encoding';
import { FileErrors } from './file-errors';
import { mapHeader, MappedHeader } from './file-header';
import { CellsRead, ImportFileError, OpenedFile, RawRow, RowProblem } from './reader-types';

// Small chunks: a chunk's rows are consumed before the next scavenge, so they die young (2× faster than 1 MiB).
const CHUNK_BYTES = 64 * 1024;
const REPLACEMENT = '\uFFFD';

function isBlank(fields: string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const f = fields[i];
    if (f.length !== 0 && f.trim().length !== 0) return false;
  }
  return true;
}

export class CsvRows implements AsyncIterableIterator<RawRow> {
  private readonly stream: ReadStream;
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly splitter: CsvSplitter;
  private readonly utf8: Utf8Check | null;
  private readonly utf8Decoder: StringDecoder | null;
  private readonly gb18030: iconv.DecoderStream | null;
  private queue: RawRow[] = [];
  private head = 0;
  /** Records split so far, blank ones included: the spreadsheet row number of the last one. */
  private records = 0;
  private ended = false;
  private failure: ImportFileError | null = null;
  /** Invalid bytes were seen: rows are checked for U+FFFD. */
  private suspect = false;
  private closed = false;
  private mapped: MappedHeader | null = null;
  private headerCells: string[] | null = null;
  private keys: (string | null)[] = [];
  /** The kept columns' keys → field position: every row's FieldCells reads through it. */
  private index: FieldIndex | null = null;
  /** Per cell index: the column when it is free text, where unguarded formula text is refused; else null. */
  private formulaColumns: (ExchangeColumn | null)[] = [];

  constructor(
    path: string,
    private readonly choice: EncodingChoice,
    private readonly maxRowBytes: number,
    private readonly table: ColumnTable,
    private readonly cells: CellsRead = 'all',
  ) {
    this.stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
    this.chunks = this.stream[Symbol.asyncIterator]();
    this.splitter = new CsvSplitter((fields, count) => this.onRecord(fields, count), maxRowBytes);
    this.utf8 = choice.encoding === 'UTF-8' ? new Utf8Check() : null;
    this.utf8Decoder = choice.encoding === 'UTF-8' ? new StringDecoder('utf8') : null;
    this.gb18030 = choice.encoding === 'GB18030' ? iconv.getDecoder('gb18030') : null;
  }

  /** Reads up to the first non-blank record and maps it; throws EMPTY_FILE, MISSING_COLUMNS, … */
  async readHeader(): Promise<MappedHeader> {
    try {
      while (this.headerCells === null) {
        if (this.failure) throw this.failure;
        if (this.ended) throw FileErrors.empty();
        await this.fill();
      }
      if (this.mapped === null) {
        const cells = this.headerCells;
        const row = this.headerRow;
        if (this.suspect && cells.some((f) => f.includes(REPLACEMENT))) throw this.encodingError(row);
        this.mapped = mapHeader(cells, row, this.table);
        // Only the unit key's cell (the inspection pass): the other cells are neither kept nor checked.
        const kept = (c: ExchangeColumn | null): c is ExchangeColumn => c !== null && (this.cells === 'all' || c.key === this.table.unitKey);
        this.keys = this.mapped.columnAt.map((c) => (kept(c) ? c.key : null));
        this.index = fieldIndex(this.keys);
        this.formulaColumns = this.mapped.columnAt.map((c) => (kept(c) && formulaChecked(c) ? c : null));
        // Records split after the header in the same chunk are waiting: map them now.
        const pending = this.pendingRecords;
        this.pendingRecords = [];
        for (const [rowNumber, fields] of pending) this.queue.push(this.toRow(fields, fields.length, rowNumber));
      }
      return this.mapped;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  private headerRow = 0;
  /** Records after the header split before the header was mapped (the rest of the first chunk). */
  private pendingRecords: [number, string[]][] = [];

  [Symbol.asyncIterator](): AsyncIterableIterator<RawRow> {
    return this;
  }

  next(): Promise<IteratorResult<RawRow>> {
    if (this.head < this.queue.length) return Promise.resolve({ value: this.queue[this.head++], done: false });
    return this.refillThenNext();
  }

  return(): Promise<IteratorResult<RawRow>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  private async refillThenNext(): Promise<IteratorResult<RawRow>> {
    for (;;) {
      this.queue = [];
      this.head = 0;
      if (this.failure) {
        this.close();
        throw this.failure;
      }
      if (this.ended) {
        this.close();
        return { value: undefined, done: true };
      }
      await this.fill();
      if (this.head < this.queue.length) return { value: this.queue[this.head++], done: false };
    }
  }

  private onRecord(fields: string[], count: number): void {
    const rowNumber = ++this.records;
    if (isBlank(fields, 0, count)) return;
    if (this.headerCells === null) {
      this.headerCells = fields.slice(0, count);
      this.headerRow = rowNumber;
    } else if (this.mapped === null) {
      this.pendingRecords.push([rowNumber, fields.slice(0, count)]);
    } else {
      this.queue.push(this.toRow(fields, count, rowNumber));
    }
  }

  /** Reads one chunk and splits it (or ends the input); rows go to the queue. */
  private async fill(): Promise<void> {
    let result: IteratorResult<Buffer>;
    try {
      result = await this.chunks.next();
    } catch (e) {
      this.failure = FileErrors.unreadable();
      this.ended = true;
      return;
    }
    if (result.done) {
      let rest: string;
      if (this.gb18030) rest = this.gb18030.end() ?? '';
      else {
        rest = this.utf8Decoder!.end();
        if (!this.utf8!.end()) this.suspect = true;
      }
      if (rest.includes(REPLACEMENT)) this.suspect = true;
      this.split(rest, true);
      this.ended = true;
      return;
    }
    const chunk = result.value;
    let text: string;
    if (this.gb18030) {
      text = this.gb18030.write(chunk);
      if (!this.suspect && text.includes(REPLACEMENT)) this.suspect = true;
    } else {
      if (!this.suspect && !this.utf8!.check(chunk)) this.suspect = true;
      text = this.utf8Decoder!.write(chunk);
    }
    this.split(text, false);
  }

  private split(text: string, end: boolean): void {
    let error: string | null;
    try {
      error = this.splitter.write(text, end);
    } catch (e) {
      if (!(e instanceof ImportFileError)) throw e;
      this.fail(e);
      return;
    }
    if (error === null) return;
    const row = this.records + 1;
    this.fail(error === 'ROW_TOO_LONG' ? FileErrors.rowTooLong(row, this.maxRowBytes) : FileErrors.truncated(row));
  }

  private fail(error: ImportFileError): void {
    this.failure = error;
    this.ended = true;
    this.stream.destroy();
  }

  private toRow(fields: string[], n: number, rowNumber: number): RawRow {
    const keys = this.keys;
    const problems: RowProblem[] = [];
    const m = n < keys.length ? n : keys.length;
    // The record's fields up to the last column the header names (blank ones stay '': a missing cell).
    const cells: Raw[] = fields.slice(0, m);
    for (let i = 0; i < m; i++) {
      const v = cells[i] as string;
      if (v.length === 0) continue;
      if (keys[i] === null) {
        cells[i] = '';
        continue;
      }
      // The export's formula guard (`'=…`) is dropped; unguarded formula text is refused (the value is kept, the row is an error).
      if (v.charCodeAt(0) === 0x27) cells[i] = unguardFormula(v);
      else {
        const column = this.formulaColumns[i];
        if (column !== null && isUnguardedFormula(column, v)) problems.push(this.formulaProblem(i));
      }
    }
    const values = new FieldCells(this.index!, cells);
    const width = this.mapped!.width;
    if (n !== width && (n < width || !isBlank(fields, width, n))) {
      problems.push({
        column: null,
        field: null,
        code: 'COLUMN_COUNT',
        message: `本行有 ${n} 列，表头有 ${width} 列 (the row has ${n} fields, the header ${width})`,
      });
    }
    if (this.suspect) {
      let at = -1;
      for (let i = 0; i < n && at < 0; i++) if (fields[i].includes(REPLACEMENT)) at = i;
      if (at >= 0) {
        // Explicit encoding contradicted: the file as a whole is refused at this row.
        if (this.choice.explicit) throw this.encodingError(rowNumber);
        const column = this.mapped!.columnAt[at] ?? null;
        const header = this.mapped!.textAt[at] ?? null;
        problems.push({
          column: header,
          field: column ? fieldOf(column, this.table) : null,
          code: 'ENCODING',
          message: `${header ? `“${header}”` : '本行'}含无法识别的字符，文件编码不一致 (bytes that are not valid ${this.choice.encoding})`,
        });
      }
    }
    return { rowNumber, values, problems };
  }

  private formulaProblem(at: number): RowProblem {
    const header = this.mapped!.textAt[at];
    return {
      column: header,
      field: fieldOf(this.mapped!.columnAt[at]!, this.table),
      code: 'FORMULA_NOT_ALLOWED',
      message: `“${header}”以 = + @ 开头，会被电子表格当作公式；请填写值，或在前面加英文单引号 ' 表示文本 (a spreadsheet formula: write the value, or prefix it with ' to mark it as text)`,
    };
  }

  private encodingError(row: number): ImportFileError {
    return FileErrors.wrongEncoding(this.choice.encoding, row, this.choice.encoding === 'UTF-8' ? '，请选择 GBK/GB18030 或自动识别' : '，请检查文件编码');
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.destroy();
  }
}

export async function openCsv(path: string, choice: EncodingChoice, maxRowBytes: number, table: ColumnTable, cells: CellsRead = 'all'): Promise<OpenedFile> {
  const rows = new CsvRows(path, choice, maxRowBytes, table, cells);
  const { header } = await rows.readHeader();
  return { format: ImportFormat.CSV, encoding: choice.encoding, header, rows };
}
