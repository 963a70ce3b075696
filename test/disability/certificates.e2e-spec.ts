import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';
import { citizenId, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const CERT = `id memberId householdId category grade certificateNumber issuedOn validUntil needsLongTermCare revokedOn revokeReason regionCode sector version`;
const CREATE = `mutation($i: CreateDisabilityCertificateInput!) { createDisabilityCertificate(input: $i) { certificate { ${CERT} } parametersUsed { key configured status } } }`;
const UPDATE = `mutation($i: UpdateDisabilityCertificateInput!) { updateDisabilityCertificate(input: $i) { certificate { ${CERT} } } }`;
const REVOKE = `mutation($i: RevokeDisabilityCertificateInput!) { revokeDisabilityCertificate(input: $i) { certificate { ${CERT} } } }`;
const DELETE = `mutation($i: DeleteDisabilityCertificateInput!) { deleteDisabilityCertificate(input: $i) { certificate { id version } } }`;
const GET = `query($id: ID!) { disabilityCertificate(id: $id) { ${CERT} } }`;
const GET_ID = `query($id: ID!) { disabilityCertificate(id: $id) { id } }`;
const LIST = `query($m: ID, $h: ID, $r: String, $c: DisabilityType, $g: Int, $rv: Boolean, $v: LocalDate, $first: Int, $after: String) {
  disabilityCertificates(memberId: $m, householdId: $h, regionCode: $r, category: $c, grade: $g, revoked: $rv, validOn: $v, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { endCursor hasNextPage } } }`;
const UNCERTIFIED = `query($r: String, $a: LocalDate, $first: Int, $after: String) {
  disabledMembersWithoutCertificate(regionCode: $r, asOf: $a, first: $first, after: $after) { totalCount edges { node { member { id name disabilityGrade } asOf certificates { id revokedOn } } } pageInfo { endCursor hasNextPage } } }`;
const NOT_ON_DIBAO = `query($r: String, $a: LocalDate, $first: Int, $after: String) {
  disabledMembersNotOnDibao(regionCode: $r, asOf: $a, first: $first, after: $after) { totalCount asOf rule { key configured status }
    edges { node { member { id name } asOf certificate { id } } } pageInfo { endCursor hasNextPage } } }`;
const REVEAL = `mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: DISABILITY_CERTIFICATE_NUMBER, id: $id, reason: $r }) { value } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('disability: certificates (残疾人证, issue #18)', () => {
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  let otherTown: SignedIn;
  let federation: SignedIn;
  let federationTown: SignedIn;
  let education: SignedIn;
  let civil: SignedIn;
  let h: CreatedHousehold;
  let head: string;
  let spouse: string;
  const headId = citizenId('1966-04-12', 'MALE');
  const spouseId = citizenId('1968-09-30', 'FEMALE');

  const input = (over: Json = {}): Json => ({
    memberId: head, category: 'PHYSICAL', grade: 2, certificateNumber: `${headId}42`, issuedOn: '2017-03-01', validUntil: '2027-02-28', needsLongTermCare: true, ...over,
  });
  const create = async (who: SignedIn, over: Json = {}): Promise<Json> => dataOf(await t.gql(CREATE, { i: input(over) }, who.headers)).createDisabilityCertificate;
  const counts = async (): Promise<Json> =>
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM disability_certificates) AS certificates, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'DisabilityCertificate') AS audits`))[0];

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    otherTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    federation = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.DISABLED_FEDERATION });
    federationTown = await signIn(t, Role.SECTOR_OFFICER, R.siblingTown, { sector: Sector.DISABLED_FEDERATION });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    civil = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.CIVIL_AFFAIRS });
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [
        member({ name: '冯残', idNumber: headId, birthDate: '1966-04-12', health: ['DISABLED'], disabilityType: 'PHYSICAL', disabilityGrade: 2 }),
        member({ name: '冯妻', relation: 'SPOUSE', sex: 'FEMALE', idNumber: spouseId, birthDate: '1968-09-30', health: ['DISABLED'], disabilityType: 'VISUAL', disabilityGrade: 1 }),
      ],
    }));
    head = h.members.find((m) => m.name === '冯残')!.id;
    spouse = h.members.find((m) => m.name === '冯妻')!.id;
  });
  afterAll(() => t?.close());

  it('records a certificate (the federation): number encrypted, answered masked, audited masked, on the change feed; civil affairs and officers read it', async () => {
    const before = await counts();
    const w = await create(federation);
    expect(w.certificate).toMatchObject({
      memberId: head, householdId: h.id, category: 'PHYSICAL', grade: 2, issuedOn: '2017-03-01', validUntil: '2027-02-28', needsLongTermCare: true, revokedOn: null, regionCode: R.village, sector: 'DISABLED_FEDERATION', version: 1,
    });
    expect(w.certificate.certificateNumber).not.toContain(headId.slice(0, 12));
    expect(w.certificate.certificateNumber.endsWith(`${headId.slice(16)}42`)).toBe(true);
    expect(w.parametersUsed).toEqual([{ key: 'disability.categories', configured: true, status: 'VERIFIED' }]);
    expect(await counts()).toEqual({ certificates: before.certificates + 1, audits: before.audits + 1 });
    const [stored] = await t.dataSource.query(`SELECT certificate_number_enc AS enc, certificate_number_hash AS hash FROM disability_certificates WHERE id = $1`, [w.certificate.id]);
    expect(stored.enc).not.toContain(headId);
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    const [audit] = await t.dataSource.query(`SELECT operation, changes::text AS changes FROM audit_log WHERE entity_type = 'DisabilityCertificate' AND entity_id = $1`, [w.certificate.id]);
    expect(audit.operation).toBe('disability.createCertificate');
    expect(audit.changes).not.toContain(headId);
    expect(audit.changes).toContain(w.certificate.certificateNumber);
    for (const who of [district, village, civil, education]) expect(dataOf(await t.gql(GET, { id: w.certificate.id }, who.headers)).disabilityCertificate).toEqual(w.certificate);
    expect(dataOf(await t.gql(GET, { id: w.certificate.id }, otherTown.headers)).disabilityCertificate).toBeNull();
    const feed = await t.dataSource.query(`SELECT operation, parts, region_code AS "regionCode" FROM change_feed WHERE root_type = 'DisabilityCertificate' AND root_id = $1`, [w.certificate.id]);
    expect(feed).toEqual([{ operation: 'CREATED', parts: ['certificate'], regionCode: R.village }]);

    // Revealed in full with a reason (personalData.unmask), audited; outside the scope not.
    expect(dataOf(await t.gql(REVEAL, { id: w.certificate.id, r: '核对证件' }, village.headers)).revealPersonalData.value).toBe(`${headId}42`);
    const [unmask] = await t.dataSource.query(`SELECT reason, changes::text AS changes FROM audit_log WHERE entity_type = 'DisabilityCertificate' AND entity_id = $1 AND operation = 'personalData.unmask'`, [w.certificate.id]);
    expect(unmask).toMatchObject({ reason: '核对证件' });
    expect(unmask.changes).not.toContain(headId);
    expect(errorOf(await t.gql(REVEAL, { id: w.certificate.id, r: '核对证件' }, otherTown.headers))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses bad input with a coded error naming the field, writing nothing; only the federation writes, in its own subtree', async () => {
    const mid = await counts();
    const refused = async (over: Json, who = federation) => errorOf(await t.gql(CREATE, { i: input({ memberId: spouse, category: 'VISUAL', grade: 1, certificateNumber: `${spouseId}11`, ...over }) }, who.headers));
    expect(await refused({ certificateNumber: `${spouseId}1` })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CERTIFICATE_NUMBER_FORM', field: 'input.certificateNumber' });
    expect(await refused({ certificateNumber: `${spouseId}15` })).toMatchObject({ reason: 'CERTIFICATE_NUMBER_FORM', field: 'input.certificateNumber' });
    expect(await refused({ certificateNumber: `${spouseId}81` })).toMatchObject({ reason: 'CERTIFICATE_NUMBER_FORM', field: 'input.certificateNumber' });
    const badCheck = `${spouseId.slice(0, 17)}${spouseId[17] === '0' ? '1' : '0'}11`;
    expect(await refused({ certificateNumber: badCheck })).toMatchObject({ reason: 'CERTIFICATE_NUMBER_ID_INVALID', field: 'input.certificateNumber' });
    expect(await refused({ certificateNumber: `${headId}11` })).toMatchObject({ reason: 'CERTIFICATE_NUMBER_NOT_MEMBERS', field: 'input.certificateNumber' });
    expect(await refused({ certificateNumber: `${spouseId}21` })).toMatchObject({ reason: 'CERTIFICATE_NUMBER_CATEGORY_MISMATCH', field: 'input.certificateNumber' });
    expect(await refused({ certificateNumber: `${spouseId}12` })).toMatchObject({ reason: 'CERTIFICATE_NUMBER_GRADE_MISMATCH', field: 'input.certificateNumber' });
    for (const grade of [0, 5]) expect(await refused({ grade })).toMatchObject({ reason: 'CERTIFICATE_GRADE_RANGE', field: 'input.grade' });
    expect(await refused({ validUntil: '2016-01-01' })).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.validUntil' });
    expect(await refused({ issuedOn: '2099-01-01', validUntil: '2100-01-01' })).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.issuedOn' });
    expect(await refused({ memberId: head, certificateNumber: `${headId}42`, category: 'PHYSICAL', grade: 2 })).toMatchObject({ code: 'CONFLICT', reason: 'CERTIFICATE_ALREADY_HELD', field: 'input.memberId' });
    expect(await refused({ memberId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    // Another sector's officer, a federation officer of another town: outside the write scope.
    expect(await refused({}, education)).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    expect(await refused({}, civil)).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    expect(await refused({}, federationTown)).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    // The officers read but do not write (disability.write is the federation's).
    for (const who of [district, village]) expect(errorOf(await t.gql(CREATE, { i: input({ memberId: spouse }) }, who.headers))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(mid);
  });

  it('checks the category against disability.categories in force in the region (a district list without 多重 refuses it)', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const set = await t.gql(`mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id } } }`, {
      input: { key: 'disability.categories', regionCode: R.villageSameTown, value: JSON.stringify(['视力', '听力', '言语', '肢体', '智力', '精神']), effectiveFrom: '2014-01-01', status: 'UNVERIFIED', reason: '测试 (tests)' },
    }, admin.headers);
    expect(set.body.errors).toBeUndefined();
    const id = citizenId('1980-02-02', 'MALE');
    const hh = await createHousehold(t, district, householdInput(R.villageSameTown, { members: [member({ name: '多重者', idNumber: id, birthDate: '1980-02-02', health: ['DISABLED'], disabilityType: 'MULTIPLE', disabilityGrade: 1 })] }));
    const who = hh.members[0].id;
    expect(errorOf(await t.gql(CREATE, { i: input({ memberId: who, category: 'MULTIPLE', grade: 1, certificateNumber: `${id}71` }) }, federation.headers))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.category' });
    const ok = await create(federation, { memberId: who, category: 'INTELLECTUAL', grade: 1, certificateNumber: `${id}51` });
    expect(ok.parametersUsed).toEqual([{ key: 'disability.categories', configured: true, status: 'UNVERIFIED' }]);
  });

  it('corrects with the version read (checked again; a new grade needs the new number), revokes with a reason, deletes an error; lists with filters page by page', async () => {
    const c = (await create(federation, { memberId: spouse, category: 'VISUAL', grade: 1, certificateNumber: ` ${spouseId.toLowerCase()}11 `, needsLongTermCare: false })).certificate;
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 3, validUntil: '2030-01-01' } }, federation.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 1, grade: 2 } }, federation.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.certificateNumber' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 1, grade: 2, certificateNumber: `${spouseId}11` } }, federation.headers))).toMatchObject({ reason: 'CERTIFICATE_NUMBER_GRADE_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 1, validUntil: '2030-01-01' } }, education.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'DISABILITY_CERTIFICATE_NOT_FOUND' });
    const u = dataOf(await t.gql(UPDATE, { i: { id: c.id, version: 1, grade: 2, certificateNumber: `${spouseId}12`, needsLongTermCare: true } }, federation.headers)).updateDisabilityCertificate.certificate;
    expect(u).toMatchObject({ grade: 2, needsLongTermCare: true, category: 'VISUAL', version: 2 });
    const kept = dataOf(await t.gql(UPDATE, { i: { id: c.id, version: 2, validUntil: '2030-01-01' } }, federation.headers)).updateDisabilityCertificate.certificate;
    expect(kept).toMatchObject({ validUntil: '2030-01-01', certificateNumber: u.certificateNumber, version: 3 });
    expect(dataOf(await t.gql(REVEAL, { id: c.id, r: '核对证件号码' }, district.headers)).revealPersonalData.value).toBe(`${spouseId}12`);

    expect(errorOf(await t.gql(REVOKE, { i: { id: c.id, version: 3, revokedOn: '2016-01-01', reason: '迁出' } }, federation.headers))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.revokedOn' });
    const r = dataOf(await t.gql(REVOKE, { i: { id: c.id, version: 3, revokedOn: '2018-06-30', reason: '户籍迁出' } }, federation.headers)).revokeDisabilityCertificate.certificate;
    expect(r).toMatchObject({ revokedOn: '2018-06-30', revokeReason: '户籍迁出', version: 4 });
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 4, validUntil: '2031-01-01' } }, federation.headers))).toMatchObject({ code: 'CONFLICT', reason: 'CERTIFICATE_REVOKED' });
    expect(errorOf(await t.gql(REVOKE, { i: { id: c.id, version: 4, revokedOn: '2018-07-01', reason: '再次' } }, federation.headers))).toMatchObject({ reason: 'CERTIFICATE_REVOKED' });
    // Revoked: the member may hold a new one.
    const again = (await create(federation, { memberId: spouse, category: 'VISUAL', grade: 1, certificateNumber: `${spouseId}11`, issuedOn: '2018-07-01' })).certificate;

    const list = async (v: Json, who = district) => dataOf(await t.gql(LIST, v, who.headers)).disabilityCertificates;
    const all = await list({ h: h.id, first: 50 });
    expect(all.totalCount).toBe(3);
    const page1 = await list({ h: h.id, first: 2 });
    const page2 = await list({ h: h.id, first: 5, after: page1.pageInfo.endCursor });
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.id)).toEqual(all.edges.map((e: Json) => e.node.id));
    expect([
      (await list({ m: spouse, first: 50 })).totalCount,
      (await list({ c: 'VISUAL', g: 1, first: 50 })).totalCount,
      (await list({ rv: true, first: 50 })).totalCount,
      (await list({ rv: false, h: h.id, first: 50 })).totalCount,
      (await list({ v: '2018-06-15', h: h.id, first: 50 })).totalCount,
      (await list({ v: '2018-06-30', h: h.id, first: 50 })).totalCount,
      (await list({ r: R.villageOfSiblingTown, first: 50 })).totalCount,
      (await list({ h: h.id, first: 50 }, otherTown)).totalCount,
    ]).toEqual([2, 1, 1, 2, 2, 1, 0, 0]);

    expect(dataOf(await t.gql(DELETE, { i: { id: again.id, version: 1, reason: '重复录入' } }, federation.headers)).deleteDisabilityCertificate).toEqual({ certificate: { id: again.id, version: 1 } });
    const audits = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'DisabilityCertificate' AND entity_id = ANY($1) AND operation <> 'personalData.unmask' ORDER BY seq`, [[c.id, again.id]]);
    expect(audits).toEqual([
      { operation: 'disability.createCertificate', reason: null },
      { operation: 'disability.updateCertificate', reason: null },
      { operation: 'disability.updateCertificate', reason: null },
      { operation: 'disability.revokeCertificate', reason: '户籍迁出' },
      { operation: 'disability.createCertificate', reason: null },
      { operation: 'disability.deleteCertificate', reason: '重复录入' },
    ]);
    const feed = await t.dataSource.query(`SELECT operation FROM change_feed WHERE root_type = 'DisabilityCertificate' AND root_id = $1 ORDER BY position`, [again.id]);
    expect(feed.map((f: Json) => f.operation)).toEqual(['CREATED', 'DELETED']);
  });

  it('disabledMembersWithoutCertificate: registry members marked disabled without a certificate valid on the day, paged with totalCount', async () => {
    const v = R.villageOfSiblingTown;
    const ids = [citizenId('1950-01-01', 'MALE'), citizenId('1951-01-01', 'FEMALE'), citizenId('1952-01-01', 'MALE')];
    const hh = await createHousehold(t, district, householdInput(v, {
      members: [
        member({ name: '甲无证', idNumber: ids[0], birthDate: '1950-01-01', health: ['DISABLED'], disabilityType: 'MENTAL', disabilityGrade: 3 }),
        member({ name: '乙过期', relation: 'SPOUSE', sex: 'FEMALE', idNumber: ids[1], birthDate: '1951-01-01', health: ['DISABLED'], disabilityType: 'HEARING', disabilityGrade: 4 }),
        member({ name: '丙有证', relation: 'OTHER', idNumber: ids[2], birthDate: '1952-01-01', health: ['DISABLED'], disabilityType: 'SPEECH', disabilityGrade: 4 }),
      ],
    }));
    const [a, b, c] = ['甲无证', '乙过期', '丙有证'].map((n) => hh.members.find((m) => m.name === n)!.id);
    const expired = (await create(federation, { memberId: b, category: 'HEARING', grade: 4, certificateNumber: `${ids[1]}24`, issuedOn: '2010-06-01', validUntil: '2017-12-31' })).certificate;
    await create(federation, { memberId: c, category: 'SPEECH', grade: 4, certificateNumber: `${ids[2]}34`, issuedOn: '2015-01-01', validUntil: '2025-12-31' });
    const q = async (vars: Json, who = district) => dataOf(await t.gql(UNCERTIFIED, vars, who.headers)).disabledMembersWithoutCertificate;
    const res = await q({ r: v, a: '2018-05-01', first: 50 });
    expect(res.totalCount).toBe(2);
    expect(res.edges.map((e: Json) => e.node)).toEqual([
      { member: { id: b, name: '乙过期', disabilityGrade: 4 }, asOf: '2018-05-01', certificates: [{ id: expired.id, revokedOn: null }] },
      { member: { id: a, name: '甲无证', disabilityGrade: 3 }, asOf: '2018-05-01', certificates: [] },
    ].sort((x, y) => (x.member.name < y.member.name ? -1 : 1)));
    // On a day the expired certificate was valid, only 甲 lacks one; page by page over the district.
    expect((await q({ r: v, a: '2016-05-01', first: 50 })).edges.map((e: Json) => e.node.member.id)).toEqual([a]);
    const everyone = await q({ a: '2018-05-01', first: 50 });
    const p1 = await q({ a: '2018-05-01', first: 1 });
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = await q({ a: '2018-05-01', first: 50, after: p1.pageInfo.endCursor });
    expect([...p1.edges, ...p2.edges].map((e: Json) => e.node.member.id)).toEqual(everyone.edges.map((e: Json) => e.node.member.id));
    expect(everyone.edges.map((e: Json) => e.node.member.id)).toEqual(expect.arrayContaining([a, b]));
    // The certificates of a page come in one statement: a page of one costs what a page of all does.
    const small = await countQueries(() => q({ a: '2018-05-01', first: 1 }));
    const large = await countQueries(() => q({ a: '2018-05-01', first: 50 }));
    expect(large.result.edges.length).toBeGreaterThan(1);
    expect(large.count).toBe(small.count);
    // The village of the first household sees only its own (the spouse's certificate was revoked on 2018-06-30).
    expect((await q({ a: '2018-07-15', first: 50 }, village)).edges.map((e: Json) => e.node.member.id)).toEqual([spouse]);
    expect(errorOf(await t.gql(UNCERTIFIED, { a: '2018-13-01' }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('disabledMembersNotOnDibao (纳入低保): certified members of registered households the 低保 roster does not cover on the day, by blind index; the rule answered with its status', async () => {
    const v = R.villageSameTown;
    const ids = [citizenId('1940-02-01', 'MALE'), citizenId('1941-02-01', 'FEMALE'), citizenId('1942-02-01', 'MALE'), citizenId('1943-02-01', 'FEMALE')];
    const hh = await createHousehold(t, district, householdInput(v, {
      members: [
        member({ name: '丁在保', idNumber: ids[0], birthDate: '1940-02-01', health: ['DISABLED'], disabilityType: 'PHYSICAL', disabilityGrade: 1 }),
        member({ name: '戊停保', relation: 'SPOUSE', sex: 'FEMALE', idNumber: ids[1], birthDate: '1941-02-01', health: ['DISABLED'], disabilityType: 'VISUAL', disabilityGrade: 2 }),
        member({ name: '己未保', relation: 'OTHER', idNumber: ids[2], birthDate: '1942-02-01', health: ['DISABLED'], disabilityType: 'PHYSICAL', disabilityGrade: 3 }),
        member({ name: '庚无证', relation: 'OTHER', sex: 'FEMALE', idNumber: ids[3], birthDate: '1943-02-01', health: ['DISABLED'], disabilityType: 'HEARING', disabilityGrade: 4 }),
      ],
    }));
    const [onDibao, ended, notOn, uncertified] = ['丁在保', '戊停保', '己未保', '庚无证'].map((n) => hh.members.find((m) => m.name === n)!.id);
    const certs = [
      await create(federation, { memberId: onDibao, category: 'PHYSICAL', grade: 1, certificateNumber: `${ids[0]}41`, issuedOn: '2015-01-01', validUntil: '2025-12-31' }),
      await create(federation, { memberId: ended, category: 'VISUAL', grade: 2, certificateNumber: `${ids[1]}12`, issuedOn: '2015-01-01', validUntil: '2025-12-31' }),
      await create(federation, { memberId: notOn, category: 'PHYSICAL', grade: 3, certificateNumber: `${ids[2]}43`, issuedOn: '2015-01-01', validUntil: '2025-12-31' }),
    ].map((c) => c.certificate);
    // Civil affairs' roster (as its import writes it): 丁 covered, 戊 until March 2018, 特困 for 己 (not 低保).
    const roster = (memberId: string, category: string, startsOn: string, endsOn: string | null) =>
      t.dataSource.query(
        `INSERT INTO social_assistance_roster_entries (category, civil_household_number, person_name, id_number_enc, id_number_hash, monthly_amount, dibao_standard, starts_on, ends_on, region_code, sector)
         SELECT $2, 'MZ-0001', m.name, m.id_number_enc, m.id_number_hash, 300, 3450, $3, $4, $5, 'civil_affairs' FROM members m WHERE m.id = $1`,
        [memberId, category, startsOn, endsOn, v],
      );
    await roster(onDibao, 'DIBAO', '2017-01-01', null);
    await roster(ended, 'DIBAO', '2017-01-01', '2018-03-31');
    await roster(notOn, 'TEKUN', '2017-01-01', null);
    const q = async (vars: Json, who = district) => dataOf(await t.gql(NOT_ON_DIBAO, vars, who.headers)).disabledMembersNotOnDibao;
    const may = await q({ r: v, a: '2018-05-01', first: 50 });
    const mine = (res: Json) => res.edges.map((e: Json) => e.node).filter((n: Json) => [onDibao, ended, notOn, uncertified].includes(n.member.id));
    expect(mine(may)).toEqual([
      { member: { id: notOn, name: '己未保' }, asOf: '2018-05-01', certificate: { id: certs[2].id } },
      { member: { id: ended, name: '戊停保' }, asOf: '2018-05-01', certificate: { id: certs[1].id } },
    ].sort((x, y) => (x.member.name < y.member.name ? -1 : 1)));
    expect(may).toMatchObject({ asOf: '2018-05-01', rule: { key: 'disability.dibao_inclusion', configured: true, status: 'SEED' } });
    // While 戊 was covered only 己 is listed; before the certificates were issued nobody of the household.
    expect(mine(await q({ r: v, a: '2018-02-01', first: 50 })).map((n: Json) => n.member.id)).toEqual([notOn]);
    expect(mine(await q({ r: v, a: '2014-06-01', first: 50 }))).toEqual([]);
    // The rule is in force for 2018 only (RULES.md): another year lists the same people and says so.
    expect((await q({ r: v, a: '2019-05-01', first: 50 })).rule).toMatchObject({ configured: false });
    // Scope: another town sees none of them; a bad day is a coded error.
    expect(mine(await q({ a: '2018-05-01', first: 50 }, otherTown))).toEqual([]);
    expect(errorOf(await t.gql(NOT_ON_DIBAO, { a: '2018-13-01' }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  describe('region × role × sector matrix', () => {
    const newCertificate = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO disability_certificates (member_id, household_id, category, grade, certificate_number_enc, certificate_number_hash, issued_on, valid_until, revoked_on, revoke_reason, region_code, sector)
         VALUES ($1, $2, 'PHYSICAL', 2, (SELECT certificate_number_enc FROM disability_certificates WHERE certificate_number_hash <> 'matrix' LIMIT 1), 'matrix', '2017-01-01', '2027-01-01', '2018-01-01', '矩阵', $3, $4) RETURNING id`,
        [head, h.id, region, sector ?? 'disabled_federation'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.SECTOR_OFFICER];
    const stale = (res: { body: unknown }) => JSON.stringify(res.body).includes('VERSION_MISMATCH');
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.disabilityCertificate', missingId: MISSING, sector: { access: 'read' }, target: newCertificate, run: (c, id) => t.gql(GET_ID, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.disabilityCertificate?.id }, READERS],
      [{ name: 'Mutation.updateDisabilityCertificate', missingId: MISSING, sector: { access: 'write' }, target: newCertificate, run: (c, id) => t.gql(UPDATE, { i: { id, version: 2, validUntil: '2030-01-01' } }, c.headers), reached: stale }, WRITERS],
      [{ name: 'Mutation.revokeDisabilityCertificate', missingId: MISSING, sector: { access: 'write' }, target: newCertificate, run: (c, id) => t.gql(REVOKE, { i: { id, version: 2, revokedOn: '2018-02-01', reason: '矩阵' } }, c.headers), reached: stale }, WRITERS],
      [
        {
          name: 'Mutation.revealPersonalData(DISABILITY_CERTIFICATE_NUMBER)', missingId: MISSING, sector: { access: 'read' }, target: newCertificate,
          run: (c, id) => t.gql(REVEAL, { id, r: '矩阵测试查看证号' }, c.headers),
          reached: (res) => typeof (res.body.data as Json | undefined)?.revealPersonalData?.value === 'string' && !(res.body as Json).errors,
        },
        [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER],
      ],
      [{ name: 'Mutation.deleteDisabilityCertificate', missingId: MISSING, sector: { access: 'write' }, target: newCertificate, run: (c, id) => t.gql(DELETE, { i: { id, version: 2, reason: '矩阵' } }, c.headers), reached: stale }, WRITERS],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
