import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { HouseholdEntity } from '../households/household.entity';
import { householdIncomeComparison, IncomeComparisonRow, incomeDisagreements } from '../households/income-comparison';
import { FundAllocationEntity } from './funds.entities';
import type { LedgerViolationRow } from './funds.repository';
import { FundPaymentEntity, FundPaymentHouseholdEntity, ReimbursementEntity, ReimbursementLineEntity, ReimbursementStatus, ReimbursementVoucherEntity } from './reimbursement.entities';

export interface ReimbursementFilter {
  fundingId?: string;
  documentId?: string;
  projectId?: string;
  status?: ReimbursementStatus;
  year?: number;
  withinPrefix?: string;
}

export interface PaymentFilter {
  reimbursementId?: string;
  documentId?: string;
  year?: number;
  withinPrefix?: string;
}

/** An allocation behind the reimbursement rate, with what was paid from it by the date. */
export interface RateAllocationRow {
  allocation: FundAllocationEntity;
  paid: string;
}

/**
 * The SQL of reimbursements (报账) and payments (支付). Reads are scoped by the row's region (the
 * project's); a write locks the funding (a new reimbursement) or the reimbursement (a decision, a
 * payment) FOR UPDATE first, so writes under one source queue.
 */
/**
 * The paid rows of payments to households for the year (src/households/income-comparison.ts): each
 * roster line that names an income component, in the year of its payment's date; a reversal (冲销)
 * takes its payment's roster back as negative rows in the year of the reversal's date. A line
 * without a component (goods in kind) is not income.
 */
const FUND_INCOME_PAID = `
  SELECT ph.household_id, ph.income_component::text, ph.amount
    FROM fund_payment_households ph JOIN fund_payments p ON p.id = ph.payment_id
   WHERE ph.income_component IS NOT NULL AND p.status = 'ACTIVE' AND p.paid_on BETWEEN CAST(:yearStart AS date) AND CAST(:yearEnd AS date)
  UNION ALL
  SELECT ph.household_id, ph.income_component::text, -ph.amount
    FROM fund_payments rv JOIN fund_payment_households ph ON ph.payment_id = rv.reverses_id
   WHERE ph.income_component IS NOT NULL AND rv.status = 'ACTIVE' AND rv.paid_on BETWEEN CAST(:yearStart AS date) AND CAST(:yearEnd AS date)`;

