import { ArgsType, Field, ID, InputType, Int, ObjectType, OmitType, PartialType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Permission, Sector } from '../common/access/permissions';
import { actionDescriptions, availableActions } from '../common/procedure/procedure';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { FundingLevel, ProjectEventEntity, ProjectFundingLineEntity, ProjectPerformanceTargetEntity } from './project-children.entity';
import { ConstructionNature, ProjectEntity, ProjectStage } from './project.entity';
import { fundingMatchesBudget, fundingTotalOf } from './project-funding';
import { PROJECT_ACTIONS, PROJECT_PROCEDURE, ProjectAction } from './project-procedure';
import type { ProjectChildren } from './project.repository';

/** Longest list a project input carries (funding lines, targets, beneficiary villages and households). */
export const MAX_PROJECT_LIST = 500;
const DIVISION_CODE = /^\d{12}$/;

registerEnumType(ProjectStage, {
  name: 'ProjectStage',
  description: 'Where a project stands in the project library procedure (国开办发〔2018〕10号); DRAFT before the village applies.',
  valuesMap: Object.fromEntries(
    Object.values(ProjectStage).map((s) => [s, { description: `${PROJECT_PROCEDURE.stages[s].label}${PROJECT_PROCEDURE.stages[s].notice ? ' (a public notice, 公示)' : ''}${PROJECT_PROCEDURE.stages[s].final ? ' (final)' : ''}.` }]),
  ),
});
registerEnumType(ConstructionNature, {
  name: 'ConstructionNature',
  description: '建设性质 of a project.',
  valuesMap: { NEW: { description: '新建: new.' }, CONTINUED: { description: '续建: continued from an earlier year.' }, EXPANDED: { description: '改扩建: renovated or expanded.' } },
});
registerEnumType(FundingLevel, {
  name: 'FundingLevel',
  description: 'The level a funding line comes from.',
  valuesMap: {
    CENTRAL: { description: '中央.' },
    PROVINCIAL: { description: '省级.' },
    MUNICIPAL: { description: '市级.' },
    DISTRICT: { description: '区级.' },
    OTHER: { description: '其他: households, the village collective, society.' },
  },
});
/** The procedure's actions as a GraphQL enum (an object, since the actions are the table's keys). */
export const ProjectActionEnum = Object.fromEntries(PROJECT_ACTIONS.map((a) => [a, a])) as { [K in ProjectAction]: K };
registerEnumType(ProjectActionEnum, {
  name: 'ProjectAction',
  description: 'A step of the project library procedure, taken through the operation of the permission it needs.',
  valuesMap: actionDescriptions(PROJECT_PROCEDURE),
});

@ObjectType('ProjectFundingLine', { description: '筹资方式: one line of a project\'s funding plan.' })
export class ProjectFundingLine {
  @Field(() => FundingLevel, { description: 'The level the money comes from.' })
  level: FundingLevel;

  @Field({ description: 'The funding channel (资金渠道) as written.' })
  channel: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan, a Decimal string.' })
  amount: string;

  static from(e: ProjectFundingLineEntity): ProjectFundingLine {
    return Object.assign(new ProjectFundingLine(), { level: e.level, channel: e.channel, amount: e.amount });
  }
}

@ObjectType('ProjectPerformanceTarget', { description: '绩效目标: an indicator, its target value and unit, and the value found at acceptance.' })
export class ProjectPerformanceTarget {
  @Field({ description: 'The indicator (指标).' })
  indicator: string;

  @Field(() => GraphQLDecimal, { description: 'The target value.' })
  targetValue: string;

  @Field({ description: 'The unit of the values.' })
  unit: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The actual value recorded at acceptance (验收); null until then.' })
  actualValue: string | null;

  static from(e: ProjectPerformanceTargetEntity): ProjectPerformanceTarget {
    return Object.assign(new ProjectPerformanceTarget(), { indicator: e.indicator, targetValue: e.targetValue, unit: e.unit, actualValue: e.actualValue });
  }
}

