import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { importRoster, rosterErrors } from '../support/roster-import';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, citizenId, createHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const SET = `mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id } } }`;

/** The civil-affairs rosters (issue #18 part 2): their own file, since the import worker runs here (the subsidy tests count statements). */
describe('disability: social assistance (社会救助, issue #18 part 2)', () => {
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  let federation: SignedIn;
  let civil: SignedIn;
  let admin: SignedIn;
  const ids = { a: citizenId('1960-01-01', 'MALE'), d: citizenId('1955-04-04', 'FEMALE') };

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    federation = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.DISABLED_FEDERATION });
    civil = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.CIVIL_AFFAIRS });
    admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    await createHousehold(t, district, householdInput(R.village, {
      members: [
        member({ name: '甲', joinedOn: '2014-01-01', idNumber: ids.a, birthDate: '1960-01-01', lowIncomeSupport: true }),
        member({ name: '丁', joinedOn: '2014-01-01', relation: 'MOTHER', sex: 'FEMALE', idNumber: ids.d, birthDate: '1955-04-04' }),
      ],
    }));
  });
  afterAll(() => t?.close());

describe('social-assistance rosters from civil affairs (低保, 特困, 临时救助; import kind social-assistance)', () => {
  const HEADER = '救助类别,民政户编号,所在村代码,姓名,身份证号,月救助金额（元）,低保标准（元/人/年）,开始日期,结束日期';
  const ROSTER = `id category civilHouseholdNumber personName idNumber monthlyAmount dibaoStandard startsOn endsOn regionCode sector version`;
  const ENTRIES = `query($c: SocialAssistanceCategory, $r: String, $on: LocalDate, $id: String, $first: Int, $after: String) {
    socialAssistanceRosterEntries(category: $c, regionCode: $r, coveredOn: $on, idNumber: $id, first: $first, after: $after) { totalCount edges { node { ${ROSTER} } } pageInfo { endCursor hasNextPage } } }`;
  const REVEAL_ID = `mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: SOCIAL_ASSISTANCE_ID_NUMBER, id: $id, reason: $r }) { value } }`;
  const outsider = citizenId('1958-06-06', 'MALE');
  const tekun = citizenId('1940-07-07', 'FEMALE');
  type Cells = Partial<Record<'cat' | 'hh' | 'region' | 'name' | 'id' | 'amount' | 'standard' | 'start' | 'end', string>>;
  const row = (c: Cells) => [c.cat ?? '低保', c.hh ?? 'MZ001', c.region ?? R.village, c.name ?? '甲', c.id ?? ids.a, c.amount ?? '200.00', c.standard ?? '3700', c.start ?? '2018-01-01', c.end ?? ''].join(',');
  const entries = async (vars: Json, who = district) => dataOf(await t.gql(ENTRIES, { first: 50, ...vars }, who.headers)).socialAssistanceRosterEntries;
  const stored = async (): Promise<Json[]> =>
    t.dataSource.query(`SELECT category, civil_household_number AS hh, person_name AS name, monthly_amount::text AS amount, dibao_standard::text AS standard, starts_on::text AS start, ends_on::text AS "end", region_code AS region, sector, version FROM social_assistance_roster_entries ORDER BY person_name, category`);
  const badCheck = (id: string) => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;

  it('imports the roster: ID numbers encrypted with the registry\'s blind index; bad rows are coded problems and write nothing; a re-import is unchanged, a corrected row updates', async () => {
    const body = [
      HEADER,
      row({}),
      row({ hh: 'MZ002', name: '外户', id: outsider, amount: '154', standard: '3450', region: R.villageOfSiblingTown }),
      row({ hh: 'MZ002', name: '外户', id: outsider, amount: '154', standard: '3450', region: R.villageOfSiblingTown }),
      row({ hh: 'MZ003', name: '错号', id: badCheck(citizenId('1970-01-01', 'MALE')) }),
      row({ hh: 'MZ004', name: '外区', id: citizenId('1971-01-01', 'MALE'), region: R.otherDistrictTown }),
      row({ hh: 'MZ005', name: '低额', id: citizenId('1972-01-01', 'MALE'), amount: '153.99' }),
      row({ hh: 'MZ006', name: '低标', id: citizenId('1973-01-01', 'MALE'), standard: '3449.99' }),
      row({ cat: '特困', hh: 'MZ007', name: '丁', id: ids.d, amount: '500', standard: '' }),
      row({}),
      row({ hh: 'MZ008', name: '乡镇', id: citizenId('1974-01-01', 'MALE'), region: R.town }),
      row({ cat: '临时救助', hh: 'MZ009', name: '特困临', id: tekun, amount: '300', standard: '', start: '2018-03-01', end: '2018-02-01' }),
      row({ hh: 'MZ010', name: '无标准', id: citizenId('1975-01-01', 'MALE'), standard: '' }),
    ].join('\n');
    const first = await importRoster(t, civil, 'social-assistance', body);
    expect(first.counts).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 9 });
    expect(rosterErrors(first.problems)).toEqual([
      [4, '民政户编号', 'DUPLICATE_ROSTER_ROW'],
      [5, '身份证号', 'ID_NUMBER_INVALID'],
      [6, '所在村代码', 'REGION_OUTSIDE_FILE'],
      [7, '月救助金额（元）', 'AMOUNT_BELOW_MINIMUM'],
      [8, '低保标准（元/人/年）', 'DIBAO_STANDARD_BELOW_MINIMUM'],
      [10, '民政户编号', 'DUPLICATE_ROSTER_ROW'],
      [11, '所在村代码', 'REGION_NOT_VILLAGE'],
      [12, '结束日期', 'INVALID_PERIOD'],
      [13, '低保标准（元/人/年）', 'REQUIRED'],
    ]);
    expect(await stored()).toEqual([
      { category: 'TEKUN', hh: 'MZ007', name: '丁', amount: '500.00', standard: null, start: '2018-01-01', end: null, region: R.village, sector: 'civil_affairs', version: 1 },
      { category: 'DIBAO', hh: 'MZ002', name: '外户', amount: '154.00', standard: '3450.00', start: '2018-01-01', end: null, region: R.villageOfSiblingTown, sector: 'civil_affairs', version: 1 },
      { category: 'DIBAO', hh: 'MZ001', name: '甲', amount: '200.00', standard: '3700.00', start: '2018-01-01', end: null, region: R.village, sector: 'civil_affairs', version: 1 },
    ].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)));
    // Encrypted; the blind index is the registry's: the person on both lists joins by hash, never by plaintext.
    const raw: Json[] = await t.dataSource.query(`SELECT id_number_enc AS enc, id_number_hash AS hash FROM social_assistance_roster_entries`);
    for (const r of raw) for (const id of [ids.a, ids.d, outsider]) expect(r.enc).not.toContain(id);
    expect(await t.dataSource.query(`SELECT m.name FROM social_assistance_roster_entries e JOIN members m ON m.id_number_hash = e.id_number_hash AND m.active ORDER BY m.name`)).toEqual([{ name: '丁' }, { name: '甲' }]);
    const audits: Json[] = await t.dataSource.query(`SELECT operation, changes::text AS changes FROM audit_log WHERE entity_type = 'SocialAssistanceRosterEntry' ORDER BY seq`);
    expect(audits.map((a) => a.operation)).toEqual(Array(3).fill('disability.importAssistanceRoster'));
    for (const a of audits) for (const id of [ids.a, ids.d, outsider]) expect(a.changes).not.toContain(id);

    expect((await importRoster(t, civil, 'social-assistance', body)).counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 9 });
    const corrected = await importRoster(t, civil, 'social-assistance', [HEADER, row({ amount: '210', end: '2018-10-31' })].join('\n'));
    expect(corrected.counts).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect((await stored()).find((r) => r.name === '甲')).toMatchObject({ amount: '210.00', end: '2018-10-31', version: 2 });
  });

  it('only civil affairs imports (the federation\'s rows are out of its write scope; officers hold no disability.assistance); the floor is the parameter in force in the row\'s village on its start', async () => {
    const before = await stored();
    const federationRun = await importRoster(t, federation, 'social-assistance', [HEADER, row({ hh: 'MZ020', name: '联', id: citizenId('1976-01-01', 'MALE') })].join('\n'));
    expect(rosterErrors(federationRun.problems)).toEqual([[2, '所在村代码', 'ROSTER_OUT_OF_SCOPE']]);
    const res = await t.http.post('/exchange/imports').query({ kind: 'social-assistance' }).set(district.headers).attach('file', Buffer.from([HEADER, row({})].join('\n'), 'utf8'), 'roster.csv');
    expect(res.status).toBe(403);
    expect(await stored()).toEqual(before);

    // A district's own floor for 2018 (160) refuses 155 in 2018; in 2019 the Henan floor (154) applies again.
    const set = await t.gql(SET, { input: { key: 'disability.dibao_subsidy_min_rural', regionCode: R.district, value: '160.00', effectiveFrom: '2018-01-01', effectiveTo: '2018-12-31', status: 'UNVERIFIED', source: '区民政 (tests)', reason: '测试下限' } }, admin.headers);
    expect(set.body.errors).toBeUndefined();
    const open = await importRoster(t, civil, 'social-assistance', [HEADER, row({ hh: 'MZ021', name: '新年', id: citizenId('1977-01-01', 'MALE'), amount: '155', start: '2019-01-01' }), row({ hh: 'MZ022', name: '旧年', id: citizenId('1978-01-01', 'MALE'), amount: '155' })].join('\n'));
    expect(open.problems.map((p) => [p.severity, p.row_number, p.code])).toEqual([['ERROR', 3, 'AMOUNT_BELOW_MINIMUM']]);
    expect(open.counts).toMatchObject({ created: 1, rejected: 1 });
  });

  it('lists the entries in the caller\'s region (masked ID numbers; by ID number through its blind index; covering a day); reveals one with a reason', async () => {
    const all = await entries({});
    expect(all.totalCount).toBe(4);
    expect(all.edges.map((e: Json) => e.node.civilHouseholdNumber)).toEqual(['MZ001', 'MZ002', 'MZ007', 'MZ021']);
    const a = all.edges[0].node;
    expect(a.idNumber).not.toBe(ids.a);
    expect(a.idNumber.slice(0, 6)).toBe(ids.a.slice(0, 6));
    expect([(await entries({ id: ids.a })).totalCount, (await entries({ c: 'TEKUN' })).totalCount, (await entries({ on: '2018-11-15' })).totalCount, (await entries({ r: R.villageOfSiblingTown })).totalCount, (await entries({}, village)).totalCount]).toEqual([1, 1, 2, 1, 3]);
    const p1 = await entries({ first: 2 });
    const p2 = await entries({ first: 5, after: p1.pageInfo.endCursor });
    expect([...p1.edges, ...p2.edges].map((e: Json) => e.node.id)).toEqual(all.edges.map((e: Json) => e.node.id));
    expect(dataOf(await t.gql(REVEAL_ID, { id: a.id, r: '核对低保对象' }, district.headers)).revealPersonalData.value).toBe(ids.a);
    expect(await t.dataSource.query(`SELECT reason FROM audit_log WHERE entity_type = 'SocialAssistanceRosterEntry' AND operation = 'personalData.unmask'`)).toEqual([{ reason: '核对低保对象' }]);
  });
});

  it('dibaoStandardCheck: the local rural 低保 standard against the applied poverty line; not configured says so', async () => {
    const Q = `query($y: Int!, $r: String) { dibaoStandardCheck(year: $y, regionCode: $r) { year regionCode status standard line lineSource missing parametersUsed { key configured status } } }`;
    const check = async (vars: Json) => dataOf(await t.gql(Q, vars, district.headers)).dibaoStandardCheck;
    expect(await check({ y: 2018 })).toMatchObject({ year: 2018, regionCode: R.district, status: 'NOT_CONFIGURED', standard: null, line: null, lineSource: 'PROVINCIAL_EXIT_LINE', missing: ['assistance.dibao_rural_local'] });
    const set = await t.gql(SET, { input: { key: 'assistance.dibao_rural_local', regionCode: R.district, value: '3700.00', effectiveFrom: '2018-01-01', effectiveTo: '2018-12-31', status: 'UNVERIFIED', source: '区民政 (tests)', reason: '测试低保标准' } }, admin.headers);
    expect(set.body.errors).toBeUndefined();
    const above = await check({ y: 2018, r: R.village });
    expect(above).toMatchObject({ year: 2018, regionCode: R.village, status: 'ABOVE', standard: '3700.00', line: '3535.00', lineSource: 'PROVINCIAL_EXIT_LINE', missing: [] });
    expect(above.parametersUsed.map((p: Json) => p.key).sort()).toEqual(['assistance.dibao_rural_local', 'registry.exit_income_line', 'registry.poverty_line_national']);
    // 2019: the district's standard was entered for 2018 only.
    expect((await check({ y: 2019 })).status).toBe('NOT_CONFIGURED');
    expect(errorOf(await t.gql(Q, { y: 2018, r: R.otherDistrict }, village.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
  });

  describe('特困 eligibility (RULES.md §7): no labour, no income, no able supporter; the roster and the support', () => {
    const HEADER = '救助类别,民政户编号,所在村代码,姓名,身份证号,月救助金额（元）,低保标准（元/人/年）,开始日期,结束日期';
    const v = R.villageOfSiblingTown;
    const Q = `query($y: Int!, $r: String, $v: TekunVerdict, $first: Int, $after: String) {
      tekunEligibility(year: $y, regionCode: $r, verdict: $v, first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage }
        edges { node { member { name } year asOf verdict onTekunRoster criteria { criterion status detail parametersUsed { key configured status } }
          support { monthlyAmount status requiredAnnual requiredMonthly missing rosterEntryIds } } }
        parametersUsed { key configured status } } }`;
    const ask = async (vars: Json, who = district) => dataOf(await t.gql(Q, { y: 2018, r: v, first: 50, ...vars }, who.headers)).tekunEligibility;
    const byName = (conn: Json): Record<string, Json> => Object.fromEntries(conn.edges.map((e: Json) => [e.node.member.name, e.node]));
    const statusOf = (n: Json) => Object.fromEntries(n.criteria.map((c: Json) => [c.criterion, c.status]));
    const p = { gu: citizenId('1948-01-01', 'MALE'), gao: citizenId('1938-02-02', 'FEMALE') };

    beforeAll(async () => {
      const make = async (members: Json[], wages: string | null) => {
        const h = await createHousehold(t, district, householdInput(v, { members: members.map((m) => ({ joinedOn: '2014-01-01', ...m })) }));
        await activate(t, h.id, 'NOT_EXITED', 2016);
        if (wages !== null) await t.dataSource.query(`INSERT INTO household_incomes (household_id, region_code, year, wages) SELECT id, region_code, 2018, $2 FROM households WHERE id = $1`, [h.id, wages]);
      };
      await make([member({ name: '孤老', idNumber: p.gu, birthDate: '1948-01-01' })], '300.00');
      await make([
        member({ name: '残甲', birthDate: '1978-05-05', health: ['DISABLED'], disabilityType: 'MENTAL', disabilityGrade: 2 }),
        member({ name: '残乙', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1980-06-06', labourSkill: 'ORDINARY' }),
      ], '0');
      await make([member({ name: '壮年', birthDate: '1973-03-03', labourSkill: 'ORDINARY' })], '20000.00');
      await make([member({ name: '高龄', sex: 'FEMALE', idNumber: p.gao, birthDate: '1938-02-02' })], null);
      const roster = [HEADER, ['特困', 'MZ301', v, '孤老', p.gu, '400.84', '', '2018-01-01', ''].join(','), ['特困', 'MZ302', v, '高龄', p.gao, '300', '', '2018-01-01', ''].join(',')].join('\n');
      expect((await importRoster(t, civil, 'social-assistance', roster)).counts).toMatchObject({ created: 2, rejected: 0 });
    });

    it('answers every member with the three criteria and the parameters read; the income ceiling RULES.md does not give is NOT_CONFIGURED until entered', async () => {
      const before = await ask({});
      expect(before.totalCount).toBe(5);
      const b = byName(before);
      expect(Object.fromEntries(Object.entries(b).map(([name, n]) => [name, n.verdict]))).toEqual({ 孤老: 'NOT_CONFIGURED', 残甲: 'NOT_ELIGIBLE', 残乙: 'NOT_ELIGIBLE', 壮年: 'NOT_ELIGIBLE', 高龄: 'NOT_CONFIGURED' });
      expect(statusOf(b['孤老'])).toEqual({ NO_LABOUR: 'MET', NO_INCOME: 'NOT_CONFIGURED', NO_ABLE_SUPPORTER: 'MET' });
      expect(statusOf(b['残甲'])).toEqual({ NO_LABOUR: 'MET', NO_INCOME: 'NOT_CONFIGURED', NO_ABLE_SUPPORTER: 'NOT_MET' });
      expect(statusOf(b['残乙'])).toEqual({ NO_LABOUR: 'NOT_MET', NO_INCOME: 'NOT_CONFIGURED', NO_ABLE_SUPPORTER: 'MET' });
      expect(b['孤老'].criteria[0]).toMatchObject({ detail: expect.stringContaining('70 ≥ 60'), parametersUsed: [{ key: 'assistance.tekun_no_labour', configured: true, status: 'VERIFIED' }] });
      expect(b['孤老'].criteria[1].parametersUsed).toEqual([{ key: 'disability.tekun_no_income_max', configured: false, status: 'NOT_CONFIGURED' }]);
      expect(b['残甲'].criteria[0].detail).toContain('registry');
      expect(b['孤老']).toMatchObject({ asOf: '2018-12-31', year: 2018, onTekunRoster: true, support: { monthlyAmount: '400.84', status: 'SUFFICIENT', requiredAnnual: '4810.00', requiredMonthly: '400.84', missing: [] } });
      expect(b['壮年']).toMatchObject({ onTekunRoster: false, support: null });
      expect(before.parametersUsed.map((x: Json) => x.key).sort()).toEqual(['assistance.dibao_rural_local', 'assistance.tekun_no_labour', 'assistance.tekun_support_min', 'disability.tekun_no_income_max']);
      // 2019: the local 低保 standard was entered for 2018 only, so the support check names it.
      expect(byName(await ask({ y: 2019 }))['孤老'].support).toMatchObject({ status: 'NOT_CONFIGURED', requiredAnnual: null, missing: ['assistance.dibao_rural_local'] });

      const set = await t.gql(SET, { input: { key: 'disability.tekun_no_income_max', regionCode: R.district, value: '500.00', effectiveFrom: '2018-01-01', effectiveTo: '2018-12-31', status: 'UNVERIFIED', source: '区民政 (tests)', reason: '测试特困收入上限' } }, admin.headers);
      expect(set.body.errors).toBeUndefined();
      const a = byName(await ask({}));
      expect(a['孤老']).toMatchObject({ verdict: 'ELIGIBLE' });
      expect(statusOf(a['孤老'])).toEqual({ NO_LABOUR: 'MET', NO_INCOME: 'MET', NO_ABLE_SUPPORTER: 'MET' });
      expect(statusOf(a['壮年'])).toEqual({ NO_LABOUR: 'NOT_MET', NO_INCOME: 'NOT_MET', NO_ABLE_SUPPORTER: 'MET' });
      // No income recorded for the year: no verdict; the support below 1.3 × 3700 is said so all the same.
      expect(a['高龄']).toMatchObject({ verdict: 'NOT_CONFIGURED', support: { monthlyAmount: '300.00', status: 'BELOW', requiredAnnual: '4810.00' } });
      expect(statusOf(a['高龄']).NO_INCOME).toBe('NO_DATA');
    });

    it('filters by verdict in the database (the same verdicts, paged), in your region only; bad years are coded', async () => {
      const names = async (verdict: string) => (await ask({ v: verdict })).edges.map((e: Json) => e.node.member.name).sort();
      expect([await names('ELIGIBLE'), await names('NOT_CONFIGURED'), (await names('NOT_ELIGIBLE')).length]).toEqual([['孤老'], ['高龄'], 3]);
      const p1 = await ask({ v: 'NOT_ELIGIBLE', first: 2 });
      const p2 = await ask({ v: 'NOT_ELIGIBLE', first: 2, after: p1.pageInfo.endCursor });
      expect([p1.totalCount, p1.edges.length, p2.edges.length, p2.pageInfo.hasNextPage]).toEqual([3, 2, 1, false]);
      expect((await ask({ r: undefined }, village)).edges.map((e: Json) => e.node.member.name)).not.toContain('孤老');
      expect(errorOf(await t.gql(Q, { y: 2018, r: v }, village.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
      expect(errorOf(await t.gql(Q, { y: 2099 }, district.headers))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'year' });
    });
  });

  describe('the reconciliation of the 低保 roster with the registry (§18, by blind index)', () => {
    const HEADER = '救助类别,民政户编号,所在村代码,姓名,身份证号,月救助金额（元）,低保标准（元/人/年）,开始日期,结束日期';
    const RUN = `mutation($i: RunSocialAssistanceReconciliationInput!) { runSocialAssistanceReconciliation(input: $i) { asOf regionCode both found { DIBAO_ONLY REGISTRY_ONLY EXITED_ON_DIBAO ATTR_MISMATCH } opened reopened keptResolved gone } }`;
    const CASES = `query($k: SocialAssistanceCaseKind, $s: SocialAssistanceCaseStatus, $r: String, $g: Boolean, $first: Int, $after: String) {
      socialAssistanceCases(kind: $k, status: $s, regionCode: $r, includeGone: $g, first: $first, after: $after) { totalCount edges { node { id kind memberId householdId facts owner status resolution resolutionReason resolvedOn present version regionCode } } pageInfo { endCursor } } }`;
    const RESOLVE = `mutation($i: ResolveSocialAssistanceCaseInput!) { resolveSocialAssistanceCase(input: $i) { id status resolution resolutionReason resolvedOn version } }`;
    const v = R.villageSameTown;
    const p = { wang1: citizenId('1961-01-01', 'MALE'), wang2: citizenId('1962-02-02', 'FEMALE'), li: citizenId('1963-03-03', 'MALE'), zhao: citizenId('1964-04-04', 'MALE'), out: citizenId('1965-05-05', 'FEMALE') };
    const line = (name: string, id: string, hh: string, amount = '200') => ['低保', hh, v, name, id, amount, '3700', '2018-01-01', ''].join(',');
    const run = async (who = civil, asOf = '2018-06-30') => dataOf(await t.gql(RUN, { i: { regionCode: v, asOf } }, who.headers)).runSocialAssistanceReconciliation;
    const cases = async (vars: Json = {}) => dataOf(await t.gql(CASES, { r: v, first: 50, ...vars }, district.headers)).socialAssistanceCases;
    const byKind = async (vars: Json = {}) => Object.fromEntries((await cases(vars)).edges.map((e: Json) => [e.node.kind, e.node]));
    let hh: Record<string, { id: string; members: { id: string; name: string }[] }> = {};

    beforeAll(async () => {
      const make = async (name: string, attribute: string, status: string, members: Json[]) => {
        const h = await createHousehold(t, district, householdInput(v, { attribute, members }));
        await activate(t, h.id, status, 2016);
        if (status === 'EXITED') await t.dataSource.query(`UPDATE households SET exit_year = 2017 WHERE id = $1`, [h.id]);
        hh[name] = h;
      };
      hh = {};
      await make('wang', 'LOW_INCOME_POOR', 'NOT_EXITED', [
        member({ name: '王一', idNumber: p.wang1, birthDate: '1961-01-01', lowIncomeSupport: true }),
        member({ name: '王二', relation: 'SPOUSE', sex: 'FEMALE', idNumber: p.wang2, birthDate: '1962-02-02', lowIncomeSupport: true }),
      ]);
      await make('li', 'LOW_INCOME_POOR', 'NOT_EXITED', [member({ name: '李一', idNumber: p.li, birthDate: '1963-03-03' })]);
      await make('zhao', 'GENERAL_POOR', 'EXITED', [member({ name: '赵一', idNumber: p.zhao, birthDate: '1964-04-04' })]);
      const imported = await importRoster(t, civil, 'social-assistance', [HEADER, line('王一', p.wang1, 'MZ101'), line('赵一', p.zhao, 'MZ102'), line('外一', p.out, 'MZ103')].join('\n'));
      expect(imported.counts).toMatchObject({ created: 3, rejected: 0 });
    });

    it('a run counts both lists and opens one case per discrepancy, with its owner; only civil affairs runs it', async () => {
      expect(await run()).toEqual({ asOf: '2018-06-30', regionCode: v, both: 1, found: { DIBAO_ONLY: 1, REGISTRY_ONLY: 1, EXITED_ON_DIBAO: 1, ATTR_MISMATCH: 1 }, opened: 4, reopened: 0, keptResolved: 0, gone: 0 });
      const k = await byKind();
      const member = (h: string, name: string) => hh[h].members.find((x) => x.name === name)!.id;
      expect(k.DIBAO_ONLY).toMatchObject({ memberId: null, householdId: null, owner: 'REGISTRY', status: 'OPEN', present: true, regionCode: v });
      expect(k.REGISTRY_ONLY).toMatchObject({ memberId: member('wang', '王二'), householdId: hh.wang.id, owner: 'CIVIL_AFFAIRS' });
      expect(k.EXITED_ON_DIBAO).toMatchObject({ memberId: member('zhao', '赵一'), householdId: hh.zhao.id, owner: 'CIVIL_AFFAIRS' });
      expect(k.ATTR_MISMATCH).toMatchObject({ memberId: null, householdId: hh.li.id, owner: 'REGISTRY' });
      // The facts never carry an ID number.
      for (const c of Object.values(k) as Json[]) for (const id of Object.values(p)) expect(c.facts).not.toContain(id);
      expect(errorOf(await t.gql(RUN, { i: { regionCode: v, asOf: '2018-06-30' } }, federation.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
      expect(errorOf(await t.gql(RUN, { i: { regionCode: v, asOf: '2018-06-30' } }, district.headers))).toMatchObject({ code: 'FORBIDDEN' });
      expect(errorOf(await t.gql(RUN, { i: { regionCode: v, asOf: '2999-01-01' } }, civil.headers))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.asOf' });
    });

    it('resolutions (corrected, justified with a reason, referred) stay on a re-run unless the facts behind them changed; a case not found again is kept, not present', async () => {
      const k = await byKind();
      expect(errorOf(await t.gql(RESOLVE, { i: { id: k.DIBAO_ONLY.id, version: k.DIBAO_ONLY.version, resolution: 'JUSTIFIED' } }, civil.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.reason' });
      expect(errorOf(await t.gql(RESOLVE, { i: { id: k.DIBAO_ONLY.id, version: k.DIBAO_ONLY.version, resolution: 'CORRECTED', resolvedOn: '2999-01-01' } }, civil.headers))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.resolvedOn' });
      expect(errorOf(await t.gql(RESOLVE, { i: { id: k.DIBAO_ONLY.id, version: k.DIBAO_ONLY.version + 5, resolution: 'REFERRED' } }, civil.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
      const justified = dataOf(await t.gql(RESOLVE, { i: { id: k.DIBAO_ONLY.id, version: k.DIBAO_ONLY.version, resolution: 'JUSTIFIED', reason: '非本区户籍，不纳入建档立卡', resolvedOn: '2018-07-05' } }, civil.headers)).resolveSocialAssistanceCase;
      expect(justified).toEqual({ id: k.DIBAO_ONLY.id, status: 'RESOLVED', resolution: 'JUSTIFIED', resolutionReason: '非本区户籍，不纳入建档立卡', resolvedOn: '2018-07-05', version: k.DIBAO_ONLY.version + 1 });
      expect(errorOf(await t.gql(RESOLVE, { i: { id: k.DIBAO_ONLY.id, version: justified.version, resolution: 'REFERRED' } }, civil.headers))).toMatchObject({ code: 'CONFLICT', reason: 'SOCIAL_ASSISTANCE_CASE_RESOLVED' });
      await t.gql(RESOLVE, { i: { id: k.REGISTRY_ONLY.id, version: k.REGISTRY_ONLY.version, resolution: 'REFERRED', resolvedOn: '2018-07-05' } }, civil.headers);
      await t.gql(RESOLVE, { i: { id: k.EXITED_ON_DIBAO.id, version: k.EXITED_ON_DIBAO.version, resolution: 'CORRECTED', resolvedOn: '2018-07-05' } }, civil.headers);
      expect((await cases({ s: 'RESOLVED' })).totalCount).toBe(3);
      expect(await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'SocialAssistanceCase' ORDER BY seq`)).toEqual(Array(3).fill({ operation: 'disability.resolveAssistanceCase', reason: null }));

      // Nothing changed: the three stay resolved.
      expect(await run()).toMatchObject({ opened: 0, reopened: 0, keptResolved: 3, gone: 0 });
      expect((await cases({ s: 'RESOLVED' })).totalCount).toBe(3);
      // The outsider's roster entry changes (a new amount): its case reopens. 王二 comes onto the roster: REGISTRY_ONLY is gone, both lists now 2.
      const again = await importRoster(t, civil, 'social-assistance', [HEADER, line('外一', p.out, 'MZ103', '250'), line('王二', p.wang2, 'MZ101')].join('\n'));
      expect(again.counts).toMatchObject({ created: 1, updated: 1, rejected: 0 });
      expect(await run()).toEqual({ asOf: '2018-06-30', regionCode: v, both: 2, found: { DIBAO_ONLY: 1, REGISTRY_ONLY: 0, EXITED_ON_DIBAO: 1, ATTR_MISMATCH: 1 }, opened: 0, reopened: 1, keptResolved: 1, gone: 1 });
      const after = await byKind({ g: true });
      expect(after.DIBAO_ONLY).toMatchObject({ status: 'OPEN', resolution: null, resolvedOn: null, present: true });
      expect(after.EXITED_ON_DIBAO).toMatchObject({ status: 'RESOLVED', resolution: 'CORRECTED', resolvedOn: '2018-07-05' });
      expect(after.REGISTRY_ONLY).toMatchObject({ status: 'RESOLVED', present: false });
      expect((await cases({})).totalCount).toBe(3);
      expect((await cases({ k: 'ATTR_MISMATCH' })).totalCount).toBe(1);
    });
  });

  describe('region × role × sector matrix', () => {
    const MISSING = '00000000-0000-4000-8000-000000000000';
    const REVEAL = `mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: SOCIAL_ASSISTANCE_ID_NUMBER, id: $id, reason: $r }) { value } }`;
    let n = 0;
    const newEntry = async (region: string, sector?: Sector): Promise<string> => {
      n += 1;
      const [row] = await t.dataSource.query(
        `INSERT INTO social_assistance_roster_entries (category, civil_household_number, person_name, id_number_enc, id_number_hash, monthly_amount, starts_on, region_code, sector)
         SELECT 'TEMPORARY', 'MATRIX', '矩阵', id_number_enc, 'matrix-' || $3, 100, '2018-01-01', $1, $2 FROM social_assistance_roster_entries LIMIT 1 RETURNING id`,
        [region, sector ?? 'civil_affairs', String(n)],
      );
      return row.id as string;
    };
    const op: MatrixOperation = {
      name: 'Mutation.revealPersonalData(SOCIAL_ASSISTANCE_ID_NUMBER)', missingId: MISSING, sector: { access: 'read' }, target: newEntry,
      run: (c, id) => t.gql(REVEAL, { id, r: '矩阵测试查看身份证号' }, c.headers),
      reached: (res) => typeof (res.body.data as Json | undefined)?.revealPersonalData?.value === 'string' && !(res.body as Json).errors,
    };
    it(op.name, async () => {
      expect(await checkRegionMatrix(t, op, [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER])).toEqual([]);
    });
    const newCase = async (region: string): Promise<string> => {
      n += 1;
      const [row] = await t.dataSource.query(
        `INSERT INTO social_assistance_cases (kind, subject_key, facts, facts_digest, owner, region_code, sector, as_of) VALUES ('DIBAO_ONLY', 'matrix-case-' || $2, '{}', 'x', 'REGISTRY', $1, 'civil_affairs', '2018-06-30') RETURNING id`,
        [region, String(n)],
      );
      return row.id as string;
    };
    const resolve: MatrixOperation = {
      name: 'Mutation.resolveSocialAssistanceCase', missingId: MISSING, target: newCase, sectorOfficer: Sector.CIVIL_AFFAIRS,
      run: (c, id) => t.gql(`mutation($i: ResolveSocialAssistanceCaseInput!) { resolveSocialAssistanceCase(input: $i) { id } }`, { i: { id, version: 9, resolution: 'REFERRED' } }, c.headers),
      reached: (res) => JSON.stringify(res.body).includes('VERSION_MISMATCH'),
    };
    it(resolve.name, async () => {
      expect(await checkRegionMatrix(t, resolve, [Role.SECTOR_OFFICER])).toEqual([]);
    });
  });
});
