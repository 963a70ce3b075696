import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { RegionEntity } from '../regions/region.entity';
import { ImplementingEntityEntity } from './implementing-entity.entity';
import { ProjectEntity } from './project.entity';

/**
 * The component of the registry's income structure a linkage's payments feed, chosen by the
 * officer (never mapped from the linkage type's Chinese code).
 */
export enum LinkageIncomeComponent {
  WAGE = 'WAGE',
  PRODUCTION_BUSINESS = 'PRODUCTION_BUSINESS',
  PROPERTY = 'PROPERTY',
  ASSET_INCOME_DIVIDEND = 'ASSET_INCOME_DIVIDEND',
}

/**
 * 利益联结: how a household benefits from an industry project and/or an implementing entity
 * (保底分红, 土地流转+优先务工, 订单农业…), on agreed terms, for a period, with an agreed amount
 * per year. Its region is the household's village (region scope), its sector the project's or the
 * entity's (sector write scope).
 */
@Entity({ name: 'benefit_linkages' })
// The keyset order of the list (newest start first).
@Index('benefit_linkages_starts_on_id_idx', ['startsOn', 'id'])
// A project or an entity, at least one (the service answers LINKAGE_PARTY_REQUIRED first).
@Check('benefit_linkages_party_check', '"project_id" IS NOT NULL OR "entity_id" IS NOT NULL')
export class LinkageEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('benefit_linkages_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @Index('benefit_linkages_project_id_idx')
  @ForeignKey(() => ProjectEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  @Index('benefit_linkages_entity_id_idx')
  @ForeignKey(() => ImplementingEntityEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'entity_id', type: 'uuid', nullable: true })
  entityId: string | null;

  /** A code of project.linkage_types in force on `startsOn` in the household's village. */
  @Index('benefit_linkages_type_idx')
  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ name: 'agreed_terms', type: 'text' })
  agreedTerms: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  /** The agreed end; null while open-ended. Ending a linkage sets it. */
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  /** The amount agreed per year (yuan). */
  @Column({ name: 'agreed_amount_per_year', type: 'numeric', precision: 12, scale: 2 })
  agreedAmountPerYear: string;

  @Column({ name: 'income_component', type: 'enum', enum: LinkageIncomeComponent, enumName: 'linkage_income_component' })
  incomeComponent: LinkageIncomeComponent;

  /** For 优先股-type linkages: the share is returned at the household's exit. Null otherwise. */
  @Column({ name: 'returned_at_exit', type: 'boolean', nullable: true })
  returnedAtExit: boolean | null;

  /** The household's village: region scope reads it. */
  @Index('benefit_linkages_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** The project's sector, else the entity's: only that sector's officers (and the offices) change it. */
  @Column({ type: 'enum', enum: Sector, enumName: 'sector', nullable: true })
  sector: Sector | null;

  /** Why it ended early (set with endsOn by endBenefitLinkage). */
  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: string | null;
}
