/**
 * The national registry's codes in the form the generator and the exchange-file writer use:
 * `{ code: label }` maps, and label lists for the fields the appendix lists by name only (劳动技能,
 * 务工所在地, 入户路类型, 主要燃料, 易地扶贫搬迁). All derived from the one table of code lists,
 * src/households/registry-codes.ts.
 */
import * as R from '../households/registry-codes';

export const IDENTIFICATION_STANDARD = R.labelsByCode(R.IdentificationStandard);
export type IdentificationStandard = keyof typeof IDENTIFICATION_STANDARD;

/** 贫困户属性. Registered households carry 01, 04 or 06; 02, 03, 05 are non-poor codes. */
export const HOUSEHOLD_ATTRIBUTE = R.labelsByCode(R.HouseholdAttribute);
export type HouseholdAttribute = keyof typeof HOUSEHOLD_ATTRIBUTE;

/** 致贫原因 */
export const POVERTY_CAUSE = R.labelsByCode(R.PovertyCause);
export type PovertyCause = keyof typeof POVERTY_CAUSE;

/** 脱贫状态 */
export const POVERTY_STATUS = R.labelsByCode(R.PovertyStatus);
export type PovertyStatus = keyof typeof POVERTY_STATUS;

/** 性别, GB/T 2261.1 */
export const SEX = R.labelsByCode(R.Sex);
export type SexCode = keyof typeof SEX;

/** 证件类型 */
export const ID_TYPE = R.labelsByCode(R.IdType);
export type IdType = keyof typeof ID_TYPE;

/** 与户主关系 */
export const RELATION = R.labelsByCode(R.Relation);
export type Relation = keyof typeof RELATION;

/** 文化程度 */
export const EDUCATION = R.labelsByCode(R.EducationLevel);
export type Education = keyof typeof EDUCATION;

/** 在校生状况 */
export const SCHOOLING = R.labelsByCode(R.SchoolingStatus);
export type Schooling = keyof typeof SCHOOLING;

/** 健康状况; a member may hold several (02, 03, 04 together), 01 only alone. */
export const HEALTH = R.labelsByCode(R.HealthCondition);
export type Health = keyof typeof HEALTH;

/** 残疾类别, GB/T 26341 */
export const DISABILITY_TYPE = R.labelsByCode(R.DisabilityType);
export type DisabilityType = keyof typeof DISABILITY_TYPE;

export const LABOUR_SKILLS = R.labelsOf(R.LabourSkill);
export type LabourSkill = (typeof LABOUR_SKILLS)[number];

export const WORK_PLACES = R.labelsOf(R.WorkPlace);
export type WorkPlace = (typeof WORK_PLACES)[number];

export const ROAD_TYPES = R.labelsOf(R.RoadType);
export type RoadType = (typeof ROAD_TYPES)[number];

export const FUELS = R.labelsOf(R.Fuel);
export type Fuel = (typeof FUELS)[number];

export const RELOCATION_SCOPES = R.labelsOf(R.RelocationScope);
export type RelocationScope = (typeof RELOCATION_SCOPES)[number];

export const RESETTLEMENT_MODES = R.labelsOf(R.ResettlementMode);
export type ResettlementMode = (typeof RESETTLEMENT_MODES)[number];
