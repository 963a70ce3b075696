import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType } from '../../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../../common/scalars/scalars';
import { HouseholdEventEntity, HouseholdEventKind } from '../household-event.entity';
import { Household } from '../household.model';
import { HouseholdValidity } from '../household.entity';
import { Member } from '../member.model';
import { ProposalEntity, ProposalKind, ProposalStage } from '../proposal.entity';
import { PovertyStatus } from '../registry-codes';
import { coded, CodedValue, PovertyStatusValue } from '../registry-enums';
import { CriterionResult, EXIT_CRITERION_LABEL, ExitCriterion } from './exit-standard/exit-criterion';
import { ExitAssessmentResult } from './exit-standard/exit-standard';
import './lifecycle.enums';

@ObjectType('HouseholdProposal', { description: 'A bottom-up procedure on one household (识别纳入, 脱贫退出, 返贫, 剔除).' })
export class Proposal {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  householdId: string;

  @Field({ description: 'The household’s village.' })
  regionCode: string;

  @Field(() => ProposalKind)
  kind: ProposalKind;

  @Field(() => ProposalStage)
  stage: ProposalStage;

  @Field({ description: 'Whether the procedure is still running.' })
  open: boolean;

  @Field(() => Int, { description: 'The year the change counts for (the exit year of an exit).' })
  year: number;

  @Field()
  reason: string;

  @Field(() => String, { nullable: true })
  evidence: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Exit: the village’s democratic appraisal (民主评议).' })
  appraisalOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Exit: the household agreed (农户认可).' })
  householdAgreedOn: string | null;

