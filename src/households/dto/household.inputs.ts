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

  @Field(() => EducationLevel.values, { nullable: true })
  @IsOptional()
  @IsEnum(EducationLevel.values)
  educationLevel?: EducationLevel | null;

  @Field(() => SchoolingStatus.values, { nullable: true })
  @IsOptional()
  @IsEnum(SchoolingStatus.values)
  schoolingStatus?: SchoolingStatus | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  schoolingExemption?: string | null;

  @Field(() => [HealthCondition.values], { nullable: true, description: 'Several at once, except HEALTHY; default [HEALTHY].' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(HealthCondition.values, { each: true })
  health?: HealthCondition[];

  @Field(() => DisabilityType.values, { nullable: true })
  @IsOptional()
  @IsEnum(DisabilityType.values)
  disabilityType?: DisabilityType | null;

  @Field(() => Int, { nullable: true, description: '1 (most severe) … 4; only with health DISABLED.' })
  @IsOptional()
  @IsInt()
  disabilityGrade?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  disabilityCertificate?: string | null;

  @Field(() => LabourSkill.values, { nullable: true })
  @IsOptional()
  @IsEnum(LabourSkill.values)
  labourSkill?: LabourSkill | null;

  @Field(() => WorkPlace.values, { nullable: true })
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
  @Field(() => String)
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name!: string;

  @Field(() => String)
  @IsString()
  @MaxLength(40)
  idNumber!: string;

  @Field(() => Relation.values)
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
  @Field(() => Int, { nullable: true })
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

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  militaryFamily?: boolean;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  onlyChild?: boolean;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  twoDaughters?: boolean;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  relocated?: boolean;

  @Field(() => RelocationScope.values, { nullable: true })
  @IsOptional()
  @IsEnum(RelocationScope.values)
  relocationScope?: RelocationScope | null;

  @Field(() => ResettlementMode.values, { nullable: true })
  @IsOptional()
  @IsEnum(ResettlementMode.values)
  resettlementMode?: ResettlementMode | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  resettlementSite?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  foodClothingSecure?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  safeDrinkingWater?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  drinkingWaterDifficulty?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  hasElectricity?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  ownsHousing?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  dilapidatedHousing?: boolean | null;

  @Field(() => DilapidationGrade.values, { nullable: true })
  @IsOptional()
  @IsEnum(DilapidationGrade.values)
  dilapidationGrade?: DilapidationGrade | null;

  @Field(() => GraphQLDecimal, { nullable: true })
  @IsOptional()
  @IsString()
  housingArea?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  sanitaryToilet?: boolean | null;

  @Field(() => RoadType.values, { nullable: true })
  @IsOptional()
  @IsEnum(RoadType.values)
  roadType?: RoadType | null;

  @Field(() => Fuel.values, { nullable: true })
  @IsOptional()
  @IsEnum(Fuel.values)
  mainFuel?: Fuel | null;

  @Field(() => GraphQLDecimal, { nullable: true })
  @IsOptional()
  @IsString()
  distanceToRoadKm?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  cooperativeMember?: boolean | null;

  @Field(() => GraphQLDecimal, { nullable: true })
  @IsOptional()
  @IsString()
  cultivatedLandMu?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true })
  @IsOptional()
  @IsString()
  forestLandMu?: string | null;

  @Field(() => String, { nullable: true, description: 'Stored encrypted; shown masked. Empty string removes it.' })
  @IsOptional()
  @Matches(new RegExp(`${PHONE.source}|^$`), { message: 'must be a mobile (11 digits) or landline number' })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true })
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

  @Field(() => HouseholdAttribute.values)
  @IsEnum(HouseholdAttribute.values)
  attribute!: HouseholdAttribute;

  @Field(() => PovertyCause.values)
  @IsEnum(PovertyCause.values)
  primaryCause!: PovertyCause;

  @Field(() => [MemberInput], { description: 'Exactly one with relation HEAD.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => MemberInput)
  members: MemberInput[];
}

@ObjectType()
export class HouseholdPayload {
  @Field(() => Household)
  household: Household;
}

@InputType({ description: 'Corrects a household’s fields; send the version you read. Status and membership change through the lifecycle operations.' })
export class UpdateHouseholdInput extends HouseholdFields {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(HOUSEHOLD_NUMBER, { message: 'must be 1–32 letters, digits or -' })
  householdNumber?: string;

  @Field(() => HouseholdAttribute.values, { nullable: true })
  @IsOptional()
  @IsEnum(HouseholdAttribute.values)
  attribute?: HouseholdAttribute;

  @Field(() => PovertyCause.values, { nullable: true })
  @IsOptional()
  @IsEnum(PovertyCause.values)
  primaryCause?: PovertyCause;
}

@InputType({ description: 'Corrects a member’s fields; send the version you read. Joining, leaving and moving are lifecycle operations.' })
export class UpdateMemberInput extends MemberFields {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true })
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

  @Field(() => Relation.values, { nullable: true })
  @IsOptional()
  @IsEnum(Relation.values)
  relation?: Relation;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

@ObjectType()
export class MemberPayload {
  @Field(() => Member)
  member: Member;
}
