/**
 * Writing generated households the way they are exchanged: NDJSON (one household a line,
 * members nested) or CSV as provincial exchange spreadsheets have it: Chinese column headers,
 * one row per member, the household's columns repeated on each of its rows.
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

export function toNdjsonLine(h: GeneratedHousehold): string {
  return `${JSON.stringify(h)}\n`;
}

type Cell = string | number | boolean | null;
type HouseholdColumn = readonly [header: string, value: (h: GeneratedHousehold, v: CsvValues) => Cell];
type MemberColumn = readonly [header: string, value: (m: GeneratedMember, v: CsvValues) => Cell];

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
  ['户编号', (h) => h.householdNumber],
  ['行政区划代码', (h) => h.villageCode],
  ['行政村', (h) => h.villageName],
  ['户主姓名', (h) => head(h).name],
  ['户主证件号码', (h) => head(h).idNumber],
  ['家庭人口数', (h) => h.members.length],
  ['识别标准', (h, v) => standard(h.identificationStandard, v)],
  ['贫困户属性', (h, v) => attribute(h.attribute, v)],
  ['主要致贫原因', (h, v) => cause(h.primaryCause, v)],
  ['其他致贫原因', (h, v) => causes(h.otherCauses, v)],
  ['识别年度', (h) => h.yearRegistered],
  ['脱贫状态', (h, v) => status(h.status, v)],
  ['脱贫年度', (h) => h.exitYear],
  ['是否军烈属', (h) => h.militaryMartyrFamily],
  ['是否独生子女户', (h) => h.onlyChildFamily],
  ['是否双女户', (h) => h.twoDaughterFamily],
  ['是否安全饮水', (h) => h.living.safeDrinkingWater],
  ['是否饮水困难', (h) => h.living.drinkingWaterDifficulty],
  ['是否通生活用电', (h) => h.living.electricity],
  ['危房等级', (h) => h.living.dilapidatedHouse],
  ['住房面积（平方米）', (h) => h.living.housingArea],
  ['是否有卫生厕所', (h) => h.living.sanitaryToilet],
  ['入户路类型', (h) => h.living.roadType],
  ['主要燃料类型', (h) => h.living.mainFuel],
  ['与村主干路距离（公里）', (h) => h.living.distanceToMainRoadKm],
  ['是否加入农民专业合作社', (h) => h.living.cooperativeMember],
  ['耕地面积（亩）', (h) => h.land.cultivated],
  ['有效灌溉面积（亩）', (h) => h.land.irrigated],
  ['林地面积（亩）', (h) => h.land.forest],
  ['退耕还林面积（亩）', (h) => h.land.grainForGreen],
  ['是否易地扶贫搬迁户', (h) => h.relocation !== null],
  ['搬迁方式', (h) => h.relocation?.scope ?? null],
  ['安置方式', (h) => h.relocation?.resettlement ?? null],
  ['收入年度', (h) => h.income.year],
  ['工资性收入（元）', (h) => h.income.wage],
  ['生产经营性收入（元）', (h) => h.income.business],
  ['财产性收入（元）', (h) => h.income.property],
  ['其中：资产收益扶贫分红收入（元）', (h) => h.income.assetDividend],
  ['转移性收入（元）', (h) => h.income.transfer],
  ['计划生育金（元）', (h) => h.income.familyPlanning],
  ['低保金（元）', (h) => h.income.dibao],
  ['特困供养金（元）', (h) => h.income.tekun],
  ['养老保险金（元）', (h) => h.income.pension],
  ['生态补偿金（元）', (h) => h.income.ecological],
  ['其他转移性收入（元）', (h) => h.income.otherTransfer],
  ['生产经营性支出（元）', (h) => h.income.businessExpense],
  ['年收入（元）', (h) => h.income.annual],
  ['纯收入（元）', (h) => h.income.net],
  ['人均纯收入（元）', (h) => h.income.perCapitaNet.toFixed(2)],
];

/** Member columns, after the household's. */
export const MEMBER_COLUMNS: readonly MemberColumn[] = [
  ['姓名', (m) => m.name],
  ['性别', (m, v) => sex(m.sex, v)],
  ['证件类型', (m, v) => idType(m.idType, v)],
  ['证件号码', (m) => m.idNumber],
  ['出生日期', (m) => m.birthDate],
  ['与户主关系', (m, v) => relation(m.relation, v)],
  ['民族', (m) => m.ethnicity],
  ['政治面貌', (m) => m.politicalStatus],
  ['文化程度', (m, v) => education(m.education, v)],
  ['在校生状况', (m, v) => schooling(m.schooling, v)],
  ['健康状况', (m, v) => health(m.health, v)],
  ['残疾类别', (m, v) => disability(m.disabilityType, v)],
  ['残疾等级', (m) => m.disabilityGrade],
  ['劳动技能', (m) => m.labourSkill],
  ['务工所在地', (m) => m.workPlace],
  ['务工时间（月）', (m) => m.monthsWorked],
  ['是否参加城乡居民基本医疗保险', (m) => m.insurance.basicMedical],
  ['是否参加大病保险', (m) => m.insurance.criticalIllness],
  ['是否参加城乡居民基本养老保险', (m) => m.insurance.basicPension],
  ['是否参加商业补充医疗保险', (m) => m.insurance.supplementaryMedical],
  ['是否享受人身意外保险补贴', (m) => m.insurance.accidentSubsidy],
  ['是否享受低保', (m) => m.dibao],
  ['是否特困供养', (m) => m.tekun],
];

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
  const household = HOUSEHOLD_COLUMNS.map(([, value]) => csvCell(value(h, values))).join(',');
  let out = '';
  for (const m of h.members) {
    out += `${household},${MEMBER_COLUMNS.map(([, value]) => csvCell(value(m, values))).join(',')}\n`;
  }
  return out;
}
