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
import { columnTable, ColumnRole, fieldOf, ImportColumn } from '../../common/imports/columns';
import { CodeList } from '../registry-codes';
import * as R from '../registry-codes';

export {
  CellResult,
  CellValue,
  Cell,
  ColumnKind,
  ColumnRole,
  formatCell,
  formulaChecked,
  isUnguardedFormula,
  needsFormulaGuard,
  normalizeHeader,
  parseCell,
  Raw,
  unguardFormula,
} from '../../common/imports/columns';

/** A column of the registry's exchange format: a household's or a member's. */
export type ExchangeColumn = ImportColumn<'household' | 'member'>;

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
  H({ header: '是否不愁吃不愁穿', key: 'foodClothingSecure', kind: 'bool', aliases: ['是否吃穿不愁', '不愁吃不愁穿'] }),
  H({ header: '是否安全饮水', key: 'safeDrinkingWater', kind: 'bool' }),
  H({ header: '是否饮水困难', key: 'drinkingWaterDifficulty', kind: 'bool' }),
  H({ header: '是否通生活用电', key: 'hasElectricity', kind: 'bool' }),
  H({ header: '是否有自有住房', key: 'ownsHousing', kind: 'bool', aliases: ['是否有自有住房（安全住房）'] }),
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
  H({ header: '联系电话', key: 'contactPhone', kind: 'text', maxLength: 20, protected: true, formulaTextAllowed: true }),
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

/**
 * The registry's table: rows grouped by 户编号; NDJSON nests a household's members under
 * `members` (and `income: {…}`, a member's `insurance: {…}` as objects of their dotted keys).
 */
export const REGISTRY_TABLE = columnTable(COLUMNS, { unitKey: 'householdNumber', nesting: { unitScope: 'household', childScope: 'member', childrenKey: 'members' } });

/** Header text (or an alias, or the English key) → column; headers are compared trimmed, full-width brackets folded. */
export function columnForHeader(header: string): ExchangeColumn | undefined {
  return REGISTRY_TABLE.forHeader(header);
}

export const REQUIRED_COLUMNS: readonly ExchangeColumn[] = REGISTRY_TABLE.required;

/** The API field of a registry column as the problem report names it (`members.idNumber`, `income.wages`). */
export const registryFieldOf = (column: ExchangeColumn): string => fieldOf(column, REGISTRY_TABLE);
