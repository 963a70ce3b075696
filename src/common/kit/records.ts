import { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope, ScopeHolder } from '../access/region-scope';

/**
 * The rows among `ids` of a table with `region_code` and `sector` columns that the holder may
 * read; `forWrite` locks them and adds the sector write scope (the locked read before a change).
 * The one read by id of a sector module's record tables.
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

/** Two periods share a day (an open end runs on). */
export function periodsOverlap(a: { startsOn: string; endsOn: string | null }, b: { startsOn: string; endsOn: string | null }): boolean {
  return (a.endsOn === null || b.startsOn <= a.endsOn) && (b.endsOn === null || a.startsOn <= b.endsOn);
}

/** Whether the member belonged to the household on some day of the period (joined by its end, not left by its start). */
export function memberDuring(member: { joinedOn: string; leftOn: string | null }, from: string, to: string): boolean {
  return member.joinedOn <= to && (member.leftOn === null || member.leftOn > from);
}

/**
 * The fields an update input changes: those given, a null only for the fields it may clear
 * (`clearable`); a null elsewhere leaves the field as it is.
 */
export function changesOf<T extends object>(changes: T, clearable: readonly (keyof T)[] = []): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([k, v]) => v !== undefined && (v !== null || clearable.includes(k as keyof T)))) as Partial<T>;
}
