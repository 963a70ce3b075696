import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { fromCents, toCents } from '../common/money/money';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { REGION_CODE } from '../regions/regions.args';
import { FundAllocationEntity, FundBatch, FundDocumentEntity, FundingBasis, FundRecordStatus, ProjectFundingEntity } from './funds.entities';
import type { LedgerViolationRow } from './funds.repository';
import type { LevelsWarning } from './funds.service';

registerEnumType(FundBatch, {
  name: 'FundBatch',
  description: '批次: how a fund document was issued.',
  valuesMap: {
    ADVANCE: { description: '提前下达: issued in advance (usually in the autumn before the year).' },
    REGULAR: { description: '正式下达: the regular issue of the year.' },
    SUPPLEMENT: { description: '追加: a supplement during the year.' },
  },
});

registerEnumType(FundRecordStatus, {
  name: 'FundRecordStatus',
  description: 'Whether a ledger record counts.',
  valuesMap: {
    ACTIVE: { description: '有效: counts against its source.' },
    CANCELLED: { description: '已撤销: cancelled with a date and reason; kept, counts for nothing.' },
  },
});

registerEnumType(FundingBasis, {
  name: 'FundingBasis',
  description: 'Why a project could receive funds (project.funding_requires_in_library, RULES.md §2).',
  valuesMap: {
    IN_LIBRARY: { description: '已入库: the project was in the library (or later) when funded.' },
    EXCEPTION: { description: '例外: not in the library; funded with the reason given (原则上: exceptions need a reason).' },
    RULE_OFF: { description: 'The rule was off on the funding date in the project\'s region.' },
  },
});

const YEAR = { min: 2000, max: 2100 };
const available = (x: { amount: string; committed: string }) => fromCents(toCents(x.amount) - toCents(x.committed));
const ID_DESC = 'Unique id of the record (a UUID).';

@ObjectType('FundDocument', { description: '指标文件: a fund document of one level and channel for a year, received by a district; a child of a higher level\'s document passes its money on (province → city → district).' })
export class FundDocument {
  @Field(() => ID, { description: ID_DESC })
  id: string;

  @Field({ description: '文号, e.g. 豫财农〔2018〕12号 (unique per issuer and year among active documents).' })
  documentNumber: string;

  @Field({ description: '发文单位: the issuing office.' })
  issuer: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date it was issued.' })
  issuedOn: string;

  @Field(() => Int, { description: 'The budget year the money belongs to.' })
  year: number;

  @Field({ description: 'Level (级次): a code of funds.levels as of the issue date (中央, 省, 市, 区).' })
  level: string;

  @Field({ description: 'Channel (资金渠道): a code of funds.channels as of the issue date.' })
  channel: string;

  @Field(() => FundBatch, { description: 'How it was issued.' })
  batch: FundBatch;

  @Field(() => ID, { nullable: true, description: 'The higher level\'s document it passes on; null at the top of its chain.' })
  parentId: string | null;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan (a Decimal string).' })
  amount: string;

  @Field(() => GraphQLDecimal, { description: 'What its active child documents and allocations take, in yuan.' })
  committed: string;

  @Field(() => GraphQLDecimal, { description: 'What is left: amount − committed, in yuan.' })
  available: string;

  @Field({ description: '政府收支分类科目 (支出功能分类): 3, 5 or 7 digits, e.g. 2130599.' })
  functionCode: string;

  @Field({ description: 'The receiving district (12-digit division code).' })
  regionCode: string;

  @Field(() => FundRecordStatus, { description: 'Whether it counts.' })
  status: FundRecordStatus;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'When it was cancelled.' })
  cancelledOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  cancelReason: string | null;

  @Field(() => Int, { description: 'Send it back with update and cancel; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: FundDocumentEntity): FundDocument {
    const { levelRank: _rank, ...rest } = e;
    return Object.assign(new FundDocument(), { ...rest, available: available(e) });
  }
}

