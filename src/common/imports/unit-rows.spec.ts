import { digestOf, releaseCells } from './unit-rows';
import type { ImportColumn } from './columns';
import type { RawRow } from './import-types';

describe('releaseCells', () => {
  it('drops every row’s cells, keeps row numbers and problems; the digest made before stays; no cell can be added after', () => {
    const columns = [{ key: 'householdNumber' }, { key: 'name' }] as unknown as ImportColumn[];
    const problem = { column: null, field: null, code: 'COLUMN_COUNT', message: 'x' };
    const rows: RawRow[] = [
      { rowNumber: 2, values: new Map([['householdNumber', '41010610020100001'], ['name', '张三']]), problems: [] },
      { rowNumber: 3, values: new Map([['householdNumber', '41010610020100001'], ['name', '李四']]), problems: [problem] },
    ];
    const unit = { key: '41010610020100001', rows, firstRow: 0, size: 2, digest: digestOf(rows, columns) };
    const digest = unit.digest;
    releaseCells(unit);
    expect(unit.rows.map((r) => [r.rowNumber, r.values.size, r.problems])).toEqual([
      [2, 0, []],
      [3, 0, [problem]],
    ]);
    expect(unit.digest).toBe(digest);
    expect(() => unit.rows[0].values.set('name', 'x')).toThrow(/released/);
  });
});

describe('digestOf', () => {
  it('gives the digests earlier imports stored (pinned: a changed text would send every unchanged household of the next re-import to the full comparison)', () => {
    const columns = ['householdNumber', 'name', 'born', 'size', 'flag', 'none', 'nil'].map((key) => ({ key })) as unknown as ImportColumn[];
    const rows: RawRow[] = [
      {
        rowNumber: 2,
        values: new Map<string, unknown>([
          ['householdNumber', '41010610020100001'],
          ['name', '张三'],
          ['born', new Date('1980-02-03T00:00:00Z')],
          ['size', 3],
          ['flag', true],
          ['nil', null],
        ]) as RawRow['values'],
        problems: [],
      },
      { rowNumber: 3, values: new Map<string, unknown>([['householdNumber', '41010610020100001'], ['name', ''], ['size', 0.5]]) as RawRow['values'], problems: [] },
    ];
    expect(digestOf(rows, columns)).toBe('c09ff20c59e33ce896c9baf51acaf6996e1281a8fcfc5d57bcc3a5cb1adfda98');
    // Typed and length-prefixed: a cell's text cannot pass for its neighbour's.
    const moved: RawRow[] = [{ rowNumber: 2, values: new Map([['householdNumber', '1'], ['name', '2']]), problems: [] }];
    const joined: RawRow[] = [{ rowNumber: 2, values: new Map([['householdNumber', '12']]), problems: [] }];
    expect(digestOf(moved, columns)).not.toBe(digestOf(joined, columns));
  });
});
