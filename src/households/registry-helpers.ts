/** Small helpers shared by the registry services (households, members, data quality). */
import { subtreePrefix } from '../common/region/region-code';
import { RegionsService } from '../regions/regions.service';

/** The code prefix of a region's subtree, for a list filtered by region; null when the region does not exist (the list is empty). */
export async function regionPrefixOf(regions: RegionsService, regionCode: string): Promise<string | null> {
  const region = await regions.findByCode(regionCode);
  return region ? subtreePrefix(region.code, region.level) : null;
}

/** The answer of a list whose region filter names no region (the kit's). */
export { emptyConnection } from '../common/pagination/connection';

/** The fields given, text trimmed (as the import trims it, so the same data compares equal). */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as Partial<T>;
}
