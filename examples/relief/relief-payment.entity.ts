import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '../../src/database/foreign-key';
import { HouseholdEntity } from '../../src/households/household.entity';
import { RegionEntity } from '../../src/regions/region.entity';
import { TrackedEntity } from '../../src/common/kit/tracked-entity';

/** Where a payment stands. OVERDUE is set by the daily job (relief-overdue.job.ts), never by a caller. */
export enum ReliefStatus {
  PLANNED = 'PLANNED',
  PAID = 'PAID',
  OVERDUE = 'OVERDUE',
}

/**
 * 节日慰问金: a festival relief payment to a household. An EXAMPLE of a module's table, not part
 * of the service: the columns every table of a module carries (uuid id, `region_code` for scope
 * and the feed, `version` for optimistic locking, timestamps) and a protected value.
 */
@Entity({ name: 'relief_payments' })
// The overdue job looks for PLANNED payments past their due date.
@Index('relief_payments_status_due_on_idx', ['status', 'dueOn'])
export class ReliefPaymentEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // A foreign key is declared on the entity (@ForeignKey) so the migration and the
  // entities-vs-migrations check see the same constraint; its column needs an index.
  @Index('relief_payments_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The household's village when the payment was planned: what region scope and the feed read. */
  @Index('relief_payments_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'smallint' })
  year: number;

  /** Money is numeric(12,2) in SQL and a Decimal string in TypeScript ("800.00"), never a float. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  // The payee account is protected (RELIEF_PAYEE_ACCOUNT in relief.declaration.ts): only its
  // ciphertext and blind index are stored, never the clear value.
  @Column({ name: 'payee_account_enc', type: 'text' })
  payeeAccountEnc: string;

  @Index('relief_payments_payee_account_hash_idx')
  @Column({ name: 'payee_account_hash', type: 'varchar', length: 64 })
  payeeAccountHash: string;

  @Column({ type: 'enum', enum: ReliefStatus, enumName: 'relief_status', default: ReliefStatus.PLANNED })
  status: ReliefStatus;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ name: 'paid_on', type: 'date', nullable: true })
  paidOn: string | null;
}
