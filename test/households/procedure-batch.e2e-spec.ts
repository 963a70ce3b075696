import { randomUUID } from 'node:crypto';
import { Role } from '../../src/common/access/permissions';
import { todayInChina } from '../../src/common/dates/local-date';
import { NoticeChannel, NoticeKind } from '../../src/disclosure/disclosure.enums';
import { DisclosureService, HistoricalNotice } from '../../src/disclosure/disclosure.service';
import { payloadHash } from '../../src/disclosure/published-payload';
import { CompletedProcedure, ProcedureBatchWriter } from '../../src/households/lifecycle/procedure-batch.writer';
import { ProposalKind } from '../../src/households/proposal.entity';
import { signIn } from '../support/auth';
import { DEMO_REGISTRY, seedDemoRegions } from '../../src/demo/seed';
import { loadDemoRegistry } from '../../src/demo/registry-loader';
import { startTestApp, TestApp } from '../support/test-app';
import { usingServer } from '../support/test-database';

/**
 * Issue #11: completed historical procedures through the lifecycle module's batch writer (the
 * demo seed's registrations, exits and returns): checked as the procedures' service checks them,
 * the whole batch refused with the code and the record's field, nothing of it written.
 */

/**
 * A test app with the demo's division list and its registry of 80 households (what SEED_DEMO=true
 * writes first, through the same loader and options), without the sector modules' demo data,
 * which these tests do not read.
 */
async function withDemoRegistry(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await startTestApp(env);
  try {
    await seedDemoRegions(t.service.app);
    await loadDemoRegistry(t.service.app, { ...DEMO_REGISTRY, households: 80 });
    return t;
  } catch (e) {
    await t.close();
    throw e;
  }
}

const CTX = { id: '00000000-0000-0000-0000-000000000000', personId: '00000000-0000-0000-0000-000000000000', name: 'procedure batch test' };

interface Stored {
  id: string;
  status: string;
  exit_year: number | null;
  year_registered: number;
}

const registration = (h: Stored, steps?: [string, string][]): CompletedProcedure => ({
  householdId: h.id,
  kind: ProposalKind.REGISTRATION,
  year: h.year_registered,
  reason: '识别纳入 (test)',
  steps: (steps ?? [['PROPOSED', `${h.year_registered}-04-01`], ['TOWN_REVIEWED', `${h.year_registered}-04-10`], ['DISTRICT_APPROVED', `${h.year_registered}-05-15`]]).map(([step, on]) => ({ step, on })),
});

const exit = (h: Stored, year: number, dates: Partial<Record<'appraisal' | 'announced', string | null>> = {}): CompletedProcedure => ({
  householdId: h.id,
  kind: ProposalKind.EXIT,
  year,
  reason: '脱贫退出 (test)',
  appraisalOn: dates.appraisal === undefined ? `${year}-10-10` : dates.appraisal,
  steps: [
    { step: 'PROPOSED', on: `${year}-10-10` },
    { step: 'HOUSEHOLD_AGREED', on: `${year}-10-12` },
    { step: 'TOWN_REVIEWED', on: `${year}-10-20` },
    { step: 'DISTRICT_APPROVED', on: `${year}-11-01` },
    { step: 'ANNOUNCED', on: dates.announced ?? `${year}-11-10` },
  ],
});

