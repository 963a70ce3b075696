import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { RegionEntity } from '../regions/region.entity';

/** What a household needs (§21, the social-assistance network's demand side). */
export enum AssistanceNeedKind {
  /** 照料护理 */
  CARE = 'CARE',
  /** 医疗 */
  MEDICAL = 'MEDICAL',
  /** 教育 */
  EDUCATION = 'EDUCATION',
  /** 就业 */
  EMPLOYMENT = 'EMPLOYMENT',
  /** 住房 */
  HOUSING = 'HOUSING',
}

/** Where a need stands: open, met (a match delivered), or withdrawn. */
export enum AssistanceNeedStatus {
  OPEN = 'OPEN',
  MET = 'MET',
  WITHDRAWN = 'WITHDRAWN',
}

/** Who provides: a unit (机关事业单位), an enterprise, a social organisation (社会组织), a volunteer. */
export enum AssistanceProviderKind {
  UNIT = 'UNIT',
  ENTERPRISE = 'ENTERPRISE',
  SOCIAL_ORGANISATION = 'SOCIAL_ORGANISATION',
  VOLUNTEER = 'VOLUNTEER',
}

/** A match's stage: proposed → accepted → delivered, or declined (the kit's procedure table, demand-matching-procedure.ts). */
export enum AssistanceMatchStage {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  DELIVERED = 'DELIVERED',
  DECLINED = 'DECLINED',
}

/**
 * A need of a registered household (社会救助需求, §21): its kind, what is needed, the day recorded,
 * the member concerned where one is, and its status. Region: the household's village; sector:
 * civil affairs (民政), whose officers record it.
 */
@Entity({ name: 'assistance_needs' })
@Index('assistance_needs_status_idx', ['status'])
export class AssistanceNeedEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('assistance_needs_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Index('assistance_needs_member_id_idx')
  @ForeignKey(() => MemberEntity, { onDelete: 'SET NULL' })
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ type: 'enum', enum: AssistanceNeedKind, enumName: 'assistance_need_kind' })
  kind: AssistanceNeedKind;

  @Column({ type: 'varchar', length: 500 })
  description: string;

  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn: string;

  @Column({ type: 'enum', enum: AssistanceNeedStatus, enumName: 'assistance_need_status', default: AssistanceNeedStatus.OPEN })
  status: AssistanceNeedStatus;

  @Index('assistance_needs_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/**
 * A provider of the social-assistance network (§21): a unit, enterprise, social organisation or
 * volunteer, what it offers (the need kinds and in words) and the region it serves (its subtree).
 * Region: the region served; sector: civil affairs.
 */
@Entity({ name: 'assistance_providers' })
export class AssistanceProviderEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'enum', enum: AssistanceProviderKind, enumName: 'assistance_provider_kind' })
  kind: AssistanceProviderKind;

  /** The need kinds it offers. */
  @Column({ type: 'enum', enum: AssistanceNeedKind, enumName: 'assistance_need_kind', array: true })
  offers: AssistanceNeedKind[];

  /** What it offers, in words. */
  @Column({ type: 'varchar', length: 500 })
  offering: string;

  /** No longer taking new matches. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The region served (any level; its subtree). */
  @Index('assistance_providers_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/**
 * A need matched with a provider (§21): proposed → accepted → delivered, or declined, with the day
 * of each step and the outcome. One live (not declined) match per need and provider. Region: the
 * need's village; sector: civil affairs.
 */
@Entity({ name: 'assistance_matches' })
@Index('assistance_matches_live_key', ['needId', 'providerId'], { unique: true, where: `"stage" <> 'DECLINED'` })
@Check('assistance_matches_dates_check', `("accepted_on" IS NULL OR "accepted_on" >= "proposed_on") AND ("closed_on" IS NULL OR "closed_on" >= "proposed_on")`)
export class AssistanceMatchEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('assistance_matches_need_id_idx')
  @ForeignKey(() => AssistanceNeedEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'need_id', type: 'uuid' })
  needId: string;

  @Index('assistance_matches_provider_id_idx')
  @ForeignKey(() => AssistanceProviderEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @Index('assistance_matches_stage_idx')
  @Column({ type: 'enum', enum: AssistanceMatchStage, enumName: 'assistance_match_stage', default: AssistanceMatchStage.PROPOSED })
  stage: AssistanceMatchStage;

  @Column({ name: 'proposed_on', type: 'date' })
  proposedOn: string;

  @Column({ name: 'accepted_on', type: 'date', nullable: true })
  acceptedOn: string | null;

  /** The day delivered or declined. */
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  /** What was delivered, or why it was declined. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  outcome: string | null;

  @Index('assistance_matches_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
