import { afterCursorSql, exportCursor, exportPageOf } from './export-page';

describe('export keyset cursors', () => {
  it('from the start: TRUE, no values', () => {
    const params: unknown[] = ['x'];
    expect(afterCursorSql(null, ['h.household_number', 'l.id::text'], params)).toBe('TRUE');
    expect(params).toEqual(['x']);
  });

  it('after a cursor: the first key bounded (an index can start there) and the row comparison, values appended', () => {
    const params: unknown[] = ['410106%'];
    const sql = afterCursorSql(exportCursor(['41010610020100001', '2018-10-01', 'a1']), ['h.household_number', 'l.starts_on::text', 'l.id::text'], params);
    expect(sql).toBe('h.household_number >= $2 AND (h.household_number, l.starts_on::text, l.id::text) > ($2, $3, $4)');
    expect(params).toEqual(['410106%', '41010610020100001', '2018-10-01', 'a1']);
  });

  it('a cursor of another export is a programming error', () => {
    expect(() => afterCursorSql(exportCursor(['a']), ['x', 'y'], [])).toThrow('not a cursor of this export');
    expect(() => afterCursorSql('{"a":1}', ['x'], [])).toThrow('not a cursor of this export');
  });

  it('a page of records: every record\'s rows, the cursor after the last one only when the page was full', () => {
    const render = (r: { n: string; lines: number }) => Array.from({ length: r.lines }, (_, i) => ({ n: r.n, line: String(i) }));
    const full = exportPageOf([{ n: 'a', lines: 2 }, { n: 'b', lines: 1 }], 2, (r) => [r.n], render);
    expect(full).toEqual({ rows: [{ n: 'a', line: '0' }, { n: 'a', line: '1' }, { n: 'b', line: '0' }], next: exportCursor(['b']) });
    expect(exportPageOf([{ n: 'c', lines: 1 }], 2, (r) => [r.n], render)).toEqual({ rows: [{ n: 'c', line: '0' }], next: null });
    expect(exportPageOf([], 2, (r: { n: string; lines: number }) => [r.n], render)).toEqual({ rows: [], next: null });
  });
});
