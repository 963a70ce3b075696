import { defineAudited } from '../audit/audit-descriptor';
import type { ProjectEntity } from './project.entity';

/**
 * A project as audited: the row plus its child lists as the caller gave them (funding lines,
 * performance targets, beneficiary household ids), so an update's diff shows a changed list.
 */
export type AuditedProject = ProjectEntity & {
  fundingLines?: { level: string; channel: string; amount: string }[];
  performanceTargets?: { indicator: string; targetValue: string; unit: string; actualValue: string | null }[];
  beneficiaryHouseholdIds?: string[];
};

/**
 * Projects' audit rows: createProject / updateProject as a diff (an import's as
 * projects.import.create|update with its job), each procedure step and objection as a fact.
 */
export const PROJECT_AUDIT = defineAudited<AuditedProject>({
  entityType: 'Project',
  actions: ['projects.create', 'projects.update', 'projects.step', 'projects.recordObjection', 'projects.import.create', 'projects.import.update'],
  id: (p) => p.id,
  region: (p) => p.regionCode,
  // Moved by the procedure's steps, which record them as facts: left out of an update's diff.
  omitOnUpdate: ['lastStepOn'],
});
