import { writeFileSync } from 'node:fs';
import { crc32, createDeflateRaw } from 'node:zlib';

/** One entry of a crafted zip: its content as chunks (repeated chunks make a zip bomb cheaply). */
export interface ZipEntry {
  name: string;
  chunks: Iterable<Buffer | string>;
  /** Size written in the headers instead of the real one (a zip that lies about its parts). */
  declaredSize?: number;
}

/** Deflates chunks as a stream: a gigabyte of repeated text compresses without ever being in memory. */
async function deflate(chunks: Iterable<Buffer | string>): Promise<{ data: Buffer; size: number; crc: number }> {
  const z = createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  let size = 0;
  let crc = 0;
  for (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
    size += b.length;
    crc = crc32(b, crc);
    if (!z.write(b)) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return { data: Buffer.concat(out), size, crc };
}

/** Writes a zip (deflated entries, no zip64) built by hand, so its headers can be made to lie. */
export async function writeZip(path: string, entries: ZipEntry[]): Promise<void> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const { data, size, crc } = await deflate(e.chunks);
    const declared = e.declaredSize ?? size;
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt16LE(0, 12);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(declared, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    parts.push(local, name, data);
    offset += local.length + name.length + data.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...parts, cdBytes, end]));
}

/** `chunk` repeated `times` times, lazily. */
export function* repeat(chunk: string, times: number): Generator<Buffer> {
  // Grouped into ~64 KiB buffers: fewer, larger writes to the compressor.
  const one = Buffer.from(chunk, 'utf8');
  const per = Math.max(1, Math.floor(65536 / one.length));
  const block = Buffer.concat(Array(per).fill(one));
  let left = times;
  while (left >= per) {
    yield block;
    left -= per;
  }
  if (left > 0) yield Buffer.concat(Array(left).fill(one));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * The parts of a minimal workbook (one sheet, inline strings) for crafted files: rows of text
 * cells, and the shared-strings part given or left out.
 */
export function workbookParts(rows: string[][], sharedStrings?: ZipEntry['chunks'], sheet?: ZipEntry['chunks']): ZipEntry[] {
  const ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const cells = rows
    .map((r, i) => `<row r="${i + 1}">${r.map((v) => `<c t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`)
    .join('');
  const entries: ZipEntry[] = [
    { name: 'xl/workbook.xml', chunks: [`<workbook xmlns:r="${ns}"><sheets><sheet name="户籍" sheetId="1" r:id="rId1"/></sheets></workbook>`] },
    {
      name: 'xl/_rels/workbook.xml.rels',
      chunks: [
        `<Relationships><Relationship Id="rId1" Type="${ns}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="${ns}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ],
    },
    { name: 'xl/worksheets/sheet1.xml', chunks: sheet ?? [`<worksheet><sheetData>${cells}</sheetData></worksheet>`] },
  ];
  if (sharedStrings) entries.push({ name: 'xl/sharedStrings.xml', chunks: sharedStrings });
  return entries;
}
