import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { WorkPlace } from '../households/registry-codes';
import { ImplementingEntityEntity } from '../projects/implementing-entity.entity';
import { RegionEntity } from '../regions/region.entity';
import { PublicWelfarePostEntity } from './posts.entity';
import { PovertyWorkshopEntity } from './workshops.entity';
import { JobOpeningEntity } from './openings.entity';

/**
 * 务工就业台账: one job of a registered member in one year: channel (a code of
 * employment.channels), place, employer (an implementing entity where known, else the employer's
 * name), the period, the months worked in the year and the monthly income. A job lasting several
 * years has a record per year, as the yearly ledger of the human resources department has. The
 * registry's months worked and wage income of the year are derived from these records (see
 * employment-year.sql.ts). Its region is the household's village (region scope); its sector the
 * human resources department's (sector write scope).
 */
@Entity({ name: 'employment_records' })
// The keyset order of the list (newest start first).
@Index('employment_records_starts_on_id_idx', ['startsOn', 'id'])
// A member's records of a year: the figures of the year and the overlap check.
@Index('employment_records_member_year_idx', ['memberId', 'year'])
// The household's records of a year: the targets and the coverage (anti joins by household).
@Index('employment_records_household_year_idx', ['householdId', 'year'])
@Check('employment_records_months_check', '"months_worked" BETWEEN 0 AND 12')
@Check('employment_records_period_check', '"ends_on" IS NULL OR "ends_on" >= "starts_on"')
@Check('employment_records_income_check', '"monthly_income" >= 0')
export class EmploymentRecordEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The calendar year the record is of. */
  @Column({ type: 'smallint' })
  year: number;

  /** A code of employment.channels in force in the year in the household's village. */
  @Column({ type: 'varchar', length: 100 })
  channel: string;

  /** 务工地点: within the town, the county, the province, or outside it. */
  @Column({ type: 'enum', enum: WorkPlace.values, enumName: 'work_place' })
  place: WorkPlace;

  /** The employer (用工单位) when it is an implementing entity of the industry projects module. */
  @Index('employment_records_employer_entity_id_idx')
  @ForeignKey(() => ImplementingEntityEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'employer_entity_id', type: 'uuid', nullable: true })
  employerEntityId: string | null;

  /** The employer's name as the ledger writes it (the entity's name when one is named). */
  @Column({ name: 'employer_name', type: 'varchar', length: 200, nullable: true })
  employerName: string | null;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  /** The last day of the job; null while it goes on. */
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  /** Months worked in the year (0–12), at most the months of the year the period touches. */
  @Column({ name: 'months_worked', type: 'smallint' })
  monthsWorked: number;

  /** Monthly income (yuan). */
  @Column({ name: 'monthly_income', type: 'numeric', precision: 12, scale: 2 })
  monthlyIncome: string;

  /** Why the period overlaps another record of the member (two part-time jobs); null when it does not. */
  @Column({ name: 'overlap_reason', type: 'text', nullable: true })
  overlapReason: string | null;

  /**
   * 联系方式 (RULES.md employment.ledger_fields): a phone to reach the worker or the employer,
   * protected (EMPLOYMENT_RECORD_CONTACT_PHONE): ciphertext only, answered masked.
   */
  @Column({ name: 'contact_phone_enc', type: 'text', nullable: true })
  contactPhoneEnc: string | null;

  /** The public-welfare post held (set by assignPostHolder); null for other jobs. */
  @Index('employment_records_post_id_idx')
  @ForeignKey(() => PublicWelfarePostEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'post_id', type: 'uuid', nullable: true })
  postId: string | null;

  /** Why a post's holder lives in another village than the post's; null otherwise. */
  @Column({ name: 'other_village_reason', type: 'text', nullable: true })
  otherVillageReason: string | null;

  /** The basis of a post holder's eligibility stated by the assigner ("三无"人员…); null when none was stated. */
  @Column({ name: 'eligibility_note', type: 'text', nullable: true })
  eligibilityNote: string | null;

  /** The poverty-alleviation workshop worked in (channel 扶贫车间/代加工点); null for other jobs. */
  @Index('employment_records_workshop_id_idx')
  @ForeignKey(() => PovertyWorkshopEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'workshop_id', type: 'uuid', nullable: true })
  workshopId: string | null;
  /** The job opening the member was placed in (placeCandidate); null for a record entered directly. */
  @Index('employment_records_opening_id_idx')
  @ForeignKey(() => JobOpeningEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'opening_id', type: 'uuid', nullable: true })
  openingId: string | null;

  /** The household's village: region scope reads it. */
  @Index('employment_records_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** The responsible department (人社): only its officers (and the offices) change the record. */
  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/**
 * 不愿就业 / 暂无就业意愿: a member of the labour register marked as not seeking work, with the
 * reason (caring for a sick relative, studying, …). One mark a member; clearing it deletes it (the
 * audit trail keeps it). The register itself is the registry's members: a member who leaves or
 * dies leaves it, mark or not.
 */
@Entity({ name: 'labour_not_seeking_marks' })
export class NotSeekingWorkMarkEntity extends TrackedEntity {
  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Index('labour_not_seeking_marks_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'text' })
  reason: string;

  /** Since when (the officer's date). */
  @Column({ name: 'marked_on', type: 'date' })
  markedOn: string;

  @Index('labour_not_seeking_marks_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
