import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, regionScopeConditions, regionScopeSql } from '../../src/common/access/region-scope';
import { applyConditions, condition, SqlCondition } from '../../src/common/sql/conditions';
import { afterCursorSql } from '../../src/common/imports/export-page';
import { Principal } from '../../src/common/access/principal';
import { updateWithVersion } from '../../src/common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../../src/common/pagination/connection';
import { KeysetSort, paginate } from '../../src/common/pagination/keyset';
import { CompiledAnswer, CompiledReads, ReadPlan } from '../../src/common/graphql/compiled-read';
import { RawEntityReader, rawEntityReader } from '../../src/common/sql/raw-entities';
import { ReliefPaymentEntity, ReliefStatus } from './relief-payment.entity';
import { ReliefErrors } from './relief.errors';

/** Payments by due date (a cursor carries the date and the id). */
const BY_DUE_DATE: KeysetSort<ReliefPaymentEntity> = { tag: 'due', column: 'p.due_on', type: 'date', idColumn: 'p.id', key: (p) => [p.dueOn, p.id] };

/**
 * The SQL of relief payments. Every read for a caller goes through applyRegionScope on the
 * row's own region_code: the one rule of who sees what (a town officer sees its town's villages,
 * a village officer its village), so no query of the module decides scope by itself.
 */
@Injectable()
export class ReliefRepository {
  /** What the page's cursors read of a payment (its due date and id). */
  private readonly keys: RawEntityReader<ReliefPaymentEntity>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: CompiledReads,
  ) {
    this.keys = rawEntityReader(dataSource, ReliefPaymentEntity, 'p', ['id', 'dueOn']);
  }

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ReliefPaymentEntity).createQueryBuilder('p');
  }

  /** The list's conditions (region scope first), written once for both pages below (src/common/sql/conditions.ts). */
  private conditions(principal: Principal, filter: { householdId?: string }): SqlCondition[] {
    const out = regionScopeConditions('p.region_code', principal);
    if (filter.householdId) out.push(condition`p.household_id = ${filter.householdId}`);
    return out;
  }

  /** A page of the caller's payments, by due date. Keyset pagination: cursors carry the sort and are checked. */
  page(principal: Principal, filter: { householdId?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ReliefPaymentEntity>> {
    const qb = applyConditions(this.query(), this.conditions(principal, filter), 'pf');
    return paginate(qb, args, BY_DUE_DATE, { withTotalCount });
  }

  /**
   * The same page answered by a compiled read (src/common/graphql/compiled-read.ts): the same
   * conditions, the sort keys and each payment's answer in one statement (and the total in a
   * second when asked); null when an answer could not be finished (the resolver then reads the
   * page above).
   */
  compiledPage(principal: Principal, filter: { householdId?: string }, args: ConnectionArgs, plan: ReadPlan, withTotalCount: boolean): Promise<Connection<CompiledAnswer> | null> {
    const where = this.conditions(principal, filter);
    return this.reads.page(plan, { manager: this.dataSource.manager, principal, from: 'relief_payments p', alias: 'p', keys: this.keys, where, sort: BY_DUE_DATE, args, withTotalCount });
  }

  /**
   * A page of the caller's payments for the roster export (kind relief), by household number
   * and year, after the export's cursor: the columns of the import with the encrypted account.
   */
  exportPage(
    principal: Principal,
    regionPrefix: string | undefined,
    after: string | null,
    limit: number,
  ): Promise<{ id: string; householdNumber: string; year: number; amount: string; payeeAccountEnc: string; dueOn: string }[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('p.region_code', principal, params);
    const within = regionPrefix ? ` AND p.region_code LIKE $${params.push(`${regionPrefix}%`)}` : '';
    const keyset = afterCursorSql(after, ['h.household_number', 'p.year', 'p.id::text'], params);
    return this.dataSource.query(
      `SELECT p.id, h.household_number AS "householdNumber", p.year, p.amount::text AS amount, p.payee_account_enc AS "payeeAccountEnc", p.due_on::text AS "dueOn"
         FROM relief_payments p JOIN households h ON h.id = p.household_id
        WHERE ${scope}${within} AND ${keyset}
        ORDER BY h.household_number, p.year, p.id::text
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /** Payments in the caller's scope; `lock` holds the rows until the transaction ends. */
  findInScope(principal: Principal, ids: readonly string[], manager?: EntityManager, lock = false): Promise<ReliefPaymentEntity[]> {
    const qb = applyRegionScope(this.query(manager).where('p.id = ANY(:ids)', { ids: [...ids] }), 'p.region_code', principal);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** A household's payment of a year, locked (an import's update of it), if any. */
  findByHouseholdYear(manager: EntityManager, householdId: string, year: number): Promise<ReliefPaymentEntity[]> {
    return this.query(manager).where('p.household_id = :householdId AND p.year = :year', { householdId, year }).setLock('pessimistic_write').getMany();
  }

  insert(manager: EntityManager, payment: Partial<ReliefPaymentEntity>): Promise<ReliefPaymentEntity> {
    const repo = manager.getRepository(ReliefPaymentEntity);
    return repo.save(repo.create(payment));
  }

  /** Checks the version the caller read: a stale one is the kit's CONFLICT / VERSION_MISMATCH. */
  update(manager: EntityManager, id: string, version: number, patch: Partial<ReliefPaymentEntity>): Promise<ReliefPaymentEntity> {
    return updateWithVersion(manager, ReliefPaymentEntity, { column: 'id', value: id }, version, patch, () => ReliefErrors.paymentNotFound());
  }

  /**
   * PLANNED payments due before `today`, locked and skipped if another transaction holds them
   * (a caller marking one paid wins; the job sees it at its next run).
   */
  lockOverdue(manager: EntityManager, today: string): Promise<ReliefPaymentEntity[]> {
    return this.query(manager)
      .where('p.status = :planned AND p.due_on < :today', { planned: ReliefStatus.PLANNED, today })
      .orderBy('p.due_on')
      .addOrderBy('p.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }
}
