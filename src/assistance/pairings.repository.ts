import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { nestedAlias, NestedRows, nestedRows, nestedValues } from '../common/sql/nested-rows';
import { rawEntityReader, RawEntityReader } from '../common/sql/raw-entities';
import { HouseholdEntity } from '../households/household.entity';
import { HelperEntity, PairingEntity, VisitDelivery, VisitEntity } from './assistance.entities';

export interface PairingFilter {
  householdId?: string;
  helperId?: string;
  withinPrefix?: string;
  activeOn?: string;
}

export interface VisitFilter {
  householdId?: string;
  helperId?: string;
  withinPrefix?: string;
  from?: string;
  to?: string;
}

export interface HelperPeriodFigures {
  helperId: string;
  visits: number;
  householdsVisited: number;
  pairedHouseholds: number;
  pairedNotVisitedHouseholdIds: string[];
}

/**
 * The SQL of pairings and visits, and the one read-only join with the registry's households
 * table that a report across the two modules needs (households without a helper). Region scope is applied on
 * the pairing's or visit's region, which is the household's village.
 */
@Injectable()
export class PairingsRepository {
  private readonly nestedHelper: NestedRows<HelperEntity>;
  private readonly pairings: RawEntityReader<PairingEntity>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.nestedHelper = nestedRows(dataSource, HelperEntity, 'nh');
    this.pairings = rawEntityReader(dataSource, PairingEntity, 'p');
  }

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ---- households (read-only) ----

  /**
   * Narrows a households query (alias `h`, the registry's list) to those with no pairing active
   * on a date: a read-only condition on this module's table, for `householdsWithoutHelper`.
   */
  withoutPairingOn(qb: SelectQueryBuilder<HouseholdEntity>, on: string): void {
    qb.andWhere(
      `NOT EXISTS (SELECT 1 FROM pairings p WHERE p.household_id = h.id AND p.start_on <= :unpairedOn AND (p.end_on IS NULL OR p.end_on >= :unpairedOn))`,
      { unpairedOn: on },
    );
  }

  // ---- pairings ----

  pagePairings(principal: Principal, filter: PairingFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<PairingEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(PairingEntity).createQueryBuilder('p'), 'p.region_code', principal);
    if (filter.householdId) qb.andWhere('p.household_id = :householdId', { householdId: filter.householdId });
    if (filter.helperId) qb.andWhere('p.helper_id = :helperId', { helperId: filter.helperId });
    if (filter.withinPrefix) applyWithin(qb, 'p.region_code', filter.withinPrefix);
    if (filter.activeOn) activeOn(qb, 'p', filter.activeOn);
    return paginate(qb, args, { tag: 'start', column: 'p.start_on', type: 'date', idColumn: 'p.id', key: (p) => [p.startOn, p.id], direction: 'DESC' }, { withTotalCount });
  }

  findPairingsInScope(principal: Principal, ids: readonly string[], manager?: EntityManager, lock = false): Promise<PairingEntity[]> {
    const qb = this.manager(manager).getRepository(PairingEntity).createQueryBuilder('p').where('p.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'p.region_code', principal);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** Pairings of one helper with one household, ordered by start. */
  findPairingsOf(manager: EntityManager, helperId: string, householdId: string): Promise<PairingEntity[]> {
    return manager
      .getRepository(PairingEntity)
      .createQueryBuilder('p')
      .where('p.helper_id = :helperId AND p.household_id = :householdId', { helperId, householdId })
      .orderBy('p.start_on')
      .getMany();
  }

  /**
   * The pairing of a helper with a household active on a date, share-locked so that it cannot be
   * ended under a visit being logged (endPairing takes the row lock first).
   */
  findActivePairing(manager: EntityManager, helperId: string, householdId: string, on: string): Promise<PairingEntity | null> {
    const qb = manager
      .getRepository(PairingEntity)
      .createQueryBuilder('p')
      .where('p.helper_id = :helperId AND p.household_id = :householdId', { helperId, householdId });
    activeOn(qb, 'p', on);
    return qb.setLock('pessimistic_read').orderBy('p.start_on', 'DESC').getOne();
  }

  /** Pairings active on a date of the given households, in the caller's scope (Household.helpers). */
  findActivePairingsOfHouseholds(principal: Principal, householdIds: readonly string[], on: string): Promise<PairingEntity[]> {
    return this.activePairingsQuery(principal, householdIds, on).getMany();
  }

  /** findActivePairingsOfHouseholds with each pairing's helper read in the same statement (nested-rows.ts). */
  async findActivePairingsWithHelpers(
    principal: Principal,
    householdIds: readonly string[],
    on: string,
  ): Promise<{ pairing: PairingEntity; helper: HelperEntity | null }[]> {
    // Plain SQL (issue #12: read for every page of households with their helpers): the conditions
    // and order of activePairingsQuery, without building them through the query builder.
    if (!householdIds.length) return [];
    const params: unknown[] = [[...householdIds], on];
    const scope = regionScopeSql('p.region_code', principal, params);
    const raw: Record<string, unknown>[] = await this.manager().query(
      `SELECT ${this.pairings.select}, ${this.nestedHelper.aggregate('FROM helpers nh WHERE nh.id = p.helper_id')} AS "${nestedAlias('helper')}"
         FROM pairings p
        WHERE p.household_id = ANY($1::uuid[]) AND p.start_on <= $2 AND (p.end_on IS NULL OR p.end_on >= $2) AND ${scope}
        ORDER BY p.start_on, p.id`,
      params,
    );
    const nested = nestedValues(this.pairings.read(raw), raw, { helper: '' });
    return [...nested].map(([pairing, values]) => ({ pairing, helper: this.nestedHelper.read(values.helper)[0] ?? null }));
  }

  private activePairingsQuery(principal: Principal, householdIds: readonly string[], on: string): SelectQueryBuilder<PairingEntity> {
    const qb = this.manager()
      .getRepository(PairingEntity)
      .createQueryBuilder('p')
      .where('p.household_id = ANY(:ids)', { ids: [...householdIds] });
    activeOn(qb, 'p', on);
    return applyRegionScope(qb, 'p.region_code', principal).orderBy('p.start_on').addOrderBy('p.id');
  }

  insertPairing(manager: EntityManager, p: Partial<PairingEntity>): Promise<PairingEntity> {
    const repo = manager.getRepository(PairingEntity);
    return repo.save(repo.create(p));
  }

  /** Ends an open pairing; null when it was already ended (or its version moved). */
  async endPairing(manager: EntityManager, id: string, version: number, endOn: string, reason: string): Promise<PairingEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .update(PairingEntity)
      .set({ endOn, endReason: reason, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND end_on IS NULL', { id, version })
      .returning('*')
      .updateEntity(false)
      .execute();
    const raw = (result.raw as Record<string, unknown>[] | undefined)?.[0];
    if (!raw) return null;
    return manager.getRepository(PairingEntity).create({
      id: raw.id as string,
      helperId: raw.helper_id as string,
      householdId: raw.household_id as string,
      regionCode: raw.region_code as string,
      startOn: raw.start_on as string,
      endOn: raw.end_on as string | null,
      endReason: raw.end_reason as string | null,
      version: raw.version as number,
      createdAt: raw.created_at as Date,
    });
  }

  // ---- visits ----

  pageVisits(principal: Principal, filter: VisitFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<VisitEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(VisitEntity).createQueryBuilder('v'), 'v.region_code', principal);
    if (filter.householdId) qb.andWhere('v.household_id = :householdId', { householdId: filter.householdId });
    if (filter.helperId) qb.andWhere('v.helper_id = :helperId', { helperId: filter.helperId });
    if (filter.withinPrefix) applyWithin(qb, 'v.region_code', filter.withinPrefix);
    if (filter.from) qb.andWhere('v.visited_on >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('v.visited_on <= :to', { to: filter.to });
    return paginate(qb, args, { tag: 'visited', column: 'v.visited_on', type: 'date', idColumn: 'v.id', key: (v) => [v.visitedOn, v.id], direction: 'DESC' }, { withTotalCount });
  }

  /** The latest visit of a helper to a household within a pairing's term after a date, if any. */
  async latestVisitAfter(manager: EntityManager, helperId: string, householdId: string, after: string): Promise<string | null> {
    const rows: { visited_on: string }[] = await manager.query(
      `SELECT max(visited_on)::text AS visited_on FROM visits WHERE helper_id = $1 AND household_id = $2 AND visited_on > $3`,
      [helperId, householdId, after],
    );
    return rows[0]?.visited_on ?? null;
  }

  /** The newest `first` visits of each household, in the caller's scope, one statement for all. */
  findLatestVisitsOfHouseholds(principal: Principal, householdIds: readonly string[], first: number): Promise<VisitEntity[]> {
    const inner = this.manager()
      .getRepository(VisitEntity)
      .createQueryBuilder('v')
      .select('v.id', 'id')
      .addSelect('row_number() OVER (PARTITION BY v.household_id ORDER BY v.visited_on DESC, v.id DESC)', 'rn')
      .where('v.household_id = ANY(:ids)', { ids: [...householdIds] });
    applyRegionScope(inner, 'v.region_code', principal);
    return this.manager()
      .getRepository(VisitEntity)
      .createQueryBuilder('visit')
      .innerJoin(`(${inner.getQuery()})`, 'ranked', 'ranked.id = visit.id AND ranked.rn <= :first', { first })
      .setParameters(inner.getParameters())
      .orderBy('visit.household_id')
      .addOrderBy('visit.visited_on', 'DESC')
      .addOrderBy('visit.id', 'DESC')
      .getMany();
  }

  insertVisit(
    manager: EntityManager,
    v: { helperId: string; householdId: string; regionCode: string; visitedOn: string; delivered: VisitDelivery[]; notes: string | null },
  ): Promise<VisitEntity> {
    const repo = manager.getRepository(VisitEntity);
    return repo.save(repo.create(v));
  }

  // ---- helpers' visits per period ----

  /**
   * Helpers with a pairing overlapping [from, to] or a visit in it, on households of the
   * caller's scope (and `withinPrefix`), by name: a keyset page of helpers.
   */
  pageHelpersActiveInPeriod(
    principal: Principal,
    withinPrefix: string | undefined,
    from: string,
    to: string,
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HelperEntity>> {
    const qb = this.manager().getRepository(HelperEntity).createQueryBuilder('h');
    const pairings = applyRegionScope(qb.subQuery().select('1').from(PairingEntity, 'p').where('p.helper_id = h.id'), 'p.region_code', principal, { within: withinPrefix })
      .andWhere('p.start_on <= :to AND (p.end_on IS NULL OR p.end_on >= :from)')
      .getQuery();
    const visits = applyRegionScope(qb.subQuery().select('1').from(VisitEntity, 'v').where('v.helper_id = h.id'), 'v.region_code', principal, { within: withinPrefix })
      .andWhere('v.visited_on BETWEEN :from AND :to')
      .getQuery();
    qb.where(`(EXISTS ${pairings} OR EXISTS ${visits})`, { from, to });
    return paginate(qb, args, { tag: 'name', column: 'h.name', type: 'text', idColumn: 'h.id', key: (h) => [h.name, h.id] }, { withTotalCount });
  }

  /** Visits, households visited and paired households never visited, per helper, in [from, to]. */
  async periodFigures(principal: Principal, helperIds: readonly string[], withinPrefix: string | undefined, from: string, to: string): Promise<HelperPeriodFigures[]> {
    if (!helperIds.length) return [];
    const params: unknown[] = [[...helperIds], from, to];
    const scope = regionScopeSql('region_code', principal, params, { within: withinPrefix });
    const rows: { helper_id: string; visits: string; households_visited: string; paired: string; paired_not_visited: string[] }[] =
      await this.manager().query(
        `WITH v AS (
           SELECT helper_id, household_id, count(*) AS n FROM visits
            WHERE helper_id = ANY($1) AND ${scope} AND visited_on BETWEEN $2 AND $3
            GROUP BY helper_id, household_id),
         p AS (
           SELECT DISTINCT helper_id, household_id FROM pairings
            WHERE helper_id = ANY($1) AND ${scope}
              AND start_on <= $3 AND (end_on IS NULL OR end_on >= $2))
         SELECT h.id AS helper_id,
                (SELECT coalesce(sum(n), 0) FROM v WHERE v.helper_id = h.id) AS visits,
                (SELECT count(*) FROM v WHERE v.helper_id = h.id) AS households_visited,
                (SELECT count(*) FROM p WHERE p.helper_id = h.id) AS paired,
                ARRAY(SELECT p.household_id::text FROM p
                       WHERE p.helper_id = h.id
                         AND NOT EXISTS (SELECT 1 FROM v WHERE v.helper_id = p.helper_id AND v.household_id = p.household_id)
                       ORDER BY p.household_id) AS paired_not_visited
           FROM unnest($1::uuid[]) AS h(id)`,
        params,
      );
    return rows.map((r) => ({
      helperId: r.helper_id,
      visits: Number(r.visits),
      householdsVisited: Number(r.households_visited),
      pairedHouseholds: Number(r.paired),
      pairedNotVisitedHouseholdIds: r.paired_not_visited,
    }));
  }
}

function activeOn<T extends object>(qb: SelectQueryBuilder<T>, alias: string, on: string): void {
  qb.andWhere(`${alias}.start_on <= :activeOn AND (${alias}.end_on IS NULL OR ${alias}.end_on >= :activeOn)`, { activeOn: on });
}
