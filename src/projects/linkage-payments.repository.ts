import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { HouseholdEntity } from '../households/household.entity';
import { LinkagePaymentEntity } from './linkage-payment.entity';
import { LinkageEntity } from './linkage.entity';
import { householdIncomeComparison, IncomeComparisonRow, incomeDisagreements } from '../households/income-comparison';
import { LINKAGE_ACTIVE_IN_YEAR, LINKAGE_DUE_IN_YEAR, LINKAGE_INCOME_PAID, LINKAGE_PAID_IN_YEAR, yearParams } from './linkage-year.sql';

export interface PaymentFilter {
  linkageId?: string;
  householdId?: string;
  year?: number;
  withinPrefix?: string;
}

export interface ArrearsFilter {
  year: number;
  entityId?: string;
  projectId?: string;
  withinPrefix?: string;
}

/** A linkage's year: what is due and what was paid (net of reversals), yuan as text. */
export interface LinkageYearFigures {
  due: string;
  paid: string;
}

/** A household's linkage income of a year beside the registry's (src/households/income-comparison.ts). */
export type LinkageIncomeRow = IncomeComparisonRow;

export interface EntityYearTotals {
  linkages: number;
  due: string;
  paid: string;
  linkagesInArrears: number;
}

/**
 * The SQL of linkage payments and of linkages' years. Reads for a caller are scoped by the
 * household's village (copied on each payment); a write's locked read of the linkage is the
 * linkage repository's.
 */
