/**
 * The three file formats, each writing records to a byte stream with backpressure: a write
 * that fills the stream's buffer waits for 'drain', so memory stays flat however large the
 * export and however slow the client. A stream closed by the client ends the export (ExportAborted).
 * What a record looks like is a layout: the registry's households (REGISTRY_LAYOUT) or any import
 * port's flat rows (tableLayout).
 */
import { setImmediate as nextTick } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './exceljs-lazy';
import iconv from 'iconv-lite';
import { cellText, type ColumnTable } from '../../common/imports/columns';
import type { ExportEncoding, ExportFormat, ExportValues } from './export-query.dto';
import { csvLine, ExportRecord, HEADER_ROW, ndjsonObject, tableRows, xlsxCell } from './export-rows';

/** The client went away: stop reading the database. */
export class ExportAborted extends Error {
  constructor() {
    super('the export stream was closed before the end');
    this.name = 'ExportAborted';
  }
}

export interface ExportWriter<R = ExportRecord> {
  begin(): Promise<void>;
  /** Writes a page of records; returns the number of rows (CSV/XLSX) or lines (NDJSON) written. */
  write(records: readonly R[]): Promise<number>;
  end(): Promise<void>;
}

export interface WriterOptions {
  format: ExportFormat;
  values: ExportValues;
  encoding: ExportEncoding;
}

/** How records of one kind are written: the header row, a record's table rows, its NDJSON line, the sheet's name. */
export interface ExportLayout<R> {
  header: readonly string[];
  rows(record: R, values: ExportValues): string[][];
  ndjson(record: R, values: ExportValues): unknown;
  sheet: string;
}

/** Name of the sheet of the export and of the template (the import reads the first sheet). */
export const DATA_SHEET = '贫困户家庭成员';

/** The registry's households with their members, in the exchange format (one row per member). */
export const REGISTRY_LAYOUT: ExportLayout<ExportRecord> = { header: HEADER_ROW, rows: tableRows, ndjson: ndjsonObject, sheet: DATA_SHEET };

/** A flat row of an import port's columns: cell text by column key (absent: empty). */
export type TableRecord = Readonly<Record<string, string>>;
/** A unit's rows (a project and its funding lines), or one row of a flat table (a relief payment). */
export type TableUnit = readonly TableRecord[];

/**
 * Any import port's rows in its own columns and order (the file re-imports as it is): CSV/XLSX
 * one row a row, NDJSON one object a unit keyed by column key (empty cells left out), the rows'
 * child columns under the table's `childrenKey` as the NDJSON reader nests them (`lines: [{…}]`).
 */
export function tableLayout(table: Pick<ColumnTable, 'columns' | 'nesting'>, sheet: string): ExportLayout<TableUnit> {
  const { columns, nesting } = table;
  const cells = (r: TableRecord, scope?: string) => Object.fromEntries(columns.filter((c) => (scope === undefined || c.scope === scope) && (r[c.key] ?? '') !== '').map((c) => [c.key, r[c.key]]));
  const nested = columns.some((c) => c.scope === nesting.childScope);
  return {
    header: columns.map((c) => c.header),
    rows: (unit) => unit.map((r) => columns.map((c) => r[c.key] ?? '')),
    ndjson: (unit) => {
      if (!nested) return cells(unit[0]);
      const children = unit.map((r) => cells(r, nesting.childScope)).filter((o) => Object.keys(o).length > 0);
      return { ...cells(unit[0], nesting.unitScope), ...(children.length ? { [nesting.childrenKey]: children } : {}) };
    },
    sheet,
  };
}

/**
 * A page's rows as units: adjacent rows of one unit key (cellText) together when the table nests
 * child rows (a port pages whole units), else one row each (a flat roster's rows are records).
 */
export function tableUnits(table: Pick<ColumnTable, 'columns' | 'nesting' | 'unitKey'>, rows: readonly TableRecord[]): TableUnit[] {
  if (!table.columns.some((c) => c.scope === table.nesting.childScope)) return rows.map((r) => [r]);
  const units: TableRecord[][] = [];
  for (const r of rows) {
    const last = units[units.length - 1];
    const key = cellText(r[table.unitKey]);
    if (last && key !== '' && cellText(last[0][table.unitKey]) === key) last.push(r);
    else units.push([r]);
  }
  return units;
}

const UTF8_BOM = '\uFEFF';
/** Bytes gathered before one write to the stream. */
const CHUNK = 64 * 1024;

export function createWriter(out: Writable, o: WriterOptions): ExportWriter<ExportRecord>;
export function createWriter<R>(out: Writable, o: WriterOptions, layout: ExportLayout<R>): ExportWriter<R>;
export function createWriter<R>(out: Writable, o: WriterOptions, layout?: ExportLayout<R>): ExportWriter<R> {
  const l = (layout ?? REGISTRY_LAYOUT) as ExportLayout<R>;
  if (o.format === 'xlsx') return new XlsxWriter(out, o.values, l);
  if (o.format === 'ndjson') return new TextWriter<R>(out, 'utf-8', '', (r) => [`${JSON.stringify(l.ndjson(r, o.values))}\n`]);
  return new TextWriter<R>(out, o.encoding, csvLine(l.header), (r) => l.rows(r, o.values).map(csvLine));
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
class TextWriter<R> implements ExportWriter<R> {
  constructor(
    private readonly out: Writable,
    private readonly encoding: ExportEncoding,
    private readonly header: string,
    /** A record's lines (CSV rows or one NDJSON line), each ending in a newline. */
    private readonly lines: (r: R) => string[],
  ) {}

  async begin(): Promise<void> {
    // The BOM tells Excel the CSV is UTF-8 (without it Excel in China reads GBK); NDJSON has none.
    const bom = this.encoding === 'utf-8' && this.header ? UTF8_BOM : '';
    if (bom || this.header) await this.send(bom + this.header);
  }

  async write(records: readonly R[]): Promise<number> {
    let text = '';
    let rows = 0;
    for (const r of records) {
      const lines = this.lines(r);
      text += lines.join('');
      rows += lines.length;
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
class XlsxWriter<R> implements ExportWriter<R> {
  private workbook!: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet!: ExcelJS.Worksheet;

  constructor(
    private readonly out: Writable,
    private readonly values: ExportValues,
    private readonly layout: ExportLayout<R>,
  ) {}

  async begin(): Promise<void> {
    const excel = await loadExcelJs();
    this.workbook = new excel.stream.xlsx.WorkbookWriter({ stream: this.out, useStyles: false, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet(this.layout.sheet);
    this.sheet.addRow([...this.layout.header]).commit();
  }

  async write(records: readonly R[]): Promise<number> {
    let rows = 0;
    for (const r of records) {
      for (const row of this.layout.rows(r, this.values)) {
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
