import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RegionEntity } from '../regions/region.entity';
import { HouseholdEntity } from './household.entity';
import { ForeignKey } from '../database/foreign-key';
import { TrackedEntity } from '../common/kit/tracked-entity';

export enum ProposalKind {
  /** 识别纳入: a candidate household enters the roll. */
  REGISTRATION = 'REGISTRATION',
  /** 脱贫退出, with the national procedure and the exit standard. */
  EXIT = 'EXIT',
  /** 返贫 */
  RETURN_TO_POVERTY = 'RETURN_TO_POVERTY',
  /** 剔除 (wrongly registered) */
  REMOVAL = 'REMOVAL',
}

export enum ProposalStage {
  /** The village proposed (for an exit: after its democratic appraisal). */
  PROPOSED = 'PROPOSED',
  /** Exit only: the household's agreement is recorded. */
  HOUSEHOLD_AGREED = 'HOUSEHOLD_AGREED',
  TOWN_REVIEWED = 'TOWN_REVIEWED',
  /** Exit only: approved by the district, publicly noticed (公示) until noticeEndsOn. */
  IN_NOTICE = 'IN_NOTICE',
  COMPLETED = 'COMPLETED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}

/**
 * A bottom-up procedure on one household: the village proposes, the town reviews, the district
 * approves; for an exit also the household's agreement and the public notice. The household's
 * status changes only when the procedure completes. At most one open procedure per household.
 */
@Entity({ name: 'household_proposals' })
@Index('household_proposals_one_open', ['householdId'], {
  unique: true,
  where: `stage NOT IN ('COMPLETED', 'REJECTED', 'WITHDRAWN')`,
})
export class ProposalEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('household_proposals_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Index('household_proposals_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Index('household_proposals_kind_idx')
  @Column({ type: 'enum', enum: ProposalKind, enumName: 'proposal_kind' })
  kind: ProposalKind;

  @Index('household_proposals_stage_idx')
  @Column({ type: 'enum', enum: ProposalStage, enumName: 'proposal_stage', default: ProposalStage.PROPOSED })
  stage: ProposalStage;

  /** The year the change counts for (the exit year for an exit). */
  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  /** Exit: date of the village's democratic appraisal (民主评议). */
  @Column({ name: 'appraisal_on', type: 'date', nullable: true })
  appraisalOn: string | null;

  @Column({ name: 'household_agreed_on', type: 'date', nullable: true })
  householdAgreedOn: string | null;

  @Column({ name: 'notice_days', type: 'smallint', nullable: true })
  noticeDays: number | null;

  @Column({ name: 'notice_starts_on', type: 'date', nullable: true })
  noticeStartsOn: string | null;

  @Column({ name: 'notice_ends_on', type: 'date', nullable: true })
  noticeEndsOn: string | null;

  @Column({ name: 'objections', type: 'smallint', default: 0 })
  objections: number;

  @Column({ name: 'proposed_by', type: 'uuid' })
  proposedBy: string;

  @Column({ name: 'town_reviewed_by', type: 'uuid', nullable: true })
  townReviewedBy: string | null;

  @Column({ name: 'district_approved_by', type: 'uuid', nullable: true })
  districtApprovedBy: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: string | null;
}
