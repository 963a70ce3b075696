/**
 * The three file formats, each writing households to a byte stream with backpressure: a write
 * that fills the stream's buffer waits for 'drain', so memory stays flat however large the
 * export and however slow the client. A stream closed by the client ends the export (ExportAborted).
 */
import { setImmediate as nextTick } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { ExportEncoding, ExportFormat, ExportValues } from './export-query.dto';
import { csvLine, ExportRecord, HEADER_ROW, ndjsonObject, tableRows, xlsxCell } from './export-rows';

/** The client went away: stop reading the database. */
export class ExportAborted extends Error {
  constructor() {
    super('the export stream was closed before the end');
    this.name = 'ExportAborted';
  }
}

export interface ExportWriter {
  begin(): Promise<void>;
  /** Writes a page of households; returns the number of rows (CSV/XLSX) or lines (NDJSON) written. */
  write(records: readonly ExportRecord[]): Promise<number>;
  end(): Promise<void>;
}

export interface WriterOptions {
  format: ExportFormat;
  values: ExportValues;
  encoding: ExportEncoding;
}

/** Name of the sheet of the export and of the template (the import reads the first sheet). */
export const DATA_SHEET = '贫困户家庭成员';
const UTF8_BOM = '\uFEFF';
/** Bytes gathered before one write to the stream. */
const CHUNK = 64 * 1024;

export function createWriter(out: Writable, o: WriterOptions): ExportWriter {
  if (o.format === 'xlsx') return new XlsxWriter(out, o.values);
  if (o.format === 'ndjson') return new TextWriter(out, 'utf-8', '', (r) => `${JSON.stringify(ndjsonObject(r, o.values))}\n`, () => 1);
  return new TextWriter(out, o.encoding, csvLine(HEADER_ROW), (r) => tableRows(r, o.values).map(csvLine).join(''), (r) => r.members.length);
}

/** Resolves once the stream can take more; rejects with ExportAborted when it closes first. */
export function drained(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded) return Promise.reject(new ExportAborted());
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new ExportAborted());
    out.on('drain', onDrain);
    out.once('close', onClose);
    out.once('error', onClose);
  });
}

/** CSV and NDJSON: text lines, encoded (UTF-8 with a BOM for CSV, or GB18030), written in chunks. */
class TextWriter implements ExportWriter {
  constructor(
    private readonly out: Writable,
    private readonly encoding: ExportEncoding,
    private readonly header: string,
    private readonly lines: (r: ExportRecord) => string,
    private readonly count: (r: ExportRecord) => number,
  ) {}

  async begin(): Promise<void> {
    // The BOM tells Excel the CSV is UTF-8 (without it Excel in China reads GBK); NDJSON has none.
    const bom = this.encoding === 'utf-8' && this.header ? UTF8_BOM : '';
    if (bom || this.header) await this.send(bom + this.header);
  }

  async write(records: readonly ExportRecord[]): Promise<number> {
    let text = '';
    let rows = 0;
    for (const r of records) {
      text += this.lines(r);
      rows += this.count(r);
      if (text.length >= CHUNK) {
        await this.send(text);
        text = '';
      }
    }
    if (text) await this.send(text);
    return rows;
  }

  async end(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
  }

  private async send(text: string): Promise<void> {
    const bytes = this.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    this.out.write(bytes);
    await drained(this.out);
  }
}

/**
 * XLSX through exceljs's streaming writer (no shared strings, no styles): rows are committed as
 * they come and zipped straight into the stream. Every cell is a string (an inline string in
 * the sheet), so 18-digit ID numbers and leading zeros stay as written; an empty value is no cell.
 */
class XlsxWriter implements ExportWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(
    private readonly out: Writable,
    private readonly values: ExportValues,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet(DATA_SHEET);
  }

  async begin(): Promise<void> {
    this.sheet.addRow([...HEADER_ROW]).commit();
  }

  async write(records: readonly ExportRecord[]): Promise<number> {
    let rows = 0;
    for (const r of records) {
      for (const row of tableRows(r, this.values)) {
        this.sheet.addRow(row.map(xlsxCell)).commit();
        rows += 1;
      }
    }
    // Let the zip stream take what was committed, then wait while the client is behind.
    await nextTick();
    await drained(this.out);
    return rows;
  }

  async end(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}
