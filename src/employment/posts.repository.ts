import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { EmploymentRecordEntity } from './employment-record.entity';
import { postHoldersSql } from './employment-year.sql';
import { Distance, distanceCodes, distancePointsSql, distanceSql } from './openings.matching';
import { EmploymentErrors } from './employment.errors';
import { PublicWelfarePostEntity } from './posts.entity';

export interface PostFilter {
  year: number;
  /** Holders in force on this day (else: any record of the year). */
  asOf?: string;
  type?: string;
  /** true: only posts with vacancies; false: only full ones. */
  withVacancies?: boolean;
  /** A region's subtree prefix (the `regionCode` argument, looked up). */
  withinPrefix?: string;
}

/** A post of a page with its holders and vacancies. */
export interface PostFigures {
  holders: number;
  vacancies: number;
}

/** A post matching a member (PostsRepository.matching). */
export interface PostMatchRow {
  post: PublicWelfarePostEntity;
  holders: number;
  distance: Distance | null;
  score: number;
}

/**
 * The SQL of public-welfare posts and their holders (employment records with post_id). Reads are
 * scoped by the post's village; the locked read before a change adds the sector write scope.
 */
@Injectable()
export class PostsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(PublicWelfarePostEntity).createQueryBuilder('p');
  }

  /**
   * A page of the caller's posts running in the year, by name, each with its holders and vacancies
   * (places − holders, not below 0) computed in the statement that reads the page.
   */
  async page(principal: Principal, filter: PostFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<PublicWelfarePostEntity> & { figures: Map<PublicWelfarePostEntity, PostFigures> }> {
    const holders = postHoldersSql('p', filter.asOf !== undefined);
    const qb = applyRegionScope(this.query(), 'p.region_code', principal);
    applyWithin(qb, 'p.region_code', filter.withinPrefix);
    qb.andWhere(`p.starts_on <= :yearLast AND COALESCE(LEAST(p.closed_on, p.ends_on), DATE '9999-12-31') >= :yearFirst`, { yearFirst: `${filter.year}-01-01`, yearLast: `${filter.year}-12-31` });
    qb.setParameters({ year: filter.year, ...(filter.asOf !== undefined ? { asOf: filter.asOf } : {}) });
    if (filter.type) qb.andWhere('p.type = :type', { type: filter.type });
    if (filter.withVacancies !== undefined) qb.andWhere(`p.places ${filter.withVacancies ? '>' : '<='} ${holders}`);
    const conn = await paginate(qb, args, { tag: 'name', column: 'p.name', type: 'text', idColumn: 'p.id', key: (p) => [p.name, p.id] }, { withTotalCount, nested: { holders } });
    const { nested, ...page } = conn;
    const figures = new Map<PublicWelfarePostEntity, PostFigures>();
    for (const edge of page.edges) {
      const h = Number(nested?.get(edge.node)?.holders ?? 0);
      figures.set(edge.node, { holders: h, vacancies: Math.max(edge.node.places - h, 0) });
    }
    return { ...page, figures };
  }

  /** The posts among `ids` the holder may read; `forWrite` locks them and adds the sector write scope. */
  findInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<PublicWelfarePostEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = this.query(manager).where('p.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'p.region_code', holder, forWrite ? { sector: { column: 'p.sector', access: 'write' } } : {});
    if (forWrite) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** The holders of each post (ids already checked) in force on `asOf`: one statement. */
  async holdersOn(ids: readonly string[], asOf: string): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows: { id: string; holders: number }[] = await this.query()
      .select('p.id', 'id')
      .addSelect(postHoldersSql('p', true), 'holders')
      .where('p.id = ANY(:ids)', { ids: [...ids] })
      .setParameters({ asOf, year: Number(asOf.slice(0, 4)) })
      .getRawMany();
    return new Map(rows.map((r) => [r.id, Number(r.holders)]));
  }

  /** The post locked for a change of its holders (unscoped: the caller checked the holder's record). */
  async lock(manager: EntityManager, id: string): Promise<PublicWelfarePostEntity> {
    const post = await this.query(manager).where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!post) throw EmploymentErrors.postNotFound('input.id');
    return post;
  }

  /** Unscoped, for internal use after an access check. */
  findByIds(ids: readonly string[]): Promise<PublicWelfarePostEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.query().where('p.id = ANY(:ids)', { ids: [...ids] }).getMany();
  }

  /** The post's holder records whose period shares a day with [startsOn, endsOn] (read under the post's lock). */
  holdersDuring(manager: EntityManager, postId: string, startsOn: string, endsOn: string | null): Promise<EmploymentRecordEntity[]> {
    const qb = manager.getRepository(EmploymentRecordEntity).createQueryBuilder('e').where('e.post_id = :postId', { postId });
    qb.andWhere('(e.ends_on IS NULL OR e.ends_on >= :startsOn)', { startsOn });
    if (endsOn !== null) qb.andWhere('e.starts_on <= :endsOn', { endsOn });
    return qb.getMany();
  }

  /** A page of the caller's post holders of the year whose labour skill is not weak or half labour, newest start first. */
  outsideEligibleGroup(principal: Principal, filter: { year: number; withinPrefix?: string; eligibleSkill: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<EmploymentRecordEntity>> {
    const qb = applyRegionScope(this.dataSource.getRepository(EmploymentRecordEntity).createQueryBuilder('e'), 'e.region_code', principal);
    applyWithin(qb, 'e.region_code', filter.withinPrefix);
    qb.andWhere('e.post_id IS NOT NULL AND e.year = :year', { year: filter.year });
    qb.andWhere('NOT EXISTS (SELECT 1 FROM members em WHERE em.id = e.member_id AND em.labour_skill = :eligibleSkill)', { eligibleSkill: filter.eligibleSkill });
    return paginate(qb, args, { tag: 'start', column: 'e.starts_on', type: 'date', direction: 'DESC', idColumn: 'e.id', key: (e) => [e.startsOn, e.id] }, { withTotalCount });
  }

  /**
   * The posts in the holder's scope open on `asOf` with a place free that day, for a member living in
   * `memberRegion`: each with its holders on the day and its distance from the member, ranked in one
   * statement by the distance's points (the member's village first: a holder from another village
   * needs a reason), then id descending; keyset after (score, id).
   */
  async matching(principal: Principal, memberRegion: string, asOf: string, page: { after?: [number, string]; limit: number }): Promise<PostMatchRow[]> {
    const holders = postHoldersSql('p', true);
    const codes = distanceCodes(memberRegion);
    const distance = distanceSql('p.region_code', ':village', ':town', ':district');
    const score = distancePointsSql(distance);
    const qb = applyRegionScope(this.query(), 'p.region_code', principal)
      .addSelect(holders, 'holders')
      .addSelect(distance, 'distance')
      .addSelect(score, 'score')
      .andWhere(`p.starts_on <= :asOf AND COALESCE(LEAST(p.closed_on, p.ends_on), DATE '9999-12-31') >= :asOf`)
      .andWhere(`p.places > ${holders}`)
      .setParameters({ asOf, year: Number(asOf.slice(0, 4)), ...codes });
    if (page.after) qb.andWhere(`(${score}, p.id) < (:afterScore::int, :afterId::uuid)`, { afterScore: page.after[0], afterId: page.after[1] });
    const { entities, raw } = await qb.orderBy(score, 'DESC').addOrderBy('p.id', 'DESC').limit(page.limit).getRawAndEntities<{ p_id: string; holders: number; distance: Distance | null; score: number }>();
    const byId = new Map(raw.map((r) => [r.p_id, r]));
    return entities.map((post) => {
      const r = byId.get(post.id)!;
      return { post, holders: Number(r.holders), distance: r.distance, score: Number(r.score) };
    });
  }

  insert(manager: EntityManager, row: Partial<PublicWelfarePostEntity>): Promise<PublicWelfarePostEntity> {
    const repo = manager.getRepository(PublicWelfarePostEntity);
    return repo.save(repo.create(row));
  }

  /** Checks the version the caller read: a stale one is the kit's CONFLICT / VERSION_MISMATCH. */
  update(manager: EntityManager, id: string, version: number, patch: Partial<PublicWelfarePostEntity>): Promise<PublicWelfarePostEntity> {
    return updateWithVersion(manager, PublicWelfarePostEntity, { column: 'id', value: id }, version, patch, () => EmploymentErrors.postNotFound());
  }
}
