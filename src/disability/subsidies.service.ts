import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { CommonReason } from '../common/errors/reasons';
import { AppError } from '../common/errors/app-error';
import { changesOf, memberDuring } from '../common/kit/records';
import { compareAmounts, fromCents, isStoredAmount, toCents } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { MemberEntity } from '../households/member.entity';
import { MembersRepository } from '../households/members.repository';
import { MembersService } from '../households/members.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { DISABILITY_SUBSIDY_PAYMENT_AUDIT } from './disability.audited';
import { DISABILITY_SECTOR } from './disability.declaration';
import { DisabilityCertificateEntity, DisabilityPaymentChannel, DisabilitySubsidyKind, DisabilitySubsidyPaymentEntity } from './disability.entities';
import { DisabilityErrors } from './disability.errors';
import { DisabilityRepository, eligibilityParams, eligibleSql, PaymentFilter, SubsidyRules } from './disability.repository';
import { amountKeyOf, LIVING_RULE_KEY, livingScopeOf, MONTH, monthBounds, monthOf, NURSING_EXTENSION_KEY, NURSING_RULE_KEY, nursingRuleOf } from './disability-rules';

export interface PaymentTerms {
  kind: DisabilitySubsidyKind;
  /** YYYY-MM */
  month: string;
  /** Omitted: the month's standard amount. */
  amount?: string | null;
  paidOn: string;
  channel: DisabilityPaymentChannel;
}

/** A payment's terms as checked: what is written. */
export type CheckedPaymentTerms = Pick<DisabilitySubsidyPaymentEntity, 'kind' | 'month' | 'amount' | 'paidOn' | 'channel' | 'certificateId'>;

/** The row checkCreate answers for insertChecked. */
export type NewPaymentRow = CheckedPaymentTerms & Pick<DisabilitySubsidyPaymentEntity, 'memberId' | 'householdId' | 'regionCode' | 'sector'>;

export interface WrittenPayment {
  payment: DisabilitySubsidyPaymentEntity;
  /** The month's standard amount for the member's certificate (the amount parameter in force). */
  standardAmount: string | null;
  parametersUsed: ParameterValue[];
}

/** An eligible member without a payment of the subsidy in the month, with the certificates valid in it. */
export interface EligibleWithoutSubsidyRow {
  member: MemberEntity;
  kind: DisabilitySubsidyKind;
  month: string;
  certificates: DisabilityCertificateEntity[];
}

/** Why a payment's member was not eligible in the month. */
export enum IneligibilityReason {
  NO_VALID_CERTIFICATE = 'NO_VALID_CERTIFICATE',
  NOT_ON_DIBAO = 'NOT_ON_DIBAO',
  GRADE_NOT_COVERED = 'GRADE_NOT_COVERED',
  NO_LONG_TERM_CARE_NEED = 'NO_LONG_TERM_CARE_NEED',
}

/** A payment whose member was not eligible for its kind in its month, with the reasons. */
export interface PaidWithoutEligibilityRow {
  payment: DisabilitySubsidyPaymentEntity;
  reasons: IneligibilityReason[];
}

/**
 * 两项补贴: the monthly payments of the living subsidy (困难残疾人生活补贴) and the nursing subsidy
 * (重度残疾人护理补贴), and who is eligible. A payment needs the member in the household during the month and a
 * certificate valid in it (refused otherwise); its amount comes from the amount parameter in force on the month's first
 * day in the member's village (not configured: PARAMETER_NOT_CONFIGURED; a lower amount may be
 * given, never a higher one); once per member, kind and month. Eligibility (the coverage lists) is
 * read from the rule parameters: disability.living_subsidy_eligible (the holder, or the family, on
 * 低保 by the registry's 享受低保), disability.nursing_subsidy_eligible (grades covered, long-term care
 * need) and the module's disability.nursing_extension_grades_3_4 switch.
 */
