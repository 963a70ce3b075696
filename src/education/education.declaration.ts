import { Role, Sector } from '../common/access/permissions';
import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { ParameterType } from '../parameters/parameter-types';
import { EducationAidRecordEntity, EnrolmentEntity, HomeTeachingEntity, ReturnCaseEntity, ReturnCaseStepEntity } from './education.entities';
import { STAGE_AGES_KEY, WATCH_AGE_FROM_KEY, WATCH_AGE_TO_KEY } from './education-rules';

/**
 * The department responsible for student records (教育局): every enrolment and aid record carries
 * it as its sector, so that its officers (and the offices) keep them and no other sector
 * department writes them (the kit's sector write scope).
 */
export const EDUCATION_SECTOR = Sector.EDUCATION;

/** The permissions of the education module (教育扶贫): what each allows and who holds it. */
export const EDUCATION_PERMISSIONS = definePermissions({
  'education.read': {
    description: "Read students' enrolments (学籍), student aid records (学生资助), the students without their due aid, home-teaching arrangements (送教上门), return-to-school cases and the dropout watch (控辍保学).",
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.INTEGRATION],
  },
  'education.write': {
    description: "Record and correct members' enrolments, student aid records, home-teaching arrangements and return-to-school cases, at the caller's level (sector officers: the education department only).",
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER],
  },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof EDUCATION_PERMISSIONS> {}
}

/** The education module (教育扶贫, issue #17): enrolments, student aid and its gaps, the dropout watch, the exit standard's schooling facts. */
export const EDUCATION: ModuleDeclaration = {
  name: 'education',
  entities: [EnrolmentEntity, EducationAidRecordEntity, HomeTeachingEntity, ReturnCaseEntity, ReturnCaseStepEntity],
  permissions: EDUCATION_PERMISSIONS,
  protectedFields: [],
  settings: {},
  parameters: [
    {
      key: STAGE_AGES_KEY,
      type: ParameterType.RULE,
      unit: '周岁',
      description:
        "The ages (on 31 August of the school year's start) expected at each stage, stage → [from, to]: an enrolment outside them needs ageReason (STUDENT_AGE_OUTSIDE_STAGE). Not in RULES.md: NOT_CONFIGURED until the district enters the ages (e.g. {\"PRIMARY\": [6, 13], …}); where not configured no age check is made, and the answer says so.",
    },
    {
      key: WATCH_AGE_FROM_KEY,
      type: ParameterType.INTEGER,
      unit: '周岁',
      description: 'The youngest age (on 31 August) the dropout watch (控辍保学) looks at. RULES.md §4 notes "watch ages 6–15 unverified" beside education.consolidation_target.',
      seeded: { value: 6, status: 'UNVERIFIED', stated: '6 (RULES.md §4 note: watch ages 6–15 unverified)' },
    },
    {
      key: WATCH_AGE_TO_KEY,
      type: ParameterType.INTEGER,
      unit: '周岁',
      description: 'The oldest age (on 31 August) the dropout watch (控辍保学) looks at. RULES.md §4 notes "watch ages 6–15 unverified" beside education.consolidation_target.',
      seeded: { value: 15, status: 'UNVERIFIED', stated: '15 (RULES.md §4 note: watch ages 6–15 unverified)' },
    },
  ],
};
