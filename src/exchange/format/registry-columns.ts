/**
 * The exchange format of the registry: one table of columns that the import reads and the export
 * writes, so a file the service exports imports back unchanged.
 *
 * CSV and XLSX: one row per member, the household's columns repeated on each of its rows, Chinese
 * headers as in the national registry's exports (an alias list accepts common variants).
 * NDJSON: one household per line, the same fields under their English keys, members nested in
 * `members`, income under `income`, a member's insurance under `insurance` (the keys below,
 * dotted paths being nested objects).
 *
 * Values: a code list accepts the national code, the Chinese label or the English name; a list
 * (其他致贫原因, 健康状况) separates items with 、 , ， ; or ；; yes/no accepts 是/否, 1/0,
 * true/false, Y/N; dates YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or an Excel date.
 *
 * Formulas: the CSV export writes a cell starting with = + - @ with a leading `'` (CSV injection);
 * the CSV and XLSX readers drop that one `'` again (unguardFormula), so the file re-imports
 * unchanged. A CSV cell of a text column that a spreadsheet would run as a formula, and a
 * formula cell in XLSX, are refused (FORMULA_NOT_ALLOWED); an XLSX text cell or an NDJSON
 * string starting with = is text.
 */
import { CodeList } from '../../households/registry-codes';
import * as R from '../../households/registry-codes';

export type ColumnKind = 'text' | 'code' | 'codes' | 'bool' | 'int' | 'decimal' | 'date';

/**
 * stored: the import writes it. info: written by the export for people (names, derived sums),
 * ignored by the import. unstored: a national column this service does not keep (the import
 * says so once per file when it is filled).
 */
export type ColumnRole = 'stored' | 'info' | 'unstored';

export interface ExchangeColumn {
  header: string;
  aliases?: readonly string[];
  /** The field: API name; `income.x` and `insurance.x` are nested in NDJSON. */
  key: string;
  scope: 'household' | 'member';
  kind: ColumnKind;
  role: ColumnRole;
  list?: CodeList<string>;
  /** A row without it is refused (and a file without the column). */
  required?: boolean;
  maxLength?: number;
  /** Digits before the point of a decimal column (numeric(p, 2): p − 2). */
  integerDigits?: number;
  min?: number;
  max?: number;
  /** Personal data: masked in exports unless revealed. */
  protected?: boolean;
  /**
   * Free text (names, bank names) kept as written, only trimmed: not folded to half-width
   * (NFKC would turn 中国农业银行（上街支行） into …(上街支行) and 张　三 into 张 三, so data
   * entered in the service would not re-import unchanged). Identifiers and codes are folded.
   */
  verbatim?: boolean;
}

type Spec = Omit<ExchangeColumn, 'scope' | 'role'> & { role?: ColumnRole };
const H = (s: Spec): ExchangeColumn => ({ role: 'stored', ...s, scope: 'household' });
const M = (s: Spec): ExchangeColumn => ({ role: 'stored', ...s, scope: 'member' });
const list = <K extends string>(l: CodeList<K>) => l as unknown as CodeList<string>;
const money = (header: string, key: string, aliases?: string[]) => H({ header, key, kind: 'decimal', integerDigits: 10, aliases });

