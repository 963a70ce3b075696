import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { DisabilityType } from '../households/registry-codes';
import { RegionEntity } from '../regions/region.entity';

/** The two subsidies for disabled people (两项补贴, RULES.md §6). */
export enum DisabilitySubsidyKind {
  /** 困难残疾人生活补贴: a certified person on 低保 (disability.living_subsidy_eligible). */
  LIVING = 'LIVING',
  /** 重度残疾人护理补贴: grades 1–2 with long-term care needs (disability.nursing_subsidy_eligible), grades 3–4 智力/精神 by the switch. */
  NURSING = 'NURSING',
}

/** How a subsidy payment reached the person. */
export enum DisabilityPaymentChannel {
  /** 惠民惠农财政补贴资金“一卡通” */
  ONE_CARD = 'ONE_CARD',
  /** 银行转账 to another account */
  BANK_TRANSFER = 'BANK_TRANSFER',
  /** 社会保障卡 */
  SOCIAL_SECURITY_CARD = 'SOCIAL_SECURITY_CARD',
  /** 现金 */
  CASH = 'CASH',
}

/**
 * 残疾人证 (second generation): a member's certificate with its category (the registry's 残疾类别,
 * GB/T 26341), grade 1–4, number (the holder's ID number + the category digit + the grade digit:
 * stored only encrypted, with its own blind index), issue date and validity, and the long-term
 * care need the nursing subsidy asks for. Revoked (注销) certificates stay with the date and the
 * reason; at most one unrevoked certificate per member. Region: the household's village; sector:
 * the disabled persons' federation (残联).
 */
@Entity({ name: 'disability_certificates' })
@Index('disability_certificates_member_id_idx', ['memberId'])
@Index('disability_certificates_household_id_idx', ['householdId'])
@Index('disability_certificates_one_unrevoked', ['memberId'], { unique: true, where: '"revoked_on" IS NULL' })
@Check('disability_certificates_grade_check', '"grade" BETWEEN 1 AND 4')
@Check('disability_certificates_validity_check', '"valid_until" >= "issued_on"')
@Check('disability_certificates_revoked_check', '("revoked_on" IS NULL) = ("revoke_reason" IS NULL)')
export class DisabilityCertificateEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** 残疾类别: the registry's code list (digits 1–7 in the certificate number). */
  @Column({ type: 'enum', enum: DisabilityType.values, enumName: 'disability_type' })
  category: DisabilityType;

  /** 残疾等级 1–4, 1 most severe. */
  @Column({ type: 'smallint' })
  grade: number;

  /** Encrypted certificate number (残疾人证号): see DISABILITY_CERTIFICATE_NUMBER. */
  @Column({ name: 'certificate_number_enc', type: 'text' })
  certificateNumberEnc: string;

  /** Blind index of the certificate number (its own domain): exact lookup. */
  @Index('disability_certificates_number_hash_idx')
  @Column({ name: 'certificate_number_hash', type: 'varchar', length: 64 })
  certificateNumberHash: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn: string;

  @Column({ name: 'valid_until', type: 'date' })
  validUntil: string;

  /** 长期照护需求: assessed as needing long-term care (the nursing subsidy's second condition). */
  @Column({ name: 'needs_long_term_care', type: 'boolean', default: false })
  needsLongTermCare: boolean;

  /** 注销: the day the certificate stopped counting; null while not revoked. */
  @Column({ name: 'revoked_on', type: 'date', nullable: true })
  revokedOn: string | null;

  @Column({ name: 'revoke_reason', type: 'varchar', length: 500, nullable: true })
  revokeReason: string | null;

  @Index('disability_certificates_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/**
 * A monthly payment of one of the two subsidies to a member (member, kind, month, amount, paid
 * date, channel), under the certificate valid in that month. Once per member, kind and month.
 * Region: the household's village; sector: the disabled persons' federation.
 */
@Entity({ name: 'disability_subsidy_payments' })
@Index('disability_subsidy_payments_member_kind_month_key', ['memberId', 'kind', 'month'], { unique: true })
@Index('disability_subsidy_payments_certificate_id_idx', ['certificateId'])
@Index('disability_subsidy_payments_household_id_idx', ['householdId'])
@Index('disability_subsidy_payments_month_idx', ['month'])
@Check('disability_subsidy_payments_amount_check', '"amount" > 0')
@Check('disability_subsidy_payments_month_check', `extract(day from "month") = 1`)
export class DisabilitySubsidyPaymentEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The certificate valid in the month that the payment was made under. */
  @ForeignKey(() => DisabilityCertificateEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'certificate_id', type: 'uuid' })
  certificateId: string;

  @Column({ type: 'enum', enum: DisabilitySubsidyKind, enumName: 'disability_subsidy_kind' })
  kind: DisabilitySubsidyKind;

  /** The month paid for: its first day. */
  @Column({ type: 'date' })
  month: string;

  /** Yuan. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  @Column({ name: 'paid_on', type: 'date' })
  paidOn: string;

  @Column({ type: 'enum', enum: DisabilityPaymentChannel, enumName: 'disability_payment_channel' })
  channel: DisabilityPaymentChannel;

  @Index('disability_subsidy_payments_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
