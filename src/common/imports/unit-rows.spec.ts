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
