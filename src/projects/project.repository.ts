import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope, regionScopeSql } from '../common/access/region-scope';
import { afterCursorSql } from '../common/imports/export-page';
import type { Principal } from '../common/access/principal';
import { Sector } from '../common/access/permissions';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { getManyWithNested, nestedRows } from '../common/sql/nested-rows';
import { ProjectBeneficiaryEntity, ProjectEventEntity, ProjectFundingLineEntity, ProjectPerformanceTargetEntity } from './project-children.entity';
import { ProjectEntity, ProjectStage } from './project.entity';
import { ProjectErrors } from './project.errors';

export interface ProjectFilter {
  /** A subtree prefix (the filter's region). */
  regionPrefix?: string;
  year?: number;
  stage?: ProjectStage;
  category?: string;
  /** A sector, or null for the poverty office's own projects; undefined: any. */
  sector?: Sector | null;
  /** A rule of a figure (project-figures.sql.ts) added to the WHERE, with its parameters. */
  extend?: (qb: SelectQueryBuilder<ProjectEntity>) => void;
}

/** The child lists a read may take along in its own statement. */
export type ProjectChildName = 'fundingLines' | 'performanceTargets' | 'beneficiaries' | 'events';
export interface ProjectChildren {
  fundingLines?: ProjectFundingLineEntity[];
  performanceTargets?: ProjectPerformanceTargetEntity[];
  beneficiaries?: ProjectBeneficiaryEntity[];
  events?: ProjectEventEntity[];
}

/** A project as the export of kind `projects` reads it: its own columns as stored (dates and amounts as text), its place's name and its child lists. */
export interface ProjectExportRecord {
  id: string;
  libraryCode: string | null;
  regionCode: string;
  locationName: string | null;
  name: string;
  year: number;
  category: string;
  industryType: string;
  constructionNature: string;
  sector: Sector | null;
  stage: ProjectStage;
  plannedStartOn: string | null;
  plannedEndOn: string | null;
  responsibleUnit: string | null;
  responsiblePerson: string | null;
  tasks: string | null;
  budgetTotal: string;
  beneficiaryVillages: number | null;
  beneficiaryPoorVillages: number | null;
  beneficiaryHouseholds: number | null;
  beneficiaryPoorHouseholds: number | null;
  beneficiaryPeople: number | null;
  beneficiaryPoorPeople: number | null;
  beneficiaryVillageCodes: string[];
  /** The beneficiary households' numbers, in order. */
  beneficiaryHouseholdNumbers: string[];
  partyBranchProposedOn: string | null;
  committeesDeliberatedOn: string | null;
  partyMembersReviewedOn: string | null;
  representativesResolvedOn: string | null;
  resolutionDisclosedOn: string | null;
  resultDisclosedOn: string | null;
  povertyReductionMechanism: string | null;
  fundingLines: { level: string; channel: string; amount: string }[];
  performanceTargets: { indicator: string; targetValue: string; unit: string; actualValue: string | null }[];
}

/**
 * The export's order, as keyset expressions (ORDER BY and afterCursorSql name the same): by
 * 项目库编号 (projects without one last), region, id. The cursor is exportKeyOf's values.
 */
export const PROJECT_EXPORT_ORDER = ["(CASE WHEN p.library_code IS NULL THEN 1 ELSE 0 END)", "COALESCE(p.library_code, '')", 'p.region_code', 'p.id::text'] as const;
export const exportKeyOf = (p: Pick<ProjectExportRecord, 'libraryCode' | 'regionCode' | 'id'>): (string | number)[] => [p.libraryCode === null ? 1 : 0, p.libraryCode ?? '', p.regionCode, p.id];

