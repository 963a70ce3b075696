import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { AppError } from '../errors/app-error';
import { MESSAGES } from '../errors/messages';
import { CommonReason } from '../errors/reasons';

/**
 * Optimistic concurrency: the client sends the `version` it read; the update is
 * `UPDATE … SET …, version = version + 1 WHERE id = $1 AND version = $2` (or another unique key). Zero rows changed is
 * a CONFLICT when the row exists (someone else changed it) and NOT_FOUND when it does not.
 * `@VersionColumn` alone only bumps the number; it never checks what the client read.
 *
 * Run it inside the use case's transaction (pass its EntityManager) so the audit rows of the
 * change commit with it. Returns the updated row as stored.
 */
export async function updateWithVersion<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  key: { column: string; value: string },
  expectedVersion: number,
  patch: Partial<T>,
  notFound: () => AppError,
): Promise<T> {
  const meta = manager.connection.getMetadata(target);
  const versionColumn = meta.versionColumn ?? meta.findColumnWithPropertyName('version');
  if (!versionColumn) throw new Error(`${meta.name} has no version column`);
  const vName = versionColumn.databaseName;
  const keyColumn = meta.findColumnWithPropertyName(key.column)?.databaseName;
  if (!keyColumn) throw new Error(`${meta.name} has no column ${key.column}`);

  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set({ ...(patch as object), [versionColumn.propertyName]: () => `"${vName}" + 1` } as never)
    .where(`"${keyColumn}" = :key AND "${vName}" = :version`, { key: key.value, version: expectedVersion })
    .returning('*')
    .updateEntity(false)
    .execute();

  if (result.affected && result.raw?.length) {
    return manager.create(target, mapRaw(manager, meta, result.raw[0]) as never) as unknown as T;
  }
  const current = await manager
    .createQueryBuilder(target, 't')
    .select(`t.${versionColumn.propertyName}`)
    .where(`t."${keyColumn}" = :key`, { key: key.value })
    .getRawOne<Record<string, number>>();
  if (!current) throw notFound();
  throw versionConflict({ expectedVersion, currentVersion: Number(Object.values(current)[0]) });
}

/**
 * A no-op update (nothing the client sent differs from what is stored): the row is answered as it
 * is, with no write, no version bump and no audit row; a stale `version` is still refused, as
 * the write would have refused it.
 */
export function unchangedUpdate<T extends { version: number }>(current: T, expectedVersion: number): T {
  if (current.version !== expectedVersion) throw versionConflict({ expectedVersion, currentVersion: current.version });
  return current;
}

/** What a version-conflict answer tells the client, when known. */
export interface VersionConflictFacts {
  /** The version the client sent. */
  expectedVersion?: number;
  /** The version stored now; null when the row the client meant to update is not there. */
  currentVersion?: number | null;
}

/**
 * The one answer to a stale `version`: CONFLICT, reason VERSION_MISMATCH, field `version`, with
 * the facts known (none when the conflict is only seen as a duplicate insert). Every module
 * refuses a stale version through this function.
 */
export function versionConflict(facts: VersionConflictFacts = {}, message: string = MESSAGES.versionConflict): AppError {
  const details: Record<string, unknown> = {};
  if (facts.expectedVersion !== undefined) details.expectedVersion = facts.expectedVersion;
  if (facts.currentVersion !== undefined) details.currentVersion = facts.currentVersion;
  return new AppError('CONFLICT', message, {
    reason: CommonReason.VERSION_MISMATCH,
    field: 'version',
    ...(Object.keys(details).length ? { details } : {}),
  });
}

/**
 * The RETURNING row as the entity's properties, each value hydrated as a SELECT through the ORM
 * would be (the driver leaves e.g. enum arrays as the text `{a,b}`; transformers apply).
 */
function mapRaw(
  manager: EntityManager,
  meta: ReturnType<EntityManager['connection']['getMetadata']>,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const driver = manager.connection.driver;
  const out: Record<string, unknown> = {};
  for (const col of meta.columns) {
    if (col.databaseName in raw) out[col.propertyName] = driver.prepareHydratedValue(raw[col.databaseName], col);
  }
  return out;
}
