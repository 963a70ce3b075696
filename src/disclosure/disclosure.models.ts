import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import canonicalize from 'canonicalize';
import { Sector } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { NOTICE_KIND_LABELS, NoticeChannel, NoticeKind, NoticeState, ObjectionOutcome, ObjectionSource, ObjectionState, PeriodUnit } from './disclosure.enums';
import { NoticeProblemKind } from './disclosure.service';
import { NoticeEntity } from './notice.entity';
import { NoticeVersionEntity } from './notice-version.entity';
import { ObjectionEntity } from './objection.entity';
import { MAX_FIELD_CHARS, MAX_ROWS } from './published-payload';
import { NoticePublicFields } from './public-notices.models';

registerEnumType(NoticeKind, {
  name: 'DisclosureNoticeKind',
  description: 'What a notice discloses: the nine kinds of 国开办发〔2018〕11号, and the registry\'s and project library\'s notices.',
  valuesMap: Object.fromEntries(Object.values(NoticeKind).map((k) => [k, { description: NOTICE_KIND_LABELS[k] }])),
});
registerEnumType(NoticeChannel, {
  name: 'DisclosureChannel',
  description: 'Where a notice is posted.',
  valuesMap: {
    PORTAL: { description: '门户网站: the portal (permanent).' },
    TOWN_BOARD: { description: '乡镇公示栏: the town board.' },
    VILLAGE_BOARD: { description: '村公示栏: the village board.' },
    PROJECT_SITE: { description: '项目实施地: the project site.' },
  },
});
registerEnumType(NoticeState, {
  name: 'DisclosureNoticeState',
  description: 'Where a notice stands.',
  valuesMap: {
    DRAFT: { description: '草稿: not public, may be changed.' },
    PUBLISHED: { description: '公示中: published, its period running; objections are received.' },
    PERIOD_ENDED: { description: '公示期满: the period has ended (set by the job disclosure.periods); open objections are still being handled.' },
    CLOSED: { description: '已办结: the period has ended and every objection is closed.' },
    WITHDRAWN: { description: '已撤回: withdrawn, with its reason (its published versions stay public).' },
  },
});
registerEnumType(PeriodUnit, {
  name: 'DisclosurePeriodUnit',
  description: 'How a period is counted.',
  valuesMap: { DAYS: { description: '自然日: calendar days, the first day counting.' }, WORKING_DAYS: { description: '工作日: working days by the working calendar.' } },
});
registerEnumType(ObjectionState, {
  name: 'DisclosureObjectionState',
  description: 'Where an objection stands.',
  valuesMap: { OPEN: { description: '待办理: not handled yet.' }, CLOSED: { description: '已办结: handled, with finding, answer and outcome.' } },
});
registerEnumType(ObjectionOutcome, {
  name: 'DisclosureObjectionOutcome',
  description: 'What handling an objection found.',
  valuesMap: { UPHELD: { description: '异议成立.' }, PARTLY_UPHELD: { description: '部分成立.' }, NOT_UPHELD: { description: '异议不成立.' } },
});
registerEnumType(ObjectionSource, {
  name: 'DisclosureObjectionSource',
  description: 'How an objection came in.',
  valuesMap: { OFFICER: { description: 'Entered by an officer (board, letter, in person).' }, PUBLIC: { description: 'Filed by anyone through the public surface.' } },
});
registerEnumType(NoticeProblemKind, {
  name: 'DisclosureProblemKind',
  description: 'What a deadline check found.',
  valuesMap: {
    MISSING: { description: 'A record that needed a notice (e.g. an exit in its notice period) has none published.' },
    LATE: { description: 'Published after the working-day deadline from the allocation\'s issue date (funds.allocation_disclosure_deadline).' },
    PERIOD_TOO_SHORT: { description: 'A period shorter than the minimum in force on its first day.' },
    NOT_CONFIGURED: { description: 'The check needs a parameter or a working calendar that is not configured.' },
  },
});

