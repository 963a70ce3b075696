/**
 * npm run docs:columns: writes the exchange column table (src/exchange/format/columns-doc.ts)
 * into README.md between its markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/common/project-root';
import { withColumnsTable } from '../src/exchange/format/columns-doc';

const path = join(projectRoot(), 'README.md');
writeFileSync(path, withColumnsTable(readFileSync(path, 'utf8')));
process.stdout.write('README.md: exchange column table written\n');
