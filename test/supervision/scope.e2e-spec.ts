import { Role, Sector } from '../../src/common/access/permissions';
import { isWithin, subtreePrefix } from '../../src/common/region/region-code';
import { loadRegions, R, signIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { findingInput, insertFinding, REGISTER } from './supervision-fixtures';

type Json = Record<string, any>;

const LISTS = `query($asOf: LocalDate!, $r: String) {
  supervisionFindings(regionCode: $r, first: 100) { totalCount edges { node { id } } }
  overdueFindings(asOf: $asOf, regionCode: $r, first: 100) { totalCount edges { node { id } } }
  rectificationRateFindings(asOf: $asOf, regionCode: $r, outcome: DUE, first: 100) { totalCount edges { node { id } } }
  rectificationRates(asOf: $asOf, regionCode: $r) { total { due open } } }`;

const HOMES = [R.district, R.town, R.village] as const;
const PLACES = [R.district, R.town, R.village, R.villageSameTown, R.siblingTown, R.villageOfSiblingTown, R.otherDistrict, R.otherDistrictTown] as const;

/**
 * The region × role × sector matrix of the operations that take no id (issue #20): the lists and
 * figures read exactly the findings of the caller's subtree (and of the region asked, within it);
 * registration reaches exactly the places inside the caller's subtree. The id-taking operations'
 * matrix is in findings.e2e-spec.ts.
 */
describe('supervision: region scope of the lists, figures and registration, by role and home region', () => {
  let t: TestApp;
  const byPlace = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    for (const place of PLACES) byPlace.set(place, await insertFinding(t, place, { found_on: '2019-02-01', deadline: '2019-02-10', last_step_on: '2019-02-01' }));
  });
  afterAll(() => t?.close());

  const idsOf = (conn: Json): string[] => {
    expect(conn.totalCount).toBe(conn.edges.length);
    return conn.edges.map((e: Json) => e.node.id).sort();
  };
  const expectedFor = (home: string, within?: string): string[] =>
    PLACES.filter((p) => isWithin(p, subtreePrefix(home)) && (!within || isWithin(p, subtreePrefix(within)))).map((p) => byPlace.get(p)!).sort();

  const READERS: [Role, Sector?][] = [[Role.DISTRICT_OFFICER], [Role.TOWN_OFFICER], [Role.VILLAGE_OFFICER], [Role.SECTOR_OFFICER, Sector.EDUCATION], [Role.SECTOR_OFFICER, Sector.DISCIPLINE_INSPECTION], [Role.SUPERVISOR], [Role.AUDITOR]];
  it.each(READERS.map(([role, sector]) => [`${role}${sector ? ` (${sector})` : ''}`, role, sector] as const))('%s reads the findings of its subtree only', async (_name, role, sector) => {
    for (const home of HOMES) {
      const caller = await signIn(t, role, home, sector ? { sector } : {});
      for (const within of [undefined, R.town, R.siblingTown]) {
        const d = dataOf(await t.gql(LISTS, { asOf: '2019-03-01', r: within }, caller.headers));
        const expected = expectedFor(home, within);
        const cell = { role, home, within };
        expect({ ...cell, list: idsOf(d.supervisionFindings) }).toEqual({ ...cell, list: expected });
        expect({ ...cell, overdue: idsOf(d.overdueFindings) }).toEqual({ ...cell, overdue: expected });
        expect({ ...cell, due: idsOf(d.rectificationRateFindings) }).toEqual({ ...cell, due: expected });
        expect({ ...cell, rates: d.rectificationRates.total }).toEqual({ ...cell, rates: { due: expected.length, open: expected.length } });
      }
    }
  });

  it('refuses the lists and figures to a role without supervision.read', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    expect(errorOf(await t.gql(LISTS, { asOf: '2019-03-01' }, admin.headers))).toMatchObject({ code: 'FORBIDDEN' });
  });

  const SUPERVISING: [Role, Sector?][] = [[Role.DISTRICT_OFFICER], [Role.SUPERVISOR], [Role.SECTOR_OFFICER, Sector.DISCIPLINE_INSPECTION]];
  it.each(SUPERVISING.map(([role, sector]) => [`${role}${sector ? ` (${sector})` : ''}`, role, sector] as const))('%s registers findings only at places of its subtree', async (_name, role, sector) => {
    for (const home of HOMES) {
      const caller = await signIn(t, role, home, sector ? { sector } : {});
      for (const place of PLACES) {
        const res = await t.gql(REGISTER, { i: findingInput(place, { subitem: null }) }, caller.headers);
        const cell = { role, home, place };
        if (isWithin(place, subtreePrefix(home))) expect({ ...cell, got: dataOf(res).registerSupervisionFinding.finding.regionCode }).toEqual({ ...cell, got: place });
        else expect({ ...cell, got: errorOf(res) }).toEqual({ ...cell, got: { code: 'BAD_USER_INPUT', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' } });
      }
    }
  });
});
