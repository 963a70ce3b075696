/**
 * The national registry's code lists (../shared/DOMAIN.md, appendix) as English enum names with
 * the national code and the Chinese label beside each. The database and GraphQL use the English
 * names; provincial exchange files carry the codes or the labels, and `parse` accepts either.
 * Where sources disagree the Chinese name decides.
 */
export interface CodeList<
  K extends string,
  C extends Record<K, string> = Record<K, string>,
  L extends Record<K, string> = Record<K, string>,
> {
  /** Enum-like object: `{ GENERAL: 'GENERAL', … }`, usable with registerEnumType and TypeORM. */
  values: { [P in K]: P };
  /** National code of each name (literal types kept, e.g. `'01'`). */
  code: C;
  /** Chinese label of each name. */
  label: L;
  /** The English name for a national code, a Chinese label or an English name; undefined otherwise. */
  parse(input: string): K | undefined;
}

type Entries = Record<string, readonly [code: string, label: string]>;

export function codeList<const E extends Entries>(
  entries: E,
): CodeList<keyof E & string, { [P in keyof E & string]: E[P][0] }, { [P in keyof E & string]: E[P][1] }> {
  type K = keyof E & string;
  const keys = Object.keys(entries) as K[];
  const values = Object.fromEntries(keys.map((k) => [k, k])) as { [P in K]: P };
  const code = Object.fromEntries(keys.map((k) => [k, entries[k][0]])) as { [P in K]: E[P][0] };
  const label = Object.fromEntries(keys.map((k) => [k, entries[k][1]])) as { [P in K]: E[P][1] };
  const lookup = new Map<string, K>();
  for (const k of keys) {
    lookup.set(k, k);
    lookup.set(entries[k][0], k);
    lookup.set(entries[k][1], k);
  }
  return { values, code, label, parse: (input) => lookup.get(input.trim()) };
}

/** `{ code: label }` of a list, e.g. `{ '01': '一般贫困户', … }`, with literal types. */
export function labelsByCode<K extends string, C extends Record<K, string>, L extends Record<K, string>>(
  list: CodeList<K, C, L>,
): { [P in K as C[P]]: L[P] } {
  const keys = Object.keys(list.values) as K[];
  return Object.fromEntries(keys.map((k) => [list.code[k], list.label[k]])) as { [P in K as C[P]]: L[P] };
}

/** The labels of a list in order, e.g. the 劳动技能 names exchange files use. */
export function labelsOf<K extends string, C extends Record<K, string>, L extends Record<K, string>>(list: CodeList<K, C, L>): L[K][] {
  return (Object.keys(list.values) as K[]).map((k) => list.label[k]);
}

/** 识别标准 */
export const IdentificationStandard = codeList({
  NATIONAL: ['01', '国家标准'],
  PROVINCIAL: ['02', '省定标准'],
  MUNICIPAL: ['03', '市定标准'],
});
export type IdentificationStandard = keyof typeof IdentificationStandard.values;

/** 贫困户属性 (01, 04, 06 are registered-poor attributes; 02, 03, 05 non-poor codes also occur). */
export const HouseholdAttribute = codeList({
  GENERAL_POOR: ['01', '一般贫困户'],
  LOW_INCOME: ['02', '低保户'],
  FIVE_GUARANTEES: ['03', '五保户'],
  LOW_INCOME_POOR: ['04', '低保贫困户'],
  GENERAL_FARMER: ['05', '一般农户'],
  EXTREME_POVERTY_SUPPORT_POOR: ['06', '特困供养贫困户'],
});
export type HouseholdAttribute = keyof typeof HouseholdAttribute.values;

