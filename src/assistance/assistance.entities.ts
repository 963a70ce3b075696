import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { RegionEntity } from '../regions/region.entity';
import { TrackedEntity } from '../common/kit/tracked-entity';

export enum UnitKind {
  PARTY_GOVERNMENT = 'PARTY_GOVERNMENT',
  PUBLIC_INSTITUTION = 'PUBLIC_INSTITUTION',
  STATE_ENTERPRISE = 'STATE_ENTERPRISE',
  PRIVATE_ENTERPRISE = 'PRIVATE_ENTERPRISE',
  SOCIAL_ORGANISATION = 'SOCIAL_ORGANISATION',
  OTHER = 'OTHER',
}

/** 帮扶单位: a unit that sends helpers and work teams. */
@Entity({ name: 'assisting_units' })
export class AssistingUnitEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('assisting_units_name_key', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'enum', enum: UnitKind, enumName: 'assisting_unit_kind', default: UnitKind.PARTY_GOVERNMENT })
  kind: UnitKind;

  /** The district (or town) the unit belongs to, for scope. */
  @Index('assisting_units_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;
}

/** 帮扶责任人: a cadre of an assisting unit, responsible for some households. */
@Entity({ name: 'helpers' })
export class HelperEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Index('helpers_unit_id_idx')
  @ForeignKey(() => AssistingUnitEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  /** Where the helper works (usually the town or village of the paired households). */
  @Index('helpers_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  position: string | null;

  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc: string | null;

  @Index('helpers_phone_hash_idx')
  @Column({ name: 'phone_hash', type: 'varchar', length: 64, nullable: true })
  phoneHash: string | null;
}

/** 结对帮扶: a helper paired with a household from startOn to endOn (exited households keep theirs). */
@Entity({ name: 'pairings' })
@Check('pairings_dates', `end_on IS NULL OR end_on >= start_on`)
@Index('pairings_one_open', ['helperId', 'householdId'], { unique: true, where: 'end_on IS NULL' })
export class PairingEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('pairings_helper_id_idx')
  @ForeignKey(() => HelperEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'helper_id', type: 'uuid' })
  helperId: string;

  @Index('pairings_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Index('pairings_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ name: 'start_on', type: 'date' })
  startOn: string;

  @Column({ name: 'end_on', type: 'date', nullable: true })
  endOn: string | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 200, nullable: true })
  endReason: string | null;
}

export enum VisitDelivery {
  TECHNOLOGY = 'TECHNOLOGY',
  INFORMATION = 'INFORMATION',
  SERVICES = 'SERVICES',
  FUNDS = 'FUNDS',
  GOODS = 'GOODS',
  POLICY = 'POLICY',
}

/** 走访记录: a helper's visit to a household and what it delivered (§5: 送技术、送信息、送服务). */
@Entity({ name: 'visits' })
export class VisitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('visits_helper_id_idx')
  @ForeignKey(() => HelperEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'helper_id', type: 'uuid' })
  helperId: string;

  @Index('visits_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Index('visits_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Index('visits_visited_on_idx')
  @Column({ name: 'visited_on', type: 'date' })
  visitedOn: string;

  @Column({ type: 'enum', enum: VisitDelivery, enumName: 'visit_delivery', array: true, default: () => "'{}'" })
  delivered: VisitDelivery[];

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export enum VillageRole {
  FIRST_SECRETARY = 'FIRST_SECRETARY',
  WORK_TEAM_LEADER = 'WORK_TEAM_LEADER',
  WORK_TEAM_MEMBER = 'WORK_TEAM_MEMBER',
}

/** 第一书记 and 驻村工作队 of a village, with their terms. */
@Entity({ name: 'village_assignments' })
@Check('village_assignments_dates', `end_on IS NULL OR end_on >= start_on`)
export class VillageAssignmentEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('village_assignments_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ name: 'person_name', type: 'varchar', length: 50 })
  personName: string;

  @Index('village_assignments_unit_id_idx')
  @ForeignKey(() => AssistingUnitEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ type: 'enum', enum: VillageRole, enumName: 'village_role' })
  role: VillageRole;

  @Column({ name: 'start_on', type: 'date' })
  startOn: string;

  @Column({ name: 'end_on', type: 'date', nullable: true })
  endOn: string | null;
}
