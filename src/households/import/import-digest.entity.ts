import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { HouseholdEntity } from '../household.entity';

/**
 * What the last import wrote for a household, as a digest of the file's rows for it (and the
 * file's columns). A later file with the same rows for the household is "unchanged" without
 * reading and comparing the registry. Triggers on households, members, household_incomes and
 * member_insurance delete the row on any other change, so a digest is only ever trusted for a
 * household that nothing has touched since that import.
 */
@Entity({ name: 'import_digests' })
export class ImportDigestEntity {
  @PrimaryColumn({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @OneToOne(() => HouseholdEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'household_id' })
  household?: HouseholdEntity;

  /** Hex SHA-256 of the rows' raw cells (see digestOf in src/common/imports/unit-rows.ts). */
  @Column({ type: 'varchar', length: 64 })
  digest: string;

  /**
   * The warnings the household's rows drew when they were last checked (`{ list: [...] }`, rows as
   * offsets from its first row), or null: a re-import settled by the digest reports them again.
   */
  @Column({ type: 'jsonb', nullable: true })
  warnings: { list: { offset: number; column: string | null; field: string | null; code: string; message: string }[] } | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
