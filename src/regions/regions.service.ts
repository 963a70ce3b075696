import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConnectionArgs, Connection } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { RegionEntity } from './region.entity';
import { RegionsErrors } from './regions.errors';
import { RegionFilter, RegionsRepository, UpsertCounts } from './regions.repository';
import { DivisionRow, divisionScopeProblems, parseDivisionCsv } from './division-csv';
import { auditChange, auditFact } from '../audit/audit-descriptor';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { LoadedRegion, LOADED_REGION_AUDIT, REGION_AUDIT, REGION_LIST_AUDIT } from './regions.audited';

/** The division tree: reads, renames, and loading a full division list. */
@Injectable()
export class RegionsService {
  constructor(
    private readonly regions: RegionsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(
    filter: Omit<RegionFilter, 'withinPrefix'> & { withinCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<RegionEntity>> {
    let withinPrefix: string | undefined;
    if (filter.withinCode) {
      const within = await this.regions.findByCode(filter.withinCode);
      if (!within) return { edges: [], totalCount: withTotalCount ? 0 : undefined, pageInfo: emptyPageInfo() };
      withinPrefix = subtreePrefix(within.code, within.level);
    }
    return this.regions.page({ ...filter, withinPrefix }, args, withTotalCount);
  }

  /** Pass the transaction's manager when calling inside one (never a second connection). */
  findByCode(code: string, manager?: EntityManager): Promise<RegionEntity | null> {
    return this.regions.findByCode(code, manager);
  }

  findByCodes(codes: readonly string[]): Promise<RegionEntity[]> {
    return this.regions.findByCodes(codes);
  }

  findChildrenOf(codes: readonly string[], manager?: EntityManager): Promise<RegionEntity[]> {
    return this.regions.findChildrenOf(codes, manager);
  }

  count(): Promise<number> {
    return this.regions.count();
  }

  /** Renames a region of the caller's subtree; one outside answers like a missing one. */
  rename(principal: Principal, code: string, version: number, name: string): Promise<RegionEntity> {
    return this.dataSource.transaction(async (manager) => {
      const existing = inRegionScope(principal, code) ? await this.regions.findByCode(code, manager) : null;
      if (!existing) throw RegionsErrors.notFound(code);
      const renamed = await this.regions.rename(manager, code, version, name.trim());
      // The name as given and as stored, even when unchanged: a rename is recorded as asked.
      await this.audit.fact(manager, REGION_AUDIT, 'regions.rename', renamed, { name: { from: existing.name, to: renamed.name } }, { regionCode: code });
      return renamed;
    });
  }

  /**
   * Loads a division list (CSV: code,name,parent_code,level) for a caller: every row must lie in
   * the caller's home region subtree (see divisionScopeProblems), else nothing is loaded and
   * the rows outside are named (REGION_OUT_OF_SCOPE). All or nothing.
   */
  async importCsv(principal: Principal, csv: string | Buffer): Promise<Omit<UpsertCounts, 'changed'>> {
    const rows = parseDivisionCsv(csv);
    return this.dataSource.transaction(async (manager) => {
      const home = await this.regions.findByCode(principal.regionCode, manager);
      const problems = divisionScopeProblems(rows, home, principal.scopePrefix);
      if (problems.length) throw RegionsErrors.outOfScope(problems);
      return this.load(manager, rows);
    });
  }

  /**
   * Loads a division list with system-wide rights: the CLI (`npm run regions:import`) and the
   * demo seed only, never on behalf of a caller.
   */
  async importCsvAsSystem(csv: string | Buffer): Promise<Omit<UpsertCounts, 'changed'>> {
    const rows = parseDivisionCsv(csv);
    return this.dataSource.transaction((manager) => this.load(manager, rows));
  }

  private async load(manager: EntityManager, rows: DivisionRow[]): Promise<Omit<UpsertCounts, 'changed'>> {
    // Parents named in the file or already stored must exist (checked after parsing).
    const known = new Set(rows.map((r) => r.code));
    const missing = [...new Set(rows.map((r) => r.parentCode).filter((p): p is string => !!p && !known.has(p)))];
    if (missing.length) {
      const found = new Set((await this.regions.findByCodes(missing, manager)).map((r) => r.code));
      const absent = missing.filter((m) => !found.has(m));
      if (absent.length) throw RegionsErrors.unknownParents(absent);
    }
    const stored = new Map((await this.regions.findByCodes(rows.map((r) => r.code), manager)).map((r) => [r.code, r]));
    const counts = await this.regions.upsert(manager, rows);
    const { changed, ...result } = counts;
    if (result.created || result.updated) {
      const byCode = new Map(rows.map((r) => [r.code, r]));
      const loaded = (id: string, r: { code: string; name: string; level: string; parentCode: string | null }): LoadedRegion => ({
        id,
        code: r.code,
        name: r.name,
        level: r.level,
        parentCode: r.parentCode,
      });
      await this.audit.append(manager, [
        // The counts; the changed divisions are the rows that follow, one each.
        auditFact(REGION_LIST_AUDIT, 'regions.import', rows, { rows: rows.length, ...result }),
        ...changed.map(({ id, code }) => {
          const before = stored.get(code);
          return auditChange(LOADED_REGION_AUDIT, 'regions.upsert', before ? loaded(id, before) : null, loaded(id, byCode.get(code)!));
        }),
      ]);
    }
    return result;
  }
}

function emptyPageInfo() {
  return { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };
}
