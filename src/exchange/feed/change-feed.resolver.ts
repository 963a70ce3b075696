import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../../common/access/access.decorators';
import { CurrentPrincipal } from '../../common/access/current-principal.decorator';
import { Principal } from '../../common/access/principal';
import { mapConnection } from '../../common/pagination/keyset';
import { ChangesArgs } from './change-feed.args';
import { ChangeConnection, ChangeFeedEntry } from './change-feed.models';
import { ChangeFeedService } from './change-feed.service';

/** The change feed (transactional outbox) for pull-based sync by the provincial platform. */
@Resolver(() => ChangeFeedEntry)
export class ChangeFeedResolver {
  constructor(private readonly service: ChangeFeedService) {}

  @RequirePermission('exchange.feed')
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
