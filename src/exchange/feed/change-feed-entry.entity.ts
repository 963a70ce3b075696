import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox: one entry per aggregate root (a household with its members, incomes
 * and events; later a project, a fund document, …) per transaction that changed it, written by
 * triggers in the transaction of the change (so an entry exists exactly when the change
 * committed). Entries carry no row image: a consumer reads the current state by id. Positions are
 * handed out under a transaction-scoped lock held until commit, so they become visible strictly
 * in order: a reader that has seen position N has seen everything before N.
 */
@Entity({ name: 'change_feed' })
@Index('change_feed_root_type_position_idx', ['rootType', 'position'])
@Index('change_feed_transaction_root_key', ['transactionId', 'rootType', 'rootId'], { unique: true })
export class ChangeFeedEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  position: string;

  /** The aggregate root's type: Household (later Project, FundDocument, Finding, …). */
  @Column({ name: 'root_type', type: 'varchar', length: 32 })
  rootType: string;

  @Column({ name: 'root_id', type: 'uuid' })
  rootId: string;

  /** The root's `version` after the transaction (null for a root without one). */
  @Column({ name: 'root_version', type: 'integer', nullable: true })
  rootVersion: number | null;

  /** CREATED, UPDATED or DELETED: what happened to the root. */
  @Column({ type: 'varchar', length: 7 })
  operation: string;

  @Index('change_feed_region_code_idx')
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C', nullable: true })
  regionCode: string | null;

  /** The parts of the aggregate the transaction changed (household, members, incomes, insurance, events), sorted. */
  @Column({ type: 'varchar', length: 32, array: true })
  parts: string[];

  /** The transaction that made the change: one entry per root and transaction. */
  @Column({ name: 'transaction_id', type: 'bigint' })
  transactionId: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
