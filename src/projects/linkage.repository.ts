import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql, ScopeHolder } from '../common/access/region-scope';
import { afterCursorSql } from '../common/imports/export-page';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { ProjectBeneficiaryEntity } from './project-children.entity';
import { ProjectEntity } from './project.entity';
import { LinkageEntity } from './linkage.entity';
import { LinkageErrors } from './linkage.errors';

export interface LinkageFilter {
  householdId?: string;
  projectId?: string;
  entityId?: string;
  type?: string;
  /** Linkages active at some time in this year (started by its end, not ended before its start). */
  year?: number;
  /** A region's subtree prefix (the `regionCode` argument, looked up). */
  withinPrefix?: string;
}

/**
 * The SQL of benefit linkages. Every read for a caller is scoped by the household's village; the
 * locked read before a change adds the sector write scope.
 */
/** A linkage as the roster export (kind linkages) reads it: the import's columns by key, stored values as text, with the keyset's id. */
export interface LinkageExportRow {
  id: string;
  householdNumber: string;
  /** The project's 项目库编号, else its id (never its name); null without a project. */
  project: string | null;
  entityCreditCode: string | null;
  type: string;
  agreedTerms: string;
  agreedAmountPerYear: string;
  incomeComponent: string;
  startsOn: string;
  endsOn: string | null;
  returnedAtExit: boolean | null;
}

