import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { Role } from '../common/access/permissions';
import { HouseholdEventEntity } from './household-event.entity';
import { ImportDigestEntity } from './import/import-digest.entity';
import { HouseholdIncomeEntity } from './household-income.entity';
import { HouseholdEntity } from './household.entity';
import { MemberInsuranceEntity } from './member-insurance.entity';
import { MemberEntity } from './member.entity';
import { PovertyLineEntity } from './poverty-line.entity';
import { ProposalEntity } from './proposal.entity';
import { HOUSEHOLDS_PROTECTED_FIELDS } from './protected-fields';
import { HOUSEHOLDS_READS } from './households.reads';

/** Everyone who reads the registry: the officers of every level, sector departments, supervisors and integrations. */
export const REGISTRY_READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.INTEGRATION];
/** The officers who keep records current at their level. */
export const REGISTRY_WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER];

/** The permissions of the households module: what each allows and who holds it. */
export const HOUSEHOLDS_PERMISSIONS = definePermissions({
  'households.read': { description: 'Read the registry: households, members, incomes, history (建档立卡).', roles: REGISTRY_READERS },
  'households.write': { description: 'Create and correct households and members; record incomes and insurance.', roles: REGISTRY_WRITERS },
  'households.export': { description: 'Export the registry as files (kind households: GET /exchange/households/export).', roles: [...REGISTRY_WRITERS, Role.INTEGRATION] },
  'households.import': { description: 'Import registry files (kind households: 建档立卡 lists from the provincial platform or a county).', roles: [...REGISTRY_WRITERS, Role.INTEGRATION] },
  'households.propose': { description: 'Start procedures at village level: registration, exit, return, removal; member changes.', roles: [Role.VILLAGE_OFFICER], secondParty: true },
  'households.review': { description: 'Review proposals at town level (乡镇审核).', roles: [Role.TOWN_OFFICER], secondParty: true },
  'households.approve': { description: 'Approve proposals at district level (县级审定) and announce exits.', roles: [Role.DISTRICT_OFFICER], secondParty: true },
  'povertyLines.manage': { description: 'Set the yearly poverty lines (贫困线).', roles: [Role.DISTRICT_OFFICER] },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof HOUSEHOLDS_PERMISSIONS> {}
}

/**
 * The registry (建档立卡) with its lifecycle and poverty lines: what the households module brings
 * to the app (merged in src/app.modules.ts). The registry's procedure runs bottom-up: the village
 * proposes (and keeps its records current), the town reviews, the district approves. Sector
 * departments and supervisors read.
 */
export const HOUSEHOLDS: ModuleDeclaration = {
  name: 'households',
  entities: [PovertyLineEntity, HouseholdEntity, MemberEntity, MemberInsuranceEntity, HouseholdIncomeEntity, HouseholdEventEntity, ProposalEntity, ImportDigestEntity],
  permissions: HOUSEHOLDS_PERMISSIONS,
  protectedFields: HOUSEHOLDS_PROTECTED_FIELDS,
  reads: HOUSEHOLDS_READS,
  feedRoots: {
    Household: '贫困户: the household with its members (家庭成员), incomes (年度收入), insurance (参保) and events (户状态事件). Read it with `households(ids:)`.',
  },
  settings: {
    EXIT_NOTICE_DAYS: 'days of the public notice (公示) of an approved exit before it may be announced (1–90), overriding the policy parameter registry.exit_notice_days; unset (the default): the parameter decides, and an approval with neither answers EXIT_NOTICE_NOT_CONFIGURED',
  },
};