@Injectable()
export class SubsidiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: DisabilityRepository,
    private readonly members: MembersService,
    private readonly membersRepo: MembersRepository,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: Omit<PaymentFilter, 'withinPrefix' | 'month'> & { month?: string; regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<DisabilitySubsidyPaymentEntity>> {
    const { regionCode, month, ...rest } = filter;
    return this.repo.paymentPage(principal, { ...rest, month: month === undefined ? undefined : monthBounds(checkMonth(month, 'month')).start, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<DisabilitySubsidyPaymentEntity[]> {
    return this.repo.findPaymentsInScope(principal, ids);
  }

  async create(principal: Principal, input: PaymentTerms & { memberId: string }): Promise<WrittenPayment> {
    return this.unique(input.month, () =>
      this.dataSource.transaction(async (m) => {
        const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
        const { row, standardAmount, parametersUsed } = await this.checkCreate(principal, m, member, input);
        return { payment: await this.insertChecked(m, row), standardAmount, parametersUsed };
      }),
    );
  }

  /** The checks of a new payment to a member found (and locked) in `scope`: the write scope, the terms. Writes nothing. */
  async checkCreate(scope: ScopeHolder, m: EntityManager, member: MemberEntity, input: PaymentTerms): Promise<{ row: NewPaymentRow; standardAmount: string; parametersUsed: ParameterValue[] }> {
    if (!inRegionScope(scope, member.regionCode, { sector: { value: DISABILITY_SECTOR, access: 'write' } })) throw DisabilityErrors.outOfScope('input.memberId');
    const { terms, standardAmount, parametersUsed } = await this.checkTerms(m, member, input, 'input.memberId');
    return { row: { ...terms, memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: DISABILITY_SECTOR }, standardAmount, parametersUsed };
  }

  /** Writes a payment checked by checkCreate, with its audit row. */
  async insertChecked(m: EntityManager, row: NewPaymentRow): Promise<DisabilitySubsidyPaymentEntity> {
    const payment = await this.repo.insertPayment(m, row);
    await this.audit.change(m, DISABILITY_SUBSIDY_PAYMENT_AUDIT, 'disability.createSubsidyPayment', null, payment);
    return payment;
  }

  /** Corrects a payment (not its member); send the version read. Checked again as a new payment. */
  async update(principal: Principal, input: Partial<PaymentTerms> & { id: string; version: number }): Promise<WrittenPayment> {
    const { id, version, ...changes } = input;
    return this.unique(changes.month, () =>
      this.dataSource.transaction(async (m) => {
        const [found] = await this.repo.findPaymentsInScope(principal, [id], m, true);
        if (!found) throw DisabilityErrors.paymentNotFound();
        if (found.version !== version) throw versionConflict({ expectedVersion: version, currentVersion: found.version });
        const member = await this.members.getInScope(principal, found.memberId, m, { field: 'input.id', lock: true });
        const given = changesOf<Partial<PaymentTerms>>(changes);
        // A correction keeps the stored amount unless it gives one (or moves the payment to another month or kind, where the new standard applies).
        const moved = (given.month !== undefined && given.month !== monthOf(found.month)) || (given.kind !== undefined && given.kind !== found.kind);
        const merged: PaymentTerms = { kind: found.kind, month: monthOf(found.month), amount: moved ? null : found.amount, paidOn: found.paidOn, channel: found.channel, ...given };
        const { terms, standardAmount, parametersUsed } = await this.checkTerms(m, member, merged, 'input.id', found.id);
        const after = await this.repo.updatePayment(m, found.id, version, terms);
        await this.audit.change(m, DISABILITY_SUBSIDY_PAYMENT_AUDIT, 'disability.updateSubsidyPayment', found, after);
        return { payment: after, standardAmount, parametersUsed };
      }),
    );
  }

  /** Deletes a payment entered in error, with the reason (the audit trail keeps it); send the version read. */
  async delete(principal: Principal, input: { id: string; version: number; reason: string }): Promise<DisabilitySubsidyPaymentEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findPaymentsInScope(principal, [input.id], m, true);
      if (!found) throw DisabilityErrors.paymentNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      await this.repo.deletePayment(m, found.id);
      await this.audit.change(m, DISABILITY_SUBSIDY_PAYMENT_AUDIT, 'disability.deleteSubsidyPayment', found, null, { reason: input.reason.trim() });
      return found;
    });
  }

  /**
   * The subsidy rules in force on a month's first day in a region: the two rule parameters (read
   * as their texts say) and the extension switch; each not in force: PARAMETER_NOT_CONFIGURED
   * naming `field`; a text that cannot be read: SUBSIDY_RULE_UNREADABLE.
   */
  async rulesFor(day: string, regionCode: string, field: string, manager?: EntityManager): Promise<{ rules: SubsidyRules; parametersUsed: ParameterValue[] }> {
    const living = await this.parameters.requireConfigured(LIVING_RULE_KEY, day, regionCode, field, manager);
    const nursing = await this.parameters.requireConfigured(NURSING_RULE_KEY, day, regionCode, field, manager);
    const extension = await this.parameters.requireConfigured(NURSING_EXTENSION_KEY, day, regionCode, field, manager);
    const livingScope = livingScopeOf(living.value);
    if (!livingScope) throw DisabilityErrors.ruleUnreadable(LIVING_RULE_KEY, field);
    const nursingRule = nursingRuleOf(nursing.value);
    if (!nursingRule) throw DisabilityErrors.ruleUnreadable(NURSING_RULE_KEY, field);
    return { rules: { living: livingScope, nursing: nursingRule, extension: extension.value === true }, parametersUsed: [living, nursing, extension] };
  }

  /**
   * Members of the caller's region (or a subtree), current in the registry, eligible for the
   * subsidy in the month (a certificate valid in it and the kind's conditions, by the rules in
   * force on its first day in the region asked) without a payment of it for the month; by name,
   * with the certificates valid in the month.
   */
  async eligibleWithoutSubsidy(
    principal: Principal,
    filter: { kind: DisabilitySubsidyKind; month: string; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<EligibleWithoutSubsidyRow> & { parametersUsed: ParameterValue[] }> {
    const bounds = monthBounds(checkMonth(filter.month, 'month'));
    const { rules, parametersUsed } = await this.rulesFor(bounds.start, filter.regionCode ?? principal.regionCode, 'month');
    const qb = this.membersRepo
      .query(principal, { regionPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined, active: true })
      .andWhere(eligibleSql('m', filter.kind, rules), eligibilityParams(bounds, rules))
      .andWhere(`NOT EXISTS (SELECT 1 FROM disability_subsidy_payments p WHERE p.member_id = m.id AND p.kind = :dKind AND p.month = CAST(:dStart AS date))`, { dKind: filter.kind });
    const page = await paginate(qb, args, { tag: 'name', column: 'm.name', type: 'text', idColumn: 'm.id', key: (mm) => [mm.name, mm.id] }, { withTotalCount });
    const valid = await this.repo.certificatesOf(page.edges.map((e) => e.node.id), bounds);
    return {
      ...page,
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: { member: e.node, kind: filter.kind, month: filter.month, certificates: valid.get(e.node.id) ?? [] } })),
      parametersUsed,
    };
  }

  /**
   * The caller's payments of the month (of a kind, or both; in a region's subtree) whose member was
   * not eligible for the payment's kind in the month by the rules in force on its first day, with
   * the reasons: no certificate valid in the month (revoked or corrected since), not on 低保
   * (living), grade not covered or no long-term care need (nursing). By village and id.
   */
  async paidWithoutEligibility(
    principal: Principal,
    filter: { kind?: DisabilitySubsidyKind; month: string; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<PaidWithoutEligibilityRow> & { parametersUsed: ParameterValue[] }> {
    const bounds = monthBounds(checkMonth(filter.month, 'month'));
    const { rules, parametersUsed } = await this.rulesFor(bounds.start, filter.regionCode ?? principal.regionCode, 'month');
    const page = await this.repo.paidWithoutEligibilityPage(
      principal,
      { kind: filter.kind, month: bounds.start, withinPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined },
      bounds,
      rules,
      args,
      withTotalCount,
    );
    const facts = await this.repo.ineligibilityFacts(page.edges.map((e) => e.node.id), bounds, rules);
    return {
      ...page,
      edges: page.edges.map((e) => {
        const f = facts.get(e.node.id);
        const reasons: IneligibilityReason[] = [];
        if (!f?.hasValidCertificate) reasons.push(IneligibilityReason.NO_VALID_CERTIFICATE);
        else if (e.node.kind === DisabilitySubsidyKind.LIVING) {
          if (!f.onDibao) reasons.push(IneligibilityReason.NOT_ON_DIBAO);
        } else if (!f.gradeCovered) reasons.push(IneligibilityReason.GRADE_NOT_COVERED);
        else if (!f.careNeedMet) reasons.push(IneligibilityReason.NO_LONG_TERM_CARE_NEED);
        return { cursor: e.cursor, node: { payment: e.node, reasons } };
      }),
      parametersUsed,
    };
  }

  /** The checks of a payment's terms for a member found (and locked). Throws the coded errors; writes nothing. */
  private async checkTerms(
    m: EntityManager,
    member: MemberEntity,
    input: PaymentTerms,
    memberField: string,
    exceptId?: string,
  ): Promise<{ terms: CheckedPaymentTerms; standardAmount: string; parametersUsed: ParameterValue[] }> {
    const bounds = monthBounds(checkMonth(input.month, 'input.month'));
    if (!isLocalDate(input.paidOn)) throw DisabilityErrors.invalidValue('input.paidOn', '日期格式应为 YYYY-MM-DD');
    if (input.paidOn > todayInChina()) throw AppError.badInput([{ field: 'input.paidOn', reason: CommonReason.DATE_IN_FUTURE, message: '发放日期不能晚于今天 (paid in the future)' }]);
    if (!memberDuring(member, bounds.start, bounds.end)) throw DisabilityErrors.notCurrent(memberField, input.month);
    const [certificate] = await this.repo.validInMonth(m, member.id, bounds);
    if (!certificate) throw DisabilityErrors.withoutCertificate(input.month, memberField);
    const standard = await this.parameters.requireConfigured(amountKeyOf(input.kind, certificate.grade), bounds.start, member.regionCode, 'input.amount', m);
    const standardAmount = fromCents(toCents(String(standard.value)));
    let amount = standardAmount;
    if (input.amount !== undefined && input.amount !== null) {
      const text = String(input.amount).trim();
      if (!isStoredAmount(text, { positive: true })) throw DisabilityErrors.invalidAmount();
      amount = fromCents(toCents(text));
      if (compareAmounts(amount, standardAmount) > 0) throw DisabilityErrors.aboveStandard(standardAmount);
    }
    if (await this.repo.paymentExists(m, { memberId: member.id, kind: input.kind, month: bounds.start }, exceptId)) throw DisabilityErrors.duplicate(input.month);
    return {
      terms: { kind: input.kind, month: bounds.start, amount, paidOn: input.paidOn, channel: input.channel, certificateId: certificate.id },
      standardAmount,
      parametersUsed: [standard],
    };
  }

  /** Two officers recording the same month at once: the unique key decides, with the same answer as the check. */
  private async unique<T>(month: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (isUniqueViolation(e)) throw DisabilityErrors.duplicate(month ?? '');
      throw e;
    }
  }
}

/** A month argument (YYYY-MM), or INVALID_VALUE naming the field. */
function checkMonth(month: string, field: string): string {
  if (!MONTH.test(month)) throw DisabilityErrors.invalidValue(field, '月份格式应为 YYYY-MM (a month, YYYY-MM)');
  return month;
}
