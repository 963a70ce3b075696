import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { RequestContext } from '../common/graphql/request-context';
import { groupByKeys, orderByKeys } from '../common/loaders/loader-cache';
import { RegionEntity } from './region.entity';
import { RegionsService } from './regions.service';

/** Per-request batch loaders of the regions module: one `= ANY($1)` query per batch. */
@Injectable()
export class RegionsLoaders {
  constructor(private readonly regions: RegionsService) {}

  byCode(ctx: RequestContext): DataLoader<string, RegionEntity | null> {
    return ctx.loaders.get('regions.byCode', () =>
      new DataLoader<string, RegionEntity | null>(async (codes) =>
        orderByKeys(codes, await this.regions.findByCodes(codes), (r) => r.code),
      ),
    );
  }

  /** A region a parent's statement read along (primed into `byCode`); undefined when none was (load it). */
  knownByCode(ctx: RequestContext, code: string): RegionEntity | null | undefined {
    return ctx.loaders.known(this.byCode(ctx), code);
  }

  childrenOf(ctx: RequestContext): DataLoader<string, RegionEntity[]> {
    return ctx.loaders.get('regions.childrenOf', () =>
      new DataLoader<string, RegionEntity[]>(async (codes) =>
        groupByKeys(codes, await this.regions.findChildrenOf(codes), (r) => r.parentCode as string),
      ),
    );
  }
}
