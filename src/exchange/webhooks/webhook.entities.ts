import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RegionEntity } from '../../regions/region.entity';
import { UserEntity } from '../../identity/user.entity';
import { ForeignKey } from '../../database/foreign-key';
import { TrackedEntity } from '../../common/kit/tracked-entity';

export enum WebhookStatus {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
}

export enum DeliveryOutcome {
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  /** The last attempt failed: the batch is in the dead letters until replayed. */
  DEAD = 'DEAD',
}

/**
 * An integration client's subscription to the change feed: where to POST, the secret the
 * deliveries are signed with, which entity types and which region subtree. `position` is the
 * last feed position delivered (or dead-lettered); the dispatcher goes on after it.
 */
@Entity({ name: 'webhook_subscriptions' })
export class WebhookSubscriptionEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text' })
  url: string;

  /** The signing secret, encrypted with the field cipher. */
  @Column({ name: 'secret_enc', type: 'text' })
  secretEnc: string;

  /** Entity types delivered; empty means all. */
  @Column({ name: 'entity_types', type: 'varchar', length: 32, array: true, default: () => "'{}'" })
  entityTypes: string[];

  @Index('webhook_subscriptions_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: WebhookStatus, enumName: 'webhook_status', default: WebhookStatus.ACTIVE })
  status: WebhookStatus;

  @Column({ type: 'bigint', default: 0 })
  position: string;

  /** Attempts of the current batch so far. */
  @Column({ name: 'failed_attempts', type: 'smallint', default: 0 })
  failedAttempts: number;

  @Index('webhook_subscriptions_next_attempt_idx')
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Index('webhook_subscriptions_created_by_idx')
  @ForeignKey(() => UserEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;
}

/** One attempt to deliver one batch of feed entries: the delivery log and, with DEAD, the dead letters. */
@Entity({ name: 'webhook_deliveries' })
@Index('webhook_deliveries_subscription_idx', ['subscriptionId', 'id'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @ForeignKey(() => WebhookSubscriptionEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId: string;

  @Column({ name: 'first_position', type: 'bigint' })
  firstPosition: string;

  @Column({ name: 'last_position', type: 'bigint' })
  lastPosition: string;

  @Column({ type: 'integer' })
  entries: number;

  @Column({ type: 'smallint' })
  attempt: number;

  @Index('webhook_deliveries_outcome_idx')
  @Column({ type: 'enum', enum: DeliveryOutcome, enumName: 'webhook_delivery_outcome' })
  outcome: DeliveryOutcome;

  @Column({ name: 'http_status', type: 'smallint', nullable: true })
  httpStatus: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  /** For a dead letter: when it was replayed (null while it waits). */
  @Column({ name: 'replayed_at', type: 'timestamptz', nullable: true })
  replayedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
