import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { RegionEntity } from '../regions/region.entity';
import { LinkageEntity } from './linkage.entity';

/** How a linkage payment reached the household. */
export enum LinkagePaymentChannel {
  /** 银行代发 / 转账到户 */
  BANK_TRANSFER = 'BANK_TRANSFER',
  /** 惠民惠农财政补贴资金"一卡通" */
  SUBSIDY_CARD = 'SUBSIDY_CARD',
  /** 现金 (signed receipt) */
  CASH = 'CASH',
  /** 实物折价 */
  IN_KIND = 'IN_KIND',
  OTHER = 'OTHER',
}

/**
 * A payment under a benefit linkage (利益联结) for one year of the agreement: append-only. A wrong
 * payment is never edited or deleted: a reversal (冲销) is another row with the negative amount
 * that names it (`reversesId`, once). The household, region and sector are the linkage's, copied
 * so that the ledger is read and scoped without the linkage.
 */
@Entity({ name: 'benefit_linkage_payments' })
@Index('benefit_linkage_payments_paid_on_id_idx', ['paidOn', 'id'])
@Index('benefit_linkage_payments_linkage_year_idx', ['linkageId', 'year'])
@Index('benefit_linkage_payments_household_year_idx', ['householdId', 'year'])
@Check('benefit_linkage_payments_sign_check', '("reverses_id" IS NULL AND "amount" > 0) OR ("reverses_id" IS NOT NULL AND "amount" < 0)')
export class LinkagePaymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => LinkageEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'linkage_id', type: 'uuid' })
  linkageId: string;

  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The year of the agreement the payment is for (a 2018 dividend may be paid in 2019). */
  @Column({ type: 'smallint' })
  year: number;

  @Column({ name: 'paid_on', type: 'date' })
  paidOn: string;

  /** Yuan; positive, or the negative of the payment a reversal reverses. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  @Column({ type: 'enum', enum: LinkagePaymentChannel, enumName: 'linkage_payment_channel' })
  channel: LinkagePaymentChannel;

  /** A voucher or bank reference (凭证号), when there is one. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference: string | null;

  /** Why the year's payments exceed what is due under the agreement (required then). */
  @Column({ name: 'over_agreement_reason', type: 'text', nullable: true })
  overAgreementReason: string | null;

  /** The payment this row reverses (each at most once); null for a payment. */
  @Index('benefit_linkage_payments_reverses_id_key', { unique: true })
  @ForeignKey(() => LinkagePaymentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId: string | null;

  /** Why a payment was reversed (on the reversal). */
  @Column({ name: 'reversal_reason', type: 'text', nullable: true })
  reversalReason: string | null;

  @Index('benefit_linkage_payments_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector', nullable: true })
  sector: Sector | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
