import { ArgsType, Field, ID, InputType, Int, ObjectType, OmitType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import type { Permission } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { actionDescriptions, availableActions } from '../common/procedure/procedure';
import { GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { FindingFromRecordFields } from './finding-from-record.input';
import { SupervisionFinding } from './supervision.models';
import { HotlineArea, HotlineCaseEntity, HotlineChannel, HotlineStage } from './hotline.entity';
import { HotlineRateOutcome } from './hotline.repository';
import { HOTLINE_ACTIONS, HOTLINE_PROCEDURE, HotlineAction } from './hotline-procedure';

const REGION_CODE = /^\d{12}$/;

registerEnumType(HotlineChannel, {
  name: 'HotlineChannel',
  description: 'How a hotline case came in (受理渠道).',
  valuesMap: {
    HOTLINE_12317: { description: '12317 扶贫监督举报电话 (the national line, supervision.hotline).' },
    LOCAL_LINE: { description: '本地热线: a local line of the district or town.' },
    LETTER: { description: '来信: a letter.' },
    VISIT: { description: '来访: a visit in person.' },
    ONLINE: { description: '网上: online (website, e-mail, messaging).' },
  },
});

registerEnumType(HotlineArea, {
  name: 'HotlineArea',
  description: 'What a hotline case is about (RULES.md §9 note of supervision.hotline_case_types).',
  valuesMap: {
    FUNDS: { description: '资金' },
    PROJECTS: { description: '项目' },
    IDENTIFICATION_EXIT: { description: '识别退出' },
    POLICY: { description: '政策' },
    WORK_STYLE: { description: '作风' },
  },
});

registerEnumType(HotlineStage, {
  name: 'HotlineStage',
  description: "Where a hotline case stands (HOTLINE_PROCEDURE); an unsatisfied return visit sends it back to TRANSFERRED (重办).",
  valuesMap: Object.fromEntries(Object.values(HotlineStage).map((s) => [s, { description: `${HOTLINE_PROCEDURE.stages[s].label}${HOTLINE_PROCEDURE.stages[s].final ? ' (final)' : ''}` }])),
});

export const HotlineActionEnum = Object.fromEntries(HOTLINE_ACTIONS.map((a) => [a, a])) as { [K in HotlineAction]: K };
registerEnumType(HotlineActionEnum, {
  name: 'HotlineAction',
  description: "A step of a hotline case's procedure (hotlineCaseStep).",
  valuesMap: actionDescriptions(HOTLINE_PROCEDURE),
});

registerEnumType(HotlineRateOutcome, {
  name: 'HotlineRateOutcome',
  description: 'One number of hotlineRates as of a date: which cases (received by the date) it counts.',
  valuesMap: {
    DUE: { description: 'Transferred with a deadline that fell on or before the date, or replied by the date.' },
    ON_TIME: { description: 'Of DUE: replied by the date, on or before the deadline.' },
    REPLIED: { description: 'Replied by the date (the current reply; a redo clears it).' },
    SUBSTANTIATED: { description: 'Of REPLIED: found substantiated (属实).' },
    VISITED: { description: 'Visited back by the date (the last visit).' },
    SATISFIED: { description: 'Of VISITED: satisfied.' },
  },
});

@ObjectType('HotlineCase', { description: '热线件: a case of the 12317 line or a local line, letter, visit or online, from receipt to closure.' })
export class HotlineCase {
  @Field(() => ID, { description: 'Unique id of the case (a UUID).' })
  id: string;

  @Field({ description: 'The place concerned: a village, town or the district (12-digit division code).' })
  regionCode: string;

  @Field(() => HotlineChannel, { description: 'How it came in.' })
  channel: HotlineChannel;

  @Field({ description: '匿名: true when the reporter gave no identity.' })
  anonymous: boolean;

  @Field(() => String, { nullable: true, description: "举报人姓名, masked; null for an anonymous case. See revealPersonalData (HOTLINE_REPORTER_NAME): the case handlers only." })
  reporterName: string | null;

  @Field(() => String, { nullable: true, description: '举报人联系方式, masked; null when none. See revealPersonalData (HOTLINE_REPORTER_CONTACT): the case handlers only.' })
  reporterContact: string | null;

  @Field({ description: 'The type: a code of supervision.hotline_case_types in force on the received date.' })
  caseType: string;

  @Field(() => HotlineArea, { description: 'What it is about.' })
  area: HotlineArea;

  @Field({ description: 'The summary of the case.' })
  summary: string;

  @Field(() => GraphQLLocalDateScalar, { description: '受理日期' })
  receivedOn: string;

  @Field(() => HotlineStage, { description: 'Where it stands.' })
  stage: HotlineStage;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the last step.' })
  lastStepOn: string;

  @Field(() => String, { nullable: true, description: '承办单位: the handling unit (set by TRANSFER).' })
  handlingUnit: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '转办日期: the last transfer (a redo counts again from the return visit).' })
  transferredOn: string | null;

  @Field(() => String, { nullable: true, description: 'The parameter the deadline was counted from (supervision.hotline_deadline.*).' })
  deadlineKey: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '办理时限: the type\'s deadline parameter counted from the transfer in its unit (calendar days, or working days by the working calendar); null before the transfer or when not configured.' })
  deadline: string | null;

  @Field(() => String, { nullable: true, description: 'Why a transferred case has no deadline: the parameter or a calendar year not configured (never a guess).' })
  deadlineNotConfigured: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '回复日期 (the current reply).' })
  repliedOn: string | null;

  @Field(() => String, { nullable: true, description: '回复内容' })
  replyContent: string | null;

  @Field(() => Boolean, { nullable: true, description: '是否属实: found substantiated by the reply.' })
  substantiated: boolean | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '回访日期 (the last return visit).' })
  visitedOn: string | null;

  @Field(() => Boolean, { nullable: true, description: '是否满意 (of the last return visit).' })
  satisfied: boolean | null;

  @Field(() => Int, { description: '重办次数: how many unsatisfied return visits sent it back to handling.' })
  redoCount: number;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '办结日期' })
  closedOn: string | null;

  @Field(() => ID, { nullable: true, description: 'The finding registered from this case (registerFindingFromCase), if any.' })
  findingId: string | null;

  @Field(() => String, { nullable: true, description: '工单编号: the case’s number on the 12317 platform when imported (kind hotline-cases); null when received here.' })
  platformNumber: string | null;

  @Field(() => [HotlineActionEnum], { description: 'The steps you may take now.' })
  availableActions: HotlineAction[];

  @Field(() => Int, { description: 'Row version: send it back with every step (optimistic locking).' })
  version: number;

  /** The answer from the row: the ciphertext and blind index never leave; the reporter is masked. */
  static from(e: HotlineCaseEntity, held: ReadonlySet<Permission>, reporter: { reporterName: string | null; reporterContact: string | null }): HotlineCase {
    const { createdAt: _c, updatedAt: _u, reporterNameEnc: _n, reporterContactEnc: _e, reporterContactHash: _h, ...rest } = e;
    return Object.assign(new HotlineCase(), rest, reporter, { availableActions: availableActions(HOTLINE_PROCEDURE, e.stage, held) });
  }
}

