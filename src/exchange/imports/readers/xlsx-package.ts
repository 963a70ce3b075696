/**
 * The zip package of an XLSX workbook, read with yauzl from its central directory (random access:
 * only the parts the import needs are inflated) and bounded: a part whose decompressed size is
 * declared or found larger than `maxPartBytes` is refused (yauzl checks the inflated bytes against
 * the declared size, so a part cannot expand past what it declares), and its XML is parsed as a
 * stream (saxes) in which no single token (a text node, a tag with its attributes) may grow past
 * `maxTokenBytes`: a zip bomb costs at most those bounds in memory, never its expanded size.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, SaxesTagPlain } from 'saxes';
import * as yauzl from 'yauzl';
import { FileErrors } from './file-errors';
import { ImportFileError } from './reader-types';

export interface XmlHandlers {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

/** The local name of an element (`x:row` → `row`): some writers prefix the spreadsheet namespace. */
const local = (name: string): string => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

export interface PackageLimits {
  maxPartBytes: number;
  maxTokenBytes: number;
}

export class XlsxPackage {
  private closed = false;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    private readonly limits: PackageLimits,
  ) {}

  /**
   * Opens the zip and keeps the entries of the parts named (a zip of a million entries keeps a
   * handful). Throws CORRUPT_XLSX when it is not a readable zip or names one of them twice.
   */
  static async open(path: string, limits: PackageLimits, names: ReadonlySet<string>): Promise<XlsxPackage> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false, decodeStrings: true });
    } catch {
      throw FileErrors.corruptXlsx(undefined, 'the zip directory cannot be read');
    }
    const entries = new Map<string, yauzl.Entry>();
    let duplicate: string | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          const name = entry.fileName.replace(/^\/+/, '');
          if (names.has(name)) {
            if (entries.has(name)) duplicate ??= name;
            else entries.set(name, entry);
          }
          zip.readEntry();
        });
        zip.once('end', () => resolve());
        zip.once('error', reject);
        zip.readEntry();
      });
    } catch {
      zip.close();
      throw FileErrors.corruptXlsx(undefined, 'the zip directory cannot be read');
    }
    // Two parts of one name: which one is meant is ambiguous (zip readers disagree); refused.
    if (duplicate) {
      zip.close();
      throw FileErrors.corruptXlsx(undefined, `the part ${duplicate} appears twice`);
    }
    return new XlsxPackage(zip, entries, limits);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** A part's XML, parsed one inflated chunk at a time into `handlers` (see XmlPart). */
  async xml(name: string, handlers: XmlHandlers, rowAt: () => number | undefined = () => undefined): Promise<XmlPart> {
    const entry = this.entries.get(name);
    if (!entry) throw FileErrors.corruptXlsx(undefined, `the part ${name} is missing`);
    if (entry.isEncrypted()) throw FileErrors.corruptXlsx(undefined, `the part ${name} is encrypted`);
    if (entry.uncompressedSize > this.limits.maxPartBytes) throw FileErrors.partTooLarge(name, this.limits.maxPartBytes);
    let stream: Readable;
    try {
      stream = await this.zip.openReadStreamPromise(entry);
    } catch {
      throw FileErrors.corruptXlsx(rowAt(), `the part ${name} cannot be read`);
    }
    return new XmlPart(name, stream, handlers, this.limits, rowAt);
  }

  /** Parses a whole part (the small ones: workbook, relationships, styles, shared strings). */
  async parse(name: string, handlers: XmlHandlers): Promise<void> {
    const part = await this.xml(name, handlers);
    try {
      while (await part.next());
    } finally {
      part.close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.zip.close();
  }
}

/**
 * One part being parsed: next() inflates one chunk and feeds it to the handlers (false at the
 * end). The chunk's size, the part's running size and the longest token are checked each time.
 */
export class XmlPart {
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly parser = new SaxesParser({ xmlns: false, position: false });
  /** UTF-8 across chunk boundaries: a character cut in two by the inflater is joined again. */
  private readonly decoder = new StringDecoder('utf8');
  /** Bytes fed since the last complete token: a text node or a tag still being read. */
  private sinceToken = 0;
  private total = 0;
  private failure: ImportFileError | null = null;
  private done = false;

  constructor(
    private readonly name: string,
    private readonly stream: Readable,
    handlers: XmlHandlers,
    private readonly limits: PackageLimits,
    private readonly rowAt: () => number | undefined,
  ) {
    this.chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const guard = (f: () => void) => {
      this.sinceToken = 0;
      if (this.failure) return;
      try {
        f();
      } catch (e) {
        this.failure = e instanceof ImportFileError ? e : FileErrors.corruptXlsx(this.rowAt(), `the part ${name} has unexpected content`);
      }
    };
    this.parser.on('opentag', (node: SaxesTagPlain) => guard(() => handlers.open(local(node.name), node.attributes as Record<string, string>)));
    this.parser.on('closetag', (node: SaxesTagPlain) => guard(() => handlers.close(local(node.name))));
    this.parser.on('text', (text: string) => guard(() => handlers.text(text)));
    this.parser.on('cdata', (text: string) => guard(() => handlers.text(text)));
  }

  async next(): Promise<boolean> {
    if (this.done) return false;
    try {
      let result: IteratorResult<Buffer>;
      try {
        result = await this.chunks.next();
      } catch {
        // Inflate errors, sizes that differ from the directory's, a file cut short.
        throw FileErrors.corruptXlsx(this.rowAt(), `the part ${this.name} is damaged`);
      }
      if (result.done) {
        this.done = true;
        const rest = this.decoder.end();
        this.feed(() => {
          if (rest) this.parser.write(rest);
          this.parser.close();
        });
        return false;
      }
      const chunk = result.value;
      this.total += chunk.length;
      if (this.total > this.limits.maxPartBytes) throw FileErrors.partTooLarge(this.name, this.limits.maxPartBytes);
      this.sinceToken += chunk.length;
      this.feed(() => this.parser.write(this.decoder.write(chunk)));
      if (this.sinceToken > this.limits.maxTokenBytes + chunk.length) throw FileErrors.cellTooLong(this.rowAt(), this.limits.maxTokenBytes);
      return true;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  private feed(f: () => void): void {
    try {
      f();
    } catch {
      if (!this.failure) throw FileErrors.corruptXlsx(this.rowAt(), `the part ${this.name} is not well-formed XML`);
    }
    if (this.failure) throw this.failure;
  }

  close(): void {
    this.done = true;
    this.stream.destroy();
  }
}
