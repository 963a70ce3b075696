import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql, ScopeHolder } from '../common/access/region-scope';
import { afterCursorSql } from '../common/imports/export-page';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { AppError } from '../common/errors/app-error';
import { FundAllocationEntity, FundDocumentEntity, ProjectFundingEntity } from './funds.entities';

export interface DocumentFilter {
  year?: number;
  level?: string;
  channel?: string;
  parentId?: string;
  withinPrefix?: string;
}

export interface AllocationFilter {
  documentId?: string;
  year?: number;
  withinPrefix?: string;
}

export interface FundingFilter {
  allocationId?: string;
  documentId?: string;
  projectId?: string;
  year?: number;
  withinPrefix?: string;
}

/** One breach of the ledger's invariants, with the records behind it (fundLedgerCheck). */
export interface LedgerViolationRow {
  kind: string;
  recordType: string;
  recordId: string;
  regionCode: string;
  amount: string;
  sum: string;
  excess: string;
  recordIds: string[];
}

/** A funding of a project whose stage on the funding's date was before the library (or out of it). */
export interface OutsideLibraryRow {
  projectId: string;
  projectName: string;
  projectRegionCode: string;
  currentStage: string;
  fundingId: string;
  stageOnFundedOn: string;
}

/**
 * The SQL of the funds ledger. Reads for a caller are scoped by each row's own region (a document:
 * the receiving district; an allocation: its town or village; a funding: the project's region);
 * the locked reads of a write take the row with FOR UPDATE, so two writes under one source queue.
 */
/** A document as the list export writes it. */
export interface DocumentExportRow {
  id: string;
  year: number;
  levelRank: number;
  issuedOn: string;
  documentNumber: string;
  issuer: string;
  level: string;
  channel: string;
  batch: string;
  parentNumber: string | null;
  amount: string;
  functionCode: string;
  regionCode: string;
}

/** The document export's keyset order (documentExportPage orders by the same expressions). */
const DOCUMENT_EXPORT_ORDER = ['d.year', 'd.level_rank', 'd.issued_on::text', 'd.id::text'] as const;

