import type { Type } from '@nestjs/common';
import { ArgsType, Field, ID, InputType, Int, IntersectionType, ObjectType, OmitType, PartialType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { RecordDeletionInput, RecordVersionInput } from '../common/kit/record-inputs';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { MemberRecordsArgs } from './health.args';
import { InsuranceEnrolmentEntity } from './insurance.entity';
import { InsuranceGapRow } from './insurance.service';

const YEAR = { min: 2010, max: 2100 };
const LAYER = "The layer: a code of health.insurance_layers in force in the year in the household's village (基本医疗保险, 大病保险, 大病补充医疗保险…).";

@ObjectType('InsuranceEnrolment', {
  description: "参保记录: a member's enrolment in one insurance layer for one year, with the premium and the subsidy. Its region is the household's village; the health department (and the offices) keep it.",
})
export class InsuranceEnrolment {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The member (家庭成员) insured.' })
  memberId: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field(() => Int, { description: 'The year of the enrolment.' })
  year: number;

  @Field({ description: LAYER })
  layer: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '个人缴费: the premium for the year, yuan (a Decimal string); null when not stated or the layer has no individual premium (大病保险, 医疗救助).' })
  premium: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '资助参保: the part of the premium paid for the member, yuan (at most the premium); null when not stated.' })
  subsidy: string | null;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (HEALTH): only its officers (and the offices) change the record.' })
  sector: Sector;

  @Field(() => Int, { description: 'Send it back with updateInsuranceEnrolment or deleteInsuranceEnrolment; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: InsuranceEnrolmentEntity): InsuranceEnrolment {
    return Object.assign(new InsuranceEnrolment(), e);
  }
}

@ObjectType({ description: connectionDescription('insurance enrolments (参保记录)') })
export class InsuranceEnrolmentConnection extends ConnectionType(InsuranceEnrolment) {}

@ObjectType({ description: 'The result of an insurance enrolment mutation.' })
export class InsuranceEnrolmentPayload {
  @Field(() => InsuranceEnrolment, { description: 'The record as stored (for a deletion: as it was).' })
  insuranceEnrolment: InsuranceEnrolment;

  @Field(() => [ParameterValue], { description: 'The parameters the checks read, each with its status (health.insurance_layers for the year; none for a deletion).' })
  parametersUsed: ParameterValue[];
}

@ArgsType()
export class InsuranceEnrolmentsArgs extends MemberRecordsArgs {
  @Field(() => Int, { nullable: true, description: 'Only records of this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: 'Only records of this layer.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  layer?: string;
}

@ArgsType()
export class InsuranceEnrolmentArgs {
  @Field(() => ID, { description: 'Id (UUID) of the record.' })
  @IsUUID()
  id: string;
}

@InputType({ description: "A member's enrolment in an insurance layer for a year, with the premium and the subsidy." })
export class CreateInsuranceEnrolmentInput {
  @Field(() => ID, { description: 'The member: a current member in your write scope, in the household during the year.' })
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: 'The year of the enrolment.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field({ description: `${LAYER} Once per member and year (INSURANCE_ENROLMENT_DUPLICATE).` })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  layer: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The premium, yuan: not negative, at most 2 decimals. Omit (or null) when the roster states none or the layer has no individual premium.' })
  @IsOptional()
  @IsString()
  premium?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The subsidy, yuan: not negative, at most 2 decimals, at most the premium when both are given (SUBSIDY_ABOVE_PREMIUM). Omit (or null) when not stated.' })
  @IsOptional()
  @IsString()
  subsidy?: string | null;
}

@InputType({ description: 'Corrections to an insurance enrolment (its member stays: delete it and record another); send the version you read. Omitted fields are unchanged.' })
export class UpdateInsuranceEnrolmentInput extends IntersectionType(RecordVersionInput as Type<RecordVersionInput>, PartialType(OmitType(CreateInsuranceEnrolmentInput, ['memberId'] as const))) {}

@InputType({ description: 'Deletes an enrolment entered in error, with the reason (the audit trail keeps it).' })
export class DeleteInsuranceEnrolmentInput extends RecordDeletionInput {}

@ArgsType()
export class MembersMissingInsuranceArgs extends ConnectionArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => String, { nullable: true, description: 'Only members without this layer (a code of health.insurance_layers for the year); omitted: without any layer of the list.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  layer?: string;

  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code); the layer list is read for it (omitted: your whole region, the list read for your region)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ObjectType('InsuranceGap', { description: '应保尽保: a current member without a record of some insurance layers in a year, with the layers it has and lacks.' })
export class InsuranceGap {
  @Field(() => ID, { description: 'The member.' })
  memberId: string;

  @Field({ description: "The member's name." })
  name: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => [String], { description: 'The layers the member has a record of in the year.' })
  enrolledLayers: string[];

  @Field(() => [String], { description: 'The layers asked about (the list, or the one layer) the member has no record of, in the list\'s order.' })
  missingLayers: string[];

  static from(r: InsuranceGapRow): InsuranceGap {
    return Object.assign(new InsuranceGap(), {
      memberId: r.member.id,
      name: r.member.name,
      householdId: r.member.householdId,
      regionCode: r.member.regionCode,
      year: r.year,
      enrolledLayers: r.enrolledLayers,
      missingLayers: r.missingLayers,
    });
  }
}

@ObjectType({ description: connectionDescription('members without some insurance layers (应保尽保)') })
export class InsuranceGapConnection extends ConnectionType(InsuranceGap) {
  @Field(() => [ParameterValue], { description: 'The parameters used, each with its status (health.insurance_layers for the year in the region asked).' })
  parametersUsed: ParameterValue[];
}
