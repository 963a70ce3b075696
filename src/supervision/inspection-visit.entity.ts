import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { RegionEntity } from '../regions/region.entity';
import { FindingEntity } from './finding.entity';
import { InspectionEntity, InspectionSampleEntity } from './inspection.entity';

/**
 * The identification check of a visited household (识别核查; RULES.md §9 lists no codes for it,
 * so an enum of this module): registered rightly (识别准确), should not be registered (错评: the
 * household does not meet the standard), or not verified (未能核实: nobody met, not counted).
 */
export enum IdentificationCheck {
  CORRECT = 'CORRECT',
  SHOULD_NOT_BE_REGISTERED = 'SHOULD_NOT_BE_REGISTERED',
  NOT_VERIFIED = 'NOT_VERIFIED',
}

/** The exit check of a visited household that has exited (退出核查): the exit stands (退出准确) or was wrong (错退). */
export enum ExitCheck {
  EXIT_CORRECT = 'EXIT_CORRECT',
  WRONG_EXIT = 'WRONG_EXIT',
}

/** The household's satisfaction with the work (群众满意度), as asked on the visit. */
export enum VisitSatisfaction {
  SATISFIED = 'SATISFIED',
  BASICALLY_SATISFIED = 'BASICALLY_SATISFIED',
  DISSATISFIED = 'DISSATISFIED',
}

/**
 * 走访结果: the visit of one sampled household of an inspection (one per sampled household), with
 * its identification check, the exit check of an exited household, the poor households found in
 * the village that are not registered (漏评, a count), satisfaction and notes; a finding may be
 * raised from it (finding_id). Its town and village are the sample's, for the metrics.
 */
@Entity({ name: 'supervision_inspection_visits' })
@Check('supervision_inspection_visits_missed_check', `"missed_households" >= 0`)
@Index('supervision_inspection_visits_sample_key', ['sampleId'], { unique: true })
@Index('supervision_inspection_visits_inspection_visited_idx', ['inspectionId', 'visitedOn'])
export class InspectionVisitResultEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => InspectionEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'inspection_id', type: 'uuid' })
  inspectionId: string;

  @ForeignKey(() => InspectionSampleEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'sample_id', type: 'uuid' })
  sampleId: string;

  @Index('supervision_inspection_visits_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The inspection's scope (its region_code), copied: the change feed's region of the visit's entries, and the scope of its writes. */
  @Index('supervision_inspection_visits_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Index('supervision_inspection_visits_town_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'town_code', type: 'varchar', length: 12, collation: 'C' })
  townCode: string;

  /** The visit's place (the sampled household's village): readers see the visits of their region. */
  @Index('supervision_inspection_visits_village_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'village_code', type: 'varchar', length: 12, collation: 'C' })
  villageCode: string;

  @Column({ name: 'visited_on', type: 'date' })
  visitedOn: string;

  @Column({ type: 'enum', enum: IdentificationCheck, enumName: 'supervision_identification_check' })
  identification: IdentificationCheck;

  /** Null: the household had not exited when visited, or it was not verified. */
  @Column({ name: 'exit_check', type: 'enum', enum: ExitCheck, enumName: 'supervision_exit_check', nullable: true })
  exitCheck: ExitCheck | null;

  /** Poor households found in the village that are not registered (漏评户); 0: none found. */
  @Column({ name: 'missed_households', type: 'int', default: 0 })
  missedHouseholds: number;

  /** Null: not asked. */
  @Column({ type: 'enum', enum: VisitSatisfaction, enumName: 'supervision_visit_satisfaction', nullable: true })
  satisfaction: VisitSatisfaction | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'recorded_by_name', type: 'varchar', length: 100, nullable: true })
  recordedByName: string | null;

  /** The finding raised from the visit (registerFindingFromVisit), one at most. */
  @Index('supervision_inspection_visits_finding_id_idx')
  @ForeignKey(() => FindingEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'finding_id', type: 'uuid', nullable: true })
  findingId: string | null;
}
