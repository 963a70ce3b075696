import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { ImplementingEntityEntity } from '../projects/implementing-entity.entity';
import { RegionEntity } from '../regions/region.entity';

/**
 * 培训班: a training course (实名制培训) organised in a region (a village, a town or the district):
 * its type a code of employment.training in force on its start, the provider (a name, and an
 * implementing entity where one runs it), the dates and the hours. Its region is the organiser's
 * (region scope); its sector the human resources department's (sector write scope).
 */
@Entity({ name: 'training_courses' })
// The keyset order of the list (newest start first).
@Index('training_courses_starts_on_id_idx', ['startsOn', 'id'])
@Check('training_courses_period_check', '"ends_on" >= "starts_on"')
@Check('training_courses_hours_check', '"hours" > 0')
export class TrainingCourseEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** 培训机构: the provider's name as written (the entity's name when one is named). */
  @Column({ type: 'varchar', length: 200 })
  provider: string;

  /** The provider when it is an implementing entity of the industry projects module. */
  @Index('training_courses_provider_entity_id_idx')
  @ForeignKey(() => ImplementingEntityEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'provider_entity_id', type: 'uuid', nullable: true })
  providerEntityId: string | null;

  /** A code of employment.training in force on the course's start in its region. */
  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  /** 学时: the course's hours (> 0). */
  @Column({ type: 'numeric', precision: 7, scale: 1 })
  hours: string;

  /** The organiser's region (a village, a town or the district): region scope reads it. */
  @Index('training_courses_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/**
 * 参训学员 (实名制): a member enrolled in a course, by real name: completed or not, hours attended,
 * the certificate and the day it was passed. A member once per course. Its region is the member's
 * household village (region scope), so a village officer sees its villagers in a town's course.
 */
@Entity({ name: 'training_participations' })
@Unique('training_participations_course_member_key', ['courseId', 'memberId'])
@Check('training_participations_hours_check', '"hours_attended" IS NULL OR "hours_attended" >= 0')
export class TrainingParticipationEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => TrainingCourseEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @Index('training_participations_member_id_idx')
  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Index('training_participations_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** Completed the course (结业). */
  @Column({ type: 'boolean', default: false })
  completed: boolean;

  @Column({ name: 'hours_attended', type: 'numeric', precision: 7, scale: 1, nullable: true })
  hoursAttended: string | null;

  /** The certificate (证书) obtained, as written on it. */
  @Column({ name: 'certificate_name', type: 'varchar', length: 200, nullable: true })
  certificateName: string | null;

  @Column({ name: 'certificate_number', type: 'varchar', length: 100, nullable: true })
  certificateNumber: string | null;

  /** The day the certificate (or the course's test) was passed. */
  @Column({ name: 'passed_on', type: 'date', nullable: true })
  passedOn: string | null;

  /** The member's household village: region scope reads it. */
  @Index('training_participations_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