@Injectable()
export class ReimbursementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One household's fund income of the year (its roster lines) beside the registry's. */
  householdIncome(householdId: string, year: number): Promise<IncomeComparisonRow> {
    return householdIncomeComparison(this.dataSource, FUND_INCOME_PAID, householdId, year);
  }

  /** The caller's households paid more by fund rosters in the year than the registry records, by household number. */
  incomeDisagreements(
    principal: Principal,
    filter: { year: number; withinPrefix?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HouseholdEntity> & { figures: Map<HouseholdEntity, IncomeComparisonRow> }> {
    return incomeDisagreements(this.dataSource, FUND_INCOME_PAID, principal, filter, args, withTotalCount);
  }

  pageReimbursements(principal: Principal, filter: ReimbursementFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ReimbursementEntity>> {
    const qb = applyRegionScope(this.dataSource.getRepository(ReimbursementEntity).createQueryBuilder('r'), 'r.region_code', principal);
    applyWithin(qb, 'r.region_code', filter.withinPrefix);
    if (filter.year !== undefined) qb.andWhere('r.year = :year', { year: filter.year });
    if (filter.fundingId) qb.andWhere('r.funding_id = :fundingId', { fundingId: filter.fundingId });
    if (filter.documentId) qb.andWhere('r.document_id = :documentId', { documentId: filter.documentId });
    if (filter.projectId) qb.andWhere('r.project_id = :projectId', { projectId: filter.projectId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    return paginate(qb, args, { tag: 'applied', column: 'r.applied_on', type: 'date', direction: 'DESC', idColumn: 'r.id', key: (r) => [r.appliedOn, r.id] }, { withTotalCount });
  }

  pagePayments(principal: Principal, filter: PaymentFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FundPaymentEntity>> {
    const qb = applyRegionScope(this.dataSource.getRepository(FundPaymentEntity).createQueryBuilder('p'), 'p.region_code', principal);
    applyWithin(qb, 'p.region_code', filter.withinPrefix);
    if (filter.year !== undefined) qb.andWhere('p.year = :year', { year: filter.year });
    if (filter.reimbursementId) qb.andWhere('p.reimbursement_id = :reimbursementId', { reimbursementId: filter.reimbursementId });
    if (filter.documentId) qb.andWhere('p.document_id = :documentId', { documentId: filter.documentId });
    return paginate(qb, args, { tag: 'paid', column: 'p.paid_on', type: 'date', direction: 'DESC', idColumn: 'p.id', key: (p) => [p.paidOn, p.id] }, { withTotalCount });
  }

  /** Reimbursements among `ids` in the caller's scope; `lock` takes them FOR UPDATE. */
  findReimbursements(principal: ScopeHolder, ids: readonly string[], manager?: EntityManager, lock = false): Promise<ReimbursementEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = applyRegionScope((manager ?? this.dataSource.manager).getRepository(ReimbursementEntity).createQueryBuilder('r').where('r.id = ANY(:ids)', { ids: [...ids] }), 'r.region_code', principal);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  findPayments(principal: Principal, ids: readonly string[], manager?: EntityManager): Promise<FundPaymentEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return applyRegionScope((manager ?? this.dataSource.manager).getRepository(FundPaymentEntity).createQueryBuilder('p').where('p.id = ANY(:ids)', { ids: [...ids] }), 'p.region_code', principal).getMany();
  }

  /** The reversal of a payment, if it has one (a payment is reversed at most once). */
  async reversalOf(m: EntityManager, paymentId: string): Promise<string | null> {
    const [row]: { id: string }[] = await m.query(`SELECT id FROM fund_payments WHERE reverses_id = $1`, [paymentId]);
    return row?.id ?? null;
  }

  /** The lines of these reimbursements, in their order. */
  lines(ids: readonly string[], manager?: EntityManager): Promise<ReimbursementLineEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return (manager ?? this.dataSource.manager).getRepository(ReimbursementLineEntity).createQueryBuilder('l').where('l.reimbursement_id = ANY(:ids)', { ids: [...ids] }).orderBy('l.reimbursement_id').addOrderBy('l.position').getMany();
  }

  vouchers(ids: readonly string[], manager?: EntityManager): Promise<ReimbursementVoucherEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return (manager ?? this.dataSource.manager).getRepository(ReimbursementVoucherEntity).createQueryBuilder('v').where('v.reimbursement_id = ANY(:ids)', { ids: [...ids] }).orderBy('v.reimbursement_id').addOrderBy('v.position').getMany();
  }

  roster(paymentIds: readonly string[], manager?: EntityManager): Promise<FundPaymentHouseholdEntity[]> {
    if (!paymentIds.length) return Promise.resolve([]);
    return (manager ?? this.dataSource.manager).getRepository(FundPaymentHouseholdEntity).createQueryBuilder('h').where('h.payment_id = ANY(:ids)', { ids: [...paymentIds] }).orderBy('h.payment_id').addOrderBy('h.id').getMany();
  }

  /** Replaces a reimbursement's lines and vouchers (a new application, or a correction). */
  async writeParts(m: EntityManager, reimbursementId: string, lines: { expenseType: string; amount: string }[], vouchers: { kind: string; reference: string; datedOn: string }[]): Promise<void> {
    await m.getRepository(ReimbursementLineEntity).delete({ reimbursementId });
    await m.getRepository(ReimbursementVoucherEntity).delete({ reimbursementId });
    await m.getRepository(ReimbursementLineEntity).insert(lines.map((l, position) => ({ reimbursementId, position, expenseType: l.expenseType, amount: l.amount })));
    await m.getRepository(ReimbursementVoucherEntity).insert(vouchers.map((v, position) => ({ reimbursementId, position, kind: v.kind, reference: v.reference, datedOn: v.datedOn })));
  }

  /**
   * The reimbursement rate's figures over the caller's scope and the region: the active
   * allocations of the year dated on or before `asOf`, and the active payments from them dated on
   * or before `asOf` (later payments are not counted). Sums in numeric: exact to the fen.
   */
  async rateTotals(principal: Principal, year: number, asOf: string, withinPrefix: string): Promise<{ allocated: string; paid: string; allocations: number }> {
    const params: unknown[] = [year, asOf];
    const scope = regionScopeSql('a.region_code', principal, params, { within: withinPrefix });
    const [row] = await this.dataSource.query(
      `SELECT COALESCE(sum(a.amount), 0)::numeric(14,2)::text AS allocated, count(*)::int AS allocations,
              COALESCE(sum((SELECT COALESCE(sum(p.amount), 0) FROM fund_payments p WHERE p.allocation_id = a.id AND p.status = 'ACTIVE' AND p.paid_on <= $2)), 0)::numeric(14,2)::text AS paid
         FROM fund_allocations a
        WHERE a.year = $1 AND a.status = 'ACTIVE' AND a.allocated_on <= $2 AND ${scope}`,
      params,
    );
    return row;
  }

  /** The allocations behind the rate, paged (latest first), each with what was paid from it by `asOf`. */
  async rateAllocations(principal: Principal, year: number, asOf: string, withinPrefix: string, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<RateAllocationRow>> {
    const qb = applyRegionScope(this.dataSource.getRepository(FundAllocationEntity).createQueryBuilder('a'), 'a.region_code', principal);
    applyWithin(qb, 'a.region_code', withinPrefix);
    qb.andWhere("a.year = :year AND a.status = 'ACTIVE' AND a.allocated_on <= :asOf", { year, asOf });
    const page = await paginate(qb, args, { tag: 'allocated', column: 'a.allocated_on', type: 'date', direction: 'DESC', idColumn: 'a.id', key: (a) => [a.allocatedOn, a.id] }, { withTotalCount });
    const ids = page.edges.map((e) => e.node.id);
    const paid = new Map<string, string>();
    if (ids.length) {
      const rows: { id: string; paid: string }[] = await this.dataSource.query(
        `SELECT a.id, COALESCE(sum(p.amount), 0)::numeric(14,2)::text AS paid
           FROM fund_allocations a LEFT JOIN fund_payments p ON p.allocation_id = a.id AND p.status = 'ACTIVE' AND p.paid_on <= $2
          WHERE a.id = ANY($1::uuid[]) GROUP BY a.id`,
        [ids, asOf],
      );
      for (const r of rows) paid.set(r.id, r.paid);
    }
    return { ...page, edges: page.edges.map((e) => ({ ...e, node: { allocation: e.node, paid: paid.get(e.node.id) ?? '0.00' } })) } as unknown as Connection<RateAllocationRow>;
  }

  /**
   * Part 2 of the ledger check (year, caller's scope): fundings whose reimbursements (not
   * rejected) sum above them, reimbursements whose active payments sum above them, the stored
   * `committed` / `paid` that disagree with the records, reimbursements whose lines do not add up
   * to them, payments to households whose roster does not add up to them (reversals carry none),
   * reversals that do not mirror their payment (REVERSAL_MISMATCH), reimbursements
   * PAID without being paid in full, and reimbursements (payments) whose year, level, channel,
   * allocation, document or project differ from their funding's (reimbursement's).
   */
  ledgerViolations(principal: Principal, year: number): Promise<LedgerViolationRow[]> {
    const params: unknown[] = [year];
    const fScope = regionScopeSql('f.region_code', principal, params);
    const rScope = regionScopeSql('r.region_code', principal, params);
    const pScope = regionScopeSql('p.region_code', principal, params);
    const sql = `
      WITH fs AS (
        SELECT f.*,
               (SELECT COALESCE(sum(r.amount), 0) FROM fund_reimbursements r WHERE r.funding_id = f.id AND r.status <> 'REJECTED') AS parts_sum,
               ARRAY(SELECT r.id::text FROM fund_reimbursements r WHERE r.funding_id = f.id AND r.status <> 'REJECTED' ORDER BY r.id) AS parts
          FROM project_fundings f WHERE f.year = $1 AND ${fScope}
      ), rs AS (
        SELECT r.*,
               (SELECT COALESCE(sum(p.amount), 0) FROM fund_payments p WHERE p.reimbursement_id = r.id AND p.status = 'ACTIVE') AS payments_sum,
               (SELECT COALESCE(sum(l.amount), 0) FROM fund_reimbursement_lines l WHERE l.reimbursement_id = r.id) AS lines_sum,
               ARRAY(SELECT p.id::text FROM fund_payments p WHERE p.reimbursement_id = r.id AND p.status = 'ACTIVE' ORDER BY p.id) AS parts,
               ARRAY(SELECT l.id::text FROM fund_reimbursement_lines l WHERE l.reimbursement_id = r.id ORDER BY l.position) AS line_ids
          FROM fund_reimbursements r WHERE r.year = $1 AND ${rScope}
      ), ps AS (
        SELECT p.*,
               (SELECT COALESCE(sum(h.amount), 0) FROM fund_payment_households h WHERE h.payment_id = p.id) AS roster_sum,
               ARRAY(SELECT h.id::text FROM fund_payment_households h WHERE h.payment_id = p.id ORDER BY h.id) AS roster_ids
          FROM fund_payments p WHERE p.year = $1 AND ${pScope}
      )
      SELECT 'OVER_SOURCE' AS kind, 'ProjectFunding' AS "recordType", id AS "recordId", region_code AS "regionCode", amount::text AS amount,
             parts_sum::numeric(14,2)::text AS sum, (parts_sum - amount)::numeric(14,2)::text AS excess, parts AS "recordIds"
        FROM fs WHERE status = 'ACTIVE' AND parts_sum > amount
      UNION ALL
      SELECT 'COMMITTED_DRIFT', 'ProjectFunding', id, region_code, amount::text, parts_sum::numeric(14,2)::text, (committed - parts_sum)::numeric(14,2)::text, parts
        FROM fs WHERE committed <> parts_sum
      UNION ALL
      SELECT 'PARTS_UNDER_CANCELLED', 'ProjectFunding', id, region_code, amount::text, parts_sum::numeric(14,2)::text, parts_sum::numeric(14,2)::text, parts
        FROM fs WHERE status = 'CANCELLED' AND parts_sum > 0
      UNION ALL
      SELECT 'OVER_SOURCE', 'FundReimbursement', id, region_code, amount::text, payments_sum::numeric(14,2)::text, (payments_sum - amount)::numeric(14,2)::text, parts
        FROM rs WHERE payments_sum > amount
      UNION ALL
      SELECT 'COMMITTED_DRIFT', 'FundReimbursement', id, region_code, amount::text, payments_sum::numeric(14,2)::text, (paid - payments_sum)::numeric(14,2)::text, parts
        FROM rs WHERE paid <> payments_sum
      UNION ALL
      SELECT 'LINES_SUM', 'FundReimbursement', id, region_code, amount::text, lines_sum::numeric(14,2)::text, (lines_sum - amount)::numeric(14,2)::text, line_ids
        FROM rs WHERE lines_sum <> amount
      UNION ALL
      SELECT 'PAID_NOT_IN_FULL', 'FundReimbursement', id, region_code, amount::text, payments_sum::numeric(14,2)::text, (payments_sum - amount)::numeric(14,2)::text, parts
        FROM rs WHERE (status = 'PAID') <> (payments_sum = amount AND payments_sum > 0) AND status <> 'REJECTED'
      UNION ALL
      SELECT 'ROSTER_SUM', 'FundPayment', id, region_code, amount::text, roster_sum::numeric(14,2)::text, (roster_sum - amount)::numeric(14,2)::text, roster_ids
        FROM ps WHERE kind = 'HOUSEHOLDS' AND reverses_id IS NULL AND roster_sum <> amount
      UNION ALL
      SELECT 'REVERSAL_MISMATCH', 'FundPayment', x.id, x.region_code, x.amount::text, COALESCE(o.amount, 0)::numeric(14,2)::text, (x.amount + COALESCE(o.amount, 0))::numeric(14,2)::text, ARRAY[x.reverses_id::text]
        FROM ps x LEFT JOIN fund_payments o ON o.id = x.reverses_id
       WHERE x.reverses_id IS NOT NULL
         AND (o.id IS NULL OR o.reverses_id IS NOT NULL OR o.amount <> -x.amount OR o.reimbursement_id <> x.reimbursement_id OR x.paid_on < o.paid_on)
      UNION ALL
      SELECT 'CHANNEL_CHANGED', 'ProjectFunding', f.id, f.region_code, f.amount::text, '0.00', '0.00',
             ARRAY(SELECT r.id::text FROM fund_reimbursements r WHERE r.funding_id = f.id
                      AND (r.year <> f.year OR r.level <> f.level OR r.channel <> f.channel OR r.allocation_id <> f.allocation_id OR r.document_id <> f.document_id OR r.project_id <> f.project_id) ORDER BY r.id)
        FROM fs f
       WHERE EXISTS (SELECT 1 FROM fund_reimbursements r WHERE r.funding_id = f.id
                        AND (r.year <> f.year OR r.level <> f.level OR r.channel <> f.channel OR r.allocation_id <> f.allocation_id OR r.document_id <> f.document_id OR r.project_id <> f.project_id))
      UNION ALL
      SELECT 'CHANNEL_CHANGED', 'FundReimbursement', r.id, r.region_code, r.amount::text, '0.00', '0.00',
             ARRAY(SELECT p.id::text FROM fund_payments p WHERE p.reimbursement_id = r.id
                      AND (p.year <> r.year OR p.allocation_id <> r.allocation_id OR p.document_id <> r.document_id) ORDER BY p.id)
        FROM rs r
       WHERE EXISTS (SELECT 1 FROM fund_payments p WHERE p.reimbursement_id = r.id AND (p.year <> r.year OR p.allocation_id <> r.allocation_id OR p.document_id <> r.document_id))
      ORDER BY 2, 1, 3`;
    return this.dataSource.query(sql, params);
  }

  /** How many reimbursements and payments of the year the check covered, in the caller's scope. */
  async ledgerCounts(principal: Principal, year: number): Promise<{ reimbursements: number; payments: number }> {
    const params: unknown[] = [year];
    const d = regionScopeSql('region_code', principal, params);
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM fund_reimbursements WHERE year = $1 AND ${d}) AS reimbursements,
              (SELECT count(*)::int FROM fund_payments WHERE year = $1 AND ${d}) AS payments`,
      params,
    );
    return row;
  }
}
