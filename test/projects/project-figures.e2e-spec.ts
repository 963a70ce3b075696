import { Role, Sector } from '../../src/common/access/permissions';
import type { Principal } from '../../src/common/access/principal';
import { daysBetween, todayInChina } from '../../src/common/dates/local-date';
import { subtreePrefix } from '../../src/common/region/region-code';
import { ProjectFiguresService } from '../../src/projects/project-figures.service';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';

type Json = Record<string, any>;

const PAGE = `totalCount pageInfo { hasNextPage endCursor }`;
const PAST = `query($asOf: LocalDate, $r: String, $first: Int, $after: String) {
  projectsPastSchedule(asOf: $asOf, regionCode: $r, first: $first, after: $after) { asOf ${PAGE} edges { node { daysOverdue project { id name stage plannedEndOn fundingTotal } } } } }`;
const UNACCEPTED = `query($asOf: LocalDate, $r: String, $first: Int, $after: String) {
  projectsCompletedWithoutAcceptance(asOf: $asOf, regionCode: $r, first: $first, after: $after) { asOf ${PAGE} edges { node { daysSinceCompletion project { id name actualEndOn } } } } }`;
const COUNT = `query($y: Int!, $r: String) { specialProjectsCount(year: $y, regionCode: $r) { year regionCode count meetsTarget target { key value configured } } }`;
const SPECIAL = `query($y: Int!, $r: String, $first: Int, $after: String) { specialProjects(year: $y, regionCode: $r, first: $first, after: $after) { ${PAGE} edges { node { id name actualStartOn } } } }`;

const AS_OF = '2018-10-01';

