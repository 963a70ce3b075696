import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { GraphQLDecimal, GraphQLLocalDateScalar } from '../../common/scalars/scalars';
import { Household } from '../household.model';
import { Member } from '../member.model';
import {
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
  Relation,
  RelocationScope,
  ResettlementMode,
  RoadType,
  SchoolingStatus,
  Sex,
  WorkPlace,
} from '../registry-codes';
import '../registry-enums';

export const REGION_CODE = /^\d{12}$/;
const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;
const BANK_ACCOUNT = /^\d{8,30}$/;
const HOUSEHOLD_NUMBER = /^[0-9A-Za-z-]{1,32}$/;

/** The fields of a member a registration or a correction may set (rules: registry-validation.ts). */
@InputType({ isAbstract: true })
abstract class MemberFields {
  @Field(() => IdType.values, { nullable: true, description: 'Default RESIDENT_ID_CARD.' })
  @IsOptional()
  @IsEnum(IdType.values)
  idType?: IdType;

  @Field(() => Sex.values, { nullable: true, description: 'Derived from a resident ID number; if given it must agree.' })
  @IsOptional()
  @IsEnum(Sex.values)
  sex?: Sex;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Derived from a resident ID number; if given it must agree.' })
  @IsOptional()
  @IsString()
  birthDate?: string;

