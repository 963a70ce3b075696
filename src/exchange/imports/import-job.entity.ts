import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VirtualColumn } from 'typeorm';
import { RegionEntity } from '../../regions/region.entity';
import { UserEntity } from '../../identity/user.entity';
import { ForeignKey } from '../../database/foreign-key';
import { CountsByUnit, ImportStrategy } from '../../common/imports/import-types';
import { ImportMode } from '../../common/imports/import-port';
import { Role, Sector } from '../../common/access/permissions';

/** The kind of an upload that names none: the registry (every upload was one before kinds). */
export const DEFAULT_IMPORT_KIND = 'households';

export enum ImportJobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

export enum ImportFormat {
  CSV = 'CSV',
  XLSX = 'XLSX',
  NDJSON = 'NDJSON',
}

export { ImportStrategy } from '../../common/imports/import-types';

/**
 * One import of one file: queued, running (rows read of total, rows committed: the checkpoint a
 * restarted service resumes from), then succeeded or failed. The file itself is kept in the data
 * directory until the job ends. It runs as one job of the job runner (queue `imports.run`,
 * singleton key `import:<id>`, src/exchange/imports/import-worker.ts), which holds its claim,
 * lease and attempts; this row holds what the import did.
 */
@Entity({ name: 'import_jobs' })
// One job per file at a time per region: a second upload of the same bytes into the same scope
// while the first is queued or running is refused.
@Index('import_jobs_one_running_per_file', ['fileSha256', 'regionCode'], { unique: true, where: `status IN ('QUEUED', 'RUNNING')` })
@Index('import_jobs_status_created_idx', ['status', 'createdAt'])
export class ImportJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: ImportJobStatus, enumName: 'import_job_status', default: ImportJobStatus.QUEUED })
  status: ImportJobStatus;

  @Column({ type: 'enum', enum: ImportFormat, enumName: 'import_format' })
  format: ImportFormat;

  /** UTF-8 or GB18030 (GBK is its subset), given or detected; null for XLSX. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  encoding: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  /** Where the uploaded bytes are kept while the job is open (inside the data directory). */
  @Column({ name: 'file_path', type: 'text' })
  filePath: string;

  @Column({ name: 'file_sha256', type: 'char', length: 64 })
  fileSha256: string;

  @Column({ name: 'file_size', type: 'bigint' })
  fileSize: string;

  @Column({ name: 'dry_run', type: 'boolean', default: false })
  dryRun: boolean;

  @Column({ type: 'enum', enum: ImportStrategy, enumName: 'import_strategy', default: ImportStrategy.CREATE_AND_UPDATE })
  strategy: ImportStrategy;

  /** What the file loads: the kind of a module's import port ('households' for the registry). */
  @Column({ type: 'varchar', length: 32, default: DEFAULT_IMPORT_KIND })
  kind: string;

  /**
   * SYNC: the provincial system is the authority, records land active (district level or wider).
   * PROPOSE: new households land as candidates with registration proposals (the default below
   * district level).
   */
  @Column({ type: 'enum', enum: ImportMode, enumName: 'import_mode', default: ImportMode.SYNC })
  mode: ImportMode;

  /** PROPOSE: who proposes the registrations (the uploader's person id when they held households.propose); null: candidates only. */
  @Index('import_jobs_proposed_by_idx')
  @ForeignKey(() => UserEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'proposed_by', type: 'uuid', nullable: true })
  proposedBy: string | null;

  /** All or nothing: one bad row and nothing lands. */
  @Column({ type: 'boolean', default: false })
  atomic: boolean;

  /** The subtree the file may write into (the caller's home region or a narrower one). */
  @Index('import_jobs_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Index('import_jobs_created_by_idx')
  @ForeignKey(() => UserEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_by_name', type: 'varchar', length: 100, nullable: true })
  createdByName: string | null;

  /**
   * The uploader's roles and sector as they were at upload: the import writes with the uploader's
   * scope (a sector officer's roster only into its own sector), as `proposedBy` keeps what they
   * held then.
   */
  @Column({ name: 'created_by_roles', type: 'enum', enum: Role, enumName: 'user_role', array: true, default: () => "'{}'" })
  createdByRoles: Role[];

  @Column({ name: 'created_by_sector', type: 'enum', enum: Sector, enumName: 'sector', nullable: true })
  createdBySector: Sector | null;

  /** Data rows in the file, once counted (CSV lines / NDJSON lines / sheet rows). */
  @Column({ name: 'rows_total', type: 'integer', nullable: true })
  rowsTotal: number | null;

  @Column({ name: 'rows_read', type: 'integer', default: 0 })
  rowsRead: number;

  /** Data rows whose households are committed (or rejected and reported): where a resumed job goes on. */
  @Column({ name: 'rows_committed', type: 'integer', default: 0 })
  rowsCommitted: number;

  /**
   * What the import did (or, for a dry run, would do), per unit its port counts:
   * `{"households":{"created":1,"updated":0,"unchanged":0,"rejected":0,"left":0},"members":{…}}`.
   * Advanced per batch in the batch's transaction (jsonb arithmetic, ImportJobsRepository.advance).
   */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  counts: CountsByUnit;

  @Column({ name: 'problem_count', type: 'integer', default: 0 })
  problemCount: number;

  @Column({ name: 'warning_count', type: 'integer', default: 0 })
  warningCount: number;

  /** Why a job failed as a whole (unreadable file, wrong headers, all-or-nothing with problems, interrupted). */
  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  /**
   * How many times a runner has started it (a restart that resumes it counts; a graceful stop
   * hands it back without counting): the attempts of its job on the job runner (`jobs`, singleton
   * key `import:<id>`), read with the row.
   */
  @VirtualColumn({ type: 'int', query: (alias) => `SELECT COALESCE((SELECT attempts FROM jobs WHERE singleton_key = 'import:' || ${alias}.id::text), 0)` })
  attempts: number;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
