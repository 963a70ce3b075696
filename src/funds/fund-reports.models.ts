import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ConnectionType, connectionDescription, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/pagination/connection';
import { GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { REGION_CODE } from '../regions/regions.args';
import { FundReportDimension } from './fund-reports.repository';
import type { ExecutionRow, ProjectExecutionRow } from './fund-reports.repository';
import type { FirstSecretaryFundsReport, OwnInputReport } from './fund-reports.service';
import { ParameterValue } from '../parameters/parameter.model';
import { FundAllocation, FundDocument } from './funds.models';
import { NoticeChannel } from '../disclosure/disclosure.enums';
import { AllocationDisclosureProblem, DisclosureProblem } from './fund-disclosure.service';

const YEAR = { min: 2000, max: 2100 };

registerEnumType(FundReportDimension, {
  name: 'FundReportDimension',
  description: 'What an execution report (执行情况) groups by; every record counts under its allocation.',
  valuesMap: {
    LEVEL: { description: '级次: the level of funds.levels (中央, 省, 市, 区) the money came from.' },
    CHANNEL: { description: '资金渠道: the channel of funds.channels.' },
    TOWN: { description: '乡镇: the town of the allocation (a village\'s town), or the district itself for money allocated to the district (区本级).' },
  },
});

@ObjectType('FundExecutionFigures', { description: 'The execution figures of a group (or the total) as of the report\'s date, in yuan, exact to the fen.' })
export class FundExecutionFigures {
  @Field(() => GraphQLDecimal, { description: '已分配: active allocations dated on or before the date (one cancelled after the date still counts).' })
  allocated: string;

  @Field(() => GraphQLDecimal, { description: '已安排: active project fundings dated on or before the date.' })
  funded: string;

  @Field(() => GraphQLDecimal, { description: '已报账 (财政审批): reimbursements approved by finance on or before the date.' })
  reimbursed: string;

  @Field(() => GraphQLDecimal, { description: '已支付: payments dated on or before the date.' })
  paid: string;

  @Field(() => GraphQLDecimal, { description: '结余: allocated − paid.' })
  balance: string;

  static from(r: ExecutionRow): FundExecutionFigures {
    return { allocated: r.allocated, funded: r.funded, reimbursed: r.reimbursed, paid: r.paid, balance: r.balance };
  }
}

@ObjectType('FundExecutionRow', { description: 'One group of an execution report with its figures.' })
export class FundExecutionRow extends FundExecutionFigures {
  @Field({ description: 'The group: a level code, a channel code, or a town\'s (the district\'s, for 区本级) 12-digit region code.' })
  key: string;

  @Field(() => String, { nullable: true, description: 'The town\'s (district\'s) name for a TOWN report; null otherwise.' })
  regionName: string | null;

  static fromRow(r: ExecutionRow): FundExecutionRow {
    return { ...FundExecutionFigures.from(r), key: r.key!, regionName: r.regionName };
  }
}

@ObjectType('FundExecutionReport', {
  description: '执行情况: allocated, funded, reimbursed, paid and balance of a year as of a date over a region, by level, channel or town, with the total; every figure filtered by its own record\'s date, so the report for a date never changes afterwards.',
})
export class FundExecutionReport {
  @Field(() => Int, { description: 'The budget year.' })
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date the figures are as of.' })
  asOf: string;

  @Field({ description: 'The region (and its subtree) covered, within your scope.' })
  regionCode: string;

  @Field(() => FundReportDimension, { description: 'What the rows group by.' })
  by: FundReportDimension;

  @Field(() => FundExecutionFigures, { description: 'The total over every row.' })
  total: FundExecutionFigures;

  @Field(() => [FundExecutionRow], { description: 'One row per group with a figure, ordered by key (a bounded list: the levels, channels or towns of the region).' })
  rows: FundExecutionRow[];
}

@ObjectType('FundProjectExecution', { description: 'The execution figures of one project (or, for `total`, of all) as of the report\'s date, in yuan.' })
export class FundProjectExecution {
  @Field(() => ID, { nullable: true, description: 'The project; null for the total.' })
  projectId: string | null;

  @Field(() => String, { nullable: true, description: 'The project\'s name; null for the total.' })
  projectName: string | null;

  @Field(() => String, { nullable: true, description: 'The project\'s region; null for the total.' })
  regionCode: string | null;

  @Field(() => GraphQLDecimal, { description: '已安排: active fundings of the project dated on or before the date.' })
  funded: string;

  @Field(() => GraphQLDecimal, { description: '已报账 (财政审批): its reimbursements approved by finance on or before the date.' })
  reimbursed: string;

  @Field(() => GraphQLDecimal, { description: '已支付: its payments dated on or before the date.' })
  paid: string;

  @Field(() => GraphQLDecimal, { description: '结余: funded − paid (a project has no allocation of its own).' })
  balance: string;

  static from(r: ProjectExecutionRow): FundProjectExecution {
    return { projectId: r.projectId, projectName: r.projectName, regionCode: r.regionCode, funded: r.funded, reimbursed: r.reimbursed, paid: r.paid, balance: r.balance };
  }
}

@ObjectType({ description: `${connectionDescription('projects of an execution report, by name')} With the total over every project (\`total\`).` })
export class FundProjectExecutionConnection extends ConnectionType(FundProjectExecution) {
  @Field(() => FundProjectExecution, { description: 'The total over every project of the report (not only this page).' })
  total: FundProjectExecution;
}

@ArgsType()
export class FundAsOfArgs {
  @Field(() => Int, { description: 'The budget year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The figures as of this date: each record counts by its own date.' })
  @IsString()
  asOf: string;

  @Field({ description: 'The region (12-digit code, within your scope) whose subtree is covered.' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;
}

@ArgsType()
export class FundExecutionReportArgs extends FundAsOfArgs {
  @Field(() => FundReportDimension, { description: 'What the rows group by.' })
  @IsEnum(FundReportDimension)
  by: FundReportDimension;
}

@ObjectType('FundChannelAllocation', { description: 'An allocation behind a planned-vs-provided figure, with what was funded to projects and paid from it by the date (yuan).' })
export class FundChannelAllocation {
  @Field(() => ID, { description: 'The allocation (read it with fundAllocation(id:)).' })
  allocationId: string;

  @Field(() => ID, { description: 'Its fund document.' })
  documentId: string;

  @Field({ description: 'The region it was allocated to (a village, a town or the district).' })
  regionCode: string;

  @Field(() => String, { nullable: true, description: "The region's name." })
  regionName: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'The allocation date.' })
  allocatedOn: string;

  @Field(() => GraphQLDecimal, { description: 'Planned: the allocation\'s amount.' })
  planned: string;

  @Field(() => GraphQLDecimal, { description: 'Funded to projects from it (project fundings active then), dated on or before the date.' })
  funded: string;

  @Field(() => GraphQLDecimal, { description: 'Paid from it (payments net of reversals) dated on or before the date.' })
  paid: string;
}

@ObjectType('FundFirstSecretaryFunds', {
  description:
    '足额落实第一书记扶贫项目资金 (plan §4, RULES.md §8 funds.first_secretary_funds): planned vs provided as of a date. The project\'s reading: planned = the active allocations of the year of the local channel 第一书记 dated on or before the date; provided = what was funded to projects from them by the date; ratio = provided ÷ planned. The channel counts only where funds.channels in force lists it (the seeded national list does not: a district enters its own version); otherwise the figures are null and notConfigured names funds.channels.',
})
export class FundFirstSecretaryFunds {
  @Field(() => Int, { description: 'The budget year.' })
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date the figures are as of.' })
  asOf: string;

  @Field({ description: 'The region (and its subtree) covered, within your scope.' })
  regionCode: string;

  @Field({ description: 'The channel counted (第一书记).' })
  channel: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Planned: the allocations of the channel, in yuan; null when the channel is not configured.' })
  planned: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Provided: funded to projects from those allocations by the date, in yuan; null when not configured.' })
  provided: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Paid from those allocations by the date (net of reversals), in yuan, for reference; null when not configured.' })
  paid: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'provided ÷ planned, exact, 4 decimals rounded half up; null when nothing was planned or not configured.' })
  ratio: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The target funds.first_secretary_funds as of 31 December of the year; null when not configured.' })
  target: string | null;

  @Field(() => Boolean, { nullable: true, description: 'ratio ≥ target; null when either is missing.' })
  meetsTarget: boolean | null;

  @Field(() => [String], { description: 'The keys the answer needed that are not configured (funds.channels without 第一书记, funds.first_secretary_funds not in force): the figures depending on them are null.' })
  notConfigured: string[];

  @Field(() => [ParameterValue], { description: 'The parameters used (funds.channels, funds.first_secretary_funds) with their source and status.' })
  parameters: ParameterValue[];

  @Field(() => [FundChannelAllocation], { description: 'The allocations behind planned, by region code then date.' })
  allocations: FundChannelAllocation[];

  static from(r: FirstSecretaryFundsReport): FundFirstSecretaryFunds {
    const { funded, ...rest } = r;
    return { ...rest, provided: funded, parameters: r.parameters.map(ParameterValue.from) };
  }
}

