/**
 * The type of a file told by its first bytes (its signature), never by its name or a header the
 * client sent. Only the types the service may be asked to take or to name when refusing: a file
 * matching none is `null` (undetectable).
 */
export interface DetectedFileType {
  /** Short name, as settings list it (e.g. `jpeg`). */
  name: string;
  mediaType: string;
  extension: string;
}

interface Signature extends DetectedFileType {
  test: (head: Buffer) => boolean;
}

const starts = (bytes: readonly number[], at = 0) => (head: Buffer) => head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string, at = 0) => starts([...Buffer.from(s, 'latin1')], at);

const SIGNATURES: readonly Signature[] = [
  { name: 'jpeg', mediaType: 'image/jpeg', extension: 'jpg', test: starts([0xff, 0xd8, 0xff]) },
  { name: 'png', mediaType: 'image/png', extension: 'png', test: starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { name: 'pdf', mediaType: 'application/pdf', extension: 'pdf', test: ascii('%PDF-') },
  { name: 'gif', mediaType: 'image/gif', extension: 'gif', test: (h) => ascii('GIF87a')(h) || ascii('GIF89a')(h) },
  { name: 'webp', mediaType: 'image/webp', extension: 'webp', test: (h) => ascii('RIFF')(h) && ascii('WEBP', 8)(h) },
  { name: 'tiff', mediaType: 'image/tiff', extension: 'tif', test: (h) => starts([0x49, 0x49, 0x2a, 0x00])(h) || starts([0x4d, 0x4d, 0x00, 0x2a])(h) },
  { name: 'bmp', mediaType: 'image/bmp', extension: 'bmp', test: ascii('BM') },
  { name: 'zip', mediaType: 'application/zip', extension: 'zip', test: (h) => starts([0x50, 0x4b, 0x03, 0x04])(h) || starts([0x50, 0x4b, 0x05, 0x06])(h) },
  { name: 'ole', mediaType: 'application/x-ole-storage', extension: 'doc', test: starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  { name: 'gzip', mediaType: 'application/gzip', extension: 'gz', test: starts([0x1f, 0x8b]) },
  { name: 'rar', mediaType: 'application/vnd.rar', extension: 'rar', test: ascii('Rar!\x1a\x07') },
  { name: '7z', mediaType: 'application/x-7z-compressed', extension: '7z', test: starts([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { name: 'exe', mediaType: 'application/x-msdownload', extension: 'exe', test: ascii('MZ') },
  { name: 'elf', mediaType: 'application/x-elf', extension: 'elf', test: starts([0x7f, 0x45, 0x4c, 0x46]) },
];

/** The bytes that suffice to tell every type above (read at least this much before detecting). */
export const FILE_SIGNATURE_BYTES = 16;

/** The names detectFileType can answer (what a setting of accepted types may list). */
export const DETECTABLE_FILE_TYPES: readonly string[] = SIGNATURES.map((s) => s.name);

/** The type of a file from its first bytes, or null when none of the known signatures matches. */
export function detectFileType(head: Buffer): DetectedFileType | null {
  const s = SIGNATURES.find((x) => x.test(head));
  return s ? { name: s.name, mediaType: s.mediaType, extension: s.extension } : null;
}