@ObjectType('HotlineCaseConnection', { description: connectionDescription('hotline cases') })
export class HotlineCaseConnection extends ConnectionType(HotlineCase) {}

@ObjectType('HotlineCasePayload', { description: 'The case after the operation.' })
export class HotlineCasePayload {
  @Field(() => HotlineCase, { description: 'The case as stored now.' })
  hotlineCase: HotlineCase;
}

@ObjectType('HotlineRateCounts', { description: 'The counts behind the hotline rates (each listed by hotlineRateCases).' })
export class HotlineRateCountsModel {
  @Field(() => Int, { description: 'DUE: cases whose reply was due by the date.' })
  due: number;
  @Field(() => Int, { description: 'ON_TIME: of those, replied on time.' })
  onTime: number;
  @Field(() => Int, { description: 'REPLIED: cases replied by the date.' })
  replied: number;
  @Field(() => Int, { description: 'SUBSTANTIATED: of those, found substantiated.' })
  substantiated: number;
  @Field(() => Int, { description: 'VISITED: cases visited back by the date.' })
  visited: number;
  @Field(() => Int, { description: 'SATISFIED: of those, satisfied.' })
  satisfied: number;
}

@ObjectType('HotlineRateGroup', { description: 'The hotline counts and rates of one town (byTown) or one handling unit (byHandlingUnit); each count is listed by hotlineRateCases with the same region or handlingUnit.' })
export class HotlineRateGroupModel {
  @Field(() => String, { nullable: true, description: 'byTown: the town (12-digit code; the district itself for its own cases); null on byHandlingUnit.' })
  regionCode: string | null;
  @Field(() => String, { nullable: true, description: 'byTown: its name; null on byHandlingUnit.' })
  regionName: string | null;
  @Field(() => String, { nullable: true, description: 'byHandlingUnit: the handling unit (承办单位) the case was transferred to; null for cases not transferred yet, and on byTown.' })
  handlingUnit: string | null;
  @Field(() => HotlineRateCountsModel, { description: 'The counts.' })
  counts: HotlineRateCountsModel;
  @Field(() => String, { nullable: true, description: '按时回复率 = onTime ÷ due.' })
  onTimeRate: string | null;
  @Field(() => String, { nullable: true, description: '属实率 = substantiated ÷ replied.' })
  substantiationRate: string | null;
  @Field(() => String, { nullable: true, description: '满意率 = satisfied ÷ visited.' })
  satisfactionRate: string | null;
}

