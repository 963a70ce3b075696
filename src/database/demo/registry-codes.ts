/**
 * Codes of the national poverty-alleviation registry as observed in its exports (see
 * ../../shared/DOMAIN.md, appendix), with their Chinese labels. The generator stores codes;
 * the CSV writer can print either. Fields the appendix lists by name only (劳动技能, 务工所在地,
 * 入户路类型, 主要燃料, 易地扶贫搬迁) are stored as their Chinese label.
 */

export const IDENTIFICATION_STANDARD = {
  '01': '国家标准',
  '02': '省定标准',
  '03': '市定标准',
} as const;
export type IdentificationStandard = keyof typeof IDENTIFICATION_STANDARD;

/** 贫困户属性. Registered households carry 01, 04 or 06; 02, 03, 05 are non-poor codes. */
export const HOUSEHOLD_ATTRIBUTE = {
  '01': '一般贫困户',
  '02': '低保户',
  '03': '五保户',
  '04': '低保贫困户',
  '05': '一般农户',
  '06': '特困供养贫困户',
} as const;
export type HouseholdAttribute = keyof typeof HOUSEHOLD_ATTRIBUTE;

/** 致贫原因 */
export const POVERTY_CAUSE = {
  '01': '因病',
  '02': '因残',
  '03': '因学',
  '04': '因灾',
  '05': '缺土地',
  '06': '缺水',
  '07': '缺技术',
  '08': '缺劳力',
  '09': '缺资金',
  '10': '交通条件落后',
  '11': '自身发展动力不足',
  '12': '因婚',
  '13': '因丧',
  '99': '其他',
} as const;
export type PovertyCause = keyof typeof POVERTY_CAUSE;

/** 脱贫状态 */
export const POVERTY_STATUS = {
  '0': '未脱贫',
  '1': '已脱贫（享受政策）',
  '2': '预脱贫',
  '3': '返贫',
  '4': '已脱贫（不再享受政策）',
} as const;
export type PovertyStatus = keyof typeof POVERTY_STATUS;

/** 性别, GB/T 2261.1 */
export const SEX = { '1': '男', '2': '女' } as const;
export type SexCode = keyof typeof SEX;

/** 证件类型 */
export const ID_TYPE = { '01': '居民身份证', '02': '残疾人证', '03': '军官证' } as const;
export type IdType = keyof typeof ID_TYPE;

/** 与户主关系 */
export const RELATION = {
  '01': '户主',
  '02': '配偶',
  '03': '之子',
  '04': '之女',
  '05': '之儿媳',
  '06': '之女婿',
  '07': '之孙子',
  '08': '之孙女',
  '09': '之外孙子',
  '10': '之外孙女',
  '11': '之父',
  '12': '之母',
  '13': '之岳父',
  '14': '之岳母',
  '15': '之公公',
  '16': '之婆婆',
  '17': '之祖父',
  '18': '之祖母',
  '19': '之外祖父',
  '20': '之外祖母',
  '99': '其他',
} as const;
export type Relation = keyof typeof RELATION;

/** 文化程度 */
export const EDUCATION = {
  '01': '文盲或半文盲',
  '02': '小学',
  '03': '初中',
  '04': '高中',
  '05': '大专及以上',
  '06': '学龄前儿童',
} as const;
export type Education = keyof typeof EDUCATION;

/** 在校生状况 */
export const SCHOOLING = {
  '01': '非在校生',
  '02': '学前教育',
  '03': '小学',
  '04': '七年级',
  '05': '八年级',
  '06': '九年级',
  '07': '高中一年级',
  '08': '高中二年级',
  '09': '高中三年级',
  '10': '中职一年级',
  '11': '中职二年级',
  '12': '中职三年级',
  '13': '高职一年级',
  '14': '高职二年级',
  '15': '高职三年级',
  '16': '大专及以上',
} as const;
export type Schooling = keyof typeof SCHOOLING;

/** 健康状况; a member may hold several (02, 03, 04 together), 01 only alone. */
export const HEALTH = { '01': '健康', '02': '长期慢性病', '03': '患有大病', '04': '残疾' } as const;
export type Health = keyof typeof HEALTH;

/** 残疾类别, GB/T 26341 */
export const DISABILITY_TYPE = {
  '1': '视力残疾',
  '2': '听力残疾',
  '3': '言语残疾',
  '4': '肢体残疾',
  '5': '智力残疾',
  '6': '精神残疾',
  '7': '多重残疾',
} as const;
export type DisabilityType = keyof typeof DISABILITY_TYPE;

export const LABOUR_SKILLS = ['普通劳动力', '技能劳动力', '弱劳动力或半劳动力', '丧失劳动力', '无劳动力'] as const;
export type LabourSkill = (typeof LABOUR_SKILLS)[number];

export const WORK_PLACES = ['乡（镇）内', '乡（镇）外县内', '县外省内', '省外'] as const;
export type WorkPlace = (typeof WORK_PLACES)[number];

export const ROAD_TYPES = ['泥土路', '砂石路', '水泥路', '沥青路'] as const;
export type RoadType = (typeof ROAD_TYPES)[number];

export const FUELS = ['柴草', '煤炭', '电', '液化气/天然气', '沼气', '其他'] as const;
export type Fuel = (typeof FUELS)[number];

export const RELOCATION_SCOPES = ['整村搬迁', '整组搬迁', '单户搬迁'] as const;
export type RelocationScope = (typeof RELOCATION_SCOPES)[number];

export const RESETTLEMENT_MODES = ['集中安置', '分散安置'] as const;
export type ResettlementMode = (typeof RESETTLEMENT_MODES)[number];
