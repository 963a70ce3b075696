import { Role } from '../../src/common/access/permissions';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { insertFinding } from './supervision-fixtures';

type Json = Record<string, any>;

const ROW = 'regionCode regionName due onTime late referred open closed onTimeRate closureRate';
const UNIT_ROW = 'unit due onTime late referred open closed onTimeRate closureRate';
const RATES = `query($asOf: LocalDate!, $r: String) { rectificationRates(asOf: $asOf, regionCode: $r) { asOf regionCode total { ${ROW} } byTown { ${ROW} } byResponsibleUnit { ${UNIT_ROW} } } }`;
const BEHIND = `query($asOf: LocalDate!, $r: String, $o: RectificationOutcome!, $u: String, $first: Int, $after: String) {
  rectificationRateFindings(asOf: $asOf, regionCode: $r, outcome: $o, responsibleUnit: $u, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;

/**
 * The on-time rectification and closure rates (issue #20) as of a date, by town, each number with
 * the findings behind it. The findings are written directly in the states the figures read
 * (found, deadline, accepted, closed, referred dates); the procedure is test/supervision/findings.
 */
describe('supervision: rectification rates with the records behind them', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let auditor: SignedIn;
  let f: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    auditor = await signIn(t, Role.AUDITOR, R.district);
    const at = (region: string, over: Json) => insertFinding(t, region, over);
    f = {
      // 峡窝镇 (R.town)
      t1OnTimeClosed: await at(R.village, { stage: 'CLOSED', deadline: '2018-06-30', accepted_on: '2018-06-20', closed_on: '2018-06-25', responsible_unit: '区教育局' }),
      t1Late: await at(R.village, { stage: 'ACCEPTED', deadline: '2018-06-30', accepted_on: '2018-07-10', responsible_unit: '区教育局' }),
      t1Open: await at(R.villageSameTown, { stage: 'RECTIFYING', deadline: '2018-09-30' }),
      t1Referred: await at(R.town, { stage: 'REFERRED', deadline: '2018-08-31', referred_on: '2018-08-01' }),
      t1NotDue: await at(R.village, { stage: 'ASSIGNED', deadline: '2019-03-31' }),
      t1FoundLater: await at(R.village, { stage: 'REGISTERED', found_on: '2019-01-05', deadline: '2019-01-31', last_step_on: '2019-01-05' }),
      t1AcceptedAfter: await at(R.village, { stage: 'ACCEPTED', deadline: '2018-10-31', accepted_on: '2019-01-10' }),
      // 济源路街道 (R.siblingTown)
      t2OnTimeClosed: await at(R.villageOfSiblingTown, { stage: 'CLOSED', deadline: '2018-05-31', accepted_on: '2018-05-30', closed_on: '2018-06-02' }),
      t2OnTimeOnDeadline: await at(R.villageOfSiblingTown, { stage: 'ACCEPTED', deadline: '2018-05-31', accepted_on: '2018-05-31' }),
      t2LateClosed: await at(R.villageOfSiblingTown, { stage: 'CLOSED', deadline: '2018-06-30', accepted_on: '2018-07-01', closed_on: '2018-07-05', responsible_unit: '区教育局' }),
      // the district's own
      districtOpen: await at(R.district, { stage: 'ASSIGNED', deadline: '2018-11-30' }),
      // another district: never counted in Shangjie
      elsewhere: await at(R.otherDistrictTown, { stage: 'ASSIGNED', deadline: '2018-11-30' }),
    };
  });
  afterAll(() => t?.close());

  const rates = async (who: SignedIn, asOf: string, r?: string): Promise<Json> => dataOf(await t.gql(RATES, { asOf, r }, who.headers)).rectificationRates;
  const behind = async (who: SignedIn, asOf: string, o: string, r?: string, u?: string): Promise<string[]> => {
    const res = dataOf(await t.gql(BEHIND, { asOf, r, o, u, first: 100 }, who.headers)).rectificationRateFindings;
    expect(res.totalCount).toBe(res.edges.length);
    return res.edges.map((e: Json) => e.node.id).sort();
  };
  const ids = (...keys: string[]) => keys.map((k) => f[k]).sort();
  const counts = (due: number, onTime: number, late: number, referred: number, open: number, closed: number, onTimeRate: string | null, closureRate: string | null) =>
    ({ due, onTime, late, referred, open, closed, onTimeRate, closureRate });

  it('counts the findings due by the year end, on time, late, referred, open and closed, with exact 4-decimal rates, by town', async () => {
    const r = await rates(district, '2018-12-31');
    expect(r).toMatchObject({ asOf: '2018-12-31', regionCode: null });
    expect(r.total).toEqual({ regionCode: null, regionName: null, ...counts(9, 3, 2, 1, 3, 3, '0.3333', '0.3333') });
    expect(r.byTown).toEqual([
      { regionCode: R.district, regionName: expect.any(String), ...counts(1, 0, 0, 0, 1, 0, '0.0000', '0.0000') },
      { regionCode: R.siblingTown, regionName: '济源路街道', ...counts(3, 2, 1, 0, 0, 2, '0.6667', '0.6667') },
      { regionCode: R.town, regionName: '峡窝镇', ...counts(5, 1, 1, 1, 2, 1, '0.2000', '0.2000') },
    ]);
    // By responsible unit (责任单位, by name): the education bureau's three, the rest under the fixtures' unit.
    expect(r.byResponsibleUnit).toEqual([
      { unit: '区教育局', ...counts(3, 1, 2, 0, 0, 2, '0.3333', '0.6667') },
      { unit: '责任单位', ...counts(6, 2, 0, 1, 3, 1, '0.3333', '0.1667') },
    ].sort((a, b) => (a.unit < b.unit ? -1 : 1)));
    // Auditors read the same figures.
    expect(await rates(auditor, '2018-12-31')).toEqual(r);
  });

  it('lists the findings behind each number, for the total and for a town', async () => {
    const y = '2018-12-31';
    expect(await behind(district, y, 'DUE')).toEqual(ids('t1OnTimeClosed', 't1Late', 't1Open', 't1Referred', 't1AcceptedAfter', 't2OnTimeClosed', 't2OnTimeOnDeadline', 't2LateClosed', 'districtOpen'));
    expect(await behind(district, y, 'ON_TIME')).toEqual(ids('t1OnTimeClosed', 't2OnTimeClosed', 't2OnTimeOnDeadline'));
    expect(await behind(district, y, 'LATE')).toEqual(ids('t1Late', 't2LateClosed'));
    expect(await behind(district, y, 'REFERRED')).toEqual(ids('t1Referred'));
    expect(await behind(district, y, 'OPEN')).toEqual(ids('t1Open', 't1AcceptedAfter', 'districtOpen'));
    expect(await behind(district, y, 'CLOSED')).toEqual(ids('t1OnTimeClosed', 't2OnTimeClosed', 't2LateClosed'));
    expect(await behind(district, y, 'ON_TIME', R.siblingTown)).toEqual(ids('t2OnTimeClosed', 't2OnTimeOnDeadline'));
    expect(await behind(district, y, 'OPEN', R.town)).toEqual(ids('t1Open', 't1AcceptedAfter'));
    expect(await behind(district, y, 'LATE', undefined, '区教育局')).toEqual(ids('t1Late', 't2LateClosed'));
    expect(await behind(district, y, 'DUE', R.town, '区教育局')).toEqual(ids('t1OnTimeClosed', 't1Late'));
    // Paging through a number gives each finding once.
    const p1 = dataOf(await t.gql(BEHIND, { asOf: y, o: 'DUE', first: 4 }, district.headers)).rectificationRateFindings;
    const p2 = dataOf(await t.gql(BEHIND, { asOf: y, o: 'DUE', first: 100, after: p1.pageInfo.endCursor }, district.headers)).rectificationRateFindings;
    expect([...p1.edges, ...p2.edges].map((e: Json) => e.node.id).sort()).toEqual(await behind(district, y, 'DUE'));
    expect(p1).toMatchObject({ totalCount: 9, pageInfo: { hasNextPage: true } });
  });

  it('is as of the date: a finding accepted later was open then', async () => {
    const r = await rates(district, '2018-06-30');
    expect(r.total).toMatchObject(counts(5, 3, 0, 0, 2, 2, '0.6000', '0.4000'));
    expect(await behind(district, '2018-06-30', 'OPEN')).toEqual(ids('t1Late', 't2LateClosed'));
    expect((await rates(district, '2017-12-31')).total).toMatchObject(counts(0, 0, 0, 0, 0, 0, null, null));
    expect((await rates(district, '2017-12-31')).byTown).toEqual([]);
  });

  it('keeps to the caller’s scope and the region asked for', async () => {
    const r = await rates(town, '2018-12-31');
    expect(r.total).toMatchObject(counts(5, 1, 1, 1, 2, 1, '0.2000', '0.2000'));
    expect(r.byTown.map((x: Json) => x.regionCode)).toEqual([R.town]);
    expect((await rates(town, '2018-12-31', R.siblingTown)).total).toMatchObject(counts(0, 0, 0, 0, 0, 0, null, null));
    expect(await behind(town, '2018-12-31', 'ON_TIME', R.siblingTown)).toEqual([]);
    expect((await rates(district, '2018-12-31', R.village)).total).toMatchObject(counts(3, 1, 1, 0, 1, 1, '0.3333', '0.3333'));
    expect(errorOf(await t.gql(RATES, { asOf: '2018-12-32' }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(errorOf(await t.gql(BEHIND, { asOf: '2018-12-31', o: 'SOMETIME', first: 5 }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
