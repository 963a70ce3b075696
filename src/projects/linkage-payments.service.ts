import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { todayInChina, yearOf } from '../common/dates/local-date';
import { fromCents, isStoredAmount, toCents } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { HouseholdEntity } from '../households/household.entity';
import { HouseholdsService } from '../households/households.service';
import { EntitiesErrors } from './implementing-entities.errors';
import { ImplementingEntitiesRepository } from './implementing-entities.repository';
import { LINKAGE_PAYMENT_AUDIT } from './linkage-payment.audited';
import { LinkagePaymentChannel, LinkagePaymentEntity } from './linkage-payment.entity';
import { EntityYearTotals, LinkageIncomeRow, LinkagePaymentsRepository, LinkageYearFigures } from './linkage-payments.repository';
import { LinkageEntity } from './linkage.entity';
import { LinkageErrors } from './linkage.errors';
import { LinkageRepository } from './linkage.repository';
import { ProjectErrors } from './project.errors';

export interface RecordPayment {
  linkageId: string;
  year: number;
  paidOn: string;
  amount: string;
  channel: LinkagePaymentChannel;
  reference?: string | null;
  overAgreementReason?: string | null;
}

/** An entity's year: the totals of its linkages in force, and every payment for the year. */
export interface EntityReconciliation extends EntityYearTotals {
  entityId: string;
  year: number;
  /** Paid for the year to all its linkages (also those not in force that year: payments recorded for a year they do not cover are refused, so equal unless data was changed by hand). */
  paidAll: string;
}

/**
 * Payments under benefit linkages (利益联结支付), append-only with reversals, and the year's
 * accounts of linkages: arrears (欠付) at year end, an entity's reconciliation, and each
 * household's linkage income beside the registry's income. The registry's income is never written
 * here: where the two disagree, a list shows it for the village to correct one or the other.
 */
@Injectable()
export class LinkagePaymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: LinkagePaymentsRepository,
    private readonly linkages: LinkageRepository,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly households: HouseholdsService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: { linkageId?: string; householdId?: string; year?: number; regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<LinkagePaymentEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.page(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<LinkagePaymentEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  /**
   * Records a payment for a year of the linkage. The linkage is locked (sector write scope), so
   * that two payments at once see each other: the year's payments over what is due need the reason.
   */
  async record(principal: Principal, input: RecordPayment): Promise<{ payment: LinkagePaymentEntity; figures: LinkageYearFigures }> {
    if (!isStoredAmount(input.amount, { positive: true })) throw LinkageErrors.invalidAmount('input.amount');
    if (input.paidOn > todayInChina()) throw ProjectErrors.dateInFuture('input.paidOn');
    const overReason = input.overAgreementReason?.trim() || null;
    return this.dataSource.transaction(async (m) => {
      const [linkage] = await this.linkages.findInScope(principal, [input.linkageId], m, true);
      if (!linkage) throw LinkageErrors.notFound('input.linkageId');
      if (input.year < yearOf(linkage.startsOn) || (linkage.endsOn && input.year > yearOf(linkage.endsOn))) {
        throw LinkageErrors.yearOutsideLinkage(input.year, linkage.startsOn, linkage.endsOn);
      }
      if (input.paidOn < linkage.startsOn) throw LinkageErrors.invalidPeriod('input.paidOn', `支付日期不能早于联结开始 ${linkage.startsOn} (paid before the linkage starts)`);
      const before = await this.repo.yearFigures(m, linkage.id, input.year);
      if (toCents(before.paid) + toCents(input.amount) > toCents(before.due) && !overReason) throw LinkageErrors.overAgreement(before.due, before.paid, input.amount);
      const payment = await this.repo.insert(m, {
        linkageId: linkage.id,
        householdId: linkage.householdId,
        year: input.year,
        paidOn: input.paidOn,
        amount: input.amount,
        channel: input.channel,
        reference: input.reference?.trim() || null,
        overAgreementReason: overReason,
        reversesId: null,
        reversalReason: null,
        regionCode: linkage.regionCode,
        sector: linkage.sector,
      });
      await this.audit.change(m, LINKAGE_PAYMENT_AUDIT, 'projects.recordLinkagePayment', null, payment, overReason ? { reason: overReason } : undefined);
      return { payment, figures: { due: before.due, paid: fromCents(toCents(before.paid) + toCents(input.amount)) } };
    });
  }

  /** Reverses a payment (冲销) with the reason: a row of the negative amount, dated today; the payment itself stays. */
  async reverse(principal: Principal, input: { paymentId: string; reason: string }): Promise<{ payment: LinkagePaymentEntity; figures: LinkageYearFigures }> {
    const reason = input.reason.trim();
    return this.dataSource.transaction(async (m) => {
      const [original] = await this.repo.findInScope(principal, [input.paymentId], m, true);
      if (!original) throw LinkageErrors.paymentNotFound();
      if (original.reversesId) throw LinkageErrors.isReversal();
      // Lock the linkage too: the year's figures are read after the reversal.
      await this.linkages.findInScope(principal, [original.linkageId], m, true);
      if (await this.repo.isReversed(m, original.id)) throw LinkageErrors.alreadyReversed();
      let reversal: LinkagePaymentEntity;
      try {
        reversal = await this.repo.insert(m, {
          ...original,
          id: undefined,
          createdAt: undefined,
          paidOn: todayInChina(),
          amount: fromCents(-toCents(original.amount)),
          overAgreementReason: null,
          reversesId: original.id,
          reversalReason: reason,
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw LinkageErrors.alreadyReversed();
        throw e;
      }
      await this.audit.change(m, LINKAGE_PAYMENT_AUDIT, 'projects.reverseLinkagePayment', null, reversal, { reason });
      return { payment: reversal, figures: await this.repo.yearFigures(m, original.linkageId, original.year) };
    });
  }

  arrears(
    principal: Principal,
    filter: { year: number; entityId?: string; projectId?: string; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<LinkageEntity> & { figures: Map<LinkageEntity, LinkageYearFigures> }> {
    const { regionCode, ...rest } = filter;
    return this.repo.arrears(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  /** An entity the caller can read: its linkages' year (due, paid, in arrears) and its payments for the year. */
  async entityReconciliation(principal: Principal, entityId: string, year: number): Promise<EntityReconciliation> {
    const [entity] = await this.entities.findInScope(principal, [entityId]);
    if (!entity) throw EntitiesErrors.entityNotFound('entityId');
    const [totals, paidAll] = await Promise.all([this.repo.entityYear(entity.id, year), this.repo.entityPaidForYear(entity.id, year)]);
    return { entityId: entity.id, year, ...totals, paidAll };
  }

  /** A household in the caller's scope: its linkage income of the year beside the registry's. */
  async householdIncome(principal: Principal, householdId: string, year: number): Promise<{ household: HouseholdEntity; income: LinkageIncomeRow }> {
    const [household] = await this.households.findInScope(principal, [householdId]);
    if (!household) throw ProjectErrors.householdNotFound('householdId');
    return { household, income: await this.repo.householdIncome(household.id, year) };
  }

  async disagreements(
    principal: Principal,
    filter: { year: number; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HouseholdEntity> & { figures: Map<HouseholdEntity, LinkageIncomeRow> }> {
    const withinPrefix = filter.regionCode ? subtreePrefix(filter.regionCode) : undefined;
    return this.repo.disagreements(principal, { year: filter.year, withinPrefix }, args, withTotalCount);
  }
}
