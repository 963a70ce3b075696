/**
 * NDJSON rows: one unit a line (a household), English keys (the table's keys; a dotted key's
 * prefix is a nested object, e.g. `income: {…}`), children in the table's array (`members:
 * [{…, insurance: {…}}]`), one RawRow per child (the unit's values repeated) or one with the
 * unit's values alone when it has no children. Lines are split on bytes with the
 * maxRowBytes limit, so a huge line is refused without being held in memory.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream, ReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { ColumnTable, fieldOf, Raw } from '../../../common/imports/columns';
import { ImportFormat } from '../import-job.entity';
import { EncodingChoice } from './file-encoding';
import { FileErrors } from './file-errors';
import { FileHeader, OpenedFile, RawRow, RowProblem } from './reader-types';

// Small chunks: a chunk's rows are consumed before the next scavenge, so they die young (2× faster than 1 MiB).
const CHUNK_BYTES = 64 * 1024;
const NL = 0x0a;
const CR = 0x0d;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export class NdjsonRows implements AsyncIterableIterator<RawRow> {
  private readonly stream: ReadStream;
  private readonly chunks: AsyncIterator<Buffer>;
  private chunk: Buffer | null = null;
  private pos = 0;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private eof = false;
  private lineNumber = 0;
  private pending: RawRow[] = [];
  private head = 0;
  private closed = false;
  private readonly unknownSeen = new Set<string>();
  /** `scope:prefix` of the nested objects the table has. */
  private readonly objects = new Set<string>();

  constructor(
    path: string,
    private readonly choice: EncodingChoice,
    private readonly maxRowBytes: number,
    readonly header: FileHeader,
    private readonly table: ColumnTable,
  ) {
    // Nested objects per scope: the prefixes of the table's dotted keys (income.year → income).
    for (const c of table.columns) {
      const dot = c.key.indexOf('.');
      if (dot > 0) this.objects.add(`${c.scope}:${c.key.slice(0, dot)}`);
    }
    this.stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
    this.chunks = this.stream[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RawRow> {
    return this;
  }

  next(): Promise<IteratorResult<RawRow>> {
    if (this.head < this.pending.length) return Promise.resolve({ value: this.pending[this.head++], done: false });
    return this.readMore();
  }

  return(): Promise<IteratorResult<RawRow>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  private async readMore(): Promise<IteratorResult<RawRow>> {
    this.pending = [];
    this.head = 0;
    try {
      for (;;) {
        const line = this.takeLine();
        if (line === undefined) {
          await this.readChunk();
          continue;
        }
        if (line === null) {
          this.close();
          return { value: undefined, done: true };
        }
        this.lineNumber++;
        this.parseLine(line);
        if (this.pending.length > 0) return { value: this.pending[this.head++], done: false };
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  private async readChunk(): Promise<void> {
    let result: IteratorResult<Buffer>;
    try {
      result = await this.chunks.next();
    } catch (e) {
      throw FileErrors.unreadable();
    }
    if (result.done) this.eof = true;
    else {
      this.chunk = result.value;
      this.pos = 0;
    }
  }

  /** The next line's bytes; undefined when more input is needed; null at the end. */
  private takeLine(): Buffer | null | undefined {
    if (this.chunk !== null) {
      const nl = this.chunk.indexOf(NL, this.pos);
      if (nl >= 0) {
        let line = this.chunk.subarray(this.pos, nl);
        this.pos = nl + 1;
        if (this.partialBytes > 0) {
          if (this.partialBytes + line.length > this.maxRowBytes) throw FileErrors.rowTooLong(this.lineNumber + 1, this.maxRowBytes);
          this.partial.push(line);
          line = Buffer.concat(this.partial);
          this.partial = [];
          this.partialBytes = 0;
        }
        if (line.length > this.maxRowBytes) throw FileErrors.rowTooLong(this.lineNumber + 1, this.maxRowBytes);
        return line;
      }
      if (this.pos < this.chunk.length) {
        this.partial.push(this.chunk.subarray(this.pos));
        this.partialBytes += this.chunk.length - this.pos;
        if (this.partialBytes > this.maxRowBytes) throw FileErrors.rowTooLong(this.lineNumber + 1, this.maxRowBytes);
      }
      this.chunk = null;
    }
    if (!this.eof) return undefined;
    if (this.partialBytes === 0) return null;
    const last = Buffer.concat(this.partial);
    this.partial = [];
    this.partialBytes = 0;
    return last;
  }

  private decode(line: Buffer): { text: string; valid: boolean } {
    const end = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
    const bytes = line.subarray(0, end);
    if (this.choice.encoding === 'UTF-8') return { text: bytes.toString('utf8'), valid: isUtf8(bytes) };
    const text = iconv.decode(bytes, 'gb18030');
    return { text, valid: !text.includes('\uFFFD') };
  }

  private parseLine(line: Buffer): void {
    const { text: decoded, valid } = this.decode(line);
    const text = this.lineNumber === 1 && decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
    if (text.trim() === '') return;
    const rowNumber = this.lineNumber;
    const problems: RowProblem[] = [];
    if (!valid) {
      if (this.choice.explicit) throw FileErrors.wrongEncoding(this.choice.encoding, rowNumber, '，请检查文件编码');
      problems.push({ column: null, field: null, code: 'ENCODING', message: `本行含无法识别的字符，文件编码不一致 (bytes that are not valid ${this.choice.encoding})` });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      problems.push(invalidJson(`不是有效的 JSON (not valid JSON: ${(e as Error).message})`));
      this.pending.push({ rowNumber, values: new Map(), problems });
      return;
    }
    if (!isObject(json)) {
      problems.push(invalidJson('每行应为一个户的 JSON 对象 (each line must be one household as a JSON object)'));
      this.pending.push({ rowNumber, values: new Map(), problems });
      return;
    }
    const { unitScope, childScope, childrenKey } = this.table.nesting;
    const household = new Map<string, Raw>();
    let members: unknown;
    for (const key of Object.keys(json)) {
      const value = json[key];
      if (key === childrenKey) members = value;
      else if (this.objects.has(`${unitScope}:${key}`)) this.putNested(household, key, value, unitScope, problems);
      else this.put(household, key, value, unitScope, problems);
    }
    if (members === undefined || members === null || (Array.isArray(members) && members.length === 0)) {
      this.pending.push({ rowNumber, values: household, problems });
      return;
    }
    if (!Array.isArray(members)) {
      problems.push(invalidJson(`${childrenKey} 应为成员对象的数组 (${childrenKey} must be an array of objects)`, childrenKey));
      this.pending.push({ rowNumber, values: household, problems });
      return;
    }
    for (let i = 0; i < members.length; i++) {
      const member: unknown = members[i];
      const values = new Map(household);
      const rowProblems = problems.slice();
      if (!isObject(member)) {
        rowProblems.push(invalidJson(`${childrenKey}[${i}] 不是对象 (${childrenKey}[${i}] is not an object)`, childrenKey));
      } else {
        for (const key of Object.keys(member)) {
          const value = member[key];
          if (this.objects.has(`${childScope}:${key}`)) this.putNested(values, key, value, childScope, rowProblems);
          else this.put(values, key, value, childScope, rowProblems);
        }
      }
      this.pending.push({ rowNumber, values, problems: rowProblems });
    }
  }

  /** `income: {…}` / `insurance: {…}`: an object of columns, or null (blank); anything else is an error, not ignored. */
  private putNested(values: Map<string, Raw>, prefix: string, value: unknown, scope: string, problems: RowProblem[]): void {
    if (value === null || value === undefined) return;
    if (!isObject(value)) {
      const field = scope === this.table.nesting.childScope ? `${this.table.nesting.childrenKey}.${prefix}` : prefix;
      problems.push({ column: prefix, field, code: 'VALUE_TYPE', message: `${prefix} 应为对象，如 {"year": 2020, …} (${prefix} must be an object of its fields)` });
      return;
    }
    for (const k of Object.keys(value)) this.put(values, `${prefix}.${k}`, value[k], scope, problems);
  }

  private put(values: Map<string, Raw>, key: string, value: unknown, scope: string, problems: RowProblem[]): void {
    const column = this.table.byKey.get(key);
    if (!column || column.scope !== scope) {
      this.unknown(scope === this.table.nesting.childScope ? `${this.table.nesting.childrenKey}[].${key}` : key);
      return;
    }
    if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values.set(key, value);
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
      values.set(key, value.join(','));
    } else {
      problems.push({
        column: key,
        field: fieldOf(column, this.table),
        code: 'VALUE_TYPE',
        message: `“${column.header}”（${key}）应为文字、数字或是/否 (${key} must be a string, number or boolean)`,
      });
    }
  }

  private unknown(key: string): void {
    if (this.unknownSeen.has(key)) return;
    this.unknownSeen.add(key);
    this.header.unknown.push(key);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.destroy();
  }
}

function invalidJson(message: string, column: string | null = null): RowProblem {
  return { column, field: column, code: 'INVALID_JSON', message };
}

/** Every key counts as present (a missing key is blank); required values are checked per row. */
export function openNdjson(path: string, choice: EncodingChoice, maxRowBytes: number, table: ColumnTable): OpenedFile {
  const header: FileHeader = { columns: [...table.columns], unknown: [] };
  return { format: ImportFormat.NDJSON, encoding: choice.encoding, header, rows: new NdjsonRows(path, choice, maxRowBytes, header, table) };
}

