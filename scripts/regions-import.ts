/**
 * Loads a division list: `npm run regions:import -- FILE.csv`
 * CSV header `code,name,parent_code,level` (levels province, city, district, town, village),
 * UTF-8. All or nothing; re-importing the same list changes nothing.
 */
import { readFileSync } from 'node:fs';
import { RegionsService } from '../src/regions/regions.service';
import { withService } from './cli-context';

const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: npm run regions:import -- FILE.csv\n');
  process.exit(2);
}
void withService(async (service) => {
  const counts = await service.app.get(RegionsService).importCsvAsSystem(readFileSync(file));
  process.stdout.write(`regions: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged\n`);
});
