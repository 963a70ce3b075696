import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row of the audit trail. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE; the
 * service's database role has no UPDATE, DELETE or TRUNCATE on it) and hash-chained: `hash` =
 * HMAC-SHA256 under the key `chain_key` (AUDIT_CHAIN_KEY, which the database does not hold) over
 * `prev_hash` and the row's canonical content, so editing or removing any row breaks the chain
 * from there on (verifyAuditChain finds the first break), and nobody without the key can re-hash
 * it whole. Rows written before the chain was keyed have no `chain_key` (plain SHA-256).
 */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  /** Position in the chain, gap-free in commit order (assigned under the chain lock). */
  @PrimaryColumn({ type: 'bigint' })
  seq: string;

  @Index('audit_log_occurred_at_idx')
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  /** user | apiKey | system */
  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType: string;

  @Index('audit_log_actor_id_idx')
  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 100, nullable: true })
  actorName: string | null;

  @Column({ name: 'actor_roles', type: 'text', array: true, default: () => "'{}'" })
  actorRoles: string[];

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true })
  clientIp: string | null;

  /** e.g. `users.create`, `regions.rename`, `personalData.unmask`, `households.import`. */
  @Index('audit_log_operation_idx')
  @Column({ type: 'varchar', length: 64 })
  operation: string;

  @Index('audit_log_entity_idx')
  @Column({ name: 'entity_type', type: 'varchar', length: 64 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Index('audit_log_region_code_idx')
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C', nullable: true })
  regionCode: string | null;

  /** `{ field: { from, to } }` with personal data masked; or facts of the operation. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, unknown>;

  /** The reason the actor gave (required for unmasking personal data). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  /** Id of the AUDIT_CHAIN_KEY key that signed the row; null on legacy rows (unkeyed SHA-256). */
  @Column({ name: 'chain_key', type: 'varchar', length: 16, nullable: true })
  chainKey: string | null;
}
