import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ParameterStatus, ParameterType } from './parameter-types';

/**
 * One version of a policy parameter (issue #13): its value for one key, one region scope and one
 * period. Versions are never edited: a correction or a retirement supersedes a version
 * (`superseded_at`) and, where a value still applies, inserts a new one, so the history keeps
 * every value an old evaluation used. Among the current versions (not superseded) of a key and
 * scope, periods never overlap (checked by ParametersService under a per-key lock).
 */
@Entity({ name: 'policy_parameters' })
@Check('policy_parameters_period', `effective_to IS NULL OR effective_to >= effective_from`)
@Check('policy_parameters_not_configured', `(status = 'NOT_CONFIGURED') = (value IS NULL)`)
@Index('policy_parameters_key_scope_idx', ['key', 'scopeCode', 'effectiveFrom'])
export class PolicyParameterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** As in RULES.md, e.g. `registry.poverty_line_national`. */
  @Column({ type: 'varchar', length: 120, collation: 'C' })
  key: string;

  /** '' = national; else the 12-digit code of the region whose subtree the value covers. */
  @Column({ name: 'scope_code', type: 'varchar', length: 12, collation: 'C', default: '' })
  scopeCode: string;

  /** The scope's subtree prefix ('' national, 41 Henan, 4101 Zhengzhou, 410106 Shangjie). */
  @Column({ name: 'scope_prefix', type: 'varchar', length: 12, collation: 'C', default: '' })
  scopePrefix: string;

  @Column({ name: 'value_type', type: 'enum', enum: ParameterType, enumName: 'parameter_value_type' })
  valueType: ParameterType;

  /** The typed value (see ParameterType); null exactly when NOT_CONFIGURED. */
  @Column({ type: 'jsonb', nullable: true })
  value: unknown;

  @Column({ type: 'varchar', length: 40 })
  unit: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  /** Last day in force; null = open-ended. */
  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  source: string | null;

  @Index('policy_parameters_status_idx')
  @Column({ type: 'enum', enum: ParameterStatus, enumName: 'parameter_status' })
  status: ParameterStatus;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The value as RULES.md states it (seeded rows) or as entered. */
  @Column({ type: 'text', nullable: true })
  stated: string | null;

  /** Why this version was entered (null for seeded rows). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The principal (user or API key) who entered it; null for seeded rows. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When a later version replaced or retired this one; null while current. */
  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;

  @Column({ name: 'superseded_reason', type: 'text', nullable: true })
  supersededReason: string | null;
}
