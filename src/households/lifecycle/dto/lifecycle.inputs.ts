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
  @Field(() => ID, { description: 'Id of the household the procedure is about.' })
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

@InputType({ description: 'Proposes a candidate household for registration (识别纳入), starting the procedure in its village.' })
export class ProposeRegistrationInput extends ProposeFields {}

@InputType({ description: 'Proposes that an exited household return to poverty (返贫).' })
export class ProposeReturnToPovertyInput extends ProposeFields {}

@InputType({ description: 'Proposes removing a household from the roll (剔除, e.g. wrongly registered).' })
export class ProposeRemovalInput extends ProposeFields {}

@InputType({ description: 'Proposes a household\'s exit from poverty (脱贫退出) after the village\'s democratic appraisal.' })
export class ProposeExitInput extends ProposeFields {
  @Field(() => GraphQLLocalDateScalar, { description: 'Date of the village’s democratic appraisal (民主评议), on or before the proposal.' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  appraisalOn: string;
}

/** A step on an open proposal, with the version read. */
@InputType({ isAbstract: true })
abstract class StepFields {
  @Field(() => ID, { description: 'Id of the proposal (HouseholdProposal.id).' })
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

@InputType({ description: 'Records that the household agreed to its exit (农户认可).' })
export class RecordHouseholdAgreementInput extends StepFields {
  @Field(() => String, { nullable: true, description: 'How the household agreed (e.g. 户主签字确认).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@InputType({ description: 'A town review or district approval of a proposal: approve, or reject with a reason.' })
export class DecideProposalInput extends StepFields {
  @Field(() => ProposalDecision, { description: 'APPROVE moves the proposal on; REJECT ends it (reason required).' })
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

@InputType({ description: 'Records an objection received during the public notice (公示); the case goes back to the town.' })
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

@InputType({ description: 'Announces an approved exit after its public notice ended (公告退出): the household becomes exited.' })
export class AnnounceExitInput extends StepFields {
  @Field(() => String, { nullable: true, description: 'Note kept with the step (e.g. 公告文号), optional.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@InputType({ description: 'Withdraws a running proposal (by the village that proposed it).' })
export class WithdrawProposalInput extends StepFields {
  @Field({ description: 'Why it is withdrawn.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

@ArgsType()
export class ProposalsArgs extends ConnectionArgs {
  @Field(() => ProposalKind, { nullable: true, description: 'Only proposals of this kind.' })
  @IsOptional()
  @IsEnum(ProposalKind)
  kind?: ProposalKind;

  @Field(() => ProposalStage, { nullable: true, description: 'Only proposals at this stage.' })
  @IsOptional()
  @IsEnum(ProposalStage)
  stage?: ProposalStage;

  @Field(() => String, { nullable: true, description: 'Proposals of households in this region’s subtree (within your own).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => ID, { nullable: true, description: 'Only proposals about this household.' })
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
  @Field(() => ID, { description: 'Id of the household assessed.' })
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
  @Field(() => ID, { description: 'Id of the household.' })
  @IsUUID()
  householdId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date (YYYY-MM-DD), e.g. 2017-12-31 for a year-end view.' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  date: string;
}

@ArgsType()
export class DateArgs {
  @Field(() => GraphQLLocalDateScalar, { description: 'The date (YYYY-MM-DD).' })
  @Matches(LOCAL_DATE, DATE_MESSAGE)
  date: string;
}

// ---- member changes ---------------------------------------------------------------------------

export const JOIN_REASONS = [JoinReason.BIRTH, JoinReason.MARRIAGE, JoinReason.OTHER] as const;
export const LEAVE_REASONS = [LeaveReason.DEATH, LeaveReason.MARRIAGE, LeaveReason.MOVED, LeaveReason.OTHER] as const;

@InputType({ description: 'A new member joining a household (birth, marriage…), with its own membership from joinedOn.' })
export class MemberJoinsInput {
  @Field(() => ID, { description: 'Id of the household the member joins.' })
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

  @Field(() => String, { nullable: true, description: 'Note kept with the event, optional.' })
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

@InputType({ description: 'A member leaving a household (death, marriage, moving away): the membership ends on leftOn.' })
export class MemberLeavesInput {
  @Field(() => ID, { description: 'Id of the member (the current membership).' })
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

  @Field(() => String, { nullable: true, description: 'Note kept with the event, optional.' })
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

@InputType({ description: 'Moves a member to another registered household: the old membership ends and a new one starts on movedOn.' })
export class MoveMemberInput {
  @Field(() => ID, { description: 'Id of the member (the current membership).' })
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: 'The member version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => ID, { description: 'Id of the household the member moves to.' })
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

  @Field(() => String, { nullable: true, description: 'Evidence note (e.g. 户口迁移证明), optional.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}