describe(`ProcedureBatchWriter on ${usingServer() ? 'a PostgreSQL server' : 'the embedded database'} (issue #11)`, () => {
  let t: TestApp;
  let households: Stored[];
  const rowCounts = async () =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM household_proposals) AS proposals, (SELECT count(*)::int FROM household_events) AS events,
                (SELECT count(*)::int FROM audit_log) AS audit`,
      )
    )[0];
  const write = (records: CompletedProcedure[]) => t.dataSource.transaction((m) => t.get(ProcedureBatchWriter).recordCompleted(m, records, CTX));
  const pick = (f: (h: Stored) => boolean, what: string) => {
    const h = households.find(f);
    if (!h) throw new Error(`the demo has no ${what}`);
    return h;
  };

  beforeAll(async () => {
    t = await withDemoRegistry();
    households = await t.dataSource.query(`SELECT id, status, exit_year, year_registered FROM households ORDER BY household_number`);
  });
  afterAll(() => t?.close());

  it('the demo seed recorded its procedures through it: steps as the service names them, the notice from the parameter store, one audit row each', async () => {
    const proposals: { kind: string; stage: string; n: number; steps: string[]; notice_days: number | null }[] = await t.dataSource.query(
      `SELECT p.kind, p.stage, count(*)::int AS n, min(p.notice_days) AS notice_days,
              (SELECT array_agg(e.step ORDER BY e.effective_on, e.step) FROM household_events e WHERE e.proposal_id = min(p.id::text)::uuid) AS steps
         FROM household_proposals p GROUP BY p.kind, p.stage ORDER BY p.kind`,
    );
    const byKind = Object.fromEntries(proposals.map((p) => [p.kind, p]));
    expect(byKind.REGISTRATION).toMatchObject({ stage: 'COMPLETED', n: households.length, steps: ['PROPOSED', 'TOWN_REVIEWED', 'DISTRICT_APPROVED'] });
    const exits2018 = households.filter((h) => h.exit_year === 2018 && h.status !== 'NOT_EXITED').length;
    expect(byKind.EXIT).toMatchObject({ stage: 'COMPLETED', n: exits2018, notice_days: 7 });
    expect(byKind.EXIT.steps.sort()).toEqual(['ANNOUNCED', 'DISTRICT_APPROVED', 'HOUSEHOLD_AGREED', 'PROPOSED', 'TOWN_REVIEWED'].sort());
    const returned = households.filter((h) => h.status === 'RETURNED').length;
    expect(byKind.RETURN_TO_POVERTY?.n ?? 0).toBe(returned);
    const [{ n: audited }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'households.recordCompletedProcedure'`);
    expect(audited).toBe(proposals.reduce((s, p) => s + p.n, 0));
  });

  it('each recorded exit has its closed notice through the disclosure module: published on the approval date for the period, hash verifiable, audited', async () => {
    const exits: { id: string; region_code: string; year: number; notice_days: number; starts_on: string; ends_on: string }[] = await t.dataSource.query(
      `SELECT id, region_code, year, notice_days, notice_starts_on::text AS starts_on, notice_ends_on::text AS ends_on FROM household_proposals WHERE kind = 'EXIT'`,
    );
    expect(exits.length).toBeGreaterThan(0);
    const notices: Record<string, unknown>[] = await t.dataSource.query(
      `SELECT n.subject_id, n.kind, n.region_code, n.state, n.period_length, n.starts_on::text AS starts_on, n.ends_on::text AS ends_on, n.closed_on::text AS closed_on,
              (n.published_at AT TIME ZONE 'Asia/Shanghai')::date::text AS published_on, n.channels::text[] AS channels,
              v.number, v.payload, v.payload_hash, v.rendered_text, (v.published_at = n.published_at) AS same_time
         FROM disclosure_notices n JOIN disclosure_notice_versions v ON v.notice_id = n.id
        WHERE n.subject_type = 'HouseholdProposal' ORDER BY n.subject_id`,
    );
    expect(notices).toHaveLength(exits.length);
    const byExit = new Map(notices.map((n) => [n.subject_id as string, n]));
    const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const e of exits) {
      const n = byExit.get(e.id)!;
      expect(n).toMatchObject({
        kind: 'REGISTRY_EXIT', region_code: e.region_code, state: 'CLOSED', period_length: e.notice_days, starts_on: e.starts_on, ends_on: e.ends_on,
        closed_on: dayAfter(e.ends_on), published_on: e.starts_on, channels: ['VILLAGE_BOARD'], number: 1, same_time: true,
      });
      // Anyone can recompute the hash from the published payload (RFC 8785 canonical JSON).
      expect(payloadHash(n.payload)).toBe(n.payload_hash);
      const payload = n.payload as { subject: unknown; period: unknown; content: { year: number; households: { headName: string }[] }; text: string };
      expect(payload.subject).toEqual({ type: 'HouseholdProposal', id: e.id });
      expect(payload.period).toEqual({ startsOn: e.starts_on, endsOn: e.ends_on, length: e.notice_days, unit: 'DAYS' });
      expect(payload.content.year).toBe(e.year);
      expect(payload.content.households[0].headName).toContain('*');
      expect(payload.text).toBe(n.rendered_text);
    }
    const audited: { operation: string; n: number }[] = await t.dataSource.query(
      // The exit notices' rows (the demo's industry projects publish notices of their own).
      `SELECT operation, count(*)::int AS n FROM audit_log
        WHERE (entity_type = 'DisclosureNotice' AND entity_id IN (SELECT id::text FROM disclosure_notices WHERE subject_type = 'HouseholdProposal'))
           OR (entity_type = 'DisclosureNoticeVersion' AND entity_id IN (
                SELECT v.id::text FROM disclosure_notice_versions v JOIN disclosure_notices n ON n.id = v.notice_id WHERE n.subject_type = 'HouseholdProposal'))
        GROUP BY operation ORDER BY operation`,
    );
    expect(audited).toEqual([
      { operation: 'disclosure.closeNotice', n: exits.length },
      { operation: 'disclosure.endPeriod', n: exits.length },
      { operation: 'disclosure.publishNotice', n: 2 * exits.length },
    ]);
  });

  it('the deadline checks list none of the recorded exits as MISSING', async () => {
    const district = await signIn(t, Role.DISTRICT_OFFICER, '410106000000');
    const years: { year: number }[] = await t.dataSource.query(`SELECT DISTINCT extract(year FROM notice_starts_on)::int AS year FROM household_proposals WHERE kind = 'EXIT' ORDER BY 1`);
    expect(years.length).toBeGreaterThan(0);
    for (const { year } of years) {
      const res = await t.gql(
        `query($from: LocalDate!, $to: LocalDate!) { disclosureProblems(from: $from, to: $to) { problem notice { id } subject { subjectId } detail } }`,
        { from: `${year}-01-01`, to: `${year}-12-31` },
        district.headers,
      );
      if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
      expect((res.body.data as { disclosureProblems: unknown[] }).disclosureProblems).toEqual([]);
    }
  });

  it('recordHistoricalNotices refuses an item with a coded error naming its field, and writes nothing of the batch', async () => {
    const item = (over: Partial<HistoricalNotice>): HistoricalNotice => ({
      kind: NoticeKind.REGISTRY_EXIT, subjectType: 'HouseholdProposal', subjectId: randomUUID(), regionCode: '410106000000', channels: [NoticeChannel.VILLAGE_BOARD],
      publishedOn: '2018-11-01', startsOn: '2018-11-01', endsOn: '2018-11-07', length: 7, content: { title: '2018年贫困户脱贫退出公示', responsibleUnit: '区扶贫办', year: 2018, households: [{ headName: '张三', regionCode: '410106000000', size: 3 }] },
      field: 'procedures[0]', ...over,
    });
    const count = async () => (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM disclosure_notices) AS n, (SELECT count(*)::int FROM audit_log) AS a`))[0];
    const before = await count();
    const record = (items: HistoricalNotice[]) => t.dataSource.transaction((m) => t.get(DisclosureService).recordHistoricalNotices(m, items));
    const today = todayInChina();
    const cases: [HistoricalNotice, { reason: string; field: string }][] = [
      [item({ field: 'procedures[1]', content: { responsibleUnit: '区扶贫办', year: 2018, households: [{ headName: '张三', regionCode: '410106000000', size: 3 }] } }), { reason: 'NOTICE_FIELD_REQUIRED', field: 'procedures[1].content.title' }],
      [item({ field: 'procedures[2]', channels: [] }), { reason: 'NOTICE_CHANNELS_REQUIRED', field: 'procedures[2].channels' }],
      [item({ field: 'procedures[3]', startsOn: today, endsOn: today, publishedOn: today }), { reason: 'NOTICE_PERIOD_NOT_OVER', field: 'procedures[3].endsOn' }],
      [item({ field: 'procedures[4]', publishedOn: '2018-11-02' }), { reason: 'NOTICE_PERIOD_NOT_OVER', field: 'procedures[4].endsOn' }],
    ];
    for (const [bad, expected] of cases) {
      await expect(record([item({}), bad])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', ...expected });
    }
    expect(await count()).toEqual(before);
  });

  it('writes a passing batch: the proposal COMPLETED, its step events and its audit row, in the caller’s transaction', async () => {
    const h = pick((x) => x.status === 'NOT_EXITED', 'household not exited');
    const before = await rowCounts();
    const [p] = await write([registration(h)]);
    expect(p).toMatchObject({ householdId: h.id, kind: 'REGISTRATION', stage: 'COMPLETED', completedOn: `${h.year_registered}-05-15` });
    const after = await rowCounts();
    expect(after).toEqual({ proposals: before.proposals + 1, events: before.events + 3, audit: before.audit + 1 });
    const steps = await t.dataSource.query(`SELECT step, effective_on::text AS on FROM household_events WHERE proposal_id = $1 ORDER BY effective_on`, [p.id]);
    expect(steps.map((s: { step: string }) => s.step)).toEqual(['PROPOSED', 'TOWN_REVIEWED', 'DISTRICT_APPROVED']);
  });

  describe('refuses the whole batch, naming the record and field, and writes nothing', () => {
    const cases: [string, () => CompletedProcedure, { code: string; reason: string; field: string }][] = [
      ['a household that does not exist', () => ({ ...registration(households[0]), householdId: randomUUID() }), { code: 'NOT_FOUND', reason: 'HOUSEHOLD_NOT_FOUND', field: 'procedures[1].householdId' }],
      ['a procedure kind that does not exist', () => ({ ...registration(households[0]), kind: 'ADOPTION' as ProposalKind }), { code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'procedures[1].kind' }],
      ['a year out of range', () => ({ ...registration(households[0]), year: 2012 }), { code: 'BAD_USER_INPUT', reason: 'YEAR_OUT_OF_RANGE', field: 'procedures[1].year' }],
      [
        'steps that are not the procedure’s, in its order',
        () => registration(households[0], [['PROPOSED', '2016-04-01'], ['DISTRICT_APPROVED', '2016-04-10'], ['TOWN_REVIEWED', '2016-05-15']]),
        { code: 'BAD_USER_INPUT', reason: 'STEPS_NOT_THE_PROCEDURE', field: 'procedures[1].steps[1].step' },
      ],
      [
        'a step dated before the one it follows',
        () => registration(households[0], [['PROPOSED', '2016-04-01'], ['TOWN_REVIEWED', '2016-04-10'], ['DISTRICT_APPROVED', '2016-04-05']]),
        { code: 'BAD_USER_INPUT', reason: 'DATE_BEFORE_LAST_STEP', field: 'procedures[1].steps[2].on' },
      ],
      [
        'a step in the future',
        () => registration(households[0], [['PROPOSED', '2016-04-01'], ['TOWN_REVIEWED', '2016-04-10'], ['DISTRICT_APPROVED', '2999-01-01']]),
        { code: 'BAD_USER_INPUT', reason: 'EFFECTIVE_ON_IN_FUTURE', field: 'procedures[1].steps[2].on' },
      ],
      [
        'a date that is not one',
        () => registration(households[0], [['PROPOSED', '2016-02-30'], ['TOWN_REVIEWED', '2016-04-10'], ['DISTRICT_APPROVED', '2016-05-15']]),
        { code: 'BAD_USER_INPUT', reason: 'INVALID_DATE', field: 'procedures[1].steps[0].on' },
      ],
      ['an exit without its democratic appraisal', () => exit(households[0], 2018, { appraisal: null }), { code: 'BAD_USER_INPUT', reason: 'APPRAISAL_REQUIRED', field: 'procedures[1].appraisalOn' }],
      ['an appraisal after the proposal', () => exit(households[0], 2018, { appraisal: '2018-10-11' }), { code: 'BAD_USER_INPUT', reason: 'APPRAISAL_AFTER_PROPOSAL', field: 'procedures[1].appraisalOn' }],
      [
        'a procedure the household’s state then does not allow (a return of a household never exited)',
        () => ({ ...registration(pick((x) => x.status === 'NOT_EXITED', 'household not exited')), kind: ProposalKind.RETURN_TO_POVERTY, year: 2018, steps: [{ step: 'PROPOSED', on: '2018-06-01' }, { step: 'TOWN_REVIEWED', on: '2018-06-10' }, { step: 'DISTRICT_APPROVED', on: '2018-06-20' }] }),
        { code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', field: 'procedures[1].steps[0].on' },
      ],
      [
        'an exit that does not meet the exit standard of its year (income below the line in the parameter store)',
        () => exit(pick((x) => x.status === 'NOT_EXITED' && x.year_registered < 2018, 'household not exited'), 2018),
        { code: 'CONFLICT', reason: 'EXIT_STANDARD_NOT_MET', field: 'procedures[1].year' },
      ],
      [
        'an exit approved when no notice period is in force (registry.exit_notice_days is known for 2018)',
        () => {
          const h = pick((x) => x.status === 'EXITED' && x.exit_year !== null && x.exit_year < 2018, 'household exited before 2018');
          return exit(h, h.exit_year!);
        },
        { code: 'CONFLICT', reason: 'EXIT_NOTICE_NOT_CONFIGURED', field: 'procedures[1].steps[3].on' },
      ],
      [
        'an exit announced before its notice ran out',
        () => exit(pick((x) => x.status === 'EXITED' && x.exit_year === 2018, 'household exited in 2018'), 2018, { announced: '2018-11-05' }),
        { code: 'CONFLICT', reason: 'NOTICE_NOT_OVER', field: 'procedures[1].steps[4].on' },
      ],
    ];
    it.each(cases)('%s', async (_what, bad, expected) => {
      const before = await rowCounts();
      await expect(write([registration(pick((x) => x.status === 'NOT_EXITED', 'household not exited')), bad()])).rejects.toMatchObject(expected);
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('with a notice period for every year (EXIT_NOTICE_DAYS)', () => {
    let t7: TestApp;
    beforeAll(async () => {
      t7 = await withDemoRegistry({ EXIT_NOTICE_DAYS: '7' });
    });
    afterAll(() => t7?.close());

    it('the demo records every exit, 2015–2017 ones included, each with its closed notice: the generated history meets the exit standard of each exit year', async () => {
      const [row] = await t7.dataSource.query(
        `SELECT (SELECT count(*)::int FROM households WHERE exit_year IS NOT NULL) AS exited,
                (SELECT count(*)::int FROM household_proposals WHERE kind = 'EXIT') AS exits,
                (SELECT count(DISTINCT year)::int FROM household_proposals WHERE kind = 'EXIT') AS years,
                (SELECT count(*)::int FROM disclosure_notices WHERE subject_type = 'HouseholdProposal' AND state = 'CLOSED') AS notices`,
      );
      expect(row.exits).toBe(row.exited);
      expect(row.notices).toBe(row.exits);
      expect(row.years).toBeGreaterThan(2);
    });
  });
});