  @Field(() => Int, { nullable: true, description: 'Exit: days of the public notice (公示).' })
  noticeDays: number | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true })
  noticeStartsOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day of the notice; the exit may be announced from the day after.' })
  noticeEndsOn: string | null;

  @Field(() => Int, { description: 'Objections recorded during notices (each sent the case back to the town).' })
  objections: number;

  @Field(() => ID)
  proposedBy: string;

  @Field(() => ID, { nullable: true })
  townReviewedBy: string | null;

  @Field(() => ID, { nullable: true })
  districtApprovedBy: string | null;

  @Field(() => ID, { nullable: true })
  decidedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected or withdrawn.' })
  rejectionReason: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true })
  completedOn: string | null;

  @Field(() => Int, { description: 'Send it back with each step; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar)
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar)
  updatedAt: Date;

  static from(e: ProposalEntity): Proposal {
    const p = new Proposal();
    Object.assign(p, {
      id: e.id,
      householdId: e.householdId,
      regionCode: e.regionCode,
      kind: e.kind,
      stage: e.stage,
      open: ![ProposalStage.COMPLETED, ProposalStage.REJECTED, ProposalStage.WITHDRAWN].includes(e.stage),
      year: e.year,
      reason: e.reason,
      evidence: e.evidence,
      appraisalOn: e.appraisalOn,
      householdAgreedOn: e.householdAgreedOn,
      noticeDays: e.noticeDays,
      noticeStartsOn: e.noticeStartsOn,
      noticeEndsOn: e.noticeEndsOn,
      objections: e.objections,
      proposedBy: e.proposedBy,
      townReviewedBy: e.townReviewedBy,
      districtApprovedBy: e.districtApprovedBy,
      decidedBy: e.decidedBy,
      rejectionReason: e.rejectionReason,
      completedOn: e.completedOn,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
    return p;
  }
}

@ObjectType('HouseholdProposalConnection')
export class ProposalConnection extends ConnectionType(Proposal, 'HouseholdProposal') {}

@ObjectType('HouseholdEvent', { description: 'One entry of a household’s history: a status change, a member change or a procedure step.' })
export class HouseholdEvent {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  householdId: string;

  @Field(() => ID, { nullable: true })
  memberId: string | null;

  @Field(() => HouseholdEventKind)
  kind: HouseholdEventKind;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date the change took effect.' })
  effectiveOn: string;

  @Field(() => PovertyStatusValue, { nullable: true })
  fromStatus: CodedValue<PovertyStatus> | null;

  @Field(() => PovertyStatusValue, { nullable: true })
  toStatus: CodedValue<PovertyStatus> | null;

  @Field(() => HouseholdValidity, { nullable: true })
  fromValidity: HouseholdValidity | null;

  @Field(() => HouseholdValidity, { nullable: true })
  toValidity: HouseholdValidity | null;

  @Field(() => Int, { nullable: true })
  exitYear: number | null;

  @Field(() => String, { nullable: true, description: 'Procedure step (e.g. TOWN_REVIEWED) or member change reason code (e.g. BIRTH).' })
  step: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => String, { nullable: true })
  evidence: string | null;

  @Field(() => ID, { nullable: true })
  proposalId: string | null;

  @Field(() => String, { nullable: true })
  actorId: string | null;

  @Field(() => String, { nullable: true })
  actorName: string | null;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded.' })
  createdAt: Date;

  static from(e: HouseholdEventEntity): HouseholdEvent {
    const h = new HouseholdEvent();
    Object.assign(h, {
      id: e.id,
      householdId: e.householdId,
      memberId: e.memberId,
      kind: e.kind,
      effectiveOn: e.effectiveOn,
      fromStatus: coded(PovertyStatus, e.fromStatus),
      toStatus: coded(PovertyStatus, e.toStatus),
      fromValidity: e.fromValidity,
      toValidity: e.toValidity,
      exitYear: e.exitYear,
      step: e.step,
      reason: e.reason,
      evidence: e.evidence,
      proposalId: e.proposalId,
      actorId: e.actorId,
      actorName: e.actorName,
      createdAt: e.createdAt,
    });
    return h;
  }
}

@ObjectType('ExitCriterionResult')
export class ExitCriterionResultModel {
  @Field(() => ExitCriterion)
  criterion: ExitCriterion;

  @Field({ description: 'The criterion in Chinese, e.g. 义务教育有保障.' })
  label: string;

  @Field()
  passed: boolean;

  @Field({ description: 'Why it passed or failed, in Chinese.' })
  reason: string;

  @Field(() => GraphQLJSONObject, { description: 'The facts the criterion used (amounts as Decimal strings).' })
  facts: Record<string, unknown>;

  static from(r: CriterionResult): ExitCriterionResultModel {
    return Object.assign(new ExitCriterionResultModel(), { ...r, label: EXIT_CRITERION_LABEL[r.criterion] });
  }
}

@ObjectType('ExitAssessment', { description: '§28: the exit standard, per criterion. An exit is refused while any criterion fails.' })
export class ExitAssessment {
  @Field(() => ID)
  householdId: string;

  @Field(() => Int)
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'Membership is taken on this day: 31 December of the year, or today while it runs.' })
  membersOn: string;

  @Field({ description: 'True only when every criterion passes.' })
  passed: boolean;

  @Field(() => [ExitCriterionResultModel])
  results: ExitCriterionResultModel[];

  static from(a: ExitAssessmentResult): ExitAssessment {
    return Object.assign(new ExitAssessment(), { ...a, results: a.results.map(ExitCriterionResultModel.from) });
  }
}

@ObjectType('HouseholdStatusAsOf', { description: 'A household’s status and validity on a date, derived from its events.' })
export class HouseholdStatusAsOf {
  @Field(() => ID)
  householdId: string;

  @Field(() => GraphQLLocalDateScalar)
  date: string;

  @Field(() => PovertyStatusValue, { nullable: true, description: 'Null before its registration.' })
  status: CodedValue<PovertyStatus> | null;

  @Field(() => HouseholdValidity)
  validity: HouseholdValidity;

  @Field(() => Int, { nullable: true, description: 'Exit year of the latest exit on or before the date.' })
  exitYear: number | null;

  @Field({ description: 'On the roll (registered and not removed) on that date.' })
  onRoll: boolean;
}

@ObjectType('ProposalPayload')
export class ProposalPayload {
  @Field(() => Proposal)
  proposal: Proposal;

  @Field(() => Household, { description: 'The household after the step.' })
  household: Household;
}

@ObjectType('MemberChangePayload')
export class MemberChangePayload {
  @Field(() => Member, { description: 'The membership the change created or ended.' })
  member: Member;

  @Field(() => Household)
  household: Household;
}

@ObjectType('MoveMemberPayload')
export class MoveMemberPayload {
  @Field(() => Member, { description: 'The new membership in the target household.' })
  member: Member;

  @Field(() => Member, { description: 'The ended membership in the former household.' })
  formerMembership: Member;

  @Field(() => Household)
  fromHousehold: Household;

  @Field(() => Household)
  toHousehold: Household;
}
