import { addDays, todayInChina } from '../../src/common/dates/local-date';
import { Role } from '../../src/common/access/permissions';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { loadRegions, R, signIn } from '../support/auth';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { buildHousehold, ext, Officers, register } from './lifecycle-fixtures';
import { citizenId, member } from './registry-fixtures';

const MEMBER = `id householdId active name relation { value } birthDate diedOn joinedOn joinReason leftOn leaveReason version`;
interface MemberView {
  id: string;
  householdId: string;
  active: boolean;
  name: string;
  relation: { value: string };
  birthDate: string;
  diedOn: string | null;
  joinedOn: string;
  joinReason: string;
  leftOn: string | null;
  leaveReason: string | null;
  version: number;
}

describe('lifecycle: member changes, each an event with date, reason and evidence (issue #4)', () => {
  let t: TestApp;
  let o: Officers;
  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    o = {
      village: await signIn(t, Role.VILLAGE_OFFICER, R.village),
      town: await signIn(t, Role.TOWN_OFFICER, R.town),
      district: await signIn(t, Role.DISTRICT_OFFICER, R.district),
    };
  });
  afterAll(() => t?.close());

  const JOIN = `mutation($input: MemberJoinsInput!) { memberJoins(input: $input) { member { ${MEMBER} } household { id headMemberId } } }`;
  const LEAVE = `mutation($input: MemberLeavesInput!) { memberLeaves(input: $input) { member { ${MEMBER} } household { id headMemberId } } }`;
  const MOVE = `mutation($input: MoveMemberInput!) { moveMember(input: $input) {
    member { ${MEMBER} } formerMembership { ${MEMBER} } fromHousehold { id headMemberId } toHousehold { id headMemberId } } }`;
  const AS_OF = `query($id: ID!, $date: LocalDate!) { householdMembersAsOf(householdId: $id, date: $date) { id name } }`;
  const data = <T>(res: GqlResult<T>): T => {
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data;
  };
  const membersOn = async (householdId: string, date: string) =>
    data(await t.gql<{ householdMembersAsOf: { id: string; name: string }[] }>(AS_OF, { id: householdId, date }, o.village.headers)).householdMembersAsOf.map((m) => m.name).sort();
  const memberRow = async (id: string): Promise<MemberView> =>
    data(await t.gql<{ member: MemberView }>(`query($id: ID!) { member(id: $id) { ${MEMBER} } }`, { id }, o.village.headers)).member;
  const events = (householdId: string) =>
    t.dataSource.query(`SELECT kind, member_id, step, reason, evidence, effective_on::text AS on, actor_id FROM household_events WHERE household_id = $1 AND kind IN ('MEMBER_JOINED', 'MEMBER_LEFT') ORDER BY created_at, kind`, [householdId]);
  const heads = (householdId: string) =>
    t.dataSource.query(`SELECT member_id, step, effective_on::text AS on FROM household_events WHERE household_id = $1 AND kind = 'HEAD_CHANGED' ORDER BY effective_on, created_at`, [householdId]);

  it('a child is born: memberJoins adds the member from that date, with the event and the audit row; the member rules apply', async () => {
    const h = await buildHousehold(t, o, R.village);
    await register(t, o, h.id);
    const idNumber = citizenId('2018-02-03', 'FEMALE');
    const res = await t.gql<{ memberJoins: { member: MemberView } }>(
      JOIN,
      { input: { householdId: h.id, member: { name: '张小花', relation: 'DAUGHTER', idNumber: idNumber.toLowerCase(), schoolingStatus: 'PRIMARY' }, joinedOn: '2018-02-03', reason: 'BIRTH', evidence: '出生医学证明 Q410000123' } },
      o.village.headers,
    );
    const joined = data(res).memberJoins.member;
    expect(joined).toMatchObject({ active: true, name: '张小花', birthDate: '2018-02-03', joinedOn: '2018-02-03', joinReason: 'BIRTH', relation: { value: 'DAUGHTER' } });
    expect(await events(h.id)).toEqual([
      { kind: 'MEMBER_JOINED', member_id: joined.id, step: 'BIRTH', reason: '出生', evidence: '出生医学证明 Q410000123', on: '2018-02-03', actor_id: o.village.userId },
    ]);
    const [audit] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'members.join' AND entity_id = $1`, [joined.id]);
    expect(JSON.stringify(audit.changes)).not.toContain(idNumber.slice(6, 14));
    expect(await membersOn(h.id, '2018-02-02')).toEqual(['张大山', '李秀英']);
    expect(await membersOn(h.id, '2018-02-03')).toEqual(['张大山', '张小花', '李秀英']);

    // A second head, a bad ID number, a reason that is not a join, a date before birth: refused.
    const twoHeads = await t.gql(JOIN, { input: { householdId: h.id, member: member({ name: '王五' }), joinedOn: '2018-03-01', reason: 'MARRIAGE' } }, o.village.headers);
    expect(ext(twoHeads)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MORE_THAN_ONE_HEAD', field: 'input.member.relation' });
    const badId = await t.gql(JOIN, { input: { householdId: h.id, member: member({ relation: 'SON', idNumber: '410106201802031234' }), joinedOn: '2018-03-01', reason: 'BIRTH' } }, o.village.headers);
    expect(ext(badId)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.member.idNumber' });
    const moved = await t.gql(JOIN, { input: { householdId: h.id, member: member({ relation: 'SON' }), joinedOn: '2018-03-01', reason: 'MOVED_IN' } }, o.village.headers);
    expect(ext(moved)).toMatchObject({ code: 'BAD_USER_INPUT' });
    const beforeBirth = await t.gql(
      JOIN,
      { input: { householdId: h.id, member: { name: '张小虎', relation: 'SON', idNumber: citizenId('2018-05-01', 'MALE'), schoolingStatus: 'PRIMARY' }, joinedOn: '2018-04-01', reason: 'BIRTH' } },
      o.village.headers,
    );
    expect(ext(beforeBirth)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'JOINED_BEFORE_BIRTH' });
  });

  it('a person who is a current member of another household cannot join (one person, one active household)', async () => {
    const a = await buildHousehold(t, o, R.village);
    const b = await buildHousehold(t, o, R.village);
    const [row] = await t.dataSource.query(`SELECT id_number_enc FROM members WHERE id = $1`, [a.headMemberId]);
    const idNumber = t.get<Secrets>(SECRETS as never).cipher.decrypt(row.id_number_enc);
    const res = await t.gql(JOIN, { input: { householdId: b.id, member: member({ relation: 'OTHER', idNumber }), joinedOn: '2018-03-01', reason: 'OTHER' } }, o.village.headers);
    expect(ext(res)).toMatchObject({ code: 'CONFLICT', reason: 'PERSON_IN_ANOTHER_HOUSEHOLD', field: 'input.member.idNumber' });
  });

  it('a death: memberLeaves ends the membership and records the date of death; the head leaving names a new head, or is refused', async () => {
    const h = await buildHousehold(t, o, R.village);
    const [head, spouse] = h.memberIds;
    const headRow = await memberRow(head);
    const noHead = await t.gql(LEAVE, { input: { memberId: head, version: headRow.version, leftOn: '2018-07-01', reason: 'DEATH' } }, o.village.headers);
    expect(ext(noHead)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HEAD_REQUIRED' });
    const wrongHead = await t.gql(LEAVE, { input: { memberId: head, version: headRow.version, leftOn: '2018-07-01', reason: 'DEATH', newHeadMemberId: head } }, o.village.headers);
    expect(ext(wrongHead)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NEW_HEAD_INVALID' });
    const future = await t.gql(LEAVE, { input: { memberId: head, version: headRow.version, leftOn: addDays(todayInChina(), 1), reason: 'DEATH', newHeadMemberId: spouse } }, o.village.headers);
    expect(ext(future)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_IN_FUTURE' });

    const res = await t.gql<{ memberLeaves: { member: MemberView; household: { headMemberId: string } } }>(
      LEAVE,
      { input: { memberId: head, version: headRow.version, leftOn: '2018-07-01', reason: 'DEATH', newHeadMemberId: spouse, evidence: '死亡医学证明' } },
      o.village.headers,
    );
    const left = data(res).memberLeaves;
    expect(left.member).toMatchObject({ active: false, leftOn: '2018-07-01', leaveReason: 'DEATH', diedOn: '2018-07-01' });
    expect(left.household.headMemberId).toBe(spouse);
    expect((await memberRow(spouse)).relation.value).toBe('HEAD');
    expect(await events(h.id)).toEqual([
      { kind: 'MEMBER_LEFT', member_id: head, step: 'DEATH', reason: '死亡；户主变更为 李秀英', evidence: '死亡医学证明', on: '2018-07-01', actor_id: o.village.userId },
    ]);
    // Who headed it from when (issue #10): the first head from joining, the spouse from the death, with the relation they had.
    expect(await heads(h.id)).toEqual([
      { member_id: head, step: null, on: '2016-03-01' },
      { member_id: spouse, step: 'SPOUSE', on: '2018-07-01' },
    ]);
    expect(await membersOn(h.id, '2018-06-30')).toEqual(['张大山', '李秀英']);
    expect(await membersOn(h.id, '2018-07-01')).toEqual(['李秀英']);
    // Gone is gone: a second leave of the same membership is refused.
    const again = await t.gql(LEAVE, { input: { memberId: head, version: left.member.version, leftOn: '2018-07-02', reason: 'OTHER' } }, o.village.headers);
    expect(ext(again)).toMatchObject({ code: 'CONFLICT', reason: 'MEMBER_NOT_CURRENT' });
  });

  it('moving a person between households is one operation: the old membership ends, a new one starts, both recorded', async () => {
    const from = await buildHousehold(t, o, R.village, { members: [member({ name: '张小妹', relation: 'DAUGHTER', sex: 'FEMALE', birthDate: '1995-04-04' })] });
    const to = await buildHousehold(t, o, R.village);
    const daughter = from.memberIds[2];
    const before = await memberRow(daughter);
    const res = await t.gql<{ moveMember: { member: MemberView; formerMembership: MemberView; fromHousehold: { id: string }; toHousehold: { id: string } } }>(
      MOVE,
      { input: { memberId: daughter, version: before.version, toHouseholdId: to.id, movedOn: '2018-05-20', relation: 'DAUGHTER_IN_LAW', reason: '婚迁', evidence: '结婚证' } },
      o.village.headers,
    );
    const moved = data(res).moveMember;
    expect(moved.formerMembership).toMatchObject({ id: daughter, householdId: from.id, active: false, leftOn: '2018-05-20', leaveReason: 'MOVED' });
    expect(moved.member).toMatchObject({ householdId: to.id, active: true, name: '张小妹', birthDate: '1995-04-04', joinedOn: '2018-05-20', joinReason: 'MOVED_IN', relation: { value: 'DAUGHTER_IN_LAW' } });
    const [hashes] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE active)::int AS active, count(*)::int AS rows, count(DISTINCT id_number_hash)::int AS persons FROM members WHERE id = ANY($1)`,
      [[daughter, moved.member.id]],
    );
    expect(hashes).toEqual({ active: 1, rows: 2, persons: 1 });
    expect(await events(from.id)).toEqual([expect.objectContaining({ kind: 'MEMBER_LEFT', member_id: daughter, step: 'MOVED', on: '2018-05-20', evidence: '结婚证' })]);
    expect(await events(to.id)).toEqual([expect.objectContaining({ kind: 'MEMBER_JOINED', member_id: moved.member.id, step: 'MOVED_IN', on: '2018-05-20', evidence: '结婚证' })]);
    expect(await membersOn(from.id, '2018-05-19')).toContain('张小妹');
    expect(await membersOn(from.id, '2018-05-20')).not.toContain('张小妹');
    expect(await membersOn(to.id, '2018-05-20')).toContain('张小妹');
    const [audit] = await t.dataSource.query(`SELECT changes, reason FROM audit_log WHERE operation = 'members.move' AND entity_id = $1`, [moved.member.id]);
    expect(audit).toMatchObject({ reason: '婚迁', changes: { householdId: { from: from.id, to: to.id }, formerMemberId: daughter, movedOn: '2018-05-20' } });

    // A head moving out names the new head of the former household; a second head is refused in the target.
    const headRow = await memberRow(to.headMemberId);
    const twoHeads = await t.gql(MOVE, { input: { memberId: to.headMemberId, version: headRow.version, toHouseholdId: from.id, movedOn: '2018-06-01', relation: 'HEAD', reason: '分户', newHeadMemberId: to.memberIds[1] } }, o.village.headers);
    expect(ext(twoHeads)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MORE_THAN_ONE_HEAD' });
    const noHead = await t.gql(MOVE, { input: { memberId: to.headMemberId, version: headRow.version, toHouseholdId: from.id, movedOn: '2018-06-01', relation: 'FATHER', reason: '投靠' } }, o.village.headers);
    expect(ext(noHead)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HEAD_REQUIRED' });
    // Nothing of the refused moves was kept.
    expect((await memberRow(to.headMemberId)).active).toBe(true);
  });

  it('member changes stay in the caller’s region: another village’s member is as missing', async () => {
    const h = await buildHousehold(t, o, R.village);
    const neighbour = await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown);
    const row = await memberRow(h.memberIds[1]);
    const res = await t.gql(LEAVE, { input: { memberId: row.id, version: row.version, leftOn: '2018-07-01', reason: 'MARRIAGE' } }, neighbour.headers);
    const missing = await t.gql(LEAVE, { input: { memberId: '00000000-0000-4000-8000-000000000000', version: 1, leftOn: '2018-07-01', reason: 'MARRIAGE' } }, neighbour.headers);
    expect(ext(res)).toEqual(ext(missing));
    expect(ext(res)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await memberRow(row.id)).active).toBe(true);
  });
});