@ObjectType('FundAllocation', { description: '资金分配: part of a document\'s money given to a town, a village or the district itself; level, channel and year are the document\'s (用途不变、渠道不乱).' })
export class FundAllocation {
  @Field(() => ID, { description: ID_DESC })
  id: string;

  @Field(() => ID, { description: 'The fund document it comes from.' })
  documentId: string;

  @Field({ description: 'The receiving town, village or district (12-digit division code).' })
  regionCode: string;

  @Field(() => Int, { description: 'The document\'s year.' })
  year: number;

  @Field({ description: 'The document\'s level.' })
  level: string;

  @Field({ description: 'The document\'s channel.' })
  channel: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the allocation.' })
  allocatedOn: string;

  @Field({ description: 'What the money is for (用途).' })
  purpose: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan.' })
  amount: string;

  @Field(() => GraphQLDecimal, { description: 'What its active project fundings take, in yuan.' })
  committed: string;

  @Field(() => GraphQLDecimal, { description: 'What is left: amount − committed, in yuan.' })
  available: string;

  @Field(() => FundRecordStatus, { description: 'Whether it counts.' })
  status: FundRecordStatus;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'When it was cancelled.' })
  cancelledOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  cancelReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The factor allocation run (因素分配测算) it applies (applyFactorAllocationRun); null for an allocation entered by hand.' })
  runId: string | null;

  @Field(() => Int, { description: 'Send it back with update and cancel; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: FundAllocationEntity): FundAllocation {
    return Object.assign(new FundAllocation(), { ...e, available: available(e) });
  }
}

@ObjectType('ProjectFunding', { description: '项目资金安排: part of an allocation\'s money given to a project of the allocation\'s region; level, channel and year are the allocation\'s.' })
export class ProjectFunding {
  @Field(() => ID, { description: ID_DESC })
  id: string;

  @Field(() => ID, { description: 'The allocation it comes from.' })
  allocationId: string;

  @Field(() => ID, { description: 'The allocation\'s fund document.' })
  documentId: string;

  @Field(() => ID, { description: 'The project funded.' })
  projectId: string;

  @Field({ description: 'The project\'s region (12-digit division code).' })
  regionCode: string;

  @Field(() => Int, { description: 'The allocation\'s year.' })
  year: number;

  @Field({ description: 'The allocation\'s level.' })
  level: string;

  @Field({ description: 'The allocation\'s channel.' })
  channel: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the funding.' })
  fundedOn: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan.' })
  amount: string;

  @Field(() => GraphQLDecimal, { description: 'What its reimbursements (not rejected) take, in yuan.' })
  committed: string;

  @Field(() => GraphQLDecimal, { description: 'What is left to reimburse (amount − committed).' })
  get available(): string {
    return available(this);
  }

  @Field(() => FundingBasis, { description: 'Why the project could be funded.' })
  basis: FundingBasis;

  @Field(() => String, { nullable: true, description: 'The reason of an exception (basis EXCEPTION).' })
  exceptionReason: string | null;

  @Field(() => FundRecordStatus, { description: 'Whether it counts.' })
  status: FundRecordStatus;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'When it was cancelled.' })
  cancelledOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  cancelReason: string | null;

  @Field(() => Int, { description: 'Send it back with update and cancel; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: ProjectFundingEntity): ProjectFunding {
    return Object.assign(new ProjectFunding(), e);
  }
}

@ObjectType({ description: connectionDescription('fund documents (指标文件)') })
export class FundDocumentConnection extends ConnectionType(FundDocument) {}

@ObjectType({ description: connectionDescription('fund allocations (资金分配)') })
export class FundAllocationConnection extends ConnectionType(FundAllocation) {}

@ObjectType({ description: connectionDescription('project fundings (项目资金安排)') })
export class ProjectFundingConnection extends ConnectionType(ProjectFunding) {}

