import { FieldCells, fieldIndex } from './field-cells';
import type { ImportColumn, Raw } from './columns';
import { digestOf } from './unit-rows';

describe('FieldCells', () => {
  // A header of five fields: the third is a column the table does not know (null).
  const index = fieldIndex(['householdNumber', 'name', null, 'relation', 'phone']);
  const record = (): Raw[] => ['41010610020100001', '张三', '', '', '13800000000'];
  /** What the CSV reader kept before: a Map of the known, non-blank cells in the file's order. */
  const asMap = () =>
    new Map<string, Raw>([
      ['householdNumber', '41010610020100001'],
      ['name', '张三'],
      ['phone', '13800000000'],
    ]);

  it('answers get, has, size, forEach and iteration as a Map of the non-blank known cells does', () => {
    const cells = new FieldCells(index, record());
    const map = asMap();
    for (const key of ['householdNumber', 'name', 'relation', 'phone', 'unknown']) {
      expect([key, cells.get(key), cells.has(key)]).toEqual([key, map.get(key), map.has(key)]);
    }
    expect(cells.size).toBe(3);
    const visited: [string, Raw][] = [];
    cells.forEach((v, k) => visited.push([k, v]));
    expect(visited).toEqual([...map]);
    expect([...cells]).toEqual([...map]);
    expect(Object.fromEntries(cells)).toEqual(Object.fromEntries(map));
  });

  it('a record shorter than the header misses its last cells', () => {
    const cells = new FieldCells(index, ['41010610020100001', '张三']);
    expect([cells.get('phone'), cells.has('relation'), cells.size]).toEqual([undefined, false, 2]);
  });

  it('set and delete change the cell (a key the header lacks is kept apart), as on a Map', () => {
    const cells = new FieldCells(index, record());
    expect(cells.set('name', '李四').set('relation', '01').set('note', 'x')).toBe(cells);
    expect([cells.get('name'), cells.get('relation'), cells.get('note'), cells.size]).toEqual(['李四', '01', 'x', 5]);
    expect([...cells].map(([k]) => k)).toEqual(['householdNumber', 'name', 'relation', 'phone', 'note']);
    expect([cells.delete('phone'), cells.delete('phone'), cells.delete('note'), cells.delete('never')]).toEqual([true, false, true, false]);
    expect([cells.has('phone'), cells.has('note'), cells.size]).toEqual([false, false, 3]);
  });

  it('gives a unit the digest the same cells in a Map gave (digests stored by earlier imports still settle)', () => {
    const columns = ['householdNumber', 'name', 'relation', 'phone'].map((key) => ({ key })) as unknown as ImportColumn[];
    const digest = (values: FieldCells | Map<string, Raw>) => digestOf([{ rowNumber: 2, values, problems: [] }], columns);
    expect(digest(new FieldCells(index, record()))).toBe(digest(asMap()));
    expect(digest(new FieldCells(index, record()).set('name', '李四'))).not.toBe(digest(asMap()));
  });
});
