import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { VillageRole } from '../assistance/assistance.entities';
import type { Permission } from '../common/access/permissions';
import { Sector } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { actionDescriptions, availableActions } from '../common/procedure/procedure';
import { RecordVersionInput } from '../common/kit/record-inputs';
import { MONTH } from '../common/dates/local-date';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import { APPRAISAL_ACTIONS, APPRAISAL_PROCEDURE, AppraisalAction } from './appraisal-procedure';
import { consequencesOf } from './appraisal-score';
import {
  AppraisalConsequence,
  AppraisalEntryEntity,
  AppraisalFollowUpEntity,
  AppraisalFollowUpStatus,
  AppraisalRoundEntity,
  AppraisalStage,
  AppraisalTargetKind,
  PERSON_TARGETS,
} from './appraisal.entity';
import type { WorkTeamMonth } from './work-team-attendance.service';

const REGION_CODE = /^\d{12}$/;

registerEnumType(AppraisalTargetKind, {
  name: 'AppraisalTargetKind',
  description: 'What an appraisal round appraises (考核对象).',
  valuesMap: {
    TOWN: { description: '乡镇: a town (unit grades)' },
    DEPARTMENT: { description: '行业部门: a sector department (unit grades)' },
    WORK_TEAM: { description: '驻村工作队: a village’s resident work team (unit grades)' },
    FIRST_SECRETARY: { description: '第一书记: a first secretary’s term in a village (person grades)' },
    HELPER: { description: '帮扶责任人: a helper (person grades)' },
  },
});

registerEnumType(AppraisalStage, {
  name: 'AppraisalStage',
  description: 'Where an appraisal entry stands (草稿 → 已提交 → 已审定).',
  valuesMap: Object.fromEntries(Object.values(AppraisalStage).map((s) => [s, { description: `${APPRAISAL_PROCEDURE.stages[s].label}${APPRAISAL_PROCEDURE.stages[s].final ? ' (final)' : ''}` }])),
});

registerEnumType(AppraisalConsequence, {
  name: 'AppraisalConsequence',
  description: 'A consequence of a unit grade to follow up (RULES.md §9, supervision.appraisal_unit_grades: 一般 → 约谈; 差 → 限期整改).',
  valuesMap: {
    ADMONITION_TALK: { description: '约谈 (grade 一般)' },
    RECTIFICATION_BY_DEADLINE: { description: '限期整改 (grade 差)' },
  },
});

registerEnumType(AppraisalFollowUpStatus, {
  name: 'AppraisalFollowUpStatus',
  description: 'Whether a follow-up of an appraisal grade is done.',
  valuesMap: { PENDING: { description: '待办: not recorded as done yet' }, DONE: { description: '已办结: recorded as done' } },
});

export const AppraisalActionEnum = Object.fromEntries(APPRAISAL_ACTIONS.map((a) => [a, a])) as { [K in AppraisalAction]: K };
registerEnumType(AppraisalActionEnum, {
  name: 'AppraisalAction',
  description: 'A step of an appraisal entry’s finalisation.',
  valuesMap: actionDescriptions(APPRAISAL_PROCEDURE),
});

@ObjectType('AppraisalRound', { description: '考核轮次: the appraisal of one kind of target for a year by the appraisal body of a region.' })
export class AppraisalRound {
  @Field(() => ID, { description: 'Unique id of the round.' })
  id: string;

  @Field(() => Int, { description: 'The year appraised.' })
  year: number;

  @Field(() => AppraisalTargetKind, { description: 'What it appraises.' })
  targetKind: AppraisalTargetKind;

  @Field({ description: 'The appraisal body’s region (12-digit code): every target lies within it.' })
  regionCode: string;

  @Field({ description: 'The title, e.g. 2018年度乡镇脱贫攻坚考核.' })
  title: string;

  @Field(() => Int, { description: 'The row’s version.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: AppraisalRoundEntity): AppraisalRound {
    return Object.assign(new AppraisalRound(), { id: e.id, year: e.year, targetKind: e.targetKind, regionCode: e.regionCode, title: e.title, version: e.version, createdAt: e.createdAt });
  }
}

@ObjectType({ description: connectionDescription('appraisal rounds (考核轮次)') })
export class AppraisalRoundConnection extends ConnectionType(AppraisalRound) {}

@ObjectType('AppraisalWeights', { description: 'The weights a total was computed with: supervision.appraisal_weights in force at the round’s year end in its region.' })
export class AppraisalWeights {
  @Field(() => GraphQLDecimal, { description: '日常督查: the weight of the daily supervision score.' })
  dailySupervision: string;

