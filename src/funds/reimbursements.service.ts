import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Role, Sector } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { AppError } from '../common/errors/app-error';
import { compareDecimals, fromCents, isStoredAmount, ratioOfAmounts, sumAmounts, toCents } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { decryptField, encryptField, maskedField } from '../common/protection/protected-field';
import { isWithin, subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { SECRETS, Secrets } from '../config/secrets';
import { HouseholdEntity } from '../households/household.entity';
import { HouseholdsService } from '../households/households.service';
import type { IncomeComparisonRow } from '../households/income-comparison';
import { normalizeBankAccount } from '../households/protected-fields';
import { ParametersErrors } from '../parameters/parameters.errors';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { LinkageIncomeComponent } from '../projects/linkage.entity';
import { RegionsService } from '../regions/regions.service';
import { AuditedReimbursement, FUND_PAYMENT_AUDIT, REIMBURSEMENT_AUDIT } from './funds.audited';
import { FUND_PAYEE_ACCOUNT } from './funds.declaration';
import { FundRecordStatus, ProjectFundingEntity } from './funds.entities';
import { FundsErrors } from './funds.errors';
import { FundsRepository, LedgerViolationRow } from './funds.repository';
import { FundPaymentEntity, FundPaymentHouseholdEntity, FundPaymentKind, ReimbursementEntity, ReimbursementStatus } from './reimbursement.entities';
import { PaymentFilter, RateAllocationRow, ReimbursementFilter, ReimbursementsRepository } from './reimbursements.repository';

/** The parameters of reimbursements (RULES.md §8). */
export const FUNDS_VOUCHERS_KEY = 'funds.reimbursement_vouchers';
export const FUNDS_FLOW_KEY = 'funds.reimbursement_flow';
export const FUNDS_NEGATIVE_LIST_KEY = 'funds.negative_list';
export const FUNDS_RATE_MIN_KEY = 'funds.reimbursement_rate_min';

/** A bank account's form once blanks and dashes are gone: digits only, 10 to 30 of them (personal cards 16–19, company accounts up to 30). */
const BANK_ACCOUNT = /^\d{10,30}$/;

/** Which step of funds.reimbursement_flow (its position) a status has reached. */
export const FLOW_STEP: Record<ReimbursementStatus, number | null> = {
  SUBMITTED: 0,
  REVIEWED: 1,
  APPROVED: 2,
  PAID: 4,
  RETURNED: null,
  REJECTED: null,
};

export interface ReimbursementLineInput {
  expenseType: string;
  amount: string;
}

export interface VoucherInput {
  kind: string;
  reference: string;
  datedOn: string;
}

export interface CreateReimbursement {
  fundingId: string;
  appliedOn: string;
  amount: string;
  lines: ReimbursementLineInput[];
  vouchers: VoucherInput[];
}

export interface CorrectReimbursement {
  id: string;
  version: number;
  appliedOn?: string | null;
  amount: string;
  lines: ReimbursementLineInput[];
  vouchers: VoucherInput[];
}

export interface Decision {
  id: string;
  version: number;
  decidedOn: string;
}

export interface ReasonedDecision extends Decision {
  reason: string;
}

/** A roster line: the household, its amount and the registry income component it feeds (none: not income). */
export interface RosterLine {
  householdId: string;
  amount: string;
  incomeComponent?: LinkageIncomeComponent | null;
}

export interface CreatePayment {
  reimbursementId: string;
  paidOn: string;
  amount: string;
  reference?: string | null;
  account?: { payeeName: string; bankAccount: string } | null;
  households?: RosterLine[] | null;
}

export interface ReversePayment {
  paymentId: string;
  reversedOn: string;
  reason: string;
}

export interface ReimbursementResult {
  reimbursement: ReimbursementEntity;
  parametersUsed: ParameterValue[];
}

export interface PaymentResult {
  payment: FundPaymentEntity;
  reimbursement: ReimbursementEntity;
}

export interface ReimbursementRate {
  year: number;
  asOf: string;
  regionCode: string;
  allocated: string;
  paid: string;
  allocations: number;
  ratio: string | null;
  target: ParameterValue;
  meetsTarget: boolean | null;
}

/**
 * Reimbursements (报账) and payments (支付), each use case one transaction. The flow is
 * funds.reimbursement_flow: the applicant (district, town or village officer) submits; the poverty
 * office (a district officer) reviews; finance (a sector officer of FINANCE) approves and pays.
 * A new reimbursement locks its funding first, a decision or payment its reimbursement: writes
 * under one source queue, and the triggers' CHECKs refuse any overspend all the same.
 */
@Injectable()
export class ReimbursementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly repo: ReimbursementsRepository,
    private readonly funds: FundsRepository,
    private readonly parameters: ParametersService,
    private readonly regions: RegionsService,
    private readonly households: HouseholdsService,
    private readonly audit: AuditService,
  ) {}

  // ---- reads ---------------------------------------------------------------------------------

  listReimbursements(principal: Principal, filter: ReimbursementFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ReimbursementEntity>> {
    return this.repo.pageReimbursements(principal, filter, args, withTotalCount);
  }

  async reimbursement(principal: Principal, id: string): Promise<ReimbursementEntity | null> {
    return (await this.repo.findReimbursements(principal, [id]))[0] ?? null;
  }

  listPayments(principal: Principal, filter: PaymentFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FundPaymentEntity>> {
    return this.repo.pagePayments(principal, filter, args, withTotalCount);
  }

  lines(ids: readonly string[]) {
    return this.repo.lines(ids);
  }

  vouchers(ids: readonly string[]) {
    return this.repo.vouchers(ids);
  }

  roster(paymentIds: readonly string[]): Promise<FundPaymentHouseholdEntity[]> {
    return this.repo.roster(paymentIds);
  }

  /** How answers show a payment's account: masked by the declared field's mask. */
  maskedAccount(p: FundPaymentEntity): string | null {
    return maskedField(this.secrets.cipher, FUND_PAYEE_ACCOUNT, p);
  }

  /** The full account of a payment, for a stated reason, with an audit row (revealPersonalData, FUND_PAYEE_ACCOUNT). */
  async revealAccount(principal: Principal, id: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const [p] = await this.repo.findPayments(principal, [id], m);
      if (!p) throw new AppError('NOT_FOUND', '支付记录不存在 (payment not found)', { field: 'id' });
      await this.audit.fact(m, FUND_PAYMENT_AUDIT, 'personalData.unmask', p, { field: FUND_PAYEE_ACCOUNT.property }, { reason });
      return decryptField(this.secrets.cipher, FUND_PAYEE_ACCOUNT, p);
    });
  }

  // ---- the application -----------------------------------------------------------------------

  async create(principal: Principal, input: CreateReimbursement): Promise<ReimbursementResult> {
    this.checkClaim(input);
    return this.dataSource.transaction(async (m) => {
      const [funding] = await this.funds.findFundings(principal, [input.fundingId], m, true);
      if (!funding) throw FundsErrors.fundingNotFound('input.fundingId');
      if (funding.status !== FundRecordStatus.ACTIVE) throw FundsErrors.sourceCancelled('input.fundingId');
      if (input.appliedOn < funding.fundedOn) throw FundsErrors.dateBeforeSource('input.appliedOn', funding.fundedOn);
      const used = await this.checkAgainstParameters(m, input, input.appliedOn, funding.regionCode);
      this.requireAvailable(funding, input.amount);
      const r = await m.getRepository(ReimbursementEntity).save(
        m.getRepository(ReimbursementEntity).create({
          fundingId: funding.id,
          allocationId: funding.allocationId,
          documentId: funding.documentId,
          projectId: funding.projectId,
          regionCode: funding.regionCode,
          year: funding.year,
          level: funding.level,
          channel: funding.channel,
          appliedOn: input.appliedOn,
          amount: input.amount,
        }),
      );
      await this.repo.writeParts(m, r.id, this.cleanLines(input.lines), this.cleanVouchers(input.vouchers));
      const stored = await this.funds.reread(m, ReimbursementEntity, r.id);
      await this.audit.change(m, REIMBURSEMENT_AUDIT, 'funds.createReimbursement', null, this.audited(stored, input));
      return { reimbursement: stored, parametersUsed: used };
    });
  }

  /** A RETURNED reimbursement corrected by its applicant and submitted again (lines and vouchers replaced). */
  async correct(principal: Principal, input: CorrectReimbursement): Promise<ReimbursementResult> {
    this.checkClaim({ ...input, appliedOn: input.appliedOn ?? todayInChina() });
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findReimbursements(principal, [input.id], m, true);
      if (!before) throw FundsErrors.reimbursementNotFound();
      if (before.status !== ReimbursementStatus.RETURNED) throw FundsErrors.stepOutOfOrder(before.status, [ReimbursementStatus.RETURNED]);
      const funding = (await this.funds.lockById(m, ProjectFundingEntity, before.fundingId))!;
      const appliedOn = input.appliedOn ?? before.appliedOn;
      if (appliedOn < funding.fundedOn) throw FundsErrors.dateBeforeSource('input.appliedOn', funding.fundedOn);
      const used = await this.checkAgainstParameters(m, input, appliedOn, before.regionCode);
      // The funding's committed holds this reimbursement's old amount: only an increase must fit.
      if (toCents(input.amount) > toCents(before.amount)) this.requireAvailable(funding, fromCents(toCents(input.amount) - toCents(before.amount)));
      const beforeParts = await this.partsOf(m, before);
      await this.funds.update(m, ReimbursementEntity, before.id, input.version, { amount: input.amount, appliedOn, status: ReimbursementStatus.SUBMITTED, reviewedOn: null, approvedOn: null }, () =>
        FundsErrors.reimbursementNotFound(),
      );
      await this.repo.writeParts(m, before.id, this.cleanLines(input.lines), this.cleanVouchers(input.vouchers));
      const after = await this.funds.reread(m, ReimbursementEntity, before.id);
      await this.audit.change(m, REIMBURSEMENT_AUDIT, 'funds.correctReimbursement', beforeParts, this.audited(after, input));
      return { reimbursement: after, parametersUsed: used };
    });
  }

  // ---- the flow's decisions ------------------------------------------------------------------

  /** 扶贫部门审核: the poverty office passes a SUBMITTED reimbursement. */
  review(principal: Principal, input: Decision): Promise<ReimbursementEntity> {
    return this.decide(principal, input, [ReimbursementStatus.SUBMITTED], 'funds.reviewReimbursement', (r) => {
      if (input.decidedOn < r.appliedOn) throw FundsErrors.dateBeforeSource('input.decidedOn', r.appliedOn);
      return { status: ReimbursementStatus.REVIEWED, reviewedOn: input.decidedOn };
    });
  }

  /** 财政审批: finance approves a REVIEWED reimbursement. */
  approve(principal: Principal, input: Decision): Promise<ReimbursementEntity> {
    return this.decide(principal, input, [ReimbursementStatus.REVIEWED], 'funds.approveReimbursement', (r) => {
      if (input.decidedOn < r.reviewedOn!) throw FundsErrors.dateBeforeSource('input.decidedOn', r.reviewedOn!);
      return { status: ReimbursementStatus.APPROVED, approvedOn: input.decidedOn };
    });
  }

  /** Back to the applicant for correction, with the reason: the poverty office at SUBMITTED, finance at REVIEWED. */
  returnToApplicant(principal: Principal, input: ReasonedDecision): Promise<ReimbursementEntity> {
    const reason = this.reasonOf(input.reason);
    return this.decide(principal, input, [ReimbursementStatus.SUBMITTED, ReimbursementStatus.REVIEWED], 'funds.returnReimbursement', () => ({ status: ReimbursementStatus.RETURNED, returnReason: reason }), reason);
  }

  /** Rejected for good, with the reason (it stops counting against the funding): as returnToApplicant. */
  reject(principal: Principal, input: ReasonedDecision): Promise<ReimbursementEntity> {
    const reason = this.reasonOf(input.reason);
    return this.decide(principal, input, [ReimbursementStatus.SUBMITTED, ReimbursementStatus.REVIEWED], 'funds.rejectReimbursement', () => ({ status: ReimbursementStatus.REJECTED, rejectReason: reason }), reason);
  }

  private async decide(
    principal: Principal,
    input: Decision,
    from: ReimbursementStatus[],
    action: NonNullable<typeof REIMBURSEMENT_AUDIT.actions>[number],
    patch: (r: ReimbursementEntity) => Partial<ReimbursementEntity>,
    reason?: string,
  ): Promise<ReimbursementEntity> {
    this.checkDate(input.decidedOn, 'input.decidedOn');
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findReimbursements(principal, [input.id], m, true);
      // Outside the sector write scope answers as missing, before anything about the record shows.
      if (!before || (principal.roles.includes(Role.SECTOR_OFFICER) && !this.isFinance(principal, before.regionCode))) throw FundsErrors.reimbursementNotFound();
      if (!from.includes(before.status)) throw FundsErrors.stepOutOfOrder(before.status, from);
      this.requireStepHolder(principal, before);
      await this.funds.update(m, ReimbursementEntity, before.id, input.version, patch(before), () => FundsErrors.reimbursementNotFound());
      const after = await this.funds.reread(m, ReimbursementEntity, before.id);
      await this.audit.change(m, REIMBURSEMENT_AUDIT, action, before, after, reason ? { reason } : undefined);
      return after;
    });
  }

  /**
   * Whose step it is: SUBMITTED is the poverty office's (a district officer over the record),
   * REVIEWED and APPROVED are finance's (a sector officer of FINANCE over it). A sector officer of
   * another sector is outside the kit's sector write scope: answered as missing, as part 1 does;
   * the other office is FUND_NOT_YOUR_STEP.
   */
  private requireStepHolder(principal: Principal, r: ReimbursementEntity): void {
    if (principal.roles.includes(Role.SECTOR_OFFICER) && !this.isFinance(principal, r.regionCode)) throw FundsErrors.reimbursementNotFound();
    if (r.status === ReimbursementStatus.SUBMITTED) {
      if (!principal.roles.includes(Role.DISTRICT_OFFICER)) throw FundsErrors.notYourStep(r.status, '扶贫部门 (the poverty office)');
    } else if (!this.isFinance(principal, r.regionCode)) {
      throw FundsErrors.notYourStep(r.status, '财政部门 (finance)');
    }
  }

  private isFinance(principal: ScopeHolder, regionCode: string): boolean {
    return (principal.roles ?? []).includes(Role.SECTOR_OFFICER) && inRegionScope(principal, regionCode, { sector: { value: Sector.FINANCE, access: 'write' } });
  }

  // ---- payments ------------------------------------------------------------------------------

  async pay(principal: Principal, input: CreatePayment): Promise<PaymentResult> {
    return this.dataSource.transaction((m) => this.payIn(m, principal, input));
  }

  /**
   * The create path of a payment in the caller's transaction, for createFundPayment and the payment
   * roster import (kind `fund-payment-rosters`, whose scope holder is the uploader's as at upload):
   * every check, the payment, its roster, its audit row and the 已报账 mark.
   */
  async payIn(m: EntityManager, principal: ScopeHolder, input: CreatePayment): Promise<PaymentResult> {
    if (!isStoredAmount(input.amount, { positive: true })) throw FundsErrors.invalidAmount();
    this.checkDate(input.paidOn, 'input.paidOn');
    const plan = this.checkPaymentShape(input);
    const [before] = await this.repo.findReimbursements(principal, [input.reimbursementId], m, true);
    if (!before || !this.isFinance(principal, before.regionCode)) throw FundsErrors.reimbursementNotFound('input.reimbursementId');
    if (before.status !== ReimbursementStatus.APPROVED) throw FundsErrors.stepOutOfOrder(before.status, [ReimbursementStatus.APPROVED]);
    if (input.paidOn < before.approvedOn!) throw FundsErrors.dateBeforeSource('input.paidOn', before.approvedOn!);
    const left = toCents(before.amount) - toCents(before.paid);
    if (toCents(input.amount) > left) {
      throw FundsErrors.overSource('input.amount', { id: before.id, amount: before.amount, committed: before.paid, available: fromCents(left) }, input.amount);
    }
    if (plan.kind === FundPaymentKind.HOUSEHOLDS) {
      const ids = plan.households.map((h) => h.householdId);
      const found = new Map((await this.households.findInScope(principal, ids, m)).map((h) => [h.id, h]));
      plan.households.forEach((h, i) => {
        const hh = found.get(h.householdId);
        if (!hh) throw FundsErrors.householdNotFound(`input.households[${i}].householdId`);
        if (!isWithin(hh.regionCode, subtreePrefix(before.regionCode))) throw FundsErrors.regionOutsideSource(`input.households[${i}].householdId`, before.regionCode);
      });
    }
    const account = plan.kind === FundPaymentKind.ACCOUNT ? encryptField(this.secrets.cipher, FUND_PAYEE_ACCOUNT, plan.bankAccount, { normalized: true }) : {};
    const repo = m.getRepository(FundPaymentEntity);
    const p = await repo.save(
      repo.create({
        reimbursementId: before.id,
        allocationId: before.allocationId,
        documentId: before.documentId,
        regionCode: before.regionCode,
        year: before.year,
        paidOn: input.paidOn,
        amount: input.amount,
        kind: plan.kind,
        payeeName: plan.kind === FundPaymentKind.ACCOUNT ? plan.payeeName : null,
        reference: input.reference?.trim() || null,
        ...account,
      }),
    );
    if (plan.kind === FundPaymentKind.HOUSEHOLDS) {
      await m.getRepository(FundPaymentHouseholdEntity).insert(plan.households.map((h) => ({ paymentId: p.id, householdId: h.householdId, amount: h.amount, incomeComponent: h.incomeComponent ?? null })));
    }
    const payment = await this.funds.reread(m, FundPaymentEntity, p.id);
    await this.audit.change(m, FUND_PAYMENT_AUDIT, 'funds.createPayment', null, {
      ...payment,
      bankAccount: plan.kind === FundPaymentKind.ACCOUNT ? plan.bankAccount : null,
      households: plan.kind === FundPaymentKind.HOUSEHOLDS ? plan.households : undefined,
    });
    let reimbursement = await this.funds.reread(m, ReimbursementEntity, before.id);
    // Paid in full: 盖"已报账", the reimbursement is PAID with the date of this payment.
    if (toCents(reimbursement.paid) === toCents(reimbursement.amount)) {
      await this.funds.update(m, ReimbursementEntity, before.id, reimbursement.version, { status: ReimbursementStatus.PAID, reimbursedOn: input.paidOn }, () => FundsErrors.reimbursementNotFound());
      const after = await this.funds.reread(m, ReimbursementEntity, before.id);
      await this.audit.change(m, REIMBURSEMENT_AUDIT, 'funds.markReimbursed', reimbursement, after);
      reimbursement = after;
    }
    return { payment, reimbursement };
  }

  /**
   * Reverses a payment (冲销), finance's as paying: a row of the negative amount naming the payment,
   * dated `reversedOn`, with the reason; the payment itself is never changed (the table is
   * append-only). The trigger takes the reversal off the reimbursement's `paid`; a PAID
   * reimbursement no longer paid in full goes back to APPROVED (its 已报账 mark withdrawn, audited),
   * so what is left can be paid again. The reimbursement is locked first, as a payment does: a
   * reversal and a payment of one reimbursement queue, two reversals of one payment too (the
   * unique reverses_id is the backstop).
   */
  async reversePayment(principal: Principal, input: ReversePayment): Promise<PaymentResult> {
    const reason = this.reasonOf(input.reason);
    this.checkDate(input.reversedOn, 'input.reversedOn');
    return this.dataSource.transaction(async (m) => {
      const [original] = await this.repo.findPayments(principal, [input.paymentId], m);
      // Outside finance's write scope answers as missing.
      if (!original || !this.isFinance(principal, original.regionCode)) throw FundsErrors.paymentNotFound();
      if (original.reversesId) throw FundsErrors.paymentIsReversal();
      const [before] = await this.repo.findReimbursements(principal, [original.reimbursementId], m, true);
      if (!before) throw FundsErrors.paymentNotFound();
      const reversed = await this.repo.reversalOf(m, original.id);
      if (reversed) throw FundsErrors.paymentAlreadyReversed(reversed);
      if (input.reversedOn < original.paidOn) throw FundsErrors.dateBeforeSource('input.reversedOn', original.paidOn);
      const repo = m.getRepository(FundPaymentEntity);
      let saved: FundPaymentEntity;
      try {
        saved = await repo.save(
          repo.create({
            reimbursementId: original.reimbursementId,
            allocationId: original.allocationId,
            documentId: original.documentId,
            regionCode: original.regionCode,
            year: original.year,
            paidOn: input.reversedOn,
            amount: fromCents(-toCents(original.amount)),
            kind: original.kind,
            payeeName: original.payeeName,
            bankAccountEnc: original.bankAccountEnc,
            bankAccountHash: original.bankAccountHash,
            reference: original.reference,
            reversesId: original.id,
            reversalReason: reason,
          }),
        );
      } catch (e) {
        if (isUniqueViolation(e)) throw FundsErrors.paymentAlreadyReversed(null);
        throw e;
      }
      const payment = await this.funds.reread(m, FundPaymentEntity, saved.id);
      await this.audit.change(m, FUND_PAYMENT_AUDIT, 'funds.reversePayment', null, payment, { reason });
      let reimbursement = await this.funds.reread(m, ReimbursementEntity, before.id);
      if (reimbursement.status === ReimbursementStatus.PAID && toCents(reimbursement.paid) < toCents(reimbursement.amount)) {
        await this.funds.update(m, ReimbursementEntity, before.id, reimbursement.version, { status: ReimbursementStatus.APPROVED, reimbursedOn: null }, () => FundsErrors.reimbursementNotFound());
        const after = await this.funds.reread(m, ReimbursementEntity, before.id);
        await this.audit.change(m, REIMBURSEMENT_AUDIT, 'funds.unmarkReimbursed', reimbursement, after, { reason });
        reimbursement = after;
      }
      return { payment, reimbursement };
    });
  }

  // ---- payments to households feeding household income --------------------------------------

  /** A household in the caller's scope: what fund rosters paid it in the year by income component, beside the registry's income. */
  async householdIncome(principal: Principal, householdId: string, year: number): Promise<{ household: HouseholdEntity; income: IncomeComparisonRow }> {
    const [household] = await this.households.findInScope(principal, [householdId]);
    if (!household) throw FundsErrors.householdNotFound('householdId');
    return { household, income: await this.repo.householdIncome(household.id, year) };
  }

  incomeDisagreements(
    principal: Principal,
    filter: { year: number; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HouseholdEntity> & { figures: Map<HouseholdEntity, IncomeComparisonRow> }> {
    const withinPrefix = filter.regionCode ? subtreePrefix(filter.regionCode) : undefined;
    return this.repo.incomeDisagreements(principal, { year: filter.year, withinPrefix }, args, withTotalCount);
  }

  // ---- the reimbursement rate and the ledger check -------------------------------------------

  /**
   * 报账率 of a year as of a date over a region: paid ÷ allocated (formula unverified, RULES.md
   * §8), with the target funds.reimbursement_rate_min as of 31 December of the year.
   */
  async rate(principal: Principal, year: number, asOf: string, regionCode: string): Promise<ReimbursementRate> {
    this.checkRateArgs(principal, asOf, regionCode);
    const totals = await this.repo.rateTotals(principal, year, asOf, subtreePrefix(regionCode));
    const target = await this.parameters.valueAt(FUNDS_RATE_MIN_KEY, `${year}-12-31`, regionCode);
    const ratio = ratioOfAmounts(totals.paid, totals.allocated);
    const meetsTarget = target.configured && ratio !== null ? compareDecimals(ratio, String(target.value)) >= 0 : null;
    return { year, asOf, regionCode, ...totals, ratio, target, meetsTarget };
  }

  rateAllocations(principal: Principal, year: number, asOf: string, regionCode: string, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<RateAllocationRow>> {
    this.checkRateArgs(principal, asOf, regionCode);
    return this.repo.rateAllocations(principal, year, asOf, subtreePrefix(regionCode), args, withTotalCount);
  }

  private checkRateArgs(principal: Principal, asOf: string, regionCode: string): void {
    if (!isLocalDate(asOf)) throw FundsErrors.invalidDate('asOf');
    if (!inRegionScope(principal, regionCode)) throw FundsErrors.outOfScope('regionCode');
  }

  async ledgerCheck(principal: Principal, year: number): Promise<{ reimbursements: number; payments: number; violations: LedgerViolationRow[] }> {
    const [violations, counts] = await Promise.all([this.repo.ledgerViolations(principal, year), this.repo.ledgerCounts(principal, year)]);
    return { ...counts, violations };
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The input's own checks: amount, date, lines (each, and their sum), vouchers' fields. */
  private checkClaim(input: { appliedOn: string; amount: string; lines: ReimbursementLineInput[]; vouchers: VoucherInput[] }): void {
    if (!isStoredAmount(input.amount, { positive: true })) throw FundsErrors.invalidAmount();
    this.checkDate(input.appliedOn, 'input.appliedOn');
    if (!input.lines.length) throw FundsErrors.noLines();
    input.lines.forEach((l, i) => {
      if (!l.expenseType.trim()) throw FundsErrors.reasonRequired(`input.lines[${i}].expenseType`);
      if (!isStoredAmount(l.amount, { positive: true })) throw FundsErrors.invalidAmount(`input.lines[${i}].amount`);
    });
    const sum = sumAmounts(input.lines.map((l) => l.amount));
    if (toCents(sum) !== toCents(input.amount)) throw FundsErrors.linesSum(sum, fromCents(toCents(input.amount)));
    input.vouchers.forEach((v, i) => {
      if (!v.reference.trim()) throw FundsErrors.reasonRequired(`input.vouchers[${i}].reference`);
      this.checkDate(v.datedOn, `input.vouchers[${i}].datedOn`);
    });
  }

  /**
   * The checks against the parameters as of the application's date in the project's region:
   * every voucher's kind listed and every listed kind present (funds.reimbursement_vouchers), no
   * line of a type on funds.negative_list (unverified: its status travels with the refusal and
   * the answer's parametersUsed), and the flow in force (funds.reimbursement_flow).
   */
  private async checkAgainstParameters(m: EntityManager, input: { lines: ReimbursementLineInput[]; vouchers: VoucherInput[] }, asOf: string, regionCode: string): Promise<ParameterValue[]> {
    const [vouchers, negative, flow] = await this.parameters.valuesAt([FUNDS_VOUCHERS_KEY, FUNDS_NEGATIVE_LIST_KEY, FUNDS_FLOW_KEY], asOf, regionCode, m);
    const notConfigured = [
      [vouchers, 'input.vouchers'],
      [negative, 'input.lines'],
      [flow, 'input.appliedOn'],
    ].filter(([v]) => !(v as ParameterValue).configured || !Array.isArray((v as ParameterValue).value)) as [ParameterValue, string][];
    if (notConfigured.length) throw ParametersErrors.notConfigured(notConfigured[0][0].key, asOf, regionCode, notConfigured[0][1]);
    const badge = (v: ParameterValue) => ({ key: v.key, source: v.source, status: v.status });
    const listed = negative.value as string[];
    const problems: AppError[] = [];
    input.lines.forEach((l, i) => {
      if (listed.includes(l.expenseType.trim())) problems.push(FundsErrors.negativeList(`input.lines[${i}].expenseType`, l.expenseType.trim(), badge(negative)));
    });
    const kinds = vouchers.value as string[];
    input.vouchers.forEach((v, i) => {
      if (!kinds.includes(v.kind)) problems.push(ParametersErrors.codeNotListed(vouchers.key, v.kind, kinds, `input.vouchers[${i}].kind`));
    });
    const given = new Set(input.vouchers.map((v) => v.kind));
    const missing = kinds.filter((k) => !given.has(k));
    if (missing.length) problems.push(FundsErrors.vouchersMissing(missing, badge(vouchers)));
    if (problems.length === 1) throw problems[0];
    if (problems.length) throw AppError.badInput(problems.flatMap((e) => e.problems ?? []));
    return [vouchers, negative, flow];
  }

  private checkPaymentShape(input: CreatePayment):
    | { kind: FundPaymentKind.ACCOUNT; payeeName: string; bankAccount: string }
    | { kind: FundPaymentKind.HOUSEHOLDS; households: RosterLine[] } {
    const hasAccount = input.account != null;
    const hasRoster = input.households != null && input.households.length > 0;
    if (hasAccount === hasRoster) throw FundsErrors.paymentFields('input.account', '请填写收款账户或农户花名册之一 (either an account or a household roster)');
    if (input.account) {
      const payeeName = input.account.payeeName.trim();
      if (!payeeName) throw FundsErrors.reasonRequired('input.account.payeeName');
      const bankAccount = normalizeBankAccount(input.account.bankAccount);
      if (!bankAccount || !BANK_ACCOUNT.test(bankAccount)) throw FundsErrors.bankAccount();
      return { kind: FundPaymentKind.ACCOUNT, payeeName, bankAccount };
    }
    const households = input.households!;
    const seen = new Set<string>();
    households.forEach((h, i) => {
      if (!isStoredAmount(h.amount, { positive: true })) throw FundsErrors.invalidAmount(`input.households[${i}].amount`);
      if (seen.has(h.householdId)) throw FundsErrors.rosterDuplicate(`input.households[${i}].householdId`);
      seen.add(h.householdId);
    });
    const sum = sumAmounts(households.map((h) => h.amount));
    if (toCents(sum) !== toCents(input.amount)) throw FundsErrors.rosterSum(sum, fromCents(toCents(input.amount)));
    return { kind: FundPaymentKind.HOUSEHOLDS, households };
  }

  private requireAvailable(funding: ProjectFundingEntity, amount: string): void {
    const available = fromCents(toCents(funding.amount) - toCents(funding.committed));
    if (toCents(amount) > toCents(available)) throw FundsErrors.overSource('input.amount', { id: funding.id, amount: funding.amount, committed: funding.committed, available }, amount);
  }

  private cleanLines(lines: ReimbursementLineInput[]) {
    return lines.map((l) => ({ expenseType: l.expenseType.trim(), amount: l.amount }));
  }

  private cleanVouchers(vouchers: VoucherInput[]) {
    return vouchers.map((v) => ({ kind: v.kind, reference: v.reference.trim(), datedOn: v.datedOn }));
  }

  private audited(r: ReimbursementEntity, input: { lines: ReimbursementLineInput[]; vouchers: VoucherInput[] }): AuditedReimbursement {
    return { ...r, lines: this.cleanLines(input.lines), vouchers: this.cleanVouchers(input.vouchers) };
  }

  private async partsOf(m: EntityManager, r: ReimbursementEntity): Promise<AuditedReimbursement> {
    const lines = await this.repo.lines([r.id], m);
    const vouchers = await this.repo.vouchers([r.id], m);
    return { ...r, lines: lines.map((l) => ({ expenseType: l.expenseType, amount: l.amount })), vouchers: vouchers.map((v) => ({ kind: v.kind, reference: v.reference, datedOn: v.datedOn })) };
  }

  private checkDate(date: string, field: string): void {
    if (!isLocalDate(date)) throw FundsErrors.invalidDate(field);
    if (date > todayInChina()) throw FundsErrors.dateInFuture(field);
  }

  private reasonOf(reason: string): string {
    const r = reason.trim();
    if (!r) throw FundsErrors.reasonRequired();
    return r;
  }
}
