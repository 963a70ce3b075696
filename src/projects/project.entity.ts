import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../common/access/permissions';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { RegionEntity } from '../regions/region.entity';

/**
 * Where a project stands in the library procedure (国开办发〔2018〕10号, RULES.md §2), plus DRAFT:
 * the record being prepared before the village applies. The table of steps between them is
 * PROJECT_PROCEDURE (project-procedure.ts).
 */
export enum ProjectStage {
  DRAFT = 'DRAFT',
  APPLIED = 'APPLIED',
  VILLAGE_NOTICE = 'VILLAGE_NOTICE',
  TOWN_REVIEWED = 'TOWN_REVIEWED',
  DISTRICT_APPROVED = 'DISTRICT_APPROVED',
  LIBRARY_NOTICE = 'LIBRARY_NOTICE',
  IN_LIBRARY = 'IN_LIBRARY',
  IN_ANNUAL_PLAN = 'IN_ANNUAL_PLAN',
  PLAN_NOTICE = 'PLAN_NOTICE',
  IMPLEMENTING = 'IMPLEMENTING',
  COMPLETED = 'COMPLETED',
  ACCEPTED = 'ACCEPTED',
  SETTLED = 'SETTLED',
  COMPLETION_NOTICE = 'COMPLETION_NOTICE',
  HANDED_OVER = 'HANDED_OVER',
  REJECTED = 'REJECTED',
  REMOVED = 'REMOVED',
}

/** 建设性质: new, continued, renovated or expanded (RULES.md project.entry_fields, unverified wording). */
export enum ConstructionNature {
  NEW = 'NEW',
  CONTINUED = 'CONTINUED',
  EXPANDED = 'EXPANDED',
}

/**
 * 产业扶贫项目: a project of the district's project library (项目库) with the fields the national
 * library requires (RULES.md project.entry_fields) and where it stands in the procedure. Its
 * funding plan, performance targets and beneficiary households are child tables; each step of
 * the procedure is a row of project_events.
 */
