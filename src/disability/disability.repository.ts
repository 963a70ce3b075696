import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope, applyWithin, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { findScoped } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { DisabilityCertificateEntity, DisabilitySubsidyKind, DisabilitySubsidyPaymentEntity } from './disability.entities';
import { DisabilityErrors } from './disability.errors';
import { EXTENSION_CATEGORIES, LivingScope, NursingRule } from './disability-rules';

/** The subsidy rules in force for a month, as read from the parameters (see SubsidiesService.rulesFor). */
export interface SubsidyRules {
  living: LivingScope;
  nursing: NursingRule;
  extension: boolean;
}

/** SQL: certificate `c` counts in the month :dStart–:dEnd (issued by its end, valid until its start or later, not revoked by its start). */
export const VALID_IN_MONTH = (c: string) =>
  `(${c}.issued_on <= CAST(:dEnd AS date) AND ${c}.valid_until >= CAST(:dStart AS date) AND (${c}.revoked_on IS NULL OR ${c}.revoked_on > CAST(:dStart AS date)))`;

/** SQL: member `m` on 低保 as the living rule asks (the registry's 享受低保: the member's own, or anyone's of the household now). */
const ON_DIBAO = (m: string, scope: LivingScope) =>
  scope === 'PERSON' ? `${m}.low_income_support` : `EXISTS (SELECT 1 FROM members f WHERE f.household_id = ${m}.household_id AND f.active AND f.low_income_support)`;

/** SQL: certificate `c` qualifies for the nursing subsidy (grades covered with the care need; the extension's grades 3–4 智力/精神 when switched on). */
const NURSING_COVERED = (c: string) =>
  `((${c}.grade <= :dMaxGrade AND (NOT :dNeedsCare OR ${c}.needs_long_term_care)) OR (:dExt AND ${c}.grade BETWEEN 3 AND 4 AND ${c}.category::text = ANY(:dExtCats)))`;

/** SQL: member `m` eligible for the subsidy `kind` in the month under the rules (a valid certificate, and the kind's conditions). */
export function eligibleSql(m: string, kind: DisabilitySubsidyKind, rules: SubsidyRules): string {
  if (kind === DisabilitySubsidyKind.LIVING) return `(EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = ${m}.id AND ${VALID_IN_MONTH('c')}) AND ${ON_DIBAO(m, rules.living)})`;
  return `EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = ${m}.id AND ${VALID_IN_MONTH('c')} AND ${NURSING_COVERED('c')})`;
}

/** The named parameters of eligibleSql and VALID_IN_MONTH. */
export function eligibilityParams(bounds: { start: string; end: string }, rules: SubsidyRules): Record<string, unknown> {
  return { dStart: bounds.start, dEnd: bounds.end, dMaxGrade: rules.nursing.maxGrade, dNeedsCare: rules.nursing.needsLongTermCare, dExt: rules.extension, dExtCats: [...EXTENSION_CATEGORIES] };
}

export interface CertificateFilter {
  memberId?: string;
  householdId?: string;
  category?: string;
  grade?: number;
  /** true: only unrevoked; false: only revoked. */
  revoked?: boolean;
  /** Only certificates valid on this day. */
  validOn?: string;
  withinPrefix?: string;
}

export interface PaymentFilter {
  memberId?: string;
  householdId?: string;
  kind?: DisabilitySubsidyKind;
  /** First day of the month. */
  month?: string;
  year?: number;
  withinPrefix?: string;
}

/** Why a payment's member was not eligible in its month (paidWithoutEligibility). */
export interface IneligibilityFacts {
  paymentId: string;
  hasValidCertificate: boolean;
  onDibao: boolean;
  gradeCovered: boolean;
  careNeedMet: boolean;
}