@ArgsType()
export class FundProjectExecutionArgs {
  @Field(() => Int, { nullable: true, description: `Page size (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}); the list pages forward only.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the page before.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string;

  @Field(() => Int, { description: 'The budget year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The figures as of this date: each record counts by its own date.' })
  @IsString()
  asOf: string;

  @Field({ description: 'The region (12-digit code, within your scope) whose subtree is covered.' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;
}

@ObjectType('FundOwnInputReport', {
  description:
    '区级财政投入: the district\'s own input against its base for a year (RULES.md §8, seed §19: at least funds.district_own_input_min_ratio of the base; the base\'s definition is the parameter funds.district_own_input_base: central+provincial+municipal per the plan, or municipal per Zhengzhou\'s rule). Money is counted once, at the top of its chain (active documents without a parent), by the level that put it in; the parameters are read as of 31 December in the district.',
})
export class FundOwnInputReport {
  @Field(() => Int, { description: 'The budget year.' })
  year: number;

  @Field({ description: 'The district (12-digit code).' })
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'The district\'s own level: the last of funds.levels (区 in 2018); null when funds.levels is not configured.' })
  ownLevel: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Own input in yuan: the documents of ownLevel; null when not configured.' })
  ownInput: string | null;

  @Field(() => String, { nullable: true, description: 'The base\'s definition as the parameter states it (e.g. central+provincial+municipal, or municipal); null when not configured.' })
  baseDefinition: string | null;

  @Field(() => [String], { nullable: true, description: 'The levels the definition names, in funds.levels\' order; null when the definition is not configured or cannot be read.' })
  baseLevels: string[] | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The base in yuan: the documents of baseLevels; null when not configured.' })
  base: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'ownInput ÷ base, exact, 4 decimals rounded half up; null without a base (or a base of 0).' })
  ratio: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The target funds.district_own_input_min_ratio; null when not configured.' })
  target: string | null;

  @Field(() => Boolean, { nullable: true, description: 'ratio ≥ target; null when either is missing.' })
  meetsTarget: boolean | null;

  @Field(() => [String], { description: 'The keys of the parameters the answer needed that are not configured (not in force in the district on 31 December, or unreadable): the figures depending on them are null.' })
  notConfigured: string[];

  @Field(() => [ParameterValue], { description: 'The parameters used (funds.levels, funds.district_own_input_base, funds.district_own_input_min_ratio) with their source and status.' })
  parameters: ParameterValue[];

  @Field(() => [FundDocument], { description: 'The documents behind ownInput, by issue date.' })
  ownInputDocuments: FundDocument[];

  @Field(() => [FundDocument], { description: 'The documents behind base, by issue date.' })
  baseDocuments: FundDocument[];

  static from(r: OwnInputReport): FundOwnInputReport {
    return {
      ...r,
      parameters: r.parameters.map(ParameterValue.from),
      ownInputDocuments: r.ownInputDocuments.map(FundDocument.from),
      baseDocuments: r.baseDocuments.map(FundDocument.from),
    };
  }
}

@ArgsType()
export class FundOwnInputArgs {
  @Field(() => Int, { description: 'The budget year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field({ description: 'The district (12-digit code, within your scope).' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;
}

registerEnumType(DisclosureProblem, {
  name: 'FundDisclosureProblem',
  description: 'Why an allocation is listed as not disclosed within the deadline (funds.allocation_disclosure_deadline working days from the allocation\'s date).',
  valuesMap: {
    MISSING: { description: 'No notice published by the date asked about, and the deadline has passed.' },
    LATE: { description: 'First published after the deadline.' },
    NOT_CONFIGURED: { description: 'The deadline cannot be computed: the parameter or the year\'s working calendar is not in force (said, never guessed).' },
  },
});

@InputType({ description: 'Publish an allocation\'s result (资金分配结果) as a public notice (谁分配、谁公开).' })
export class PublishFundAllocationInput {
  @Field(() => ID, { description: 'The allocation (active, in your write scope).' })
  @IsUUID()
  id: string;

  @Field({ description: 'The publishing unit (责任单位), e.g. 上街区扶贫办、区财政局.' })
  @IsString()
  @MaxLength(100)
  responsibleUnit: string;

  @Field(() => [NoticeChannel], { description: 'Where it is posted (the portal, town or village boards); at least one.' })
  @IsArray()
  @IsEnum(NoticeChannel, { each: true })
  channels: NoticeChannel[];

  @Field(() => String, { nullable: true, description: 'The notice\'s summary; the allocation\'s purpose when omitted.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string | null;
}

@ObjectType('FundAllocationDisclosure', { description: 'The notice an allocation\'s result was published as (kind FUND_ALLOCATION; read it with notice(id:)).' })
export class FundAllocationDisclosure {
  @Field(() => ID, { description: 'The allocation.' })
  allocationId: string;

  @Field(() => ID, { description: 'The notice.' })
  noticeId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day it was published (China time).' })
  publishedOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The first day of its period.' })
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The last day of its period (funds.disclosure_board_min_days days).' })
  endsOn: string;
}

@ObjectType('FundAllocationNotDisclosed', { description: 'An allocation not disclosed within the deadline, with why, the deadline and the parameter.' })
export class FundAllocationNotDisclosed {
  @Field(() => FundAllocation, { description: 'The allocation.' })
  allocation: FundAllocation;

  @Field(() => DisclosureProblem, { description: 'Why it is listed.' })
  problem: DisclosureProblem;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The last day to publish; null when not configured.' })
  deadline: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day its notice was first published, if by the date asked about.' })
  publishedOn: string | null;

  @Field({ description: 'What is wrong, in words.' })
  detail: string;

  @Field(() => ParameterValue, { description: 'funds.allocation_disclosure_deadline as read (as of the allocation\'s date in its region), with source and status.' })
  parameter: ParameterValue;

  static from(r: AllocationDisclosureProblem): FundAllocationNotDisclosed {
    return { ...r, allocation: FundAllocation.from(r.allocation), parameter: ParameterValue.from(r.parameter) };
  }
}

@ArgsType()
export class FundAllocationsNotDisclosedArgs {
  @Field(() => Int, { description: 'The budget year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'As of this date: allocations dated after it are not considered, notices published after it count as missing.' })
  @IsString()
  asOf: string;

  @Field({ description: 'The region (12-digit code, within your scope) whose subtree is covered.' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;

  @Field(() => ID, { nullable: true, description: 'Only the allocations of this document.' })
  @IsOptional()
  @IsUUID()
  documentId?: string;
}