describe('project figures and the lists behind them (issue #15)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let siblingTown: SignedIn;
  let village: SignedIn;
  const ids: Record<string, string> = {};

  /** A project row at a stage with its dates (the procedure is tested in project-library.e2e-spec.ts). */
  async function project(name: string, region: string, stage: string, dates: { plannedEnd?: string; start?: string; end?: string }): Promise<void> {
    const [row] = await t.dataSource.query(
      `INSERT INTO projects (region_code, name, year, category, industry_type, construction_nature, budget_total, stage, planned_end_on, actual_start_on, actual_end_on)
       VALUES ($1, $2, 2018, '产业发展', '特色加工业', 'NEW', '500000.00', $3, $4, $5, $6) RETURNING id`,
      [region, name, stage, dates.plannedEnd ?? null, dates.start ?? null, dates.end ?? null],
    );
    ids[name] = row.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown);
    await project('a1', R.village, 'IMPLEMENTING', { plannedEnd: '2018-09-01', start: '2018-03-01' });
    await project('a2', R.village, 'IN_ANNUAL_PLAN', { plannedEnd: '2018-09-21' });
    await project('a3', R.village, 'PLAN_NOTICE', { plannedEnd: '2018-09-30' });
    await project('t1', R.town, 'IMPLEMENTING', { plannedEnd: '2018-08-01', start: '2017-06-01' });
    // Not past schedule on AS_OF: ends on the day itself; not in a plan yet; built; rejected; accepted.
    await project('onTheDay', R.village, 'IMPLEMENTING', { plannedEnd: AS_OF, start: '2017-03-01' });
    await project('library', R.village, 'IN_LIBRARY', { plannedEnd: '2018-01-01' });
    await project('built', R.village, 'COMPLETED', { plannedEnd: '2018-06-01', start: '2018-02-01', end: '2018-08-01' });
    await project('rejected', R.village, 'REJECTED', { plannedEnd: '2018-01-01', start: '2018-05-01' });
    await project('accepted', R.village, 'ACCEPTED', { plannedEnd: '2018-06-01', start: '2017-12-20', end: '2018-07-01' });
    await project('builtLater', R.village, 'COMPLETED', { plannedEnd: '2018-12-31', start: '2018-12-31', end: '2018-11-01' });
    await project('removed', R.village, 'REMOVED', { plannedEnd: '2018-01-01', start: '2018-04-01' });
    await project('s1', R.villageOfSiblingTown, 'IMPLEMENTING', { plannedEnd: '2018-09-01', start: '2018-04-01' });
    // A sector department's project: reads follow the role, so every reader of the region sees it.
    await t.dataSource.query(`UPDATE projects SET sector = $2 WHERE id = $1`, [ids.a1, Sector.AGRICULTURE]);
  });
  afterAll(() => t?.close());

  const names = (edges: Json[], at: (n: Json) => Json = (n) => n.project) => edges.map((e) => at(e.node).name).sort();
  const past = async (who: SignedIn, vars: Json = {}) => dataOf(await t.gql(PAST, { asOf: AS_OF, ...vars }, who.headers)).projectsPastSchedule;
  const unaccepted = async (who: SignedIn, vars: Json = {}) => dataOf(await t.gql(UNACCEPTED, { asOf: AS_OF, ...vars }, who.headers)).projectsCompletedWithoutAcceptance;
  const count = async (who: SignedIn, y: number, r?: string) => dataOf(await t.gql(COUNT, { y, r }, who.headers)).specialProjectsCount;
  const special = async (who: SignedIn, vars: Json) => dataOf(await t.gql(SPECIAL, vars, who.headers)).specialProjects;

  it('projectsPastSchedule: planned end before asOf, in a plan or implementing, with the days overdue; the figure is totalCount', async () => {
    const c = await past(town);
    expect(c.asOf).toBe(AS_OF);
    expect(c.totalCount).toBe(4);
    expect(names(c.edges)).toEqual(['a1', 'a2', 'a3', 't1']);
    const days = Object.fromEntries(c.edges.map((e: Json) => [e.node.project.name, e.node.daysOverdue]));
    expect(days).toEqual({ a1: 30, a2: 10, a3: 1, t1: 61 });
    expect(c.edges[0].node.project.fundingTotal).toBe('0.00');
    expect((await past(district)).totalCount).toBe(5);
    expect(names((await past(district, { r: R.village })).edges)).toEqual(['a1', 'a2', 'a3']);
    // Default asOf: today in China; the project planned to end on 2018-10-01 is now overdue too.
    const today = dataOf(await t.gql(PAST, {}, town.headers)).projectsPastSchedule;
    expect(today.asOf).toBe(todayInChina());
    expect(names(today.edges)).toEqual(['a1', 'a2', 'a3', 'onTheDay', 't1']);
    expect(today.edges.find((e: Json) => e.node.project.name === 'onTheDay').node.daysOverdue).toBe(daysBetween(AS_OF, todayInChina()));
  });

  it('projectsCompletedWithoutAcceptance: COMPLETED by asOf, with the days since completion', async () => {
    const c = await unaccepted(town);
    expect(c).toMatchObject({ asOf: AS_OF, totalCount: 1 });
    expect(c.edges[0].node).toEqual({ daysSinceCompletion: 61, project: { id: ids.built, name: 'built', actualEndOn: '2018-08-01' } });
    const today = dataOf(await t.gql(UNACCEPTED, {}, district.headers)).projectsCompletedWithoutAcceptance;
    expect(names(today.edges)).toEqual(['built', 'builtLater']);
    expect(today.edges.find((e: Json) => e.node.project.name === 'builtLater').node.daysSinceCompletion).toBe(daysBetween('2018-11-01', todayInChina()));
  });

  it('specialProjectsCount and specialProjects: started in the year, not rejected or removed, against target.special_projects_min', async () => {
    expect(await count(town, 2018)).toEqual({
      year: 2018, regionCode: null, count: 3, meetsTarget: true, target: { key: 'target.special_projects_min', value: '3', configured: true },
    });
    const list = await special(town, { y: 2018 });
    expect(list.totalCount).toBe(3);
    expect(names(list.edges, (n) => n)).toEqual(['a1', 'built', 'builtLater']);
    expect(await count(district, 2018)).toMatchObject({ count: 4, meetsTarget: true });
    expect(await count(district, 2018, R.villageOfSiblingTown)).toMatchObject({ regionCode: R.villageOfSiblingTown, count: 1, meetsTarget: false });
    expect(names((await special(district, { y: 2018, r: R.villageOfSiblingTown })).edges, (n) => n)).toEqual(['s1']);
    // The target is in force for 2018 only (seed): 2017 and 2019 have a count and no verdict.
    expect(await count(town, 2017)).toMatchObject({ count: 3, meetsTarget: null, target: { configured: false, value: null } });
    expect(await count(town, 2019)).toMatchObject({ count: 0, meetsTarget: null, target: { configured: false } });
  });

  it('pages the lists by keyset, the totalCount on every page', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 3; i += 1) {
      const c = await past(district, { first: 2, after });
      expect(c.totalCount).toBe(5);
      seen.push(...c.edges.map((e: Json) => e.node.project.id));
      expect(c.pageInfo.hasNextPage).toBe(i < 2);
      after = c.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(5);
    const first = await special(district, { y: 2018, first: 3 });
    const rest = await special(district, { y: 2018, first: 3, after: first.pageInfo.endCursor });
    expect([...names(first.edges, (n) => n), ...names(rest.edges, (n) => n)].sort()).toEqual(['a1', 'built', 'builtLater', 's1']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('region scope: another town sees only its own projects; a region outside the caller\'s gives nothing', async () => {
    expect(names((await past(siblingTown)).edges)).toEqual(['s1']);
    expect((await past(siblingTown, { r: R.village })).totalCount).toBe(0);
    expect((await unaccepted(siblingTown, { asOf: '2026-01-01' })).totalCount).toBe(0);
    expect(await count(siblingTown, 2018)).toMatchObject({ count: 1, meetsTarget: false });
    expect((await special(siblingTown, { y: 2018, r: R.town })).totalCount).toBe(0);
    // A village officer of the sibling village in the same town: nothing of 北峡窝村.
    expect((await past(village)).totalCount).toBe(0);
    expect((await count(village, 2018)).count).toBe(0);
  });

  it('sector officers read every sector\'s projects of their region; a role without projects.read is refused', async () => {
    const health = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HEALTH });
    expect((await past(health)).totalCount).toBe(5);
    expect(await count(health, 2018)).toMatchObject({ count: 4 });
    const auditor = await signIn(t, Role.AUDITOR, R.district);
    for (const [q, vars] of [[PAST, {}], [UNACCEPTED, {}], [COUNT, { y: 2018 }], [SPECIAL, { y: 2018 }]] as const) {
      expect(errorOf(await t.gql(q, vars, auditor.headers))).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('refuses a malformed asOf, region code or year with a coded error', async () => {
    // The LocalDate scalar refuses a date that does not exist, naming the variable; inline, the document is invalid.
    expect(errorOf(await t.gql(PAST, { asOf: '2018-02-30' }, town.headers))).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_VARIABLE', field: 'asOf' });
    expect(errorOf(await t.gql(UNACCEPTED, { asOf: 'yesterday' }, town.headers))).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_VARIABLE', field: 'asOf' });
    expect(errorOf(await t.gql(`{ projectsPastSchedule(asOf: "2018-13-01") { totalCount } }`, {}, town.headers))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
    // Called by another module with a string that is no date: the service's own coded refusal.
    const principal: Principal = {
      kind: 'user', id: town.userId, personId: town.userId, name: town.username, roles: [Role.TOWN_OFFICER],
      permissions: new Set(['projects.read']), regionCode: R.town, scopePrefix: subtreePrefix(R.town),
    };
    const list = { args: {}, withTotalCount: true, children: new Set<never>() };
    await expect(t.get(ProjectFiguresService).pastSchedule(principal, '2018-02-30', list)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DATE', field: 'asOf' });
    expect((await t.get(ProjectFiguresService).pastSchedule(principal, AS_OF, list)).totalCount).toBe(4);
    expect(errorOf(await t.gql(PAST, { r: '4101' }, town.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    expect(errorOf(await t.gql(COUNT, { y: 1900 }, town.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    expect(errorOf(await t.gql(SPECIAL, { y: 1900, first: 1 }, town.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    expect(errorOf(await t.gql(PAST, { first: 101 }, town.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
