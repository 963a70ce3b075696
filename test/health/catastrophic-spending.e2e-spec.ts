import { Role, Sector } from '../../src/common/access/permissions';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const CREATE = `mutation($i: CreateHospitalStayInput!) { createHospitalStay(input: $i) { stay { id } } }`;
const INCOME = `mutation($i: SetHouseholdIncomeInput!) { setHouseholdIncome(input: $i) { income { year netIncome } } }`;
const QUERY = `query($y: Int!, $r: String, $first: Int, $after: String) {
  householdsWithCatastrophicHealthSpending(year: $y, regionCode: $r, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { householdId householdNumber regionCode year totalCost householdPaid netIncome spendingToIncomeRatio incomeMissing stays { id dischargedOn householdPaid } } }
    parametersUsed { key configured status value } } }`;

/**
 * Catastrophic health spending (issue #17, a signal for the return-to-poverty watch): households
 * whose out-of-pocket spending of the year is above health.catastrophic_spending_ratio × the
 * registry's net income of the year; not in RULES.md, so NOT_CONFIGURED until entered.
 */
describe('health: households with catastrophic health spending (灾难性医疗支出)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let health: SignedIn;
  const hh: Record<string, CreatedHousehold> = {};

  const household = async (region: string, name: string): Promise<CreatedHousehold> => {
    const created = await createHousehold(t, district, householdInput(region, { members: [member({ name, joinedOn: '2014-01-01' })] }));
    await activate(t, created.id);
    return created;
  };
  const stay = async (h: CreatedHousehold, totalCost: string, householdPaid: string, on = '2018-05-01'): Promise<void> => {
    const res = await t.gql(CREATE, {
      i: { memberId: h.members[0].id, hospital: '上街区人民医院', hospitalLevel: 'SECONDARY', inCounty: true, admittedOn: on, dischargedOn: on, diagnosis: '肺炎', totalCost, layerPayments: [], householdPaid },
    }, health.headers);
    dataOf(res);
  };
  /** Net income = wages − production costs. */
  const income = async (h: CreatedHousehold, wages: string, productionCosts = '0'): Promise<void> => {
    dataOf(await t.gql(INCOME, { i: { householdId: h.id, year: 2018, wages, productionCosts } }, district.headers));
  };
  const listed = async (who: SignedIn, vars: Json): Promise<Json> => dataOf(await t.gql(QUERY, vars, who.headers)).householdsWithCatastrophicHealthSpending;
  const numbers = (conn: Json) => conn.edges.map((e: Json) => e.node.householdNumber);

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    health = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HEALTH });
    // over: paid 5000 of a net income of 10000 (12000 − 2000 production costs), and a stay of 2019.
    hh.over = await household(R.village, '甲');
    await income(hh.over, '12000', '2000');
    await stay(hh.over, '8000', '3000');
    await stay(hh.over, '4000', '2000', '2018-11-30');
    await stay(hh.over, '1000', '500', '2019-02-01');
    // under: 5000 of 20000.
    hh.under = await household(R.village, '乙');
    await income(hh.under, '20000');
    await stay(hh.under, '9000', '5000');
    // at: 4000 of 10000, exactly the ratio entered below (not above it).
    hh.at = await household(R.village, '丙');
    await income(hh.at, '10000');
    await stay(hh.at, '9000', '4000');
    // noIncome: no income recorded for 2018, 300 paid (another village of the town).
    hh.noIncome = await household(R.villageSameTown, '丁');
    await stay(hh.noIncome, '1000', '300');
    // zeroIncome: a net income of 0 (production costs take all), 100 paid (the sibling town).
    hh.zeroIncome = await household(R.villageOfSiblingTown, '戊');
    await income(hh.zeroIncome, '1000', '1000');
    await stay(hh.zeroIncome, '500', '100');
    // nothingPaid: no income, stays the layers paid in full: no out-of-pocket spending, not listed.
    hh.nothingPaid = await household(R.villageOfSiblingTown, '己');
    await stay(hh.nothingPaid, '500', '0');
  });
  afterAll(() => t?.close());

  it('answers PARAMETER_NOT_CONFIGURED while health.catastrophic_spending_ratio is not entered (seeded NOT_CONFIGURED, not in RULES.md)', async () => {
    expect(errorOf(await t.gql(QUERY, { y: 2018 }, district.headers))).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'year' });
    const [seeded] = await t.dataSource.query(`SELECT status, value FROM policy_parameters WHERE key = 'health.catastrophic_spending_ratio'`);
    expect(seeded).toEqual({ status: 'NOT_CONFIGURED', value: null });
  });

  it('once entered: the households above the ratio of their net income, and those with spending but no income (flagged, no ratio), with the figures and the stays behind each', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const set = await t.gql(`mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id } } }`, {
      input: { key: 'health.catastrophic_spending_ratio', regionCode: R.district, value: '0.40', effectiveFrom: '2014-01-01', status: 'UNVERIFIED', reason: '灾难性医疗支出 (tests)' },
    }, admin.headers);
    dataOf(set);

    const all = await listed(district, { y: 2018, first: 50 });
    expect(all.parametersUsed).toEqual([{ key: 'health.catastrophic_spending_ratio', configured: true, status: 'UNVERIFIED', value: '0.40' }]);
    expect(all.totalCount).toBe(3);
    expect(all.edges.map((e: Json) => ({ ...e.node, stays: e.node.stays.map((s: Json) => [s.dischargedOn, s.householdPaid]) }))).toEqual([
      {
        householdId: hh.over.id, householdNumber: hh.over.householdNumber, regionCode: R.village, year: 2018, totalCost: '12000.00', householdPaid: '5000.00', netIncome: '10000.00',
        spendingToIncomeRatio: '0.5000', incomeMissing: false, stays: [['2018-05-01', '3000.00'], ['2018-11-30', '2000.00']],
      },
      {
        householdId: hh.noIncome.id, householdNumber: hh.noIncome.householdNumber, regionCode: R.villageSameTown, year: 2018, totalCost: '1000.00', householdPaid: '300.00', netIncome: null,
        spendingToIncomeRatio: null, incomeMissing: true, stays: [['2018-05-01', '300.00']],
      },
      {
        householdId: hh.zeroIncome.id, householdNumber: hh.zeroIncome.householdNumber, regionCode: R.villageOfSiblingTown, year: 2018, totalCost: '500.00', householdPaid: '100.00', netIncome: '0.00',
        spendingToIncomeRatio: null, incomeMissing: true, stays: [['2018-05-01', '100.00']],
      },
    ]);
    // Page by page: the same households, none twice.
    const page1 = await listed(district, { y: 2018, first: 2 });
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await listed(district, { y: 2018, first: 2, after: page1.pageInfo.endCursor });
    expect([...numbers(page1), ...numbers(page2)]).toEqual(numbers(all));
    // The income of the year asked: 2019 has none recorded, so the 2019 stay lists the household flagged.
    const later = await listed(district, { y: 2019, first: 50 });
    expect(later.edges.map((e: Json) => [e.node.householdId, e.node.householdPaid, e.node.netIncome, e.node.incomeMissing])).toEqual([[hh.over.id, '500.00', null, true]]);
  });

  it('by region: a subtree asked, a town officer sees only his town, a village officer his village; refused without health.read', async () => {
    expect(numbers(await listed(district, { y: 2018, r: R.siblingTown, first: 50 }))).toEqual([hh.zeroIncome.householdNumber]);
    expect(numbers(await listed(town, { y: 2018, first: 50 }))).toEqual([hh.over.householdNumber, hh.noIncome.householdNumber]);
    expect((await listed(town, { y: 2018, r: R.siblingTown, first: 50 })).totalCount).toBe(0);
    expect(numbers(await listed(village, { y: 2018, first: 50 }))).toEqual([hh.over.householdNumber]);
    expect(numbers(await listed(health, { y: 2018, first: 50 }))).toHaveLength(3);
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    expect(errorOf(await t.gql(QUERY, { y: 2018 }, admin.headers))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
