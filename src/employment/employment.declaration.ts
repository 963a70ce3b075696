import { Role, Sector } from '../common/access/permissions';
import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { EmploymentRecordEntity, NotSeekingWorkMarkEntity } from './employment-record.entity';
import { PublicWelfarePostEntity } from './posts.entity';
import { PovertyWorkshopEntity } from './workshops.entity';
import { ReturneeStartupEntity } from './startups.entity';
import { TrainingCourseEntity, TrainingParticipationEntity } from './training.entity';
import { JobOpeningEntity } from './openings.entity';
import { ParameterType } from '../parameters/parameter-types';
import { maskPhone } from '../common/crypto/mask';
import type { ProtectedField } from '../common/protection/protected-field';

/**
 * The department responsible for the employment ledger (人力资源和社会保障): every record carries
 * it as its sector, so that its officers (and the offices) keep the ledger and no other sector
 * department writes it (the kit's sector write scope).
 */
export const EMPLOYMENT_SECTOR = Sector.HUMAN_RESOURCES;

/** The permissions of the employment module (就业扶贫): what each allows and who holds it. */
export const EMPLOYMENT_PERMISSIONS = definePermissions({
  'employment.read': {
    description: 'Read the labour register (劳动力台账), employment records (务工就业台账), public-welfare posts (公益岗位), poverty-alleviation workshops (扶贫车间), training courses and trainees (实名制培训), returnee start-ups (返乡创业), job openings and their candidates (招聘岗位) and the employment targets.',
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.INTEGRATION],
  },
  'employment.write': {
    description: "Record and correct members' employment records, public-welfare posts and their holders, poverty-alleviation workshops, training courses and trainees, returnee start-ups and job openings, place candidates, and mark members as not seeking work, at the caller's level (sector officers: the human resources department only).",
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER],
  },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof EMPLOYMENT_PERMISSIONS> {}
}

declare module '../common/access/personal-data' {
  interface PersonalDataSubjects {
    EMPLOYMENT_RECORD_CONTACT_PHONE: true;
  }
}

/** An employment record's contact phone (联系方式), trimmed as given (checked as a phone before it is stored). */
export const EMPLOYMENT_RECORD_CONTACT_PHONE: ProtectedField = {
  entity: 'EmploymentRecord',
  table: 'employment_records',
  property: 'contactPhone',
  encrypted: { property: 'contactPhoneEnc', column: 'contact_phone_enc' },
  normalize: (v) => v.trim() || null,
  mask: maskPhone,
  subject: 'EMPLOYMENT_RECORD_CONTACT_PHONE',
  description: "The contact phone of an employment record (联系方式: the worker's or the employer's)",
  readPermission: 'employment.read',
};

/** The employment ledger (就业扶贫, issue #16): the labour register, employment records, training, returnee start-ups, the plan's employment targets. */
export const EMPLOYMENT: ModuleDeclaration = {
  name: 'employment',
  entities: [EmploymentRecordEntity, NotSeekingWorkMarkEntity, PublicWelfarePostEntity, PovertyWorkshopEntity, TrainingCourseEntity, TrainingParticipationEntity, ReturneeStartupEntity, JobOpeningEntity],
  permissions: EMPLOYMENT_PERMISSIONS,
  protectedFields: [EMPLOYMENT_RECORD_CONTACT_PHONE],
  settings: {},
  parameters: [
    {
      key: 'employment.monthly_income_ceiling',
      type: ParameterType.AMOUNT,
      unit: '元/月',
      description: "An employment record's monthly income above this is implausible (issue #16, bad input): the record is saved with a warning (MONTHLY_INCOME_ABOVE_CEILING); until set, no check is made.",
    },
  ],
  feedRoots: {
    PublicWelfarePost: "公益岗位: a village's public-welfare post (part `post`); region = the village. Read it with `publicWelfarePost(id:)`.",
    EmploymentRecord: "务工就业记录: a member's job in a year (part `record`; a deletion is published too); region = the household's village. Read it with `employmentRecord(id:)`.",
  },
};
