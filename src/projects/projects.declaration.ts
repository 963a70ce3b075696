import { Role } from '../common/access/permissions';
import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { ProjectBeneficiaryEntity, ProjectEventEntity, ProjectFundingLineEntity, ProjectPerformanceTargetEntity } from './project-children.entity';
import { ProjectEntity } from './project.entity';
import { phoneField } from '../identity/identity.declaration';
import { ImplementingEntityEntity } from './implementing-entity.entity';
import { ProjectAssetIncomeEntity } from './asset-income.entity';
import { ProjectAssetEntity } from './asset.entity';
import { LinkagePaymentEntity } from './linkage-payment.entity';
import { LinkageEntity } from './linkage.entity';
import { VillageCheckCooperativeEntity, VillageIncomeSourceEntity, VillageIndustryCheckEntity } from './village-check.entities';

/**
 * Who reads the project library and its linkages: the officers of every level, the sector
 * departments, supervisors and integrations (as the registry).
 */
export const PROJECT_READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.INTEGRATION];
/**
 * Who keeps project records current at their level: the district, town and village officers,
 * and a sector department (行业部门, 农业农村 for industry projects) for its own sector's records
 * in its subtree (the kit's sector write scope).
 */
export const PROJECT_WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];

/** The permissions of the projects module (产业扶贫): what each allows and who holds it. */
export const PROJECTS_PERMISSIONS = definePermissions({
  'projects.read': {
    description: 'Read industry projects (产业扶贫项目), the project library (项目库), implementing entities (经营主体), benefit linkages (利益联结) and project assets (扶贫资产).',
    roles: PROJECT_READERS,
  },
  'projects.write': {
    description: 'Record and correct implementing entities, project details, benefit linkages and their payments, project assets and their yearly incomes at the caller\'s level.',
    roles: PROJECT_WRITERS,
  },
  'projects.apply': {
    description: 'Apply for a project at village level (村申报) and publish its village notice (村级公示).',
    roles: [Role.VILLAGE_OFFICER],
    secondParty: true,
  },
  'projects.review': {
    description: 'Review project applications at town level (乡镇审核): pass them to the district or reject them.',
    roles: [Role.TOWN_OFFICER],
    secondParty: true,
  },
  'projects.approve': {
    description: 'Decide on projects at district level (区级审定): library entry and its notice, the annual plan and its notice, removal from the library, acceptance, settlement and handover.',
    roles: [Role.DISTRICT_OFFICER],
    secondParty: true,
  },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof PROJECTS_PERMISSIONS> {}
}

declare module '../common/access/personal-data' {
  interface PersonalDataSubjects {
    IMPLEMENTING_ENTITY_PHONE: true;
  }
}

/** An implementing entity's contact phone (经营主体联系电话), declared like a helper's. */
export const IMPLEMENTING_ENTITY_PHONE = phoneField({
  entity: 'ImplementingEntity',
  table: 'implementing_entities',
  subject: 'IMPLEMENTING_ENTITY_PHONE',
  description: 'The contact phone of an implementing entity (经营主体联系电话)',
  readPermission: 'projects.read',
});

/** Industry projects (产业扶贫, issue #15): the project library procedure, implementing entities, benefit linkages, assets. */
export const PROJECTS: ModuleDeclaration = {
  name: 'projects',
  entities: [
    ProjectEntity,
    ProjectFundingLineEntity,
    ProjectPerformanceTargetEntity,
    ProjectBeneficiaryEntity,
    ProjectEventEntity,
    ImplementingEntityEntity,
    VillageIndustryCheckEntity,
    VillageCheckCooperativeEntity,
    VillageIncomeSourceEntity,
    ProjectAssetEntity,
    ProjectAssetIncomeEntity,
    LinkageEntity,
    LinkagePaymentEntity,
  ],
  permissions: PROJECTS_PERMISSIONS,
  protectedFields: [
    IMPLEMENTING_ENTITY_PHONE,
  ],
  settings: {},
  feedRoots: {
    Project:
      '产业扶贫项目: a project of the project library with its funding plan (筹资), performance targets (绩效目标), beneficiary households (受益户), procedure steps and the assets it formed (扶贫资产, part `asset`). Read it with `project(id:)` and `projectAssets(projectId:)`.',
    BenefitLinkage:
      "利益联结: a household's benefit linkage with a project and/or an implementing entity (part `linkage`) and its payments and reversals (part `payments`); region = the household's village. Read it with `benefitLinkage(id:)` and `linkagePayments(linkageId:)`.",
  },
};
