import { Type } from '@nestjs/common';
import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { HouseholdValidity } from './household.entity';
import { JoinReason, LeaveReason } from './member.entity';
import {
  CodeList,
  DilapidationGrade,
  DisabilityType,
  EducationLevel,
  Fuel,
  HealthCondition,
  HouseholdAttribute,
  IdentificationStandard,
  IdType,
  LabourSkill,
  PovertyCause,
  PovertyStatus,
  Relation,
  RelocationScope,
  ResettlementMode,
  RoadType,
  SchoolingStatus,
  Sex,
  WorkPlace,
} from './registry-codes';

/**
 * The GraphQL side of the registry's national code lists (registry-codes.ts), registered ONCE for
 * the whole app: import the enums and the `…Value` types from here, never register them again.
 *
 * The scheme, applied to every coded field: inputs and filters take the English enum name
 * (`status: EXITED`); answers give an object `{ value, code, label }`, e.g.
 * `status { value code label }` → `{ value: EXITED, code: "1", label: "已脱贫（享受政策）" }`, so
 * the national code and the Chinese label travel with the value. Map with `coded(List, value)`.
 */

/** A code list's value with its national code and Chinese label (the GraphQL object of a coded field). */
export interface CodedValue<K extends string> {
  value: K;
  code: string;
  label: string;
}

/** The coded values of each list, built once: one frozen object per value, shared by every row. */
const CODED = new WeakMap<CodeList<string>, Map<string, Readonly<CodedValue<string>>>>();

function codedValuesOf<K extends string>(list: CodeList<K>): Map<string, Readonly<CodedValue<K>>> {
  let values = CODED.get(list as unknown as CodeList<string>) as Map<string, Readonly<CodedValue<K>>> | undefined;
  if (!values) {
    values = new Map((Object.keys(list.values) as K[]).map((k) => [k, Object.freeze({ value: k, code: list.code[k], label: list.label[k] })]));
    CODED.set(list as unknown as CodeList<string>, values as unknown as Map<string, Readonly<CodedValue<string>>>);
  }
  return values;
}

/**
 * `{ value, code, label }` of one value of a code list; null stays null. The object is shared
 * and frozen (one per value of the list, not one per row and field: issue #12); a value the list
 * does not hold (never stored: the columns are enums) gets one of its own, as before.
 */
export function coded<K extends string>(list: CodeList<K>, value: K): CodedValue<K>;
export function coded<K extends string>(list: CodeList<K>, value: K | null | undefined): CodedValue<K> | null;
export function coded<K extends string>(list: CodeList<K>, value: K | null | undefined): CodedValue<K> | null {
  if (value == null) return null;
  return codedValuesOf(list).get(value) ?? { value, code: list.code[value], label: list.label[value] };
}

/** `coded` over an array (several poverty causes, several health conditions). */
export function codedList<K extends string>(list: CodeList<K>, values: readonly K[] | null | undefined): CodedValue<K>[] {
  if (!values || values.length === 0) return [];
  const shared = codedValuesOf(list);
  return values.map((v) => shared.get(v) ?? coded(list, v));
}

function registerCodeList<K extends string>(list: CodeList<K>, name: string, description: string): Type<CodedValue<K>> {
  const valuesMap = Object.fromEntries(
    (Object.keys(list.values) as K[]).map((k) => [k, { description: `${list.code[k]} ${list.label[k]}` }]),
  ) as Record<K, { description: string }>;
  registerEnumType(list.values, { name, description, valuesMap });

  @ObjectType(`${name}Value`, { description: `${description}: the value with its national code and Chinese label.` })
  class ValueType implements CodedValue<K> {
    // The enum object is generic here, which Field's option typing cannot follow: typed as an object.
    @Field(() => list.values as object, { description: 'The value as an enum name, e.g. GENERAL: use it in inputs and filters.' })
    value: K;

    @Field({ description: 'National code, e.g. "01".' })
    code: string;

    @Field({ description: 'Chinese label, e.g. 一般贫困户.' })
    label: string;
  }
  return ValueType;
}