@ObjectType('DisclosureNoticeVersion', { description: 'One version of a notice. A published version is never edited; a correction is a new version naming the one it replaces.' })
export class DisclosureNoticeVersion {
  @Field(() => ID, { description: 'Unique id of the version (a UUID).' })
  id: string;

  @Field(() => Int, { description: '1, 2, …: the order of the versions of one notice.' })
  number: number;

  @Field({ description: 'The structured content as entered (JSON; names of household heads in clear, not public).' })
  contentJson: string;

  @Field(() => String, { nullable: true, description: 'The published payload as canonical JSON (RFC 8785): exactly what is hashed; null while a draft.' })
  payloadJson: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 (hex) of payloadJson; null while a draft.' })
  payloadHash: string | null;

  @Field(() => String, { nullable: true, description: 'The text a board shows, rendered from the payload.' })
  renderedText: string | null;

  @Field(() => ID, { nullable: true, description: 'The version this one corrects.' })
  replacesId: string | null;

  @Field(() => String, { nullable: true, description: 'Why it corrects it.' })
  correctionReason: string | null;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When it was published; null while a draft.' })
  publishedAt: Date | null;

  static from(v: NoticeVersionEntity): DisclosureNoticeVersion {
    return Object.assign(new DisclosureNoticeVersion(), {
      id: v.id,
      number: v.number,
      contentJson: JSON.stringify(v.content),
      payloadJson: v.payload ? (canonicalize(v.payload) ?? null) : null,
      payloadHash: v.payloadHash,
      renderedText: v.renderedText,
      replacesId: v.replacesId,
      correctionReason: v.correctionReason,
      publishedAt: v.publishedAt,
    });
  }
}

@ObjectType('DisclosureObjection', { description: '异议: an objection to a notice, and how it was handled. The contact is masked (revealPersonalData: DISCLOSURE_OBJECTOR_CONTACT).' })
export class DisclosureObjection {
  @Field(() => ID, { description: 'Unique id of the objection (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The notice objected to.' })
  noticeId: string;

  @Field(() => ObjectionSource, { description: 'How it came in.' })
  source: ObjectionSource;

  @Field(() => String, { nullable: true, description: "The objector's name; null = anonymous. Never public." })
  objectorName: string | null;

  @Field(() => String, { nullable: true, description: "The objector's contact, masked; never public." })
  contact: string | null;

  @Field({ description: 'What the objection says, as received (plain text).' })
  text: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day it was received.' })
  receivedOn: string;

  @Field(() => ObjectionState, { description: 'Open or handled.' })
  state: ObjectionState;

  @Field(() => String, { nullable: true, description: 'What the responsible unit found (internal).' })
  finding: string | null;

  @Field(() => String, { nullable: true, description: 'The answer, published with the notice.' })
  answer: string | null;

  @Field(() => ObjectionOutcome, { nullable: true, description: 'The outcome.' })
  outcome: ObjectionOutcome | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it was handled.' })
  handledOn: string | null;

  @Field(() => Int, { description: 'Send it back with handleDisclosureObjection; a stale version is a CONFLICT.' })
  version: number;

  static from(o: ObjectionEntity, maskedContact: string | null): DisclosureObjection {
    const { contactEnc: _enc, addressHash: _address, regionCode: _region, createdAt: _c, updatedAt: _u, ...rest } = o;
    return Object.assign(new DisclosureObjection(), { ...rest, contact: maskedContact });
  }
}

@ObjectType('DisclosureNotice', { description: '公告公示: a public notice. Its content is in its versions.' })
export class DisclosureNotice extends NoticePublicFields {
  @Field({ description: 'The kind of record it discloses, e.g. ExitProposal, FundAllocation.' })
  subjectType: string;

  @Field({ description: 'The id of that record.' })
  subjectId: string;

  @Field(() => Int, { nullable: true, description: 'The period\'s length in its unit; null on a draft: the minimum in force.' })
  periodLength: number | null;

  @Field(() => PeriodUnit, { description: 'How the period is counted.' })
  periodUnit: PeriodUnit;