  @Field(() => GraphQLDecimal, { description: '年度核查: the weight of the annual check score.' })
  annualCheck: string;

  @Field(() => GraphQLDecimal, { description: '第三方评估: the weight of the third-party assessment score.' })
  thirdPartyAssessment: string;

  @Field(() => ID, { description: 'The parameter version used.' })
  parameterId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date it was read as of (the round’s year end).' })
  asOf: string;

  @Field(() => String, { nullable: true, description: 'The version’s scope (12-digit code; "" national).' })
  scopeCode: string | null;

  @Field({ description: 'The version’s status (VERIFIED, UNVERIFIED, SEED): badge an unverified one.' })
  status: string;

  @Field(() => String, { nullable: true, description: 'The version’s source.' })
  source: string | null;
}

@ObjectType('AppraisalFollowUp', { description: '考核结果运用: a consequence of an approved unit grade to carry out (约谈, 限期整改).' })
export class AppraisalFollowUp {
  @Field(() => ID, { description: 'Unique id of the follow-up.' })
  id: string;

  @Field(() => ID, { description: 'The appraisal entry.' })
  entryId: string;

  @Field(() => AppraisalConsequence, { description: 'What is to be done.' })
  consequence: AppraisalConsequence;

  @Field(() => AppraisalFollowUpStatus, { description: 'Whether it is done.' })
  status: AppraisalFollowUpStatus;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date it was done.' })
  doneOn: string | null;

  @Field(() => String, { nullable: true, description: 'What was done.' })
  note: string | null;

  @Field(() => Int, { description: 'Send it back when recording it done; a stale version is a CONFLICT.' })
  version: number;

  static from(e: AppraisalFollowUpEntity): AppraisalFollowUp {
    return Object.assign(new AppraisalFollowUp(), { id: e.id, entryId: e.entryId, consequence: e.consequence, status: e.status, doneOn: e.doneOn, note: e.note, version: e.version });
  }
}

@ObjectType('AppraisalEntry', { description: '考核结果: one target of an appraisal round with its sub-scores, the weighted total, the grade and its finalisation.' })
export class AppraisalEntry {
  @Field(() => ID, { description: 'Unique id of the entry.' })
  id: string;

  @Field(() => ID, { description: 'The round.' })
  roundId: string;

  @Field(() => AppraisalTargetKind, { description: 'The kind of target (the round’s).' })
  targetKind: AppraisalTargetKind;

