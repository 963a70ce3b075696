import { Role, Sector } from '../common/access/permissions';
import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { ParameterType } from '../parameters/parameter-types';
import { CATASTROPHIC_SPENDING_RATIO_KEY } from './health-rules';
import { FamilyDoctorContractEntity, FamilyDoctorFollowUpEntity } from './family-doctor.entity';
import { HospitalStayEntity } from './hospital-stay.entity';
import { InsuranceEnrolmentEntity } from './insurance.entity';

/**
 * The department responsible for the health records (卫生健康, with the medical insurance bureau's
 * rosters): every record carries it as its sector, so that its officers (and the offices) keep the
 * records and no other sector department writes them (the kit's sector write scope).
 */
export const HEALTH_SECTOR = Sector.HEALTH;

/** The permissions of the health module (健康扶贫): what each allows and who holds it. */
export const HEALTH_PERMISSIONS = definePermissions({
  'health.read': {
    description: "Read members' insurance enrolment per layer (参保台账), family-doctor contracts and their follow-ups (家庭医生签约), hospital stays and their costs (住院费用) and the coverage queries of health poverty alleviation (健康扶贫).",
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.INTEGRATION],
  },
  'health.write': {
    description: "Record and correct members' insurance enrolment per layer, family-doctor contracts and their follow-ups and hospital stays, at the caller's level (sector officers: the health department only).",
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER],
  },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof HEALTH_PERMISSIONS> {}
}

/** Health poverty alleviation (健康扶贫, issue #17): insurance enrolment per member, year and layer; family-doctor contracts; hospital stays. */
export const HEALTH: ModuleDeclaration = {
  name: 'health',
  entities: [InsuranceEnrolmentEntity, FamilyDoctorContractEntity, FamilyDoctorFollowUpEntity, HospitalStayEntity],
  permissions: HEALTH_PERMISSIONS,
  protectedFields: [],
  settings: {},
  parameters: [
    {
      key: CATASTROPHIC_SPENDING_RATIO_KEY,
      type: ParameterType.RATIO,
      unit: 'ratio',
      description:
        "Catastrophic health spending (灾难性医疗支出), a signal for the return-to-poverty watch: a household whose out-of-pocket spending of a year (Σ household paid of its stays discharged in it) is above this share of its net income (纯收入) of the year (householdsWithCatastrophicHealthSpending). Not in RULES.md: NOT_CONFIGURED until the district enters it (e.g. 0.40); until then the query answers PARAMETER_NOT_CONFIGURED.",
    },
  ],
};