  @Field(() => Sector, { nullable: true, description: 'The department (行业部门) that publishes it, for a sector officer\'s notice; null for the district, town and village offices\' own. Only that sector\'s officers (and the offices) change it.' })
  sector: Sector | null;

  @Field(() => Int, { description: 'The number of the newest version.' })
  currentVersion: number;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it closed.' })
  closedOn: string | null;

  @Field(() => Int, { description: 'Send it back with the notice mutations; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the notice was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the notice last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(n: NoticeEntity): DisclosureNotice {
    return Object.assign(new DisclosureNotice(), n);
  }
}

@ObjectType({ description: connectionDescription('public notices (公告公示)') })
export class DisclosureNoticeConnection extends ConnectionType(DisclosureNotice) {}

@ObjectType({ description: 'The result of a notice mutation.' })
export class DisclosureNoticePayload {
  @Field(() => DisclosureNotice, { description: 'The notice as stored.' })
  notice: DisclosureNotice;
}

@ObjectType({ description: 'The result of an objection mutation.' })
export class DisclosureObjectionPayload {
  @Field(() => DisclosureObjection, { description: 'The objection as stored.' })
  objection: DisclosureObjection;

  @Field(() => DisclosureNotice, { description: 'Its notice (closed when this was its last open objection after the period).' })
  notice: DisclosureNotice;
}

@ObjectType({ description: 'A parameter a deadline check used.' })
export class DisclosureParameterUsed {
  @Field({ description: 'The parameter key.' })
  key: string;

  @Field(() => String, { nullable: true, description: 'Its value as text; null when not configured.' })
  value: string | null;

  @Field({ description: 'Whether a value was in force.' })
  configured: boolean;

  @Field({ description: 'Its status (UNVERIFIED values are to be badged).' })
  status: string;
}

@ObjectType({ description: 'A record that needed a notice (MISSING).' })
export class DisclosureRequiredSubject {
  @Field({ description: 'The kind of record, e.g. HouseholdProposal.' })
  subjectType: string;

  @Field({ description: 'Its id.' })
  subjectId: string;

  @Field({ description: 'Where its notice belongs (12-digit division code).' })
  regionCode: string;

  @Field(() => NoticeKind, { description: 'The kind of notice it needed.' })
  kind: NoticeKind;

  @Field(() => GraphQLLocalDateScalar, { description: 'From when it needed one.' })
  dueOn: string;
}

@ObjectType({ description: 'A notice that missed a deadline or a minimum period or could not be checked, or a record that needed a notice and has none.' })
export class DisclosureProblem {
  @Field(() => DisclosureNotice, { nullable: true, description: 'The notice; null for MISSING.' })
  notice: DisclosureNotice | null;

  @Field(() => DisclosureRequiredSubject, { nullable: true, description: 'The record without a notice (MISSING); null otherwise.' })
  subject: DisclosureRequiredSubject | null;

  @Field(() => NoticeProblemKind, { description: 'What the check found.' })
  problem: NoticeProblemKind;

  @Field({ description: 'The finding in words.' })
  detail: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The deadline it missed (LATE), or the day from which a notice was due (MISSING).' })
  deadline: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it was published (China time).' })
  publishedOn: string | null;

  @Field(() => Int, { nullable: true, description: 'Its period in calendar days.' })
  periodDays: number | null;

  @Field(() => Int, { nullable: true, description: 'The minimum in force (PERIOD_TOO_SHORT).' })
  minDays: number | null;