export const COLUMNS: readonly ExchangeColumn[] = [
  H({ header: '户编号', key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
  H({ header: '行政区划代码', key: 'regionCode', kind: 'text', required: true, maxLength: 12, aliases: ['村级行政区划代码', '行政村代码'] }),
  H({ header: '行政村', key: 'villageName', kind: 'text', role: 'info', verbatim: true, aliases: ['村名称'] }),
  H({ header: '户主姓名', key: 'headName', kind: 'text', role: 'info', verbatim: true }),
  H({ header: '户主证件号码', key: 'headIdNumber', kind: 'text', role: 'info', protected: true, aliases: ['户主身份证号码'] }),
  H({ header: '家庭人口数', key: 'memberCount', kind: 'int', role: 'info', aliases: ['家庭人数'] }),
  H({ header: '识别标准', key: 'identificationStandard', kind: 'code', list: list(R.IdentificationStandard) }),
  H({ header: '贫困户属性', key: 'attribute', kind: 'code', list: list(R.HouseholdAttribute), required: true }),
  H({ header: '主要致贫原因', key: 'primaryCause', kind: 'code', list: list(R.PovertyCause), required: true }),
  H({ header: '其他致贫原因', key: 'otherCauses', kind: 'codes', list: list(R.PovertyCause) }),
  H({ header: '识别年度', key: 'yearRegistered', kind: 'int', min: 2013, max: 2100, aliases: ['识别时间'] }),
  H({ header: '脱贫状态', key: 'status', kind: 'code', list: list(R.PovertyStatus), aliases: ['脱贫标志'] }),
  H({ header: '脱贫年度', key: 'exitYear', kind: 'int', min: 2013, max: 2100 }),
  H({ header: '是否军烈属', key: 'militaryFamily', kind: 'bool' }),
  H({ header: '是否独生子女户', key: 'onlyChild', kind: 'bool' }),
  H({ header: '是否双女户', key: 'twoDaughters', kind: 'bool' }),
  H({ header: '是否安全饮水', key: 'safeDrinkingWater', kind: 'bool' }),
  H({ header: '是否饮水困难', key: 'drinkingWaterDifficulty', kind: 'bool' }),
  H({ header: '是否通生活用电', key: 'hasElectricity', kind: 'bool' }),
  H({ header: '是否危房', key: 'dilapidatedHousing', kind: 'bool', aliases: ['是否危房户'] }),
  H({ header: '危房等级', key: 'dilapidationGrade', kind: 'code', list: list(R.DilapidationGrade) }),
  H({ header: '住房面积（平方米）', key: 'housingArea', kind: 'decimal', integerDigits: 6, aliases: ['住房面积', '住房面积(平方米)'] }),
  H({ header: '是否有卫生厕所', key: 'sanitaryToilet', kind: 'bool' }),
  H({ header: '入户路类型', key: 'roadType', kind: 'code', list: list(R.RoadType) }),
  H({ header: '主要燃料类型', key: 'mainFuel', kind: 'code', list: list(R.Fuel) }),
  H({ header: '与村主干路距离（公里）', key: 'distanceToRoadKm', kind: 'decimal', integerDigits: 4, aliases: ['与村主干路距离(公里)'] }),
  H({ header: '是否加入农民专业合作社', key: 'cooperativeMember', kind: 'bool' }),
  H({ header: '耕地面积（亩）', key: 'cultivatedLandMu', kind: 'decimal', integerDigits: 8, aliases: ['耕地面积(亩)'] }),
  H({ header: '有效灌溉面积（亩）', key: 'irrigatedLandMu', kind: 'decimal', role: 'unstored' }),
  H({ header: '林地面积（亩）', key: 'forestLandMu', kind: 'decimal', integerDigits: 8, aliases: ['林地面积(亩)'] }),
  H({ header: '退耕还林面积（亩）', key: 'grainForGreenMu', kind: 'decimal', role: 'unstored' }),
  H({ header: '是否易地扶贫搬迁户', key: 'relocated', kind: 'bool' }),
  H({ header: '搬迁方式', key: 'relocationScope', kind: 'code', list: list(R.RelocationScope) }),
  H({ header: '安置方式', key: 'resettlementMode', kind: 'code', list: list(R.ResettlementMode) }),
  H({ header: '联系电话', key: 'contactPhone', kind: 'text', maxLength: 20, protected: true }),
  H({ header: '开户银行', key: 'bankName', kind: 'text', maxLength: 100, verbatim: true }),
  H({ header: '银行账号', key: 'bankAccount', kind: 'text', maxLength: 40, protected: true }),
  H({ header: '收入年度', key: 'income.year', kind: 'int', min: 2013, max: 2100 }),
  money('工资性收入（元）', 'income.wages'),
  money('生产经营性收入（元）', 'income.productionBusiness'),
  money('财产性收入（元）', 'income.property'),
  money('其中：资产收益扶贫分红收入（元）', 'income.assetIncomeDividend', ['资产收益扶贫分红收入（元）']),
  H({ header: '转移性收入（元）', key: 'income.transfer', kind: 'decimal', role: 'info' }),
  money('计划生育金（元）', 'income.transferFamilyPlanning'),
  money('低保金（元）', 'income.transferLowIncome'),
  money('特困供养金（元）', 'income.transferExtremePoverty', ['五保金（元）']),
  money('养老保险金（元）', 'income.transferPension'),
  money('生态补偿金（元）', 'income.transferEcological'),
  money('其他转移性收入（元）', 'income.transferOther'),
  money('生产经营性支出（元）', 'income.productionCosts'),
  H({ header: '年收入（元）', key: 'income.annual', kind: 'decimal', role: 'info' }),
  H({ header: '纯收入（元）', key: 'income.net', kind: 'decimal', role: 'info' }),
  H({ header: '人均纯收入（元）', key: 'income.perCapitaNet', kind: 'decimal', role: 'info' }),

  M({ header: '姓名', key: 'name', kind: 'text', required: true, maxLength: 50, verbatim: true, aliases: ['成员姓名'] }),
  M({ header: '性别', key: 'sex', kind: 'code', list: list(R.Sex) }),
  M({ header: '证件类型', key: 'idType', kind: 'code', list: list(R.IdType) }),
  M({ header: '证件号码', key: 'idNumber', kind: 'text', required: true, maxLength: 30, protected: true, aliases: ['身份证号码', '身份证号'] }),
  M({ header: '出生日期', key: 'birthDate', kind: 'date' }),
  M({ header: '与户主关系', key: 'relation', kind: 'code', list: list(R.Relation), required: true }),
  M({ header: '民族', key: 'ethnicity', kind: 'text', maxLength: 20, verbatim: true }),
  M({ header: '政治面貌', key: 'politicalStatus', kind: 'text', maxLength: 20, verbatim: true }),
  M({ header: '文化程度', key: 'educationLevel', kind: 'code', list: list(R.EducationLevel) }),
  M({ header: '在校生状况', key: 'schoolingStatus', kind: 'code', list: list(R.SchoolingStatus) }),
  M({ header: '健康状况', key: 'health', kind: 'codes', list: list(R.HealthCondition) }),
  M({ header: '残疾类别', key: 'disabilityType', kind: 'code', list: list(R.DisabilityType) }),
  M({ header: '残疾等级', key: 'disabilityGrade', kind: 'int', min: 1, max: 4 }),
  M({ header: '残疾证号', key: 'disabilityCertificate', kind: 'text', maxLength: 30, protected: true }),
  M({ header: '劳动技能', key: 'labourSkill', kind: 'code', list: list(R.LabourSkill) }),
  M({ header: '务工所在地', key: 'workPlace', kind: 'code', list: list(R.WorkPlace) }),
  M({ header: '务工时间（月）', key: 'monthsWorked', kind: 'int', min: 0, max: 12, aliases: ['务工时间(月)'] }),
  M({ header: '是否参加城乡居民基本医疗保险', key: 'insurance.basicMedical', kind: 'bool', aliases: ['是否参加新型农村合作医疗'] }),
  M({ header: '是否参加大病保险', key: 'insurance.seriousIllness', kind: 'bool' }),
  M({ header: '是否参加城乡居民基本养老保险', key: 'insurance.pension', kind: 'bool' }),
  M({ header: '是否参加商业补充医疗保险', key: 'insurance.supplementaryMedical', kind: 'bool' }),
  M({ header: '是否享受人身意外保险补贴', key: 'insurance.accidentSubsidy', kind: 'bool' }),
  M({ header: '是否享受低保', key: 'lowIncomeSupport', kind: 'bool' }),
  M({ header: '是否特困供养', key: 'extremePovertySupport', kind: 'bool', aliases: ['是否享受特困供养'] }),
];

export const COLUMN_BY_KEY: ReadonlyMap<string, ExchangeColumn> = new Map(COLUMNS.map((c) => [c.key, c]));

/** Header text (or an alias, or the English key) → column; headers are compared trimmed, full-width brackets folded. */
const BY_HEADER = new Map<string, ExchangeColumn>();
for (const c of COLUMNS) for (const h of [c.header, ...(c.aliases ?? []), c.key]) BY_HEADER.set(normalizeHeader(h), c);

export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').replace(/^\uFEFF/, '').replace(/\s+/g, '').trim();
}

export function columnForHeader(header: string): ExchangeColumn | undefined {
  return BY_HEADER.get(normalizeHeader(header));
}

export const REQUIRED_COLUMNS: readonly ExchangeColumn[] = COLUMNS.filter((c) => c.required);

// ------------------------------------------------------------------ parsing cells

export type Raw = string | number | boolean | Date | null | undefined;
export type CellValue = string | number | boolean | string[] | null;
export type CellResult = { ok: true; value: CellValue } | { ok: false; code: string; message: string };

const TRUE = new Set(['是', '1', 'true', 'y', 'yes', '有', '√']);
const FALSE = new Set(['否', '0', 'false', 'n', 'no', '无', '×']);
const LIST_SEPARATOR = /[、,，;；|]/;

/** Code-list lookup insensitive to full-width/half-width forms (NFKC): 乡（镇）内 = 乡(镇)内. */
const NORMALIZED = new WeakMap<CodeList<string>, Map<string, string>>();
function lookupCode(list: CodeList<string>, text: string): string | undefined {
  let map = NORMALIZED.get(list);
  if (!map) {
    map = new Map();
    for (const k of Object.keys(list.values)) for (const v of [k, list.code[k], list.label[k]]) map.set(v.normalize('NFKC'), k);
    NORMALIZED.set(list, map);
  }
  return map.get(text.normalize('NFKC'));
}

const ok = (value: CellValue): CellResult => ({ ok: true, value });
const bad = (code: string, message: string): CellResult => ({ ok: false, code, message });

/** Excel's day 0 is 1899-12-30 (with its 1900 leap-year bug folded in). */
function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  return new Date(Math.round((serial - 25569) * 86400 * 1000)).toISOString().slice(0, 10);
}