  @Field(() => String, { nullable: true, description: '民族, e.g. 汉族' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  ethnicity?: string | null;

  @Field(() => String, { nullable: true, description: '政治面貌' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  politicalStatus?: string | null;

  @Field(() => EducationLevel.values, { nullable: true, description: '文化程度 (education level).' })
  @IsOptional()
  @IsEnum(EducationLevel.values)
  educationLevel?: EducationLevel | null;

  @Field(() => SchoolingStatus.values, { nullable: true, description: '在校生状况 (schooling status), for school-age members.' })
  @IsOptional()
  @IsEnum(SchoolingStatus.values)
  schoolingStatus?: SchoolingStatus | null;

  @Field(() => String, { nullable: true, description: 'A recorded exemption from compulsory schooling (e.g. 因病缓学), with its reason.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  schoolingExemption?: string | null;

  @Field(() => [HealthCondition.values], { nullable: true, description: 'Several at once, except HEALTHY; default [HEALTHY].' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(HealthCondition.values, { each: true })
  health?: HealthCondition[];

  @Field(() => DisabilityType.values, { nullable: true, description: '残疾类别 (kind of disability), with health DISABLED.' })
  @IsOptional()
  @IsEnum(DisabilityType.values)
  disabilityType?: DisabilityType | null;

  @Field(() => Int, { nullable: true, description: '1 (most severe) … 4; only with health DISABLED.' })
  @IsOptional()
  @IsInt()
  disabilityGrade?: number | null;

  @Field(() => String, { nullable: true, description: '残疾证号 (disability certificate number); stored encrypted, shown masked. Empty string removes it.' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  disabilityCertificate?: string | null;

  @Field(() => LabourSkill.values, { nullable: true, description: '劳动技能 (labour skill).' })
  @IsOptional()
  @IsEnum(LabourSkill.values)
  labourSkill?: LabourSkill | null;

  @Field(() => WorkPlace.values, { nullable: true, description: '务工状况 / 务工地点 (where the member works).' })
  @IsOptional()
  @IsEnum(WorkPlace.values)
  workPlace?: WorkPlace | null;

  @Field(() => Int, { nullable: true, description: '0–12' })
  @IsOptional()
  @IsInt()
  monthsWorked?: number | null;

  @Field(() => Boolean, { nullable: true, description: '享受低保' })
  @IsOptional()
  @IsBoolean()
  lowIncomeSupport?: boolean;

  @Field(() => Boolean, { nullable: true, description: '特困供养' })
  @IsOptional()
  @IsBoolean()
  extremePovertySupport?: boolean;
}

@InputType({ description: 'A member at registration.' })
export class MemberInput extends MemberFields {
  @Field(() => String, { description: 'Full name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name!: string;

  @Field(() => String, { description: 'ID number: a resident ID is checked as GB 11643 (18 characters). Stored encrypted, shown masked.' })
  @IsString()
  @MaxLength(40)
  idNumber!: string;

  @Field(() => Relation.values, { description: '与户主关系 (relation to the head); exactly one member is HEAD.' })
  @IsEnum(Relation.values)
  relation!: Relation;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Default: today.' })
  @IsOptional()
  @IsString()
  joinedOn?: string;
}

/** The fields of a household a registration or a correction may set. */
@InputType({ isAbstract: true })
abstract class HouseholdFields {
  @Field(() => Int, { nullable: true, description: 'Year first registered (识别年度), e.g. 2014.' })
  @IsOptional()
  @IsInt()
  yearRegistered?: number | null;

  @Field(() => IdentificationStandard.values, { nullable: true, description: 'Default NATIONAL.' })
  @IsOptional()
  @IsEnum(IdentificationStandard.values)
  identificationStandard?: IdentificationStandard;

  @Field(() => [PovertyCause.values], { nullable: true, description: 'At most two, not repeating the primary cause.' })
  @IsOptional()
  @ArrayMaxSize(13)
  @IsEnum(PovertyCause.values, { each: true })
  otherCauses?: PovertyCause[];

  @Field(() => Boolean, { nullable: true, description: '军烈属 (family of a serviceman or martyr); default false.' })
  @IsOptional()
  @IsBoolean()
  militaryFamily?: boolean;

  @Field(() => Boolean, { nullable: true, description: '独生子女户 (one-child household); default false.' })
  @IsOptional()
  @IsBoolean()
  onlyChild?: boolean;

  @Field(() => Boolean, { nullable: true, description: '双女户 (household with two daughters only); default false.' })
  @IsOptional()
  @IsBoolean()
  twoDaughters?: boolean;

  @Field(() => Boolean, { nullable: true, description: '易地扶贫搬迁户 (relocated for poverty alleviation); default false.' })
  @IsOptional()
  @IsBoolean()
  relocated?: boolean;

  @Field(() => RelocationScope.values, { nullable: true, description: '搬迁范围, for a relocated household.' })
  @IsOptional()
  @IsEnum(RelocationScope.values)
  relocationScope?: RelocationScope | null;

  @Field(() => ResettlementMode.values, { nullable: true, description: '安置方式, for a relocated household.' })
  @IsOptional()
  @IsEnum(ResettlementMode.values)
  resettlementMode?: ResettlementMode | null;

  @Field(() => String, { nullable: true, description: '安置点 (resettlement site name), for a relocated household.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  resettlementSite?: string | null;

  @Field(() => Boolean, { nullable: true, description: '不愁吃、不愁穿 (food and clothing secure); null = not assessed.' })
  @IsOptional()
  @IsBoolean()
  foodClothingSecure?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '饮水安全 (safe drinking water); null = not assessed.' })
  @IsOptional()
  @IsBoolean()
  safeDrinkingWater?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '饮水困难 (difficulty getting drinking water); null = not assessed.' })
  @IsOptional()
  @IsBoolean()
  drinkingWaterDifficulty?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '通生活用电 (household electricity); null = not assessed.' })
  @IsOptional()
  @IsBoolean()
  hasElectricity?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '有自有住房 (owns its housing); null = not assessed.' })
  @IsOptional()
  @IsBoolean()
  ownsHousing?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '危房户 (lives in dilapidated housing); null = not assessed.' })
  @IsOptional()
  @IsBoolean()
  dilapidatedHousing?: boolean | null;

  @Field(() => DilapidationGrade.values, { nullable: true, description: '危房等级 (C or D), with dilapidatedHousing.' })
  @IsOptional()
  @IsEnum(DilapidationGrade.values)
  dilapidationGrade?: DilapidationGrade | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '住房面积 in square metres, a Decimal string such as "86.50".' })
  @IsOptional()
  @IsString()
  housingArea?: string | null;

  @Field(() => Boolean, { nullable: true, description: '有卫生厕所 (sanitary toilet); null = not assessed.' })
  @IsOptional()
  @IsBoolean()
  sanitaryToilet?: boolean | null;

  @Field(() => RoadType.values, { nullable: true, description: '入户路类型 (kind of road to the house).' })
  @IsOptional()
  @IsEnum(RoadType.values)
  roadType?: RoadType | null;

  @Field(() => Fuel.values, { nullable: true, description: '主要燃料类型 (main cooking fuel).' })
  @IsOptional()
  @IsEnum(Fuel.values)
  mainFuel?: Fuel | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '与村主干路距离 in kilometres, a Decimal string such as "1.5".' })
  @IsOptional()
  @IsString()
  distanceToRoadKm?: string | null;

