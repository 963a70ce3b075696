import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { ImplementingEntityEntity } from '../projects/implementing-entity.entity';
import { RegionEntity } from '../regions/region.entity';

/**
 * 扶贫车间 (or 代加工点): a workshop run by an implementing entity in a village, with its capacity
 * and dates. Its workers are employment records with workshop_id set (channel 扶贫车间/代加工点);
 * the poor workers of a year are compared with employment.workshop_min_poor_workers. Its region is
 * the village (region scope), its sector the human resources department's (sector write scope).
 */
@Entity({ name: 'poverty_workshops' })
// The keyset order of the list (by name).
@Index('poverty_workshops_name_id_idx', ['name', 'id'])
@Check('poverty_workshops_capacity_check', '"capacity" >= 1')
@Check('poverty_workshops_period_check', '"closed_on" IS NULL OR "closed_on" >= "opened_on"')
export class PovertyWorkshopEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The implementing entity running it. */
  @Index('poverty_workshops_entity_id_idx')
  @ForeignKey(() => ImplementingEntityEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The village it stands in (region scope reads it). */
  @Index('poverty_workshops_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** Workplaces (≥ 1). */
  @Column({ type: 'int' })
  capacity: number;

  @Column({ name: 'opened_on', type: 'date' })
  openedOn: string;

  /** Null while it runs. */
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;
}
