import { Role, Sector } from '../../src/common/access/permissions';
import { generateHouseholds, GeneratedHousehold } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../../src/demo/registry-format';
import { ok } from '../households/lifecycle-fixtures';
import { ImportJobView } from '../support/import-job';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/** Households of one village, not exited (a candidate has no status: only 未脱贫 or blank may be proposed). */
function householdsOf(seed: string, n: number, villageCode: string = R.village): GeneratedHousehold[] {
  return [...generateHouseholds({ households: n, seed })].map((h) => ({ ...h, villageCode, status: '0' as const, exitYear: null }));
}
const csv = (hs: GeneratedHousehold[]) => csvHeaderLine() + hs.map((h) => toCsvRows(h)).join('');

type Job = ImportJobView & { mode: string; unitCounts: { unit: string; created: number; updated: number; unchanged: number; rejected: number; left: number }[] };

/**
 * Import modes (issue #11, item 6): SYNC (the provincial system is the authority: records land
 * active; district level or wider only) and PROPOSE (new households land as candidates with a
 * registration proposal that goes village → town → district; a status change needs its
 * procedure). The default is SYNC for a district-level caller and PROPOSE for others.
 */
describe('import modes (SYNC / PROPOSE)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
  });
  afterAll(() => t?.close());

  const upload = (body: string, name: string, query: Record<string, string>, who: SignedIn) =>
    t.http.post('/exchange/imports').query(query).set(who.headers).attach('file', Buffer.from(body, 'utf8'), name);

  async function finished(id: string, who: SignedIn): Promise<Job> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const res = await t.http.get(`/exchange/imports/${id}`).set(who.headers);
      expect(res.status).toBe(200);
      if (res.body.status === 'SUCCEEDED' || res.body.status === 'FAILED') return res.body as Job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('import did not finish');
  }

  const households = (numbers: string[]): Promise<{ id: string; household_number: string; validity: string; status: string | null }[]> =>
    t.dataSource.query(`SELECT id, household_number, validity, status FROM households WHERE household_number = ANY($1::varchar[]) ORDER BY household_number`, [numbers]);

  it('SYNC is refused to a town officer (403 MODE_NOT_ALLOWED naming mode); an unknown mode is a 400 naming it', async () => {
    const body = csv(householdsOf('sync-refused', 1));
    const refused = await upload(body, 'sync.csv', { mode: 'SYNC' }, town);
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].extensions).toMatchObject({ reason: 'MODE_NOT_ALLOWED', field: 'mode' });
    const unknown = await upload(body, 'sync.csv', { mode: 'MERGE' }, district);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions).toMatchObject({ reason: 'INVALID_OPTION', field: 'mode' });
    expect(Number((await t.dataSource.query(`SELECT count(*) n FROM import_jobs`))[0].n)).toBe(0);
  });

  it('a job keeps its uploader\'s roles and sector; a sector department may not import registry files (households.import) nor see registry jobs', async () => {
    const res = await upload(csv(householdsOf('uploader-scope', 1)), 'scope.csv', { dryRun: 'true' }, village);
    expect(res.status).toBe(202);
    const [row] = await t.dataSource.query(`SELECT created_by_roles::text[] AS roles, created_by_sector AS sector FROM import_jobs WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ roles: ['village_officer'], sector: null });
    await finished(res.body.id, village);

    const education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    const refused = await upload(csv(householdsOf('uploader-scope-sector', 1)), 'sector.csv', {}, education);
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].extensions).toMatchObject({ reason: 'KIND_NOT_ALLOWED', field: 'kind' });
    // The village's registry job exists in the sector officer's region, but is not theirs to see.
    expect((await t.http.get(`/exchange/imports/${res.body.id}`).set(education.headers)).status).toBe(404);
    const listed = await t.gql<{ importJobs: { totalCount: number } }>(`{ importJobs(first: 10) { totalCount } }`, {}, education.headers);
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data!.importJobs.totalCount).toBe(0);
  });

  it('PROPOSE (the default below district level): a village officer registers candidates with proposals that the town reviews and the district approves', async () => {
    const hs = householdsOf('propose-village', 3);
    const res = await upload(csv(hs), 'propose.csv', {}, village);
    expect(res.status).toBe(202);
    const job = await finished(res.body.id, village);
    expect([job.status, job.mode, job.problemCount]).toEqual(['SUCCEEDED', 'PROPOSE', 0]);
    expect(job.counts).toMatchObject({ householdsCreated: 3, householdsRejected: 0 });

    const numbers = hs.map((h) => h.householdNumber);
    const created = await households(numbers);
    expect(created.map((h) => [h.validity, h.status])).toEqual(numbers.map(() => ['CANDIDATE', null]));
    const proposals: { id: string; household_id: string; kind: string; stage: string; proposed_by: string; version: number }[] = await t.dataSource.query(
      `SELECT id, household_id, kind, stage, proposed_by, version FROM household_proposals WHERE household_id = ANY($1::uuid[])`,
      [created.map((h) => h.id)],
    );
    expect(proposals).toHaveLength(3);
    for (const p of proposals) expect(p).toMatchObject({ kind: 'REGISTRATION', stage: 'PROPOSED', proposed_by: village.userId });
    const steps = await t.dataSource.query(`SELECT count(*)::int AS n FROM household_events WHERE kind = 'PROCEDURE_STEP' AND step = 'PROPOSED' AND proposal_id = ANY($1::uuid[])`, [
      proposals.map((p) => p.id),
    ]);
    expect(steps[0].n).toBe(3);
    const audited = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'households.proposeRegistration' AND entity_id = ANY($1::text[])`, [
      proposals.map((p) => p.id),
    ]);
    expect(audited[0].n).toBe(3);

    // Through the procedure, as in GraphQL: the town reviews, the district approves.
    const first = proposals[0];
    const reviewed = await ok(t, town, 'reviewProposal', { proposalId: first.id, version: first.version, decision: 'APPROVE' });
    expect(reviewed.proposal.stage).toBe('TOWN_REVIEWED');
    const approved = await ok(t, district, 'approveProposal', { proposalId: first.id, version: reviewed.proposal.version, decision: 'APPROVE' });
    expect(approved.household.validity).toBe('ACTIVE');
    expect(approved.household.status?.value).toBe('NOT_EXITED');
  });

  it('PROPOSE refuses a status change of a household in the registry (STATUS_NEEDS_PROCEDURE on 脱贫状态) and writes nothing of it', async () => {
    const [h] = householdsOf('propose-status', 1);
    const synced = await finished((await upload(csv([h]), 'sync.csv', {}, district)).body.id, district);
    expect([synced.mode, synced.counts.householdsCreated]).toEqual(['SYNC', 1]);
    const [before] = await households([h.householdNumber]);
    expect([before.validity, before.status]).toEqual(['ACTIVE', 'NOT_EXITED']);

    const exited = { ...h, status: '1' as const, exitYear: 2019 };
    const job = await finished((await upload(csv([exited]), 'exit.csv', { mode: 'PROPOSE' }, village)).body.id, village);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.counts).toMatchObject({ householdsRejected: 1, householdsUpdated: 0 });
    const problems: { code: string; column: string; field: string; severity: string }[] = await t.dataSource.query(
      `SELECT code, "column", field, severity FROM import_problems WHERE job_id = $1 AND severity = 'ERROR'`,
      [job.id],
    );
    expect(problems).toContainEqual({ code: 'STATUS_NEEDS_PROCEDURE', column: '脱贫状态', field: 'status', severity: 'ERROR' });
    const [after] = await households([h.householdNumber]);
    expect(after.status).toBe('NOT_EXITED');
  });

  it('PROPOSE refuses moving a registered household to another village (REGION_CHANGE_NOT_PROPOSABLE on 行政区划代码); SYNC moves it', async () => {
    const [h] = householdsOf('propose-move', 1);
    expect((await finished((await upload(csv([h]), 'sync.csv', {}, district)).body.id, district)).counts.householdsCreated).toBe(1);

    const moved = { ...h, villageCode: R.villageSameTown };
    const job = await finished((await upload(csv([moved]), 'move.csv', { mode: 'PROPOSE' }, town)).body.id, town);
    expect([job.status, job.counts.householdsRejected, job.counts.householdsUpdated]).toEqual(['SUCCEEDED', 1, 0]);
    const problems: { code: string; column: string; field: string }[] = await t.dataSource.query(
      `SELECT code, "column", field FROM import_problems WHERE job_id = $1 AND severity = 'ERROR'`,
      [job.id],
    );
    expect(problems).toEqual([{ code: 'REGION_CHANGE_NOT_PROPOSABLE', column: '行政区划代码', field: 'regionCode' }]);
    const region = async () => (await t.dataSource.query(`SELECT region_code FROM households WHERE household_number = $1`, [h.householdNumber]))[0].region_code;
    expect(await region()).toBe(R.village);

    expect((await finished((await upload(csv([moved]), 'sync-move.csv', {}, district)).body.id, district)).counts.householdsUpdated).toBe(1);
    expect(await region()).toBe(R.villageSameTown);
  });

  it('SYNC of candidates (待识别) registers them as the authority says and closes their open registration proposals (WITHDRAWN, SUPERSEDED_BY_SYNC: audited, in their history); PROPOSE keeps a candidate a candidate', async () => {
    const hs = householdsOf('sync-candidates', 2, R.villageSameTown);
    const numbers = hs.map((h) => h.householdNumber);
    const villageSame = await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown);
    const proposed = await finished((await upload(csv(hs), 'propose.csv', {}, villageSame)).body.id, villageSame);
    expect([proposed.status, proposed.mode, proposed.counts.householdsCreated]).toEqual(['SUCCEEDED', 'PROPOSE', 2]);
    const ids = (await households(numbers)).map((h) => h.id);
    const proposalsOf = (): Promise<{ id: string; household_id: string; stage: string; version: number; rejection_reason: string | null; completed_on: string | null }[]> =>
      t.dataSource.query(`SELECT id, household_id, stage, version, rejection_reason, completed_on::text FROM household_proposals WHERE household_id = ANY($1::uuid[]) ORDER BY household_id`, [ids]);
    const [first] = await proposalsOf();
    // One is further on (town-reviewed): any open stage closes.
    await ok(t, town, 'reviewProposal', { proposalId: first.id, version: first.version, decision: 'APPROVE' });

    // PROPOSE touching a candidate (another 识别年度): updated, still a candidate, its proposal still open.
    const changed = hs.map((h) => ({ ...h, yearRegistered: h.yearRegistered === 2014 ? 2015 : 2014 }));
    const again = await finished((await upload(csv(changed), 'propose-again.csv', {}, villageSame)).body.id, villageSame);
    expect([again.status, again.counts.householdsUpdated, again.counts.householdsRejected]).toEqual(['SUCCEEDED', 2, 0]);
    expect((await households(numbers)).map((h) => [h.validity, h.status])).toEqual([['CANDIDATE', null], ['CANDIDATE', null]]);
    expect((await proposalsOf()).map((p) => p.stage).sort()).toEqual(['PROPOSED', 'TOWN_REVIEWED']);

    // The authority's file (SYNC, the rows the village first proposed): registered as a SYNC-created household lands.
    const synced = await finished((await upload(csv(hs), 'sync.csv', {}, district)).body.id, district);
    expect([synced.status, synced.mode, synced.counts.householdsUpdated, synced.counts.householdsRejected]).toEqual(['SUCCEEDED', 'SYNC', 2, 0]);
    expect((await households(numbers)).map((h) => [h.validity, h.status])).toEqual([['ACTIVE', 'NOT_EXITED'], ['ACTIVE', 'NOT_EXITED']]);
    const closed = await proposalsOf();
    for (const p of closed) {
      expect(p.stage).toBe('WITHDRAWN');
      expect(p.rejection_reason).toMatch(/^SUPERSEDED_BY_SYNC: /);
      expect(p.completed_on).not.toBeNull();
    }
    const steps = await t.dataSource.query(`SELECT count(*)::int AS n FROM household_events WHERE kind = 'PROCEDURE_STEP' AND step = 'SUPERSEDED_BY_SYNC' AND proposal_id = ANY($1::uuid[])`, [
      closed.map((p) => p.id),
    ]);
    expect(steps[0].n).toBe(2);
    const registered = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM household_events WHERE kind = 'STATUS_CHANGED' AND from_validity = 'CANDIDATE' AND to_validity = 'ACTIVE' AND to_status = 'NOT_EXITED' AND household_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(registered[0].n).toBe(2);
    const audited = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'households.closeRegistrationBySync' AND entity_id = ANY($1::text[])`, [
      closed.map((p) => p.id),
    ]);
    expect(audited[0].n).toBe(2);

    // In GraphQL: the proposal is closed, the household's history shows the step.
    const res = await t.gql<{ household: { validity: string; openProposal: { id: string } | null; events: { kind: string; step: string | null }[] } }>(
      `query($id: ID!) { household(id: $id) { validity openProposal { id } events { kind step } } }`,
      { id: closed[0].household_id },
      district.headers,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.household.validity).toBe('ACTIVE');
    expect(res.body.data!.household.openProposal).toBeNull();
    expect(res.body.data!.household.events).toContainEqual({ kind: 'PROCEDURE_STEP', step: 'SUPERSEDED_BY_SYNC' });
  });

  it('PROPOSE by a caller who cannot propose (a town officer) creates candidates only, and says so per household (INFO CANDIDATE_NOT_PROPOSED)', async () => {
    const hs = householdsOf('propose-town', 2, R.villageSameTown);
    const job = await finished((await upload(csv(hs), 'town.csv', {}, town)).body.id, town);
    expect([job.status, job.mode, job.counts.householdsCreated, job.problemCount]).toEqual(['SUCCEEDED', 'PROPOSE', 2, 0]);
    const created = await households(hs.map((h) => h.householdNumber));
    expect(created.map((h) => h.validity)).toEqual(['CANDIDATE', 'CANDIDATE']);
    const proposals = await t.dataSource.query(`SELECT count(*)::int AS n FROM household_proposals WHERE household_id = ANY($1::uuid[])`, [created.map((h) => h.id)]);
    expect(proposals[0].n).toBe(0);
    const info = await t.dataSource.query(`SELECT household_number FROM import_problems WHERE job_id = $1 AND code = 'CANDIDATE_NOT_PROPOSED' AND severity = 'INFO' ORDER BY 1`, [job.id]);
    expect(info.map((r: { household_number: string }) => r.household_number)).toEqual(hs.map((h) => h.householdNumber).sort());
  });

  it('counts per unit (jsonb) in GraphQL: unitCounts, and the deprecated counts derived from them', async () => {
    const hs = householdsOf('unit-counts', 2, R.villageSameTown);
    const id = (await upload(csv(hs), 'counts.csv', {}, district)).body.id as string;
    const rest = await finished(id, district);
    const members = hs.reduce((n, h) => n + h.members.length, 0);
    expect(rest.unitCounts).toEqual([
      { unit: 'households', created: 2, updated: 0, unchanged: 0, rejected: 0, left: 0 },
      { unit: 'members', created: members, updated: 0, unchanged: 0, rejected: 0, left: 0 },
    ]);
    const stored = await t.dataSource.query(`SELECT counts FROM import_jobs WHERE id = $1`, [id]);
    expect(stored[0].counts.households).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0, left: 0 });
    const res = await t.gql<{ importJob: Record<string, unknown> }>(
      `query($id: ID!) { importJob(id: $id) { mode unitCounts { unit created updated unchanged rejected left } counts { householdsCreated membersCreated membersLeft } } }`,
      { id },
      district.headers,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.importJob).toEqual({
      mode: 'SYNC',
      unitCounts: rest.unitCounts,
      counts: { householdsCreated: 2, membersCreated: members, membersLeft: 0 },
    });
  });
});
