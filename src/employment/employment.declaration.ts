import { Role, Sector } from '../common/access/permissions';
import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { EmploymentRecordEntity, NotSeekingWorkMarkEntity } from './employment-record.entity';
import { JobOpeningEntity } from './openings.entity';

/**
 * The department responsible for the employment ledger (人力资源和社会保障): every record carries
 * it as its sector, so that its officers (and the offices) keep the ledger and no other sector
 * department writes it (the kit's sector write scope).
 */
export const EMPLOYMENT_SECTOR = Sector.HUMAN_RESOURCES;

/** The permissions of the employment module (就业扶贫): what each allows and who holds it. */
export const EMPLOYMENT_PERMISSIONS = definePermissions({
  'employment.read': {
    description: 'Read the labour register (劳动力台账), employment records (务工就业台账) and the employment targets.',
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.INTEGRATION],
  },
  'employment.write': {
    description: "Record and correct members' employment records and mark members as not seeking work, at the caller's level (sector officers: the human resources department only).",
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER],
  },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof EMPLOYMENT_PERMISSIONS> {}
}

/** The employment ledger (就业扶贫, issue #16): the labour register, employment records, the plan's employment targets. */
export const EMPLOYMENT: ModuleDeclaration = {
  name: 'employment',
  entities: [EmploymentRecordEntity, NotSeekingWorkMarkEntity, JobOpeningEntity],
  permissions: EMPLOYMENT_PERMISSIONS,
  protectedFields: [],
  settings: {},
  feedRoots: {
    EmploymentRecord: "务工就业记录: a member's job in a year (part `record`; a deletion is published too); region = the household's village. Read it with `employmentRecord(id:)`.",
  },
};
