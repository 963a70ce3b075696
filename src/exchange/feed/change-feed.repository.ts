import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope, ScopeHolder } from '../../common/access/region-scope';
import { ChangeFeedEntryEntity } from './change-feed-entry.entity';

export interface FeedSlice {
  /** Whose region scope (a caller, or a subscription's subtree): see applyRegionScope. */
  scope: ScopeHolder;
  /** A filter's subtree prefix on top of the scope. */
  within?: string;
  /** Empty or absent: every root type. */
  rootTypes?: readonly string[];
  /** Entries after this position ('0' or absent: from the beginning). */
  after?: string;
  /** At most this many rows. */
  limit: number;
  /** Entries up to and including this position (a dead letter's range). */
  upTo?: string;
}

/**
 * The SQL of the change feed (read only; the triggers write it). Keyset over the primary key:
 * `position > $after ORDER BY position LIMIT n`, so page 10,000 costs what page 1 costs. Region
 * scope is a prefix match on the C-collated region_code.
 */
@Injectable()
export class ChangeFeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  slice(s: FeedSlice, manager?: EntityManager): Promise<ChangeFeedEntryEntity[]> {
    const qb = (manager ?? this.dataSource.manager).getRepository(ChangeFeedEntryEntity).createQueryBuilder('c');
    this.filter(qb, s);
    if (s.after) qb.andWhere('c.position > :after', { after: s.after });
    if (s.upTo) qb.andWhere('c.position <= :upTo', { upTo: s.upTo });
    return qb.orderBy('c.position', 'ASC').limit(s.limit).getMany();
  }

  /** The newest position among the entries of the slice (null when there is none). */
  async head(s: Pick<FeedSlice, 'scope' | 'within' | 'rootTypes'>): Promise<string | null> {
    const qb = this.dataSource.manager.getRepository(ChangeFeedEntryEntity).createQueryBuilder('c').select('c.position', 'position');
    this.filter(qb, s);
    const row = await qb.orderBy('c.position', 'DESC').limit(1).getRawOne<{ position: string }>();
    return row ? String(row.position) : null;
  }

  /** The newest position of the whole feed ('0' when empty). */
  async globalHead(): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT COALESCE(MAX(position), 0)::text AS position FROM change_feed`);
    return row.position as string;
  }

  private filter(qb: SelectQueryBuilder<ChangeFeedEntryEntity>, s: Pick<FeedSlice, 'scope' | 'within' | 'rootTypes'>): void {
    applyRegionScope(qb, 'c.region_code', s.scope, { within: s.within });
    if (s.rootTypes?.length) qb.andWhere('c.root_type = ANY(:types)', { types: [...s.rootTypes] });
  }
}
