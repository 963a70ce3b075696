import { defineAudited } from '../audit/audit-descriptor';
import { HouseholdEntity } from './household.entity';
import { IncomeComponents } from './household-income';
import { MemberEntity } from './member.entity';
import { MemberInsuranceEntity } from './member-insurance.entity';
import { PovertyLineEntity } from './poverty-line.entity';
import { HOUSEHOLD_AUDIT_MASK, MEMBER_AUDIT_MASK } from './protected-fields';
import { ProposalEntity } from './proposal.entity';

/**
 * How the registry's entities are recorded in the audit trail (see AuditDescriptor). Protected
 * values are recorded masked (the masks derived from the declared protected fields): the audit views of ProtectedFieldsService
 * decrypt them only for that.
 */

/** A household as audited: its columns, with the clear contact phone and bank account when known (ProtectedFieldsService.householdAuditView). */
export type HouseholdAuditView = HouseholdEntity & { contactPhone?: string | null; bankAccount?: string | null };

export const HOUSEHOLD_AUDIT = defineAudited<HouseholdAuditView>({
  entityType: 'Household',
  id: (h) => h.id,
  region: (h) => h.regionCode,
  mask: HOUSEHOLD_AUDIT_MASK,
});

/** A member as audited: its columns, with the clear ID number and disability certificate when known (ProtectedFieldsService.memberAuditView). */
export type MemberAuditView = MemberEntity & { idNumber?: string; disabilityCertificate?: string | null };

export const MEMBER_AUDIT = defineAudited<MemberAuditView>({
  entityType: 'Member',
  id: (x) => x.id,
  region: (x) => x.regionCode,
  mask: MEMBER_AUDIT_MASK,
});

/** A household's income of one year: the components are what is compared. */
export interface HouseholdIncomeAudit {
  householdId: string;
  year: number;
  regionCode: string;
  components: IncomeComponents;
}

export const HOUSEHOLD_INCOME_AUDIT = defineAudited<HouseholdIncomeAudit>({
  entityType: 'HouseholdIncome',
  id: (x) => `${x.householdId}:${x.year}`,
  region: (x) => x.regionCode,
  view: (x) => x.components,
});

/** A member's insurance of one year (the member's region is given with each change). */
export const MEMBER_INSURANCE_AUDIT = defineAudited<MemberInsuranceEntity>({
  entityType: 'MemberInsurance',
  id: (x) => `${x.memberId}:${Number(x.year)}`,
  omit: ['memberId', 'year', 'householdId', 'regionCode'],
});

/** A year's poverty lines: national, with no region. */
export const POVERTY_LINE_AUDIT = defineAudited<PovertyLineEntity>({
  entityType: 'PovertyLine',
  id: (x) => String(x.year),
  omit: ['year'],
});

/** A lifecycle proposal (rows carry facts, not a diff). */
export const PROPOSAL_AUDIT = defineAudited<ProposalEntity>({
  entityType: 'HouseholdProposal',
  id: (p) => p.id,
  region: (p) => p.regionCode,
});