  @Field(() => [DisclosureParameterUsed], { description: 'The parameters the check used.' })
  parametersUsed: DisclosureParameterUsed[];
}

// ---- inputs -------------------------------------------------------------------------------------

const TEXT = { description: 'Plain text.' };

@InputType({ description: 'A row of an allocation list.' })
export class AllocationRowInput {
  @Field(() => String, { nullable: true, description: 'The region it goes to (12-digit division code).' }) @IsOptional() @IsString() regionCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Who receives it (a unit, project or village; never a person\'s data).' }) @IsOptional() @IsString() @MaxLength(MAX_FIELD_CHARS) recipient?: string | null;
  @Field(() => String, { nullable: true, description: 'What it is for.' }) @IsOptional() @IsString() @MaxLength(MAX_FIELD_CHARS) purpose?: string | null;
  @Field(() => GraphQLDecimal, { nullable: true, description: 'Amount in yuan, e.g. "120000.00".' }) @IsOptional() @IsString() amount?: string | null;
}

@InputType({ description: 'A row of a project list.' })
export class ProjectRowInput {
  @Field(() => String, { nullable: true, description: 'Project name.' }) @IsOptional() @IsString() @MaxLength(MAX_FIELD_CHARS) name?: string | null;
  @Field(() => String, { nullable: true, description: 'Where (12-digit division code).' }) @IsOptional() @IsString() regionCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Project type.' }) @IsOptional() @IsString() @MaxLength(MAX_FIELD_CHARS) projectType?: string | null;
  @Field(() => GraphQLDecimal, { nullable: true, description: 'Budget in yuan.' }) @IsOptional() @IsString() budget?: string | null;
  @Field(() => String, { nullable: true, description: 'Status in words.' }) @IsOptional() @IsString() @MaxLength(MAX_FIELD_CHARS) status?: string | null;
  @Field(() => Int, { nullable: true, description: 'Households that benefit.' }) @IsOptional() @IsInt() @Min(0) beneficiaryHouseholds?: number | null;
}

@InputType({ description: 'A row of a household list (e.g. an exit notice): the head\'s name is published masked (张*三).' })
export class HouseholdRowInput {
  @Field(() => String, { nullable: true, description: "The household head's name (published masked)." }) @IsOptional() @IsString() @MaxLength(50) headName?: string | null;
  @Field(() => String, { nullable: true, description: 'The household\'s village (12-digit division code).' }) @IsOptional() @IsString() regionCode?: string | null;
  @Field(() => Int, { nullable: true, description: 'Household size.' }) @IsOptional() @IsInt() @Min(1) @Max(99) size?: number | null;
  @Field(() => String, { nullable: true, description: 'A remark (no personal data).' }) @IsOptional() @IsString() @MaxLength(MAX_FIELD_CHARS) note?: string | null;
}

@InputType({ description: 'A labelled item.' })
export class ItemRowInput {
  @Field(() => String, { nullable: true, description: 'What it is.' }) @IsOptional() @IsString() @MaxLength(MAX_FIELD_CHARS) label?: string | null;
  @Field(() => String, { nullable: true, description: 'Its content.' }) @IsOptional() @IsString() @MaxLength(MAX_FIELD_CHARS) value?: string | null;
}

