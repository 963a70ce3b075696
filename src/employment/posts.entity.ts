import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { ProjectAssetEntity } from '../projects/asset.entity';
import { RegionEntity } from '../regions/region.entity';

/**
 * 公益岗位: a public-welfare post of a village (护林员, 保洁员…): its type (a code of
 * employment.pwp_types), the number of places, the monthly pay stated per post
 * (employment.pwp_monthly_pay is not configured: never a default), the funding source and, where
 * one funds it, the project asset (a village PV station…). Its holders are employment records with
 * post_id set (assignPostHolder). Closing it sets closed_on and the reason; its region is the
 * village (region scope), its sector the human resources department's (sector write scope).
 */
@Entity({ name: 'public_welfare_posts' })
// The keyset order of the list (by name).
@Index('public_welfare_posts_name_id_idx', ['name', 'id'])
@Check('public_welfare_posts_places_check', '"places" >= 1')
@Check('public_welfare_posts_pay_check', '"monthly_pay" >= 0')
@Check('public_welfare_posts_period_check', '"ends_on" IS NULL OR "ends_on" >= "starts_on"')
export class PublicWelfarePostEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The village (region scope reads it). */
  @Index('public_welfare_posts_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** A code of employment.pwp_types in force on the post's start in the village. */
  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Number of places (≥ 1). */
  @Column({ type: 'int' })
  places: number;

  /** Monthly pay of a holder (yuan), stated per post. */
  @Column({ name: 'monthly_pay', type: 'numeric', precision: 12, scale: 2 })
  monthlyPay: string;

  /** Where the pay comes from (村级光伏收益, 财政专项…). */
  @Column({ name: 'funding_source', type: 'text' })
  fundingSource: string;

  /** The project asset whose income funds the post, when one does. */
  @Index('public_welfare_posts_funding_asset_id_idx')
  @ForeignKey(() => ProjectAssetEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'funding_asset_id', type: 'uuid', nullable: true })
  fundingAssetId: string | null;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  /** The planned last day; null while open-ended. */
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  /** The day the post was closed (its last day); null while open. */
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
