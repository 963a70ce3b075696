import { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope, ScopeHolder } from '../common/access/region-scope';

/**
 * The rows among `ids` of a table with `region_code` and `sector` columns that the holder may
 * read; `forWrite` locks them and adds the sector write scope (the locked read before a change).
 * The one read by id of the employment ledger's tables.
 */
export function findScoped<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  holder: ScopeHolder,
  ids: readonly string[],
  forWrite = false,
  idColumn = 'id',
): Promise<T[]> {
  if (!ids.length) return Promise.resolve([]);
  const qb: SelectQueryBuilder<T> = manager.getRepository(target).createQueryBuilder('x').where(`x.${idColumn} = ANY(:ids)`, { ids: [...ids] });
  applyRegionScope(qb, 'x.region_code', holder, forWrite ? { sector: { column: 'x.sector', access: 'write' } } : {});
  if (forWrite) qb.setLock('pessimistic_write');
  return qb.getMany();
}
