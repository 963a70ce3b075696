import { defineAudited } from '../../audit/audit-descriptor';

/** What an export is recorded by: the region it covers (the caller's home region when none was asked). */
export interface HouseholdExportAudit {
  regionCode: string;
}

/**
 * How an export of the registry is recorded in the audit trail (see AuditDescriptor): facts
 * (filters, format, whether revealed, reason) and no entity id, since it covers many households;
 * a revealing export also writes a `personalData.unmask` row.
 */
export const HOUSEHOLD_EXPORT_AUDIT = defineAudited({
  entityType: 'HouseholdExport',
  actions: ['households.export', 'personalData.unmask'],
  region: (x: HouseholdExportAudit) => x.regionCode,
});
