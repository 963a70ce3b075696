import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType, connectionDescription } from '../../common/pagination/connection';
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
import { ParameterValue } from '../../parameters/parameter.model';
import './lifecycle.enums';

@ObjectType('HouseholdProposal', { description: 'A bottom-up procedure on one household (识别纳入, 脱贫退出, 返贫, 剔除).' })
export class Proposal {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'Id of the household.' })
  householdId: string;

  @Field({ description: 'The household’s village.' })
  regionCode: string;

  @Field(() => ProposalKind, { description: 'Which procedure: registration, exit, return to poverty or removal.' })
  kind: ProposalKind;

  @Field(() => ProposalStage, { description: 'Where the procedure stands.' })
  stage: ProposalStage;

  @Field({ description: 'Whether the procedure is still running.' })
  open: boolean;

  @Field(() => Int, { description: 'The year the change counts for (the exit year of an exit).' })
  year: number;

  @Field({ description: 'Why it was proposed (申报理由).' })
  reason: string;

  @Field(() => String, { nullable: true, description: 'Evidence note given with the proposal (材料说明); null if none.' })
  evidence: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Exit: the village’s democratic appraisal (民主评议).' })
  appraisalOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Exit: the household agreed (农户认可).' })
  householdAgreedOn: string | null;

  @Field(() => Int, { nullable: true, description: 'Exit: days of the public notice (公示).' })
  noticeDays: number | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Exit: first day of the public notice (公示); null before it starts.' })
  noticeStartsOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day of the notice; the exit may be announced from the day after.' })
  noticeEndsOn: string | null;

  @Field(() => Int, { description: 'Objections recorded during notices (each sent the case back to the town).' })
  objections: number;

  @Field(() => ID, { description: 'Id of the account that proposed it.' })
  proposedBy: string;

  @Field(() => ID, { nullable: true, description: 'Id of the account that reviewed it at town level (乡镇审核); null before.' })
  townReviewedBy: string | null;

  @Field(() => ID, { nullable: true, description: 'Id of the account that approved it at district level (县级审定); null before.' })
  districtApprovedBy: string | null;

  @Field(() => ID, { nullable: true, description: 'Id of the account that rejected or withdrew it; null otherwise.' })
  decidedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected or withdrawn; a registration closed because a SYNC import registered the household starts with the code SUPERSEDED_BY_SYNC.' })
  rejectionReason: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Date the procedure took effect (YYYY-MM-DD); null while running or if it did not complete.' })
  completedOn: string | null;

  @Field(() => Int, { description: 'Send it back with each step; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
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

@ObjectType('HouseholdProposalConnection', { description: connectionDescription('household procedure proposals') })
export class ProposalConnection extends ConnectionType(Proposal, 'HouseholdProposal') {}

@ObjectType('HouseholdEvent', { description: 'One entry of a household’s history: a status change, a member change or a procedure step.' })
export class HouseholdEvent {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'Id of the household.' })
  householdId: string;

  @Field(() => ID, { nullable: true, description: 'For a member change: id of the member; null otherwise.' })
  memberId: string | null;

  @Field(() => HouseholdEventKind, { description: 'What kind of change.' })
  kind: HouseholdEventKind;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date the change took effect.' })
  effectiveOn: string;

  @Field(() => PovertyStatusValue, { nullable: true, description: 'Poverty status before the change; null when it did not change status.' })
  fromStatus: CodedValue<PovertyStatus> | null;

  @Field(() => PovertyStatusValue, { nullable: true, description: 'Poverty status after the change; null when it did not change status.' })
  toStatus: CodedValue<PovertyStatus> | null;

  @Field(() => HouseholdValidity, { nullable: true, description: 'Roll validity before the change; null when unchanged.' })
  fromValidity: HouseholdValidity | null;

  @Field(() => HouseholdValidity, { nullable: true, description: 'Roll validity after the change; null when unchanged.' })
  toValidity: HouseholdValidity | null;

  @Field(() => Int, { nullable: true, description: 'For an exit: the exit year (脱贫年度); null otherwise.' })
  exitYear: number | null;

  @Field(() => String, { nullable: true, description: 'Procedure step (e.g. TOWN_REVIEWED) or member change reason code (e.g. BIRTH).' })
  step: string | null;

  @Field(() => String, { nullable: true, description: 'The reason given; null if none.' })
  reason: string | null;

  @Field(() => String, { nullable: true, description: 'The evidence note given; null if none.' })
  evidence: string | null;

  @Field(() => ID, { nullable: true, description: 'The procedure the event belongs to; null for changes outside a procedure.' })
  proposalId: string | null;

  @Field(() => String, { nullable: true, description: 'Id of the account or API key that recorded it; null for imported history.' })
  actorId: string | null;

  @Field(() => String, { nullable: true, description: 'Name of that account or key at the time; null for imported history.' })
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

@ObjectType('ExitCriterionResult', { description: 'One criterion of the exit standard for one household: passed or not, and why.' })
export class ExitCriterionResultModel {
  @Field(() => ExitCriterion, { description: 'Which criterion (两不愁三保障 or income).' })
  criterion: ExitCriterion;

  @Field({ description: 'The criterion in Chinese, e.g. 义务教育有保障.' })
  label: string;

  @Field({ description: 'True when the household meets this criterion.' })
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
  @Field(() => ID, { description: 'Id of the household.' })
  householdId: string;

  @Field(() => Int, { description: 'The exit year assessed.' })
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'Membership is taken on this day: 31 December of the year, or today while it runs.' })
  membersOn: string;

  @Field({ description: 'True only when every criterion passes.' })
  passed: boolean;

  @Field(() => [ExitCriterionResultModel], { description: 'One result per criterion.' })
  results: ExitCriterionResultModel[];

  @Field(() => [ParameterValue], { description: 'The policy parameters the assessment used (the poverty lines as of membersOn for the household\'s village), each with its value, source and status: badge UNVERIFIED and NOT_CONFIGURED ones.' })
  parametersUsed: ParameterValue[];

  static from(a: ExitAssessmentResult): ExitAssessment {
    return Object.assign(new ExitAssessment(), { ...a, results: a.results.map(ExitCriterionResultModel.from), parametersUsed: a.parametersUsed.map(ParameterValue.from) });
  }
}

