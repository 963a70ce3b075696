import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import {
  AssetIncomeYearArgs,
  CreateProjectAssetInput,
  ProjectAsset,
  ProjectAssetArgs,
  ProjectAssetConnection,
  ProjectAssetIncome,
  ProjectAssetIncomeConnection,
  ProjectAssetIncomePayload,
  ProjectAssetIncomesArgs,
  ProjectAssetPayload,
  ProjectAssetsArgs,
  PvIncomeShare,
  PvIncomeShareConnection,
  SetProjectAssetIncomeInput,
  UpdateProjectAssetInput,
} from './asset.models';
import { ProjectAssetsService } from './asset.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Project assets (扶贫资产) and their yearly incomes: thin; the service scopes by region (and the project's sector, for writes). */
@Resolver(() => ProjectAsset)
export class ProjectAssetsResolver {
  constructor(private readonly service: ProjectAssetsService) {}

  @RequirePermission('projects.read')
  @Query(() => ProjectAssetConnection, { description: 'Project assets (扶贫资产) of projects in your region and below, by name.' })
  async projectAssets(@Args() args: ProjectAssetsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ProjectAssetConnection> {
    const { regionCode, projectId, kind, ...page } = args;
    return mapConnection(await this.service.list(principal, { regionCode, projectId, kind }, page, isFieldRequested(info, 'totalCount')), ProjectAsset.from);
  }

  @RequirePermission('projects.read')
  @Query(() => ProjectAsset, { nullable: true, description: 'A project asset by id; null when it does not exist or lies outside your region.' })
  async projectAsset(@Args() { id }: ProjectAssetArgs, @CurrentPrincipal() principal: Principal): Promise<ProjectAsset | null> {
    const [a] = await this.service.findInScope(principal, [id]);
    return a ? ProjectAsset.from(a) : null;
  }

  @RequirePermission('projects.write')
  @Mutation(() => ProjectAssetPayload, { description: 'Record an asset a completed project formed (its owner, value, handover date, operator). A sector officer records only its own sector\'s projects\' assets.' })
  async createProjectAsset(@Args('input', { description: 'The asset to record; its fields are described on the input type.' }) input: CreateProjectAssetInput, @CurrentPrincipal() principal: Principal): Promise<ProjectAssetPayload> {
    return { projectAsset: ProjectAsset.from(await this.service.create(principal, input)) };
  }

  @RequirePermission('projects.write')
  @Mutation(() => ProjectAssetPayload, { description: 'Correct an asset (name, kind, owner, value, handover date, operator) with the checks of createProjectAsset; send the version you read.' })
  async updateProjectAsset(@Args('input', { description: INPUT }) input: UpdateProjectAssetInput, @CurrentPrincipal() principal: Principal): Promise<ProjectAssetPayload> {
    return { projectAsset: ProjectAsset.from(await this.service.update(principal, input)) };
  }

  @RequirePermission('projects.write')
  @Mutation(() => ProjectAssetIncomePayload, { description: "Record an asset's income of a year (扶贫资产收益) and its distribution; replaces the year when recorded (send its version)." })
  async setProjectAssetIncome(@Args('input', { description: INPUT }) input: SetProjectAssetIncomeInput, @CurrentPrincipal() principal: Principal): Promise<ProjectAssetIncomePayload> {
    const { income, kind } = await this.service.setIncome(principal, input);
    return { projectAssetIncome: ProjectAssetIncome.from(income, kind) };
  }

  @RequirePermission('projects.read')
  @Query(() => ProjectAssetIncomeConnection, { description: 'Incomes of assets (扶贫资产收益) in your region and below, newest year first.' })
  async projectAssetIncomes(@Args() args: ProjectAssetIncomesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ProjectAssetIncomeConnection> {
    const { assetId, year, regionCode, ...page } = args;
    const { kinds, ...conn } = await this.service.incomes(principal, { assetId, year, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (i) => ProjectAssetIncome.from(i, kinds.get(i)!));
  }

  @RequirePermission('projects.read')
  @Query(() => PvIncomeShareConnection, {
    description: "PV stations (光伏电站) of your region with an income recorded for the year, by name: the share paid as public-welfare post wages against employment.pv_income_to_pwp_min (no verdict where it is not configured).",
  })
  async pvIncomeShares(@Args() args: AssetIncomeYearArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<PvIncomeShareConnection> {
    const { year, regionCode, ...page } = args;
    return mapConnection(await this.service.pvIncomeShares(principal, year, regionCode, page, isFieldRequested(info, 'totalCount')), PvIncomeShare.from);
  }

  @RequirePermission('projects.read')
  @Query(() => ProjectAssetConnection, { description: 'Assets of your region handed over by the end of the year that earned nothing in it (no income recorded, or 0): "assets keep earning" (§19). By name.' })
  async assetsWithoutIncome(@Args() args: AssetIncomeYearArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ProjectAssetConnection> {
    const { year, regionCode, ...page } = args;
    return mapConnection(await this.service.withoutIncome(principal, year, regionCode, page, isFieldRequested(info, 'totalCount')), ProjectAsset.from);
  }
}
