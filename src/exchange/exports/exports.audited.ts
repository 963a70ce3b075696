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

/** What an export of a module's kind is recorded by: the kind and the region it covers. */
export interface KindExportAudit {
  kind: string;
  regionCode: string;
}

/**
 * How an export of a module's records (GET /exchange/exports/{kind}) is recorded: one
 * `exchange.exportKind` fact (kind, region, format), no entity id; such an export is masked, so
 * there is no reveal row.
 */
export const KIND_EXPORT_AUDIT = defineAudited({
  entityType: 'KindExport',
  actions: ['exchange.exportKind'],
  region: (x: KindExportAudit) => x.regionCode,
});