@ObjectType('ProjectEvent', { description: 'One step of a project\'s procedure (or an objection that sent it back).' })
export class ProjectEvent {
  @Field(() => ID, { description: 'Unique id of the event.' })
  id: string;

  @Field({ description: 'The action (a ProjectAction value), OBJECTION, or IMPORTED (an import placed the project at its stage; the note names the job).' })
  action: string;

  @Field(() => ProjectStage, { nullable: true, description: 'The stage before the step.' })
  fromStage: ProjectStage | null;

  @Field(() => ProjectStage, { description: 'The stage after the step.' })
  toStage: ProjectStage;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date the step took effect.' })
  effectiveOn: string;

  @Field(() => String, { nullable: true, description: 'Who took it (account name; 公示异议 for a public objection).' })
  actorName: string | null;

  @Field(() => String, { nullable: true, description: 'Note, reason or objection text.' })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'Evidence (document number, file reference).' })
  evidence: string | null;

  @Field(() => ID, { nullable: true, description: 'The public notice this step published (see disclosureNotice).' })
  noticeId: string | null;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded.' })
  createdAt: Date;

  static from(e: ProjectEventEntity): ProjectEvent {
    const { projectId: _p, regionCode: _r, actorId: _a, ...rest } = e;
    return Object.assign(new ProjectEvent(), rest);
  }
}

@ObjectType('Project', { description: '产业扶贫项目: a project of the project library with the fields the national library requires (国开办发〔2018〕10号) and where it stands in the procedure.' })
export class Project {
  @Field(() => ID, { description: 'Unique id of the project (a UUID).' })
  id: string;

  @Field({ description: 'Where it is built: a village, a town or the district (12-digit division code).' })
  regionCode: string;

  @Field(() => Sector, { nullable: true, description: 'The responsible sector department; null: the poverty office\'s own project.' })
  sector: Sector | null;

  @Field(() => String, { nullable: true, description: '项目库编号: the number in the library file it came from, unique in its region (what a re-import of the list matches by).' })
  libraryCode: string | null;

  @Field({ description: '项目名称.' })
  name: string;

  @Field(() => Int, { description: 'The plan year it was entered for.' })
  year: number;

  @Field({ description: '项目类别: a code of the parameter project.categories.' })
  category: string;

  @Field({ description: '产业类型: a code of the parameter project.industry_types.' })
  industryType: string;

  @Field(() => ConstructionNature, { description: '建设性质.' })
  constructionNature: ConstructionNature;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Planned start (计划开工).' })
  plannedStartOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Planned end (计划完工).' })
  plannedEndOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Actual start: the date of the START step.' })
  actualStartOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Actual end: the date of the COMPLETE step.' })
  actualEndOn: string | null;

  @Field(() => String, { nullable: true, description: '责任单位.' })
  responsibleUnit: string | null;

  @Field(() => String, { nullable: true, description: '责任人.' })
  responsiblePerson: string | null;

  @Field(() => String, { nullable: true, description: '建设任务.' })
  tasks: string | null;

  @Field(() => GraphQLDecimal, { description: '资金规模: the budget total in yuan.' })
  budgetTotal: string;

  @Field(() => Int, { nullable: true, description: 'Beneficiary villages (受益村), total.' })
  beneficiaryVillages: number | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary villages that are poor villages (贫困村).' })
  beneficiaryPoorVillages: number | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary households, total.' })
  beneficiaryHouseholds: number | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary households that are registered poor (贫困户).' })
  beneficiaryPoorHouseholds: number | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary people, total.' })
  beneficiaryPeople: number | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary people in registered poor households.' })
  beneficiaryPoorPeople: number | null;