/** 致贫原因 */
export const PovertyCause = codeList({
  ILLNESS: ['01', '因病'],
  DISABILITY: ['02', '因残'],
  SCHOOLING: ['03', '因学'],
  DISASTER: ['04', '因灾'],
  LACK_OF_LAND: ['05', '缺土地'],
  LACK_OF_WATER: ['06', '缺水'],
  LACK_OF_SKILLS: ['07', '缺技术'],
  LACK_OF_LABOUR: ['08', '缺劳力'],
  LACK_OF_FUNDS: ['09', '缺资金'],
  POOR_TRANSPORT: ['10', '交通条件落后'],
  LACK_OF_MOTIVATION: ['11', '自身发展动力不足'],
  MARRIAGE: ['12', '因婚'],
  FUNERAL: ['13', '因丧'],
  OTHER: ['99', '其他'],
});
export type PovertyCause = keyof typeof PovertyCause.values;

/** 脱贫状态 */
export const PovertyStatus = codeList({
  NOT_EXITED: ['0', '未脱贫'],
  EXITED: ['1', '已脱贫（享受政策）'],
  EXIT_IN_PROGRESS: ['2', '预脱贫'],
  RETURNED: ['3', '返贫'],
  EXITED_NO_POLICY: ['4', '已脱贫（不再享受政策）'],
});
export type PovertyStatus = keyof typeof PovertyStatus.values;

/** 性别 (GB/T 2261.1) */
export const Sex = codeList({ MALE: ['1', '男'], FEMALE: ['2', '女'] });
export type Sex = keyof typeof Sex.values;

/** 证件类型 */
export const IdType = codeList({
  RESIDENT_ID_CARD: ['01', '居民身份证'],
  DISABILITY_CERTIFICATE: ['02', '残疾人证'],
  MILITARY_OFFICER_CARD: ['03', '军官证'],
});
export type IdType = keyof typeof IdType.values;

/** 与户主关系 */
export const Relation = codeList({
  HEAD: ['01', '户主'],
  SPOUSE: ['02', '配偶'],
  SON: ['03', '之子'],
  DAUGHTER: ['04', '之女'],
  DAUGHTER_IN_LAW: ['05', '之儿媳'],
  SON_IN_LAW: ['06', '之女婿'],
  GRANDSON: ['07', '之孙子'],
  GRANDDAUGHTER: ['08', '之孙女'],
  DAUGHTERS_SON: ['09', '之外孙子'],
  DAUGHTERS_DAUGHTER: ['10', '之外孙女'],
  FATHER: ['11', '之父'],
  MOTHER: ['12', '之母'],
  FATHER_IN_LAW_WIFE: ['13', '之岳父'],
  MOTHER_IN_LAW_WIFE: ['14', '之岳母'],
  FATHER_IN_LAW_HUSBAND: ['15', '之公公'],
  MOTHER_IN_LAW_HUSBAND: ['16', '之婆婆'],
  GRANDFATHER: ['17', '之祖父'],
  GRANDMOTHER: ['18', '之祖母'],
  MATERNAL_GRANDFATHER: ['19', '之外祖父'],
  MATERNAL_GRANDMOTHER: ['20', '之外祖母'],
  OTHER: ['99', '其他'],
});
export type Relation = keyof typeof Relation.values;

/** 文化程度 */
export const EducationLevel = codeList({
  ILLITERATE: ['01', '文盲或半文盲'],
  PRIMARY: ['02', '小学'],
  JUNIOR_SECONDARY: ['03', '初中'],
  SENIOR_SECONDARY: ['04', '高中'],
  TERTIARY: ['05', '大专及以上'],
  PRESCHOOL_CHILD: ['06', '学龄前儿童'],
});
export type EducationLevel = keyof typeof EducationLevel.values;

/** 在校生状况 */
export const SchoolingStatus = codeList({
  NOT_IN_SCHOOL: ['01', '非在校生'],
  PRESCHOOL: ['02', '学前教育'],
  PRIMARY: ['03', '小学'],
  GRADE_7: ['04', '七年级'],
  GRADE_8: ['05', '八年级'],
  GRADE_9: ['06', '九年级'],
  SENIOR_1: ['07', '高中一年级'],
  SENIOR_2: ['08', '高中二年级'],
  SENIOR_3: ['09', '高中三年级'],
  VOCATIONAL_SECONDARY_1: ['10', '中职一年级'],
  VOCATIONAL_SECONDARY_2: ['11', '中职二年级'],
  VOCATIONAL_SECONDARY_3: ['12', '中职三年级'],
  VOCATIONAL_TERTIARY_1: ['13', '高职一年级'],
  VOCATIONAL_TERTIARY_2: ['14', '高职二年级'],
  VOCATIONAL_TERTIARY_3: ['15', '高职三年级'],
  TERTIARY: ['16', '大专及以上'],
});
export type SchoolingStatus = keyof typeof SchoolingStatus.values;

