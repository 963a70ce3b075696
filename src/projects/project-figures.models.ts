import { ArgsType, Field, Int, IntersectionType, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { Project } from './project.models';

const YEAR = { min: 2010, max: 2100 };
const REGION = "A region of yours (12-digit division code): only projects in its subtree; omitted: your whole region.";

@ObjectType('OverdueProject', { description: '逾期未完工: a project in an annual plan or being implemented whose planned end date is before the day asked, with the days overdue.' })
export class OverdueProject {
  @Field(() => Project, { description: 'The project.' })
  project: Project;

  @Field(() => Int, { description: 'Days from the planned end date (plannedEndOn) to the day asked (1 the day after the planned end).' })
  daysOverdue: number;
}

@ObjectType('UnacceptedProject', { description: '完工未验收: a project built (stage COMPLETED) and not yet accepted by the district, with the days since its completion.' })
export class UnacceptedProject {
  @Field(() => Project, { description: 'The project.' })
  project: Project;

  @Field(() => Int, { nullable: true, description: 'Days from the completion date (actualEndOn) to the day asked; null when no completion date is recorded.' })
  daysSinceCompletion: number | null;
}

@ObjectType({ description: `${connectionDescription('projects past their schedule (逾期未完工)')} \`totalCount\` is the figure.` })
export class OverdueProjectConnection extends ConnectionType(OverdueProject) {
  @Field(() => GraphQLLocalDateScalar, { description: 'The day the schedule is measured against (the asOf given, or today in China).' })
  asOf: string;
}

@ObjectType({ description: `${connectionDescription('projects completed and not yet accepted (完工未验收)')} \`totalCount\` is the figure.` })
export class UnacceptedProjectConnection extends ConnectionType(UnacceptedProject) {
  @Field(() => GraphQLLocalDateScalar, { description: 'The day the days since completion are counted to (the asOf given, or today in China).' })
  asOf: string;
}

@ObjectType('SpecialProjectsCount', {
  description:
    "全年实施专项扶贫项目 against the plan's target: projects of the library in your region whose implementation started in the year (actualStartOn within it) and that were not REJECTED or REMOVED; specialProjects lists them.",
})
export class SpecialProjectsCount {
  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => String, { nullable: true, description: 'The region asked about (12 digits); null: your whole region.' })
  regionCode: string | null;

  @Field(() => Int, { description: 'Projects whose implementation started in the year (not rejected or removed).' })
  count: number;

  @Field(() => ParameterValue, { description: 'The target (target.special_projects_min) as of the end of the year in the region asked or your home region; `configured` false means none is set: no verdict.' })
  target: ParameterValue;

  @Field(() => Boolean, { nullable: true, description: 'Whether the count reaches the target; null when the target is not configured.' })
  meetsTarget: boolean | null;
}

@ArgsType()
export class ProjectsAsOfArgs extends ConnectionArgs {
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day to measure against (YYYY-MM-DD); default today in China. The stage read is the current one.' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @Field(() => String, { nullable: true, description: REGION })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class SpecialProjectsCountArgs {
  @Field(() => Int, { description: 'The year: projects whose implementation started in it.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => String, { nullable: true, description: REGION })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class SpecialProjectsArgs extends IntersectionType(SpecialProjectsCountArgs, ConnectionArgs, ArgsType) {}
