import { Role } from '../../src/common/access/permissions';
import { todayInChina, yearOf } from '../../src/common/dates/local-date';
import { JobRunner } from '../../src/common/jobs/job-runner';
import { SUPERVISION_OVERDUE_QUEUE } from '../../src/supervision/supervision-overdue.job';
import { SupervisionService } from '../../src/supervision/supervision.service';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { GET, insertFinding, SUPERVISE } from './supervision-fixtures';

type Json = Record<string, any>;

const OVERDUE = `query($asOf: LocalDate!, $r: String, $first: Int, $after: String) {
  overdueFindings(asOf: $asOf, regionCode: $r, first: $first, after: $after) { totalCount edges { node { id deadline overdueSince } } pageInfo { hasNextPage endCursor } } }`;

/**
 * The daily overdue job (issue #20): findings past their deadline and not rectified are marked
 * overdue once, with a supervision letter (督办函), audited as the system. The job's date is its
 * parameter (SupervisionService.markOverdue(today)): the clock the tests control; `wake` runs the
 * registered job on the runner with today's date.
 */
describe('supervision: the daily overdue job, supervision letters and the overdue list', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    ids = {
      rectifying: await insertFinding(t, R.village, { stage: 'RECTIFYING', deadline: '2018-06-30', responsible_unit: '峡窝镇人民政府' }),
      dueToday: await insertFinding(t, R.town, { stage: 'ASSIGNED', deadline: '2018-07-01', responsible_unit: '峡窝镇人民政府' }),
      acceptedEarly: await insertFinding(t, R.village, { stage: 'ACCEPTED', deadline: '2018-06-10', accepted_on: '2018-06-05' }),
      referred: await insertFinding(t, R.village, { stage: 'REFERRED', deadline: '2018-06-10', referred_on: '2018-06-09' }),
      closed: await insertFinding(t, R.village, { stage: 'CLOSED', deadline: '2018-06-29', accepted_on: '2018-06-25', closed_on: '2018-06-28' }),
      siblingTown: await insertFinding(t, R.villageOfSiblingTown, { stage: 'ACCEPTANCE_REQUESTED', deadline: '2018-06-20', responsible_unit: '济源路街道办事处' }),
      acceptedLate: await insertFinding(t, R.village, { stage: 'ACCEPTED', deadline: '2018-06-10', accepted_on: '2018-06-20' }),
    };
  });
  afterAll(() => t?.close());

  const row = async (id: string): Promise<Json> =>
    (await t.dataSource.query(`SELECT overdue_since::text AS "overdueSince", version FROM supervision_findings WHERE id = $1`, [id]))[0];
  const letter = async (id: string): Promise<Json | undefined> =>
    (await t.dataSource.query(`SELECT number, issued_on::text AS "issuedOn", addressed_to AS "addressedTo" FROM supervision_letters WHERE finding_id = $1`, [id]))[0];
  const audits = (entityType: string, id: string): Promise<Json[]> =>
    t.dataSource.query(`SELECT operation, actor_type, changes FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY seq`, [entityType, id]);
  const overdue = async (who: SignedIn, asOf: string, r?: string): Promise<string[]> =>
    dataOf(await t.gql(OVERDUE, { asOf, r, first: 50 }, who.headers)).overdueFindings.edges.map((e: Json) => e.node.id).sort();

  it('lists the findings behind the overdue figure as of a date, from their dates, in scope', async () => {
    // 15 June: past the deadline of 10 June and not accepted by then (accepted on the 20th); the one accepted early and the referred one are not.
    expect(await overdue(district, '2018-06-15')).toEqual([ids.acceptedLate].sort());
    expect(await overdue(district, '2018-07-01')).toEqual([ids.rectifying, ids.siblingTown].sort());
    expect(await overdue(district, '2018-07-02')).toEqual([ids.rectifying, ids.dueToday, ids.siblingTown].sort());
    expect(await overdue(town, '2018-07-02')).toEqual([ids.rectifying, ids.dueToday].sort());
    expect(await overdue(district, '2018-07-02', R.siblingTown)).toEqual([ids.siblingTown]);
    expect(await overdue(town, '2018-07-02', R.siblingTown)).toEqual([]);
    const res = dataOf(await t.gql(OVERDUE, { asOf: '2018-07-02', first: 1 }, district.headers)).overdueFindings;
    expect(res).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(res.edges[0].node).toMatchObject({ id: ids.siblingTown, deadline: '2018-06-20' });
    expect(errorOf(await t.gql(OVERDUE, { asOf: '2018-02-30', first: 5 }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('marks each finding past its deadline overdue once, issues its supervision letter, both audited as the system', async () => {
    const service = t.get(SupervisionService);
    expect(await service.markOverdue('2018-07-01')).toBe(2);
    expect(await row(ids.rectifying)).toEqual({ overdueSince: '2018-07-01', version: 2 });
    expect(await row(ids.siblingTown)).toEqual({ overdueSince: '2018-06-21', version: 2 });
    // Due today is not overdue yet; accepted, closed and referred findings never are (accepted late stays unflagged: it was accepted).
    for (const k of ['dueToday', 'acceptedEarly', 'referred', 'closed', 'acceptedLate']) expect({ k, ...(await row(ids[k])) }).toEqual({ k, overdueSince: null, version: 1 });
    // Letters numbered per year in deadline order, to the responsible unit.
    expect(await letter(ids.siblingTown)).toEqual({ number: '督办函〔2018〕1号', issuedOn: '2018-07-01', addressedTo: '济源路街道办事处' });
    expect(await letter(ids.rectifying)).toEqual({ number: '督办函〔2018〕2号', issuedOn: '2018-07-01', addressedTo: '峡窝镇人民政府' });
    expect(await audits('SupervisionFinding', ids.rectifying)).toEqual([
      { operation: 'supervision.markOverdue', actor_type: 'system', changes: { overdueSince: '2018-07-01', deadline: '2018-06-30', asOf: '2018-07-01', letter: '督办函〔2018〕2号' } },
    ]);
    const [letterId] = await t.dataSource.query(`SELECT id FROM supervision_letters WHERE finding_id = $1`, [ids.rectifying]);
    expect(await audits('SupervisionLetter', letterId.id)).toEqual([
      expect.objectContaining({ operation: 'supervision.issueLetter', actor_type: 'system', changes: expect.objectContaining({ number: { from: null, to: '督办函〔2018〕2号' } }) }),
    ]);
    const feed = await t.dataSource.query(`SELECT parts FROM change_feed WHERE root_id = $1`, [ids.rectifying]);
    expect([...new Set(feed.flatMap((r: Json) => r.parts))].sort()).toEqual(['events', 'finding', 'letter']);

    // The same day again: nothing new. The next day: the one due on 1 July, letter 3.
    expect(await service.markOverdue('2018-07-01')).toBe(0);
    expect(await service.markOverdue('2018-07-02')).toBe(1);
    expect(await row(ids.dueToday)).toEqual({ overdueSince: '2018-07-02', version: 2 });
    expect(await letter(ids.dueToday)).toMatchObject({ number: '督办函〔2018〕3号' });
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM supervision_letters`)).toEqual([{ n: 3 }]);

    // Read through the API: flagged, with its letter and the system's OVERDUE event; it can still be rectified.
    const f = dataOf(await t.gql(GET, { id: ids.rectifying }, town.headers)).supervisionFinding;
    expect(f).toMatchObject({ overdue: true, overdueSince: '2018-07-01', letter: { number: '督办函〔2018〕2号', issuedOn: '2018-07-01', addressedTo: '峡窝镇人民政府' }, version: 2 });
    expect(f.events.at(-1)).toMatchObject({ action: 'OVERDUE', fromStage: 'RECTIFYING', toStage: 'RECTIFYING', effectiveOn: '2018-07-01', actorName: null });
    const referred = dataOf(await t.gql(SUPERVISE, { i: { id: ids.rectifying, version: 2, action: 'REFER', reason: '逾期拒不整改', effectiveOn: '2018-07-05' } }, district.headers));
    expect(referred.superviseFindingStep.finding).toMatchObject({ stage: 'REFERRED', overdue: true });
    expect(await overdue(district, '2018-07-10')).toEqual([ids.dueToday, ids.siblingTown].sort());
  });

  it('runs daily on the job runner; wake runs it now with today’s date', async () => {
    const late = await insertFinding(t, R.village, { found_on: '2024-12-01', deadline: '2025-01-01', last_step_on: '2024-12-01' });
    const [job] = await t.dataSource.query(`SELECT queue, recurrence FROM jobs WHERE singleton_key = $1`, [SUPERVISION_OVERDUE_QUEUE]);
    expect(job).toEqual({ queue: SUPERVISION_OVERDUE_QUEUE, recurrence: { dailyAt: '01:00' } });
    t.get(JobRunner).wake(SUPERVISION_OVERDUE_QUEUE);
    await waitFor(async () => (await row(late)).overdueSince === '2025-01-02', { what: 'the late finding marked overdue by the job' });
    const today = todayInChina();
    expect(await letter(late)).toEqual({ number: `督办函〔${yearOf(today)}〕1号`, issuedOn: today, addressedTo: '责任单位' });
    expect(await audits('SupervisionFinding', late)).toEqual([expect.objectContaining({ operation: 'supervision.markOverdue', actor_type: 'system' })]);
  });
});
