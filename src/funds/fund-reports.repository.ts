import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { FundAllocationEntity, FundDocumentEntity, FundRecordStatus } from './funds.entities';

/** What an execution report groups by (LEVEL, CHANNEL, TOWN; projects have their own paged report). */
export enum FundReportDimension {
  LEVEL = 'LEVEL',
  CHANNEL = 'CHANNEL',
  TOWN = 'TOWN',
}

/** One group of an execution report, or its total (`total`, key null). Amounts as numeric text. */
export interface ExecutionRow {
  total: boolean;
  key: string | null;
  regionName: string | null;
  allocated: string;
  funded: string;
  reimbursed: string;
  paid: string;
  balance: string;
}

/** One allocation of a channel behind a planned-vs-provided report (amounts as numeric text, as of the date). */
export interface ChannelAllocationRow {
  allocationId: string;
  documentId: string;
  regionCode: string;
  regionName: string | null;
  allocatedOn: string;
  planned: string;
  funded: string;
  paid: string;
}

/** One project of the project execution report, or the total (`total`, projectId null). */
export interface ProjectExecutionRow {
  total: boolean;
  projectId: string | null;
  projectName: string | null;
  regionCode: string | null;
  funded: string;
  reimbursed: string;
  paid: string;
  balance: string;
}

/**
 * The group key of a record, read from its allocation `a` (the money keeps its allocation's level,
 * channel and place: 各记其功). TOWN: the allocation's town (a village's town), or the district
 * itself for an allocation to the district (区本级).
 */
const KEY: Record<FundReportDimension, (a: string) => string> = {
  [FundReportDimension.LEVEL]: (a) => `${a}.level::text`,
  [FundReportDimension.CHANNEL]: (a) => `${a}.channel::text`,
  [FundReportDimension.TOWN]: (a) => `(CASE WHEN substr(${a}.region_code, 7, 3) = '000' THEN ${a}.region_code ELSE substr(${a}.region_code, 1, 9) || '000' END)::text`,
};

/**
 * The as-of filters, each record by its own date (the report for a date stays the same whatever
 * is written later): an allocation or funding dated on or before the date and active then (active
 * now, or cancelled after the date); a reimbursement approved by finance on or before the date
 * (an approved one is never rejected); a payment dated on or before the date.
 */
const AS_OF = {
  allocation: (a: string) => `${a}.year = $1 AND ${a}.allocated_on <= $2 AND (${a}.status = 'ACTIVE' OR ${a}.cancelled_on > $2)`,
  funding: (f: string) => `${f}.year = $1 AND ${f}.funded_on <= $2 AND (${f}.status = 'ACTIVE' OR ${f}.cancelled_on > $2)`,
  reimbursement: (r: string) => `${r}.year = $1 AND ${r}.approved_on <= $2 AND ${r}.status IN ('APPROVED', 'PAID')`,
  payment: (p: string) => `${p}.year = $1 AND ${p}.paid_on <= $2 AND ${p}.status = 'ACTIVE'`,
};

const MONEY = (e: string) => `COALESCE(${e}, 0)::numeric(14,2)::text`;

/**
 * The SQL of the execution reports (执行情况): one statement per report, GROUPING SETS giving the
 * groups and the total at once; each record scoped by its own region (as the lists are) and
 * filtered by its own date; sums in numeric, exact to the fen.
 */
