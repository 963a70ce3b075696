import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { projectRoot } from '../common/project-root';
import { RegionsService } from '../regions/regions.service';

export const DEMO_REGIONS_FILE = join('seeds', 'regions', '410106.csv');

/**
 * The demo data an empty database gets on first start (embedded mode by default, see
 * SEED_DEMO): Shangjie District's real division tree. Runs once: a database that already
 * holds regions is left as it is.
 */
export async function seedDemo(app: INestApplication, logger?: LoggerService): Promise<boolean> {
  const regions = app.get(RegionsService);
  if ((await regions.count()) > 0) return false;
  const counts = await regions.importCsv(readFileSync(join(projectRoot(), DEMO_REGIONS_FILE)));
  logger?.log(`demo data: ${counts.created} regions of Shangjie District (410106)`, 'Seed');
  return true;
}
