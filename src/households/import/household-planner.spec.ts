import { FieldCipher } from '../../common/crypto/field-cipher';
import { GeneratedHousehold, generateHouseholds } from '../../demo/generator';
import type { Row } from '../../database/staged-writer';
import { ImportStrategy, ProblemSeverity, RawRow } from '../../common/imports/import-types';
import { digestOf } from '../../common/imports/unit-rows';
import { ImportMode } from '../../common/imports/import-port';
import { COLUMNS, Raw } from './registry-columns';
import { AssembleContext, assembleHousehold, HouseholdRows, ParsedHousehold } from './household-assembler';
import { ExistingState, fileColumns, HouseholdPlan, memberHashes, PlanContext, planHousehold, PlanOptions } from './household-planner';

const TODAY = '2026-11-28';
const KEYS = ['householdNumber', 'regionCode', 'attribute', 'primaryCause', 'yearRegistered', 'status', 'name', 'idNumber', 'relation'];
const FILE_COLUMNS = COLUMNS.filter((c) => KEYS.includes(c.key));
const cipher = new FieldCipher({ activeKeyId: 'k1', keys: { k1: Buffer.alloc(32, 1) } }, Buffer.alloc(32, 9));

const assembleCtx: AssembleContext = { columns: FILE_COLUMNS, today: TODAY, splitHouseholds: new Set(), checkRegion: () => null };

/** The rows a reader gives for the first generated household with at least two members that these columns describe validly. */
function fileRows(seed: string): RawRow[] {
  const found = [...generateHouseholds({ households: 50, seed })].map(rowsOf).find((rows) => rows.length >= 2 && assembleHousehold(rows, 0, assembleCtx).valid);
  if (!found) throw new Error(`no suitable generated household for seed ${seed}`);
  return found;
}

function rowsOf(h: GeneratedHousehold): RawRow[] {
  return h.members.map((m, i) => ({
    rowNumber: 2 + i,
    values: new Map<string, Raw>([
      ['householdNumber', h.householdNumber],
      ['regionCode', h.villageCode],
      ['attribute', h.attribute],
      ['primaryCause', h.primaryCause],
      ['yearRegistered', String(h.yearRegistered)],
      ['status', 'NOT_EXITED'],
      ['name', m.name],
      ['idNumber', m.idNumber],
      ['relation', m.relation],
    ]),
    problems: [],
  }));
}

function parse(rows: RawRow[]): { household: ParsedHousehold; source: HouseholdRows } {
  const household = assembleHousehold(rows, 0, assembleCtx);
  expect(household.problems.filter((p) => p.severity === ProblemSeverity.ERROR)).toEqual([]);
  const source: HouseholdRows = { key: household.householdNumber, rows, firstRow: 0, size: rows.length, digest: digestOf(rows, FILE_COLUMNS) };
  return { household, source };
}