/** A project's export record (ProjectExportRecord): its columns, place name and child lists in one statement. */
const EXPORT_SELECT = `SELECT p.id, p.library_code AS "libraryCode", p.region_code AS "regionCode", r.name AS "locationName", p.name, p.year, p.category,
              p.industry_type AS "industryType", p.construction_nature AS "constructionNature", p.sector, p.stage,
              p.planned_start_on::text AS "plannedStartOn", p.planned_end_on::text AS "plannedEndOn", p.responsible_unit AS "responsibleUnit",
              p.responsible_person AS "responsiblePerson", p.tasks, p.budget_total::text AS "budgetTotal",
              p.beneficiary_villages AS "beneficiaryVillages", p.beneficiary_poor_villages AS "beneficiaryPoorVillages",
              p.beneficiary_households AS "beneficiaryHouseholds", p.beneficiary_poor_households AS "beneficiaryPoorHouseholds",
              p.beneficiary_people AS "beneficiaryPeople", p.beneficiary_poor_people AS "beneficiaryPoorPeople",
              to_json(p.beneficiary_village_codes) AS "beneficiaryVillageCodes",
              p.party_branch_proposed_on::text AS "partyBranchProposedOn", p.committees_deliberated_on::text AS "committeesDeliberatedOn",
              p.party_members_reviewed_on::text AS "partyMembersReviewedOn", p.representatives_resolved_on::text AS "representativesResolvedOn",
              p.resolution_disclosed_on::text AS "resolutionDisclosedOn", p.result_disclosed_on::text AS "resultDisclosedOn",
              p.poverty_reduction_mechanism AS "povertyReductionMechanism",
              (SELECT COALESCE(json_agg(json_build_object('level', l.level, 'channel', l.channel, 'amount', l.amount::text) ORDER BY l.position), '[]')
                 FROM project_funding_lines l WHERE l.project_id = p.id) AS "fundingLines",
              (SELECT COALESCE(json_agg(json_build_object('indicator', t.indicator, 'targetValue', t.target_value::text, 'unit', t.unit, 'actualValue', t.actual_value::text) ORDER BY t.position), '[]')
                 FROM project_performance_targets t WHERE t.project_id = p.id) AS "performanceTargets",
              (SELECT COALESCE(json_agg(h.household_number ORDER BY h.household_number), '[]')
                 FROM project_beneficiaries b JOIN households h ON h.id = b.household_id WHERE b.project_id = p.id) AS "beneficiaryHouseholdNumbers"
         FROM projects p LEFT JOIN regions r ON r.code = p.region_code`;

const SORT: KeysetSort<ProjectEntity> = { tag: 'created', column: 'p.created_at', type: 'timestamp', idColumn: 'p.id', key: (p) => [p.createdAt.toISOString(), p.id], direction: 'DESC' };

/**
 * The SQL of the project library. Every read for a caller goes through applyRegionScope on the
 * project's region; the locked read before a change adds the sector write scope (a sector
 * officer changes only its own sector's projects). Child lists are read in the project's own
 * statement when selected (nestedRows).
 */