function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

// ------------------------------------------------------------------ formulas (CSV injection)

const APOSTROPHE = 0x27;
/** = + - @ and their full-width forms: a spreadsheet may take a cell starting with one as a formula. */
const FORMULA_TRIGGERS = new Set([0x3d, 0x2b, 0x2d, 0x40, 0xff1d, 0xff0b, 0xff0d, 0xff20]);

/**
 * Whether the CSV export writes `text` behind a `'` (CSV injection): it starts, after any
 * apostrophes and blanks, with = + - @ (or a full-width form), or with a tab or carriage return.
 * Text already starting with apostrophes before such a character is guarded too, so that
 * unguardFormula, dropping exactly one `'`, always gives the stored text back.
 */
export function needsFormulaGuard(text: string): boolean {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === APOSTROPHE) i++;
  if (i === text.length) return false;
  const c = text.charCodeAt(i);
  if (FORMULA_TRIGGERS.has(c) || c === 0x09 || c === 0x0d) return true;
  if (c > 0x20 && c < 0x7f) return false; // fast path: other printable ASCII
  const rest = text.slice(i).trimStart();
  return rest.length > 0 && rest.length < text.length - i && FORMULA_TRIGGERS.has(rest.charCodeAt(0));
}

/**
 * The export's formula guard undone: one leading `'` is dropped when what follows needsFormulaGuard
 * (the export's CSV-injection prefix, or Excel's "text, not formula" mark): `'=1+1` → `=1+1`,
 * `'+8613800000000` → `+8613800000000`, `''=x` → `'=x`; `'abc` and `'123` stay as written.
 */
