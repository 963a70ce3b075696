import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { RegionEntity } from '../regions/region.entity';
import { ImplementingEntityEntity } from './implementing-entity.entity';

/**
 * A village's industry check of a year (§10, §12 of the plan): its specialty industry (特色产业),
 * the cooperatives present and how many poor households are their members, and the collective
 * economic income (村集体经济收入) with its sources. One per village and year.
 */
@Entity({ name: 'village_industry_checks' })
@Index('village_industry_checks_region_code_year_key', ['regionCode', 'year'], { unique: true })
export class VillageIndustryCheckEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The village (12-digit code); the unique index, led by it, serves region scope. */
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'smallint' })
  year: number;

  /** 特色产业, as the village names it; null: none. */
  @Column({ name: 'specialty_industry', type: 'varchar', length: 200, nullable: true })
  specialtyIndustry: string | null;

  /** A code of project.industry_types in force at the year's end in the village. */
  @Column({ name: 'industry_type', type: 'varchar', length: 100, nullable: true })
  industryType: string | null;

  /** Poor households (建档立卡户) that are members of the village's cooperatives. */
  @Column({ name: 'poor_households_in_cooperatives', type: 'integer', default: 0 })
  poorHouseholdsInCooperatives: number;

  /** 村集体经济收入 of the year, yuan; null: not reported. */
  @Column({ name: 'collective_income', type: 'numeric', precision: 12, scale: 2, nullable: true })
  collectiveIncome: string | null;
}

/** A cooperative (an implementing entity of the village) present in a village's check. */
@Entity({ name: 'village_industry_check_cooperatives' })
export class VillageCheckCooperativeEntity {
  @ForeignKey(() => VillageIndustryCheckEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'check_id', type: 'uuid' })
  checkId: string;

  @Index('village_industry_check_cooperatives_entity_id_idx')
  @ForeignKey(() => ImplementingEntityEntity, { onDelete: 'NO ACTION' })
  @PrimaryColumn({ name: 'entity_id', type: 'uuid' })
  entityId: string;
}

/** A source of a village's collective income of the year (e.g. 光伏收益, 资产租赁), with its amount. */
@Entity({ name: 'village_collective_income_sources' })
export class VillageIncomeSourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('village_collective_income_sources_check_id_idx')
  @ForeignKey(() => VillageIndustryCheckEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'check_id', type: 'uuid' })
  checkId: string;

  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  /** Order as entered. */
  @Column({ type: 'smallint' })
  position: number;
}