@Injectable()
export class ProjectRepository {
  private readonly nested: { [K in ProjectChildName]: ReturnType<typeof nestedRows> };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.nested = {
      fundingLines: nestedRows(dataSource, ProjectFundingLineEntity, 'nf'),
      performanceTargets: nestedRows(dataSource, ProjectPerformanceTargetEntity, 'nt'),
      beneficiaries: nestedRows(dataSource, ProjectBeneficiaryEntity, 'nb'),
      events: nestedRows(dataSource, ProjectEventEntity, 'ne'),
    };
  }

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ProjectEntity).createQueryBuilder('p');
  }

  private selects(children: ReadonlySet<ProjectChildName>): Record<string, string> {
    const out: Record<string, string> = {};
    if (children.has('fundingLines')) out.fundingLines = this.nested.fundingLines.aggregate('FROM project_funding_lines nf WHERE nf.project_id = p.id', 'nf.position');
    if (children.has('performanceTargets')) out.performanceTargets = this.nested.performanceTargets.aggregate('FROM project_performance_targets nt WHERE nt.project_id = p.id', 'nt.position');
    if (children.has('beneficiaries')) out.beneficiaries = this.nested.beneficiaries.aggregate('FROM project_beneficiaries nb WHERE nb.project_id = p.id', 'nb.household_id');
    if (children.has('events')) out.events = this.nested.events.aggregate('FROM project_events ne WHERE ne.project_id = p.id', 'ne.effective_on, ne.created_at, ne.id');
    return out;
  }

  private read(values: Record<string, unknown> | undefined): ProjectChildren {
    const out: ProjectChildren = {};
    if (!values) return out;
    for (const name of Object.keys(values) as ProjectChildName[]) (out as Record<string, unknown>)[name] = this.nested[name].read(values[name]);
    return out;
  }

  /**
   * A page of the caller's projects, newest first, with the selected child lists and, per node,
   * the values of `extra` (name → SQL expression on `p`, e.g. a figure's day count).
   */
  async page(
    principal: Principal,
    filter: ProjectFilter,
    args: ConnectionArgs,
    withTotalCount: boolean,
    children: ReadonlySet<ProjectChildName>,
    extra: Record<string, string> = {},
  ): Promise<Connection<ProjectEntity> & { children: Map<ProjectEntity, ProjectChildren>; extra: Map<ProjectEntity, Record<string, unknown>> }> {
    const qb = applyRegionScope(this.query(), 'p.region_code', principal, { within: filter.regionPrefix });
    if (filter.year !== undefined) qb.andWhere('p.year = :year', { year: filter.year });
    if (filter.stage !== undefined) qb.andWhere('p.stage = :stage', { stage: filter.stage });
    if (filter.category !== undefined) qb.andWhere('p.category = :category', { category: filter.category });
    if (filter.sector === null) qb.andWhere('p.sector IS NULL');
    else if (filter.sector !== undefined) qb.andWhere('p.sector = :sector', { sector: filter.sector });
    filter.extend?.(qb);
    const extras = Object.fromEntries(Object.entries(extra).map(([name, sql]) => [`x_${name}`, sql]));
    const { nested, ...page } = await paginate(qb, args, SORT, { withTotalCount, nested: { ...this.selects(children), ...extras } });
    const childrenOf = (values: Record<string, unknown> | undefined) => this.read(values && Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith('x_'))));
    const extraOf = (values: Record<string, unknown> | undefined) =>
      Object.fromEntries(Object.entries(values ?? {}).filter(([k]) => k.startsWith('x_')).map(([k, v]) => [k.slice(2), v]));
    return {
      ...page,
      children: new Map(page.edges.map(({ node }) => [node, childrenOf(nested?.get(node))])),
      extra: new Map(page.edges.map(({ node }) => [node, extraOf(nested?.get(node))])),
    };
  }

  /**
   * A page of the export of kind `projects`: the caller's projects as the list (`page`) scopes
   * them (region only: reads follow the permission), under `regionPrefix`, after the cursor, in
   * PROJECT_EXPORT_ORDER, each with its funding lines, targets and beneficiaries' numbers read in
   * the same statement.
   */
  exportPage(principal: Principal, regionPrefix: string | undefined, after: string | null, limit: number): Promise<ProjectExportRecord[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('p.region_code', principal, params, { within: regionPrefix });
    const keyset = afterCursorSql(after, PROJECT_EXPORT_ORDER, params);
    return this.dataSource.query(
      `${EXPORT_SELECT}
        WHERE ${scope} AND ${keyset}
        ORDER BY ${PROJECT_EXPORT_ORDER.join(', ')}
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /** Projects by id as the export writes them, without scope (the caller has found them in its scope): an import compares a closed project with its file. */
  exportRecords(manager: EntityManager, ids: readonly string[]): Promise<ProjectExportRecord[]> {
    return manager.query(`${EXPORT_SELECT} WHERE p.id = ANY($1)`, [[...ids]]);
  }

  /** One project in the caller's scope with the selected child lists; null when missing or outside. */
  async findOne(principal: Principal, id: string, children: ReadonlySet<ProjectChildName>, manager?: EntityManager): Promise<{ project: ProjectEntity; children: ProjectChildren } | null> {
    const qb = applyRegionScope(this.query(manager).where('p.id = :id', { id }), 'p.region_code', principal);
    const { entities, nested } = await getManyWithNested(qb, this.selects(children));
    const project = entities[0];
    return project ? { project, children: this.read(nested.get(project)) } : null;
  }

  /** The project in the caller's write scope (region and sector), locked until the transaction ends. */
  lockForWrite(principal: Principal, id: string, manager: EntityManager): Promise<ProjectEntity | null> {
    const qb = applyRegionScope(this.query(manager).where('p.id = :id', { id }), 'p.region_code', principal, { sector: { column: 'p.sector', access: 'write' } });
    return qb.setLock('pessimistic_write').getOne();
  }

  /** A project by id without scope (an objection handed over by the disclosure module), locked. */
  lockById(id: string, manager: EntityManager): Promise<ProjectEntity | null> {
    return this.query(manager).where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /** The project of a region with a library code (unique there), without scope: the caller has checked the region. */
  findByLibraryCode(manager: EntityManager, regionCode: string, libraryCode: string): Promise<ProjectEntity | null> {
    return this.query(manager).where('p.region_code = :regionCode AND p.library_code = :libraryCode', { regionCode, libraryCode }).getOne();
  }

  insert(manager: EntityManager, project: Partial<ProjectEntity>): Promise<ProjectEntity> {
    const repo = manager.getRepository(ProjectEntity);
    return repo.save(repo.create(project));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<ProjectEntity>): Promise<ProjectEntity> {
    return updateWithVersion(manager, ProjectEntity, { column: 'id', value: id }, version, patch, () => ProjectErrors.notFound());
  }

  /** Replaces a child list of the project (those given; undefined leaves a list as it is). */
  async replaceChildren(
    manager: EntityManager,
    project: Pick<ProjectEntity, 'id' | 'regionCode'>,
    lists: {
      fundingLines?: Omit<ProjectFundingLineEntity, 'id' | 'projectId' | 'regionCode' | 'position'>[];
      performanceTargets?: Omit<ProjectPerformanceTargetEntity, 'id' | 'projectId' | 'regionCode' | 'position'>[];
      beneficiaryHouseholdIds?: string[];
    },
  ): Promise<void> {
    const owned = { projectId: project.id, regionCode: project.regionCode };
    if (lists.fundingLines) {
      await manager.delete(ProjectFundingLineEntity, { projectId: project.id });
      if (lists.fundingLines.length) await manager.insert(ProjectFundingLineEntity, lists.fundingLines.map((l, position) => ({ ...l, ...owned, position })));
    }
    if (lists.performanceTargets) {
      await manager.delete(ProjectPerformanceTargetEntity, { projectId: project.id });
      if (lists.performanceTargets.length) await manager.insert(ProjectPerformanceTargetEntity, lists.performanceTargets.map((t, position) => ({ ...t, ...owned, position })));
    }
    if (lists.beneficiaryHouseholdIds) {
      await manager.delete(ProjectBeneficiaryEntity, { projectId: project.id });
      if (lists.beneficiaryHouseholdIds.length) await manager.insert(ProjectBeneficiaryEntity, lists.beneficiaryHouseholdIds.map((householdId) => ({ householdId, ...owned })));
    }
  }

  targetsOf(manager: EntityManager, projectId: string): Promise<ProjectPerformanceTargetEntity[]> {
    return manager.find(ProjectPerformanceTargetEntity, { where: { projectId }, order: { position: 'ASC' } });
  }

  countTargets(manager: EntityManager, projectId: string): Promise<number> {
    return manager.count(ProjectPerformanceTargetEntity, { where: { projectId } });
  }

  countFundingLines(manager: EntityManager, projectId: string): Promise<number> {
    return manager.count(ProjectFundingLineEntity, { where: { projectId } });
  }

  insertEvent(manager: EntityManager, event: Partial<ProjectEventEntity>): Promise<ProjectEventEntity> {
    const repo = manager.getRepository(ProjectEventEntity);
    return repo.save(repo.create(event));
  }

  /** Projects of the caller's scope whose notice started between two days (the disclosure module's deadline checks). */
  noticesStartedBetween(principal: Principal, stages: readonly ProjectStage[], from: string, to: string): Promise<ProjectEventEntity[]> {
    const qb = this.dataSource.manager
      .getRepository(ProjectEventEntity)
      .createQueryBuilder('e')
      .where('e.to_stage = ANY(:stages) AND e.effective_on BETWEEN :from AND :to', { stages: [...stages], from, to });
    return applyRegionScope(qb, 'e.region_code', principal).orderBy('e.effective_on').addOrderBy('e.id').getMany();
  }
}
