/**
 * Writing generated households the way they are exchanged, in the exchange format the import
 * reads (src/households/import/registry-columns.ts): NDJSON (one household a line, English keys,
 * `income: {…}`, members nested with `insurance: {…}`) or CSV as provincial exchange spreadsheets
 * have it: Chinese column headers, one row per member, the household's columns repeated on each
 * of its rows. One table of columns below serves both: header, exchange key, value.
 */
import type { GeneratedHousehold, GeneratedMember } from './generator';
import {
  DISABILITY_TYPE,
  EDUCATION,
  HEALTH,
  HOUSEHOLD_ATTRIBUTE,
  ID_TYPE,
  IDENTIFICATION_STANDARD,
  POVERTY_CAUSE,
  POVERTY_STATUS,
  RELATION,
  SCHOOLING,
  SEX,
} from './registry-codes';

export type CsvValues = 'labels' | 'codes';

type Cell = string | number | boolean | null;
/** header: as in national exports; key: the exchange format's English key (dotted = nested in NDJSON). */
type HouseholdColumn = readonly [header: string, key: string, value: (h: GeneratedHousehold, v: CsvValues) => Cell];
type MemberColumn = readonly [header: string, key: string, value: (m: GeneratedMember, v: CsvValues) => Cell];

function coded<T extends Record<string, string>>(table: T) {
  return (code: keyof T | null, v: CsvValues): string => (code === null ? '' : v === 'codes' ? String(code) : table[code]!);
}
const codedList =
  <T extends Record<string, string>>(table: T) =>
  (codes: readonly (keyof T)[], v: CsvValues): string =>
    v === 'codes' ? codes.join(',') : codes.map((c) => table[c]).join('、');

const standard = coded(IDENTIFICATION_STANDARD);
const attribute = coded(HOUSEHOLD_ATTRIBUTE);
const cause = coded(POVERTY_CAUSE);
const causes = codedList(POVERTY_CAUSE);
const status = coded(POVERTY_STATUS);
const sex = coded(SEX);
const idType = coded(ID_TYPE);
const relation = coded(RELATION);
const education = coded(EDUCATION);
const schooling = coded(SCHOOLING);
const health = codedList(HEALTH);
const disability = coded(DISABILITY_TYPE);

const head = (h: GeneratedHousehold) => h.members[0]!;

