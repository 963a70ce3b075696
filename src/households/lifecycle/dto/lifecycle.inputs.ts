import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../../common/pagination/connection';
import { GraphQLLocalDateScalar } from '../../../common/scalars/scalars';
import { MemberInput } from '../../dto/household.inputs';
import { JoinReason, LeaveReason } from '../../member.entity';
import { ProposalKind, ProposalStage } from '../../proposal.entity';
import { Relation } from '../../registry-codes';
import '../../registry-enums';
import '../lifecycle.enums';
import { ProposalDecision } from '../proposals.service';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const REGION_CODE = /^\d{12}$/;
const DATE_MESSAGE = { message: 'must be a date YYYY-MM-DD' };

/** What every village proposal carries. */
@InputType({ isAbstract: true })
abstract class ProposeFields {
  @Field(() => ID)
  @IsUUID()
  householdId: string;

  @Field(() => Int, { nullable: true, description: 'The year the change counts for; default the year of effectiveOn.' })
  @IsOptional()
  @IsInt()
  year?: number;

  @Field({ description: 'Why (申报理由).' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;

  @Field(() => String, { nullable: true, description: 'Evidence note (材料说明).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Date of the step; default today, never in the future.' })
  @IsOptional()
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  effectiveOn?: string;
}

@InputType()
export class ProposeRegistrationInput extends ProposeFields {}

@InputType()
export class ProposeReturnToPovertyInput extends ProposeFields {}

@InputType()
export class ProposeRemovalInput extends ProposeFields {}

@InputType()
export class ProposeExitInput extends ProposeFields {
  @Field(() => GraphQLLocalDateScalar, { description: 'Date of the village’s democratic appraisal (民主评议), on or before the proposal.' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  appraisalOn: string;
}

/** A step on an open proposal, with the version read. */
@InputType({ isAbstract: true })
abstract class StepFields {
  @Field(() => ID)
  @IsUUID()
  proposalId: string;

  @Field(() => Int, { description: 'The proposal version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Date of the step; default today, never in the future.' })
  @IsOptional()
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  effectiveOn?: string;

  @Field(() => String, { nullable: true, description: 'Evidence note (材料说明).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}

@InputType()
export class RecordHouseholdAgreementInput extends StepFields {
  @Field(() => String, { nullable: true, description: 'How the household agreed (e.g. 户主签字确认).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@InputType()
export class DecideProposalInput extends StepFields {
  @Field(() => ProposalDecision)
  @IsEnum(ProposalDecision)
  decision: ProposalDecision;

  @Field(() => String, { nullable: true, description: 'Required when rejecting (驳回理由).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @Field(() => String, { nullable: true, description: 'Opinion when approving (审核/审批意见).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@InputType()
export class RecordObjectionInput extends StepFields {
  @Field({ description: 'The objection received during the public notice (公示异议).' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  objection: string;

  @Field(() => GraphQLLocalDateScalar, {
    nullable: true,
    description: 'The day the objection was received (default effectiveOn, or today). One received within the notice counts, even when recorded after the notice ended.',
  })
  @IsOptional()
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  receivedOn?: string;
}

@InputType()
export class AnnounceExitInput extends StepFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@InputType()
export class WithdrawProposalInput extends StepFields {
  @Field({ description: 'Why it is withdrawn.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

@ArgsType()
export class ProposalsArgs extends ConnectionArgs {
  @Field(() => ProposalKind, { nullable: true })
  @IsOptional()
  @IsEnum(ProposalKind)
  kind?: ProposalKind;

  @Field(() => ProposalStage, { nullable: true })
  @IsOptional()
  @IsEnum(ProposalStage)
  stage?: ProposalStage;

  @Field(() => String, { nullable: true, description: 'Proposals of households in this region’s subtree (within your own).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only procedures still running.' })
  @IsOptional()
  @IsBoolean()
  openOnly?: boolean;
}

@ArgsType()
export class ExitAssessmentArgs {
  @Field(() => ID)
  @IsUUID()
  householdId: string;

  @Field(() => Int, { description: 'The exit year assessed.' })
  @IsInt()
  @Min(2013)
  @Max(2100)
  year: number;
}

@ArgsType()
export class HouseholdAsOfArgs {
  @Field(() => ID)
  @IsUUID()
  householdId: string;

  @Field(() => GraphQLLocalDateScalar)
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  date: string;
}

@ArgsType()
export class DateArgs {
  @Field(() => GraphQLLocalDateScalar)
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  date: string;
}

// ---- member changes ---------------------------------------------------------------------------

export const JOIN_REASONS = [JoinReason.BIRTH, JoinReason.MARRIAGE, JoinReason.OTHER] as const;
export const LEAVE_REASONS = [LeaveReason.DEATH, LeaveReason.MARRIAGE, LeaveReason.MOVED, LeaveReason.OTHER] as const;

@InputType()
export class MemberJoinsInput {
  @Field(() => ID)
  @IsUUID()
  householdId: string;

  @Field(() => MemberInput, { description: 'The new member, as at registration (the same rules apply).' })
  @ValidateNested()
  @Type(() => MemberInput)
  member: MemberInput;

  @Field(() => GraphQLLocalDateScalar, { description: 'Date the member joined; never in the future.' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  joinedOn: string;

  @Field(() => JoinReason, { description: 'BIRTH, MARRIAGE or OTHER (a move between households is moveMember).' })
  @IsIn([...JOIN_REASONS])
  reason: JoinReason;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @Field(() => String, { nullable: true, description: 'Evidence (e.g. 出生医学证明编号, 结婚证).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}

@InputType()
export class MemberLeavesInput {
  @Field(() => ID)
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: 'The member version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'Date the member left (the date of death for DEATH); never in the future.' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  leftOn: string;

  @Field(() => LeaveReason, { description: 'DEATH, MARRIAGE, MOVED or OTHER.' })
  @IsIn([...LEAVE_REASONS])
  reason: LeaveReason;

  @Field(() => ID, { nullable: true, description: 'Required when the head leaves: another current member becomes head.' })
  @IsOptional()
  @IsUUID()
  newHeadMemberId?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @Field(() => String, { nullable: true, description: 'Evidence (e.g. 死亡证明).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}

@InputType()
export class MoveMemberInput {
  @Field(() => ID)
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: 'The member version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => ID)
  @IsUUID()
  toHouseholdId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Date of the move; never in the future.' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  movedOn: string;

  @Field(() => Relation.values, { description: 'Relation to the head of the target household.' })
  @IsEnum(Relation.values)
  relation: Relation;

  @Field({ description: 'Why (e.g. 婚迁, 分户).' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;

  @Field(() => ID, { nullable: true, description: 'Required when the head moves out: another current member becomes head of the former household.' })
  @IsOptional()
  @IsUUID()
  newHeadMemberId?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}
