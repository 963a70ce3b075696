import { todayInChina } from '../../src/common/dates/local-date';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import type { CompiledAnswer, ReadPlan } from '../../src/common/graphql/compiled-read';
import { Principal } from '../../src/common/access/principal';
import { Connection, ConnectionArgs } from '../../src/common/pagination/connection';
import { decryptField, encryptField, maskedField } from '../../src/common/protection/protected-field';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { HouseholdsService } from '../../src/households/households.service';
import { RELIEF_PAYMENT_AUDIT } from './relief.audited';
import { RELIEF_PAYEE_ACCOUNT } from './relief.declaration';
import { ReliefErrors } from './relief.errors';
import { ReliefPaymentEntity, ReliefStatus } from './relief-payment.entity';
import { ReliefRepository } from './relief.repository';

/** An amount of a numeric(12,2) column: positive, at most 10 integer digits and 2 decimals (the column's shape, not a rule of money). */
const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;

export interface CreateReliefPayment {
  householdId: string;
  year: number;
  amount: string;
  payeeAccount: string;
  dueOn: string;
}

/**
 * The use cases of relief payments. Each one is one transaction that reads what it checks, writes,
 * and appends its audit row, so the row commits (or not) with the change it records. Access is
 * checked twice: the resolver's @RequirePermission, then the region scope of every read here.
 */
@Injectable()
export class ReliefService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly repo: ReliefRepository,
    // A module reaches another through its exported service, never its tables or repository.
    private readonly households: HouseholdsService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: { householdId?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ReliefPaymentEntity>> {
    return this.repo.page(principal, filter, args, withTotalCount);
  }

  /** `list` answered by a compiled read (with its total when asked); null when an answer could not be finished. */
  listCompiled(principal: Principal, filter: { householdId?: string }, args: ConnectionArgs, plan: ReadPlan, withTotalCount: boolean): Promise<Connection<CompiledAnswer> | null> {
    return this.repo.compiledPage(principal, filter, args, plan, withTotalCount);
  }

  async create(principal: Principal, input: CreateReliefPayment): Promise<ReliefPaymentEntity> {
    if (!AMOUNT.test(input.amount) || /^[0.]+$/.test(input.amount)) throw ReliefErrors.amountInvalid();
    return this.dataSource.transaction(async (m) => {
      // Out of the caller's scope is the same answer as not there: HOUSEHOLD_NOT_FOUND on input.householdId.
      const household = await this.households.getInScope(principal, input.householdId, m, { field: 'input.householdId' });
      const payment = await this.repo.insert(m, {
        householdId: household.id,
        regionCode: household.regionCode,
        year: input.year,
        amount: input.amount,
        dueOn: input.dueOn,
        status: ReliefStatus.PLANNED,
        // The declared field encrypts, normalises and indexes: no cipher call by hand.
        ...(encryptField(this.secrets.cipher, RELIEF_PAYEE_ACCOUNT, input.payeeAccount) as Pick<ReliefPaymentEntity, 'payeeAccountEnc' | 'payeeAccountHash'>),
      });
      // The clear account goes to the audit descriptor, which records it masked.
      await this.audit.change(m, RELIEF_PAYMENT_AUDIT, 'relief.createPayment', null, { ...payment, payeeAccount: this.payeeAccount(payment) });
      return payment;
    });
  }

  async markPaid(principal: Principal, input: { id: string; version: number; paidOn: string }): Promise<ReliefPaymentEntity> {
    if (input.paidOn > todayInChina()) throw ReliefErrors.dateInFuture('input.paidOn');
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!before) throw ReliefErrors.paymentNotFound();
      if (before.status === ReliefStatus.PAID) throw ReliefErrors.notPayable(before.status);
      // A stale version is refused here (CONFLICT, VERSION_MISMATCH), by the kit's one rule.
      const after = await this.repo.update(m, before.id, input.version, { status: ReliefStatus.PAID, paidOn: input.paidOn });
      await this.audit.change(m, RELIEF_PAYMENT_AUDIT, 'relief.markPaid', before, after);
      return after;
    });
  }

  /**
   * The daily job's work (relief-overdue.job.ts): PLANNED payments past their due date become
   * OVERDUE, each recorded as a system fact (no caller: the audit row's actor is `system`).
   */
  async markOverdue(today = todayInChina()): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due = await this.repo.lockOverdue(m, today);
      for (const before of due) {
        const after = await this.repo.update(m, before.id, before.version, { status: ReliefStatus.OVERDUE });
        await this.audit.fact(m, RELIEF_PAYMENT_AUDIT, 'relief.markOverdue', after, { status: { from: before.status, to: after.status }, dueOn: after.dueOn, asOf: today });
      }
      return due.length;
    });
  }

  /** The full account, for a stated reason, with an audit row (revealPersonalData, RELIEF_PAYEE_ACCOUNT). */
  async revealPayeeAccount(principal: Principal, id: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const [payment] = await this.repo.findInScope(principal, [id], m);
      if (!payment) throw ReliefErrors.paymentNotFound('input.id');
      await this.audit.fact(m, RELIEF_PAYMENT_AUDIT, 'personalData.unmask', payment, { field: RELIEF_PAYEE_ACCOUNT.property }, { reason });
      return this.payeeAccount(payment);
    });
  }

  /** How answers show the account: masked by the declared field's mask. */
  maskedPayeeAccount(payment: ReliefPaymentEntity): string | null {
    return maskedField(this.secrets.cipher, RELIEF_PAYEE_ACCOUNT, payment);
  }

  private payeeAccount(payment: ReliefPaymentEntity): string | null {
    return decryptField(this.secrets.cipher, RELIEF_PAYEE_ACCOUNT, payment);
  }
}
