import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../common/access/principal';
import { applyRegionScope } from '../common/access/region-scope';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { HotlineArea, HotlineCaseEntity, HotlineChannel, HotlineStage } from './hotline.entity';
import { HotlineErrors } from './hotline.errors';
import { townOf } from './supervision.repository';

export interface HotlineCaseFilter {
  regionPrefix?: string;
  stage?: HotlineStage;
  channel?: HotlineChannel;
  caseType?: string;
  area?: HotlineArea;
  receivedFrom?: string;
  receivedTo?: string;
  /** The blind index of a reporter's contact (the handlers' filter). */
  reporterContactHash?: string;
}

/**
 * One number of the hotline rates as of a date (hotlineRates), and the cases it counts:
 * DUE (transferred with a deadline on or before the date, or replied by then), ON_TIME (of those,
 * replied by the date on or before the deadline); REPLIED (replied by the date) and SUBSTANTIATED
 * (of those, found substantiated); VISITED (visited back by the date) and SATISFIED (of those,
 * satisfied).
 */
export enum HotlineRateOutcome {
  DUE = 'DUE',
  ON_TIME = 'ON_TIME',
  REPLIED = 'REPLIED',
  SUBSTANTIATED = 'SUBSTANTIATED',
  VISITED = 'VISITED',
  SATISFIED = 'SATISFIED',
}

const REPLIED_BY = `(c.replied_on IS NOT NULL AND c.replied_on <= :asOf)`;
const VISITED_BY = `(c.visited_on IS NOT NULL AND c.visited_on <= :asOf)`;
const DUE_BY = `(c.deadline IS NOT NULL AND (c.deadline <= :asOf OR ${REPLIED_BY}))`;
export const HOTLINE_OUTCOME_SQL: Record<HotlineRateOutcome, string> = {
  [HotlineRateOutcome.DUE]: DUE_BY,
  [HotlineRateOutcome.ON_TIME]: `${DUE_BY} AND ${REPLIED_BY} AND c.replied_on <= c.deadline`,
  [HotlineRateOutcome.REPLIED]: REPLIED_BY,
  [HotlineRateOutcome.SUBSTANTIATED]: `${REPLIED_BY} AND c.substantiated`,
  [HotlineRateOutcome.VISITED]: VISITED_BY,
  [HotlineRateOutcome.SATISFIED]: `${VISITED_BY} AND c.satisfied`,
};

export type HotlineRateCounts = Record<'due' | 'onTime' | 'replied' | 'substantiated' | 'visited' | 'satisfied', number>;

const RATE_NAMES: readonly [keyof HotlineRateCounts, HotlineRateOutcome][] = [
  ['due', HotlineRateOutcome.DUE],
  ['onTime', HotlineRateOutcome.ON_TIME],
  ['replied', HotlineRateOutcome.REPLIED],
  ['substantiated', HotlineRateOutcome.SUBSTANTIATED],
  ['visited', HotlineRateOutcome.VISITED],
  ['satisfied', HotlineRateOutcome.SATISFIED],
];
const countsOf = (row: Record<string, unknown>): HotlineRateCounts => Object.fromEntries(RATE_NAMES.map(([n]) => [n, Number(row[n] ?? 0)])) as HotlineRateCounts;

