import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../../common/access/access.decorators';
import { CurrentPrincipal } from '../../common/access/current-principal.decorator';
import { Principal } from '../../common/access/principal';
import { mapConnection } from '../../common/pagination/keyset';
import { PageCost } from '../../common/graphql/cost-limit';
import { ChangesArgs, DEFAULT_FEED_PAGE, FEED_ENTRY_COST_FACTOR, MAX_FEED_PAGE } from './change-feed.args';
import { ChangeConnection, ChangeFeedEntry } from './change-feed.models';
import { ChangeFeedService } from './change-feed.service';

/** The change feed (transactional outbox) for pull-based sync by the provincial platform. */
@Resolver(() => ChangeFeedEntry)
export class ChangeFeedResolver {
  constructor(private readonly service: ChangeFeedService) {}

  @RequirePermission('exchange.feed')
  // A feed entry is one row of one table, no nested loads: a 1000-entry page costs what 50 nodes do.
  @PageCost({ defaultSize: DEFAULT_FEED_PAGE, maxSize: MAX_FEED_PAGE, factor: FEED_ENTRY_COST_FACTOR })
  @Query(() => ChangeConnection, {
    description:
      'Committed changes of the registry in your region, oldest first. Page with `after: pageInfo.endCursor`; a cursor is a feed position, stable and safe to store. A reader never sees position N+1 before N.',
  })
  async changes(@Args() args: ChangesArgs, @CurrentPrincipal() principal: Principal): Promise<ChangeConnection> {
    return mapConnection(await this.service.changes(principal, args), ChangeFeedEntry.from);
  }

  @RequirePermission('exchange.feed')
  @Query(() => String, { nullable: true, description: 'The newest feed position in your region (null while there is none): pass it as `after` to start live.' })
  changeFeedHead(@CurrentPrincipal() principal: Principal): Promise<string | null> {
    return this.service.head(principal);
  }
}
