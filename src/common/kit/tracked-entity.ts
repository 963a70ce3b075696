import { CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * The columns every changeable row of a module carries, declared once: `version` for optimistic
 * locking (`updateWithVersion`, src/common/concurrency/optimistic-update.ts; a stale version is
 * the kit's CONFLICT / VERSION_MISMATCH) and when the row was created and last changed
 * (timestamptz). An entity extends it (`export class XEntity extends TrackedEntity`); TypeORM
 * inherits the columns, so migrations and the entities-vs-migrations check see them as before.
 * A row that is never changed (an event, a version, an audit row) declares its own `created_at`.
 */
export abstract class TrackedEntity {
  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
