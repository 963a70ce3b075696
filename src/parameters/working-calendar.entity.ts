import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ParameterStatus } from './parameter-types';
import { TrackedEntity } from '../common/kit/tracked-entity';

/**
 * The working calendar of a year (RULES.md `calendar.working_days`): Monday–Friday, less the
 * statutory holidays, plus the swapped working days (调休上班), as the State Council notice
 * announces them. Entered yearly by the district; a year without a row makes every "N working
 * days" deadline of that year answer "not configured".
 */
@Entity({ name: 'working_calendars' })
export class WorkingCalendarEntity extends TrackedEntity {
  @PrimaryColumn({ type: 'smallint' })
  year: number;

  /** '' = national (the State Council's calendar); a region's own calendar overrides it there. */
  @PrimaryColumn({ name: 'scope_code', type: 'varchar', length: 12, collation: 'C', default: '' })
  scopeCode: string;

  @Column({ name: 'scope_prefix', type: 'varchar', length: 12, collation: 'C', default: '' })
  scopePrefix: string;

  /** Days off (YYYY-MM-DD), as a JSON array: weekend days among them change nothing. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  holidays: string[];

  /** Weekend days worked instead (调休上班), as a JSON array. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  workdays: string[];

  @Column({ type: 'varchar', length: 300, nullable: true })
  source: string | null;

  @Column({ type: 'enum', enum: ParameterStatus, enumName: 'parameter_status' })
  status: ParameterStatus;
}
