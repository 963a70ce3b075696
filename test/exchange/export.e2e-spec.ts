import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { Role } from '../../src/common/access/permissions';
import { loadDemoRegistry } from '../../src/demo/registry-loader';
import { COLUMNS, parseCell } from '../../src/households/import/registry-columns';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

const EXPORT = '/exchange/households/export';
const HEADERS = COLUMNS.map((c) => c.header);
const col = (key: string) => COLUMNS.findIndex((c) => c.key === key);

type Row = string[];

/** A binary-safe GET: the body as a Buffer whatever the content type. */
async function download(t: TestApp, path: string, caller?: SignedIn) {
  const req = t.http.get(path).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  const res = await (caller ? req.set(caller.headers) : req);
  return { status: res.status, headers: res.headers as Record<string, string>, body: res.body as Buffer };
}

const json = (b: Buffer) => JSON.parse(b.toString('utf8')) as { errors: { message: string; extensions: Record<string, unknown> }[] };
const csvRows = (text: string): Row[] => parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false }) as Row[];

describe('exchange: streaming export of the registry (issue #5, Export)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let supervisor: SignedIn;
  let integration: SignedIn;
  let h1: CreatedHousehold; // 北峡窝村, ACTIVE, not exited, 2016, income 2017 + 2018
  let h2: CreatedHousehold; // 西林子村 (same town), ACTIVE, exited, 2015, three members
  let h3: CreatedHousehold; // a village of the sibling town
  let h1Ids: string[];
  let certificate: string; // 残疾证号 of h1's spouse

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    await loadRegions(t);
    [district, town, village, supervisor, integration] = await Promise.all([
      signIn(t, Role.DISTRICT_OFFICER, R.district),
      signIn(t, Role.TOWN_OFFICER, R.town),
      signIn(t, Role.VILLAGE_OFFICER, R.village),
      signIn(t, Role.SUPERVISOR, R.district),
      signIn(t, Role.INTEGRATION, R.district),
    ]);
    const spouse = member({ name: '李秀英', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-08-09', health: ['DISABLED'], disabilityType: 'VISUAL', disabilityGrade: 4 });
    certificate = `${spouse.idNumber as string}14`;
    const i1 = householdInput(R.village, {
      householdNumber: 'E0001',
      members: [member(), { ...spouse, disabilityCertificate: certificate }],
      otherCauses: ['LACK_OF_FUNDS', 'ILLNESS'],
      contactPhone: '13812345678',
      bankAccount: '6222021234567890123',
      bankName: '=1+1',
    });
    h1Ids = (i1.members as { idNumber: string }[]).map((m) => m.idNumber);
    h1 = await createHousehold(t, village, i1);
    h2 = await createHousehold(t, district, householdInput(R.villageSameTown, {
      householdNumber: 'E0002',
      members: [
        member({ name: '王五', birthDate: '1960-01-01' }),
        member({ name: '王小二', relation: 'SON', birthDate: '1990-05-05', educationLevel: 'JUNIOR_SECONDARY' }),
        member({ name: '赵氏', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1962-02-02' }),
      ],
    }));
    h3 = await createHousehold(t, district, householdInput(R.villageOfSiblingTown, { householdNumber: 'E0003', members: [member({ name: '孙一' })] }));
    await createHousehold(t, village, householdInput(R.village, { householdNumber: 'E0004' })); // h4: candidate in 北峡窝村
    await activate(t, h1.id, 'NOT_EXITED', 2016);
    await activate(t, h2.id, 'EXITED', 2015);
    await activate(t, h3.id, 'NOT_EXITED', 2016);
    // Members since 2016, so the household size at the end of 2017 and 2018 is 2 (per-capita income).
    await t.dataSource.query(`UPDATE members SET joined_on = '2016-01-01' WHERE household_id = $1`, [h1.id]);
    const income = `mutation($input: SetHouseholdIncomeInput!) { setHouseholdIncome(input: $input) { income { year } } }`;
    for (const [year, wages] of [[2017, '1000.00'], [2018, '6000.50']] as const) {
      const res = await t.gql(income, {
        input: { householdId: h1.id, year, wages, property: '300.00', transferLowIncome: '1500.00', transferEcological: '200.25', productionCosts: '800.00' },
      }, district.headers);
      expect(res.body.errors).toBeUndefined();
    }
    const ins = await t.gql(
      `mutation($input: SetMemberInsuranceInput!) { setMemberInsurance(input: $input) { insurance { year } } }`,
      { input: { memberId: h1.headMemberId, year: 2018, basicMedical: true, seriousIllness: true } },
      district.headers,
    );
    expect(ins.body.errors).toBeUndefined();
  });
  afterAll(() => t?.close());

  const exportCsv = async (query: string, caller: SignedIn = district) => {
    const res = await download(t, `${EXPORT}?${query}`, caller);
    expect(res.status).toBe(200);
    return { ...res, rows: csvRows(res.body.toString('utf8')) };
  };
  const numbers = (rows: Row[]) => [...new Set(rows.slice(1).map((r) => r[col('householdNumber')]))];

  describe('CSV', () => {
    it('is UTF-8 with a BOM, Chinese headers in COLUMNS order, one row per current member, household columns repeated', async () => {
      const { headers, body, rows } = await exportCsv('format=csv');
      expect(headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(headers['content-disposition']).toMatch(/^attachment; filename="households-410106000000-\d{8}\.csv"; filename\*=UTF-8''%E8%B4%AB/);
      expect(headers['cache-control']).toBe('no-store');
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(body.toString('utf8')).toContain('\r\n');
      expect(rows[0]).toEqual(HEADERS);
      expect(rows.every((r) => r.length === COLUMNS.length)).toBe(true);
      // ACTIVE households only (the candidate E0004 is not on the roll), in household-number order.
      expect(numbers(rows)).toEqual(['E0001', 'E0002', 'E0003']);
      const e1 = rows.filter((r) => r[col('householdNumber')] === 'E0001');
      const e2 = rows.filter((r) => r[col('householdNumber')] === 'E0002');
      expect(e1.map((r) => r[col('name')])).toEqual(['张大山', '李秀英']);
      // Head first, then by relation: spouse before son.
      expect(e2.map((r) => r[col('name')])).toEqual(['王五', '赵氏', '王小二']);
      for (const r of e1) {
        expect(r[col('regionCode')]).toBe(R.village);
        expect(r[col('villageName')]).toBe('北峡窝村');
        expect(r[col('headName')]).toBe('张大山');
        expect(r[col('memberCount')]).toBe('2');
        expect(r[col('attribute')]).toBe('一般贫困户');
        expect(r[col('status')]).toBe('未脱贫');
        expect(r[col('yearRegistered')]).toBe('2016');
      }
      expect(e1[0][col('otherCauses')].split('、').sort()).toEqual(['因病', '缺资金'].sort());
      expect(e1[0][col('sex')]).toBe('男');
      expect(e1[0][col('relation')]).toBe('户主');
      expect(e1[0][col('birthDate')]).toBe('1970-03-05');
      expect(e1[0][col('militaryFamily')]).toBe('否');
      // Columns this service does not keep are empty.
      expect(e1[0][col('irrigatedLandMu')]).toBe('');
    });

    it('masks ID, phone, bank account and disability certificate numbers by default', async () => {
      const { rows } = await exportCsv('regionCode=' + R.village);
      const [head, spouse] = rows.slice(1);
      expect(head[col('idNumber')]).toBe(`${h1Ids[0].slice(0, 6)}********${h1Ids[0].slice(14)}`);
      expect(spouse[col('idNumber')]).toBe(`${h1Ids[1].slice(0, 6)}********${h1Ids[1].slice(14)}`);
      expect(head[col('headIdNumber')]).toBe(head[col('idNumber')]);
      expect(spouse[col('headIdNumber')]).toBe(head[col('idNumber')]);
      expect(head[col('contactPhone')]).toBe('138****5678');
      expect(head[col('bankAccount')]).toBe('6222 **** **** 0123');
      expect(spouse[col('disabilityCertificate')]).toBe(`${'*'.repeat(16)}${certificate.slice(-4)}`);
      expect(head[col('disabilityCertificate')]).toBe('');
      expect(rows.flat().join(',')).not.toContain(certificate);
      const audit = await t.dataSource.query(
        `SELECT operation, entity_type, region_code, changes, reason FROM audit_log WHERE operation = 'households.export' ORDER BY seq DESC LIMIT 1`,
      );
      expect(audit[0]).toMatchObject({
        entity_type: 'HouseholdExport',
        region_code: R.village,
        changes: { format: 'csv', reveal: false, values: 'labels', encoding: 'utf-8', filters: { regionCode: R.village, validity: 'ACTIVE' } },
        reason: null,
      });
    });

    it('income: the latest year by default, components and the computed totals; incomeYear picks another year', async () => {
      const { rows } = await exportCsv('regionCode=' + R.village);
      const head = rows[1];
      expect(head[col('income.year')]).toBe('2018');
      expect(head[col('income.wages')]).toBe('6000.50');
      expect(head[col('income.transfer')]).toBe('1700.25');
      expect(head[col('income.annual')]).toBe('8000.75'); // 6000.50 + 300 + 1700.25
      expect(head[col('income.net')]).toBe('7200.75');
      expect(head[col('income.perCapitaNet')]).toBe('3600.38'); // ÷ 2 members at the end of 2018, half up
      expect(head[col('insurance.basicMedical')]).toBe('是');
      expect(head[col('insurance.pension')]).toBe('否');
      expect(rows[2][col('insurance.basicMedical')]).toBe(''); // the spouse has no insurance record

      const y2017 = (await exportCsv(`regionCode=${R.village}&incomeYear=2017`)).rows[1];
      expect(y2017[col('income.year')]).toBe('2017');
      expect(y2017[col('income.wages')]).toBe('1000.00');
      expect(y2017[col('insurance.basicMedical')]).toBe(''); // no 2017 insurance
      const none = (await exportCsv(`regionCode=${R.village}&incomeYear=2015`)).rows[1];
      expect(none[col('income.year')]).toBe('');
      expect(none[col('income.annual')]).toBe('');
    });

    it('prefixes cells a spreadsheet would run as formulas (CSV injection), quotes per RFC 4180', async () => {
      const { body } = await exportCsv('regionCode=' + R.village);
      const text = body.toString('utf8');
      expect(text).toContain(",'=1+1,");
      expect(text).not.toContain(',=1+1,');
      expect(csvRows(text)[1][col('bankName')]).toBe("'=1+1");
      // The list separator of codes is a comma, so a codes export quotes the cell.
      const codes = (await download(t, `${EXPORT}?values=codes&regionCode=${R.village}`, district)).body.toString('utf8');
      expect(codes).toMatch(/,"(09,01|01,09)",/);
    });

    it('values=codes writes the national codes', async () => {
      const { rows } = await exportCsv(`values=codes&regionCode=${R.village}`);
      const head = rows[1];
      expect(head[col('attribute')]).toBe('01');
      expect(head[col('primaryCause')]).toBe('07');
      expect(head[col('status')]).toBe('0');
      expect(head[col('relation')]).toBe('01');
      expect(head[col('sex')]).toBe('1');
      expect(head[col('militaryFamily')]).toBe('否');
    });

    it('encoding=gb18030 writes GB18030 without a BOM, decoding to the same text', async () => {
      const utf8 = (await download(t, `${EXPORT}?regionCode=${R.town}`, district)).body.toString('utf8').replace(/^\uFEFF/, '');
      const gb = await download(t, `${EXPORT}?regionCode=${R.town}&encoding=gb18030`, district);
      expect(gb.headers['content-type']).toBe('text/csv; charset=gb18030');
      expect([...gb.body.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
      expect(gb.body.toString('utf8')).not.toContain('户编号');
      expect(iconv.decode(gb.body, 'gb18030')).toBe(utf8);
    });
  });

  describe('filters and region scope', () => {
    it('a town officer gets their town only; a village officer their village', async () => {
      expect(numbers((await exportCsv('', town)).rows)).toEqual(['E0001', 'E0002']);
      expect(numbers((await exportCsv('', village)).rows)).toEqual(['E0001']);
    });

    it('a regionCode outside the caller scope answers as a missing region', async () => {
      for (const code of [R.siblingTown, R.district, '410106999999']) {
        const res = await download(t, `${EXPORT}?regionCode=${code}`, town);
        expect(res.status).toBe(404);
        expect(json(res.body).errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'REGION_NOT_FOUND', field: 'regionCode' });
      }
    });

    it('status, yearRegistered, validity and regionCode narrow the export', async () => {
      expect(numbers((await exportCsv('status=EXITED')).rows)).toEqual(['E0002']);
      expect(numbers((await exportCsv(`status=${encodeURIComponent('未脱贫')}`)).rows)).toEqual(['E0001', 'E0003']);
      expect(numbers((await exportCsv('yearRegistered=2015')).rows)).toEqual(['E0002']);
      expect(numbers((await exportCsv('validity=CANDIDATE')).rows)).toEqual(['E0004']);
      expect(numbers((await exportCsv('validity=ALL')).rows)).toEqual(['E0001', 'E0002', 'E0003', 'E0004']);
      expect(numbers((await exportCsv(`regionCode=${R.villageSameTown}`)).rows)).toEqual(['E0002']);
      expect(numbers((await exportCsv(`regionCode=${R.siblingTown}`)).rows)).toEqual(['E0003']);
    });
  });

  describe('personal data', () => {
    it('reveal=true needs a reason of at least 4 characters, not punctuation only (the rule of every reveal)', async () => {
      for (const q of ['reveal=true', 'reveal=true&reason=%20%20ab%20', 'reveal=true&reason=....', `reveal=true&reason=${encodeURIComponent('。。。。')}`]) {
        const res = await download(t, `${EXPORT}?${q}`, district);
        expect(res.status).toBe(400);
        expect(json(res.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      }
    });

    it('reveal=true needs personalData.unmask (an integration client has export but not unmask)', async () => {
      const res = await download(t, `${EXPORT}?reveal=true&reason=${encodeURIComponent('省平台比对')}`, integration);
      expect(res.status).toBe(403);
      expect(json(res.body).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'personalData.unmask' } });
      // Masked, it may export.
      expect((await download(t, EXPORT, integration)).status).toBe(200);
    });

    it('with the permission and a reason: full values, audited as an export and as personal-data access', async () => {
      const reason = '省扶贫办数据比对';
      const before = Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n);
      const { rows } = await exportCsv(`reveal=true&reason=${encodeURIComponent(reason)}&regionCode=${R.village}`, village);
      const [head, spouse] = rows.slice(1);
      expect(head[col('idNumber')]).toBe(h1Ids[0]);
      expect(spouse[col('idNumber')]).toBe(h1Ids[1]);
      expect(spouse[col('headIdNumber')]).toBe(h1Ids[0]);
      expect(head[col('contactPhone')]).toBe('13812345678');
      expect(head[col('bankAccount')]).toBe('6222021234567890123');
      expect(spouse[col('disabilityCertificate')]).toBe(certificate);
      const audit = await t.dataSource.query(`SELECT operation, entity_type, region_code, actor_name, changes, reason FROM audit_log ORDER BY seq`);
      const added = audit.slice(before);
      expect(added.map((a: { operation: string }) => a.operation)).toEqual(['households.export', 'personalData.unmask']);
      expect(added[0]).toMatchObject({ actor_name: village.username, region_code: R.village, changes: { reveal: true, format: 'csv' }, reason });
      expect(added[1]).toMatchObject({ entity_type: 'HouseholdExport', changes: { fields: ['headIdNumber', 'contactPhone', 'bankAccount', 'idNumber', 'disabilityCertificate'] }, reason });
    });
  });

  describe('NDJSON and XLSX', () => {
    it('NDJSON: one household per line, income and insurance nested, members in order, yes/no as booleans', async () => {
      const res = await download(t, `${EXPORT}?format=ndjson`, town);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      const lines = res.body.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      expect(lines.map((l) => l.householdNumber)).toEqual(['E0001', 'E0002']);
      const [e1, e2] = lines;
      expect(e1).toMatchObject({
        regionCode: R.village,
        villageName: '北峡窝村',
        headName: '张大山',
        memberCount: 2,
        attribute: '一般贫困户',
        yearRegistered: 2016,
        militaryFamily: false,
        contactPhone: '138****5678',
        irrigatedLandMu: null,
        income: { year: 2018, wages: '6000.50', transfer: '1700.25', annual: '8000.75', net: '7200.75', perCapitaNet: '3600.38' },
      });
      expect(Object.keys(e1)).not.toContain('income.year');
      expect(e1.members).toHaveLength(2);
      expect(e1.members[0]).toMatchObject({ name: '张大山', relation: '户主', sex: '男', insurance: { basicMedical: true, seriousIllness: true, pension: false } });
      expect(e1.members[1].disabilityCertificate).toBe(`${'*'.repeat(16)}${certificate.slice(-4)}`);
      expect(e1.members[1].insurance).toEqual({ basicMedical: null, seriousIllness: null, pension: null, supplementaryMedical: null, accidentSubsidy: null });
      expect(e2.members.map((m: { name: string }) => m.name)).toEqual(['王五', '赵氏', '王小二']);
      expect(e2.income).toMatchObject({ year: null, annual: null });
    });

    it('XLSX: read back with exceljs gives the same cells as the CSV, every cell as text', async () => {
      const csv = (await exportCsv(`format=csv`)).rows;
      const res = await download(t, `${EXPORT}?format=xlsx`, district);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0];
      const xlsx: Row[] = [];
      sheet.eachRow({ includeEmpty: true }, (row) => {
        const cells: string[] = [];
        for (let i = 1; i <= COLUMNS.length; i++) {
          const v = row.getCell(i).value;
          if (v !== null && v !== undefined) expect(typeof v).toBe('string');
          cells.push(v == null ? '' : String(v));
        }
        xlsx.push(cells);
      });
      // The CSV's formula guard is CSV-only: XLSX stores the text as a string, never as a formula.
      const unguard = (rows: Row[]) => rows.map((r) => r.map((c) => c.replace(/^'(?=[=+\-@])/, '')));
      expect(xlsx).toEqual(unguard(csv));
    });
  });

  describe('bad requests', () => {
    it('a bad format, region code or unknown parameter is a coded 400 naming the field', async () => {
      for (const [q, field] of [
        ['format=pdf', 'format'],
        ['regionCode=41010', 'regionCode'],
        ['status=NOPE', 'status'],
        ['incomeYear=1999', 'incomeYear'],
        ['encoding=latin1', 'encoding'],
        ['reveal=maybe', 'reveal'],
        ['foo=1', 'foo'],
      ]) {
        const res = await download(t, `${EXPORT}?${q}`, district);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(json(res.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
    });

    it('needs a signed-in caller with exchange.export', async () => {
      const anonymous = await download(t, EXPORT);
      expect(anonymous.status).toBe(401);
      const res = await download(t, EXPORT, supervisor);
      expect(res.status).toBe(403);
      expect(json(res.body).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
    });
  });

  describe('import template', () => {
    it('XLSX: the header row, a valid example row and the code table', async () => {
      const res = await download(t, '/exchange/households/template.xlsx', village);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E8%B4%AB%E5%9B%B0%E6%88%B7");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ArrayBuffer);
      const [data, codes] = wb.worksheets;
      expect(codes.name).toBe('代码表');
      const header = COLUMNS.map((_, i) => String(data.getRow(1).getCell(i + 1).value));
      expect(header).toEqual(HEADERS);
      expect(data.rowCount).toBe(2);
      const example = COLUMNS.map((c, i) => ({ c, v: data.getRow(2).getCell(i + 1).value as string | null }));
      for (const { c, v } of example) {
        if (c.required) expect(v).toBeTruthy();
        const parsed = parseCell(c, v);
        expect({ column: c.header, ok: parsed.ok }).toEqual({ column: c.header, ok: true });
      }
      const byKey = Object.fromEntries(example.map(({ c, v }) => [c.key, v]));
      expect(byKey.regionCode).toBe('410106100201');
      expect(byKey.idNumber).toMatch(/^410106\d{11}[\dX]$/);
      const codeRows: string[][] = [];
      codes.eachRow((row) => codeRows.push([1, 2, 3, 4].map((i) => String(row.getCell(i).value))));
      expect(codeRows[0]).toEqual(['列名', '代码', '名称', '英文名']);
      expect(codeRows).toContainEqual(['贫困户属性', '01', '一般贫困户', 'GENERAL_POOR']);
      expect(codeRows).toContainEqual(['与户主关系', '01', '户主', 'HEAD']);
      const codeColumns = new Set(codeRows.slice(1).map((r) => r[0]));
      expect([...codeColumns].sort()).toEqual(COLUMNS.filter((c) => c.kind === 'code' || c.kind === 'codes').map((c) => c.header).sort());
    });

    it('CSV: BOM, header and the example row; exchange.import required', async () => {
      const res = await download(t, '/exchange/households/template.csv', town);
      expect(res.status).toBe(200);
      expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = csvRows(res.body.toString('utf8'));
      expect(rows).toHaveLength(2);
      expect(rows[0]).toEqual(HEADERS);
      expect((await download(t, '/exchange/households/template.csv', supervisor)).status).toBe(403);
    });
  });

  describe('OpenAPI', () => {
    it('/api/openapi.json describes the export with its parameters, content types and security schemes', async () => {
      const res = await t.http.get('/api/openapi.json');
      expect(res.status).toBe(200);
      const doc = res.body as { openapi: string; paths: Record<string, any>; components: { securitySchemes: Record<string, any> } };
      expect(doc.openapi).toMatch(/^3\./);
      const op = doc.paths[EXPORT].get;
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
        ['encoding', 'format', 'incomeYear', 'reason', 'regionCode', 'reveal', 'status', 'validity', 'values', 'yearRegistered'].sort(),
      );
      expect(Object.keys(op.responses['200'].content)).toEqual(
        expect.arrayContaining(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/x-ndjson']),
      );
      expect(op.responses).toHaveProperty('400');
      expect(doc.paths['/exchange/households/template.xlsx']).toBeDefined();
      // The export of any kind: the query every kind takes (a kind's own parameters are in the operation's description).
      expect(doc.paths['/exchange/exports/{kind}'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['encoding', 'format', 'kind', 'of', 'regionCode']);
      expect(doc.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } });
      const ui = await t.http.get('/api/docs/');
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
    });
  });

  describe('volume', () => {
    it('pages through more households than one page, each exactly once', async () => {
      await loadDemoRegistry(t, { households: 1200, seed: 'export-test', scale: 'district' });
      const [{ households, members }] = await t.dataSource.query(
        `SELECT count(*)::int AS households, (SELECT count(*)::int FROM members m JOIN households h ON h.id = m.household_id WHERE h.validity = 'ACTIVE' AND m.active) AS members
           FROM households WHERE validity = 'ACTIVE'`,
      );
      expect(households).toBeGreaterThan(1000);
      const nd = await download(t, `${EXPORT}?format=ndjson`, district);
      const lines = nd.body.toString('utf8').trimEnd().split('\n');
      const numbersSeen = lines.map((l) => (JSON.parse(l) as { householdNumber: string }).householdNumber);
      expect(numbersSeen).toHaveLength(households);
      expect(new Set(numbersSeen).size).toBe(households);
      const csv = await exportCsv('');
      expect(csv.rows.length - 1).toBe(members);
    });
  });
});
