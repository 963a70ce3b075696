import { CsvSplitter } from './csv-splitter';

function split(chunks: string[], maxRowBytes = 1 << 20): { records: string[][]; error: string | null } {
  const records: string[][] = [];
  const splitter = new CsvSplitter((fields, count) => records.push(fields.slice(0, count)), maxRowBytes);
  let error: string | null = null;
  for (let i = 0; i < chunks.length && error === null; i++) error = splitter.write(chunks[i], false);
  if (error === null) error = splitter.write('', true);
  return { records, error };
}

describe('CsvSplitter', () => {
  const text = '\uFEFFa,b,c\r\n1,"x, ""y""",3\n\n"multi\nline",,"end"\r\n4,5"q,6\n"after"tail,7,8\nlast,row,no newline';
  const expected = [
    ['a', 'b', 'c'],
    ['1', 'x, "y"', '3'],
    [''],
    ['multi\nline', '', 'end'],
    ['4', '5"q', '6'],
    ['aftertail', '7', '8'],
    ['last', 'row', 'no newline'],
  ];

  it('splits quoted fields, "" escapes, CRLF, blank lines and a last line without a break', () => {
    expect(split([text])).toEqual({ records: expected, error: null });
  });

  it('gives the same records wherever the chunks are cut', () => {
    for (let cut = 1; cut < text.length; cut++) {
      expect(split([text.slice(0, cut), text.slice(cut)])).toEqual({ records: expected, error: null });
    }
    expect(split([...text])).toEqual({ records: expected, error: null });
  });

  it('reports an unclosed quote at the end of the input', () => {
    expect(split(['a,b\n1,"open field\nmore'])).toEqual({ records: [['a', 'b']], error: 'UNCLOSED_QUOTE' });
  });

  it('refuses a record longer than the limit, counting UTF-8 bytes', () => {
    expect(split(['a,b\n' + '证'.repeat(400) + '\n'], 1000).error).toBe('ROW_TOO_LONG');
    expect(split(['a,b\n' + '证'.repeat(300) + '\n'], 1000).error).toBeNull();
    expect(split(['a,b\n"' + 'x'.repeat(600), 'x'.repeat(600)], 1000).error).toBe('ROW_TOO_LONG');
  });
});
