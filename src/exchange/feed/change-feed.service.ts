import { Injectable } from '@nestjs/common';
import { Principal } from '../../common/access/principal';
import { Connection } from '../../common/pagination/connection';
import { subtreePrefix } from '../../common/region/region-code';
import { RegionsService } from '../../regions/regions.service';
import { ChangeFeedEntryEntity } from './change-feed-entry.entity';
import { DEFAULT_FEED_PAGE } from './change-feed.args';
import { ChangeFeedRepository } from './change-feed.repository';

export interface ChangesQuery {
  after?: string;
  first?: number;
  rootTypes?: readonly string[];
  regionCode?: string;
}

/**
 * The change feed for pull-based sync (and the webhook dispatcher's source). A caller reads the
 * entries of its home region's subtree only; a `regionCode` narrows that (a region outside the
 * scope, or unknown, gives an empty page: the same answer as the households list).
 *
 * Cursors are positions. Positions are handed out under a lock held until commit, so once a
 * reader has seen position N every entry before N is visible too: storing the last cursor and
 * asking `after` it never skips an entry. Positions have gaps (rolled-back writes).
 */
@Injectable()
export class ChangeFeedService {
  constructor(
    private readonly feed: ChangeFeedRepository,
    private readonly regions: RegionsService,
  ) {}

  async changes(principal: Principal, q: ChangesQuery): Promise<Connection<ChangeFeedEntryEntity>> {
    const after = q.after != null && q.after !== '' ? q.after : undefined;
    const first = q.first ?? DEFAULT_FEED_PAGE;
    const within = await this.withinFor(q.regionCode);
    const rows = within !== null && first > 0 ? await this.feed.slice({ scope: principal, within, rootTypes: q.rootTypes, after, limit: first + 1 }) : [];
    const more = rows.length > first;
    const page = more ? rows.slice(0, first) : rows;
    const edges = page.map((node) => ({ cursor: String(node.position), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: more,
        hasPreviousPage: after != null,
        startCursor: edges[0]?.cursor ?? null,
        // An empty page keeps the client's cursor, so `endCursor` can always be stored as is.
        endCursor: edges[edges.length - 1]?.cursor ?? after ?? null,
      },
    };
  }

  /** The newest position the caller can see (null while none): `changes(after: head)` then starts live. */
  async head(principal: Principal): Promise<string | null> {
    return this.feed.head({ scope: principal });
  }

  /** Entries after a position for a region subtree and root types (no caller: the dispatcher's read). */
  entriesAfter(s: { regionPrefix: string; rootTypes: readonly string[]; after: string; limit: number; upTo?: string }): Promise<ChangeFeedEntryEntity[]> {
    return this.feed.slice({ scope: { scopePrefix: s.regionPrefix }, rootTypes: s.rootTypes, after: s.after, limit: s.limit, upTo: s.upTo });
  }

  /** The newest position of the whole feed ('0' while empty). */
  globalHead(): Promise<string> {
    return this.feed.globalHead();
  }

  /** The filter's subtree prefix (undefined: no filter); null when the filter names no region. */
  private async withinFor(regionCode: string | undefined): Promise<string | undefined | null> {
    if (!regionCode) return undefined;
    const region = await this.regions.findByCode(regionCode);
    if (!region) return null;
    return subtreePrefix(region.code, region.level);
  }
}
