import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { LinkageIncomeComponent } from '../projects/linkage.entity';
import { ProjectEntity } from '../projects/project.entity';
import { RegionEntity } from '../regions/region.entity';
import { FundAllocationEntity, FundDocumentEntity, FundRecordStatus, ProjectFundingEntity } from './funds.entities';

/**
 * Where a reimbursement (报账) stands in funds.reimbursement_flow (申请 → 扶贫部门审核 → 财政审批 →
 * 支付 → 盖"已报账"): SUBMITTED (申请), REVIEWED (the poverty office), APPROVED (finance), PAID
 * (paid in full: marked reimbursed with the date); RETURNED (back to the applicant for correction)
 * and REJECTED (final) are the side exits.
 */
export enum ReimbursementStatus {
  SUBMITTED = 'SUBMITTED',
  REVIEWED = 'REVIEWED',
  APPROVED = 'APPROVED',
  PAID = 'PAID',
  RETURNED = 'RETURNED',
  REJECTED = 'REJECTED',
}

/** How a payment is made: to one account (payee and bank account) or to households (a roster). */
export enum FundPaymentKind {
  ACCOUNT = 'ACCOUNT',
  HOUSEHOLDS = 'HOUSEHOLDS',
}

/**
 * 报账申请: a claim against a project funding, with its lines (expense type, amount) and vouchers.
 * Level, channel, year, allocation, document and project are the funding's. Every reimbursement
 * not REJECTED counts against the funding (the trigger fund_reimbursements_commit keeps the
 * funding's `committed`; its CHECK refuses an overspend). `paid` is the sum of its active payments
 * (trigger fund_payments_commit; CHECK `paid <= amount`).
 */
@Entity({ name: 'fund_reimbursements' })
@Check('fund_reimbursements_amount_check', '"amount" > 0')
@Check('fund_reimbursements_paid_check', '"paid" >= 0 AND "paid" <= "amount"')
@Check('fund_reimbursements_reimbursed_check', `("status" = 'PAID') = ("reimbursed_on" IS NOT NULL)`)
@Index('fund_reimbursements_year_region_idx', ['year', 'regionCode'])
export class ReimbursementEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('fund_reimbursements_funding_id_idx')
  @ForeignKey(() => ProjectFundingEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'funding_id', type: 'uuid' })
  fundingId: string;

  @Index('fund_reimbursements_allocation_id_idx')
  @ForeignKey(() => FundAllocationEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'allocation_id', type: 'uuid' })
  allocationId: string;

  @Index('fund_reimbursements_document_id_idx')
  @ForeignKey(() => FundDocumentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Index('fund_reimbursements_project_id_idx')
  @ForeignKey(() => ProjectEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  /** The project's region: region scope and the feed read it. */
  @Index('fund_reimbursements_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'varchar', length: 20 })
  level: string;

  @Column({ type: 'varchar', length: 40 })
  channel: string;

  /** The date of the application (申请); the parameters are read as of it. */
  @Column({ name: 'applied_on', type: 'date' })
  appliedOn: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  /** Sum of the active payments (maintained by the trigger fund_payments_commit). */
  @Column({ type: 'numeric', precision: 12, scale: 2, default: 0 })
  paid: string;

  @Index('fund_reimbursements_status_idx')
  @Column({ type: 'enum', enum: ReimbursementStatus, enumName: 'fund_reimbursement_status', default: ReimbursementStatus.SUBMITTED })
  status: ReimbursementStatus;

  /** 扶贫部门审核: the date the poverty office passed it (null until then; cleared when returned). */
  @Column({ name: 'reviewed_on', type: 'date', nullable: true })
  reviewedOn: string | null;

  /** 财政审批: the date finance approved it. */
  @Column({ name: 'approved_on', type: 'date', nullable: true })
  approvedOn: string | null;

  /** 盖"已报账": the date of the payment that paid it in full (set with status PAID). */
  @Column({ name: 'reimbursed_on', type: 'date', nullable: true })
  reimbursedOn: string | null;

  /** Why it was last returned for correction (kept after the correction, for the record). */
  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason: string | null;

  @Column({ name: 'reject_reason', type: 'text', nullable: true })
  rejectReason: string | null;
}

/** One line of a reimbursement: an expense type (checked against funds.negative_list) and its amount. */
@Entity({ name: 'fund_reimbursement_lines' })
@Check('fund_reimbursement_lines_amount_check', '"amount" > 0')
@Index('fund_reimbursement_lines_position_key', ['reimbursementId', 'position'], { unique: true })
export class ReimbursementLineEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => ReimbursementEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'reimbursement_id', type: 'uuid' })
  reimbursementId: string;

  /** The line's place in the application (0-based, as given). */
  @Column({ type: 'smallint' })
  position: number;

  /** 支出类型 as written on the application. */
  @Column({ name: 'expense_type', type: 'varchar', length: 100 })
  expenseType: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;
}

