import { ArgsType, Field, ID, InputType, Int, ObjectType, OmitType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import type { Permission } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { actionDescriptions, availableActions } from '../common/procedure/procedure';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { EvidenceFileEntity, FindingEntity, FindingEventEntity, FindingSeverity, FindingSource, FindingStage, ProgressNoteEntity, SupervisionLetterEntity } from './finding.entity';
import { FINDING_ACTIONS, FindingAction, SUPERVISION_PROCEDURE } from './supervision-procedure';
import { FindingChildren, RectificationOutcome } from './supervision.repository';

/** Most evidence references one record carries. */
const MAX_EVIDENCE = 20;
const REGION_CODE = /^\d{12}$/;

registerEnumType(FindingSource, {
  name: 'FindingSource',
  description: 'Where a finding came from (问题来源).',
  valuesMap: {
    INSPECTION: { description: '督查巡查: an inspection (inspectionId: the inspection record, when recorded; sourceReference: its number).' },
    HOTLINE: { description: '12317 热线: a hotline case (the case names its finding: HotlineCase.findingId).' },
    DISCIPLINE: { description: '纪检监察: discipline inspection.' },
    SELF_CHECK: { description: '自查: a self-check of the unit.' },
    AUDIT: { description: '审计: an audit.' },
  },
});

registerEnumType(FindingSeverity, {
  name: 'FindingSeverity',
  description: 'How grave a finding is (问题性质).',
  valuesMap: { GENERAL: { description: '一般' }, SERIOUS: { description: '较重' }, GRAVE: { description: '严重' } },
});

registerEnumType(FindingStage, {
  name: 'FindingStage',
  description: 'Where a finding stands (supervision.rectification_states); overdue is a flag beside it (overdueSince).',
  valuesMap: Object.fromEntries(Object.values(FindingStage).map((s) => [s, { description: `${SUPERVISION_PROCEDURE.stages[s].label}${SUPERVISION_PROCEDURE.stages[s].final ? ' (final)' : ''}` }])),
});

export const FindingActionEnum = Object.fromEntries(FINDING_ACTIONS.map((a) => [a, a])) as { [K in FindingAction]: K };
registerEnumType(FindingActionEnum, {
  name: 'FindingAction',
  description: 'A step of a finding\'s procedure, taken through the operation of the permission it needs.',
  valuesMap: actionDescriptions(SUPERVISION_PROCEDURE),
});

registerEnumType(RectificationOutcome, {
  name: 'RectificationOutcome',
  description: 'One number of the rectification rates as of a date: which due findings it counts.',
  valuesMap: {
    DUE: { description: 'Every finding found and due (deadline) by the date.' },
    ON_TIME: { description: 'Rectified (accepted) by the date and on or before its deadline.' },
    LATE: { description: 'Rectified (accepted) by the date, after its deadline.' },
    REFERRED: { description: 'Not rectified, referred to discipline inspection by the date.' },
    OPEN: { description: 'Neither rectified nor referred by the date.' },
    CLOSED: { description: 'Struck off (销号) by the date (a part of ON_TIME and LATE).' },
  },
});

@ObjectType('FindingEvent', { description: 'One step of a finding: what was done, from which stage to which, when, by whom, on what evidence.' })
export class FindingEvent {
  @Field(() => ID, { description: 'Unique id of the event.' })
  id: string;

  @Field({ description: 'The action (a FindingAction value), REGISTER (the registration) or OVERDUE (the daily job found it past its deadline).' })
  action: string;

  @Field(() => FindingStage, { nullable: true, description: 'The stage before the step; null for the registration.' })
  fromStage: FindingStage | null;

  @Field(() => FindingStage, { description: 'The stage after the step.' })
  toStage: FindingStage;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date the step took effect.' })
  effectiveOn: string;

  @Field(() => String, { nullable: true, description: 'The account that took it (username); null for the system (the overdue job).' })
  actorName: string | null;

  @Field(() => String, { nullable: true, description: 'The note, opinion (acceptance) or reason (referral) of the step.' })
  note: string | null;

  @Field(() => [String], { description: 'Evidence references (document numbers, file references).' })
  evidence: string[];

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: FindingEventEntity): FindingEvent {
    const { findingId: _f, regionCode: _r, actorId: _a, ...rest } = e;
    return Object.assign(new FindingEvent(), rest);
  }
}

