import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLDecimal } from '../../common/scalars/scalars';
import { HouseholdIncome } from '../household-income.model';
import { MemberInsurance } from '../member.model';
import { PovertyLine } from '../poverty-line.model';

@InputType({ description: 'A household’s income of one year, in the national structure. Omitted components are 0. Totals are computed.' })
export class SetHouseholdIncomeInput {
  @Field(() => ID, { description: 'Id of the household.' })
  @IsUUID()
  householdId: string;

  @Field(() => Int, { description: 'The income year (2010–2100).' })
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

@ObjectType({ description: 'A household\'s income of a year after it was set.' })
export class HouseholdIncomePayload {
  @Field(() => HouseholdIncome, { description: 'The income as stored, with its computed totals.' })
  income: HouseholdIncome;
}

@InputType({ description: 'A member’s insurance enrolment of one year (replaces that year’s flags).' })
export class SetMemberInsuranceInput {
  @Field(() => ID, { description: 'Id of the member.' })
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: 'The year (2010–2100).' })
  @IsInt()
  @Min(2010)
  @Max(2100)
  year: number;

  @Field({ defaultValue: false, description: '城乡居民基本医疗保险 (basic medical insurance); default false.' })
  @IsBoolean()
  basicMedical: boolean;

  @Field({ defaultValue: false, description: '大病保险 (serious-illness insurance); default false.' })
  @IsBoolean()
  seriousIllness: boolean;

  @Field({ defaultValue: false, description: '城乡居民基本养老保险 (basic pension insurance); default false.' })
  @IsBoolean()
  pension: boolean;

  @Field({ defaultValue: false, description: '商业补充医疗保险 (supplementary commercial medical insurance); default false.' })
  @IsBoolean()
  supplementaryMedical: boolean;

  @Field({ defaultValue: false, description: '人身意外保险补贴 (accident insurance subsidy); default false.' })
  @IsBoolean()
  accidentSubsidy: boolean;
}

@ObjectType({ description: 'A member\'s insurance of a year after it was set.' })
export class MemberInsurancePayload {
  @Field(() => MemberInsurance, { description: 'The enrolment as stored.' })
  insurance: MemberInsurance;
}

@InputType({ description: 'The poverty line of a year: the national line and the provincial exit line, separately.' })
export class SetPovertyLineInput {
  @Field(() => Int, { description: 'The year (2010–2100).' })
  @IsInt()
  @Min(2010)
  @Max(2100)
  year: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: '国家扶贫标准 in yuan per person per year, a Decimal string (e.g. "2952.00"); null if unknown.' })
  @IsOptional()
  @IsString()
  nationalLine?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '省定脱贫标准 in yuan per person per year, a Decimal string; null if unknown.' })
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

@ObjectType({ description: 'A poverty line after it was set.' })
export class PovertyLinePayload {
  @Field(() => PovertyLine, { description: 'The line as stored.' })
  povertyLine: PovertyLine;
}
