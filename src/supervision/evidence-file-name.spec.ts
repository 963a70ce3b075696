import { evidenceFileName } from './supervision.service';

describe('evidenceFileName (the stored name of an evidence file)', () => {
  it('keeps the client’s name without its directory part or control characters', () => {
    expect(evidenceFileName('C:\\照片\\现场.jpg', 'jpg')).toBe('现场.jpg');
    expect(evidenceFileName('../../etc/报告.pdf', 'pdf')).toBe('报告.pdf');
    expect(evidenceFileName('a\u0000b\nc.png', 'png')).toBe('abc.png');
  });

  it('names a file without a name by its detected type, and cuts a long name at 255 characters', () => {
    expect(evidenceFileName('', 'png')).toBe('evidence.png');
    expect(evidenceFileName(undefined, 'pdf')).toBe('evidence.pdf');
    expect(evidenceFileName('dir/', 'jpg')).toBe('evidence.jpg');
    expect(evidenceFileName(`${'名'.repeat(300)}.pdf`, 'pdf')).toHaveLength(255);
  });
});
