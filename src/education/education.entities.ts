import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { RegionEntity } from '../regions/region.entity';
import { AidProgramme, ReturnCaseStatus, ReturnCaseStepKind, SchoolStage, SchoolTerm } from './education-rules';

/**
 * 学籍: a registered member enrolled in a school in one term of a school year (or the whole
 * year): stage, school, grade within the stage, boarding, in or outside the province. A member
 * has one enrolment a term (terms that overlap are refused). An age outside the stage's ages
 * (education.stage_ages) is recorded with the reason. Its region is the household's village
 * (region scope); its sector the education department's (sector write scope).
 */
@Entity({ name: 'enrolments' })
@Unique('enrolments_member_term_key', ['memberId', 'schoolYear', 'term'])
// The keyset order of the list (newest school year first) and the gaps' scan of a term.
@Index('enrolments_school_year_id_idx', ['schoolYear', 'id'])
@Check('enrolments_grade_check', '"grade" BETWEEN 1 AND 6')
export class EnrolmentEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Index('enrolments_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The school year, by the calendar year it starts in (2018: 2018–2019). */
  @Column({ name: 'school_year', type: 'smallint' })
  schoolYear: number;

  @Column({ type: 'enum', enum: SchoolTerm, enumName: 'school_term' })
  term: SchoolTerm;

  @Column({ type: 'enum', enum: SchoolStage, enumName: 'school_stage' })
  stage: SchoolStage;

  /** 学校: the school's name as written. */
  @Column({ type: 'varchar', length: 200 })
  school: string;

  /** The grade within the stage, from 1 (junior grade 1 is 七年级). */
  @Column({ type: 'smallint' })
  grade: number;

  /** 寄宿生. */
  @Column({ type: 'boolean', default: false })
  boarding: boolean;

  /** 省外就读: the school lies outside Henan. */
  @Column({ name: 'outside_province', type: 'boolean', default: false })
  outsideProvince: boolean;

  /** Why the student's age lies outside the stage's ages; null when it does not. */
  @Column({ name: 'age_reason', type: 'text', nullable: true })
  ageReason: string | null;

  /** The household's village: region scope reads it. */
  @Index('enrolments_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** The responsible department (教育): only its officers (and the offices) change the record. */
  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/**
 * 学生资助: the aid of a programme paid to an enrolled student for a term (or the whole school
 * year): the amount due by the parameters (null where the parameter gives no amount or is not
 * configured), the amount paid and when; a paid amount other than the due one carries the
 * reason. One record a student, programme and term (overlapping terms are a duplicate).
 */
@Entity({ name: 'education_aid_records' })
@Unique('education_aid_records_member_programme_term_key', ['memberId', 'programme', 'schoolYear', 'term'])
@Index('education_aid_records_school_year_id_idx', ['schoolYear', 'id'])
@Check('education_aid_records_amount_check', '"amount" >= 0')
@Check('education_aid_records_due_amount_check', '"due_amount" IS NULL OR "due_amount" >= 0')
export class EducationAidRecordEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('education_aid_records_member_id_idx')
  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Index('education_aid_records_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The enrolment of the term the aid is for. */
  @Index('education_aid_records_enrolment_id_idx')
  @ForeignKey(() => EnrolmentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'enrolment_id', type: 'uuid' })
  enrolmentId: string;

  @Column({ name: 'school_year', type: 'smallint' })
  schoolYear: number;

  @Column({ type: 'enum', enum: SchoolTerm, enumName: 'school_term' })
  term: SchoolTerm;

  @Column({ type: 'enum', enum: AidProgramme, enumName: 'education_aid_programme' })
  programme: AidProgramme;

  /** The amount due by the programme's parameter for the term (yuan); null when it gives none. */
  @Column({ name: 'due_amount', type: 'numeric', precision: 12, scale: 2, nullable: true })
  dueAmount: string | null;

  /** The amount paid (or waived) (yuan). */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  /** The day it was paid; null while not paid. */
  @Column({ name: 'paid_on', type: 'date', nullable: true })
  paidOn: string | null;

  /** Why the amount differs from the due amount; null when it does not. */
  @Column({ name: 'amount_reason', type: 'text', nullable: true })
  amountReason: string | null;

  @Index('education_aid_records_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/**
 * 送教上门: a school-age member taught at home in a school year (severe disability…), by the
 * school that sends the teachers, with the reason. One arrangement a member and school year. The
 * dropout watch leaves such a member out; the exit standard counts it as an exemption where
 * education.home_teaching_counts_enrolled is true.
 */
@Entity({ name: 'home_teaching_arrangements' })
@Unique('home_teaching_arrangements_member_year_key', ['memberId', 'schoolYear'])
export class HomeTeachingEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Index('home_teaching_arrangements_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'school_year', type: 'smallint' })
  schoolYear: number;

  /** The school that sends the teachers. */
  @Column({ type: 'varchar', length: 200 })
  school: string;

  /** Why the member is taught at home. */
  @Column({ type: 'text' })
  reason: string;

  @Index('home_teaching_arrangements_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/**
 * 劝返复学: a case opened for a school-age member out of school, with the deadline the officer
 * sets (no parameter gives one), its steps (visits, persuasion) and its end: returned, or closed
 * with the reason. A member has one open case at a time.
 */
@Entity({ name: 'return_to_school_cases' })
@Index('return_to_school_cases_member_id_idx', ['memberId'])
// One open case a member.
@Index('return_to_school_cases_open_key', ['memberId'], { unique: true, where: `"status" = 'OPEN'` })
@Check('return_to_school_cases_deadline_check', '"deadline" >= "opened_on"')
export class ReturnCaseEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Index('return_to_school_cases_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ name: 'opened_on', type: 'date' })
  openedOn: string;

  /** The day the member should be back at school by (entered by the officer). */
  @Column({ type: 'date' })
  deadline: string;

  @Column({ type: 'enum', enum: ReturnCaseStatus, enumName: 'return_case_status', default: ReturnCaseStatus.OPEN })
  status: ReturnCaseStatus;

  /** The day it was returned or closed; null while open. */
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  /** Why it was closed without a return; null otherwise. */
  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;

  @Index('return_to_school_cases_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/** A step of a return-to-school case (read with its case). */
@Entity({ name: 'return_to_school_steps' })
@Index('return_to_school_steps_case_id_idx', ['caseId', 'takenOn'])
export class ReturnCaseStepEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => ReturnCaseEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'enum', enum: ReturnCaseStepKind, enumName: 'return_case_step_kind' })
  kind: ReturnCaseStepKind;

  @Column({ name: 'taken_on', type: 'date' })
  takenOn: string;

  /** What was done or said (the reason, for a closing). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
