import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import { FundAllocation } from './funds.models';
import {
  ApplyFactorAllocationRunInput,
  FundAllocationRun,
  FundAllocationRunAppliedPayload,
  FundAllocationRunArgs,
  FundAllocationRunConnection,
  FundAllocationRunPayload,
  FundAllocationRunsArgs,
  FundAllocationRunSummary,
  FundFactorData,
  FundFactorDataArgs,
  FundFactorValue,
  FundFactorValuePayload,
  RunFactorAllocationInput,
  SetFundFactorValueInput,
} from './factor-allocation.models';
import { FactorAllocationService } from './factor-allocation.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Factor allocation's GraphQL face (因素分配法): thin; the service scopes and checks. Access as the allocations'. */
@Resolver()
export class FactorAllocationResolver {
  constructor(private readonly service: FactorAllocationService) {}

  @RequirePermission('funds.read')
  @Query(() => FundFactorData, {
    description: 'The factor data (因素数据) of a year for the towns or villages of a parent region in your region: 建档立卡人口规模 counted from the registry, the other factors as entered, with the parameters (weights UNVERIFIED).',
  })
  async fundFactorData(@Args() args: FundFactorDataArgs, @CurrentPrincipal() principal: Principal): Promise<FundFactorData> {
    return FundFactorData.from(await this.service.factorData(principal, args));
  }

  @RequirePermission('funds.read')
  @Query(() => FundAllocationRunConnection, { description: 'Factor allocation runs (因素分配测算) whose parent region lies in your region, latest first.' })
  async fundAllocationRuns(@Args() args: FundAllocationRunsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<FundAllocationRunConnection> {
    const { year, level, documentId, regionCode, ...page } = args;
    const conn = await this.service.listRuns(principal, { year, level, documentId, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, FundAllocationRunSummary.from);
  }

  @RequirePermission('funds.read')
  @Query(() => FundAllocationRun, { nullable: true, description: 'A factor allocation run with its inputs, lines and explanation; null when it does not exist or its parent region lies outside your region.' })
  async fundAllocationRun(@Args() { id }: FundAllocationRunArgs, @CurrentPrincipal() principal: Principal): Promise<FundAllocationRun | null> {
    const r = await this.service.findRun(principal, id);
    return r ? FundAllocationRun.from(r.run, r.lines) : null;
  }

  @RequirePermission('funds.allocate')
  @Mutation(() => FundFactorValuePayload, { description: 'Enter or correct a factor value of a town or village for a year (finance or the poverty office); send the version to change one.' })
  async setFundFactorValue(@Args('input', { description: INPUT }) input: SetFundFactorValueInput, @CurrentPrincipal() principal: Principal): Promise<FundFactorValuePayload> {
    return { fundFactorValue: FundFactorValue.from(await this.service.setFactorValue(principal, input)) };
  }

  @RequirePermission('funds.allocate')
  @Mutation(() => FundAllocationRunPayload, {
    description: 'Run a factor allocation (因素分配法): share a document\'s available amount, or an amount, among the towns or villages of a parent region by the weighted factors of the year, exactly to the fen; stored as a new run.',
  })
  async runFactorAllocation(@Args('input', { description: INPUT }) input: RunFactorAllocationInput, @CurrentPrincipal() principal: Principal): Promise<FundAllocationRunPayload> {
    const r = await this.service.run(principal, input);
    return { fundAllocationRun: FundAllocationRun.from(r.run, r.lines) };
  }

  @RequirePermission('funds.allocate')
  @Mutation(() => FundAllocationRunAppliedPayload, {
    description:
      'Apply a factor allocation run of a fund document as allocations (下达): one per line with a non-zero amount, to its region, for exactly its amount, with the checks of createFundAllocation; all or nothing; only the newest run of the document, once.',
  })
  async applyFactorAllocationRun(@Args('input', { description: INPUT }) input: ApplyFactorAllocationRunInput, @CurrentPrincipal() principal: Principal): Promise<FundAllocationRunAppliedPayload> {
    const r = await this.service.apply(principal, input);
    return { fundAllocationRun: FundAllocationRun.from(r.run, r.lines), allocations: r.allocations.map(FundAllocation.from) };
  }
}
