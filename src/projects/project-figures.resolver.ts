import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested, selectedFieldsAt } from '../common/graphql/field-selection';
import { ParameterValue } from '../parameters/parameter.model';
import {
  OverdueProjectConnection,
  ProjectsAsOfArgs,
  SpecialProjectsArgs,
  SpecialProjectsCount,
  SpecialProjectsCountArgs,
  UnacceptedProjectConnection,
} from './project-figures.models';
import { ProjectFigurePage, ProjectFiguresService } from './project-figures.service';
import { Project, ProjectConnection } from './project.models';
import { childrenSelected } from './project.resolver';

/** The project figures, each a count and the list behind it (project-figures.sql.ts), in the caller's region. */
@Resolver()
export class ProjectFiguresResolver {
  constructor(private readonly service: ProjectFiguresService) {}

  private list(info: GraphQLResolveInfo, path: string[], regionCode: string | undefined, args: ProjectsAsOfArgs | SpecialProjectsArgs) {
    const { first, after, last, before } = args;
    return { regionCode, args: { first, after, last, before }, withTotalCount: isFieldRequested(info, 'totalCount'), children: childrenSelected(selectedFieldsAt(info, path)) };
  }

  private nodes<K extends string>(principal: Principal, page: ProjectFigurePage, key: K) {
    return page.edges.map((e) => ({
      cursor: e.cursor,
      node: { project: Project.from(e.node, page.children.get(e.node) ?? {}, principal.permissions), [key]: page.days.get(e.node) ?? null } as { project: Project } & Record<K, number | null>,
    }));
  }

  @RequirePermission('projects.read')
  @Query(() => OverdueProjectConnection, {
    description:
      '逾期未完工: projects of your region in an annual plan or being implemented (IN_ANNUAL_PLAN, PLAN_NOTICE, IMPLEMENTING) whose planned end date is before asOf (default today in China), newest first; `totalCount` is the figure.',
  })
  async projectsPastSchedule(@Args() args: ProjectsAsOfArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<OverdueProjectConnection> {
    const page = await this.service.pastSchedule(principal, args.asOf, this.list(info, ['edges', 'node', 'project'], args.regionCode, args));
    return { asOf: page.asOf, pageInfo: page.pageInfo, totalCount: page.totalCount, edges: this.nodes(principal, page, 'daysOverdue') as OverdueProjectConnection['edges'] };
  }

  @RequirePermission('projects.read')
  @Query(() => UnacceptedProjectConnection, {
    description:
      '完工未验收: projects of your region built (stage COMPLETED, completed on or before asOf, default today in China) and not yet accepted, newest first; `totalCount` is the figure.',
  })
  async projectsCompletedWithoutAcceptance(@Args() args: ProjectsAsOfArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<UnacceptedProjectConnection> {
    const page = await this.service.completedWithoutAcceptance(principal, args.asOf, this.list(info, ['edges', 'node', 'project'], args.regionCode, args));
    return { asOf: page.asOf, pageInfo: page.pageInfo, totalCount: page.totalCount, edges: this.nodes(principal, page, 'daysSinceCompletion') as UnacceptedProjectConnection['edges'] };
  }

  @RequirePermission('projects.read')
  @Query(() => SpecialProjectsCount, {
    description: "全年实施专项扶贫项目: projects of your region whose implementation started in the year (not rejected or removed), against the plan's target target.special_projects_min.",
  })
  async specialProjectsCount(@Args() { year, regionCode }: SpecialProjectsCountArgs, @CurrentPrincipal() principal: Principal): Promise<SpecialProjectsCount> {
    const c = await this.service.specialProjectsCount(principal, year, regionCode);
    return { ...c, target: ParameterValue.from(c.target) };
  }

  @RequirePermission('projects.read')
  @Query(() => ProjectConnection, { description: "The projects behind specialProjectsCount's `count`: implementation started in the year, not rejected or removed; newest first." })
  async specialProjects(@Args() args: SpecialProjectsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ProjectConnection> {
    const page = await this.service.specialProjects(principal, args.year, this.list(info, ['edges', 'node'], args.regionCode, args));
    return {
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: Project.from(e.node, page.children.get(e.node) ?? {}, principal.permissions) })),
    };
  }
}
