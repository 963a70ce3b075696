import { Args, Context, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Public, RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { RequestContext } from '../common/graphql/request-context';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { ancestorCodes } from '../common/region/region-code';
import { RegionEntity } from './region.entity';
import { Region, RegionConnection } from './region.model';
import { RegionArgs, RegionsArgs } from './regions.args';
import { RegionsLoaders } from './regions.loaders';
import { RegionsService } from './regions.service';
import { ImportRegionsInput, ImportRegionsPayload, RenameRegionInput, RenameRegionPayload } from './dto/rename-region.input';

@Resolver(() => Region)
export class RegionsResolver {
  constructor(
    private readonly service: RegionsService,
    private readonly loaders: RegionsLoaders,
  ) {}

  @Public()
  @Query(() => RegionConnection, { description: 'The division tree, filtered and paged.' })
  async regions(@Args() args: RegionsArgs, @Info() info: GraphQLResolveInfo): Promise<RegionConnection> {
    const { parentCode, withinCode, level, nameContains, ...page } = args;
    const conn = await this.service.list(
      { parentCode, withinCode, level, nameContains },
      page,
      isFieldRequested(info, 'totalCount'),
    );
    return mapConnection(conn, Region.from);
  }

  @Public()
  @Query(() => Region, { nullable: true, description: 'One region by its 12-digit code.' })
  async region(@Args() { code }: RegionArgs, @Context() ctx: RequestContext): Promise<Region | null> {
    const r = await this.loaders.byCode(ctx).load(code);
    return r ? Region.from(r) : null;
  }

  @RequirePermission('regions.manage')
  @Mutation(() => RenameRegionPayload, { description: 'Renames a region of your home region\'s subtree; send the version you read.' })
  async renameRegion(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: RenameRegionInput, @CurrentPrincipal() principal: Principal): Promise<RenameRegionPayload> {
    const region = await this.service.rename(principal, input.code, input.version, input.name);
    return { region: Region.from(region) };
  }

  @RequirePermission('regions.manage')
  @Mutation(() => ImportRegionsPayload, {
    description: 'Loads a division list inside your home region\'s subtree; all or nothing; the same list again changes nothing.',
  })
  importRegions(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: ImportRegionsInput, @CurrentPrincipal() principal: Principal): Promise<ImportRegionsPayload> {
    return this.service.importCsv(principal, input.csv);
  }

  @ResolveField(() => Region, { nullable: true, description: 'The parent region; null at the top of the loaded tree.' })
  async parent(region: Region, _args: unknown, ctx: RequestContext): Promise<Region | null> {
    if (!region.parentCode) return null;
    const p = await this.loaders.byCode(ctx).load(region.parentCode);
    return p ? Region.from(p) : null;
  }

  @ResolveField(() => [Region], { description: 'Direct children, by code.' })
  async children(region: Region, _args: unknown, ctx: RequestContext): Promise<Region[]> {
    return (await this.loaders.childrenOf(ctx).load(region.code)).map(Region.from);
  }

  @ResolveField(() => [Region], { description: 'From the parent up to the province.' })
  async ancestors(region: Region, _args: unknown, ctx: RequestContext): Promise<Region[]> {
    const found = await this.loaders.byCode(ctx).loadMany(ancestorCodes(region.code, region.level));
    return found.filter((r): r is RegionEntity => !!r && !(r instanceof Error)).map(Region.from);
  }
}
