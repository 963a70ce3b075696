import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HouseholdEntity, HouseholdValidity } from './household.entity';
import { PovertyStatus } from './registry-codes';
import { RegionEntity } from '../regions/region.entity';
import { MemberEntity } from './member.entity';
import { ProposalEntity } from './proposal.entity';
import { ForeignKey } from '../database/foreign-key';

export enum HouseholdEventKind {
  /** Status or validity changed (registration, exit announced, return, removal). */
  STATUS_CHANGED = 'STATUS_CHANGED',
  MEMBER_JOINED = 'MEMBER_JOINED',
  MEMBER_LEFT = 'MEMBER_LEFT',
  /** A step of a proposal: proposed, agreed, reviewed, approved, noticed, objected, rejected. */
  PROCEDURE_STEP = 'PROCEDURE_STEP',
  /** Who heads the household from this date (member_id; step: that member's relation before, if any). */
  HEAD_CHANGED = 'HEAD_CHANGED',
}

/** The reason of a household's first HEAD_CHANGED event, written when it is created (or loaded as demo data). */
export const FIRST_HEAD_REASON = '登记户主';

/**
 * The history of a household: every status and member change with its effective date, reason,
 * evidence and actor. Status and membership "as of" any date are derived from these rows, so
 * year-end figures can be reproduced later.
 */
@Entity({ name: 'household_events' })
@Index('household_events_household_date_idx', ['householdId', 'effectiveOn'])
export class HouseholdEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => HouseholdEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Index('household_events_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Index('household_events_member_id_idx')
  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  @Index('household_events_kind_idx')
  @Column({ type: 'enum', enum: HouseholdEventKind, enumName: 'household_event_kind' })
  kind: HouseholdEventKind;

  @Index('household_events_effective_on_idx')
  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;

  @Column({ name: 'from_status', type: 'enum', enum: PovertyStatus.values, enumName: 'poverty_status', nullable: true })
  fromStatus: PovertyStatus | null;

  @Column({ name: 'to_status', type: 'enum', enum: PovertyStatus.values, enumName: 'poverty_status', nullable: true })
  toStatus: PovertyStatus | null;

  @Column({ name: 'from_validity', type: 'enum', enum: HouseholdValidity, enumName: 'household_validity', nullable: true })
  fromValidity: HouseholdValidity | null;

  @Column({ name: 'to_validity', type: 'enum', enum: HouseholdValidity, enumName: 'household_validity', nullable: true })
  toValidity: HouseholdValidity | null;

  /** Exit year carried by an exit event. */
  @Column({ name: 'exit_year', type: 'smallint', nullable: true })
  exitYear: number | null;

  /** Machine-readable step name for PROCEDURE_STEP (e.g. TOWN_REVIEWED). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  step: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  @Index('household_events_proposal_id_idx')
  @ForeignKey(() => ProposalEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'proposal_id', type: 'uuid', nullable: true })
  proposalId: string | null;

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 100, nullable: true })
  actorName: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
