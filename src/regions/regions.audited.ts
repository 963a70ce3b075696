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

/**
 * A division created or changed by a division list, known by its code only: the code is both
 * its entity id and its region (the rows carry no changes; the list's row has the counts).
 */
export const LOADED_REGION_AUDIT = defineAudited({
  entityType: 'Region',
  actions: ['regions.upsert'],
  id: (code: string) => code,
  region: (code) => code,
});

/** A division list loaded (facts: its counts), with no entity id and no region. */
export const REGION_LIST_AUDIT = defineAudited<readonly DivisionRow[], 'regions.import'>({
  entityType: 'RegionList',
  actions: ['regions.import'],
});