/** Household columns (repeated on each member's row), headers as in national registry exports. */
export const HOUSEHOLD_COLUMNS: readonly HouseholdColumn[] = [
  ['户编号', 'householdNumber', (h) => h.householdNumber],
  ['行政区划代码', 'regionCode', (h) => h.villageCode],
  ['行政村', 'villageName', (h) => h.villageName],
  ['户主姓名', 'headName', (h) => head(h).name],
  ['户主证件号码', 'headIdNumber', (h) => head(h).idNumber],
  ['家庭人口数', 'memberCount', (h) => h.members.length],
  ['识别标准', 'identificationStandard', (h, v) => standard(h.identificationStandard, v)],
  ['贫困户属性', 'attribute', (h, v) => attribute(h.attribute, v)],
  ['主要致贫原因', 'primaryCause', (h, v) => cause(h.primaryCause, v)],
  ['其他致贫原因', 'otherCauses', (h, v) => causes(h.otherCauses, v)],
  ['识别年度', 'yearRegistered', (h) => h.yearRegistered],
  ['脱贫状态', 'status', (h, v) => status(h.status, v)],
  ['脱贫年度', 'exitYear', (h) => h.exitYear],
  ['是否军烈属', 'militaryFamily', (h) => h.militaryMartyrFamily],
  ['是否独生子女户', 'onlyChild', (h) => h.onlyChildFamily],
  ['是否双女户', 'twoDaughters', (h) => h.twoDaughterFamily],
  ['是否不愁吃不愁穿', 'foodClothingSecure', (h) => h.living.foodClothingSecure],
  ['是否安全饮水', 'safeDrinkingWater', (h) => h.living.safeDrinkingWater],
  ['是否饮水困难', 'drinkingWaterDifficulty', (h) => h.living.drinkingWaterDifficulty],
  ['是否通生活用电', 'hasElectricity', (h) => h.living.electricity],
  ['是否有自有住房', 'ownsHousing', (h) => h.living.ownsHousing],
  ['危房等级', 'dilapidationGrade', (h) => h.living.dilapidatedHouse],
  ['住房面积（平方米）', 'housingArea', (h) => h.living.housingArea],
  ['是否有卫生厕所', 'sanitaryToilet', (h) => h.living.sanitaryToilet],
  ['入户路类型', 'roadType', (h) => h.living.roadType],
  ['主要燃料类型', 'mainFuel', (h) => h.living.mainFuel],
  ['与村主干路距离（公里）', 'distanceToRoadKm', (h) => h.living.distanceToMainRoadKm],
  ['是否加入农民专业合作社', 'cooperativeMember', (h) => h.living.cooperativeMember],
  ['耕地面积（亩）', 'cultivatedLandMu', (h) => h.land.cultivated],
  ['有效灌溉面积（亩）', 'irrigatedLandMu', (h) => h.land.irrigated],
  ['林地面积（亩）', 'forestLandMu', (h) => h.land.forest],
  ['退耕还林面积（亩）', 'grainForGreenMu', (h) => h.land.grainForGreen],
  ['是否易地扶贫搬迁户', 'relocated', (h) => h.relocation !== null],
  ['搬迁方式', 'relocationScope', (h) => h.relocation?.scope ?? null],
  ['安置方式', 'resettlementMode', (h) => h.relocation?.resettlement ?? null],
  ['收入年度', 'income.year', (h) => h.income.year],
  ['工资性收入（元）', 'income.wages', (h) => h.income.wage],
  ['生产经营性收入（元）', 'income.productionBusiness', (h) => h.income.business],
  ['财产性收入（元）', 'income.property', (h) => h.income.property],
  ['其中：资产收益扶贫分红收入（元）', 'income.assetIncomeDividend', (h) => h.income.assetDividend],
  ['转移性收入（元）', 'income.transfer', (h) => h.income.transfer],
  ['计划生育金（元）', 'income.transferFamilyPlanning', (h) => h.income.familyPlanning],
  ['低保金（元）', 'income.transferLowIncome', (h) => h.income.dibao],
  ['特困供养金（元）', 'income.transferExtremePoverty', (h) => h.income.tekun],
  ['养老保险金（元）', 'income.transferPension', (h) => h.income.pension],
  ['生态补偿金（元）', 'income.transferEcological', (h) => h.income.ecological],
  ['其他转移性收入（元）', 'income.transferOther', (h) => h.income.otherTransfer],
  ['生产经营性支出（元）', 'income.productionCosts', (h) => h.income.businessExpense],
  ['年收入（元）', 'income.annual', (h) => h.income.annual],
  ['纯收入（元）', 'income.net', (h) => h.income.net],
  ['人均纯收入（元）', 'income.perCapitaNet', (h) => h.income.perCapitaNet.toFixed(2)],
];

/** Member columns, after the household's. */
export const MEMBER_COLUMNS: readonly MemberColumn[] = [
  ['姓名', 'name', (m) => m.name],
  ['性别', 'sex', (m, v) => sex(m.sex, v)],
  ['证件类型', 'idType', (m, v) => idType(m.idType, v)],
  ['证件号码', 'idNumber', (m) => m.idNumber],
  ['出生日期', 'birthDate', (m) => m.birthDate],
  ['与户主关系', 'relation', (m, v) => relation(m.relation, v)],
  ['民族', 'ethnicity', (m) => m.ethnicity],
  ['政治面貌', 'politicalStatus', (m) => m.politicalStatus],
  ['文化程度', 'educationLevel', (m, v) => education(m.education, v)],
  ['在校生状况', 'schoolingStatus', (m, v) => schooling(m.schooling, v)],
  ['健康状况', 'health', (m, v) => health(m.health, v)],
  ['残疾类别', 'disabilityType', (m, v) => disability(m.disabilityType, v)],
  ['残疾等级', 'disabilityGrade', (m) => m.disabilityGrade],
  ['劳动技能', 'labourSkill', (m) => m.labourSkill],
  ['务工所在地', 'workPlace', (m) => m.workPlace],
  ['务工时间（月）', 'monthsWorked', (m) => m.monthsWorked],
  ['是否参加城乡居民基本医疗保险', 'insurance.basicMedical', (m) => m.insurance.basicMedical],
  ['是否参加大病保险', 'insurance.seriousIllness', (m) => m.insurance.criticalIllness],
  ['是否参加城乡居民基本养老保险', 'insurance.pension', (m) => m.insurance.basicPension],
  ['是否参加商业补充医疗保险', 'insurance.supplementaryMedical', (m) => m.insurance.supplementaryMedical],
  ['是否享受人身意外保险补贴', 'insurance.accidentSubsidy', (m) => m.insurance.accidentSubsidy],
  ['是否享受低保', 'lowIncomeSupport', (m) => m.dibao],
  ['是否特困供养', 'extremePovertySupport', (m) => m.tekun],
];

