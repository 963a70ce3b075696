import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Permission } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { isFieldRequested, selectedFieldsAt } from '../common/graphql/field-selection';
import { subtreePrefix } from '../common/region/region-code';
import { CreateProjectInput, Project, ProjectIdArgs, ProjectConnection, ProjectObjectionInput, ProjectPayload, ProjectsArgs, ProjectStepInput, UpdateProjectInput } from './project.models';
import type { ProjectChildName } from './project.repository';
import { ProjectRead, ProjectService } from './project.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";
const STEP = (level: string) => `Take a step of the project library procedure at ${level} (see ProjectAction for which steps need this operation's permission). Send the version you read.`;

/** The child lists selected under a project. */
export function childrenSelected(fields: ReadonlySet<string>): Set<ProjectChildName> {
  const out = new Set<ProjectChildName>();
  if (fields.has('fundingLines') || fields.has('fundingTotal') || fields.has('fundingMatchesBudget')) out.add('fundingLines');
  if (fields.has('performanceTargets')) out.add('performanceTargets');
  if (fields.has('beneficiaryHouseholdIds')) out.add('beneficiaries');
  if (fields.has('events')) out.add('events');
  return out;
}

/** The project library's GraphQL face: thin, each operation with the permission it needs. */
@Resolver(() => Project)
export class ProjectResolver {
  constructor(private readonly service: ProjectService) {}

  @RequirePermission('projects.read')
  @Query(() => ProjectConnection, { description: 'Projects of the project library in your region and below, newest first; child lists are read in the same statement when selected.' })
  async projects(@Args() args: ProjectsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ProjectConnection> {
    const { regionCode, year, stage, category, sector, withoutSector, ...page } = args;
    const conn = await this.service.list(
      principal,
      { regionPrefix: regionCode ? subtreePrefix(regionCode) : undefined, year, stage, category, sector: withoutSector ? null : sector },
      page,
      isFieldRequested(info, 'totalCount'),
      childrenSelected(selectedFieldsAt(info, ['edges', 'node'])),
    );
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: Project.from(e.node, conn.children.get(e.node) ?? {}, principal.permissions) })) };
  }

  @RequirePermission('projects.read')
  @Query(() => Project, { nullable: true, description: 'One project in your scope; null when missing or outside your region.' })
  async project(@Args() { id }: ProjectIdArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<Project | null> {
    const found = await this.service.get(principal, id, childrenSelected(selectedFieldsAt(info, [])));
    return found ? Project.from(found.project, found.children, principal.permissions) : null;
  }

  @RequirePermission('projects.write')
  @Mutation(() => ProjectPayload, { description: 'Enter a project (stage DRAFT) in your scope: category and industry type are checked against the year\'s parameter lists.' })
  async createProject(@Args('input', { description: INPUT }) input: CreateProjectInput, @CurrentPrincipal() principal: Principal): Promise<ProjectPayload> {
    return this.payload(principal, await this.service.create(principal, input));
  }

  @RequirePermission('projects.write')
  @Mutation(() => ProjectPayload, { description: 'Change a project\'s details (not after a final stage); lists given replace the stored ones.' })
  async updateProject(@Args('input', { description: INPUT }) input: UpdateProjectInput, @CurrentPrincipal() principal: Principal): Promise<ProjectPayload> {
    return this.payload(principal, await this.service.update(principal, input));
  }

  @RequirePermission('projects.apply')
  @Mutation(() => ProjectPayload, { description: STEP('village level (APPLY, PUBLISH_VILLAGE_NOTICE)') })
  projectVillageStep(@Args('input', { description: INPUT }) input: ProjectStepInput, @CurrentPrincipal() principal: Principal): Promise<ProjectPayload> {
    return this.step(principal, 'projects.apply', input);
  }

  @RequirePermission('projects.review')
  @Mutation(() => ProjectPayload, { description: STEP('town level (TOWN_REVIEW, TOWN_REJECT)') })
  projectTownStep(@Args('input', { description: INPUT }) input: ProjectStepInput, @CurrentPrincipal() principal: Principal): Promise<ProjectPayload> {
    return this.step(principal, 'projects.review', input);
  }

  @RequirePermission('projects.approve')
  @Mutation(() => ProjectPayload, { description: STEP('district level (decision, library, annual plan, removal, acceptance, settlement, handover)') })
  projectDistrictStep(@Args('input', { description: INPUT }) input: ProjectStepInput, @CurrentPrincipal() principal: Principal): Promise<ProjectPayload> {
    return this.step(principal, 'projects.approve', input);
  }

  @RequirePermission('projects.write')
  @Mutation(() => ProjectPayload, { description: STEP('the responsible unit (START, COMPLETE, PUBLISH_COMPLETION_NOTICE)') })
  projectWorksStep(@Args('input', { description: INPUT }) input: ProjectStepInput, @CurrentPrincipal() principal: Principal): Promise<ProjectPayload> {
    return this.step(principal, 'projects.write', input);
  }

  @RequirePermission('projects.write')
  @Mutation(() => ProjectPayload, { description: 'Record an objection received within a project\'s notice: the project goes back and the notice is withdrawn.' })
  async recordProjectObjection(@Args('input', { description: INPUT }) input: ProjectObjectionInput, @CurrentPrincipal() principal: Principal): Promise<ProjectPayload> {
    return this.payload(principal, await this.service.recordObjection(principal, input));
  }

  private async step(principal: Principal, via: Permission, input: ProjectStepInput): Promise<ProjectPayload> {
    return this.payload(principal, await this.service.step(principal, via, input));
  }

  private payload(principal: Principal, read: ProjectRead): ProjectPayload {
    return { project: Project.from(read.project, read.children, principal.permissions) };
  }
}
