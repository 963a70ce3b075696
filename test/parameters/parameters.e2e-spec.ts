import { Role } from '../../src/common/access/permissions';
import { ParametersService } from '../../src/parameters/parameters.service';
import { APP_DECLARATIONS } from '../../src/app.modules';
import { MOVED_REASON, PovertyLinesIntoParameters1795927400000 } from '../../migrations/1795927400000-PovertyLinesIntoParameters';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

const VALUE = `key configured versionId type value unit effectiveFrom effectiveTo scopeCode source status note stated`;
const SET = `mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id key scopeCode value status effectiveFrom effectiveTo reason } } }`;

interface Value {
  key: string;
  configured: boolean;
  versionId: string | null;
  value: string | null;
  status: string;
  scopeCode: string | null;
  source: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

describe('policy parameters: dated, scoped, sourced values (issue #13)', () => {
  let t: TestApp;
  let admin: SignedIn;
  let provinceAdmin: SignedIn;
  let town: SignedIn;

  const value = async (key: string, asOf: string, regionCode: string, who = admin) => {
    const res = await t.gql<{ parameter: Value }>(`query($k: String!, $d: LocalDate, $r: String) { parameter(key: $k, asOf: $d, regionCode: $r) { ${VALUE} } }`, { k: key, d: asOf, r: regionCode }, who.headers);
    return res;
  };
  const set = (input: Record<string, unknown>, who = admin) =>
    t.gql<{ setParameter: { parameter: { id: string; value: string; scopeCode: string } } }>(SET, { input: { status: 'VERIFIED', reason: '测试', ...input } }, who.headers);
  const count = async () => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM policy_parameters`))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    provinceAdmin = await signIn(t, Role.DISTRICT_ADMIN, '410000000000');
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
  });
  afterAll(() => t?.close());

  it('is seeded with every row of RULES.md and every parameter a module declares at start, once (a second seeding inserts nothing)', async () => {
    expect(await count()).toBe(139 + APP_DECLARATIONS.parameters.length);
    expect(await t.get(ParametersService).seed()).toEqual({ parameters: 0, calendars: 0 });
    expect(await count()).toBe(139 + APP_DECLARATIONS.parameters.length);
  });

  it('a parameter a module declares beside RULES.md: seeded NOT_CONFIGURED with an honest source, then set, corrected and audited like any key; seeding again never overwrites it, nor doubles it when two instances seed at once', async () => {
    const key = 'employment.monthly_income_ceiling';
    expect(APP_DECLARATIONS.parameters.map((p) => p.key)).toContain(key);
    const seeded = (await value(key, '2018-05-01', R.village)).body.data!.parameter;
    expect(seeded).toMatchObject({ key, configured: false, value: null, status: 'NOT_CONFIGURED', scopeCode: '', effectiveFrom: '2014-01-01', effectiveTo: null, source: 'not in RULES.md; declared by the employment module' });
    const typed = await t.gql<{ parameter: { type: string; unit: string; note: string } }>(`{ parameter(key: "${key}", asOf: "2018-05-01", regionCode: "${R.village}") { type unit note } }`, {}, admin.headers);
    expect(typed.body.data!.parameter).toMatchObject({ type: 'AMOUNT', unit: '元/月', note: expect.stringContaining('MONTHLY_INCOME_ABOVE_CEILING') });
    // The wrong unit or type is refused as for a RULES.md key; a province administrator fills the national row by replacing it.
    expect((await set({ key, value: '20000', unit: '元/年', effectiveFrom: '2014-01-01', replacesId: seeded.versionId }, provinceAdmin)).body.errors?.[0].extensions).toMatchObject({ reason: 'WRONG_UNIT', field: 'input.unit' });
    const filled = await set({ key, value: '20000', effectiveFrom: '2014-01-01', replacesId: seeded.versionId, source: '省人社厅测试' }, provinceAdmin);
    expect(filled.body.errors).toBeUndefined();
    const afterFill = await count();
    // Seeding again (a restart), and two instances seeding at once: the district's value stays, nothing is re-inserted.
    const service = t.get(ParametersService);
    const [a, b] = await Promise.all([service.seed(), service.seed()]);
    expect(a.parameters + b.parameters).toBe(0);
    expect(await count()).toBe(afterFill);
    expect((await value(key, '2018-05-01', R.village)).body.data!.parameter).toMatchObject({ configured: true, value: '20000.00', source: '省人社厅测试' });
    // A fresh store (the declared row deleted outright) is seeded once by two instances at once.
    await t.dataSource.query(`DELETE FROM policy_parameters WHERE key = $1`, [key]);
    const [c, d] = await Promise.all([service.seed(), service.seed()]);
    expect(c.parameters + d.parameters).toBe(1);
    const history = await t.gql<{ parameterHistory: { status: string; source: string }[] }>(`{ parameterHistory(key: "${key}") { status source } }`, {}, town.headers);
    expect(history.body.data!.parameterHistory).toEqual([{ status: 'NOT_CONFIGURED', source: 'not in RULES.md; declared by the employment module' }]);
    const audit: { operation: string }[] = await t.dataSource.query(
      `SELECT operation FROM audit_log WHERE entity_type = 'PolicyParameter' AND entity_id = ANY($1) ORDER BY seq`, [[seeded.versionId, filled.body.data!.setParameter.parameter.id]],
    );
    expect(audit.map((r) => r.operation)).toEqual(['parameters.supersede', 'parameters.set']);
  });

  it('answers the value in force on a date for a region, with its source and status', async () => {
    const line = await value('registry.poverty_line_national', '2018-06-30', R.village);
    expect(line.body.errors).toBeUndefined();
    expect(line.body.data!.parameter).toMatchObject({ configured: true, value: '2995.00', status: 'UNVERIFIED', scopeCode: '', effectiveFrom: '2018-01-01', effectiveTo: '2018-12-31' });
    expect((await value('registry.poverty_line_national', '2016-03-01', R.village)).body.data!.parameter).toMatchObject({ value: '2952.00', status: 'VERIFIED', source: '《云南调查年鉴2017》' });
    // Henan's exit line covers Shangjie's villages.
    expect((await value('registry.exit_income_line', '2018-12-31', R.village)).body.data!.parameter).toMatchObject({ value: '3535.00', scopeCode: '410000000000' });
  });

  it('NOT_CONFIGURED is not zero: RULES.md `—`, or no version in force, answers configured=false with a null value', async () => {
    expect((await value('employment.pwp_monthly_pay', '2018-05-01', R.village)).body.data!.parameter).toMatchObject({ configured: false, value: null, status: 'NOT_CONFIGURED' });
    expect((await value('registry.poverty_line_national', '2030-01-01', R.village)).body.data!.parameter).toMatchObject({ configured: false, value: null, status: 'NOT_CONFIGURED', versionId: null });
    const unknown = await value('registry.no_such_key', '2018-05-01', R.village);
    expect(unknown.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_KEY', field: 'key' });
    const region = await value('registry.exit_notice_days', '2018-05-01', '410106999999');
    expect(region.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'REGION_NOT_FOUND', field: 'regionCode' });
  });

  it('a list RULES.md knows only in part ("…" last) accepts its listed codes, never "…", and says it is incomplete', async () => {
    const service = t.get(ParametersService);
    const key = 'supervision.finding_subitems';
    await expect(service.requireListedCode(key, '识别不精准', '2018-06-01', R.district, 'input.subitem')).resolves.toMatchObject({ key, configured: true });
    for (const code of ['…', '不在表中的事项']) {
      await expect(service.requireListedCode(key, code, '2018-06-01', R.district, 'input.subitem')).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'CODE_NOT_LISTED',
        details: { key, incomplete: true, listed: ['识别不精准', '退出不守标准程序', '资金项目监管不严', '村级数据一年只填报一次'] },
      });
    }
    // A complete list says nothing of the kind.
    const complete = await service.requireListedCode('funds.levels', '乡', '2018-06-01', R.district, 'input.level').catch((e: unknown) => e);
    expect(complete).toMatchObject({ reason: 'CODE_NOT_LISTED', details: { key: 'funds.levels' } });
    expect((complete as { details: Record<string, unknown> }).details.incomplete).toBeUndefined();
  });

  it('a value for a narrower region overrides the wider one in its subtree only', async () => {
    const res = await set({ key: 'registry.exit_income_line', regionCode: R.district, value: '3600', effectiveFrom: '2018-01-01', effectiveTo: '2018-12-31', source: '区扶贫办测试' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.setParameter.parameter).toMatchObject({ value: '3600.00', scopeCode: R.district });
    expect((await value('registry.exit_income_line', '2018-07-01', R.village)).body.data!.parameter).toMatchObject({ value: '3600.00', scopeCode: R.district, status: 'VERIFIED' });
    expect((await value('registry.exit_income_line', '2018-07-01', R.otherDistrict)).body.data!.parameter).toMatchObject({ value: '3535.00', scopeCode: '410000000000' });
  });

  it('refuses bad input with a coded error naming the field, and writes nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string, string, string][] = [
      [{ key: 'registry.unknown', value: '1', effectiveFrom: '2019-01-01', regionCode: R.district }, 'BAD_USER_INPUT', 'UNKNOWN_KEY', 'input.key'],
      [{ key: 'funds.reimbursement_rate_min', value: '1.5', effectiveFrom: '2019-01-01', regionCode: R.district }, 'BAD_USER_INPUT', 'RATIO_OUT_OF_RANGE', 'input.value'],
      [{ key: 'funds.reimbursement_rate_min', value: '0.95', type: 'AMOUNT', effectiveFrom: '2019-01-01', regionCode: R.district }, 'BAD_USER_INPUT', 'WRONG_TYPE', 'input.type'],
      [{ key: 'funds.reimbursement_rate_min', value: '0.95', unit: '元', effectiveFrom: '2019-01-01', regionCode: R.district }, 'BAD_USER_INPUT', 'WRONG_UNIT', 'input.unit'],
      [{ key: 'registry.exit_notice_days', value: 'seven', effectiveFrom: '2019-01-01', regionCode: R.district }, 'BAD_USER_INPUT', 'INVALID_VALUE', 'input.value'],
      [{ key: 'registry.exit_notice_days', value: '10', effectiveFrom: '2019-02-01', effectiveTo: '2019-01-01', regionCode: R.district }, 'BAD_USER_INPUT', 'PERIOD_REVERSED', 'input.effectiveTo'],
      [{ key: 'registry.exit_notice_days', value: '10', effectiveFrom: '2018-06-01', regionCode: R.district }, 'CONFLICT', 'PERIOD_OVERLAP', 'input.effectiveFrom'],
      [{ key: 'registry.poverty_line_national', value: '3100', effectiveFrom: '2019-01-01', effectiveTo: '2019-12-31' }, 'FORBIDDEN', 'SCOPE_NEEDS_PROVINCE_ROLE', 'input.regionCode'],
      [{ key: 'registry.exit_income_line', value: '3700', effectiveFrom: '2019-01-01', regionCode: '410000000000' }, 'FORBIDDEN', 'SCOPE_NEEDS_PROVINCE_ROLE', 'input.regionCode'],
      [{ key: 'registry.exit_notice_days', value: '10', effectiveFrom: '2019-01-01', regionCode: R.otherDistrict }, 'BAD_USER_INPUT', 'REGION_OUT_OF_SCOPE', 'input.regionCode'],
      [{ key: 'registry.exit_notice_days', value: '10', effectiveFrom: '2019-01-01', regionCode: '410106999000' }, 'NOT_FOUND', 'REGION_NOT_FOUND', 'input.regionCode'],
      [{ key: 'registry.exit_notice_days', value: '10', effectiveFrom: '2019-01-01', regionCode: R.district, reason: ' ' }, 'BAD_USER_INPUT', 'REASON_REQUIRED', 'input.reason'],
    ];
    for (const [input, code, reason, field] of cases) {
      const res = await set(input);
      expect([input, res.body.errors?.[0].extensions]).toEqual([input, expect.objectContaining({ code, reason, field })]);
    }
    const denied = await set({ key: 'registry.exit_notice_days', value: '10', effectiveFrom: '2019-01-01', regionCode: R.town }, town);
    expect(denied.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await count()).toBe(before);
  });

  it('a province-level administrator sets a national value; the new year answers it', async () => {
    const res = await set({ key: 'registry.poverty_line_national', value: '3218.00', effectiveFrom: '2019-01-01', effectiveTo: '2019-12-31', source: '国家统计局', status: 'UNVERIFIED' }, provinceAdmin);
    expect(res.body.errors).toBeUndefined();
    expect((await value('registry.poverty_line_national', '2019-03-01', R.village)).body.data!.parameter).toMatchObject({ value: '3218.00', status: 'UNVERIFIED', scopeCode: '' });
  });

  it('fills a NOT_CONFIGURED row by replacing it; retiring ends a version as a new one; the history keeps every version', async () => {
    const row = (await value('disability.amount.living', '2018-05-01', R.village, provinceAdmin)).body.data!.parameter;
    expect(row.configured).toBe(false);
    const overlap = await set({ key: 'disability.amount.living', regionCode: '410000000000', value: '70', effectiveFrom: '2018-01-01', effectiveTo: '2018-12-31' }, provinceAdmin);
    expect(overlap.body.errors?.[0].extensions).toMatchObject({ reason: 'PERIOD_OVERLAP' });
    const filled = await set({ key: 'disability.amount.living', regionCode: '410000000000', value: '70', effectiveFrom: '2018-01-01', effectiveTo: '2018-12-31', replacesId: row.versionId }, provinceAdmin);
    expect(filled.body.errors).toBeUndefined();
    expect((await value('disability.amount.living', '2018-05-01', R.village)).body.data!.parameter).toMatchObject({ configured: true, value: '70.00' });

    const days = (await value('project.notice_days.plan', '2018-05-01', R.village)).body.data!.parameter;
    const retire = await t.gql<{ retireParameter: { retired: { supersededAt: string }; replacement: { id: string; effectiveTo: string } } }>(
      `mutation($input: RetireParameterInput!) { retireParameter(input: $input) { retired { supersededAt supersededReason } replacement { id effectiveTo } } }`,
      { input: { id: days.versionId, effectiveTo: '2019-12-31', reason: '2020 年起按新文件' } },
      admin.headers,
    );
    expect(retire.body.errors).toBeUndefined();
    expect(retire.body.data!.retireParameter.replacement.effectiveTo).toBe('2019-12-31');
    expect((await value('project.notice_days.plan', '2019-05-01', R.village)).body.data!.parameter).toMatchObject({ value: '10', configured: true });
    expect((await value('project.notice_days.plan', '2020-05-01', R.village)).body.data!.parameter).toMatchObject({ configured: false, status: 'NOT_CONFIGURED' });
    const again = await t.gql(`mutation($input: RetireParameterInput!) { retireParameter(input: $input) { retired { id } } }`, { input: { id: days.versionId, reason: 'twice' } }, admin.headers);
    expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_NOT_CURRENT', field: 'input.id' });

    const history = await t.gql<{ parameterHistory: { effectiveTo: string | null; supersededAt: string | null; reason: string | null }[] }>(
      `{ parameterHistory(key: "project.notice_days.plan") { effectiveTo supersededAt reason } }`, {}, town.headers,
    );
    expect(history.body.data!.parameterHistory).toEqual([
      { effectiveTo: null, supersededAt: expect.any(String), reason: null },
      { effectiveTo: '2019-12-31', supersededAt: null, reason: '2020 年起按新文件' },
    ]);
    const audit: { operation: string; reason: string }[] = await t.dataSource.query(
      `SELECT operation, reason FROM audit_log WHERE entity_type = 'PolicyParameter' ORDER BY seq`,
    );
    expect(audit.map((a) => a.operation)).toEqual(expect.arrayContaining(['parameters.set', 'parameters.supersede', 'parameters.retire']));
    expect(audit.find((a) => a.operation === 'parameters.retire')?.reason).toBe('2020 年起按新文件');
  });

  it('two concurrent changes of the same key and scope with overlapping periods: exactly one wins, the other PERIOD_OVERLAP', async () => {
    const input = (v: string) => ({ key: 'funds.reimbursement_rate_min', regionCode: R.district, value: v, effectiveFrom: '2019-01-01', effectiveTo: '2019-12-31' });
    const results = await Promise.all([set(input('0.93')), set(input('0.94')), set(input('0.95'))]);
    const won = results.filter((r) => r.body.data?.setParameter);
    const lost = results.filter((r) => r.body.errors);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.body.errors?.[0].extensions?.reason)).toEqual(['PERIOD_OVERLAP', 'PERIOD_OVERLAP']);
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM policy_parameters WHERE key = 'funds.reimbursement_rate_min' AND effective_from = '2019-01-01'`);
    expect(rows[0].n).toBe(1);
  });

  it('lists the values in force by key prefix as a connection', async () => {
    const q = `query($after: String) { parameters(keyPrefix: "registry.", asOf: "2018-06-30", regionCode: "${R.village}", first: 5, after: $after) { totalCount edges { cursor node { key value status } } pageInfo { hasNextPage endCursor } } }`;
    const first = await t.gql<{ parameters: { totalCount: number; edges: { node: { key: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(q, {}, town.headers);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.parameters.totalCount).toBe(9);
    expect(first.body.data!.parameters.pageInfo.hasNextPage).toBe(true);
    const second = await t.gql<typeof first.body.data>(q, { after: first.body.data!.parameters.pageInfo.endCursor }, town.headers);
    const keys = [...first.body.data!.parameters.edges, ...second.body.data!.parameters.edges].map((e) => e.node.key);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(9);
  });

  it('counts working days by the calendar (调休 included), and answers not configured for a year without one', async () => {
    const q = `query($s: LocalDate!, $n: Int!) { workingDayDeadline(start: $s, days: $n, regionCode: "${R.village}") { configured date missingYear calendars { year status } } }`;
    // 28 Sep 2018 (Fri): 29 and 30 Sep are swapped working days, 1–7 Oct off, 8 Oct (Mon) works.
    const res = await t.gql<{ workingDayDeadline: unknown }>(q, { s: '2018-09-28', n: 3 }, town.headers);
    expect(res.body.data!.workingDayDeadline).toEqual({ configured: true, date: '2018-10-08', missingYear: null, calendars: [{ year: 2018, status: 'UNVERIFIED' }] });
    const missing = await t.gql<{ workingDayDeadline: unknown }>(q, { s: '2018-12-20', n: 15 }, town.headers);
    expect(missing.body.data!.workingDayDeadline).toMatchObject({ configured: false, date: null, missingYear: 2019 });

    const setCal = `mutation($input: SetWorkingCalendarInput!) { setWorkingCalendar(input: $input) { calendar { year version status } } }`;
    const bad = await t.gql(setCal, { input: { year: 2019, holidays: ['2019-01-01'], workdays: ['2019-02-04'], status: 'UNVERIFIED', reason: '国办发明电〔2018〕15号' } }, admin.headers);
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CALENDAR_DAY_INVALID', field: 'input.workdays.0' });
    const national = await t.gql(setCal, { input: { year: 2019, holidays: ['2019-01-01'], workdays: ['2019-02-02'], status: 'UNVERIFIED', reason: 'x' } }, admin.headers);
    expect(national.body.errors?.[0].extensions).toMatchObject({ reason: 'SCOPE_NEEDS_PROVINCE_ROLE' });
    const ok = await t.gql(setCal, { input: { year: 2019, holidays: ['2019-01-01', '2019-02-04', '2019-02-05'], workdays: ['2019-02-02'], status: 'UNVERIFIED', reason: '国办发明电〔2018〕15号' } }, provinceAdmin.headers);
    expect(ok.body.errors).toBeUndefined();
    const read = await t.gql<{ workingCalendar: { year: number; scopeCode: string; workdays: string[]; version: number } | null; none: unknown }>(
      `{ workingCalendar(year: 2019) { year scopeCode workdays version } none: workingCalendar(year: 2030) { year } }`, {}, town.headers,
    );
    expect(read.body.data).toEqual({ workingCalendar: { year: 2019, scopeCode: '', workdays: ['2019-02-02'], version: 1 }, none: null });
    const stale = await t.gql(setCal, { input: { year: 2019, holidays: ['2019-01-01'], workdays: [], status: 'UNVERIFIED', reason: 'x' } }, provinceAdmin.headers);
    expect(stale.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const now = await t.gql<{ workingDayDeadline: { configured: boolean; date: string } }>(q, { s: '2018-12-20', n: 15 }, town.headers);
    // 21, 24, 25, 26, 27, 28, 29 (Sat, worked) Dec; 2, 3, 4, 7, 8, 9, 10, 11 Jan.
    expect(now.body.data!.workingDayDeadline).toMatchObject({ configured: true, date: '2019-01-11' });
  });

  it('moves lines a district entered in the legacy poverty_lines table into the store (migration), leaving seeded and covered years alone', async () => {
    await t.dataSource.query(
      `INSERT INTO poverty_lines (year, national_line, provincial_exit_line, source, is_demo) VALUES (2020, '4000.00', '4100.00', '区扶贫办', false), (2018, '3000.00', NULL, 'old', false)`,
    );
    const migration = new PovertyLinesIntoParameters1795927400000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.up(runner);
      await migration.up(runner); // idempotent
    } finally {
      await runner.release();
    }
    const moved: { key: string; scope_code: string; value: string; effective_from: string; status: string; source: string }[] = await t.dataSource.query(
      `SELECT key, scope_code, value #>> '{}' AS value, effective_from::text, status, source FROM policy_parameters WHERE reason = $1 ORDER BY key`, [MOVED_REASON],
    );
    expect(moved).toEqual([
      { key: 'registry.exit_income_line', scope_code: '410000000000', value: '4100.00', effective_from: '2020-01-01', status: 'UNVERIFIED', source: '区扶贫办' },
      { key: 'registry.poverty_line_national', scope_code: '', value: '4000.00', effective_from: '2020-01-01', status: 'UNVERIFIED', source: '区扶贫办' },
    ]);
    expect((await value('registry.poverty_line_national', '2020-06-01', R.village)).body.data!.parameter).toMatchObject({ value: '4000.00', status: 'UNVERIFIED' });
    await t.dataSource.query(`DELETE FROM policy_parameters WHERE reason = $1`, [MOVED_REASON]);
  });

  it('exports every version as CSV for auditors', async () => {
    const res = await t.http.get('/parameters/export.csv').set(town.headers);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const text: string = res.text;
    expect(text.split('\r\n')[0]).toBe('\uFEFFid,key,scope_code,value_type,value,unit,effective_from,effective_to,source,status,note,stated,reason,created_at,superseded_at,superseded_reason');
    expect(text).toContain('"registry.poverty_line_national","","AMOUNT","2995.00","元/人/年","2018-01-01","2018-12-31"');
    expect(text.trim().split('\r\n').length - 1).toBe(await count());
    const anonymous = await t.http.get('/parameters/export.csv');
    expect(anonymous.status).toBe(401);
  });
});
