import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { ProjectAssetEntity } from './asset.entity';
import { CreateProjectAssetInput, ProjectAsset, ProjectAssetArgs, ProjectAssetConnection, ProjectAssetPayload, ProjectAssetsArgs } from './asset.models';
import { ProjectAssetsService } from './asset.service';

const answer = (a: ProjectAssetEntity): ProjectAsset => Object.assign(new ProjectAsset(), a);

/** Project assets (扶贫资产): thin; the service scopes by region (and the project's sector, for writes). */
@Resolver(() => ProjectAsset)
export class ProjectAssetsResolver {
  constructor(private readonly service: ProjectAssetsService) {}

  @RequirePermission('projects.read')
  @Query(() => ProjectAssetConnection, { description: 'Project assets (扶贫资产) of projects in your region and below, by name.' })
  async projectAssets(@Args() args: ProjectAssetsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ProjectAssetConnection> {
    const { regionCode, projectId, kind, ...page } = args;
    return mapConnection(await this.service.list(principal, { regionCode, projectId, kind }, page, isFieldRequested(info, 'totalCount')), answer);
  }

  @RequirePermission('projects.read')
  @Query(() => ProjectAsset, { nullable: true, description: 'A project asset by id; null when it does not exist or lies outside your region.' })
  async projectAsset(@Args() { id }: ProjectAssetArgs, @CurrentPrincipal() principal: Principal): Promise<ProjectAsset | null> {
    const [a] = await this.service.findInScope(principal, [id]);
    return a ? answer(a) : null;
  }

  @RequirePermission('projects.write')
  @Mutation(() => ProjectAssetPayload, { description: 'Record an asset a completed project formed (its owner, value, handover date, operator). A sector officer records only its own sector\'s projects\' assets.' })
  async createProjectAsset(@Args('input', { description: 'The asset to record; its fields are described on the input type.' }) input: CreateProjectAssetInput, @CurrentPrincipal() principal: Principal): Promise<ProjectAssetPayload> {
    return { projectAsset: answer(await this.service.create(principal, input)) };
  }
}