@Injectable()
export class FundsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private qb<T extends ObjectLiteral>(target: EntityTarget<T>, alias: string, manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(target).createQueryBuilder(alias);
  }

  pageDocuments(principal: Principal, filter: DocumentFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FundDocumentEntity>> {
    const qb = applyRegionScope(this.qb(FundDocumentEntity, 'd'), 'd.region_code', principal);
    applyWithin(qb, 'd.region_code', filter.withinPrefix);
    if (filter.year !== undefined) qb.andWhere('d.year = :year', { year: filter.year });
    if (filter.level) qb.andWhere('d.level = :level', { level: filter.level });
    if (filter.channel) qb.andWhere('d.channel = :channel', { channel: filter.channel });
    if (filter.parentId) qb.andWhere('d.parent_id = :parentId', { parentId: filter.parentId });
    return paginate(qb, args, { tag: 'issued', column: 'd.issued_on', type: 'date', direction: 'DESC', idColumn: 'd.id', key: (d) => [d.issuedOn, d.id] }, { withTotalCount });
  }

  pageAllocations(principal: Principal, filter: AllocationFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FundAllocationEntity>> {
    const qb = applyRegionScope(this.qb(FundAllocationEntity, 'a'), 'a.region_code', principal);
    applyWithin(qb, 'a.region_code', filter.withinPrefix);
    if (filter.year !== undefined) qb.andWhere('a.year = :year', { year: filter.year });
    if (filter.documentId) qb.andWhere('a.document_id = :documentId', { documentId: filter.documentId });
    return paginate(qb, args, { tag: 'allocated', column: 'a.allocated_on', type: 'date', direction: 'DESC', idColumn: 'a.id', key: (a) => [a.allocatedOn, a.id] }, { withTotalCount });
  }

  pageFundings(principal: Principal, filter: FundingFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ProjectFundingEntity>> {
    const qb = applyRegionScope(this.qb(ProjectFundingEntity, 'f'), 'f.region_code', principal);
    applyWithin(qb, 'f.region_code', filter.withinPrefix);
    if (filter.year !== undefined) qb.andWhere('f.year = :year', { year: filter.year });
    if (filter.allocationId) qb.andWhere('f.allocation_id = :allocationId', { allocationId: filter.allocationId });
    if (filter.documentId) qb.andWhere('f.document_id = :documentId', { documentId: filter.documentId });
    if (filter.projectId) qb.andWhere('f.project_id = :projectId', { projectId: filter.projectId });
    return paginate(qb, args, { tag: 'funded', column: 'f.funded_on', type: 'date', direction: 'DESC', idColumn: 'f.id', key: (f) => [f.fundedOn, f.id] }, { withTotalCount });
  }

  /** Documents among `ids` in the caller's scope; `lock` takes them FOR UPDATE until the transaction ends. */
  findDocuments(principal: ScopeHolder, ids: readonly string[], manager?: EntityManager, lock = false): Promise<FundDocumentEntity[]> {
    return this.find(FundDocumentEntity, 'd', principal, ids, manager, lock);
  }

  findAllocations(principal: Principal, ids: readonly string[], manager?: EntityManager, lock = false): Promise<FundAllocationEntity[]> {
    return this.find(FundAllocationEntity, 'a', principal, ids, manager, lock);
  }

  findFundings(principal: Principal, ids: readonly string[], manager?: EntityManager, lock = false): Promise<ProjectFundingEntity[]> {
    return this.find(ProjectFundingEntity, 'f', principal, ids, manager, lock);
  }

  private find<T extends ObjectLiteral>(target: EntityTarget<T>, alias: string, principal: ScopeHolder, ids: readonly string[], manager?: EntityManager, lock = false): Promise<T[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = applyRegionScope(this.qb(target, alias, manager).where(`${alias}.id = ANY(:ids)`, { ids: [...ids] }), `${alias}.region_code`, principal);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** A row by id, locked, whatever the caller's scope (the source of a record the caller reached: its document, its allocation). */
  lockById<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, id: string): Promise<T | null> {
    return manager.getRepository(target).createQueryBuilder('x').where('x.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /**
   * A page of the caller's active documents for the document list export (kind fund-documents),
   * in the import's columns (the parent by its number): the read scope narrowed by `regionPrefix`,
   * by year, parent first (parents sort before children by level rank), issue date and id after
   * the export's cursor.
   */
  documentExportPage(principal: Principal, regionPrefix: string | undefined, after: string | null, limit: number): Promise<DocumentExportRow[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('d.region_code', principal, params, { within: regionPrefix ?? null });
    const keyset = afterCursorSql(after, DOCUMENT_EXPORT_ORDER, params);
    return this.dataSource.query(
      `SELECT d.id, d.year, d.level_rank AS "levelRank", d.issued_on::text AS "issuedOn", d.document_number AS "documentNumber", d.issuer,
              d.level, d.channel, d.batch::text AS batch, p.document_number AS "parentNumber", d.amount::text AS amount,
              d.function_code AS "functionCode", d.region_code AS "regionCode"
         FROM fund_documents d LEFT JOIN fund_documents p ON p.id = d.parent_id
        WHERE d.status = 'ACTIVE' AND ${scope} AND ${keyset}
        ORDER BY ${DOCUMENT_EXPORT_ORDER.join(', ')}
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /** The active documents of a year with one of these numbers (文号) in the holder's scope, by number then issue date (an import's parent and existing documents). */
  activeDocumentsByNumber(manager: EntityManager, holder: ScopeHolder, year: number, numbers: readonly string[]): Promise<FundDocumentEntity[]> {
    if (!numbers.length) return Promise.resolve([]);
    const qb = manager
      .getRepository(FundDocumentEntity)
      .createQueryBuilder('d')
      .where("d.year = :year AND d.document_number = ANY(:numbers) AND d.status = 'ACTIVE'", { year, numbers: [...numbers] });
    return applyRegionScope(qb, 'd.region_code', holder).orderBy('d.document_number').addOrderBy('d.issued_on').addOrderBy('d.id').getMany();
  }

  /** An active document with this number from this issuer in this year, other than `except`. */
  numberTaken(manager: EntityManager, issuer: string, year: number, documentNumber: string, except?: string): Promise<boolean> {
    const qb = manager
      .getRepository(FundDocumentEntity)
      .createQueryBuilder('d')
      .where("d.issuer = :issuer AND d.year = :year AND d.document_number = :documentNumber AND d.status = 'ACTIVE'", { issuer, year, documentNumber });
    if (except) qb.andWhere('d.id <> :except', { except });
    return qb.getExists();
  }

  insert<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: Partial<T>): Promise<T> {
    const repo = manager.getRepository(target);
    return repo.save(repo.create(row as T));
  }

  update<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, id: string, version: number, patch: Partial<T>, notFound: () => AppError): Promise<T> {
    return updateWithVersion(manager, target, { column: 'id', value: id }, version, patch, notFound);
  }

  /** Re-reads a row (after a trigger moved its `committed`). */
  reread<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, id: string): Promise<T> {
    return manager.getRepository(target).createQueryBuilder('x').where('x.id = :id', { id }).getOneOrFail();
  }

  /** The distinct levels of a project's active fundings (for the several-levels warning). */
  async levelsOfProject(manager: EntityManager, projectId: string): Promise<string[]> {
    const rows: { level: string }[] = await manager.query(
      `SELECT DISTINCT level FROM project_fundings WHERE project_id = $1 AND status = 'ACTIVE' ORDER BY level`,
      [projectId],
    );
    return rows.map((r) => r.level);
  }

  /**
   * The ledger check of a year over the caller's scope (each source by its own region): sources
   * whose active parts sum above them, `committed` columns that disagree with the records (the
   * trigger bypassed), parts whose year, level or channel differ from their source's, and active
   * parts under a cancelled source; and of applied factor allocation runs (by the run's parent
   * region), the active allocations naming a run summing above it (OVER_SOURCE) or naming it from
   * another document or for a region without a line (CHANNEL_CHANGED). Sums are numeric: exact to the fen.
   */
  ledgerViolations(principal: Principal, year: number): Promise<LedgerViolationRow[]> {
    const params: unknown[] = [year];
    const docScope = regionScopeSql('d.region_code', principal, params);
    const allocScope = regionScopeSql('a.region_code', principal, params);
    const runScope = regionScopeSql('r.parent_region_code', principal, params);
    const sql = `
      WITH docs AS (
        SELECT d.*,
               (SELECT COALESCE(sum(c.amount), 0) FROM fund_documents c WHERE c.parent_id = d.id AND c.status = 'ACTIVE') AS children_sum,
               (SELECT COALESCE(sum(a.amount), 0) FROM fund_allocations a WHERE a.document_id = d.id AND a.status = 'ACTIVE') AS allocations_sum,
               ARRAY(SELECT c.id::text FROM fund_documents c WHERE c.parent_id = d.id AND c.status = 'ACTIVE' ORDER BY c.id)
                 || ARRAY(SELECT a.id::text FROM fund_allocations a WHERE a.document_id = d.id AND a.status = 'ACTIVE' ORDER BY a.id) AS parts
          FROM fund_documents d WHERE d.year = $1 AND ${docScope}
      ), allocs AS (
        SELECT a.*,
               (SELECT COALESCE(sum(f.amount), 0) FROM project_fundings f WHERE f.allocation_id = a.id AND f.status = 'ACTIVE') AS fundings_sum,
               ARRAY(SELECT f.id::text FROM project_fundings f WHERE f.allocation_id = a.id AND f.status = 'ACTIVE' ORDER BY f.id) AS parts
          FROM fund_allocations a WHERE a.year = $1 AND ${allocScope}
      ), runs AS (
        SELECT r.id, r.parent_region_code AS region_code, r.amount, r.document_id,
               (SELECT COALESCE(sum(a.amount), 0) FROM fund_allocations a WHERE a.run_id = r.id AND a.status = 'ACTIVE') AS applied_sum,
               ARRAY(SELECT a.id::text FROM fund_allocations a WHERE a.run_id = r.id AND a.status = 'ACTIVE' ORDER BY a.id) AS parts,
               ARRAY(SELECT a.id::text FROM fund_allocations a WHERE a.run_id = r.id
                        AND (a.document_id IS DISTINCT FROM r.document_id
                             OR NOT EXISTS (SELECT 1 FROM fund_allocation_run_lines l WHERE l.run_id = r.id AND l.region_code = a.region_code AND l.amount > 0))
                      ORDER BY a.id) AS strays
          FROM fund_allocation_runs r WHERE r.year = $1 AND ${runScope} AND EXISTS (SELECT 1 FROM fund_allocations a WHERE a.run_id = r.id)
      )
      SELECT 'OVER_SOURCE' AS kind, 'FundDocument' AS "recordType", id AS "recordId", region_code AS "regionCode", amount::text AS amount,
             (children_sum + allocations_sum)::numeric(14,2)::text AS sum, (children_sum + allocations_sum - amount)::numeric(14,2)::text AS excess, parts AS "recordIds"
        FROM docs WHERE status = 'ACTIVE' AND children_sum + allocations_sum > amount
      UNION ALL
      SELECT 'COMMITTED_DRIFT', 'FundDocument', id, region_code, amount::text, (children_sum + allocations_sum)::numeric(14,2)::text,
             (committed - children_sum - allocations_sum)::numeric(14,2)::text, parts
        FROM docs WHERE committed <> children_sum + allocations_sum
      UNION ALL
      SELECT 'PARTS_UNDER_CANCELLED', 'FundDocument', id, region_code, amount::text, (children_sum + allocations_sum)::numeric(14,2)::text,
             (children_sum + allocations_sum)::numeric(14,2)::text, parts
        FROM docs WHERE status = 'CANCELLED' AND children_sum + allocations_sum > 0
      UNION ALL
      SELECT 'OVER_SOURCE', 'FundAllocation', id, region_code, amount::text, fundings_sum::numeric(14,2)::text, (fundings_sum - amount)::numeric(14,2)::text, parts
        FROM allocs WHERE status = 'ACTIVE' AND fundings_sum > amount
      UNION ALL
      SELECT 'COMMITTED_DRIFT', 'FundAllocation', id, region_code, amount::text, fundings_sum::numeric(14,2)::text, (committed - fundings_sum)::numeric(14,2)::text, parts
        FROM allocs WHERE committed <> fundings_sum
      UNION ALL
      SELECT 'PARTS_UNDER_CANCELLED', 'FundAllocation', id, region_code, amount::text, fundings_sum::numeric(14,2)::text, fundings_sum::numeric(14,2)::text, parts
        FROM allocs WHERE status = 'CANCELLED' AND fundings_sum > 0
      UNION ALL
      SELECT 'CHANNEL_CHANGED', 'FundDocument', d.id, d.region_code, d.amount::text, '0.00', '0.00', ARRAY(SELECT x.id::text FROM (
               SELECT c.id FROM fund_documents c WHERE c.parent_id = d.id AND c.status = 'ACTIVE' AND (c.year <> d.year OR c.level_rank <= d.level_rank)
               UNION ALL SELECT a.id FROM fund_allocations a WHERE a.document_id = d.id AND a.status = 'ACTIVE' AND (a.year <> d.year OR a.level <> d.level OR a.channel <> d.channel)
             ) x ORDER BY x.id)
        FROM docs d
       WHERE EXISTS (SELECT 1 FROM fund_documents c WHERE c.parent_id = d.id AND c.status = 'ACTIVE' AND (c.year <> d.year OR c.level_rank <= d.level_rank))
          OR EXISTS (SELECT 1 FROM fund_allocations a WHERE a.document_id = d.id AND a.status = 'ACTIVE' AND (a.year <> d.year OR a.level <> d.level OR a.channel <> d.channel))
      UNION ALL
      SELECT 'CHANNEL_CHANGED', 'FundAllocation', a.id, a.region_code, a.amount::text, '0.00', '0.00',
             ARRAY(SELECT f.id::text FROM project_fundings f WHERE f.allocation_id = a.id AND f.status = 'ACTIVE'
                      AND (f.year <> a.year OR f.level <> a.level OR f.channel <> a.channel OR f.document_id <> a.document_id) ORDER BY f.id)
        FROM allocs a
       WHERE EXISTS (SELECT 1 FROM project_fundings f WHERE f.allocation_id = a.id AND f.status = 'ACTIVE'
                        AND (f.year <> a.year OR f.level <> a.level OR f.channel <> a.channel OR f.document_id <> a.document_id))
      UNION ALL
      SELECT 'OVER_SOURCE', 'FundAllocationRun', id, region_code, amount::text, applied_sum::numeric(14,2)::text, (applied_sum - amount)::numeric(14,2)::text, parts
        FROM runs WHERE applied_sum > amount
      UNION ALL
      SELECT 'CHANNEL_CHANGED', 'FundAllocationRun', id, region_code, amount::text, '0.00', '0.00', strays
        FROM runs WHERE cardinality(strays) > 0
      ORDER BY 2, 1, 3`;
    return this.dataSource.query(sql, params);
  }

  /** How many records of the year the check covered, in the caller's scope. */
  async ledgerCounts(principal: Principal, year: number): Promise<{ documents: number; allocations: number; fundings: number }> {
    const params: unknown[] = [year];
    const d = regionScopeSql('region_code', principal, params);
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM fund_documents WHERE year = $1 AND ${d}) AS documents,
              (SELECT count(*)::int FROM fund_allocations WHERE year = $1 AND ${d}) AS allocations,
              (SELECT count(*)::int FROM project_fundings WHERE year = $1 AND ${d}) AS fundings`,
      params,
    );
    return row;
  }

  /**
   * Active fundings of the year in the caller's scope (and the region filter) whose project, on
   * the funding's date, stood before IN_LIBRARY or was REJECTED / REMOVED. The stage on a date is
   * the last procedure step (project_events) effective on or before it; a project with no step
   * by then was DRAFT if it has later steps, else (a row without history) its current stage.
   */
  outsideLibrary(principal: Principal, year: number, withinPrefix: string | undefined, inLibraryOrLater: readonly string[]): Promise<OutsideLibraryRow[]> {
    const params: unknown[] = [year, [...inLibraryOrLater]];
    const scope = regionScopeSql('f.region_code', principal, params, { within: withinPrefix ?? null });
    return this.dataSource.query(
      `SELECT p.id AS "projectId", p.name AS "projectName", p.region_code AS "projectRegionCode", p.stage::text AS "currentStage",
              f.id AS "fundingId", s.stage AS "stageOnFundedOn"
         FROM project_fundings f
         JOIN projects p ON p.id = f.project_id
         CROSS JOIN LATERAL (
           SELECT COALESCE(
             (SELECT e.to_stage::text FROM project_events e WHERE e.project_id = p.id AND e.effective_on <= f.funded_on ORDER BY e.effective_on DESC, e.created_at DESC LIMIT 1),
             CASE WHEN EXISTS (SELECT 1 FROM project_events e WHERE e.project_id = p.id) THEN 'DRAFT' ELSE p.stage::text END
           ) AS stage
         ) s
        WHERE f.year = $1 AND f.status = 'ACTIVE' AND NOT (s.stage = ANY($2::text[])) AND ${scope}
        ORDER BY p.region_code, p.id, f.funded_on, f.id`,
      params,
    );
  }
}