@ObjectType({ description: 'funds.zhengzhou_rules: one project drawing on several levels is warned (not refused).' })
export class FundLevelsWarning {
  @Field(() => [String], { description: 'The levels the project\'s active fundings draw on.' })
  levels: string[];

  @Field({ description: 'The parameter that says so.' })
  parameter: string;

  @Field(() => String, { nullable: true, description: 'Its source.' })
  source: string | null;

  @Field({ description: 'The rule\'s text.' })
  rule: string;
}

@ObjectType({ description: 'The result of a fund document mutation.' })
export class FundDocumentPayload {
  @Field(() => FundDocument, { description: 'The document as stored.' })
  fundDocument: FundDocument;
}

@ObjectType({ description: 'The result of an allocation mutation.' })
export class FundAllocationPayload {
  @Field(() => FundAllocation, { description: 'The allocation as stored.' })
  fundAllocation: FundAllocation;
}

@ObjectType({ description: 'The result of a project funding mutation.' })
export class ProjectFundingPayload {
  @Field(() => ProjectFunding, { description: 'The funding as stored.' })
  projectFunding: ProjectFunding;

  @Field(() => FundLevelsWarning, { nullable: true, description: 'Set when the project now draws on several levels and funds.zhengzhou_rules is in force in its region on the funding date.' })
  levelsWarning: FundLevelsWarning | null;

  static of(f: ProjectFundingEntity, w: LevelsWarning | null): ProjectFundingPayload {
    return { projectFunding: ProjectFunding.from(f), levelsWarning: w };
  }
}

@ObjectType({ description: 'One breach of the ledger\'s invariants, with the records behind it.' })
export class FundLedgerViolation {
  @Field({
    description:
      'OVER_SOURCE: the active parts sum above the source (a funding\'s reimbursements not rejected; a reimbursement\'s payments); COMMITTED_DRIFT: the stored committed (a reimbursement: paid) differs from the records (the trigger bypassed); PARTS_UNDER_CANCELLED: active parts under a cancelled source; CHANNEL_CHANGED: parts whose year, level (a child document: not below), channel, document (a reimbursement: allocation, project) differ from the source\'s; LINES_SUM: a reimbursement\'s lines do not add up to it; PAID_NOT_IN_FULL: a reimbursement PAID without its payments adding up to it, or paid in full and not PAID; ROSTER_SUM: a payment to households whose roster does not add up to it (a reversal carries none); REVERSAL_MISMATCH: a reversal that is not the negative of its payment, of the same reimbursement, not before it, or that reverses a reversal. For a FundAllocationRun: OVER_SOURCE when the active allocations applying it sum above it (one corrected upwards), CHANNEL_CHANGED when an allocation names it from another document or for a region without a line of it.',
  })
  kind: string;

  @Field({ description: 'FundDocument, FundAllocation, ProjectFunding, FundReimbursement, FundPayment or FundAllocationRun: the record checked.' })
  recordType: string;

  @Field(() => ID, { description: 'The source\'s id.' })
  recordId: string;

  @Field({ description: 'The source\'s region.' })
  regionCode: string;

  @Field(() => GraphQLDecimal, { description: 'The source\'s amount.' })
  amount: string;

  @Field(() => GraphQLDecimal, { description: 'The sum of its active parts (0.00 for CHANNEL_CHANGED).' })
  sum: string;

  @Field(() => GraphQLDecimal, { description: 'OVER_SOURCE: by how much; COMMITTED_DRIFT: stored − recomputed; PARTS_UNDER_CANCELLED: the parts\' sum.' })
  excess: string;

  @Field(() => [ID], { description: 'The parts concerned (child documents, allocations, fundings, reimbursements, payments, lines or roster rows).' })
  recordIds: string[];

  static from(r: LedgerViolationRow): FundLedgerViolation {
    return Object.assign(new FundLedgerViolation(), r);
  }
}

@ObjectType({ description: 'The ledger check of a year over your region: empty violations is a pass.' })
export class FundLedgerCheck {
  @Field(() => Int, { description: 'The year checked.' })
  year: number;

