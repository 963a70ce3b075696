import { DETECTABLE_FILE_TYPES, detectFileType } from './file-signature';

describe('detectFileType (by the first bytes, never the name)', () => {
  it.each([
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'jpeg', 'image/jpeg'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'png', 'image/png'],
    [Buffer.from('%PDF-1.4\n'), 'pdf', 'application/pdf'],
    [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]), 'zip', 'application/zip'],
    [Buffer.from('RIFF\0\0\0\0WEBPVP8 '), 'webp', 'image/webp'],
  ])('tells %#', (head, name, mediaType) => {
    expect(detectFileType(head)).toMatchObject({ name, mediaType });
  });

  it('answers null for text, an empty file or a truncated signature', () => {
    expect(detectFileType(Buffer.from('整改情况说明 plain text'))).toBeNull();
    expect(detectFileType(Buffer.alloc(0))).toBeNull();
    expect(detectFileType(Buffer.from([0x89, 0x50, 0x4e]))).toBeNull();
  });

  it('lists each name once', () => {
    expect(new Set(DETECTABLE_FILE_TYPES).size).toBe(DETECTABLE_FILE_TYPES.length);
    expect(DETECTABLE_FILE_TYPES).toEqual(expect.arrayContaining(['jpeg', 'png', 'pdf']));
  });
});