@Injectable()
export class FundReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execution(principal: Principal, year: number, asOf: string, withinPrefix: string, by: FundReportDimension): Promise<ExecutionRow[]> {
    const params: unknown[] = [year, asOf];
    const scope = (column: string) => regionScopeSql(column, principal, params, { within: withinPrefix });
    const key = KEY[by];
    const sql = `
      WITH rec AS (
        SELECT ${key('a')} AS k, a.amount AS allocated, 0::numeric AS funded, 0::numeric AS reimbursed, 0::numeric AS paid
          FROM fund_allocations a WHERE ${AS_OF.allocation('a')} AND ${scope('a.region_code')}
        UNION ALL
        SELECT ${key('a')}, 0, f.amount, 0, 0
          FROM project_fundings f JOIN fund_allocations a ON a.id = f.allocation_id WHERE ${AS_OF.funding('f')} AND ${scope('f.region_code')}
        UNION ALL
        SELECT ${key('a')}, 0, 0, r.amount, 0
          FROM fund_reimbursements r JOIN fund_allocations a ON a.id = r.allocation_id WHERE ${AS_OF.reimbursement('r')} AND ${scope('r.region_code')}
        UNION ALL
        SELECT ${key('a')}, 0, 0, 0, p.amount
          FROM fund_payments p JOIN fund_allocations a ON a.id = p.allocation_id WHERE ${AS_OF.payment('p')} AND ${scope('p.region_code')}
      ), g AS (
        SELECT k, GROUPING(k) AS grp, sum(allocated) AS allocated, sum(funded) AS funded, sum(reimbursed) AS reimbursed, sum(paid) AS paid
          FROM rec GROUP BY GROUPING SETS ((k), ())
      )
      SELECT g.grp = 1 AS total, g.k AS key, rg.name AS "regionName",
             ${MONEY('g.allocated')} AS allocated, ${MONEY('g.funded')} AS funded, ${MONEY('g.reimbursed')} AS reimbursed,
             ${MONEY('g.paid')} AS paid, ${MONEY('COALESCE(g.allocated, 0) - COALESCE(g.paid, 0)')} AS balance
        FROM g LEFT JOIN regions rg ON ${by === FundReportDimension.TOWN ? 'rg.code = g.k' : 'FALSE'}
       ORDER BY g.grp DESC, g.k COLLATE "C"`;
    return this.dataSource.query(sql, params);
  }

  /**
   * The project report: the total and, after a (name, id) cursor, `limit` projects ordered by name
   * (C collation) then id; a project's allocated is not its own (an allocation is a place's), so
   * its balance is funded − paid.
   */
  projectExecution(principal: Principal, year: number, asOf: string, withinPrefix: string, after: [string, string] | undefined, limit: number): Promise<ProjectExecutionRow[]> {
    const params: unknown[] = [year, asOf];
    const scope = (column: string) => regionScopeSql(column, principal, params, { within: withinPrefix });
    const rec = `
        SELECT f.project_id AS k, f.amount AS funded, 0::numeric AS reimbursed, 0::numeric AS paid
          FROM project_fundings f WHERE ${AS_OF.funding('f')} AND ${scope('f.region_code')}
        UNION ALL
        SELECT r.project_id, 0, r.amount, 0 FROM fund_reimbursements r WHERE ${AS_OF.reimbursement('r')} AND ${scope('r.region_code')}
        UNION ALL
        SELECT r.project_id, 0, 0, p.amount
          FROM fund_payments p JOIN fund_reimbursements r ON r.id = p.reimbursement_id WHERE ${AS_OF.payment('p')} AND ${scope('p.region_code')}`;
    let seek = 'TRUE';
    if (after) {
      params.push(after[0], after[1]);
      seek = `(pr.name COLLATE "C", pr.id) > ($${params.length - 1}::text COLLATE "C", $${params.length}::uuid)`;
    }
    // The total row comes first, then the page and one row more (whether a next page exists).
    params.push(limit + 2);
    const sql = `
      WITH rec AS (${rec}
      ), g AS (
        SELECT k, GROUPING(k) AS grp, sum(funded) AS funded, sum(reimbursed) AS reimbursed, sum(paid) AS paid
          FROM rec GROUP BY GROUPING SETS ((k), ())
      )
      SELECT g.grp = 1 AS total, g.k AS "projectId", pr.name AS "projectName", pr.region_code AS "regionCode",
             ${MONEY('g.funded')} AS funded, ${MONEY('g.reimbursed')} AS reimbursed, ${MONEY('g.paid')} AS paid,
             ${MONEY('COALESCE(g.funded, 0) - COALESCE(g.paid, 0)')} AS balance
        FROM g LEFT JOIN projects pr ON pr.id = g.k
       WHERE g.grp = 1 OR ${seek}
       ORDER BY g.grp DESC, pr.name COLLATE "C", pr.id
       LIMIT $${params.length}`;
    return this.dataSource.query(sql, params);
  }

  /**
   * The allocations of one channel in a year as of a date (active then, dated on or before it) in
   * the caller's scope and the subtree, each with what was funded to projects from it and paid
   * from it by the date (each record by its own date, as the execution report); by region code,
   * date, id.
   */
  channelAllocations(principal: Principal, year: number, asOf: string, withinPrefix: string, channel: string): Promise<ChannelAllocationRow[]> {
    const params: unknown[] = [year, asOf, channel];
    const scope = (column: string) => regionScopeSql(column, principal, params, { within: withinPrefix });
    const sql = `
      SELECT a.id AS "allocationId", a.document_id AS "documentId", a.region_code AS "regionCode", rg.name AS "regionName",
             a.allocated_on::text AS "allocatedOn", ${MONEY('a.amount')} AS planned,
             ${MONEY(`(SELECT sum(f.amount) FROM project_fundings f WHERE f.allocation_id = a.id AND ${AS_OF.funding('f')})`)} AS funded,
             ${MONEY(`(SELECT sum(p.amount) FROM fund_payments p WHERE p.allocation_id = a.id AND ${AS_OF.payment('p')})`)} AS paid
        FROM fund_allocations a LEFT JOIN regions rg ON rg.code = a.region_code
       WHERE ${AS_OF.allocation('a')} AND a.channel = $3 AND ${scope('a.region_code')}
       ORDER BY a.region_code, a.allocated_on, a.id`;
    return this.dataSource.query(sql, params);
  }

  /**
   * The active documents of a year received by a district at the top of their chain (no parent)
   * and of one of `levels`: money counted once, by the level that put it in (a child document
   * passes on its parent's money). Issue date, then id.
   */
  rootDocuments(principal: Principal, year: number, districtCode: string, levels: readonly string[]): Promise<FundDocumentEntity[]> {
    if (!levels.length) return Promise.resolve([]);
    const qb = this.dataSource.getRepository(FundDocumentEntity).createQueryBuilder('d');
    qb.where('d.year = :year AND d.region_code = :districtCode AND d.parent_id IS NULL AND d.status = :active AND d.level = ANY(:levels)', {
      year,
      districtCode,
      active: FundRecordStatus.ACTIVE,
      levels: [...levels],
    });
    return applyRegionScope(qb, 'd.region_code', principal).orderBy('d.issued_on').addOrderBy('d.id').getMany();
  }

  /** The active allocations of a year in the caller's scope and the subtree (and document) dated on or before `asOf`, by date then id. */
  allocationsOf(principal: Principal, year: number, asOf: string, withinPrefix: string, documentId?: string): Promise<FundAllocationEntity[]> {
    const qb = this.dataSource.getRepository(FundAllocationEntity).createQueryBuilder('a');
    qb.where('a.year = :year AND a.allocated_on <= :asOf AND a.status = :active', { year, asOf, active: FundRecordStatus.ACTIVE });
    if (documentId) qb.andWhere('a.document_id = :documentId', { documentId });
    applyWithin(qb, 'a.region_code', withinPrefix);
    return applyRegionScope(qb, 'a.region_code', principal).orderBy('a.allocated_on').addOrderBy('a.id').getMany();
  }
}
