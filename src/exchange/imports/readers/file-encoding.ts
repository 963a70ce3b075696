/**
 * Text encodings of CSV and NDJSON files: UTF-8 (with or without BOM) or GB18030 (GBK, as Excel in
 * China saves "CSV"), given or detected from the first 64 KiB; and a streaming UTF-8 validity check
 * so that invalid bytes further on are reported instead of silently becoming U+FFFD.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { FileErrors } from './file-errors';
import { FileEncoding } from './reader-types';

export const HEAD_BYTES = 64 * 1024;

export interface EncodingChoice {
  encoding: FileEncoding;
  /** Given by the caller: invalid bytes are then a file error, not a row problem. */
  explicit: boolean;
}

/** The file's first bytes and whether that is the whole file. */
export async function readHead(path: string, bytes = HEAD_BYTES): Promise<{ head: Buffer; whole: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(bytes + 1);
    let read = 0;
    while (read < buf.length) {
      const { bytesRead } = await handle.read(buf, read, buf.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { head: buf.subarray(0, Math.min(read, bytes)), whole: read <= bytes };
  } finally {
    await handle.close();
  }
}

/** Bytes at the end of `buf` that begin a UTF-8 sequence not completed within it. */
export function incompleteUtf8Tail(buf: Uint8Array): number {
  const n = buf.length;
  for (let i = n - 1; i >= 0 && i >= n - 3; i--) {
    const b = buf[i];
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    if (b < 0x80) return 0;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return n - i < length ? n - i : 0;
  }
  return 0;
}

const hasUtf8Bom = (b: Buffer) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
const hasNonAscii = (b: Buffer) => {
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) return true;
  return false;
};

/**
 * Evidence for UTF-8 in bytes that are not all valid UTF-8: well-formed multi-byte sequences
 * against bytes that start none. UTF-8 text with a damaged byte or two is nearly all sequences;
 * GBK text forms one by chance for about one character in six (a lead byte C2–DF before a trail
 * byte A1–BF), so it has several times more stray bytes than sequences.
 */
export function utf8Evidence(b: Uint8Array): { sequences: number; stray: number } {
  let sequences = 0;
  let stray = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    let ok = n > 0 && i + n <= b.length;
    for (let k = 1; ok && k < n; k++) ok = (b[i + k] & 0xc0) === 0x80;
    if (ok) {
      sequences++;
      i += n;
    } else {
      stray++;
      i++;
    }
  }
  return { sequences, stray };
}

/** Damaged UTF-8 rather than another encoding: at least this many sequences per stray byte. */
const UTF8_SEQUENCES_PER_STRAY_BYTE = 8;

/**
 * The encoding to read with: a BOM says UTF-8; otherwise valid UTF-8 in the head is UTF-8, and so
 * is UTF-8 with a few damaged bytes (they become ENCODING problems of their rows instead of the
 * whole file being misread as GBK); anything else is GB18030. An explicit encoding the head
 * contradicts is WRONG_ENCODING; UTF-16 is refused.
 */
export function chooseEncoding(head: Buffer, whole: boolean, requested: FileEncoding | 'AUTO' | undefined): EncodingChoice {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw FileErrors.unsupportedEncoding('UTF-16');
  }
  const bom = hasUtf8Bom(head);
  const checked = whole ? head : head.subarray(0, head.length - incompleteUtf8Tail(head));
  const validUtf8 = isUtf8(checked);
  if (requested === undefined || requested === 'AUTO') {
    if (bom || validUtf8) return { encoding: 'UTF-8', explicit: false };
    const { sequences, stray } = utf8Evidence(checked);
    return { encoding: sequences >= UTF8_SEQUENCES_PER_STRAY_BYTE * stray ? 'UTF-8' : 'GB18030', explicit: false };
  }
  if (requested === 'GB18030' && (bom || (validUtf8 && hasNonAscii(checked)))) {
    throw FileErrors.wrongEncoding('GB18030', undefined, '，看起来是 UTF-8，请选择 UTF-8 或自动识别');
  }
  // Explicit UTF-8 on invalid bytes: reported at the first row holding them (see Utf8Check).
  return { encoding: requested, explicit: true };
}

/**
 * Streaming UTF-8 validity over chunks that may cut a multi-byte sequence. `check` answers whether
 * the complete sequences seen so far in this chunk are valid; `end` whether the file ended cleanly.
 */
export class Utf8Check {
  private tail: Buffer | null = null;

  check(chunk: Buffer): boolean {
    let start = 0;
    let ok = true;
    if (this.tail !== null) {
      const lead = this.tail[0];
      const need = (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2) - this.tail.length;
      if (chunk.length < need) {
        this.tail = Buffer.concat([this.tail, chunk]);
        return true;
      }
      ok = isUtf8(Buffer.concat([this.tail, chunk.subarray(0, need)]));
      this.tail = null;
      start = need;
    }
    const cut = incompleteUtf8Tail(chunk.subarray(start));
    const end = chunk.length - cut;
    if (cut > 0) this.tail = Buffer.from(chunk.subarray(end));
    return isUtf8(chunk.subarray(start, end)) && ok;
  }

  end(): boolean {
    return this.tail === null;
  }
}
