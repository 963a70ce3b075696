import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { LabourSkill, WorkPlace } from '../households/registry-codes';
import { ImplementingEntityEntity } from '../projects/implementing-entity.entity';
import { RegionEntity } from '../regions/region.entity';

/**
 * 招聘岗位 (job opening): an employer's (an implementing entity, or a name) opening for members of
 * the labour register: where the job is (a village, a town or the district: its region, in the
 * human resources department's write scope), the place (务工地点), the labour skills wanted, the
 * monthly pay, the number of places, the period it is open and the channel (a code of
 * employment.channels). Placing a candidate creates an employment record carrying the opening's id;
 * the places taken are those records' members. Closing sets closed_on with the reason.
 */
@Entity({ name: 'job_openings' })
// The keyset order of the list (newest opening first).
@Index('job_openings_open_from_id_idx', ['openFrom', 'id'])
@Check('job_openings_places_check', '"places" >= 1')
@Check('job_openings_pay_check', '"monthly_pay" >= 0')
@Check('job_openings_period_check', '"open_until" IS NULL OR "open_until" >= "open_from"')
@Check('job_openings_closed_check', '("closed_on" IS NULL) = ("close_reason" IS NULL)')
export class JobOpeningEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** The employer when it is an implementing entity of the industry projects module. */
  @Index('job_openings_employer_entity_id_idx')
  @ForeignKey(() => ImplementingEntityEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'employer_entity_id', type: 'uuid', nullable: true })
  employerEntityId: string | null;

  /** The employer's name (the entity's name when one is named). */
  @Column({ name: 'employer_name', type: 'varchar', length: 200 })
  employerName: string;

  /** Where the job is: a village, a town or the district (12-digit code); region scope reads it. */
  @Index('job_openings_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** 务工地点 of the job, as the member's employment record will say it. */
  @Column({ type: 'enum', enum: WorkPlace.values, enumName: 'work_place' })
  place: WorkPlace;

  /** The labour skills wanted (of the labour register's: ORDINARY, SKILLED, WEAK_OR_PARTIAL). */
  @Column({ type: 'enum', enum: LabourSkill.values, enumName: 'labour_skill', array: true })
  skills: LabourSkill[];

  /** Monthly pay (yuan): the placed member's record's monthly income. */
  @Column({ name: 'monthly_pay', type: 'numeric', precision: 12, scale: 2 })
  monthlyPay: string;

  /** Number of places (≥ 1). */
  @Column({ type: 'int' })
  places: number;

  @Column({ name: 'open_from', type: 'date' })
  openFrom: string;

  /** Last day it is open; null: until closed. */
  @Column({ name: 'open_until', type: 'date', nullable: true })
  openUntil: string | null;

  /** A code of employment.channels (公益岗 for a public-welfare post). */
  @Column({ type: 'varchar', length: 100 })
  channel: string;

  /** When it was closed; null while open. */
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