export const IdentificationStandardValue = registerCodeList(IdentificationStandard, 'IdentificationStandard', '识别标准 (identification standard)');
export const HouseholdAttributeValue = registerCodeList(HouseholdAttribute, 'HouseholdAttribute', '贫困户属性 (household attribute)');
export const PovertyCauseValue = registerCodeList(PovertyCause, 'PovertyCause', '致贫原因 (poverty cause)');
export const PovertyStatusValue = registerCodeList(PovertyStatus, 'PovertyStatus', '脱贫状态 (poverty status)');
export const SexValue = registerCodeList(Sex, 'Sex', '性别 (sex)');
export const IdTypeValue = registerCodeList(IdType, 'IdType', '证件类型 (document type)');
export const RelationValue = registerCodeList(Relation, 'Relation', '与户主关系 (relation to the head)');
export const EducationLevelValue = registerCodeList(EducationLevel, 'EducationLevel', '文化程度 (education level)');
export const SchoolingStatusValue = registerCodeList(SchoolingStatus, 'SchoolingStatus', '在校生状况 (schooling status)');
export const HealthConditionValue = registerCodeList(HealthCondition, 'HealthCondition', '健康状况 (health condition)');
export const DisabilityTypeValue = registerCodeList(DisabilityType, 'DisabilityType', '残疾类别 (disability type)');
export const LabourSkillValue = registerCodeList(LabourSkill, 'LabourSkill', '劳动技能 (labour skill)');
export const WorkPlaceValue = registerCodeList(WorkPlace, 'WorkPlace', '务工所在地 (place of work)');
export const RoadTypeValue = registerCodeList(RoadType, 'RoadType', '入户路类型 (road to the house)');
export const FuelValue = registerCodeList(Fuel, 'Fuel', '主要燃料类型 (main fuel)');
export const RelocationScopeValue = registerCodeList(RelocationScope, 'RelocationScope', '搬迁方式 (relocation scope)');
export const ResettlementModeValue = registerCodeList(ResettlementMode, 'ResettlementMode', '安置方式 (resettlement mode)');
export const DilapidationGradeValue = registerCodeList(DilapidationGrade, 'DilapidationGrade', '危房等级 (dilapidation grade)');

// Platform enums of the registry (not national code lists): plain GraphQL enums.
registerEnumType(HouseholdValidity, {
  name: 'HouseholdValidity',
  description: 'Whether the household is on the roll.',
  valuesMap: {
    CANDIDATE: { description: '待识别（已提出，未批准）' },
    ACTIVE: { description: '在册' },
    REMOVED: { description: '已剔除（错评）' },
  },
});
registerEnumType(JoinReason, {
  name: 'MemberJoinReason',
  description: 'How a member joined the household (成员增加原因).',
  valuesMap: {
    REGISTRATION: { description: '建档时在户' },
    BIRTH: { description: '出生' },
    MARRIAGE: { description: '婚入' },
    MOVED_IN: { description: '迁入' },
    OTHER: { description: '其他' },
  },
});
registerEnumType(LeaveReason, {
  name: 'MemberLeaveReason',
  description: 'Why a member left the household (成员减少原因).',
  valuesMap: {
    DEATH: { description: '死亡' },
    MARRIAGE: { description: '婚出' },
    MOVED: { description: '迁出' },
    HOUSEHOLD_REMOVED: { description: '户被剔除' },
    OTHER: { description: '其他' },
  },
});

/** §7 special groups: households with (or members who are) … */
export enum SpecialGroup {
  /** 60 or older. */
  ELDERLY = 'ELDERLY',
  DISABLED = 'DISABLED',
  SERIOUSLY_ILL = 'SERIOUSLY_ILL',
  /** Disability grade 1–2 (重度残疾, needing care). */
  SEVERELY_DISABLED_NEEDING_CARE = 'SEVERELY_DISABLED_NEEDING_CARE',
}
registerEnumType(SpecialGroup, {
  name: 'SpecialGroup',
  description: '§7 特殊群体',
  valuesMap: {
    ELDERLY: { description: '老年人（60 岁及以上）' },
    DISABLED: { description: '残疾人' },
    SERIOUSLY_ILL: { description: '患有大病' },
    SEVERELY_DISABLED_NEEDING_CARE: { description: '重度残疾需护理（残疾等级 1–2 级）' },
  },
});
