import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Permission } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { isFieldRequested, selectedFieldsAt } from '../common/graphql/field-selection';
import { Connection } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { FindingEntity } from './finding.entity';
import {
  AddRectificationProgressInput,
  OverdueFindingsArgs,
  RecordRectificationInput,
  RectificationRateFindingsArgs,
  RectificationRatesArgs,
  RectificationRatesModel,
  RegisterSupervisionFindingInput,
  RemoveRectificationEvidenceInput,
  SupervisionFinding,
  SupervisionFindingArgs,
  SupervisionFindingConnection,
  SupervisionFindingPayload,
  SupervisionFindingsArgs,
  SupervisionFindingStepInput,
} from './supervision.models';
import { FindingChildren } from './supervision.repository';
import { FindingRead, SupervisionService } from './supervision.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** The child lists selected under a finding of a page. */
function childrenSelected(info: GraphQLResolveInfo): Set<keyof FindingChildren> {
  const out = new Set<keyof FindingChildren>();
  const node = selectedFieldsAt(info, ['edges', 'node']);
  if (node.has('events')) out.add('events');
  if (node.has('letter')) out.add('letter');
  if (node.has('evidenceFiles')) out.add('evidenceFiles');
  if (selectedFieldsAt(info, ['edges', 'node', 'rectification']).has('progressNotes')) out.add('progressNotes');
  return out;
}

/** Supervision findings' GraphQL face (督查, issue #20): thin, each operation with the permission it needs. */
@Resolver(() => SupervisionFinding)
export class SupervisionResolver {
  constructor(private readonly service: SupervisionService) {}

