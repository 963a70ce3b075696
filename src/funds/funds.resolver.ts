import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import {
  CancelFundRecordInput,
  CreateFundAllocationInput,
  CreateFundDocumentInput,
  CreateProjectFundingInput,
  FundAllocation,
  FundAllocationConnection,
  FundAllocationPayload,
  FundAllocationsArgs,
  FundDocument,
  FundDocumentConnection,
  FundDocumentPayload,
  FundDocumentsArgs,
  FundedOutsideLibraryArgs,
  FundLedgerCheck,
  FundLedgerViolation,
  FundRecordArgs,
  FundYearArgs,
  ProjectFundedOutsideLibrary,
  ProjectFunding,
  ProjectFundingConnection,
  ProjectFundingPayload,
  ProjectFundingsArgs,
  UpdateFundAllocationInput,
  UpdateFundDocumentInput,
  UpdateProjectFundingInput,
} from './funds.models';
import { FundsService } from './funds.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";
const within = (regionCode?: string) => (regionCode ? subtreePrefix(regionCode) : undefined);

/** The funds ledger's GraphQL face: thin; the service scopes and checks. */
@Resolver()
export class FundsResolver {
  constructor(private readonly service: FundsService) {}

  @RequirePermission('funds.read')
  @Query(() => FundDocumentConnection, { description: 'Fund documents (指标文件) received in your region, latest issue date first.' })
  async fundDocuments(@Args() args: FundDocumentsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<FundDocumentConnection> {
    const { year, level, channel, parentId, regionCode, ...page } = args;
    const conn = await this.service.listDocuments(principal, { year, level, channel, parentId, withinPrefix: within(regionCode) }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, FundDocument.from);
  }

  @RequirePermission('funds.read')
  @Query(() => FundDocument, { nullable: true, description: 'A fund document by id; null when it does not exist or lies outside your region.' })
  async fundDocument(@Args() { id }: FundRecordArgs, @CurrentPrincipal() principal: Principal): Promise<FundDocument | null> {
    const d = await this.service.document(principal, id);
    return d ? FundDocument.from(d) : null;
  }

  @RequirePermission('funds.read')
  @Query(() => FundAllocationConnection, { description: 'Allocations (资金分配) to your region and below, latest first.' })
  async fundAllocations(@Args() args: FundAllocationsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<FundAllocationConnection> {
    const { documentId, year, regionCode, ...page } = args;
    const conn = await this.service.listAllocations(principal, { documentId, year, withinPrefix: within(regionCode) }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, FundAllocation.from);
  }

  @RequirePermission('funds.read')
  @Query(() => FundAllocation, { nullable: true, description: 'An allocation by id; null when it does not exist or lies outside your region.' })
  async fundAllocation(@Args() { id }: FundRecordArgs, @CurrentPrincipal() principal: Principal): Promise<FundAllocation | null> {
    const a = await this.service.allocation(principal, id);
    return a ? FundAllocation.from(a) : null;
  }

  @RequirePermission('funds.read')
  @Query(() => ProjectFundingConnection, { description: 'Project fundings (项目资金安排) of projects in your region and below, latest first.' })
  async projectFundings(@Args() args: ProjectFundingsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ProjectFundingConnection> {
    const { allocationId, documentId, projectId, year, regionCode, ...page } = args;
    const conn = await this.service.listFundings(principal, { allocationId, documentId, projectId, year, withinPrefix: within(regionCode) }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, ProjectFunding.from);
  }

  @RequirePermission('funds.read')
  @Query(() => ProjectFunding, { nullable: true, description: 'A project funding by id; null when it does not exist or lies outside your region.' })
  async projectFunding(@Args() { id }: FundRecordArgs, @CurrentPrincipal() principal: Principal): Promise<ProjectFunding | null> {
    const f = await this.service.funding(principal, id);
    return f ? ProjectFunding.from(f) : null;
  }

  @RequirePermission('funds.read')
  @Query(() => FundLedgerCheck, {
    description: 'The ledger check of a year over your region: no child documents and allocations over their document, no fundings over their allocation, committed sums equal to the records, parts keeping their source\'s year, level and channel; exact to the fen.',
  })
  async fundLedgerCheck(@Args() { year }: FundYearArgs, @CurrentPrincipal() principal: Principal): Promise<FundLedgerCheck> {
    const c = await this.service.ledgerCheck(principal, year);
    return { ...c, ok: c.violations.length === 0, violations: c.violations.map(FundLedgerViolation.from) };
  }

  @RequirePermission('funds.read')
  @Query(() => [ProjectFundedOutsideLibrary], {
    description: 'Projects of your region with active fundings of the year dated while the project was not in the library (its stage on the funding date before IN_LIBRARY, or REJECTED or REMOVED), each with those fundings and their exception reasons.',
  })
  async projectsFundedOutsideLibrary(@Args() { year, regionCode }: FundedOutsideLibraryArgs, @CurrentPrincipal() principal: Principal): Promise<ProjectFundedOutsideLibrary[]> {
    const { rows, fundings } = await this.service.fundedOutsideLibrary(principal, year, regionCode);
    const out = new Map<string, ProjectFundedOutsideLibrary>();
    for (const r of rows) {
      const p = out.get(r.projectId) ?? { projectId: r.projectId, projectName: r.projectName, regionCode: r.projectRegionCode, currentStage: r.currentStage, fundings: [] };
      out.set(r.projectId, p);
      const f = fundings.get(r.fundingId);
      if (f) p.fundings.push({ funding: ProjectFunding.from(f), stageOnFundedOn: r.stageOnFundedOn });
    }
    return [...out.values()];
  }

  @RequirePermission('funds.documents')
  @Mutation(() => FundDocumentPayload, { description: 'Record a fund document received by your district (finance).' })
  async createFundDocument(@Args('input', { description: INPUT }) input: CreateFundDocumentInput, @CurrentPrincipal() principal: Principal): Promise<FundDocumentPayload> {
    return { fundDocument: FundDocument.from(await this.service.createDocument(principal, input)) };
  }

  @RequirePermission('funds.documents')
  @Mutation(() => FundDocumentPayload, { description: 'Correct a fund document; send the version you read.' })
  async updateFundDocument(@Args('input', { description: INPUT }) input: UpdateFundDocumentInput, @CurrentPrincipal() principal: Principal): Promise<FundDocumentPayload> {
    return { fundDocument: FundDocument.from(await this.service.updateDocument(principal, input)) };
  }

  @RequirePermission('funds.documents')
  @Mutation(() => FundDocumentPayload, { description: 'Cancel a fund document with nothing active under it, with the reason.' })
  async cancelFundDocument(@Args('input', { description: INPUT }) input: CancelFundRecordInput, @CurrentPrincipal() principal: Principal): Promise<FundDocumentPayload> {
    return { fundDocument: FundDocument.from(await this.service.cancelDocument(principal, input)) };
  }

  @RequirePermission('funds.allocate')
  @Mutation(() => FundAllocationPayload, { description: 'Allocate part of a document to a town, a village or the district.' })
  async createFundAllocation(@Args('input', { description: INPUT }) input: CreateFundAllocationInput, @CurrentPrincipal() principal: Principal): Promise<FundAllocationPayload> {
    return { fundAllocation: FundAllocation.from(await this.service.createAllocation(principal, input)) };
  }

  @RequirePermission('funds.allocate')
  @Mutation(() => FundAllocationPayload, { description: 'Correct an allocation; send the version you read.' })
  async updateFundAllocation(@Args('input', { description: INPUT }) input: UpdateFundAllocationInput, @CurrentPrincipal() principal: Principal): Promise<FundAllocationPayload> {
    return { fundAllocation: FundAllocation.from(await this.service.updateAllocation(principal, input)) };
  }

  @RequirePermission('funds.allocate')
  @Mutation(() => FundAllocationPayload, { description: 'Cancel an allocation with no active funding under it, with the reason.' })
  async cancelFundAllocation(@Args('input', { description: INPUT }) input: CancelFundRecordInput, @CurrentPrincipal() principal: Principal): Promise<FundAllocationPayload> {
    return { fundAllocation: FundAllocation.from(await this.service.cancelAllocation(principal, input)) };
  }

  @RequirePermission('funds.arrange')
  @Mutation(() => ProjectFundingPayload, { description: 'Fund a project from an allocation (the poverty office); warns when the project draws on several levels.' })
  async createProjectFunding(@Args('input', { description: INPUT }) input: CreateProjectFundingInput, @CurrentPrincipal() principal: Principal): Promise<ProjectFundingPayload> {
    const r = await this.service.createFunding(principal, input);
    return ProjectFundingPayload.of(r.funding, r.levelsWarning);
  }

  @RequirePermission('funds.arrange')
  @Mutation(() => ProjectFundingPayload, { description: 'Correct a funding\'s amount; send the version you read.' })
  async updateProjectFunding(@Args('input', { description: INPUT }) input: UpdateProjectFundingInput, @CurrentPrincipal() principal: Principal): Promise<ProjectFundingPayload> {
    const r = await this.service.updateFunding(principal, input);
    return ProjectFundingPayload.of(r.funding, r.levelsWarning);
  }

  @RequirePermission('funds.arrange')
  @Mutation(() => ProjectFundingPayload, { description: 'Cancel a project funding, with the reason.' })
  async cancelProjectFunding(@Args('input', { description: INPUT }) input: CancelFundRecordInput, @CurrentPrincipal() principal: Principal): Promise<ProjectFundingPayload> {
    return ProjectFundingPayload.of(await this.service.cancelFunding(principal, input), null);
  }
}
