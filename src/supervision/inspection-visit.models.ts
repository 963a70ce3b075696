import { ArgsType, Field, ID, InputType, Int, IntersectionType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { RecordVersionInput } from '../common/kit/record-inputs';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import { ExitCheck, IdentificationCheck, InspectionVisitResultEntity, VisitSatisfaction } from './inspection-visit.entity';
import { InspectionVisitOutcome } from './inspection-visit.repository';
import type { InspectionMetrics } from './inspection-visit.service';
import { FindingFromRecordFields } from './finding-from-record.input';
import { SupervisionFinding } from './supervision.models';

const REGION_CODE = /^\d{12}$/;
/** The most poor households not registered one visit may report found in its village. */
const MAX_MISSED = 1000;

registerEnumType(IdentificationCheck, {
  name: 'IdentificationCheck',
  description: 'The identification check of a visited household (识别核查; RULES.md §9 gives no codes: an enum of this module).',
  valuesMap: {
    CORRECT: { description: '识别准确: registered rightly.' },
    SHOULD_NOT_BE_REGISTERED: { description: '错评: does not meet the standard, should not be registered.' },
    NOT_VERIFIED: { description: '未能核实: not verified (nobody met); not counted in the metrics.' },
  },
});
registerEnumType(ExitCheck, {
  name: 'ExitCheck',
  description: 'The exit check of a visited household that has exited (退出核查).',
  valuesMap: { EXIT_CORRECT: { description: '退出准确: the exit stands.' }, WRONG_EXIT: { description: '错退: exited wrongly.' } },
});
registerEnumType(VisitSatisfaction, {
  name: 'VisitSatisfaction',
  description: "The household's satisfaction with the work (群众满意度), as asked on the visit.",
  valuesMap: { SATISFIED: { description: '满意' }, BASICALLY_SATISFIED: { description: '基本满意' }, DISSATISFIED: { description: '不满意' } },
});
registerEnumType(InspectionVisitOutcome, {
  name: 'InspectionVisitOutcome',
  description: 'Which counted visits one number of inspectionMetrics is made of.',
  valuesMap: {
    VISITED: { description: 'Every visit counted (visits).' },
    VERIFIED: { description: 'The identification verified: the denominator of identification accuracy, and with MISSED_FOUND the records of the missed-registration denominator.' },
    CORRECT: { description: 'Registered rightly: the numerator of identification accuracy.' },
    SHOULD_NOT_BE_REGISTERED: { description: '错评: verified, should not be registered.' },
    MISSED_FOUND: { description: 'Visits that found poor households not registered (漏评): the records of the missed-registration numerator.' },
    EXIT_CHECKED: { description: 'Exited households whose exit was checked: the denominator of the wrong-exit rate.' },
    WRONG_EXIT: { description: '错退: the numerator of the wrong-exit rate.' },
  },
});

@ObjectType('InspectionVisitResult', { description: '走访结果: the visit of one sampled household of an inspection, with its checks.' })
export class InspectionVisitResult {
  @Field(() => ID, { description: 'Unique id of the visit (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The inspection.' })
  inspectionId: string;

  @Field(() => ID, { description: 'The sampled household (its id in the registry).' })
  householdId: string;

  @Field({ description: 'The town (12-digit code).' })
  townCode: string;

  @Field({ description: 'The village (12-digit code): the visit’s place.' })
  villageCode: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day of the visit (within the inspection’s dates).' })
  visitedOn: string;

  @Field(() => IdentificationCheck, { description: 'The identification check.' })
  identification: IdentificationCheck;

  @Field(() => ExitCheck, { nullable: true, description: 'The exit check; null when the household had not exited, or was not verified.' })
  exitCheck: ExitCheck | null;

  @Field(() => Int, { description: 'Poor households found in the village that are not registered (漏评户); 0: none.' })
  missedHouseholds: number;

  @Field(() => VisitSatisfaction, { nullable: true, description: 'Satisfaction; null: not asked.' })
  satisfaction: VisitSatisfaction | null;

  @Field(() => String, { nullable: true, description: 'Notes of the visit.' })
  notes: string | null;

  @Field(() => String, { nullable: true, description: 'Who recorded it.' })
  recordedByName: string | null;

  @Field(() => ID, { nullable: true, description: 'The finding raised from the visit (registerFindingFromVisit); null: none.' })
  findingId: string | null;

  @Field(() => Int, { description: 'Send it back with each change; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: InspectionVisitResultEntity): InspectionVisitResult {
    return Object.assign(new InspectionVisitResult(), {
      id: e.id, inspectionId: e.inspectionId, householdId: e.householdId, townCode: e.townCode, villageCode: e.villageCode, visitedOn: e.visitedOn,
      identification: e.identification, exitCheck: e.exitCheck, missedHouseholds: e.missedHouseholds, satisfaction: e.satisfaction, notes: e.notes,
      recordedByName: e.recordedByName, findingId: e.findingId, version: e.version, createdAt: e.createdAt,
    });
  }
}

@ObjectType({ description: connectionDescription('visit results of inspections (走访结果)') })
export class InspectionVisitResultConnection extends ConnectionType(InspectionVisitResult) {}

@ObjectType({ description: 'The result of recordInspectionVisit and correctInspectionVisit.' })
export class InspectionVisitResultPayload {
  @Field(() => InspectionVisitResult, { description: 'The visit as stored.' })
  visit: InspectionVisitResult;
}

@ObjectType({ description: 'The visit, now linked, and the finding raised from it.' })
export class InspectionVisitFindingPayload {
  @Field(() => InspectionVisitResult, { description: 'The visit as stored now (findingId set).' })
  visit: InspectionVisitResult;

  @Field(() => SupervisionFinding, { description: 'The finding (stage REGISTERED, source INSPECTION).' })
  finding: SupervisionFinding;
}

@ObjectType('InspectionMetric', { description: 'One metric: numerator ÷ denominator as an exact 4-decimal ratio (half up), and the verdict against its target.' })
export class InspectionMetric {
  @Field(() => Int, { description: 'The numerator.' })
  numerator: number;

  @Field(() => Int, { description: 'The denominator.' })
  denominator: number;

  @Field(() => String, { nullable: true, description: 'numerator ÷ denominator, 4 decimals; null when the denominator is 0.' })
  rate: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the rate is on the right side of its target (bound included); null when the target is not configured or nothing is counted: no verdict.' })
  meetsTarget: boolean | null;
}

@ObjectType('InspectionMetricRow', { description: 'The metrics of one group of counted visits (the total, a town, an inspection).' })
export class InspectionMetricRow {
  @Field(() => Int, { description: 'Visits counted.' })
  visited: number;

  @Field(() => InspectionMetric, { description: '识别准确率: households registered rightly ÷ households verified.' })
  identificationAccuracy: InspectionMetric;

  @Field(() => InspectionMetric, { description: '漏评率: poor households found not registered ÷ (households verified + those found not registered).' })
  missedRegistrationRate: InspectionMetric;

  @Field(() => InspectionMetric, { description: '错退率: wrong exits ÷ exits checked.' })
  wrongExitRate: InspectionMetric;
}

@ObjectType('InspectionMetricTownRow', { description: 'The metrics of the visits in one town.' })
export class InspectionMetricTownRow extends InspectionMetricRow {
  @Field({ description: 'The town (12-digit code).' })
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'Its name.' })
  regionName: string | null;
}