@InputType({ description: 'The structured content of a notice. Each kind allows some fields and requires some to publish (NOTICE_FIELD_NOT_ALLOWED, NOTICE_FIELD_REQUIRED); text that looks like an ID, phone or card number is refused (NOTICE_PERSONAL_DATA).' })
export class DisclosureContentInput {
  @Field(() => String, { nullable: true, description: 'Title (required to publish).' }) @IsOptional() @IsString() title?: string | null;
  @Field(() => String, { nullable: true, ...TEXT }) @IsOptional() @IsString() summary?: string | null;
  @Field(() => String, { nullable: true, description: 'The responsible unit (required to publish): who answers objections.' }) @IsOptional() @IsString() responsibleUnit?: string | null;
  @Field(() => String, { nullable: true, description: 'Document number (文号 / 指标文号).' }) @IsOptional() @IsString() documentNumber?: string | null;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day the allocation was issued (下达日期): the working-day deadline counts from it.' }) @IsOptional() @IsString() issuedOn?: string | null;
  @Field(() => Int, { nullable: true, description: 'The year it concerns.' }) @IsOptional() @IsInt() @Min(2000) @Max(2100) year?: number | null;
  @Field(() => GraphQLDecimal, { nullable: true, description: 'Total amount in yuan.' }) @IsOptional() @IsString() amount?: string | null;
  @Field(() => String, { nullable: true, description: 'Fund level (中央, 省, 市, 区).' }) @IsOptional() @IsString() fundLevel?: string | null;
  @Field(() => String, { nullable: true, description: 'Fund channel.' }) @IsOptional() @IsString() fundChannel?: string | null;
  @Field(() => [AllocationRowInput], { nullable: true, description: 'Allocation rows.' }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_ROWS) @ValidateNested({ each: true }) @Type(() => AllocationRowInput) allocations?: AllocationRowInput[] | null;
  @Field(() => [ProjectRowInput], { nullable: true, description: 'Project rows.' }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_ROWS) @ValidateNested({ each: true }) @Type(() => ProjectRowInput) projects?: ProjectRowInput[] | null;
  @Field(() => [HouseholdRowInput], { nullable: true, description: 'Household rows (names published masked).' }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_ROWS) @ValidateNested({ each: true }) @Type(() => HouseholdRowInput) households?: HouseholdRowInput[] | null;
  @Field(() => [ItemRowInput], { nullable: true, description: 'Other labelled items.' }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_ROWS) @ValidateNested({ each: true }) @Type(() => ItemRowInput) items?: ItemRowInput[] | null;
}

@InputType({ description: 'A period: its length in its unit; without a length, the minimum in force.' })
export class DisclosurePeriodInput {
  @Field(() => Int, { nullable: true, description: 'Length (1–3660); at least the minimum in force when published.' }) @IsOptional() @IsInt() length?: number | null;
  @Field(() => PeriodUnit, { nullable: true, description: 'How it is counted; default DAYS.' }) @IsOptional() @IsEnum(PeriodUnit) unit?: PeriodUnit | null;
}

@InputType({ description: 'A new notice, as a draft.' })
export class CreateDisclosureNoticeInput {
  @Field(() => NoticeKind, { description: 'What it discloses.' }) @IsEnum(NoticeKind) kind: NoticeKind;
  @Field({ description: 'The kind of record it discloses, e.g. FundAllocation.' }) @IsString() @Matches(/^[A-Za-z][A-Za-z0-9]{0,39}$/, { message: 'must be a record type name (letters and digits, up to 40)' }) subjectType: string;
  @Field({ description: 'The id of that record.' }) @IsString() @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'must be an id (letters, digits, dashes; up to 64)' }) subjectId: string;
  @Field({ description: 'Where it is posted (in your region).' }) @IsString() regionCode: string;
  @Field(() => [NoticeChannel], { description: 'Where it is posted (at least one).' }) @IsArray() @IsEnum(NoticeChannel, { each: true }) channels: NoticeChannel[];
  @Field(() => DisclosurePeriodInput, { nullable: true, description: 'The period; default the minimum in force, in days.' }) @IsOptional() @ValidateNested() @Type(() => DisclosurePeriodInput) period?: DisclosurePeriodInput | null;
  @Field(() => DisclosureContentInput, { description: 'The content.' }) @ValidateNested() @Type(() => DisclosureContentInput) content: DisclosureContentInput;
}

@InputType({ description: 'Changes a draft (a published notice is never edited: correct it).' })
export class UpdateDisclosureNoticeInput {
  @Field(() => ID, { description: 'Id of the notice.' }) @IsUUID() id: string;
  @Field(() => Int, { description: 'The version you read.' }) @IsInt() @Min(1) version: number;
  @Field(() => [NoticeChannel], { nullable: true, description: 'New channels.' }) @IsOptional() @IsArray() @IsEnum(NoticeChannel, { each: true }) channels?: NoticeChannel[] | null;
  @Field(() => DisclosurePeriodInput, { nullable: true, description: 'New period.' }) @IsOptional() @ValidateNested() @Type(() => DisclosurePeriodInput) period?: DisclosurePeriodInput | null;
  @Field(() => DisclosureContentInput, { nullable: true, description: 'New content (replaces the draft\'s).' }) @IsOptional() @ValidateNested() @Type(() => DisclosureContentInput) content?: DisclosureContentInput | null;
}