@ObjectType('RectificationProgressNote', { description: '整改进展: a dated progress note of the rectification ledger.' })
export class RectificationProgressNote {
  @Field(() => ID, { description: 'Unique id of the note.' })
  id: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the progress.' })
  notedOn: string;

  @Field({ description: 'What was done.' })
  note: string;

  @Field(() => [String], { description: 'Evidence references (file references).' })
  evidence: string[];

  @Field({ description: 'The account that recorded it (username).' })
  actorName: string;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: ProgressNoteEntity): RectificationProgressNote {
    const { findingId: _f, regionCode: _r, actorId: _a, ...rest } = e;
    return Object.assign(new RectificationProgressNote(), rest);
  }
}

@ObjectType('SupervisionLetter', { description: '督办函: the supervision letter issued by the daily job when the finding first went overdue.' })
export class SupervisionLetter {
  @Field(() => ID, { description: 'Unique id of the letter.' })
  id: string;

  @Field({ description: 'Its number, 督办函〔year〕n号 (numbered per year of issue).' })
  number: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date it was issued.' })
  issuedOn: string;

  @Field({ description: 'To whom: the responsible unit when issued.' })
  addressedTo: string;

  static from(e: SupervisionLetterEntity): SupervisionLetter {
    return Object.assign(new SupervisionLetter(), { id: e.id, number: e.number, issuedOn: e.issuedOn, addressedTo: e.addressedTo });
  }
}

@ObjectType('RectificationEvidenceFile', {
  description: '整改佐证材料: an evidence file of the rectification, uploaded with POST /supervision/findings/{id}/evidence and downloaded with GET /supervision/evidence/{id}.',
})
export class RectificationEvidenceFile {
  @Field(() => ID, { description: 'Unique id of the file (the download path takes it).' })
  id: string;

  @Field({ description: 'The file name the uploader gave (without any directory part).' })
  fileName: string;

  @Field({ description: 'Its media type, told by its bytes (image/jpeg, image/png, application/pdf).' })
  mediaType: string;

  @Field(() => Int, { description: 'Its size in bytes.' })
  size: number;

  @Field({ description: 'SHA-256 of its bytes (64 hexadecimal digits).' })
  sha256: string;

  @Field(() => String, { nullable: true, description: 'The note given with the upload.' })
  note: string | null;

  @Field({ description: 'The account that uploaded it (username).' })
  uploadedBy: string;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was uploaded (ISO 8601 instant, UTC).' })
  uploadedAt: Date;

  static from(e: EvidenceFileEntity): RectificationEvidenceFile {
    return Object.assign(new RectificationEvidenceFile(), {
      id: e.id, fileName: e.fileName, mediaType: e.mediaType, size: e.sizeBytes, sha256: e.sha256, note: e.note, uploadedBy: e.uploadedByName, uploadedAt: e.createdAt,
    });
  }
}

@ObjectType('RectificationLedger', { description: '整改台账: a finding\'s rectification: measures, planned date, progress, result, evidence, and its acceptance.' })
export class RectificationLedger {
  @Field(() => String, { nullable: true, description: '整改措施: the measures.' })
  measures: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '计划完成日期: when the rectification is planned to be done.' })
  plannedOn: string | null;

  @Field(() => String, { nullable: true, description: '整改结果: the result.' })
  result: string | null;

  @Field(() => [String], { description: 'Evidence file references (佐证材料).' })
  evidence: string[];

  @Field(() => [RectificationProgressNote], { description: 'Progress notes, by date.' })
  progressNotes: RectificationProgressNote[];

  @Field(() => String, { nullable: true, description: '验收人: who accepted the rectification.' })
  acceptor: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '验收日期: the date of the ACCEPT step.' })
  acceptedOn: string | null;

  @Field(() => String, { nullable: true, description: '验收意见: the acceptance opinion (required to accept).' })
  acceptanceOpinion: string | null;
}

