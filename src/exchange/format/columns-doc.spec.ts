import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { columnsTable, withColumnsTable } from './columns-doc';
import { COLUMNS } from '../../households/import/registry-columns';

describe('exchange columns in the README', () => {
  it('lists every column of the exchange table as it is now (npm run docs:columns rewrites it)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    expect(withColumnsTable(readme)).toBe(readme);
    expect(columnsTable().split('\n')).toHaveLength(COLUMNS.length + 2);
  });
});
