import { Role } from '../../src/common/access/permissions';
import { R, signIn } from '../support/auth';
import { TestApp } from '../support/test-app';

/**
 * Ages per stage for the tests (education.stage_ages is not in RULES.md and is seeded
 * NOT_CONFIGURED: no age check until the district enters the ages, as a district admin does here).
 */
export const TEST_STAGE_AGES = { PRESCHOOL: [3, 6], PRIMARY: [6, 13], JUNIOR: [11, 16], SENIOR_HIGH: [14, 19], SECONDARY_VOCATIONAL: [14, 20], HIGHER_VOCATIONAL: [17, 24], BACHELOR: [17, 26], MASTER: [20, 35], DOCTOR: [22, 45] };

/** Enters TEST_STAGE_AGES for the district from 2014 (UNVERIFIED), through setParameter. */
export async function enterStageAges(t: TestApp): Promise<void> {
  const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
  const res = await t.gql(`mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id } } }`, {
    input: { key: 'education.stage_ages', regionCode: R.district, value: JSON.stringify(TEST_STAGE_AGES), effectiveFrom: '2014-01-01', status: 'UNVERIFIED', reason: '学段年龄 (tests)' },
  }, admin.headers);
  if (res.body.errors) throw new Error(`setParameter education.stage_ages: ${JSON.stringify(res.body.errors)}`);
}