/** The SQL of certificates and subsidy payments, scoped by the household's village (writes: and the sector). */
@Injectable()
export class DisabilityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  // ------------------------------------------------------------------ certificates

  /** A page of the caller's certificates, latest issue first. */
  certificatePage(principal: Principal, filter: CertificateFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<DisabilityCertificateEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(DisabilityCertificateEntity).createQueryBuilder('c'), 'c.region_code', principal);
    applyWithin(qb, 'c.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('c.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('c.household_id = :householdId', { householdId: filter.householdId });
    if (filter.category) qb.andWhere('c.category = :category', { category: filter.category });
    if (filter.grade !== undefined) qb.andWhere('c.grade = :grade', { grade: filter.grade });
    if (filter.revoked !== undefined) qb.andWhere(filter.revoked ? 'c.revoked_on IS NOT NULL' : 'c.revoked_on IS NULL');
    if (filter.validOn) qb.andWhere(VALID_IN_MONTH('c'), { dStart: filter.validOn, dEnd: filter.validOn });
    return paginate(qb, args, { tag: 'issued', column: 'c.issued_on', type: 'date', direction: 'DESC', idColumn: 'c.id', key: (c) => [c.issuedOn, c.id] }, { withTotalCount });
  }

  findCertificatesInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<DisabilityCertificateEntity[]> {
    return findScoped(this.manager(manager), DisabilityCertificateEntity, holder, ids, forWrite);
  }

  /** The member's unrevoked certificate other than `exceptId`, if any (the one-unrevoked rule's check). */
  async unrevokedOf(manager: EntityManager, memberId: string, exceptId?: string): Promise<DisabilityCertificateEntity | null> {
    const qb = manager.getRepository(DisabilityCertificateEntity).createQueryBuilder('c').where('c.member_id = :memberId AND c.revoked_on IS NULL', { memberId });
    if (exceptId) qb.andWhere('c.id <> :exceptId', { exceptId });
    return qb.getOne();
  }

  /** The member's certificates valid in a month (issue order, latest first). */
  validInMonth(manager: EntityManager, memberId: string, bounds: { start: string; end: string }): Promise<DisabilityCertificateEntity[]> {
    return manager
      .getRepository(DisabilityCertificateEntity)
      .createQueryBuilder('c')
      .where('c.member_id = :memberId', { memberId })
      .andWhere(VALID_IN_MONTH('c'), { dStart: bounds.start, dEnd: bounds.end })
      .orderBy('c.issued_on', 'DESC')
      .addOrderBy('c.id')
      .getMany();
  }

  /** The certificates of members (every one, latest issue first), by member id: one statement for a page. */
  async certificatesOf(memberIds: readonly string[], bounds?: { start: string; end: string }): Promise<Map<string, DisabilityCertificateEntity[]>> {
    const out = new Map<string, DisabilityCertificateEntity[]>(memberIds.map((id) => [id, []]));
    if (!memberIds.length) return out;
    const qb = this.manager().getRepository(DisabilityCertificateEntity).createQueryBuilder('c').where('c.member_id = ANY(:ids)', { ids: [...memberIds] });
    if (bounds) qb.andWhere(VALID_IN_MONTH('c'), { dStart: bounds.start, dEnd: bounds.end });
    for (const c of await qb.orderBy('c.issued_on', 'DESC').addOrderBy('c.id').getMany()) out.get(c.memberId)!.push(c);
    return out;
  }

  async hasPayments(manager: EntityManager, certificateId: string): Promise<boolean> {
    const [row] = await manager.query(`SELECT EXISTS (SELECT 1 FROM disability_subsidy_payments WHERE certificate_id = $1) AS has`, [certificateId]);
    return row.has as boolean;
  }

  insertCertificate(manager: EntityManager, row: Partial<DisabilityCertificateEntity>): Promise<DisabilityCertificateEntity> {
    const repo = manager.getRepository(DisabilityCertificateEntity);
    return repo.save(repo.create(row));
  }

  updateCertificate(manager: EntityManager, id: string, version: number, patch: Partial<DisabilityCertificateEntity>): Promise<DisabilityCertificateEntity> {
    return updateWithVersion(manager, DisabilityCertificateEntity, { column: 'id', value: id }, version, patch, () => DisabilityErrors.certificateNotFound());
  }

  async deleteCertificate(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(DisabilityCertificateEntity).delete({ id });
  }

  // ------------------------------------------------------------------ payments

  /** A page of the caller's payments, latest month first. */
  paymentPage(principal: Principal, filter: PaymentFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<DisabilitySubsidyPaymentEntity>> {
    const qb = this.paymentQuery(principal, filter);
    return paginate(qb, args, { tag: 'month', column: 'p.month', type: 'date', direction: 'DESC', idColumn: 'p.id', key: (p) => [p.month, p.id] }, { withTotalCount });
  }

  private paymentQuery(principal: Principal, filter: PaymentFilter): SelectQueryBuilder<DisabilitySubsidyPaymentEntity> {
    const qb = applyRegionScope(this.manager().getRepository(DisabilitySubsidyPaymentEntity).createQueryBuilder('p'), 'p.region_code', principal);
    applyWithin(qb, 'p.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('p.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('p.household_id = :householdId', { householdId: filter.householdId });
    if (filter.kind) qb.andWhere('p.kind = :kind', { kind: filter.kind });
    if (filter.month) qb.andWhere('p.month = CAST(:month AS date)', { month: filter.month });
    if (filter.year !== undefined) qb.andWhere('p.month BETWEEN CAST(:yStart AS date) AND CAST(:yEnd AS date)', { yStart: `${filter.year}-01-01`, yEnd: `${filter.year}-12-01` });
    return qb;
  }

  findPaymentsInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<DisabilitySubsidyPaymentEntity[]> {
    return findScoped(this.manager(manager), DisabilitySubsidyPaymentEntity, holder, ids, forWrite);
  }

  async paymentExists(manager: EntityManager, key: { memberId: string; kind: DisabilitySubsidyKind; month: string }, exceptId?: string): Promise<boolean> {
    const [row] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM disability_subsidy_payments WHERE member_id = $1 AND kind = $2 AND month = $3 AND ($4::uuid IS NULL OR id <> $4)) AS has`,
      [key.memberId, key.kind, key.month, exceptId ?? null],
    );
    return row.has as boolean;
  }

  /** The payments of members in a month (by member id): one statement for a page. */
  async paymentsOf(memberIds: readonly string[], month: string, kind: DisabilitySubsidyKind): Promise<Map<string, DisabilitySubsidyPaymentEntity[]>> {
    const out = new Map<string, DisabilitySubsidyPaymentEntity[]>(memberIds.map((id) => [id, []]));
    if (!memberIds.length) return out;
    const rows = await this.manager()
      .getRepository(DisabilitySubsidyPaymentEntity)
      .createQueryBuilder('p')
      .where('p.member_id = ANY(:ids) AND p.month = CAST(:month AS date) AND p.kind = :kind', { ids: [...memberIds], month, kind })
      .getMany();
    for (const p of rows) out.get(p.memberId)!.push(p);
    return out;
  }

  /**
   * The caller's payments of a month (of a kind, or both) whose member was not eligible for the
   * payment's kind in that month under the rules, by village and id.
   */
  paidWithoutEligibilityPage(
    principal: Principal,
    filter: PaymentFilter & { month: string },
    bounds: { start: string; end: string },
    rules: SubsidyRules,
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<DisabilitySubsidyPaymentEntity>> {
    const qb = this.paymentQuery(principal, filter)
      .innerJoin('members', 'pm', 'pm.id = p.member_id')
      .andWhere(`NOT (CASE WHEN p.kind = 'LIVING' THEN ${eligibleSql('pm', DisabilitySubsidyKind.LIVING, rules)} ELSE ${eligibleSql('pm', DisabilitySubsidyKind.NURSING, rules)} END)`, eligibilityParams(bounds, rules));
    return paginate(qb, args, { tag: 'village', column: 'p.region_code', type: 'text', idColumn: 'p.id', key: (p) => [p.regionCode, p.id] }, { withTotalCount });
  }

  /** What each payment's member lacked in the month (one statement for a page of paidWithoutEligibility). */
  async ineligibilityFacts(paymentIds: readonly string[], bounds: { start: string; end: string }, rules: SubsidyRules): Promise<Map<string, IneligibilityFacts>> {
    if (!paymentIds.length) return new Map();
    const qb = this.manager()
      .createQueryBuilder()
      .select('p.id', 'paymentId')
      .addSelect(`EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = p.member_id AND ${VALID_IN_MONTH('c')})`, 'hasValidCertificate')
      .addSelect(ON_DIBAO('pm', rules.living), 'onDibao')
      .addSelect(`EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = p.member_id AND ${VALID_IN_MONTH('c')} AND (c.grade <= :dMaxGrade OR (:dExt AND c.grade BETWEEN 3 AND 4 AND c.category::text = ANY(:dExtCats))))`, 'gradeCovered')
      .addSelect(`EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = p.member_id AND ${VALID_IN_MONTH('c')} AND ${NURSING_COVERED('c')})`, 'careNeedMet')
      .from('disability_subsidy_payments', 'p')
      .innerJoin('members', 'pm', 'pm.id = p.member_id')
      .where('p.id = ANY(:ids)', { ids: [...paymentIds] })
      .setParameters(eligibilityParams(bounds, rules));
    const rows: IneligibilityFacts[] = await qb.getRawMany();
    return new Map(rows.map((r) => [r.paymentId, r]));
  }

  insertPayment(manager: EntityManager, row: Partial<DisabilitySubsidyPaymentEntity>): Promise<DisabilitySubsidyPaymentEntity> {
    const repo = manager.getRepository(DisabilitySubsidyPaymentEntity);
    return repo.save(repo.create(row));
  }

  updatePayment(manager: EntityManager, id: string, version: number, patch: Partial<DisabilitySubsidyPaymentEntity>): Promise<DisabilitySubsidyPaymentEntity> {
    return updateWithVersion(manager, DisabilitySubsidyPaymentEntity, { column: 'id', value: id }, version, patch, () => DisabilityErrors.paymentNotFound());
  }

  async deletePayment(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(DisabilitySubsidyPaymentEntity).delete({ id });
  }
}