  @Field(() => Int, { description: 'Documents of the year checked (your scope).' })
  documents: number;

  @Field(() => Int, { description: 'Allocations of the year checked.' })
  allocations: number;

  @Field(() => Int, { description: 'Project fundings of the year checked.' })
  fundings: number;

  @Field(() => Int, { description: 'Reimbursements of the year checked.' })
  reimbursements: number;

  @Field(() => Int, { description: 'Payments of the year checked.' })
  payments: number;

  @Field({ description: 'Whether no violation was found.' })
  ok: boolean;

  @Field(() => [FundLedgerViolation], { description: 'Every violation, by source type, kind and id.' })
  violations: FundLedgerViolation[];
}

@ObjectType({ description: 'A funding of a project that was not in the library on the funding\'s date.' })
export class FundingOutsideLibrary {
  @Field(() => ProjectFunding, { description: 'The funding.' })
  funding: ProjectFunding;

  @Field({ description: 'The project\'s stage on the funding\'s date (ProjectStage name).' })
  stageOnFundedOn: string;
}

@ObjectType({ description: 'A project funded while it was not in the library (or rejected or removed), with those fundings.' })
export class ProjectFundedOutsideLibrary {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field({ description: 'Its name.' })
  projectName: string;

  @Field({ description: 'Its region.' })
  regionCode: string;

  @Field({ description: 'Its stage now (ProjectStage name).' })
  currentStage: string;

  @Field(() => [FundingOutsideLibrary], { description: 'Its fundings of the year dated while it was outside the library, each with the exception reason if any.' })
  fundings: FundingOutsideLibrary[];
}

// ---- arguments and inputs ------------------------------------------------------------------

