import { ArgsType, Field, ID, Int, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ConnectionArgs, MAX_PAGE_SIZE } from '../common/pagination/connection';
import { GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { HouseholdValidity } from './household.entity';
import { HouseholdSort } from './households.repository';
import { LabourSkill, PovertyCause, PovertyStatus } from './registry-codes';
import { SpecialGroup } from './registry-enums';

registerEnumType(HouseholdSort, {
  name: 'HouseholdSort',
  description: 'Order of a household list.',
  valuesMap: { HOUSEHOLD_NUMBER: { description: '户编号 (default)' }, YEAR_REGISTERED: { description: '识别年度, then id' } },
});

const REGION_CODE = /^\d{12}$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

@ArgsType()
export class HouseholdsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Households in this region’s subtree (within your own).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => PovertyStatus.values, { nullable: true, description: 'Only households in this poverty status (脱贫状态).' })
  @IsOptional()
  @IsEnum(PovertyStatus.values)
  status?: PovertyStatus;

  @Field(() => HouseholdValidity, { nullable: true, defaultValue: HouseholdValidity.ACTIVE, description: 'Default ACTIVE (on the roll); null for any.' })
  @IsOptional()
  @IsEnum(HouseholdValidity)
  validity?: HouseholdValidity | null;

  @Field(() => PovertyCause.values, { nullable: true, description: 'Primary or other cause.' })
  @IsOptional()
  @IsEnum(PovertyCause.values)
  cause?: PovertyCause;

  @Field(() => Boolean, { nullable: true, description: '易地扶贫搬迁户' })
  @IsOptional()
  @IsBoolean()
  relocated?: boolean;

  @Field(() => Int, { nullable: true, description: 'Only households first registered in this year (识别年度).' })
  @IsOptional()
  @IsInt()
  yearRegistered?: number;

  @Field(() => LabourSkill.values, { nullable: true, description: 'Households with a member of this labour skill.' })
  @IsOptional()
  @IsEnum(LabourSkill.values)
  labourSkill?: LabourSkill;

  @Field(() => SpecialGroup, { nullable: true, description: 'Households with a member in this §7 group.' })
  @IsOptional()
  @IsEnum(SpecialGroup)
  specialGroup?: SpecialGroup;

  @Field(() => String, { nullable: true, description: 'Part of the head’s name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  nameContains?: string;

  @Field(() => String, { nullable: true, description: 'Exact ID number of a member (looked up through the blind index).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  idNumber?: string;

  @Field(() => GraphQLLocalDateScalar, {
    nullable: true,
    description: 'Status, validity and membership as of this date (from the events), e.g. the year-end list 2017-12-31.',
  })
  @IsOptional()
  @Matches(LOCAL_DATE)
  asOf?: string;

  @Field(() => HouseholdSort, { nullable: true, defaultValue: HouseholdSort.HOUSEHOLD_NUMBER, description: 'Order of the list (default HOUSEHOLD_NUMBER).' })
  @IsOptional()
  @IsEnum(HouseholdSort)
  sort?: HouseholdSort;
}

@ArgsType()
export class MembersArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only members of this household.' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => String, { nullable: true, description: 'Members in this region’s subtree (within your own).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => String, { nullable: true, description: 'Exact ID number (looked up through the blind index).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  idNumber?: string;

  @Field(() => String, { nullable: true, description: 'Part of the name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  nameContains?: string;

  @Field(() => LabourSkill.values, { nullable: true, description: 'Only members with this labour skill (劳动技能).' })
  @IsOptional()
  @IsEnum(LabourSkill.values)
  labourSkill?: LabourSkill;

  @Field(() => SpecialGroup, { nullable: true, description: 'Only members in this special group (§7 特殊群体).' })
  @IsOptional()
  @IsEnum(SpecialGroup)
  specialGroup?: SpecialGroup;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'Default true: current members; false: former; null: both.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Members of their household on this date.' })
  @IsOptional()
  @Matches(LOCAL_DATE)
  asOf?: string;
}

@ArgsType()
export class HouseholdIdArgs {
  @Field(() => ID, { description: 'Id (UUID) of the household or member to fetch.' })
  @IsUUID()
  id: string;
}

/** At most this many ids per `householdsByIds` call: one households page. */
export const MAX_HOUSEHOLDS_BY_IDS = MAX_PAGE_SIZE;

@ArgsType()
export class HouseholdIdsArgs {
  @Field(() => [ID], { description: `Household ids, e.g. the rootIds of change-feed entries; at most ${MAX_HOUSEHOLDS_BY_IDS}.` })
  @ArrayMaxSize(MAX_HOUSEHOLDS_BY_IDS)
  @IsUUID(undefined, { each: true })
  ids: string[];
}

@ArgsType()
export class HouseholdNumberArgs {
  @Field({ description: 'The household number (户编号), exactly as registered.' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  householdNumber: string;
}

@ArgsType()
export class YearArgs {
  @Field(() => Int, { nullable: true, description: 'One year only.' })
  @IsOptional()
  @IsInt()
  @Min(2010)
  @Max(2100)
  year?: number;
}

@ArgsType()
export class DataQualityArgs {
  @Field(() => String, { nullable: true, description: 'This region’s subtree (within your own); default your whole region.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => Int, { defaultValue: 50, description: 'Offending households listed per rule (the count is always complete).' })
  @IsInt()
  @Min(0)
  @Max(500)
  limit: number;
}
