import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { ConnectionArgs, Connection } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { RegionEntity, RegionLevel } from './region.entity';
import { RegionsErrors } from './regions.errors';
import { containsPattern } from '../common/sql/like';
import { applyWithin } from '../common/access/region-scope';

export interface RegionFilter {
  parentCode?: string;
  /** Prefix of the subtree (see region-code's subtreePrefix). */
  withinPrefix?: string;
  level?: RegionLevel;
  nameContains?: string;
}

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** The divisions created or updated: their id and code. */
  changed: { id: string; code: string }[];
}

/** Owns the SQL of the regions table. */
@Injectable()
export class RegionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RegionEntity);
  }

  page(filter: RegionFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<RegionEntity>> {
    const qb = this.repo().createQueryBuilder('r');
    if (filter.parentCode) qb.andWhere('r.parent_code = :parentCode', { parentCode: filter.parentCode });
    if (filter.withinPrefix) applyWithin(qb, 'r.code', filter.withinPrefix);
    if (filter.level) qb.andWhere('r.level = :level', { level: filter.level });
    if (filter.nameContains) {
      qb.andWhere(`r.name LIKE :name ESCAPE '\\'`, { name: containsPattern(filter.nameContains) });
    }
    return paginate(qb, args, { tag: 'code', column: 'r.code', type: 'text', idColumn: 'r.id', key: (r) => [r.code, r.id] }, { withTotalCount });
  }

  findByCode(code: string, manager?: EntityManager): Promise<RegionEntity | null> {
    return this.repo(manager).findOneBy({ code });
  }

  findByCodes(codes: readonly string[], manager?: EntityManager): Promise<RegionEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('r')
      .where('r.code = ANY(:codes)', { codes: [...codes] })
      .getMany();
  }

  findChildrenOf(parentCodes: readonly string[], manager?: EntityManager): Promise<RegionEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('r')
      .where('r.parent_code = ANY(:codes)', { codes: [...parentCodes] })
      .orderBy('r.code')
      .getMany();
  }

  count(): Promise<number> {
    return this.repo().count();
  }

  rename(manager: EntityManager, code: string, version: number, name: string): Promise<RegionEntity> {
    return updateWithVersion(manager, RegionEntity, { column: 'code', value: code }, version, { name }, () =>
      RegionsErrors.notFound(code),
    );
  }

  /**
   * Inserts new regions and updates changed ones in one statement per batch; a row equal to
   * what is stored is left alone (its version and updated_at do not move), so re-importing the
   * same list changes nothing. Rows must come parents first.
   */
  async upsert(manager: EntityManager, rows: RegionRow[]): Promise<UpsertCounts> {
    const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, changed: [] };
    const batch = 5000;
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      const result: { inserted: boolean; id: string; code: string }[] = await manager.query(
        `INSERT INTO regions (code, name, level, parent_code)
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::region_level[], $4::varchar[])
         ON CONFLICT (code) DO UPDATE
           SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
               version = regions.version + 1, updated_at = now()
           WHERE (regions.name, regions.level, regions.parent_code)
                 IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.parent_code)
         RETURNING (xmax = 0) AS inserted, id, code`,
        [part.map((r) => r.code), part.map((r) => r.name), part.map((r) => r.level), part.map((r) => r.parentCode)],
      );
      const inserted = result.filter((r) => r.inserted).length;
      counts.created += inserted;
      counts.updated += result.length - inserted;
      counts.unchanged += part.length - result.length;
      counts.changed.push(...result.map((r) => ({ id: r.id, code: r.code })));
    }
    return counts;
  }
}