@ObjectType('SupervisionFinding', { description: '督查问题: a problem found by an inspection, the hotline, discipline inspection, a self-check or an audit, tracked to its rectification and closure (销号).' })
export class SupervisionFinding {
  @Field(() => ID, { description: 'Unique id of the finding (a UUID).' })
  id: string;

  @Field(() => FindingSource, { description: 'Where it came from.' })
  source: FindingSource;

  @Field(() => String, { nullable: true, description: "The source's reference (inspection number, hotline case number, audit report number)." })
  sourceReference: string | null;

  @Field(() => ID, { nullable: true, description: 'The inspection (督查检查) it was found by, when recorded as one.' })
  inspectionId: string | null;

  @Field({ description: 'What was found.' })
  description: string;

  @Field({ description: 'The category: a code of supervision.finding_categories in force on the found date.' })
  category: string;

  @Field(() => String, { nullable: true, description: 'The sub-item: a listed code of supervision.finding_subitems (an incomplete list) in force on the found date.' })
  subitem: string | null;

  @Field({ description: 'The place: a village, town or the district (12-digit division code).' })
  regionCode: string;

  @Field(() => ID, { nullable: true, description: 'The household concerned, if any.' })
  householdId: string | null;

  @Field(() => ID, { nullable: true, description: 'The project concerned, if any.' })
  projectId: string | null;

  @Field(() => FindingSeverity, { description: 'How grave it is.' })
  severity: FindingSeverity;

  @Field({ description: '牵头单位: the lead unit.' })
  leadUnit: string;

  @Field({ description: '责任单位: the responsible unit.' })
  responsibleUnit: string;

  @Field({ description: '责任人: the responsible person.' })
  responsiblePerson: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date it was found.' })
  foundOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: '整改时限: the deadline (not before the found date).' })
  deadline: string;

  @Field(() => FindingStage, { description: 'Where it stands.' })
  stage: FindingStage;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the last step.' })
  lastStepOn: string;

  @Field({ description: 'Whether the daily job found it past its deadline unrectified (the flag stays once set).' })
  overdue: boolean;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The first day past the deadline, when the daily job marked it overdue.' })
  overdueSince: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '销号日期: the date of the CLOSE step.' })
  closedOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date it was referred to discipline inspection.' })
  referredOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was referred to discipline inspection.' })
  referralReason: string | null;

  @Field(() => RectificationLedger, { description: '整改台账: the rectification ledger.' })
  rectification: RectificationLedger;

  @Field(() => [FindingEvent], { description: 'Its steps, by date.' })
  events: FindingEvent[];

  @Field(() => [RectificationEvidenceFile], { description: '整改佐证材料: the evidence files of its rectification, by upload time (read for a whole page at once).' })
  evidenceFiles: RectificationEvidenceFile[];

  @Field(() => SupervisionLetter, { nullable: true, description: 'The supervision letter (督办函) issued when it first went overdue.' })
  letter: SupervisionLetter | null;

  @Field(() => [FindingActionEnum], { description: 'The steps you may take now (your permissions and the stage).' })
  availableActions: FindingAction[];

  @Field(() => Int, { description: 'Send it back with each step and ledger change; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was registered (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: FindingEntity, children: Partial<FindingChildren>, held: ReadonlySet<Permission>): SupervisionFinding {
    const f = new SupervisionFinding();
    Object.assign(f, {
      id: e.id, source: e.source, sourceReference: e.sourceReference, inspectionId: e.inspectionId, description: e.description, category: e.category, subitem: e.subitem,
      regionCode: e.regionCode, householdId: e.householdId, projectId: e.projectId, severity: e.severity, leadUnit: e.leadUnit,
      responsibleUnit: e.responsibleUnit, responsiblePerson: e.responsiblePerson, foundOn: e.foundOn, deadline: e.deadline, stage: e.stage,
      lastStepOn: e.lastStepOn, overdue: e.overdueSince !== null, overdueSince: e.overdueSince, closedOn: e.closedOn, referredOn: e.referredOn,
      referralReason: e.referralReason, version: e.version, createdAt: e.createdAt, updatedAt: e.updatedAt,
    });
    f.rectification = Object.assign(new RectificationLedger(), {
      measures: e.rectificationMeasures, plannedOn: e.rectificationPlannedOn, result: e.rectificationResult, evidence: e.rectificationEvidence,
      acceptor: e.acceptor, acceptedOn: e.acceptedOn, acceptanceOpinion: e.acceptanceOpinion,
      progressNotes: (children.progressNotes ?? []).map(RectificationProgressNote.from),
    });
    f.events = (children.events ?? []).map(FindingEvent.from);
    f.letter = children.letter ? SupervisionLetter.from(children.letter) : null;
    f.evidenceFiles = (children.evidenceFiles ?? []).map(RectificationEvidenceFile.from);
    f.availableActions = availableActions(SUPERVISION_PROCEDURE, e.stage, held);
    return f;
  }
}

