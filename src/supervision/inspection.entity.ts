import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { RegionEntity } from '../regions/region.entity';

/** The kind of an inspection (督查检查方式, the plan's §25; not a parameter in RULES.md). */
export enum InspectionType {
  ROUTINE = 'ROUTINE',
  SPECIAL = 'SPECIAL',
  TOUR = 'TOUR',
  UNANNOUNCED = 'UNANNOUNCED',
  CROSS_APPRAISAL = 'CROSS_APPRAISAL',
  THIRD_PARTY = 'THIRD_PARTY',
  AUDIT = 'AUDIT',
  MEDIA = 'MEDIA',
}

/** One stratum of a sample plan as recorded: the town, the sizes asked, and the populations drawn from. */
export interface SampleStratumRecord {
  townCode: string;
  /** Villages asked of the town. */
  villages: number;
  /** Households asked of each sampled village. */
  households: number;
  /** Whether the town was drawn (all listed towns are, unless `towns` drew fewer). */
  drawn: boolean;
  /** The town's villages (the population of the village draw). */
  villagePopulation: number;
  /** Each sampled village with the number of its households on the roll (the population of the household draw). */
  sampledVillages: { villageCode: string; householdPopulation: number }[];
}

/** The sample plan as recorded with the seed: what was asked and what it was drawn from. */
export interface SamplePlanRecord {
  /** How many of the listed towns were drawn; null: every listed town. */
  towns: number | null;
  strata: SampleStratumRecord[];
}

/**
 * 督查检查: an inspection (routine, special, tour, unannounced, cross-appraisal, third-party,
 * audit, media) of a region (its scope: the district, a town or a village), with its organiser,
 * leader, dates, report, and its random sample of towns, villages and households drawn from a
 * recorded seed (inspection_samples). Findings may name it as their source (inspection_id).
 */
@Entity({ name: 'supervision_inspections' })
@Index('supervision_inspections_start_idx', ['startOn', 'id'])
export class InspectionEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The scope (检查范围): the region inspected; the sample is drawn within it. */
  @Index('supervision_inspections_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ name: 'inspection_type', type: 'enum', enum: InspectionType, enumName: 'supervision_inspection_type' })
  inspectionType: InspectionType;

  /** What it is called (e.g. 2018年第二季度脱贫攻坚专项督查). */
  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** 组织单位 */
  @Column({ type: 'varchar', length: 100 })
  organiser: string;

  /** 带队领导 */
  @Column({ type: 'varchar', length: 50 })
  leader: string;

  @Column({ name: 'start_on', type: 'date' })
  startOn: string;

  @Column({ name: 'end_on', type: 'date' })
  endOn: string;

  /** 督查报告 */
  @Column({ type: 'text', nullable: true })
  report: string | null;

  @Column({ name: 'reported_on', type: 'date', nullable: true })
  reportedOn: string | null;

  /** The seed the sample was drawn from (given, or generated and recorded); null until drawn. */
  @Column({ name: 'sample_seed', type: 'varchar', length: 100, nullable: true })
  sampleSeed: string | null;

  /** The sample plan as drawn, with the populations (SamplePlanRecord); null until drawn. */
  @Column({ name: 'sample_plan', type: 'jsonb', nullable: true })
  samplePlan: SamplePlanRecord | null;

  @Column({ name: 'sampled_at', type: 'timestamptz', nullable: true })
  sampledAt: Date | null;
}

/** One sampled household of an inspection, with its town and village, in the order drawn (ordinal from 1). */
@Entity({ name: 'supervision_inspection_samples' })
@Index('supervision_inspection_samples_inspection_ordinal_key', ['inspectionId', 'ordinal'], { unique: true })
@Index('supervision_inspection_samples_inspection_household_key', ['inspectionId', 'householdId'], { unique: true })
export class InspectionSampleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => InspectionEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'inspection_id', type: 'uuid' })
  inspectionId: string;

  /** The position on the visit sheet: strata by town code, then the draw's order. */
  @Column({ type: 'int' })
  ordinal: number;

  @Index('supervision_inspection_samples_town_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'town_code', type: 'varchar', length: 12, collation: 'C' })
  townCode: string;

  @Index('supervision_inspection_samples_village_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'village_code', type: 'varchar', length: 12, collation: 'C' })
  villageCode: string;

  @Index('supervision_inspection_samples_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;
}