@ObjectType('HotlineRates', { description: 'Hotline rates as of a date, in total, by town and by handling unit: exact 4-decimal ratios (half up), null when nothing is counted.' })
export class HotlineRatesModel extends OmitType(HotlineRateGroupModel, ['regionCode', 'regionName', 'handlingUnit'] as const, ObjectType) {
  @Field(() => GraphQLLocalDateScalar, { description: 'The date.' })
  @IsString()
  asOf: string;
  @Field(() => String, { nullable: true, description: 'The region asked for (null: your whole scope).' })
  regionCode: string | null;
  @Field(() => [HotlineRateGroupModel], { description: 'The figures per town, by code.' })
  byTown: HotlineRateGroupModel[];
  @Field(() => [HotlineRateGroupModel], { description: 'The figures per handling unit (承办单位), by name; cases not transferred yet last (handlingUnit null).' })
  byHandlingUnit: HotlineRateGroupModel[];
}

@InputType('ReceiveHotlineCaseInput', { description: '受理: a new hotline case.' })
export class ReceiveHotlineCaseInput {
  @Field(() => HotlineChannel, { description: 'How it came in.' })
  @IsEnum(HotlineChannel)
  channel: HotlineChannel;

  @Field({ description: 'True when the reporter gave no identity.' })
  @IsBoolean()
  anonymous: boolean;

  @Field({ description: 'The type: a code of supervision.hotline_case_types in force on the received date (required).' })
  @IsString()
  @MaxLength(40)
  caseType: string;

  @Field(() => HotlineArea, { description: 'What it is about.' })
  @IsEnum(HotlineArea)
  area: HotlineArea;

  @Field({ description: 'The summary (not blank).' })
  @IsString()
  @MaxLength(4000)
  summary: string;