@ObjectType({ description: connectionDescription('supervision findings (督查问题)') })
export class SupervisionFindingConnection extends ConnectionType(SupervisionFinding) {}

@ObjectType({ description: 'The result of a finding mutation.' })
export class SupervisionFindingPayload {
  @Field(() => SupervisionFinding, { description: 'The finding as stored, with its steps, ledger and letter.' })
  finding: SupervisionFinding;
}

@ObjectType('RectificationRateRow', { description: 'The rectification counts and rates of one region as of a date; each count is listed by rectificationRateFindings.' })
export class RectificationRateRow {
  @Field(() => String, { nullable: true, description: 'The town (12-digit code; the district itself for its district-level findings); null on the total.' })
  regionCode: string | null;

  @Field(() => String, { nullable: true, description: 'Its name; null on the total.' })
  regionName: string | null;

  @Field(() => Int, { description: 'Findings found and due (deadline) by the date: ON_TIME + LATE + REFERRED + OPEN.' })
  due: number;

  @Field(() => Int, { description: 'Rectified (accepted) on or before the deadline, by the date.' })
  onTime: number;

  @Field(() => Int, { description: 'Rectified (accepted) after the deadline, by the date.' })
  late: number;

  @Field(() => Int, { description: 'Referred to discipline inspection unrectified, by the date.' })
  referred: number;

  @Field(() => Int, { description: 'Neither rectified nor referred by the date.' })
  open: number;

  @Field(() => Int, { description: 'Struck off (销号) by the date.' })
  closed: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'On-time rectification rate onTime ÷ due, exact to 4 decimals (half up); null when nothing is due.' })
  onTimeRate: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Closure rate closed ÷ due, exact to 4 decimals (half up); null when nothing is due.' })
  closureRate: string | null;
}

@ObjectType('RectificationUnitRateRow', { description: 'The rectification counts and rates of one responsible unit as of a date; each count is listed by rectificationRateFindings with responsibleUnit.' })
export class RectificationUnitRateRow extends OmitType(RectificationRateRow, ['regionCode', 'regionName'] as const, ObjectType) {
  @Field({ description: 'The responsible unit (责任单位), as the findings name it.' })
  unit: string;
}

@ObjectType('RectificationRates', { description: 'On-time rectification and closure rates of findings as of a date, in total and by town, with the records behind each number (rectificationRateFindings).' })
export class RectificationRatesModel {
  @Field(() => GraphQLLocalDateScalar, { description: 'The date the figures are as of.' })
  asOf: string;

