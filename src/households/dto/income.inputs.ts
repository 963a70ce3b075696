import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLDecimal } from '../../common/scalars/scalars';
import { HouseholdIncome } from '../household-income.model';
import { MemberInsurance } from '../member.model';
import { PovertyLine } from '../poverty-line.model';

@InputType({ description: 'A household’s income of one year, in the national structure. Omitted components are 0. Totals are computed.' })
export class SetHouseholdIncomeInput {
  @Field(() => ID)
  @IsUUID()
  householdId: string;

  @Field(() => Int)
  @IsInt()
  @Min(2010)
  @Max(2100)
  year: number;

  @Field(() => Int, { nullable: true, description: 'The version you read; required when the year is already recorded.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: '工资性收入' })
  @IsOptional()
  @IsString()
  wages?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '生产经营性收入' })
  @IsOptional()
  @IsString()
  productionBusiness?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '财产性收入 (incl. the dividend)' })
  @IsOptional()
  @IsString()
  property?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'of which 资产收益扶贫分红' })
  @IsOptional()
  @IsString()
  assetIncomeDividend?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '计划生育金' })
  @IsOptional()
  @IsString()
  transferFamilyPlanning?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '低保金' })
  @IsOptional()
  @IsString()
  transferLowIncome?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '特困供养金' })
  @IsOptional()
  @IsString()
  transferExtremePoverty?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '养老保险金' })
  @IsOptional()
  @IsString()
  transferPension?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '生态补偿金' })
  @IsOptional()
  @IsString()
  transferEcological?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '其他转移性收入' })
  @IsOptional()
  @IsString()
  transferOther?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '生产经营性支出' })
  @IsOptional()
  @IsString()
  productionCosts?: string;
}

@ObjectType()
export class HouseholdIncomePayload {
  @Field(() => HouseholdIncome)
  income: HouseholdIncome;
}

@InputType({ description: 'A member’s insurance enrolment of one year (replaces that year’s flags).' })
export class SetMemberInsuranceInput {
  @Field(() => ID)
  @IsUUID()
  memberId: string;

  @Field(() => Int)
  @IsInt()
  @Min(2010)
  @Max(2100)
  year: number;

  @Field({ defaultValue: false })
  @IsBoolean()
  basicMedical: boolean;

  @Field({ defaultValue: false })
  @IsBoolean()
  seriousIllness: boolean;

  @Field({ defaultValue: false })
  @IsBoolean()
  pension: boolean;

  @Field({ defaultValue: false })
  @IsBoolean()
  supplementaryMedical: boolean;

  @Field({ defaultValue: false })
  @IsBoolean()
  accidentSubsidy: boolean;
}

@ObjectType()
export class MemberInsurancePayload {
  @Field(() => MemberInsurance)
  insurance: MemberInsurance;
}

@InputType({ description: 'The poverty line of a year: the national line and the provincial exit line, separately.' })
export class SetPovertyLineInput {
  @Field(() => Int)
  @IsInt()
  @Min(2010)
  @Max(2100)
  year: number;

  @Field(() => GraphQLDecimal, { nullable: true })
  @IsOptional()
  @IsString()
  nationalLine?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true })
  @IsOptional()
  @IsString()
  provincialExitLine?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from (document, notice).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  source?: string | null;

  @Field({ defaultValue: false, description: 'A demo value, not a confirmed figure.' })
  @IsBoolean()
  isDemo: boolean;

  @Field(() => Int, { nullable: true, description: 'The version you read; required when the year exists.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

@ObjectType()
export class PovertyLinePayload {
  @Field(() => PovertyLine)
  povertyLine: PovertyLine;
}
