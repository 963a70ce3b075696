import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { RegionEntity } from '../regions/region.entity';
import { ProjectAssetEntity } from './asset.entity';

const money = { type: 'numeric' as const, precision: 12, scale: 2 };

/**
 * 扶贫资产收益: what an asset earned in one year and how it was distributed (公益岗位工资, 分配到户,
 * 村集体留存, other). One row per asset and year; the parts sum to at most the income (the service
 * checks it, ASSET_INCOME_DISTRIBUTION_OVER). Region and sector are the asset's, copied for scope.
 */
@Entity({ name: 'project_asset_incomes' })
@Unique('project_asset_incomes_asset_id_year_key', ['assetId', 'year'])
// The keyset order of the list (newest year first).
@Index('project_asset_incomes_year_id_idx', ['year', 'id'])
// The service's checks, kept by the database too: no negative amount, no more distributed than earned.
@Check(
  'project_asset_incomes_distribution_check',
  '"income" >= 0 AND "to_public_welfare_posts" >= 0 AND "to_households" >= 0 AND "to_collective" >= 0 AND "other" >= 0 AND "to_public_welfare_posts" + "to_households" + "to_collective" + "other" <= "income"',
)
export class ProjectAssetIncomeEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => ProjectAssetEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'asset_id', type: 'uuid' })
  assetId: string;

  @Column({ type: 'int' })
  year: number;

  /** 当年收益: the total earned in the year, yuan. */
  @Column({ ...money })
  income: string;

  /** 公益岗位工资: paid as wages of public-welfare posts. */
  @Column({ name: 'to_public_welfare_posts', ...money })
  toPublicWelfarePosts: string;

  /** 分配到户: distributed to households. */
  @Column({ name: 'to_households', ...money })
  toHouseholds: string;

  /** 村集体留存: kept by the village collective. */
  @Column({ name: 'to_collective', ...money })
  toCollective: string;

  /** Other uses. */
  @Column({ ...money })
  other: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  /** The asset's region: what region scope reads. */
  @Index('project_asset_incomes_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** The asset's sector; null for the poverty office's own projects. */
  @Column({ type: 'enum', enum: Sector, enumName: 'sector', nullable: true })
  sector: Sector | null;
}