  @Field(() => String, { nullable: true, description: 'The region the figures cover (its subtree, within your scope); null: your whole scope.' })
  regionCode: string | null;

  @Field(() => RectificationRateRow, { description: 'The figures of the whole region.' })
  total: RectificationRateRow;

  @Field(() => [RectificationRateRow], { description: 'The figures per town, by code.' })
  byTown: RectificationRateRow[];

  @Field(() => [RectificationUnitRateRow], { description: 'The figures per responsible unit (责任单位, as the findings name it), by name.' })
  byResponsibleUnit: RectificationUnitRateRow[];
}

@ArgsType()
export class SupervisionFindingArgs {
  @Field(() => ID, { description: 'Id (UUID) of the finding.' })
  @IsUUID()
  id: string;
}

@ArgsType()
export class SupervisionFindingsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only the findings of this region and below (12-digit code).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => FindingStage, { nullable: true, description: 'Only the findings at this stage.' })
  @IsOptional()
  @IsEnum(FindingStage)
  stage?: FindingStage;

  @Field(() => FindingSource, { nullable: true, description: 'Only the findings from this source.' })
  @IsOptional()
  @IsEnum(FindingSource)
  source?: FindingSource;

  @Field(() => String, { nullable: true, description: 'Only the findings of this category.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: only findings marked overdue; false: only those never marked.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only the findings about this household.' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => ID, { nullable: true, description: 'Only the findings of this inspection (督查检查).' })
  @IsOptional()
  @IsUUID()
  inspectionId?: string;

  @Field(() => ID, { nullable: true, description: 'Only the findings about this project.' })
  @IsOptional()
  @IsUUID()
  projectId?: string;
}

@ArgsType()
export class OverdueFindingsArgs extends ConnectionArgs {
  @Field(() => GraphQLLocalDateScalar, { description: 'The date: findings found by then, past their deadline, neither rectified nor referred by then.' })
  @IsString()
  asOf: string;

