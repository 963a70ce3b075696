import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ImportJobEntity } from './import-job.entity';
import { ForeignKey } from '../../database/foreign-key';

import { ProblemSeverity } from '../../common/imports/import-types';

export { ProblemSeverity } from '../../common/imports/import-types';

/** One line of an import's validation report: the row, the column, a code and a message. */
@Entity({ name: 'import_problems' })
@Index('import_problems_job_id_idx', ['jobId', 'id'])
export class ImportProblemEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @ForeignKey(() => ImportJobEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'job_id', type: 'uuid' })
  jobId: string;

  @Column({ type: 'enum', enum: ProblemSeverity, enumName: 'import_problem_severity', default: ProblemSeverity.ERROR })
  severity: ProblemSeverity;

  /** Row of the file as a spreadsheet numbers it (the header is row 1); null for the file as a whole. */
  @Column({ name: 'row_number', type: 'integer', nullable: true })
  rowNumber: number | null;

  @Column({ name: 'household_number', type: 'varchar', length: 64, nullable: true })
  householdNumber: string | null;

  /** The column header as in the file (e.g. 证件号码), or null. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  column: string | null;

  /** The API field the column maps to (e.g. members.idNumber), or null. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  field: string | null;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'text' })
  message: string;
}