/**
 * One household a line in the exchange NDJSON format, as the export writes it and the import
 * reads it: the columns' English keys, `income.*` nested under `income`, members under `members`
 * with `insurance.*` under `insurance`; code columns as national codes (default) or labels,
 * yes/no as booleans, numbers as numbers, lists joined with `,` (codes) or `、` (labels), empty as null.
 */
export function toNdjsonLine(h: GeneratedHousehold, values: CsvValues = 'codes'): string {
  const out: Record<string, unknown> = {};
  for (const [, key, value] of HOUSEHOLD_COLUMNS) {
    // The CSV leaves 是否危房 to be implied by 危房等级; in NDJSON every key counts (a missing one is blank), so it is written.
    if (key === 'dilapidationGrade') out.dilapidatedHousing = h.living.dilapidatedHouse !== null;
    setPath(out, key, jsonCell(value(h, values)));
  }
  out.members = h.members.map((m) => {
    const o: Record<string, unknown> = {};
    for (const [, key, value] of MEMBER_COLUMNS) setPath(o, key, jsonCell(value(m, values)));
    return o;
  });
  return `${JSON.stringify(out)}\n`;
}

const jsonCell = (value: Cell): Cell => (value === '' ? null : value);

/**
 * The household's rows as the import reads its NDJSON line (one per member, the household's
 * values repeated; dotted keys as the reader flattens `income: {…}` and `insurance: {…}`; codes as
 * values; blank as null): what the demo hands the registry's import port in-process. `extra`
 * adds member columns the exchange files of the generator leave out (e.g. 残疾证号).
 */
export function toExchangeRows(h: GeneratedHousehold, extra?: (m: GeneratedMember) => Record<string, Cell>): Map<string, Cell>[] {
  const household = new Map<string, Cell>();
  for (const [, key, value] of HOUSEHOLD_COLUMNS) {
    if (key === 'dilapidationGrade') household.set('dilapidatedHousing', h.living.dilapidatedHouse !== null);
    household.set(key, jsonCell(value(h, 'codes')));
  }
  return h.members.map((m) => {
    const row = new Map(household);
    for (const [, key, value] of MEMBER_COLUMNS) row.set(key, jsonCell(value(m, 'codes')));
    for (const [key, value] of Object.entries(extra?.(m) ?? {})) row.set(key, jsonCell(value));
    return row;
  });
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const dot = key.indexOf('.');
  if (dot < 0) target[key] = value;
  else setPath((target[key.slice(0, dot)] ??= {}) as Record<string, unknown>, key.slice(dot + 1), value);
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeaderLine(): string {
  return `${[...HOUSEHOLD_COLUMNS, ...MEMBER_COLUMNS].map(([header]) => csvCell(header)).join(',')}\n`;
}

/** One line per member (head first), the household's columns repeated. */
export function toCsvRows(h: GeneratedHousehold, values: CsvValues = 'labels'): string {
  const household = HOUSEHOLD_COLUMNS.map(([, , value]) => csvCell(value(h, values))).join(',');
  let out = '';
  for (const m of h.members) {
    out += `${household},${MEMBER_COLUMNS.map(([, , value]) => csvCell(value(m, values))).join(',')}\n`;
  }
  return out;
}