@ObjectType('InspectionMetricInspectionRow', { description: 'The metrics of the visits of one inspection.' })
export class InspectionMetricInspectionRow extends InspectionMetricRow {
  @Field(() => ID, { description: 'The inspection.' })
  inspectionId: string;

  @Field(() => String, { nullable: true, description: 'Its title.' })
  title: string | null;
}

@ObjectType('InspectionMetricTargets', { description: 'The targets of the metrics as of the date in the region asked (else yours). RULES.md gives none: NOT_CONFIGURED until entered, and then no verdict.' })
export class InspectionMetricTargets {
  @Field(() => ParameterValue, { description: 'supervision.identification_accuracy_min: the accuracy must be at least this.' })
  identificationAccuracy: ParameterValue;

  @Field(() => ParameterValue, { description: 'supervision.missed_registration_rate_max: the rate must be at most this.' })
  missedRegistrationRate: ParameterValue;

  @Field(() => ParameterValue, { description: 'supervision.wrong_exit_rate_max: the rate must be at most this.' })
  wrongExitRate: ParameterValue;
}

@ObjectType('InspectionMetrics', {
  description:
    'Identification accuracy, missed-registration and wrong-exit rates from the visit results of inspection samples as of a date: visits made by then of inspections ended by then, in your region; in total, by town and by inspection. inspectionMetricVisits lists the visits behind each number.',
})
export class InspectionMetricsModel {
  @Field(() => GraphQLLocalDateScalar, { description: 'The date asked.' })
  asOf: string;

  @Field(() => String, { nullable: true, description: 'The region asked (its subtree), or null: your region.' })
  regionCode: string | null;

  @Field(() => ID, { nullable: true, description: 'The inspection asked, or null: every inspection.' })
  inspectionId: string | null;

  @Field(() => InspectionMetricTargets, { description: 'The targets used for the verdicts.' })
  targets: InspectionMetricTargets;

  @Field(() => InspectionMetricRow, { description: 'All the visits counted.' })
  total: InspectionMetricRow;

  @Field(() => [InspectionMetricTownRow], { description: 'Per town, by code.' })
  byTown: InspectionMetricTownRow[];

  @Field(() => [InspectionMetricInspectionRow], { description: 'Per inspection, by title.' })
  byInspection: InspectionMetricInspectionRow[];

