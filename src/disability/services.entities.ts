import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { MemberEntity } from '../households/member.entity';
import { RegionEntity } from '../regions/region.entity';

/** What a disabled person needs or was given (issue #18 part 4; RULES.md §6 disability.services). */
export enum DisabilityServiceKind {
  /** 康复 (精准康复): rehabilitation training or treatment. */
  REHABILITATION = 'REHABILITATION',
  /** 辅助器具 (适配, part of 精准康复). */
  ASSISTIVE_DEVICE = 'ASSISTIVE_DEVICE',
  /** 无障碍改造: barrier-free adaptation of the home. */
  HOME_ADAPTATION = 'HOME_ADAPTATION',
  /** 托养/照料: centralised (集中托养) or at home (居家/社会化照料). */
  CARE = 'CARE',
}

/** How care is given. */
export enum DisabilityCareMode {
  /** 集中托养: in an institution. */
  CENTRALISED = 'CENTRALISED',
  /** 居家托养 / 社会化照料: at home. */
  HOME = 'HOME',
}

/** Where a service need stands: open, met (a service delivered against it), or withdrawn. */
export enum DisabilityServiceNeedStatus {
  OPEN = 'OPEN',
  MET = 'MET',
  WITHDRAWN = 'WITHDRAWN',
}

/** A rehabilitation service's place in the children's rehabilitation aid (残疾儿童康复救助), decided when recorded. */
export enum ChildRehabAidStatus {
  /** A child within the age bound, on or after disability.child_rehab_aid's effective date: aided (救助). */
  AIDED = 'AIDED',
  /** Older than the age bound on the day. */
  NOT_CHILD = 'NOT_CHILD',
  /** disability.child_rehab_aid not in force (or false) on the day in the village: before 2018-10-01. */
  NOT_IN_FORCE = 'NOT_IN_FORCE',
  /** The aid is in force but its age bound (disability.child_rehab_aid_max_age) is not configured. */
  NOT_CONFIGURED = 'NOT_CONFIGURED',
}

/**
 * A service need of a disabled member (certified, or marked disabled in the registry): its kind
 * (care with its mode), the day assessed, what is needed, and its status. Region: the household's
 * village; sector: the disabled persons' federation (残联).
 */
@Entity({ name: 'disability_service_needs' })
@Index('disability_service_needs_status_idx', ['status'])
@Check('disability_service_needs_care_mode_check', `("kind" = 'CARE') = ("care_mode" IS NOT NULL)`)
export class DisabilityServiceNeedEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('disability_service_needs_member_id_idx')
  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Index('disability_service_needs_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'enum', enum: DisabilityServiceKind, enumName: 'disability_service_kind' })
  kind: DisabilityServiceKind;

  /** Care only: centralised or at home. */
  @Column({ name: 'care_mode', type: 'enum', enum: DisabilityCareMode, enumName: 'disability_care_mode', nullable: true })
  careMode: DisabilityCareMode | null;

  @Column({ name: 'assessed_on', type: 'date' })
  assessedOn: string;

  @Column({ type: 'varchar', length: 500 })
  description: string;

  @Column({ type: 'enum', enum: DisabilityServiceNeedStatus, enumName: 'disability_service_need_status', default: DisabilityServiceNeedStatus.OPEN })
  status: DisabilityServiceNeedStatus;

  @Index('disability_service_needs_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}

/**
 * A service delivered to a disabled member, against a need or directly: the day, the provider,
 * the kind's detail (rehabilitation: programme and sessions; device: type and quantity;
 * adaptation: items, completed and accepted days; care: mode, institution, period), cost and
 * subsidy (exact), and for rehabilitation its place in the children's rehabilitation aid.
 * Region: the household's village; sector: the disabled persons' federation.
 */
@Entity({ name: 'disability_services' })
@Index('disability_services_delivered_on_idx', ['deliveredOn'])
@Check('disability_services_amounts_check', '"cost" >= 0 AND "subsidy" >= 0 AND "subsidy" <= "cost"')
@Check('disability_services_counts_check', '("sessions" IS NULL OR "sessions" >= 1) AND ("quantity" IS NULL OR "quantity" >= 1)')
@Check('disability_services_dates_check', '("accepted_on" IS NULL OR "accepted_on" >= "completed_on") AND ("period_end" IS NULL OR "period_end" >= "period_start")')
export class DisabilityServiceEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The need it meets, if recorded against one. */
  @Index('disability_services_need_id_idx')
  @ForeignKey(() => DisabilityServiceNeedEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'need_id', type: 'uuid', nullable: true })
  needId: string | null;

  @Index('disability_services_member_id_idx')
  @ForeignKey(() => MemberEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Index('disability_services_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Column({ type: 'enum', enum: DisabilityServiceKind, enumName: 'disability_service_kind' })
  kind: DisabilityServiceKind;

  @Column({ name: 'delivered_on', type: 'date' })
  deliveredOn: string;

  @Column({ type: 'varchar', length: 200 })
  provider: string;

  /** Rehabilitation: the programme (康复项目). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  programme: string | null;

  /** Rehabilitation: the sessions given. */
  @Column({ type: 'integer', nullable: true })
  sessions: number | null;

  /** Assistive device: its type (轮椅, 助听器 …). */
  @Column({ name: 'device_type', type: 'varchar', length: 100, nullable: true })
  deviceType: string | null;

  @Column({ type: 'integer', nullable: true })
  quantity: number | null;

  /** Home adaptation: the items done (改造项目). */
  @Column({ name: 'adaptation_items', type: 'varchar', length: 500, nullable: true })
  adaptationItems: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: string | null;

  /** 验收: the day the adaptation was accepted. */
  @Column({ name: 'accepted_on', type: 'date', nullable: true })
  acceptedOn: string | null;

  @Column({ name: 'care_mode', type: 'enum', enum: DisabilityCareMode, enumName: 'disability_care_mode', nullable: true })
  careMode: DisabilityCareMode | null;

  /** Care: the institution (托养机构) or the organisation caring at home. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  institution: string | null;

  @Column({ name: 'period_start', type: 'date', nullable: true })
  periodStart: string | null;

  /** Null while the care goes on. */
  @Column({ name: 'period_end', type: 'date', nullable: true })
  periodEnd: string | null;

  /** Yuan. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  cost: string;

  /** Yuan, not above the cost. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  subsidy: string;

  /** Rehabilitation only: its place in the children's rehabilitation aid, decided when recorded. */
  @Column({ name: 'child_rehab_aid', type: 'enum', enum: ChildRehabAidStatus, enumName: 'disability_child_rehab_aid', nullable: true })
  childRehabAid: ChildRehabAidStatus | null;

  @Index('disability_services_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