/** The roster export's keyset order (exportPage orders by the same expressions). */
const LINKAGE_EXPORT_ORDER = ['h.household_number', 'l.starts_on::text', 'l.id::text'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class LinkageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(LinkageEntity).createQueryBuilder('l');
  }

  /** A page of the caller's linkages, newest start first. */
  page(principal: Principal, filter: LinkageFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<LinkageEntity>> {
    const qb = applyRegionScope(this.query(), 'l.region_code', principal);
    applyWithin(qb, 'l.region_code', filter.withinPrefix);
    if (filter.householdId) qb.andWhere('l.household_id = :householdId', { householdId: filter.householdId });
    if (filter.projectId) qb.andWhere('l.project_id = :projectId', { projectId: filter.projectId });
    if (filter.entityId) qb.andWhere('l.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.type) qb.andWhere('l.type = :type', { type: filter.type });
    if (filter.year !== undefined) {
      qb.andWhere('l.starts_on <= :yearEnd AND (l.ends_on IS NULL OR l.ends_on >= :yearStart)', { yearStart: `${filter.year}-01-01`, yearEnd: `${filter.year}-12-31` });
    }
    return paginate(qb, args, { tag: 'start', column: 'l.starts_on', type: 'date', direction: 'DESC', idColumn: 'l.id', key: (l) => [l.startsOn, l.id] }, { withTotalCount });
  }

  /**
   * A page of the caller's linkages for the roster export (kind linkages), in one statement: the
   * list's scope (region scope on the household's village, no sector rule for reads) narrowed by
   * `regionPrefix`, by household number, start and id after the export's cursor.
   */
  exportPage(principal: Principal, regionPrefix: string | undefined, after: string | null, limit: number): Promise<LinkageExportRow[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('l.region_code', principal, params, { within: regionPrefix ?? null });
    const keyset = afterCursorSql(after, LINKAGE_EXPORT_ORDER, params);
    return this.dataSource.query(
      `SELECT l.id, h.household_number AS "householdNumber", COALESCE(p.library_code, p.id::text) AS project, e.credit_code AS "entityCreditCode",
              l.type, l.agreed_terms AS "agreedTerms", l.agreed_amount_per_year::text AS "agreedAmountPerYear", l.income_component::text AS "incomeComponent",
              l.starts_on::text AS "startsOn", l.ends_on::text AS "endsOn", l.returned_at_exit AS "returnedAtExit"
         FROM benefit_linkages l
         JOIN households h ON h.id = l.household_id
         LEFT JOIN projects p ON p.id = l.project_id
         LEFT JOIN implementing_entities e ON e.id = l.entity_id
        WHERE ${scope} AND ${keyset}
        ORDER BY ${LINKAGE_EXPORT_ORDER.join(', ')}
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /** The linkages among `ids` the caller may read; `forWrite` locks them and adds the sector write scope. */
  findInScope(principal: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<LinkageEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = this.query(manager).where('l.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'l.region_code', principal, forWrite ? { sector: { column: 'l.sector', access: 'write' } } : {});
    if (forWrite) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** The project (read-scoped, locked against a concurrent stage change) and whether the household is among its beneficiaries. */
  async projectFor(principal: ScopeHolder, manager: EntityManager, projectId: string, householdId: string): Promise<{ project: ProjectEntity; beneficiary: boolean } | null> {
    const qb = manager.getRepository(ProjectEntity).createQueryBuilder('p').where('p.id = :projectId', { projectId });
    applyRegionScope(qb, 'p.region_code', principal);
    const project = await qb.setLock('pessimistic_read').getOne();
    if (!project) return null;
    const beneficiary = await manager.getRepository(ProjectBeneficiaryEntity).existsBy({ projectId, householdId });
    return { project, beneficiary };
  }

  /**
   * An import's reads: the linkages of a household with the same parties, type and start (the
   * roster's key), locked with the write scope (a linkage outside it is not found).
   */
  findSame(scope: ScopeHolder, manager: EntityManager, key: { householdId: string; projectId: string | null; entityId: string | null; type: string; startsOn: string }): Promise<LinkageEntity[]> {
    const qb = this.query(manager)
      .where('l.household_id = :householdId AND l.type = :type AND l.starts_on = :startsOn', key)
      .andWhere('l.project_id IS NOT DISTINCT FROM CAST(:projectId AS uuid) AND l.entity_id IS NOT DISTINCT FROM CAST(:entityId AS uuid)', key);
    applyRegionScope(qb, 'l.region_code', scope, { sector: { column: 'l.sector', access: 'write' } });
    return qb.orderBy('l.createdAt', 'ASC').addOrderBy('l.id', 'ASC').setLock('pessimistic_write').getMany();
  }

  /**
   * An import's reads: the projects named `names` (by 项目库编号, by name, or by id when the cell
   * is a UUID) that `scope` may read, with whether `householdIds` are among their beneficiaries, as pairs.
   */
  async projectsNamed(scope: ScopeHolder, manager: EntityManager, names: readonly string[], householdIds: readonly string[]): Promise<{ projects: ProjectEntity[]; beneficiaries: Set<string> }> {
    if (!names.length) return { projects: [], beneficiaries: new Set() };
    const ids = names.filter((n) => UUID.test(n));
    const qb = manager.getRepository(ProjectEntity).createQueryBuilder('p').where(ids.length ? '(p.name = ANY(:names) OR p.library_code = ANY(:names) OR p.id = ANY(:ids))' : '(p.name = ANY(:names) OR p.library_code = ANY(:names))', { names: [...names], ids });
    applyRegionScope(qb, 'p.region_code', scope);
    const projects = await qb.getMany();
    const pairs = projects.length && householdIds.length
      ? await manager.getRepository(ProjectBeneficiaryEntity).createQueryBuilder('b')
          .where('b.project_id = ANY(:projects) AND b.household_id = ANY(:households)', { projects: projects.map((p) => p.id), households: [...householdIds] })
          .getMany()
      : [];
    return { projects, beneficiaries: new Set(pairs.map((b) => `${b.projectId}|${b.householdId}`)) };
  }

  insert(manager: EntityManager, linkage: Partial<LinkageEntity>): Promise<LinkageEntity> {
    const repo = manager.getRepository(LinkageEntity);
    return repo.save(repo.create(linkage));
  }

  /** Checks the version the caller read: a stale one is the kit's CONFLICT / VERSION_MISMATCH. */
  update(manager: EntityManager, id: string, version: number, patch: Partial<LinkageEntity>): Promise<LinkageEntity> {
    return updateWithVersion(manager, LinkageEntity, { column: 'id', value: id }, version, patch, () => LinkageErrors.notFound());
  }
}
