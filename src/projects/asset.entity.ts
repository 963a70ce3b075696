import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { RegionEntity } from '../regions/region.entity';
import { ImplementingEntityEntity } from './implementing-entity.entity';
import { ProjectEntity } from './project.entity';

/** 资产类型: what a project built (RULES.md has no parameter list of asset kinds, so an enum). */
export enum AssetKind {
  PV_STATION = 'PV_STATION',
  WORKSHOP = 'WORKSHOP',
  GREENHOUSE = 'GREENHOUSE',
  LIVESTOCK = 'LIVESTOCK',
  ROAD_WATER = 'ROAD_WATER',
  OTHER = 'OTHER',
}

/** 产权归属: who owns the asset. */
export enum AssetOwnerType {
  VILLAGE_COLLECTIVE = 'VILLAGE_COLLECTIVE',
  HOUSEHOLD = 'HOUSEHOLD',
  OTHER = 'OTHER',
}

/**
 * 扶贫资产: an asset an industry project formed (a PV station, a workshop building…), with its
 * owner (a village collective, a household, or another owner by name), its value, its handover
 * date and its operator (an implementing entity). Region and sector are the project's: region
 * scope reads them, the sector write scope guards changes.
 */
@Entity({ name: 'project_assets' })
// The keyset order of the list (by name).
@Index('project_assets_name_id_idx', ['name', 'id'])
export class ProjectAssetEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The project that formed it. */
  @Index('project_assets_project_id_idx')
  @ForeignKey(() => ProjectEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index('project_assets_kind_idx')
  @Column({ type: 'enum', enum: AssetKind, enumName: 'project_asset_kind' })
  kind: AssetKind;

  @Column({ name: 'owner_type', type: 'enum', enum: AssetOwnerType, enumName: 'project_asset_owner_type' })
  ownerType: AssetOwnerType;

  /** The owning village (VILLAGE_COLLECTIVE). */
  @Index('project_assets_owner_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'owner_region_code', type: 'varchar', length: 12, collation: 'C', nullable: true })
  ownerRegionCode: string | null;

  /** The owning household (HOUSEHOLD). */
  @Index('project_assets_owner_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'owner_household_id', type: 'uuid', nullable: true })
  ownerHouseholdId: string | null;

  /** The owner's name (OTHER). */
  @Column({ name: 'owner_name', type: 'varchar', length: 200, nullable: true })
  ownerName: string | null;

  /** 资产价值 in yuan. */
  @Column({ type: 'numeric', precision: 12, scale: 2 })
  value: string;

  /** 移交日期; null until handed over. */
  @Column({ name: 'handed_over_on', type: 'date', nullable: true })
  handedOverOn: string | null;

  /** 经营主体 that runs it, when one does. */
  @Index('project_assets_operator_id_idx')
  @ForeignKey(() => ImplementingEntityEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'operator_id', type: 'uuid', nullable: true })
  operatorId: string | null;

  /** The project's region: what region scope reads. */
  @Index('project_assets_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** The project's sector department; null for the poverty office's own projects. */
  @Column({ type: 'enum', enum: Sector, enumName: 'sector', nullable: true })
  sector: Sector | null;
}