  @Field(() => Boolean, { nullable: true, description: '加入农民专业合作社 (member of a farmers\' cooperative).' })
  @IsOptional()
  @IsBoolean()
  cooperativeMember?: boolean | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '耕地面积 in mu (亩), a Decimal string.' })
  @IsOptional()
  @IsString()
  cultivatedLandMu?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '林地面积 in mu (亩), a Decimal string.' })
  @IsOptional()
  @IsString()
  forestLandMu?: string | null;

  @Field(() => String, { nullable: true, description: 'Stored encrypted; shown masked. Empty string removes it.' })
  @IsOptional()
  @Matches(new RegExp(`${PHONE.source}|^$`), { message: 'must be a mobile (11 digits) or landline number' })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: '开户银行 (bank of the household\'s subsidy account).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  bankName?: string | null;

  @Field(() => String, { nullable: true, description: 'Stored encrypted; shown masked. Empty string removes it.' })
  @IsOptional()
  @Matches(new RegExp(`${BANK_ACCOUNT.source}|^$`), { message: 'must be 8–30 digits' })
  bankAccount?: string | null;
}

@InputType({ description: 'Registers a candidate household (待识别) with its members; the village proposes it for approval afterwards.' })
export class CreateHouseholdInput extends HouseholdFields {
  @Field({ description: '户编号 (unique).' })
  @Matches(HOUSEHOLD_NUMBER, { message: 'must be 1–32 letters, digits or -' })
  householdNumber: string;

  @Field({ description: 'The village (12-digit code) in your region.' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;

  @Field(() => HouseholdAttribute.values, { description: '贫困户属性 (ordinary, low-income support or extreme-poverty support household).' })
  @IsEnum(HouseholdAttribute.values)
  attribute!: HouseholdAttribute;

  @Field(() => PovertyCause.values, { description: '主要致贫原因 (main cause of poverty).' })
  @IsEnum(PovertyCause.values)
  primaryCause!: PovertyCause;

  @Field(() => [MemberInput], { description: 'Exactly one with relation HEAD.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => MemberInput)
  members: MemberInput[];
}

@ObjectType({ description: 'A household after it was created or changed.' })
export class HouseholdPayload {
  @Field(() => Household, { description: 'The household as stored (personal data masked).' })
  household: Household;
}

@InputType({ description: 'Corrects a household’s fields; send the version you read. Status and membership change through the lifecycle operations.' })
export class UpdateHouseholdInput extends HouseholdFields {
  @Field(() => ID, { description: 'Id (UUID) of the household to correct.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking): a stale one answers CONFLICT (VERSION_MISMATCH).' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: 'A corrected household number (户编号, unique).' })
  @IsOptional()
  @Matches(HOUSEHOLD_NUMBER, { message: 'must be 1–32 letters, digits or -' })
  householdNumber?: string;

  @Field(() => HouseholdAttribute.values, { nullable: true, description: '贫困户属性.' })
  @IsOptional()
  @IsEnum(HouseholdAttribute.values)
  attribute?: HouseholdAttribute;

  @Field(() => PovertyCause.values, { nullable: true, description: '主要致贫原因.' })
  @IsOptional()
  @IsEnum(PovertyCause.values)
  primaryCause?: PovertyCause;
}

@InputType({ description: 'Corrects a member’s fields; send the version you read. Joining, leaving and moving are lifecycle operations.' })
export class UpdateMemberInput extends MemberFields {
  @Field(() => ID, { description: 'Id (UUID) of the member to correct.' })
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true, description: 'Corrected full name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name?: string;

  @Field(() => String, { nullable: true, description: 'A resident ID number is checked as GB 11643 (18 characters; lower-case x accepted).' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  idNumber?: string;

  @Field(() => Relation.values, { nullable: true, description: 'Corrected relation to the head (与户主关系).' })
  @IsOptional()
  @IsEnum(Relation.values)
  relation?: Relation;

  @Field(() => Int, { description: 'The version you read (optimistic locking): a stale one answers CONFLICT (VERSION_MISMATCH).' })
  @IsInt()
  @Min(1)
  version: number;
}

@ObjectType({ description: 'A member after a change.' })
export class MemberPayload {
  @Field(() => Member, { description: 'The member as stored (ID number masked).' })
  member: Member;
}
