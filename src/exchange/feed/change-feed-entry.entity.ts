import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox: one entry per row changed in the registry, written by triggers in the
 * transaction of the change (so an entry exists exactly when the change committed). Positions are
 * handed out under a transaction-scoped lock held until commit, so they become visible strictly
 * in order: a reader that has seen position N has seen everything before N.
 */
@Entity({ name: 'change_feed' })
@Index('change_feed_entity_type_position_idx', ['entityType', 'position'])
export class ChangeFeedEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  position: string;

  /** Household, Member, HouseholdEvent, … */
  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  /** INSERT, UPDATE or DELETE. */
  @Column({ type: 'varchar', length: 6 })
  operation: string;

  @Index('change_feed_region_code_idx')
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C', nullable: true })
  regionCode: string | null;

  /** The transaction that made the change: entries of one transaction share it. */
  @Column({ name: 'transaction_id', type: 'bigint' })
  transactionId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  /** The row after the change (before it, for a delete), without its protected columns. */
  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;
}