@Injectable()
export class LinkagePaymentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private payments(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(LinkagePaymentEntity).createQueryBuilder('p');
  }

  /** A page of the caller's payments, latest payment date first. */
  page(principal: Principal, filter: PaymentFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<LinkagePaymentEntity>> {
    const qb = applyRegionScope(this.payments(), 'p.region_code', principal);
    applyWithin(qb, 'p.region_code', filter.withinPrefix);
    if (filter.linkageId) qb.andWhere('p.linkage_id = :linkageId', { linkageId: filter.linkageId });
    if (filter.householdId) qb.andWhere('p.household_id = :householdId', { householdId: filter.householdId });
    if (filter.year !== undefined) qb.andWhere('p.year = :year', { year: filter.year });
    return paginate(qb, args, { tag: 'paid', column: 'p.paid_on', type: 'date', direction: 'DESC', idColumn: 'p.id', key: (p) => [p.paidOn, p.id] }, { withTotalCount });
  }

  /** The payments among `ids` the caller may read; `forWrite` locks them and adds the sector write scope. */
  findInScope(principal: Principal, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<LinkagePaymentEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = this.payments(manager).where('p.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'p.region_code', principal, forWrite ? { sector: { column: 'p.sector', access: 'write' } } : {});
    if (forWrite) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** Whether a payment has been reversed already. */
  isReversed(manager: EntityManager, paymentId: string): Promise<boolean> {
    return manager.getRepository(LinkagePaymentEntity).existsBy({ reversesId: paymentId });
  }

  /** What is due and paid for a year under one linkage (call with the linkage locked). */
  async yearFigures(manager: EntityManager, linkageId: string, year: number): Promise<LinkageYearFigures> {
    const row = await manager
      .getRepository(LinkageEntity)
      .createQueryBuilder('l')
      .select(`(${LINKAGE_DUE_IN_YEAR})::text`, 'due')
      .addSelect(`(${LINKAGE_PAID_IN_YEAR})::text`, 'paid')
      .where('l.id = :linkageId', { linkageId, ...yearParams(year) })
      .getRawOne<LinkageYearFigures>();
    return row!;
  }

  insert(manager: EntityManager, payment: Partial<LinkagePaymentEntity>): Promise<LinkagePaymentEntity> {
    const repo = manager.getRepository(LinkagePaymentEntity);
    return repo.save(repo.create(payment));
  }

  /**
   * The caller's linkages in force in the year whose payments for it are short of what is due
   * (欠付), by household village then id, with the figures of each.
   */
  async arrears(principal: Principal, filter: ArrearsFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<LinkageEntity> & { figures: Map<LinkageEntity, LinkageYearFigures> }> {
    const qb = applyRegionScope(this.dataSource.manager.getRepository(LinkageEntity).createQueryBuilder('l'), 'l.region_code', principal);
    applyWithin(qb, 'l.region_code', filter.withinPrefix);
    qb.setParameters(yearParams(filter.year)).andWhere(LINKAGE_ACTIVE_IN_YEAR).andWhere(`${LINKAGE_PAID_IN_YEAR} < ${LINKAGE_DUE_IN_YEAR}`);
    if (filter.entityId) qb.andWhere('l.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.projectId) qb.andWhere('l.project_id = :projectId', { projectId: filter.projectId });
    const { nested, ...page } = await paginate(
      qb,
      args,
      { tag: 'arrears', column: 'l.region_code', type: 'text', direction: 'ASC', idColumn: 'l.id', key: (l) => [l.regionCode, l.id] },
      { withTotalCount, nested: { due: `(${LINKAGE_DUE_IN_YEAR})::text`, paid: `(${LINKAGE_PAID_IN_YEAR})::text` } },
    );
    const figures = new Map<LinkageEntity, LinkageYearFigures>();
    for (const [l, v] of nested ?? []) figures.set(l, { due: String(v.due), paid: String(v.paid) });
    return { ...page, figures };
  }

  /** An entity's linkages in force in the year (all of them, whatever the caller's region: the caller must read the entity): totals due and paid. */
  async entityYear(entityId: string, year: number): Promise<EntityYearTotals> {
    const row = await this.dataSource.manager
      .getRepository(LinkageEntity)
      .createQueryBuilder('l')
      .select('count(*)::int', 'linkages')
      .addSelect(`COALESCE(sum(${LINKAGE_DUE_IN_YEAR}), 0)::numeric(14,2)::text`, 'due')
      .addSelect(`COALESCE(sum(${LINKAGE_PAID_IN_YEAR}), 0)::numeric(14,2)::text`, 'paid')
      .addSelect(`(count(*) FILTER (WHERE ${LINKAGE_PAID_IN_YEAR} < ${LINKAGE_DUE_IN_YEAR}))::int`, 'linkagesInArrears')
      .where('l.entity_id = :entityId', { entityId, ...yearParams(year) })
      .andWhere(LINKAGE_ACTIVE_IN_YEAR)
      .getRawOne<EntityYearTotals>();
    return row!;
  }

  /** Payments to the entity's linkages for the year (net), including those of linkages no longer in force that year. */
  async entityPaidForYear(entityId: string, year: number): Promise<string> {
    const [row] = await this.dataSource.query(
      `SELECT COALESCE(sum(p.amount), 0)::numeric(14,2)::text AS paid FROM benefit_linkage_payments p JOIN benefit_linkages l ON l.id = p.linkage_id WHERE l.entity_id = $1 AND p.year = $2`,
      [entityId, year],
    );
    return row.paid as string;
  }

  /** One household's linkage income of the year beside the registry's. */
  householdIncome(householdId: string, year: number): Promise<LinkageIncomeRow> {
    return householdIncomeComparison(this.dataSource, LINKAGE_INCOME_PAID, householdId, year);
  }

  /**
   * The caller's households paid more under their linkages in the year than the registry records
   * for that year (by household number), with the figures of each. The registry's incomes are
   * never written from here: the list is for the village to correct one or the other.
   */
  disagreements(
    principal: Principal,
    filter: { year: number; withinPrefix?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HouseholdEntity> & { figures: Map<HouseholdEntity, LinkageIncomeRow> }> {
    return incomeDisagreements(this.dataSource, LINKAGE_INCOME_PAID, principal, filter, args, withTotalCount);
  }
}