@ArgsType()
export class FundDocumentsArgs extends ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Only documents of this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: 'Only documents of this level (a code of funds.levels).' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  level?: string;

  @Field(() => String, { nullable: true, description: 'Only documents of this channel (a code of funds.channels).' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  channel?: string;

  @Field(() => ID, { nullable: true, description: 'Only the children of this document.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Field(() => String, { nullable: true, description: 'Only documents received in this region\'s subtree (12-digit division code).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class FundAllocationsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only the allocations of this document.' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @Field(() => Int, { nullable: true, description: 'Only allocations of this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: 'Only allocations to this region\'s subtree (12-digit division code).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class ProjectFundingsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only the fundings of this allocation.' })
  @IsOptional()
  @IsUUID()
  allocationId?: string;

  @Field(() => ID, { nullable: true, description: 'Only the fundings under this document.' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @Field(() => ID, { nullable: true, description: 'Only the fundings of this project.' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @Field(() => Int, { nullable: true, description: 'Only fundings of this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: 'Only fundings of projects in this region\'s subtree (12-digit division code).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class FundYearArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;
}

@ArgsType()
export class FundedOutsideLibraryArgs extends FundYearArgs {
  @Field(() => String, { nullable: true, description: 'Only projects in this region\'s subtree (12-digit division code).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@InputType({ description: 'A fund document received by a district (finance records it).' })
export class CreateFundDocumentInput {
  @Field({ description: '文号, e.g. 豫财农〔2018〕12号.' })
  @IsString()
  @MaxLength(100)
  documentNumber: string;

  @Field({ description: '发文单位: the issuing office.' })
  @IsString()
  @MaxLength(100)
  issuer: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date it was issued (not in the future).' })
  @IsString()
  issuedOn: string;

  @Field(() => Int, { description: 'The budget year (a child\'s is its parent\'s).' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field({ description: 'Level: a code of funds.levels as of the issue date (below the parent\'s).' })
  @IsString()
  @MaxLength(20)
  level: string;

  @Field({ description: 'Channel: a code of funds.channels as of the issue date.' })
  @IsString()
  @MaxLength(40)
  channel: string;

  @Field(() => FundBatch, { description: 'How it was issued.' })
  @IsEnum(FundBatch)
  batch: FundBatch;

  @Field(() => ID, { nullable: true, description: 'The higher level\'s document it passes on (its available amount must cover this one).' })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: positive, at most 2 decimals.' })
  @IsString()
  amount: string;

  @Field({ description: '政府收支分类科目: 3, 5 or 7 digits starting with 2, e.g. 2130599.' })
  @IsString()
  @MaxLength(7)
  functionCode: string;

  @Field({ description: 'The receiving district (12-digit division code, in your scope).' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;
}

@InputType({ description: 'Corrects a fund document; send the version you read. Level, channel, year, parent and district cannot change: cancel and record anew.' })
export class UpdateFundDocumentInput {
  @Field(() => ID, { description: 'The document.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: 'New 文号.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  documentNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'New issuer.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  issuer?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'New issue date.' })
  @IsOptional()
  @IsString()
  issuedOn?: string | null;

  @Field(() => FundBatch, { nullable: true, description: 'New batch.' })
  @IsOptional()
  @IsEnum(FundBatch)
  batch?: FundBatch | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'New amount: not below what is committed; an increase must fit in the parent.' })
  @IsOptional()
  @IsString()
  amount?: string | null;

  @Field(() => String, { nullable: true, description: 'New function code.' })
  @IsOptional()
  @IsString()
  @MaxLength(7)
  functionCode?: string | null;
}

@InputType({ description: 'Cancels a record with nothing active under it; send the version you read and the reason.' })
export class CancelFundRecordInput {
  @Field(() => ID, { description: 'The record.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field({ description: 'Why it is cancelled.' })
  @IsString()
  @MaxLength(500)
  reason: string;
}

@InputType({ description: 'An allocation of a document\'s money to a town, a village or the district.' })
export class CreateFundAllocationInput {
  @Field(() => ID, { description: 'The fund document (active, in your scope).' })
  @IsUUID()
  documentId: string;

  @Field({ description: 'The receiving town, village or district (within the document\'s district and your scope).' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: positive, at most 2 decimals, within what the document has left.' })
  @IsString()
  amount: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the allocation (not before the document\'s issue, not in the future).' })
  @IsString()
  allocatedOn: string;

  @Field({ description: 'What the money is for (用途).' })
  @IsString()
  @MaxLength(1000)
  purpose: string;
}

@InputType({ description: 'Corrects an allocation; send the version you read.' })
export class UpdateFundAllocationInput {
  @Field(() => ID, { description: 'The allocation.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'New amount: not below what its fundings take; an increase must fit in the document.' })
  @IsOptional()
  @IsString()
  amount?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'New date.' })
  @IsOptional()
  @IsString()
  allocatedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'New purpose.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  purpose?: string | null;
}

@InputType({ description: 'A funding of a project from an allocation (the poverty office arranges it).' })
export class CreateProjectFundingInput {
  @Field(() => ID, { description: 'The allocation (active, in your scope).' })
  @IsUUID()
  allocationId: string;

  @Field(() => ID, { description: 'The project (in your scope and within the allocation\'s region).' })
  @IsUUID()
  projectId: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: positive, at most 2 decimals, within what the allocation has left.' })
  @IsString()
  amount: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the funding (not before the allocation, not in the future).' })
  @IsString()
  fundedOn: string;

  @Field(() => String, { nullable: true, description: 'Why a project not yet in the library is funded all the same (required then; ignored for a project in the library).' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  exceptionReason?: string | null;
}

@InputType({ description: 'Corrects a funding\'s amount; send the version you read.' })
export class UpdateProjectFundingInput {
  @Field(() => ID, { description: 'The funding.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => GraphQLDecimal, { description: 'New amount: an increase must fit in the allocation.' })
  @IsString()
  amount: string;
}

@ArgsType()
export class FundRecordArgs {
  @Field(() => ID, { description: 'Id (UUID) of the record.' })
  @IsUUID()
  id: string;
}