@ObjectType('HouseholdStatusAsOf', { description: 'A household’s status and validity on a date, derived from its events.' })
export class HouseholdStatusAsOf {
  @Field(() => ID, { description: 'Id of the household.' })
  householdId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date asked for (YYYY-MM-DD).' })
  date: string;

  @Field(() => PovertyStatusValue, { nullable: true, description: 'Null before its registration.' })
  status: CodedValue<PovertyStatus> | null;

  @Field(() => HouseholdValidity, { description: 'Roll validity on that date.' })
  validity: HouseholdValidity;

  @Field(() => Int, { nullable: true, description: 'Exit year of the latest exit on or before the date.' })
  exitYear: number | null;

  @Field({ description: 'On the roll (registered and not removed) on that date.' })
  onRoll: boolean;
}

@ObjectType('ProposalPayload', { description: 'A proposal after a step, with its household.' })
export class ProposalPayload {
  @Field(() => Proposal, { description: 'The proposal as it is now.' })
  proposal: Proposal;

  @Field(() => Household, { description: 'The household after the step.' })
  household: Household;
}

@ObjectType('MemberChangePayload', { description: 'The result of a member joining or leaving.' })
export class MemberChangePayload {
  @Field(() => Member, { description: 'The membership the change created or ended.' })
  member: Member;

  @Field(() => Household, { description: 'The household after the change.' })
  household: Household;
}

@ObjectType('MoveMemberPayload', { description: 'The result of moving a member between households.' })
export class MoveMemberPayload {
  @Field(() => Member, { description: 'The new membership in the target household.' })
  member: Member;

  @Field(() => Member, { description: 'The ended membership in the former household.' })
  formerMembership: Member;

  @Field(() => Household, { description: 'The former household after the move.' })
  fromHousehold: Household;

  @Field(() => Household, { description: 'The target household after the move.' })
  toHousehold: Household;
}