  @Field({ description: 'The target’s place (12-digit code): the town, the village of a work team or first secretary, the helper’s region, the round’s region for a department.' })
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'TOWN: the town; WORK_TEAM: the village.' })
  targetRegionCode: string | null;

  @Field(() => Sector, { nullable: true, description: 'DEPARTMENT: the sector.' })
  targetSector: Sector | null;

  @Field(() => ID, { nullable: true, description: 'FIRST_SECRETARY: the village assignment (villageTeam in assistance).' })
  targetAssignmentId: string | null;

  @Field(() => ID, { nullable: true, description: 'HELPER: the helper.' })
  targetHelperId: string | null;

  @Field({ description: 'The target’s name when entered.' })
  targetName: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '日常督查: the daily supervision score (0–100, two decimals).' })
  dailyScore: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '年度核查: the annual check score (0–100, two decimals).' })
  annualScore: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '第三方评估: the third-party assessment score (0–100, two decimals).' })
  thirdPartyScore: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The weighted total (综合得分, exact, four decimals), computed from the weights; null until the three sub-scores are in.' })
  total: string | null;

  @Field(() => AppraisalWeights, { nullable: true, description: 'The weights the total was computed with; null without a total.' })
  weights: AppraisalWeights | null;

  @Field(() => String, { nullable: true, description: 'The grade: a code of supervision.appraisal_unit_grades (units) or supervision.appraisal_person_grades (persons), entered by the appraisal body.' })
  grade: string | null;

  @Field(() => [AppraisalConsequence], { description: 'What the grade brings (一般 → 约谈; 差 → 限期整改); recorded as follow-ups when approved.' })
  consequences: AppraisalConsequence[];

  @Field({ description: 'Excluded from awards by the grade (一般 → no award).' })
  awardExcluded: boolean;

  @Field(() => String, { nullable: true, description: 'Notes of the appraisal body.' })
  notes: string | null;

  @Field(() => AppraisalStage, { description: 'Where it stands.' })
  stage: AppraisalStage;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the last step (submitting, returning, approving); before any, the first day of the year appraised. A step is not dated before it.' })
  lastStepOn: string;

  @Field(() => String, { nullable: true, description: 'Who submitted it (may not approve it).' })
  submittedByName: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date submitted.' })
  submittedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Who approved it.' })
  approvedByName: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date approved.' })
  approvedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was last returned to the draft.' })
  returnReason: string | null;

  @Field(() => [AppraisalActionEnum], { description: 'The steps you may take now.' })
  availableActions: AppraisalAction[];

  @Field(() => Int, { description: 'Send it back with each change; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was entered (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: AppraisalEntryEntity, held: ReadonlySet<Permission>): AppraisalEntry {
    return Object.assign(new AppraisalEntry(), {
      id: e.id, roundId: e.roundId, targetKind: e.targetKind, regionCode: e.regionCode, targetRegionCode: e.targetRegionCode, targetSector: e.targetSector as Sector | null,
      targetAssignmentId: e.targetAssignmentId, targetHelperId: e.targetHelperId, targetName: e.targetName,
      dailyScore: e.dailyScore, annualScore: e.annualScore, thirdPartyScore: e.thirdPartyScore, total: e.total,
      weights: e.weights && {
        dailySupervision: e.weights.daily, annualCheck: e.weights.annual, thirdPartyAssessment: e.weights.thirdParty,
        parameterId: e.weights.parameterId, asOf: e.weights.asOf, scopeCode: e.weights.scopeCode, status: e.weights.status, source: e.weights.source,
      },
      grade: e.grade, awardExcluded: e.awardExcluded, notes: e.notes, stage: e.stage, lastStepOn: e.lastStepOn,
      consequences: e.grade ? (consequencesOf(e.grade, !PERSON_TARGETS.has(e.targetKind)).followUps as AppraisalConsequence[]) : [],
      submittedByName: e.submittedByName, submittedOn: e.submittedOn, approvedByName: e.approvedByName, approvedOn: e.approvedOn, returnReason: e.returnReason,
      availableActions: availableActions(APPRAISAL_PROCEDURE, e.stage, held), version: e.version, createdAt: e.createdAt,
    });
  }
}

@ObjectType({ description: connectionDescription('appraisal entries (考核结果), highest total first') })
export class AppraisalEntryConnection extends ConnectionType(AppraisalEntry) {}

@ObjectType({ description: 'The result of an appraisal round mutation.' })
export class AppraisalRoundPayload {
  @Field(() => AppraisalRound, { description: 'The round as stored.' })
  round: AppraisalRound;
}

@ObjectType({ description: 'The result of an appraisal entry mutation.' })
export class AppraisalEntryPayload {
  @Field(() => AppraisalEntry, { description: 'The entry as stored.' })
  entry: AppraisalEntry;
}

@ObjectType({ description: 'The result of recording a follow-up done.' })
export class AppraisalFollowUpPayload {
  @Field(() => AppraisalFollowUp, { description: 'The follow-up as stored.' })
  followUp: AppraisalFollowUp;
}

// ---- arguments and inputs ----