/** One voucher (报账凭证) of a reimbursement: a kind of funds.reimbursement_vouchers, its number and date. */
@Entity({ name: 'fund_reimbursement_vouchers' })
@Index('fund_reimbursement_vouchers_reimbursement_id_idx', ['reimbursementId'])
export class ReimbursementVoucherEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => ReimbursementEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'reimbursement_id', type: 'uuid' })
  reimbursementId: string;

  @Column({ type: 'smallint' })
  position: number;

  /** A code of funds.reimbursement_vouchers as of the application's date. */
  @Column({ type: 'varchar', length: 100 })
  kind: string;

  /** The voucher's number or reference (文号, 合同编号, 发票号…). */
  @Column({ type: 'varchar', length: 100 })
  reference: string;

  @Column({ name: 'dated_on', type: 'date' })
  datedOn: string;
}

/**
 * 支付: a payment of an approved reimbursement, to an account (payee name and bank account; the
 * account is protected: ciphertext and blind index only) or to households (the roster sums to the
 * amount). It counts against the reimbursement while ACTIVE (trigger fund_payments_commit).
 * Append-only (the trigger fund_payments_append_only refuses UPDATE and DELETE): a wrong payment is
 * reversed (冲销) by another row of the negative amount naming it (`reverses_id`, once, with the
 * reason), so the reimbursement's `paid` and every sum of payments count the net.
 */
@Entity({ name: 'fund_payments' })
@Check('fund_payments_sign_check', `("reverses_id" IS NULL AND "amount" > 0 AND "reversal_reason" IS NULL) OR ("reverses_id" IS NOT NULL AND "amount" < 0 AND "reversal_reason" IS NOT NULL)`)
@Check('fund_payments_account_check', `("kind" = 'ACCOUNT') = ("payee_name" IS NOT NULL AND "bank_account_enc" IS NOT NULL)`)
@Index('fund_payments_year_region_idx', ['year', 'regionCode'])
export class FundPaymentEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('fund_payments_reimbursement_id_idx')
  @ForeignKey(() => ReimbursementEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'reimbursement_id', type: 'uuid' })
  reimbursementId: string;

  @Index('fund_payments_allocation_id_idx')
  @ForeignKey(() => FundAllocationEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'allocation_id', type: 'uuid' })
  allocationId: string;

  @Index('fund_payments_document_id_idx')
  @ForeignKey(() => FundDocumentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  /** The reimbursement's (the project's) region. */
  @Index('fund_payments_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ name: 'paid_on', type: 'date' })
  paidOn: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  @Column({ type: 'enum', enum: FundPaymentKind, enumName: 'fund_payment_kind' })
  kind: FundPaymentKind;

  /** 收款人 (kind ACCOUNT). */
  @Column({ name: 'payee_name', type: 'varchar', length: 100, nullable: true })
  payeeName: string | null;

  // The bank account is protected (FUND_PAYEE_ACCOUNT): ciphertext and blind index only.
  @Column({ name: 'bank_account_enc', type: 'text', nullable: true })
  bankAccountEnc: string | null;

  @Index('fund_payments_bank_account_hash_idx')
  @Column({ name: 'bank_account_hash', type: 'varchar', length: 64, nullable: true })
  bankAccountHash: string | null;

  /** 凭证号 or bank reference, when there is one. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference: string | null;

  @Column({ type: 'enum', enum: FundRecordStatus, enumName: 'fund_record_status', default: FundRecordStatus.ACTIVE })
  status: FundRecordStatus;

  /** On a reversal (冲销): the payment it reverses (each at most once; never a reversal); null on a payment. */
  @Index('fund_payments_reverses_id_key', { unique: true })
  @ForeignKey(() => FundPaymentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId: string | null;

  /** On a reversal: why. */
  @Column({ name: 'reversal_reason', type: 'text', nullable: true })
  reversalReason: string | null;
}

/** One household of a payment's roster (花名册) and what it received. */
@Entity({ name: 'fund_payment_households' })
@Check('fund_payment_households_amount_check', '"amount" > 0')
@Index('fund_payment_households_payment_household_key', ['paymentId', 'householdId'], { unique: true })
export class FundPaymentHouseholdEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => FundPaymentEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId: string;

  @Index('fund_payment_households_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  /** The registry's income component the amount feeds (householdFundIncome); null when it is not income (goods in kind, a subsidy in kind). */
  @Column({ name: 'income_component', type: 'enum', enum: LinkageIncomeComponent, enumName: 'linkage_income_component', nullable: true })
  incomeComponent: LinkageIncomeComponent | null;
}
