import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DisabilityType, EducationLevel, HealthCondition, IdType, LabourSkill, Relation, SchoolingStatus, Sex, WorkPlace } from './registry-codes';
import { RegionEntity } from '../regions/region.entity';
import { HouseholdEntity } from './household.entity';
import { ForeignKey } from '../database/foreign-key';
import { TrackedEntity } from '../common/kit/tracked-entity';

export enum JoinReason {
  REGISTRATION = 'REGISTRATION',
  BIRTH = 'BIRTH',
  MARRIAGE = 'MARRIAGE',
  MOVED_IN = 'MOVED_IN',
  OTHER = 'OTHER',
}

export enum LeaveReason {
  DEATH = 'DEATH',
  MARRIAGE = 'MARRIAGE',
  MOVED = 'MOVED',
  HOUSEHOLD_REMOVED = 'HOUSEHOLD_REMOVED',
  OTHER = 'OTHER',
}

/**
 * One person's membership of one household (家庭成员), from joinedOn to leftOn. A person who moves
 * to another household gets a new membership row there; the old one keeps the history, so the
 * members of a household as of any date can be read back. `active` rows carry the blind index
 * of the ID number under a unique index: one person, at most one active household.
 */
@Entity({ name: 'members' })
@Check('members_disability_grade', `disability_grade IS NULL OR disability_grade BETWEEN 1 AND 4`)
@Check('members_months_worked', `months_worked IS NULL OR months_worked BETWEEN 0 AND 12`)
@Index('members_one_active_household', ['idNumberHash'], { unique: true, where: 'active' })
// The keyset order of the member list (by name).
@Index('members_name_id_idx', ['name', 'id'])
// A household's members; unique, so that a member's insurance rows can carry its household and
// village under a foreign key of (member_id, household_id, region_code) (MemberInsuranceEntity).
@Index('members_household_id_id_region_code_key', ['householdId', 'id', 'regionCode'], { unique: true })
export class MemberEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => HouseholdEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The household's village, kept with the member for region-scoped member queries. */
  @Index('members_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ name: 'id_type', type: 'enum', enum: IdType.values, enumName: 'id_type', default: 'RESIDENT_ID_CARD' })
  idType: IdType;

  /** Encrypted ID number. */
  @Column({ name: 'id_number_enc', type: 'text' })
  idNumberEnc: string;

  /** Blind index of the ID number: exact lookup and one-person-one-household. */
  @Index('members_id_number_hash_idx')
  @Column({ name: 'id_number_hash', type: 'varchar', length: 64 })
  idNumberHash: string;

  @Column({ type: 'enum', enum: Sex.values, enumName: 'sex' })
  sex: Sex;

  @Index('members_birth_date_idx')
  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Column({ type: 'enum', enum: Relation.values, enumName: 'relation' })
  relation: Relation;

  @Column({ type: 'varchar', length: 20, nullable: true })
  ethnicity: string | null;

  @Column({ name: 'political_status', type: 'varchar', length: 20, nullable: true })
  politicalStatus: string | null;

  @Column({ name: 'education_level', type: 'enum', enum: EducationLevel.values, enumName: 'education_level', nullable: true })
  educationLevel: EducationLevel | null;

  @Column({ name: 'schooling_status', type: 'enum', enum: SchoolingStatus.values, enumName: 'schooling_status', nullable: true })
  schoolingStatus: SchoolingStatus | null;

  /** A recorded exemption from compulsory schooling (e.g. severe disability, home teaching). */
  @Column({ name: 'schooling_exemption', type: 'varchar', length: 200, nullable: true })
  schoolingExemption: string | null;

  @Column({ type: 'enum', enum: HealthCondition.values, enumName: 'health_condition', array: true, default: () => "'{HEALTHY}'" })
  health: HealthCondition[];

  @Column({ name: 'disability_type', type: 'enum', enum: DisabilityType.values, enumName: 'disability_type', nullable: true })
  disabilityType: DisabilityType | null;

  @Column({ name: 'disability_grade', type: 'smallint', nullable: true })
  disabilityGrade: number | null;

  /** Encrypted disability certificate number (残疾证号, which embeds the ID number): see protected-fields. */
  @Column({ name: 'disability_certificate_enc', type: 'text', nullable: true })
  disabilityCertificateEnc: string | null;

  @Index('members_labour_skill_idx')
  @Column({ name: 'labour_skill', type: 'enum', enum: LabourSkill.values, enumName: 'labour_skill', nullable: true })
  labourSkill: LabourSkill | null;

  @Column({ name: 'work_place', type: 'enum', enum: WorkPlace.values, enumName: 'work_place', nullable: true })
  workPlace: WorkPlace | null;

  @Column({ name: 'months_worked', type: 'smallint', nullable: true })
  monthsWorked: number | null;

  /** 享受低保 */
  @Column({ name: 'low_income_support', type: 'boolean', default: false })
  lowIncomeSupport: boolean;

  /** 特困供养 */
  @Column({ name: 'extreme_poverty_support', type: 'boolean', default: false })
  extremePovertySupport: boolean;

  @Column({ name: 'died_on', type: 'date', nullable: true })
  diedOn: string | null;

  @Column({ name: 'joined_on', type: 'date' })
  joinedOn: string;

  @Column({ name: 'join_reason', type: 'enum', enum: JoinReason, enumName: 'member_join_reason', default: JoinReason.REGISTRATION })
  joinReason: JoinReason;

  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn: string | null;

  @Column({ name: 'leave_reason', type: 'enum', enum: LeaveReason, enumName: 'member_leave_reason', nullable: true })
  leaveReason: LeaveReason | null;
}