@ArgsType()
export class AppraisalRoundsArgs extends ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Only rounds of this year.' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @Field(() => AppraisalTargetKind, { nullable: true, description: 'Only rounds of this kind of target.' })
  @IsOptional()
  @IsEnum(AppraisalTargetKind)
  targetKind?: AppraisalTargetKind;

  @Field(() => String, { nullable: true, description: 'Only rounds of this region and below (12-digit code).' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;
}

@ArgsType()
export class AppraisalEntriesArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'The round.' })
  @IsUUID()
  roundId: string;

  @Field(() => AppraisalStage, { nullable: true, description: 'Only entries at this stage.' })
  @IsOptional()
  @IsEnum(AppraisalStage)
  stage?: AppraisalStage;

  @Field(() => String, { nullable: true, description: 'Only entries whose target lies in this region and below (12-digit code).' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;
}

@ArgsType()
export class AppraisalIdArgs {
  @Field(() => ID, { description: 'Id (UUID).' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'An appraisal round: a year, the kind of target and the appraisal body’s region.' })
export class CreateAppraisalRoundInput {
  @Field(() => Int, { description: 'The year appraised (not after this year).' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @Field(() => AppraisalTargetKind, { description: 'What it appraises; one round per region, year and kind.' })
  @IsEnum(AppraisalTargetKind)
  targetKind: AppraisalTargetKind;

  @Field({ description: 'The appraisal body’s region (12-digit code, in your region).' })
  @Matches(REGION_CODE)
  regionCode: string;

  @Field({ description: 'The title.' })
  @IsString()
  @MaxLength(200)
  title: string;
}

@InputType({ description: 'A target of a round: the one field its kind takes (TOWN, WORK_TEAM: regionCode; DEPARTMENT: sector; FIRST_SECRETARY: assignmentId; HELPER: helperId).' })
export class AddAppraisalEntryInput {
  @Field(() => ID, { description: 'The round (its region in your scope).' })
  @IsUUID()
  roundId: string;

  @Field(() => String, { nullable: true, description: 'TOWN: a town; WORK_TEAM: a village (12-digit code, within the round’s region).' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string | null;

  @Field(() => Sector, { nullable: true, description: 'DEPARTMENT: the sector department.' })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector | null;

  @Field(() => String, { nullable: true, description: 'DEPARTMENT: the department’s name (default the sector’s code).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string | null;

  @Field(() => ID, { nullable: true, description: 'FIRST_SECRETARY: the first secretary’s village assignment (assistance), its term overlapping the year.' })
  @IsOptional()
  @IsUUID()
  assignmentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'HELPER: the helper (assistance).' })
  @IsOptional()
  @IsUUID()
  helperId?: string | null;
}

@InputType({ description: 'Sub-scores, grade and notes of a draft entry: given fields replace, null clears. The total is computed once the three sub-scores are in.' })
export class ScoreAppraisalEntryInput extends RecordVersionInput {
  @Field(() => GraphQLDecimal, { nullable: true, description: '日常督查 score: 0–100, at most two decimals.' })
  @IsOptional()
  dailyScore?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '年度核查 score: 0–100, at most two decimals.' })
  @IsOptional()
  annualScore?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '第三方评估 score: 0–100, at most two decimals.' })
  @IsOptional()
  thirdPartyScore?: string | null;

  @Field(() => String, { nullable: true, description: 'The grade: a code of supervision.appraisal_unit_grades (towns, departments, work teams) or supervision.appraisal_person_grades (first secretaries, helpers) in force at the year’s end.' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  grade?: string | null;

  @Field(() => String, { nullable: true, description: 'Notes.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string | null;
}

@InputType({ description: 'A step of an appraisal entry: SUBMIT (complete), APPROVE (not by the submitter), RETURN (reason).' })
export class AppraisalStepInput extends RecordVersionInput {
  @Field(() => AppraisalActionEnum, { description: 'The step.' })
  @IsIn(APPRAISAL_ACTIONS)
  action: AppraisalAction;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date of the step (not before the previous one, not in the future); omitted: today.' })
  @IsOptional()
  @IsString()
  effectiveOn?: string | null;

  @Field(() => String, { nullable: true, description: 'RETURN: why.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string | null;
}

@InputType({ description: 'A follow-up recorded as done.' })
export class CompleteAppraisalFollowUpInput extends RecordVersionInput {
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date done (not before the approval, not in the future); omitted: today.' })
  @IsOptional()
  @IsString()
  doneOn?: string | null;

  @Field({ description: 'What was done (e.g. the talk held, the rectification accepted).' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note: string;
}

// ---- work-team attendance ----

@InputType({ description: 'Days a first secretary or work team member was in the village.' })
export class RecordWorkTeamAttendanceInput {
  @Field(() => ID, { description: 'The village assignment (assistance; in your scope).' })
  @IsUUID()
  assignmentId: string;

  @Field(() => [GraphQLLocalDateScalar], { description: 'The days (within the term, not in the future; at most 62). Days already recorded are kept.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(62)
  days: string[];
}

@ObjectType({ description: 'The result of recording attendance.' })
export class WorkTeamAttendancePayload {
  @Field(() => ID, { description: 'The village assignment.' })
  assignmentId: string;

  @Field(() => [GraphQLLocalDateScalar], { description: 'The days newly recorded.' })
  recorded: string[];

  @Field(() => [GraphQLLocalDateScalar], { description: 'The days that were recorded already.' })
  alreadyRecorded: string[];
}

@ArgsType()
export class WorkTeamAttendanceArgs {
  @Field({ description: 'The village (12-digit code).' })
  @Matches(REGION_CODE)
  villageCode: string;

  @Field({ description: 'The month, YYYY-MM (not in the future).' })
  @Matches(MONTH, { message: 'must be a month, YYYY-MM' })
  month: string;
}

@ObjectType('WorkTeamMemberMonth', { description: 'A member of a village’s team in a month: the days in the village recorded.' })
export class WorkTeamMemberMonth {
  @Field(() => ID, { description: 'The village assignment.' })
  assignmentId: string;

  @Field({ description: 'The person’s name.' })
  personName: string;

  @Field(() => VillageRole, { description: 'First secretary, work team leader or member.' })
  role: VillageRole;

  @Field(() => GraphQLLocalDateScalar, { description: 'The term’s start.' })
  startOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The term’s end; null when open.' })
  endOn: string | null;

  @Field(() => Int, { description: 'Days of the month within the term (up to today).' })
  daysServed: number;

  @Field(() => Int, { description: 'Days in the village (驻村天数) recorded in the month.' })
  daysInVillage: number;

  @Field(() => [GraphQLLocalDateScalar], { description: 'Those days.' })
  days: string[];

  @Field(() => Boolean, { nullable: true, description: 'The term ended before the shortest term of supervision.work_team (term ≥ minimumTermYears: ended earlier than the day before that many years after its start); null while the term is open or the rule states no term.' })
  termEndedShort: boolean | null;
}

@ObjectType('WorkTeamMonth', { description: '驻村考勤: a village’s first secretary and work team in a month, with the days in the village and the team’s size against supervision.work_team.' })
export class WorkTeamMonthModel {
  @Field({ description: 'The village (12-digit code).' })
  villageCode: string;

  @Field({ description: 'The month, YYYY-MM.' })
  month: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day the team’s size is judged on: the month’s last day, or today in the current month.' })
  asOf: string;

  @Field(() => [WorkTeamMemberMonth], { description: 'Everyone serving in the month, by role then start.' })
  members: WorkTeamMemberMonth[];

  @Field(() => Int, { description: 'Persons serving on asOf (first secretary, leader and members).' })
  memberCount: number;

  @Field(() => Int, { nullable: true, description: 'The smallest team supervision.work_team states (≥3 members); null when not configured.' })
  minimumMembers: number | null;

  @Field(() => Boolean, { nullable: true, description: 'memberCount ≥ minimumMembers; null when the minimum is not configured (no verdict).' })
  meetsMinimum: boolean | null;

  @Field(() => Int, { nullable: true, description: 'The shortest term supervision.work_team states (term ≥ 2 years), in years; null when not configured.' })
  minimumTermYears: number | null;

  @Field(() => ParameterValue, { description: 'supervision.work_team as used, with its status.' })
  parameter: ParameterValue;

  static from(m: WorkTeamMonth): WorkTeamMonthModel {
    return Object.assign(new WorkTeamMonthModel(), {
      villageCode: m.villageCode, month: m.month, asOf: m.asOf, memberCount: m.memberCount, minimumMembers: m.minimumMembers, meetsMinimum: m.meetsMinimum, minimumTermYears: m.minimumTermYears,
      parameter: ParameterValue.from(m.parameter),
      members: m.members.map((x) => ({
        assignmentId: x.assignment.id, personName: x.assignment.personName, role: x.assignment.role, startOn: x.assignment.startOn, endOn: x.assignment.endOn,
        daysServed: x.daysServed, daysInVillage: x.days.length, days: x.days, termEndedShort: x.termEndedShort,
      })),
    });
  }
}