  @Field(() => String, { nullable: true, description: 'Only this region and below (12-digit code); default your whole scope.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class RectificationRatesArgs {
  @Field(() => GraphQLLocalDateScalar, { description: 'The date the figures are as of.' })
  @IsString()
  asOf: string;

  @Field(() => String, { nullable: true, description: 'Only this region and below (12-digit code); default your whole scope.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class RectificationRateFindingsArgs extends ConnectionArgs {
  @Field(() => GraphQLLocalDateScalar, { description: 'The date the figures are as of.' })
  @IsString()
  asOf: string;

  @Field(() => String, { nullable: true, description: 'Only this region and below (12-digit code): a town of byTown, or none for the total.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => RectificationOutcome, { description: 'Which number of rectificationRates to list.' })
  @IsEnum(RectificationOutcome)
  outcome: RectificationOutcome;

  @Field(() => String, { nullable: true, description: 'Only the findings of this responsible unit (a unit of byResponsibleUnit, as named).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  responsibleUnit?: string;
}

const evidenceField = { nullable: true, description: `Evidence references (document numbers, file references), at most ${MAX_EVIDENCE}, each at most 500 characters.` };

@InputType({ description: 'A finding to register in your scope.' })
export class RegisterSupervisionFindingInput {
  @Field(() => FindingSource, { description: 'Where it came from.' })
  @IsEnum(FindingSource)
  source: FindingSource;

  @Field(() => String, { nullable: true, description: "The source's reference (inspection number, hotline case number…)." })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sourceReference?: string | null;

  @Field(() => ID, { nullable: true, description: 'The inspection (督查检查) it was found by, in your scope: the source must be INSPECTION, the place within its scope, found not before it started.' })
  @IsOptional()
  @IsUUID()
  inspectionId?: string | null;

  @Field({ description: 'What was found.' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  description: string;

  @Field({ description: 'A code of supervision.finding_categories in force on the found date.' })
  @IsString()
  @MaxLength(100)
  category: string;

  @Field(() => String, { nullable: true, description: 'A listed code of supervision.finding_subitems in force on the found date (the list is incomplete: only listed codes are accepted).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  subitem?: string | null;

  @Field({ description: 'The place: a village, town or the district in your scope (12-digit code).' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;

  @Field(() => ID, { nullable: true, description: 'The household concerned (in your scope, within the place).' })
  @IsOptional()
  @IsUUID()
  householdId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The project concerned (in your scope, within the place).' })
  @IsOptional()
  @IsUUID()
  projectId?: string | null;

  @Field(() => FindingSeverity, { description: 'How grave it is.' })
  @IsEnum(FindingSeverity)
  severity: FindingSeverity;

  @Field({ description: '牵头单位: the lead unit.' })
  @IsString()
  @MaxLength(100)
  leadUnit: string;

  @Field({ description: '责任单位: the responsible unit.' })
  @IsString()
  @MaxLength(100)
  responsibleUnit: string;

  @Field({ description: '责任人: the responsible person.' })
  @IsString()
  @MaxLength(50)
  responsiblePerson: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date it was found (not in the future).' })
  @IsString()
  foundOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: '整改时限: the deadline (not before the found date).' })
  @IsString()
  deadline: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date of registration (default today; not before the found date, not in the future).' })
  @IsOptional()
  registeredOn?: string | null;
}

@InputType({ description: 'A step of a finding\'s procedure; send the version you read.' })
export class SupervisionFindingStepInput {
  @Field(() => ID, { description: 'Id of the finding.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => FindingActionEnum, { description: "The step; it must belong to this operation's permission and the finding's stage." })
  @IsIn(FINDING_ACTIONS)
  action: FindingAction;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date it took effect (default today; not in the future, not before the previous step). ACCEPT: the acceptance date.' })
  @IsOptional()
  effectiveOn?: string | null;

  @Field(() => String, { nullable: true, description: 'A note for the record.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'REFER: the reason (required).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string | null;

  @Field(() => String, { nullable: true, description: 'ACCEPT, FAIL_ACCEPTANCE: the acceptance opinion (验收意见, required).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  opinion?: string | null;

  @Field(() => String, { nullable: true, description: 'ACCEPT: the acceptor (验收人) as named on the acceptance; default your username.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  acceptor?: string | null;

  @Field(() => [String], evidenceField)
  @IsOptional()
  @ArrayMaxSize(MAX_EVIDENCE)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  evidence?: string[] | null;
}

@InputType({ description: 'The rectification ledger\'s fields (given ones replace the stored ones; null clears); send the version you read.' })
export class RecordRectificationInput {
  @Field(() => ID, { description: 'Id of the finding.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: '整改措施: the measures.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  measures?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '计划完成日期 (not before the found date).' })
  @IsOptional()
  plannedOn?: string | null;

  @Field(() => String, { nullable: true, description: '整改结果: the result.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  result?: string | null;

  @Field(() => [String], evidenceField)
  @IsOptional()
  @ArrayMaxSize(MAX_EVIDENCE)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  evidence?: string[] | null;
}

@InputType({ description: 'A progress note for a finding\'s rectification ledger.' })
export class AddRectificationProgressInput {
  @Field(() => ID, { description: 'Id of the finding.' })
  @IsUUID()
  findingId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the progress (not in the future, not before the found date).' })
  @IsString()
  notedOn: string;

  @Field({ description: 'What was done.' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note: string;

  @Field(() => [String], evidenceField)
  @IsOptional()
  @ArrayMaxSize(MAX_EVIDENCE)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  evidence?: string[] | null;
}

@InputType({ description: 'Removal of a wrongly uploaded evidence file (整改佐证材料) while the rectification is open.' })
export class RemoveRectificationEvidenceInput {
  @Field(() => ID, { description: 'Id of the evidence file.' })
  @IsUUID()
  id: string;

  @Field({ description: 'Why it is removed (recorded in the audit trail).' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}