/** The SQL of hotline cases; every read for a caller through applyRegionScope on the case's place. */
@Injectable()
export class HotlineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager): SelectQueryBuilder<HotlineCaseEntity> {
    return (manager ?? this.dataSource.manager).getRepository(HotlineCaseEntity).createQueryBuilder('c');
  }

  /** A page of the caller's cases, newest received first. */
  page(principal: Principal, f: HotlineCaseFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<HotlineCaseEntity>> {
    const qb = applyRegionScope(this.query(), 'c.region_code', principal, { within: f.regionPrefix });
    if (f.stage) qb.andWhere('c.stage = :stage', { stage: f.stage });
    if (f.channel) qb.andWhere('c.channel = :channel', { channel: f.channel });
    if (f.caseType) qb.andWhere('c.case_type = :caseType', { caseType: f.caseType });
    if (f.area) qb.andWhere('c.area = :area', { area: f.area });
    if (f.receivedFrom) qb.andWhere('c.received_on >= :receivedFrom', { receivedFrom: f.receivedFrom });
    if (f.receivedTo) qb.andWhere('c.received_on <= :receivedTo', { receivedTo: f.receivedTo });
    if (f.reporterContactHash) qb.andWhere('c.reporter_contact_hash = :hash', { hash: f.reporterContactHash });
    return paginate(qb, args, { tag: 'received', column: 'c.received_on', type: 'date', idColumn: 'c.id', key: (c) => [c.receivedOn, c.id], direction: 'DESC' }, { withTotalCount });
  }

  /** The cases behind one number of the rates (received by `asOf`), newest received first. */
  outcomePage(
    principal: Principal,
    asOf: string,
    regionPrefix: string | undefined,
    outcome: HotlineRateOutcome,
    args: ConnectionArgs,
    withTotalCount: boolean,
    handlingUnit?: string,
  ): Promise<Connection<HotlineCaseEntity>> {
    const qb = this.asOfQuery(principal, asOf, regionPrefix).andWhere(HOTLINE_OUTCOME_SQL[outcome]);
    if (handlingUnit !== undefined) qb.andWhere('c.handling_unit = :unit', { unit: handlingUnit });
    return paginate(qb, args, { tag: 'received', column: 'c.received_on', type: 'date', idColumn: 'c.id', key: (c) => [c.receivedOn, c.id], direction: 'DESC' }, { withTotalCount });
  }

  /** The rates' counts as of `asOf` in one statement. */
  /**
   * The rates' counts as of `asOf` in one statement (GROUPING SETS: one pass over the cases): in
   * total, per town (the district's own cases under its code) by code, and per handling unit by
   * name (null: not transferred yet, last).
   */
  async rateCounts(
    principal: Principal,
    asOf: string,
    regionPrefix: string | undefined,
  ): Promise<{ total: HotlineRateCounts; byTown: { key: string; counts: HotlineRateCounts }[]; byHandlingUnit: { key: string | null; counts: HotlineRateCounts }[] }> {
    const town = townOf('c.region_code');
    const qb = this.asOfQuery(principal, asOf, regionPrefix)
      .select(town, 'town')
      .addSelect('c.handling_unit', 'unit')
      .addSelect(`GROUPING(${town})`, 'g_town')
      .addSelect('GROUPING(c.handling_unit)', 'g_unit');
    for (const [name, outcome] of RATE_NAMES) qb.addSelect(`(count(*) FILTER (WHERE ${HOTLINE_OUTCOME_SQL[outcome]}))::int`, name);
    qb.groupBy(`GROUPING SETS ((${town}), (c.handling_unit), ())`).orderBy('town', 'ASC').addOrderBy('unit', 'ASC', 'NULLS LAST');
    const rows = (await qb.getRawMany()) as (Record<string, unknown> & { town: string | null; unit: string | null; g_town: number; g_unit: number })[];
    const total = rows.find((r) => Number(r.g_town) === 1 && Number(r.g_unit) === 1);
    return {
      total: countsOf(total ?? {}),
      byTown: rows.filter((r) => Number(r.g_town) === 0).map((r) => ({ key: r.town!, counts: countsOf(r) })),
      byHandlingUnit: rows.filter((r) => Number(r.g_unit) === 0).map((r) => ({ key: r.unit, counts: countsOf(r) })),
    };
  }

  private asOfQuery(principal: Principal, asOf: string, regionPrefix: string | undefined): SelectQueryBuilder<HotlineCaseEntity> {
    return applyRegionScope(this.query(), 'c.region_code', principal, { within: regionPrefix }).andWhere('c.received_on <= :asOf', { asOf });
  }

  findInScope(principal: Principal, id: string, manager?: EntityManager): Promise<HotlineCaseEntity | null> {
    return applyRegionScope(this.query(manager).where('c.id = :id', { id }), 'c.region_code', principal).getOne();
  }

  /** A case in the caller's scope, locked until the transaction ends. */
  lockInScope(principal: Principal, id: string, manager: EntityManager): Promise<HotlineCaseEntity | null> {
    return applyRegionScope(this.query(manager).where('c.id = :id', { id }), 'c.region_code', principal).setLock('pessimistic_write').getOne();
  }

  insert(manager: EntityManager, c: Partial<HotlineCaseEntity>): Promise<HotlineCaseEntity> {
    const repo = manager.getRepository(HotlineCaseEntity);
    return repo.save(repo.create(c));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<HotlineCaseEntity>): Promise<HotlineCaseEntity> {
    return updateWithVersion(manager, HotlineCaseEntity, { column: 'id', value: id }, version, patch, () => HotlineErrors.caseNotFound());
  }
}