  @RequirePermission('supervision.read')
  @Query(() => SupervisionFindingConnection, { description: 'Supervision findings (督查问题) of your region and below, newest found first.' })
  async supervisionFindings(@Args() args: SupervisionFindingsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<SupervisionFindingConnection> {
    const { regionCode, stage, source, category, overdue, householdId, projectId, inspectionId, ...page } = args;
    const conn = await this.service.list(principal, { regionPrefix: regionCode ? subtreePrefix(regionCode) : undefined, stage, source, category, overdue, householdId, projectId, inspectionId }, page, isFieldRequested(info, 'totalCount'));
    return this.page(principal, conn, info);
  }

  @RequirePermission('supervision.read')
  @Query(() => SupervisionFinding, { nullable: true, description: 'One finding in your scope with its steps, ledger and letter; null when missing or outside your region.' })
  async supervisionFinding(@Args() { id }: SupervisionFindingArgs, @CurrentPrincipal() principal: Principal): Promise<SupervisionFinding | null> {
    const found = await this.service.get(principal, id);
    return found ? this.finding(principal, found) : null;
  }

  @RequirePermission('supervision.read')
  @Query(() => SupervisionFindingConnection, { description: 'The findings behind the overdue figure as of a date (its totalCount): found by then, past their deadline, neither rectified nor referred by then; by deadline.' })
  async overdueFindings(@Args() args: OverdueFindingsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<SupervisionFindingConnection> {
    const { asOf, regionCode, ...page } = args;
    return this.page(principal, await this.service.overdue(principal, asOf, regionCode, page, isFieldRequested(info, 'totalCount')), info);
  }

  @RequirePermission('supervision.read')
  @Query(() => RectificationRatesModel, { description: 'On-time rectification and closure rates of the findings due by a date, in total, by town and by responsible unit (exact 4-decimal ratios); rectificationRateFindings lists each number.' })
  rectificationRates(@Args() args: RectificationRatesArgs, @CurrentPrincipal() principal: Principal): Promise<RectificationRatesModel> {
    return this.service.rates(principal, args.asOf, args.regionCode) as Promise<RectificationRatesModel>;
  }

  @RequirePermission('supervision.read')
  @Query(() => SupervisionFindingConnection, { description: 'The findings behind one number of rectificationRates (the same date, region, outcome and, for byResponsibleUnit, unit; its totalCount is the number), by deadline.' })
  async rectificationRateFindings(@Args() args: RectificationRateFindingsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<SupervisionFindingConnection> {
    const { asOf, regionCode, outcome, responsibleUnit, ...page } = args;
    return this.page(principal, await this.service.outcomeFindings(principal, asOf, regionCode, outcome, page, isFieldRequested(info, 'totalCount'), responsibleUnit), info);
  }

  @RequirePermission('supervision.write')
  @Mutation(() => SupervisionFindingPayload, { description: 'Register a finding (stage REGISTERED) in your scope: category and sub-item checked against the parameter lists of the found date, household and project links checked.' })
  async registerSupervisionFinding(@Args('input', { description: INPUT }) input: RegisterSupervisionFindingInput, @CurrentPrincipal() principal: Principal): Promise<SupervisionFindingPayload> {
    return { finding: this.finding(principal, await this.service.register(principal, input)) };
  }

  @RequirePermission('supervision.write')
  @Mutation(() => SupervisionFindingPayload, { description: 'Take a supervising step of a finding (ASSIGN, ACCEPT, FAIL_ACCEPTANCE, CLOSE, REFER). Send the version you read.' })
  superviseFindingStep(@Args('input', { description: INPUT }) input: SupervisionFindingStepInput, @CurrentPrincipal() principal: Principal): Promise<SupervisionFindingPayload> {
    return this.step(principal, 'supervision.write', input);
  }

  @RequirePermission('supervision.rectify')
  @Mutation(() => SupervisionFindingPayload, { description: 'Take a rectifying step of a finding of your town or village (START_RECTIFICATION, REQUEST_ACCEPTANCE). Send the version you read.' })
  rectifyFindingStep(@Args('input', { description: INPUT }) input: SupervisionFindingStepInput, @CurrentPrincipal() principal: Principal): Promise<SupervisionFindingPayload> {
    return this.step(principal, 'supervision.rectify', input);
  }

  @RequirePermission('supervision.rectify')
  @Mutation(() => SupervisionFindingPayload, { description: 'Record the rectification ledger of a finding of your town or village (measures, planned date, result, evidence), between assignment and the acceptance request.' })
  async recordRectification(@Args('input', { description: INPUT }) input: RecordRectificationInput, @CurrentPrincipal() principal: Principal): Promise<SupervisionFindingPayload> {
    return { finding: this.finding(principal, await this.service.recordRectification(principal, input)) };
  }

  @RequirePermission('supervision.rectify')
  @Mutation(() => SupervisionFindingPayload, { description: 'Add a progress note to the rectification ledger of a finding of your town or village, between assignment and the acceptance request.' })
  async addRectificationProgress(@Args('input', { description: INPUT }) input: AddRectificationProgressInput, @CurrentPrincipal() principal: Principal): Promise<SupervisionFindingPayload> {
    return { finding: this.finding(principal, await this.service.addProgressNote(principal, input)) };
  }

  @RequirePermission('supervision.rectify')
  @Mutation(() => SupervisionFindingPayload, {
    description: 'Remove a wrongly uploaded evidence file (整改佐证材料) of a finding of your town or village, with the reason, between assignment and the acceptance request (audited).',
  })
  async removeRectificationEvidence(@Args('input', { description: INPUT }) input: RemoveRectificationEvidenceInput, @CurrentPrincipal() principal: Principal): Promise<SupervisionFindingPayload> {
    return { finding: this.finding(principal, await this.service.removeEvidence(principal, input.id, input.reason)) };
  }

  private async step(principal: Principal, via: Permission, input: SupervisionFindingStepInput): Promise<SupervisionFindingPayload> {
    return { finding: this.finding(principal, await this.service.step(principal, via, input)) };
  }

  private finding(principal: Principal, read: FindingRead): SupervisionFinding {
    return SupervisionFinding.from(read.finding, read.children, this.service.held(principal));
  }

  /** A page with the selected child lists read for all its findings at once (one statement per kind). */
  private async page(principal: Principal, conn: Connection<FindingEntity>, info: GraphQLResolveInfo): Promise<SupervisionFindingConnection> {
    const kinds = childrenSelected(info);
    const children = kinds.size ? await this.service.children(conn.edges.map((e) => e.node.id), kinds) : new Map<string, FindingChildren>();
    const held = this.service.held(principal);
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: SupervisionFinding.from(e.node, children.get(e.node.id) ?? {}, held) })) };
  }
}