@InputType({ description: 'Publishes a draft.' })
export class PublishDisclosureNoticeInput {
  @Field(() => ID, { description: 'Id of the notice.' }) @IsUUID() id: string;
  @Field(() => Int, { description: 'The version you read.' }) @IsInt() @Min(1) version: number;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The first day of the period: today (default) or later.' }) @IsOptional() @IsString() startsOn?: string | null;
}

@InputType({ description: 'Publishes a correction: a new version naming the one it replaces.' })
export class CorrectDisclosureNoticeInput {
  @Field(() => ID, { description: 'Id of the notice.' }) @IsUUID() id: string;
  @Field(() => Int, { description: 'The version you read.' }) @IsInt() @Min(1) version: number;
  @Field(() => DisclosureContentInput, { description: 'The corrected content.' }) @ValidateNested() @Type(() => DisclosureContentInput) content: DisclosureContentInput;
  @Field({ description: 'Why (published with the version).' }) @IsString() reason: string;
}

@InputType({ description: 'Withdraws a notice, with the reason.' })
export class WithdrawDisclosureNoticeInput {
  @Field(() => ID, { description: 'Id of the notice.' }) @IsUUID() id: string;
  @Field(() => Int, { description: 'The version you read.' }) @IsInt() @Min(1) version: number;
  @Field({ description: 'Why (public).' }) @IsString() reason: string;
}

@InputType({ description: 'An objection received by an officer.' })
export class RecordDisclosureObjectionInput {
  @Field(() => ID, { description: 'Id of the notice.' }) @IsUUID() noticeId: string;
  @Field({ description: 'What it says (plain text, up to 5000 characters).' }) @IsString() text: string;
  @Field(() => String, { nullable: true, description: "The objector's name; omit for an anonymous objection." }) @IsOptional() @IsString() @MaxLength(50) objectorName?: string | null;
  @Field(() => String, { nullable: true, description: 'A contact (stored encrypted, answered masked, never public).' }) @IsOptional() @IsString() @MaxLength(100) contact?: string | null;
  @Field(() => GraphQLLocalDateScalar, { description: 'The day it was received (within the period; not in the future).' }) @IsString() receivedOn: string;
}

@InputType({ description: 'Handles an objection: finding, answer (published) and outcome.' })
export class HandleDisclosureObjectionInput {
  @Field(() => ID, { description: 'Id of the objection.' }) @IsUUID() id: string;
  @Field(() => Int, { description: 'The version you read.' }) @IsInt() @Min(1) version: number;
  @Field({ description: 'What was found (internal).' }) @IsString() finding: string;
  @Field({ description: 'The answer (published with the notice; no personal data).' }) @IsString() answer: string;
  @Field(() => ObjectionOutcome, { description: 'The outcome.' }) @IsEnum(ObjectionOutcome) outcome: ObjectionOutcome;
}

@ArgsType()
export class DisclosureNoticesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only notices posted in this region or below.' }) @IsOptional() @Matches(/^\d{12}$/) regionCode?: string;
  @Field(() => NoticeKind, { nullable: true, description: 'Only this kind.' }) @IsOptional() @IsEnum(NoticeKind) kind?: NoticeKind;
  @Field(() => NoticeState, { nullable: true, description: 'Only this state.' }) @IsOptional() @IsEnum(NoticeState) state?: NoticeState;
}

@ArgsType()
export class DisclosureNoticeArgs {
  @Field(() => ID, { description: 'Id (UUID) of the notice.' }) @IsUUID() id: string;
}

@ArgsType()
export class DisclosureProblemsArgs {
  @Field(() => GraphQLLocalDateScalar, { description: 'Notices published on or after this day.' }) @IsString() from: string;
  @Field(() => GraphQLLocalDateScalar, { description: 'Notices published on or before this day (at most 366 days after from).' }) @IsString() to: string;
}