  @Field(() => [String], { description: 'Villages named as beneficiaries besides the project\'s own area: their households may be listed.' })
  beneficiaryVillageCodes: string[];

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '四议两公开: the party branch\'s proposal (党支部提议).' })
  partyBranchProposedOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '四议两公开: the two committees\' deliberation (两委商议).' })
  committeesDeliberatedOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '四议两公开: the party members\' meeting (党员大会审议).' })
  partyMembersReviewedOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '四议两公开: the villagers\' representatives\' resolution (村民代表会议决议).' })
  representativesResolvedOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '四议两公开: the resolution disclosed (决议公开).' })
  resolutionDisclosedOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '四议两公开: the result disclosed (实施结果公开).' })
  resultDisclosedOn: string | null;

  @Field(() => String, { nullable: true, description: '带贫减贫机制: how the project lifts households out of poverty.' })
  povertyReductionMechanism: string | null;

  @Field(() => ProjectStage, { description: 'Where it stands in the procedure.' })
  stage: ProjectStage;

  @Field(() => Int, { nullable: true, description: 'The annual plan it is in (from IN_ANNUAL_PLAN).' })
  planYear: number | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'First day of the running notice (in a notice stage).' })
  noticeStartsOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day of the running notice; the next step is dated after it.' })
  noticeEndsOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected or removed.' })
  exitReason: string | null;

  @Field(() => Int, { description: 'Objections that sent it back during a notice.' })
  objections: number;

  @Field(() => [ProjectFundingLine], { description: 'The funding plan (筹资方式).' })
  fundingLines: ProjectFundingLine[];

  @Field(() => GraphQLDecimal, { description: 'The sum of the funding lines, to compare with budgetTotal.' })
  fundingTotal: string;

  @Field({ description: 'Whether the funding lines add up to the budget total exactly.' })
  fundingMatchesBudget: boolean;

  @Field(() => [ProjectPerformanceTarget], { description: 'Performance targets (绩效目标).' })
  performanceTargets: ProjectPerformanceTarget[];

  @Field(() => [ID], { description: 'Ids of the beneficiary households (受益户).' })
  beneficiaryHouseholdIds: string[];

  @Field(() => [ProjectEvent], { description: 'The procedure\'s steps, oldest first.' })
  events: ProjectEvent[];

  @Field(() => [ProjectActionEnum], { description: 'The steps you may take now (your permissions and the project\'s stage; dates, notices and other rules are checked when taken).' })
  availableActions: ProjectAction[];

  @Field(() => Int, { description: 'Send it back with updateProject and each step; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created.' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed.' })
  updatedAt: Date;

  /** The row and the child lists read along (a list not read is not selected, so left unset). */
  static from(e: ProjectEntity, c: ProjectChildren, held: ReadonlySet<Permission>): Project {
    const p = Object.assign(new Project(), e);
    p.availableActions = availableActions(PROJECT_PROCEDURE, e.stage, held);
    if (c.fundingLines) {
      p.fundingLines = c.fundingLines.map(ProjectFundingLine.from);
      p.fundingTotal = fundingTotalOf(c.fundingLines);
      p.fundingMatchesBudget = fundingMatchesBudget(e.budgetTotal, c.fundingLines);
    }
    if (c.performanceTargets) p.performanceTargets = c.performanceTargets.map(ProjectPerformanceTarget.from);
    if (c.beneficiaries) p.beneficiaryHouseholdIds = c.beneficiaries.map((b) => b.householdId);
    if (c.events) p.events = c.events.map(ProjectEvent.from);
    return p;
  }
}

@ObjectType({ description: connectionDescription('projects of the project library (产业扶贫项目)') })
export class ProjectConnection extends ConnectionType(Project) {}

@ObjectType({ description: 'The result of a project mutation.' })
export class ProjectPayload {
  @Field(() => Project, { description: 'The project as stored, with its lists and steps.' })
  project: Project;
}

@ArgsType()
export class ProjectsArgs extends ConnectionArgs {
  @Field({ nullable: true, description: 'Only projects in this region\'s subtree (12-digit division code).' })
  @IsOptional()
  @Matches(DIVISION_CODE)
  regionCode?: string;

  @Field(() => Int, { nullable: true, description: 'Only projects of this plan year.' })
  @IsOptional()
  @IsInt()
  @Min(2010)
  @Max(2100)
  year?: number;

  @Field(() => ProjectStage, { nullable: true, description: 'Only projects at this stage.' })
  @IsOptional()
  @IsEnum(ProjectStage)
  stage?: ProjectStage;

  @Field({ nullable: true, description: 'Only projects of this category (项目类别).' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  category?: string;

  @Field(() => Sector, { nullable: true, description: 'Only projects of this sector department.' })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector;

  @Field({ nullable: true, description: 'Only the poverty office\'s own projects (no sector); false or absent: no filter.' })
  @IsOptional()
  withoutSector?: boolean;
}

@InputType({ description: 'One line of a funding plan.' })
export class FundingLineInput {
  @Field(() => FundingLevel, { description: 'The level the money comes from.' })
  @IsEnum(FundingLevel)
  level: FundingLevel;

  @Field({ description: 'The funding channel (资金渠道).' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  channel: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: not negative, at most 2 decimals.' })
  @IsString()
  amount: string;
}

@InputType({ description: 'A performance target (绩效目标).' })
export class PerformanceTargetInput {
  @Field({ description: 'The indicator (指标).' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  indicator: string;

  @Field(() => GraphQLDecimal, { description: 'The target value, at most 2 decimals.' })
  @IsString()
  targetValue: string;

  @Field({ description: 'The unit (户, 人, 万元, %…).' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  unit: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The actual value, recorded at acceptance.' })
  @IsOptional()
  @IsString()
  actualValue?: string | null;
}

/** The details a create or an update may give (every one optional here; create requires some below). */
@InputType({ isAbstract: true })
class ProjectDetailsInput {
  @Field(() => String, { nullable: true, description: '项目库编号: the number in the library file, unique in the project\'s region.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  libraryCode?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Planned start (计划开工).' })
  @IsOptional()
  plannedStartOn?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Planned end (计划完工), not before the start.' })
  @IsOptional()
  plannedEndOn?: string | null;

  @Field(() => String, { nullable: true, description: '责任单位.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  responsibleUnit?: string | null;

  @Field(() => String, { nullable: true, description: '责任人.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  responsiblePerson?: string | null;

  @Field(() => String, { nullable: true, description: '建设任务.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  tasks?: string | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary villages, total.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  beneficiaryVillages?: number | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary poor villages.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  beneficiaryPoorVillages?: number | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary households, total.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  beneficiaryHouseholds?: number | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary registered poor households.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  beneficiaryPoorHouseholds?: number | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary people, total.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  beneficiaryPeople?: number | null;

  @Field(() => Int, { nullable: true, description: 'Beneficiary people in registered poor households.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  beneficiaryPoorPeople?: number | null;

  @Field(() => [String], { nullable: true, description: 'Villages named as beneficiaries (in your scope); replaces the list.' })
  @IsOptional()
  @ArrayMaxSize(MAX_PROJECT_LIST)
  @Matches(DIVISION_CODE, { each: true })
  beneficiaryVillageCodes?: string[] | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '党支部提议.' })
  @IsOptional()
  partyBranchProposedOn?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '两委商议.' })
  @IsOptional()
  committeesDeliberatedOn?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '党员大会审议.' })
  @IsOptional()
  partyMembersReviewedOn?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '村民代表会议决议.' })
  @IsOptional()
  representativesResolvedOn?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '决议公开.' })
  @IsOptional()
  resolutionDisclosedOn?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '实施结果公开.' })
  @IsOptional()
  resultDisclosedOn?: string | null;

  @Field(() => String, { nullable: true, description: '带贫减贫机制.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  povertyReductionMechanism?: string | null;

  @Field(() => [FundingLineInput], { nullable: true, description: 'The funding plan; replaces the list.' })
  @IsOptional()
  @ArrayMaxSize(MAX_PROJECT_LIST)
  @ValidateNested({ each: true })
  @Type(() => FundingLineInput)
  fundingLines?: FundingLineInput[] | null;

  @Field(() => [PerformanceTargetInput], { nullable: true, description: 'Performance targets; replaces the list.' })
  @IsOptional()
  @ArrayMaxSize(MAX_PROJECT_LIST)
  @ValidateNested({ each: true })
  @Type(() => PerformanceTargetInput)
  performanceTargets?: PerformanceTargetInput[] | null;

  @Field(() => [ID], { nullable: true, description: 'Beneficiary households (in your scope, in the project\'s area or a named village); replaces the list.' })
  @IsOptional()
  @ArrayMaxSize(MAX_PROJECT_LIST)
  @IsUUID('all', { each: true })
  beneficiaryHouseholdIds?: string[] | null;
}

@InputType({ description: 'A new project of the library (stage DRAFT until the village applies).' })
export class CreateProjectInput extends ProjectDetailsInput {
  @Field({ description: 'Where it is built: a village, town or the district in your scope.' })
  @Matches(DIVISION_CODE)
  regionCode: string;

  @Field(() => Sector, { nullable: true, description: 'The responsible sector department; a sector officer gives its own.' })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector | null;

  @Field({ description: '项目名称.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => Int, { description: 'The plan year.' })
  @IsInt()
  @Min(2010)
  @Max(2100)
  year: number;

  @Field({ description: '项目类别: a code of project.categories for the year.' })
  @IsString()
  @MaxLength(40)
  category: string;

  @Field({ description: '产业类型: a code of project.industry_types for the year.' })
  @IsString()
  @MaxLength(40)
  industryType: string;

  @Field(() => ConstructionNature, { description: '建设性质.' })
  @IsEnum(ConstructionNature)
  constructionNature: ConstructionNature;

  @Field(() => GraphQLDecimal, { description: 'Budget total in yuan.' })
  @IsString()
  budgetTotal: string;
}

@InputType({ description: 'Changes to a project\'s details; only the fields given change (not its place or sector). Send the version you read.' })
export class UpdateProjectInput extends PartialType(OmitType(CreateProjectInput, ['regionCode', 'sector'] as const), InputType) {
  @Field(() => ID, { description: 'Id of the project.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;
}

@InputType({ description: 'A step of the project library procedure. Send the version you read.' })
export class ProjectStepInput {
  @Field(() => ID, { description: 'Id of the project.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => ProjectActionEnum, { description: 'The step; it must belong to this operation\'s permission and the project\'s stage.' })
  @IsIn(PROJECT_ACTIONS)
  action: ProjectAction;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date it took effect (default today; not in the future, not before the previous step). A notice starts on it.' })
  @IsOptional()
  effectiveOn?: string | null;

  @Field(() => String, { nullable: true, description: 'A note for the record.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'Evidence: document number, file reference.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string | null;

  @Field(() => String, { nullable: true, description: 'The reason: required to reject or remove.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string | null;

  @Field(() => Int, { nullable: true, description: 'PLAN: the plan year (must be the year after the step\'s date; default that).' })
  @IsOptional()
  @IsInt()
  planYear?: number | null;
}

@InputType({ description: 'An objection received during a project\'s notice; the project goes back (see ProjectStage).' })
export class ProjectObjectionInput {
  @Field(() => ID, { description: 'Id of the project.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field({ description: 'What the objection says.' })
  @IsString()
  @MaxLength(5000)
  objection: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it was received (default today), within the notice.' })
  @IsOptional()
  receivedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Evidence: the letter, the board record.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidence?: string | null;
}

@ArgsType()
export class ProjectIdArgs {
  @Field(() => ID, { description: 'Id (UUID) of the project.' })
  @IsUUID()
  id: string;
}