  static from(m: InspectionMetrics): InspectionMetricsModel {
    return Object.assign(new InspectionMetricsModel(), {
      asOf: m.asOf, regionCode: m.regionCode, inspectionId: m.inspectionId,
      targets: { identificationAccuracy: ParameterValue.from(m.targets.identificationAccuracy), missedRegistrationRate: ParameterValue.from(m.targets.missedRegistrationRate), wrongExitRate: ParameterValue.from(m.targets.wrongExitRate) },
      total: m.total, byTown: m.byTown, byInspection: m.byInspection,
    });
  }
}

@ArgsType()
export class InspectionMetricsArgs {
  @Field(() => GraphQLLocalDateScalar, { description: 'The date (not in the future).' })
  @IsString()
  asOf: string;

  @Field(() => String, { nullable: true, description: 'Only visits in this region and below (12-digit code).' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only the visits of this inspection.' })
  @IsOptional()
  @IsUUID()
  inspectionId?: string | null;
}

@ArgsType()
export class InspectionMetricVisitsArgs extends IntersectionType(InspectionMetricsArgs, ConnectionArgs, ArgsType) {
  @Field(() => InspectionVisitOutcome, { description: 'Which number.' })
  @IsEnum(InspectionVisitOutcome)
  outcome: InspectionVisitOutcome;
}

@InputType({ description: 'The visit of a sampled household (走访结果).' })
export class RecordInspectionVisitInput {
  @Field(() => ID, { description: 'The inspection (in your scope).' })
  @IsUUID()
  inspectionId: string;

  @Field(() => ID, { description: 'The household, one of the inspection’s sample.' })
  @IsUUID()
  householdId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day of the visit: within the inspection’s dates, not in the future.' })
  @IsString()
  visitedOn: string;

  @Field(() => IdentificationCheck, { description: 'The identification check.' })
  @IsEnum(IdentificationCheck)
  identification: IdentificationCheck;

  @Field(() => ExitCheck, { nullable: true, description: 'The exit check: required for a household that has exited (registry status 已脱贫) and was verified; otherwise omitted.' })
  @IsOptional()
  @IsEnum(ExitCheck)
  exitCheck?: ExitCheck | null;

  @Field(() => Int, { nullable: true, description: 'Poor households found in the village that are not registered (漏评户); omitted: 0.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MISSED)
  missedHouseholds?: number | null;

  @Field(() => VisitSatisfaction, { nullable: true, description: 'Satisfaction; omitted: not asked.' })
  @IsOptional()
  @IsEnum(VisitSatisfaction)
  satisfaction?: VisitSatisfaction | null;

  @Field(() => String, { nullable: true, description: 'Notes of the visit.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string | null;
}

@InputType({
  description:
    'A correction of a recorded visit (更正): the fields given replace (null clears the exit check, satisfaction or notes; omitted keeps), with the reason (audited with the old and new values). Once a finding is raised from the visit, its date and notes are fixed.',
})
export class CorrectInspectionVisitInput extends RecordVersionInput {
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day of the visit: within the inspection’s dates, not in the future; fixed once a finding is raised from the visit.' })
  @IsOptional()
  @IsString()
  visitedOn?: string | null;

  @Field(() => IdentificationCheck, { nullable: true, description: 'The identification check.' })
  @IsOptional()
  @IsEnum(IdentificationCheck)
  identification?: IdentificationCheck | null;

  @Field(() => ExitCheck, { nullable: true, description: 'The exit check: exactly for a household that has exited (registry status now) and was verified; null clears it.' })
  @IsOptional()
  @IsEnum(ExitCheck)
  exitCheck?: ExitCheck | null;

  @Field(() => Int, { nullable: true, description: 'Poor households found in the village that are not registered (漏评户).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MISSED)
  missedHouseholds?: number | null;

  @Field(() => VisitSatisfaction, { nullable: true, description: 'Satisfaction; null: not asked.' })
  @IsOptional()
  @IsEnum(VisitSatisfaction)
  satisfaction?: VisitSatisfaction | null;

  @Field(() => String, { nullable: true, description: 'Notes of the visit; null clears them; fixed once a finding is raised from the visit.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string | null;

  @Field({ description: 'Why the visit is corrected (kept in the audit trail with the old and new values).' })
  @IsString()
  @MaxLength(500)
  reason: string;
}

@InputType({ description: 'A finding raised from a visit (source INSPECTION, the visit’s inspection, household and village).' })
export class RegisterFindingFromVisitInput extends FindingFromRecordFields {
  @Field(() => ID, { description: 'The visit.' })
  @IsUUID()
  visitId: string;

  @Field(() => Int, { description: "The visit's version you read." })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: "What was found (default: the visit's notes; one of them is needed)." })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: "The found date (default: the visit's date)." })
  @IsOptional()
  foundOn?: string | null;
}
