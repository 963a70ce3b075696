import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { RegionEntity } from '../regions/region.entity';

/**
 * 家庭医生签约: a member's contract with a family doctor (the doctor, the clinic, the period), the
 * priority disease it follows (a disease of health.family_doctor in force on its start) and the
 * follow-ups agreed (due); the follow-ups done are FamilyDoctorFollowUpEntity rows. A member has
 * no two contracts whose periods overlap. Region: the household's village; sector: health.
 */
@Entity({ name: 'family_doctor_contracts' })
@Index('family_doctor_contracts_member_starts_idx', ['memberId', 'startsOn'])
@Check('family_doctor_contracts_period_check', '"ends_on" IS NULL OR "ends_on" >= "starts_on"')
@Check('family_doctor_contracts_due_check', '"follow_ups_due" >= 0')
export class FamilyDoctorContractEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Index('family_doctor_contracts_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The family doctor's name. */
  @Column({ type: 'varchar', length: 100 })
  doctor: string;

  /** The clinic or team (乡镇卫生院, 村卫生室…). */
  @Column({ type: 'varchar', length: 200 })
  clinic: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  /** The last day; null while it runs. */
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  /** A priority disease of health.family_doctor (高血压, 糖尿病…); null for a contract without one. */
  @Column({ name: 'priority_disease', type: 'varchar', length: 100, nullable: true })
  priorityDisease: string | null;

  /** The follow-ups agreed over the contract's period (随访). */
  @Column({ name: 'follow_ups_due', type: 'smallint', default: 0 })
  followUpsDue: number;

  /** The household's village: region scope reads it. */
  @Index('family_doctor_contracts_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/** 随访记录: a follow-up done under a contract, on a day within its period, with a note. Region and sector: the contract's. */
@Entity({ name: 'family_doctor_follow_ups' })
@Index('family_doctor_follow_ups_contract_on_idx', ['contractId', 'followedOn'])
export class FamilyDoctorFollowUpEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => FamilyDoctorContractEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'contract_id', type: 'uuid' })
  contractId: string;

  @Column({ name: 'followed_on', type: 'date' })
  followedOn: string;

  @Column({ type: 'varchar', length: 1000 })
  note: string;

  @Index('family_doctor_follow_ups_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