export function unguardFormula(text: string): string {
  return text.length > 1 && text.charCodeAt(0) === APOSTROPHE && needsFormulaGuard(text.slice(1)) ? text.slice(1) : text;
}

/**
 * Text a spreadsheet would run as a formula, where the column is free text: a CSV reader refuses
 * it (FORMULA_NOT_ALLOWED) instead of storing a formula as data. = + @ after blanks and
 * full-width forms (NFKC); not '-' (a dash is a common placeholder), and not in 联系电话 (+86…).
 * A guarded cell (`'=…`, see unguardFormula) is text and never comes here.
 */
export function isUnguardedFormula(column: ExchangeColumn, text: string): boolean {
  if (!formulaChecked(column)) return false;
  const c = text.charCodeAt(0);
  if (c === 0x3d || c === 0x2b || c === 0x40) return true;
  // Fast paths (a reader calls this for every text cell): other printable ASCII, and CJK ideographs.
  if ((c > 0x20 && c < 0x80) || (c >= 0x3400 && c < 0xf900)) return false;
  const first = text.trimStart().codePointAt(0);
  return first !== undefined && /^[=+@]/.test(String.fromCodePoint(first).normalize('NFKC'));
}

/** Whether a column's cells are checked for formula text (free text, except 联系电话). */
export function formulaChecked(column: ExchangeColumn): boolean {
  return column.kind === 'text' && column.key !== 'contactPhone';
}