function context(over: Partial<PlanOptions> = {}): PlanContext {
  let n = 0;
  const options: PlanOptions = { strategy: ImportStrategy.CREATE_AND_UPDATE, jobId: 'job-1', today: TODAY, columns: FILE_COLUMNS, checkRegion: () => null, ...over };
  return { cipher, options, file: fileColumns(FILE_COLUMNS), newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
}

const nothing = (): ExistingState => ({ members: [], insuranceOf: new Map(), holderOf: new Map(), claimedInBatch: new Map() });

function plan(rows: RawRow[], existing: ExistingState = nothing(), over: Partial<PlanOptions> = {}): HouseholdPlan {
  const { household, source } = parse(rows);
  return planHousehold({ household, source, hashes: memberHashes(cipher, household), existing }, context(over));
}

/** The registry after a household was created by a plan: its rows as stored (with the columns the database adds). */
function storedAfter(created: HouseholdPlan): ExistingState {
  const household: Row = { ...created.rows.newHouseholds[0], version: 1 };
  const members: Row[] = created.rows.newMembers.map((m) => ({ ...m, version: 1 }));
  return { ...nothing(), household, members, holderOf: new Map(members.map((m) => [m.id_number_hash as string, household.id as string])) };
}

const codes = (p: HouseholdPlan) => p.problems.map((x) => x.code);

describe('household planner (pure)', () => {
  it('a new household: the household, its members, the registration and first-head events, an audit record', () => {
    const rows = fileRows('planner-new');
    const p = plan(rows);
    expect(p.outcome).toBe('CREATED');
    expect(p.problems).toEqual([]);
    expect(p.counts).toMatchObject({ householdsCreated: 1, membersCreated: rows.length, householdsUpdated: 0, householdsRejected: 0 });
    const [h] = p.rows.newHouseholds;
    expect(h).toMatchObject({ validity: 'ACTIVE', status: 'NOT_EXITED', household_number: rows[0].values.get('householdNumber') });
    const head = p.rows.newMembers.find((m) => m.relation === 'HEAD')!;
    expect(h.head_member_id).toBe(head.id);
    expect(p.rows.newMembers).toHaveLength(rows.length);
    for (const m of p.rows.newMembers) {
      expect(m).toMatchObject({ household_id: h.id, active: true, joined_on: TODAY, join_reason: 'REGISTRATION' });
      // Stored encrypted, looked up by the blind index: never the clear ID number.
      expect(cipher.decrypt(m.id_number_enc as string)).toMatch(/^\d{17}[\dX]$/);
      expect(JSON.stringify(m)).not.toContain(cipher.decrypt(m.id_number_enc as string));
    }
    expect(p.rows.events.map((e) => e.kind)).toEqual(['STATUS_CHANGED', 'HEAD_CHANGED']);
    expect(p.rows.digests).toHaveLength(1);
    expect(p.rows.changedHouseholds).toEqual([]);
    expect(p.audit).toMatchObject({ operation: 'households.import.create', entityType: 'Household', entityId: h.id });
    expect(p.claims).toHaveLength(rows.length);
  });

  it('records as of an earlier date (effectiveOn): events and joins are dated by it, a member born since joins at birth (BIRTH, with its MEMBER_JOINED event)', () => {
    const rows = fileRows('planner-new');
    const { household } = parse(rows);
    const births = household.members.map((m) => m.birthDate).sort();
    // A date between the oldest and the youngest member's birth: the youngest was born after it.
    const asOf = births[births.length - 1] > births[0] ? births[births.length - 1] : null;
    expect(asOf).not.toBeNull();
    const on = `${Number(asOf!.slice(0, 4)) - 1}-01-01` > births[0] ? `${Number(asOf!.slice(0, 4)) - 1}-01-01` : births[0];
    const p = plan(rows, nothing(), { today: on });
    expect(p.outcome).toBe('CREATED');
    for (const m of p.rows.newMembers) {
      const born = (m.birth_date as string) > on;
      expect(m).toMatchObject({ joined_on: born ? m.birth_date : on, join_reason: born ? 'BIRTH' : 'REGISTRATION' });
    }
    const bornSince = p.rows.newMembers.filter((m) => (m.birth_date as string) > on);
    expect(bornSince.length).toBeGreaterThan(0);
    expect(p.rows.events.filter((e) => e.kind === 'MEMBER_JOINED')).toEqual(
      bornSince.map((m) => expect.objectContaining({ member_id: m.id, effective_on: m.birth_date, step: 'BIRTH' })),
    );
    expect(p.rows.events.find((e) => e.kind === 'STATUS_CHANGED')).toMatchObject({ effective_on: on });
  });

  it('PROPOSE: a new household is a candidate without status (no STATUS_CHANGED event); one with another status is refused', () => {
    const rows = fileRows('planner-propose');
    const p = plan(rows, nothing(), { mode: ImportMode.PROPOSE });
    expect(p.outcome).toBe('CREATED');
    expect(p.rows.newHouseholds[0]).toMatchObject({ validity: 'CANDIDATE', status: null });
    expect(p.rows.events.map((e) => e.kind)).toEqual(['HEAD_CHANGED']);
    for (const r of rows) r.values.set('status', 'EXITED');
    const exited = plan(rows, nothing(), { mode: ImportMode.PROPOSE });
    expect([exited.outcome, codes(exited)]).toEqual(['REJECTED', ['STATUS_NEEDS_PROCEDURE']]);
    expect(exited.problems[0]).toMatchObject({ severity: ProblemSeverity.ERROR, column: '脱贫状态', field: 'status' });
    expect(exited.counts).toMatchObject({ householdsRejected: 1, householdsCreated: 0 });
  });

  it('PROPOSE: a registered household whose file changes its status is refused and writes nothing; the same status updates as usual', () => {
    const rows = fileRows('planner-propose-status');
    const existing = storedAfter(plan(rows));
    const same = plan(rows, existing, { mode: ImportMode.PROPOSE });
    expect(same.outcome).toBe('UNCHANGED');
    for (const r of rows) r.values.set('status', 'EXITED');
    const p = plan(rows, existing, { mode: ImportMode.PROPOSE });
    expect([p.outcome, codes(p)]).toEqual(['REJECTED', ['STATUS_NEEDS_PROCEDURE']]);
    expect(Object.values(p.rows).every((list) => list.length === 0)).toBe(true);
    expect(p.audit).toBeNull();
    // SYNC: the authority's file changes it.
    expect(plan(rows, existing).rows.changedHouseholds[0]).toMatchObject({ status: 'EXITED' });
  });

  it('PROPOSE: a registered household moved to another village is refused and writes nothing; SYNC moves it', () => {
    const rows = fileRows('planner-propose-move');
    const existing = storedAfter(plan(rows));
    const from = existing.household!.region_code as string;
    const to = from.endsWith('1') ? `${from.slice(0, -1)}2` : `${from.slice(0, -1)}1`;
    for (const r of rows) r.values.set('regionCode', to);
    const p = plan(rows, existing, { mode: ImportMode.PROPOSE });
    expect([p.outcome, codes(p)]).toEqual(['REJECTED', ['REGION_CHANGE_NOT_PROPOSABLE']]);
    expect(p.problems[0]).toMatchObject({ severity: ProblemSeverity.ERROR, column: '行政区划代码', field: 'regionCode' });
    expect(Object.values(p.rows).every((list) => list.length === 0)).toBe(true);
    expect(p.audit).toBeNull();
    expect(plan(rows, existing).rows.changedHouseholds[0]).toMatchObject({ region_code: to });
    // A candidate (not registered yet) is still the proposer's to place.
    const candidate = storedAfter(plan(rows.map((r) => ({ ...r, values: new Map(r.values).set('regionCode', from) })), nothing(), { mode: ImportMode.PROPOSE }));
    expect(codes(plan(rows, candidate, { mode: ImportMode.PROPOSE }))).not.toContain('REGION_CHANGE_NOT_PROPOSABLE');
  });

  it('SYNC of a candidate (待识别): the authority registers it as a SYNC-created household lands (ACTIVE, 未脱贫), with its STATUS_CHANGED event and audit, and asks for its registration proposal to close', () => {
    const rows = fileRows('planner-sync-candidate');
    const candidate = storedAfter(plan(rows, nothing(), { mode: ImportMode.PROPOSE }));
    expect(candidate.household).toMatchObject({ validity: 'CANDIDATE', status: null });
    const p = plan(rows, candidate, { mode: ImportMode.SYNC });
    expect(p.outcome).toBe('UPDATED');
    expect(p.registersCandidate).toBe(true);
    expect(p.rows.changedHouseholds).toEqual([expect.objectContaining({ id: candidate.household!.id, validity: 'ACTIVE', status: 'NOT_EXITED' })]);
    expect(p.rows.events.filter((e) => e.kind === 'STATUS_CHANGED')).toEqual([
      expect.objectContaining({ household_id: candidate.household!.id, from_status: null, to_status: 'NOT_EXITED', from_validity: 'CANDIDATE', to_validity: 'ACTIVE' }),
    ]);
    expect(p.audit).toMatchObject({ operation: 'households.import.update', changes: { validity: { from: 'CANDIDATE', to: 'ACTIVE' }, status: { from: null, to: 'NOT_EXITED' } } });
    // The mode defaults to SYNC; a registered household is not registered again.
    expect(plan(rows, candidate).registersCandidate).toBe(true);
    expect(plan(rows, storedAfter(plan(rows))).registersCandidate).toBe(false);
  });

  it('PROPOSE of a candidate keeps it a candidate without status (its procedure registers it), nothing to close', () => {
    const rows = fileRows('planner-propose-candidate');
    const candidate = storedAfter(plan(rows, nothing(), { mode: ImportMode.PROPOSE }));
    const p = plan(rows, candidate, { mode: ImportMode.PROPOSE });
    expect(p.outcome).toBe('UNCHANGED');
    expect(p.registersCandidate).toBe(false);
    expect(p.rows.changedHouseholds).toEqual([]);
    expect(p.rows.events).toEqual([]);
    // A change of another field updates it, still a candidate.
    const renamed = rows.map((r) => ({ ...r, values: new Map(r.values).set('yearRegistered', String(Number(r.values.get('yearRegistered')) === 2013 ? 2014 : 2013)) }));
    const q = plan(renamed, candidate, { mode: ImportMode.PROPOSE });
    expect([q.outcome, q.registersCandidate]).toEqual(['UPDATED', false]);
    expect(q.rows.changedHouseholds).toHaveLength(1);
    expect(q.rows.changedHouseholds[0]).not.toHaveProperty('validity');
    expect(q.rows.changedHouseholds[0]).not.toHaveProperty('status');
    expect(q.rows.events.filter((e) => e.kind === 'STATUS_CHANGED')).toEqual([]);
  });

  it('the same household again: unchanged, nothing written but its digest, no audit record', () => {
    const rows = fileRows('planner-same');
    const p = plan(rows, storedAfter(plan(rows)));
    expect(p.outcome).toBe('UNCHANGED');
    expect(p.counts).toMatchObject({ householdsUnchanged: 1, membersUnchanged: rows.length, membersUpdated: 0, membersCreated: 0, membersLeft: 0 });
    const { digests, ...rest } = p.rows;
    expect(Object.values(rest).every((list) => list.length === 0)).toBe(true);
    expect(digests).toHaveLength(1);
    expect(p.audit).toBeNull();
    expect(p.problems).toEqual([]);
  });

  it('a member whose name changed: one member update with that column only, audited with the masked ID number', () => {
    const rows = fileRows('planner-changed');
    const existing = storedAfter(plan(rows));
    rows[1].values.set('name', `${String(rows[1].values.get('name'))}改`);
    const p = plan(rows, existing);
    expect(p.outcome).toBe('UPDATED');
    expect(p.counts).toMatchObject({ householdsUpdated: 1, membersUpdated: 1, membersUnchanged: rows.length - 1 });
    const before = existing.members.find((m) => m.name === String(rows[1].values.get('name')).slice(0, -1))!;
    expect(p.rows.changedMembers).toEqual([{ id: before.id, name: rows[1].values.get('name') }]);
    expect(p.rows.newMembers).toEqual([]);
    expect(p.rows.changedHouseholds).toEqual([]);
    const changes = p.audit!.changes as { members: { to: { updated: string[] } } };
    expect(changes.members.to.updated).toHaveLength(1);
    expect(changes.members.to.updated[0]).toContain('*');
  });

  it('a member no longer in the file: ended today (not deleted), a MEMBER_LEFT event', () => {
    const rows = fileRows('planner-removed');
    const existing = storedAfter(plan(rows));
    const gone = rows.pop()!;
    const goneMember = existing.members.find((m) => cipher.decrypt(m.id_number_enc as string) === String(gone.values.get('idNumber')).toUpperCase())!;
    const p = plan(rows, existing);
    expect(p.outcome).toBe('UPDATED');
    expect(p.counts).toMatchObject({ householdsUpdated: 1, membersLeft: 1 });
    expect(p.rows.leftMembers).toEqual([{ id: goneMember.id, active: false, left_on: TODAY, leave_reason: 'OTHER' }]);
    expect(p.rows.events).toEqual([expect.objectContaining({ kind: 'MEMBER_LEFT', member_id: goneMember.id, effective_on: TODAY })]);
  });

  it('create only: an existing household is refused (number taken), nothing planned', () => {
    const rows = fileRows('planner-create-only');
    const p = plan(rows, storedAfter(plan(rows)), { strategy: ImportStrategy.CREATE });
    expect(p.outcome).toBe('REJECTED');
    expect(codes(p)).toEqual(['HOUSEHOLD_NUMBER_TAKEN']);
    expect(p.counts).toMatchObject({ householdsRejected: 1, householdsCreated: 0 });
    expect(Object.values(p.rows).every((list) => list.length === 0)).toBe(true);
    expect(p.claims).toEqual([]);
  });

  it('a household number in use outside the import scope answers as taken (create) or missing (update), never as found', () => {
    const rows = fileRows('planner-scope');
    const existing = storedAfter(plan(rows));
    existing.household = { ...existing.household, region_code: '410106999999' };
    const outside = (code: string) => (code === '410106999999' ? { code: 'REGION_OUT_OF_SCOPE', message: 'outside' } : null);
    const upsert = plan(rows, existing, { checkRegion: outside });
    expect(upsert.outcome).toBe('REJECTED');
    expect(codes(upsert)).toContain('HOUSEHOLD_NUMBER_TAKEN');
    const update = plan(rows, existing, { checkRegion: outside, strategy: ImportStrategy.UPDATE });
    expect(update.outcome).toBe('REJECTED');
    expect(codes(update)).toContain('HOUSEHOLD_NOT_FOUND');
    // Its members are "another household", whatever the scope.
    expect(codes(update)).toContain('ID_NUMBER_IN_OTHER_HOUSEHOLD');
    expect(Object.values(update.rows).every((list) => list.length === 0)).toBe(true);
  });

  it('one person in two households: refused against the registry and against an earlier household of the batch', () => {
    const rows = fileRows('planner-person');
    const { household } = parse(rows);
    const [hash] = memberHashes(cipher, household);
    const elsewhere = plan(rows, { ...nothing(), holderOf: new Map([[hash, 'another-household']]) });
    expect(elsewhere.outcome).toBe('REJECTED');
    expect(elsewhere.problems[0]).toMatchObject({ code: 'ID_NUMBER_IN_OTHER_HOUSEHOLD', field: 'members.idNumber', rowNumber: rows[0].rowNumber });
    const inBatch = plan(rows, { ...nothing(), claimedInBatch: new Map([[hash, 'H-EARLIER']]) });
    expect(inBatch.outcome).toBe('REJECTED');
    expect(inBatch.problems[0].message).toContain('H-EARLIER');
  });

  it('a dry run listing changes says what would change', () => {
    const rows = fileRows('planner-list');
    const existing = storedAfter(plan(rows));
    const cause = rows[0].values.get('primaryCause') === 'ILLNESS' ? 'DISABILITY' : 'ILLNESS';
    for (const r of rows) r.values.set('primaryCause', cause);
    const p = plan(rows, existing, { listChanges: true });
    expect(p.problems).toEqual([expect.objectContaining({ code: 'WOULD_UPDATE', severity: 'INFO' })]);
  });
});
