import { defineAudited } from '../audit/audit-descriptor';
import { DivisionRow } from './division-csv';
import { RegionEntity } from './region.entity';

/** How a division is recorded in the audit trail when renamed: its own code is its region. */
export const REGION_AUDIT = defineAudited({
  entityType: 'Region',
  actions: ['regions.rename'],
  id: (r: RegionEntity) => r.id,
  region: (r) => r.code,
});

/** A division as a division list sets it: what the list's row says, under the stored id. */
export interface LoadedRegion {
  id: string;
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

/**
 * A division created or changed by a division list: its id (as the API names it), its code as
 * region, and what the list set (a created division's values; an updated one's from → to).
 */
export const LOADED_REGION_AUDIT = defineAudited({
  entityType: 'Region',
  actions: ['regions.upsert'],
  id: (r: LoadedRegion) => r.id,
  region: (r) => r.code,
});

/** A division list loaded (facts: its counts), with no entity id and no region. */
export const REGION_LIST_AUDIT = defineAudited<readonly DivisionRow[], 'regions.import'>({
  entityType: 'RegionList',
  actions: ['regions.import'],
});