@Entity({ name: 'projects' })
@Index('projects_year_idx', ['year'])
@Index('projects_region_library_code_key', ['regionCode', 'libraryCode'], { unique: true, where: 'library_code IS NOT NULL' })
export class ProjectEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Where it is built: a village, a town, or the district for a district-wide item: what region scope and the feed read. */
  @Index('projects_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** The responsible sector department (行业部门, e.g. agriculture); null: the poverty office's own project. */
  @Index('projects_sector_idx')
  @Column({ type: 'enum', enum: Sector, enumName: 'sector', nullable: true })
  sector: Sector | null;

  /**
   * 项目库编号: the project's number in the library file it came from (the national system's or
   * the county's spreadsheet), unique per region; what a re-import of the list matches by.
   */
  @Column({ name: 'library_code', type: 'varchar', length: 40, nullable: true })
  libraryCode: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The plan year the project was entered for (its category and industry type lists are that year's). */
  @Column({ type: 'smallint' })
  year: number;

  /** 项目类别, a code of project.categories. */
  @Index('projects_category_idx')
  @Column({ type: 'varchar', length: 40 })
  category: string;

  /** 产业类型, a code of project.industry_types. */
  @Column({ name: 'industry_type', type: 'varchar', length: 40 })
  industryType: string;

  @Column({ name: 'construction_nature', type: 'enum', enum: ConstructionNature, enumName: 'project_construction_nature' })
  constructionNature: ConstructionNature;

  @Column({ name: 'planned_start_on', type: 'date', nullable: true })
  plannedStartOn: string | null;

  @Column({ name: 'planned_end_on', type: 'date', nullable: true })
  plannedEndOn: string | null;

  /** Set by the procedure's IMPLEMENTING step. */
  @Column({ name: 'actual_start_on', type: 'date', nullable: true })
  actualStartOn: string | null;

  /** Set by the procedure's COMPLETED step. */
  @Column({ name: 'actual_end_on', type: 'date', nullable: true })
  actualEndOn: string | null;

  @Column({ name: 'responsible_unit', type: 'varchar', length: 200, nullable: true })
  responsibleUnit: string | null;

  @Column({ name: 'responsible_person', type: 'varchar', length: 100, nullable: true })
  responsiblePerson: string | null;

  /** 建设任务. */
  @Column({ type: 'text', nullable: true })
  tasks: string | null;

  /** 资金规模, yuan. */
  @Column({ name: 'budget_total', type: 'numeric', precision: 12, scale: 2 })
  budgetTotal: string;

  @Column({ name: 'beneficiary_villages', type: 'integer', nullable: true })
  beneficiaryVillages: number | null;

  @Column({ name: 'beneficiary_poor_villages', type: 'integer', nullable: true })
  beneficiaryPoorVillages: number | null;

  @Column({ name: 'beneficiary_households', type: 'integer', nullable: true })
  beneficiaryHouseholds: number | null;

  @Column({ name: 'beneficiary_poor_households', type: 'integer', nullable: true })
  beneficiaryPoorHouseholds: number | null;

  @Column({ name: 'beneficiary_people', type: 'integer', nullable: true })
  beneficiaryPeople: number | null;

  @Column({ name: 'beneficiary_poor_people', type: 'integer', nullable: true })
  beneficiaryPoorPeople: number | null;

  /** The villages named as beneficiaries (besides the project's own region): their households may be listed. */
  @Column({ name: 'beneficiary_village_codes', type: 'varchar', length: 12, array: true, default: () => "'{}'" })
  beneficiaryVillageCodes: string[];

  // 四议两公开: the four deliberations and the two disclosures.
  @Column({ name: 'party_branch_proposed_on', type: 'date', nullable: true })
  partyBranchProposedOn: string | null;

  @Column({ name: 'committees_deliberated_on', type: 'date', nullable: true })
  committeesDeliberatedOn: string | null;

  @Column({ name: 'party_members_reviewed_on', type: 'date', nullable: true })
  partyMembersReviewedOn: string | null;

  @Column({ name: 'representatives_resolved_on', type: 'date', nullable: true })
  representativesResolvedOn: string | null;

  @Column({ name: 'resolution_disclosed_on', type: 'date', nullable: true })
  resolutionDisclosedOn: string | null;

  @Column({ name: 'result_disclosed_on', type: 'date', nullable: true })
  resultDisclosedOn: string | null;

  /** 带贫减贫机制. */
  @Column({ name: 'poverty_reduction_mechanism', type: 'text', nullable: true })
  povertyReductionMechanism: string | null;

  @Index('projects_stage_idx')
  @Column({ type: 'enum', enum: ProjectStage, enumName: 'project_stage', default: ProjectStage.DRAFT })
  stage: ProjectStage;

  /** The annual plan the project is in (IN_ANNUAL_PLAN and after). */
  @Column({ name: 'plan_year', type: 'smallint', nullable: true })
  planYear: number | null;

  /** The date of the last step (a step is never dated before it). */
  @Column({ name: 'last_step_on', type: 'date', nullable: true })
  lastStepOn: string | null;

  /** The running (or last) notice's period, while the project is in a notice stage. */
  @Column({ name: 'notice_starts_on', type: 'date', nullable: true })
  noticeStartsOn: string | null;

  @Column({ name: 'notice_ends_on', type: 'date', nullable: true })
  noticeEndsOn: string | null;

  @Column({ name: 'notice_days', type: 'smallint', nullable: true })
  noticeDays: number | null;

  /** Why it was rejected or removed (the side exits). */
  @Column({ name: 'exit_reason', type: 'text', nullable: true })
  exitReason: string | null;

  /** Objections that sent it back during a notice. */
  @Column({ type: 'smallint', default: 0 })
  objections: number;
}
