import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RegionLevel } from '../common/region/region-code';
import { ForeignKey } from '../database/foreign-key';
import { TrackedEntity } from '../common/kit/tracked-entity';

export { RegionLevel } from '../common/region/region-code';

/**
 * A node of the statistical division tree (国家统计局统计用区划代码), 12 digits:
 * 41 01 06 100 201 = province, city, district, town/street, village/community.
 * The code is hierarchical, so "everything under 410106100" is the prefix match
 * `code LIKE '410106100%'`, which the C-collated index answers without walking the tree.
 */
@Entity({ name: 'regions' })
@Check('regions_code_format', `code ~ '^[0-9]{12}$'`)
export class RegionEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('regions_code_key', { unique: true })
  @Column({ type: 'varchar', length: 12, collation: 'C' })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('regions_level_idx')
  @Column({ type: 'enum', enum: RegionLevel, enumName: 'region_level' })
  level: RegionLevel;

  @Index('regions_parent_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'parent_code', type: 'varchar', length: 12, collation: 'C', nullable: true })
  parentCode: string | null;
}