  @Field({ description: 'The place concerned, in your scope (12-digit division code).' })
  @Matches(REGION_CODE)
  regionCode: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '受理日期 (default today; not in the future).' })
  @IsOptional()
  receivedOn?: string | null;

  @Field(() => String, { nullable: true, description: '举报人姓名: required for a named case, refused for an anonymous one. Stored encrypted, answered masked.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reporterName?: string | null;

  @Field(() => String, { nullable: true, description: '举报人联系方式 (phone or address): for a named case only. Stored encrypted with a blind index, answered masked.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reporterContact?: string | null;
}

@InputType('HotlineCaseStepInput', { description: 'One step of a hotline case.' })
export class HotlineCaseStepInput {
  @Field(() => ID, { description: 'The case.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => HotlineActionEnum, { description: 'The step.' })
  @IsIn(HOTLINE_ACTIONS)
  action: HotlineAction;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'When it took effect (default today; not in the future, not before the previous step).' })
  @IsOptional()
  effectiveOn?: string | null;

  @Field(() => String, { nullable: true, description: 'TRANSFER: the handling unit (承办单位).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  handlingUnit?: string | null;

  @Field(() => String, { nullable: true, description: 'REPLY: the reply (回复内容).' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  content?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'REPLY: found substantiated (属实) or not.' })
  @IsOptional()
  @IsBoolean()
  substantiated?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'RETURN_VISIT: the reporter satisfied or not (not: back to handling, 重办).' })
  @IsOptional()
  @IsBoolean()
  satisfied?: boolean | null;

  @Field(() => String, { nullable: true, description: 'A note, kept in the audit trail.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

@ArgsType()
export class HotlineCasesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only cases of this region and below (12-digit code).' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;

  @Field(() => HotlineStage, { nullable: true, description: 'Only cases at this stage.' })
  @IsOptional()
  @IsEnum(HotlineStage)
  stage?: HotlineStage;

  @Field(() => HotlineChannel, { nullable: true, description: 'Only cases of this channel.' })
  @IsOptional()
  @IsEnum(HotlineChannel)
  channel?: HotlineChannel;

  @Field(() => String, { nullable: true, description: 'Only cases of this type (a code of supervision.hotline_case_types).' })
  @IsOptional()
  @IsString()
  caseType?: string;

  @Field(() => HotlineArea, { nullable: true, description: 'Only cases of this area.' })
  @IsOptional()
  @IsEnum(HotlineArea)
  area?: HotlineArea;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Only cases received on or after this date.' })
  @IsOptional()
  receivedFrom?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Only cases received on or before this date.' })
  @IsOptional()
  receivedTo?: string;

  @Field(() => String, { nullable: true, description: "Only the cases of the reporter with this contact (matched by blind index): the case handlers only (supervision.hotline)." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reporterContact?: string;
}

@ArgsType()
export class HotlineCaseArgs {
  @Field(() => ID, { description: 'The case.' })
  @IsUUID()
  id: string;
}

@ArgsType()
export class HotlineRatesArgs {
  @Field(() => GraphQLLocalDateScalar, { description: 'As of this date.' })
  @IsString()
  asOf: string;

  @Field(() => String, { nullable: true, description: 'Only cases of this region and below (default: your whole scope).' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;
}

@ArgsType()
export class HotlineRateCasesArgs extends ConnectionArgs {
  @Field(() => GraphQLLocalDateScalar, { description: 'As of this date (as hotlineRates).' })
  @IsString()
  asOf: string;

  @Field(() => String, { nullable: true, description: 'Only cases of this region and below (as hotlineRates).' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;

  @Field(() => HotlineRateOutcome, { description: 'Which number of hotlineRates to list.' })
  @IsEnum(HotlineRateOutcome)
  outcome: HotlineRateOutcome;

  @Field(() => String, { nullable: true, description: 'Only the cases transferred to this handling unit (a unit of byHandlingUnit, as named).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  handlingUnit?: string;
}

@InputType('RegisterFindingFromCaseInput', { description: '属实 → 督查问题: a finding (source HOTLINE, the case\'s place) from a case its reply found substantiated.' })
export class RegisterFindingFromCaseInput extends FindingFromRecordFields {
  @Field(() => ID, { description: 'The hotline case.' })
  @IsUUID()
  caseId: string;

  @Field(() => Int, { description: "The case's version you read." })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: "What was found (default: the case's summary)." })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: "The household concerned, within the case's place." })
  @IsOptional()
  @IsUUID()
  householdId?: string | null;

  @Field(() => ID, { nullable: true, description: "The project concerned, within the case's place." })
  @IsOptional()
  @IsUUID()
  projectId?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: "The found date (default: the case's reply date)." })
  @IsOptional()
  foundOn?: string | null;
}

@ObjectType('HotlineFindingPayload', { description: 'The case, now linked, and the finding registered from it.' })
export class HotlineFindingPayload {
  @Field(() => HotlineCase, { description: 'The case as stored now (findingId set).' })
  hotlineCase: HotlineCase;

  @Field(() => SupervisionFinding, { description: 'The finding (stage REGISTERED, source HOTLINE).' })
  finding: SupervisionFinding;
}