// ------------------------------------------------------------------ parsing cells, continued

/**
 * A cell as the column's value; blank is null (required-ness is checked by the caller). The
 * readers have already undone the CSV formula guard and refused formulas.
 */
/** A number as a spreadsheet displays it in scientific notation (3.40524E+17). */
const SCIENTIFIC = /^\d(\.\d+)?E\+\d{1,3}$/i;

export function parseCell(column: ExchangeColumn, raw: Raw): CellResult {
  if (raw === null || raw === undefined) return ok(null);
  if (raw instanceof Date) {
    if (column.kind !== 'date') raw = raw.toISOString().slice(0, 10);
    else return Number.isNaN(raw.getTime()) ? bad('DATE_FORMAT', '日期格式错误 (invalid date)') : ok(raw.toISOString().slice(0, 10));
  }
  if (typeof raw === 'number' && column.kind === 'text' && Math.abs(raw) >= 1e15) {
    // A spreadsheet keeps 15 significant digits: an ID, bank account or household number typed as a number has lost its last ones.
    return bad('NUMBER_PRECISION', `“${column.header}”是超过 15 位的数字，末几位已丢失；请将该列设为文本格式后重新填写 (a number of more than 15 digits has lost its last digits: format the column as text)`);
  }
  if (typeof raw === 'boolean') {
    return column.kind === 'bool' ? ok(raw) : bad('VALUE_TYPE', `“${column.header}”不是是/否字段 (not a yes/no column)`);
  }
  const text = typeof raw === 'number' ? String(raw) : column.verbatim ? raw.trim() : raw.normalize('NFKC').trim();
  if (text === '') return ok(null);
  switch (column.kind) {
    case 'text': {
      // Formulas are the readers' concern (a formula cell in XLSX, unguarded formula text in CSV): here text is text.
      if (SCIENTIFIC.test(text)) {
        // Excel shows a long number as 3.40524E+17 and saves a CSV as shown: the digits are gone.
        return bad(
          'NUMBER_PRECISION',
          `“${column.header}”的值“${text.slice(0, 20)}”是电子表格的科学计数法，数字已丢失；请将该列设为文本格式后重新填写 (a spreadsheet wrote the number in scientific notation and its digits are lost: format the column as text and type it again)`,
        );
      }
      if (column.maxLength && text.length > column.maxLength) return bad('TOO_LONG', `“${column.header}”超过 ${column.maxLength} 个字符 (longer than ${column.maxLength})`);
      return ok(text);
    }
    case 'code': {
      const v = lookupCode(column.list!, text);
      return v ? ok(v) : bad('UNKNOWN_CODE', `“${column.header}”的值“${text.slice(0, 40)}”不在代码表中 (not a code or label of the list)`);
    }
    case 'codes': {
      const items = text.split(LIST_SEPARATOR).map((s) => s.trim()).filter(Boolean);
      const values: string[] = [];
      for (const item of items) {
        const v = lookupCode(column.list!, item);
        if (!v) return bad('UNKNOWN_CODE', `“${column.header}”的值“${item.slice(0, 40)}”不在代码表中 (not a code or label of the list)`);
        values.push(v);
      }
      return ok(values);
    }
    case 'bool': {
      const t = text.toLowerCase();
      if (TRUE.has(t)) return ok(true);
      if (FALSE.has(t)) return ok(false);
      return bad('BOOLEAN_FORMAT', `“${column.header}”应填“是”或“否” (yes or no)`);
    }
    case 'int': {
      if (!/^-?\d+$/.test(text)) return bad('INTEGER_FORMAT', `“${column.header}”应为整数 (an integer)`);
      const n = Number(text);
      if ((column.min !== undefined && n < column.min) || (column.max !== undefined && n > column.max)) {
        return bad('OUT_OF_RANGE', `“${column.header}”应在 ${column.min}–${column.max} 之间 (out of range)`);
      }
      return ok(n);
    }
    case 'decimal': {
      const t = text.replace(/,/g, '');
      if (!/^\d+(\.\d+)?$/.test(t)) return bad('DECIMAL_FORMAT', `“${column.header}”应为非负数 (a non-negative number)`);
      const [int, frac = ''] = t.split('.');
      if (frac.replace(/0+$/, '').length > 2) return bad('DECIMAL_FORMAT', `“${column.header}”最多两位小数 (at most 2 decimals)`);
      const integer = int.replace(/^0+(?=\d)/, '');
      if (column.integerDigits !== undefined && integer.length > column.integerDigits) return bad('OUT_OF_RANGE', `“${column.header}”数值过大 (too large)`);
      return ok(`${integer}.${(frac + '00').slice(0, 2)}`);
    }
    case 'date': {
      if (typeof raw === 'number' || /^\d{5}(\.\d+)?$/.test(text)) {
        const d = excelSerialToDate(Number(text));
        return d ? ok(d) : bad('DATE_FORMAT', `“${column.header}”日期格式错误 (invalid date)`);
      }
      const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text);
      if (!m) return bad('DATE_FORMAT', `“${column.header}”日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)`);
      const d = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
      return isRealDate(d) ? ok(d) : bad('DATE_FORMAT', `“${column.header}”不是有效日期 (not a real date)`);
    }
  }
}

// ------------------------------------------------------------------ formatting cells (export)

export type Cell = string | number | boolean | null;

/** A stored value as the export writes it: labels (or codes), 是/否, decimals as strings. */
export function formatCell(column: ExchangeColumn, value: unknown, values: 'labels' | 'codes' = 'labels'): string {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'bool':
      return value ? '是' : '否';
    case 'code': {
      const k = value as string;
      return values === 'codes' ? (column.list!.code[k] ?? k) : (column.list!.label[k] ?? k);
    }
    case 'codes': {
      const ks = value as string[];
      return values === 'codes' ? ks.map((k) => column.list!.code[k] ?? k).join(',') : ks.map((k) => column.list!.label[k] ?? k).join('、');
    }
    default:
      return String(value);
  }
}