/** Compulsory schooling (义务教育): primary and grades 7–9. */
export const COMPULSORY_SCHOOLING: readonly SchoolingStatus[] = ['PRIMARY', 'GRADE_7', 'GRADE_8', 'GRADE_9'];

/** 健康状况 (several may hold at once, except HEALTHY) */
export const HealthCondition = codeList({
  HEALTHY: ['01', '健康'],
  CHRONIC_ILLNESS: ['02', '长期慢性病'],
  SERIOUS_ILLNESS: ['03', '患有大病'],
  DISABLED: ['04', '残疾'],
});
export type HealthCondition = keyof typeof HealthCondition.values;

/** 残疾类别 (GB/T 26341) */
export const DisabilityType = codeList({
  VISUAL: ['1', '视力残疾'],
  HEARING: ['2', '听力残疾'],
  SPEECH: ['3', '言语残疾'],
  PHYSICAL: ['4', '肢体残疾'],
  INTELLECTUAL: ['5', '智力残疾'],
  MENTAL: ['6', '精神残疾'],
  MULTIPLE: ['7', '多重残疾'],
});
export type DisabilityType = keyof typeof DisabilityType.values;

/** 劳动技能 (listed by name in exports; codes as the order of the national list) */
export const LabourSkill = codeList({
  ORDINARY: ['1', '普通劳动力'],
  SKILLED: ['2', '技能劳动力'],
  WEAK_OR_PARTIAL: ['3', '弱劳动力或半劳动力'],
  LOST: ['4', '丧失劳动力'],
  NONE: ['5', '无劳动力'],
});
export type LabourSkill = keyof typeof LabourSkill.values;

/** 务工所在地 */
export const WorkPlace = codeList({
  WITHIN_TOWN: ['1', '乡（镇）内'],
  WITHIN_COUNTY: ['2', '乡（镇）外县内'],
  WITHIN_PROVINCE: ['3', '县外省内'],
  OUTSIDE_PROVINCE: ['4', '省外'],
});
export type WorkPlace = keyof typeof WorkPlace.values;

/** 入户路类型 */
export const RoadType = codeList({
  DIRT: ['1', '泥土路'],
  GRAVEL: ['2', '砂石路'],
  CEMENT: ['3', '水泥路'],
  ASPHALT: ['4', '沥青路'],
});
export type RoadType = keyof typeof RoadType.values;

/** 主要燃料类型 */
export const Fuel = codeList({
  FIREWOOD: ['1', '柴草'],
  COAL: ['2', '煤炭'],
  ELECTRICITY: ['3', '电'],
  GAS: ['4', '液化气/天然气'],
  BIOGAS: ['5', '沼气'],
  OTHER: ['9', '其他'],
});
export type Fuel = keyof typeof Fuel.values;

/** 易地扶贫搬迁: 搬迁方式 */
export const RelocationScope = codeList({
  WHOLE_VILLAGE: ['1', '整村搬迁'],
  WHOLE_HAMLET: ['2', '整组搬迁'],
  SINGLE_HOUSEHOLD: ['3', '单户搬迁'],
});
export type RelocationScope = keyof typeof RelocationScope.values;

/** 易地扶贫搬迁: 安置方式 */
export const ResettlementMode = codeList({
  CONCENTRATED: ['1', '集中安置'],
  DISPERSED: ['2', '分散安置'],
});
export type ResettlementMode = keyof typeof ResettlementMode.values;

/** 危房等级 */
export const DilapidationGrade = codeList({ C: ['C', 'C级'], D: ['D', 'D级'] });
export type DilapidationGrade = keyof typeof DilapidationGrade.values;
