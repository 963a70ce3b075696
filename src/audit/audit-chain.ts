import { createHash, createHmac } from 'node:crypto';
import { sortStringsInPlace } from '../common/sort-strings';

export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of an audit row, in a fixed order. */
export interface ChainedContent {
  seq: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  actorRoles: string[];
  requestId: string | null;
  clientIp: string | null;
  operation: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  changes: Record<string, unknown>;
  /** `canonicalJson(changes)`, when it was made already (AuditService makes it once for the hash and the COPY). */
  changesJson?: string;
  reason: string | null;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  // Pieces joined once (issue #12: appending at every level made a rope of strings per piece,
  // flattened again when hashed; an import makes one of these per household).
  const out: string[] = [];
  writeCanonical(value, out);
  return out.join('');
}

function writeCanonical(value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    out.push(String(JSON.stringify(value ?? null)));
    return;
  }
  if (value instanceof Date) {
    out.push(JSON.stringify(value.toISOString()));
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i) out.push(',');
      writeCanonical(value[i], out);
    }
    out.push(']');
    return;
  }
  const object = value as Record<string, unknown>;
  // Sorted as the default sort does (UTF-16 code units, as `<` compares strings).
  const keys = sortStringsInPlace(Object.keys(object));
  let separator = '{';
  for (const k of keys) {
    const v = object[k];
    if (v === undefined) continue;
    out.push(separator, JSON.stringify(k), ':');
    writeCanonical(v, out);
    separator = ',';
  }
  out.push(separator === '{' ? '{}' : '}');
}

/**
 * The JSON value `value` becomes when stored in a jsonb column and read back: Dates (and other
 * `toJSON` objects) as their JSON form, `undefined`/functions dropped from objects and `null` in
 * arrays, NaN/±Infinity as null, bigint as a decimal string. The service hashes this form, so
 * the hash it writes is the hash the verifier recomputes from the row.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return null;
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return toJsonValue(withToJson.toJSON());
  if (Array.isArray(value)) return value.map(toJsonValue);
  const out: Record<string, unknown> = {};
  const object = value as Record<string, unknown>;
  // Keys, not entries: no [key, value] array per property (issue #12, an import's audit rows).
  for (const k of Object.keys(object)) {
    const v = object[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    // defineProperty: a key named `__proto__` stays an own key, as JSON.parse makes it.
    if (k === '__proto__') Object.defineProperty(out, k, { value: toJsonValue(v), enumerable: true, writable: true, configurable: true });
    else out[k] = toJsonValue(v);
  }
  return out;
}

/** What chainHash needs of a key: its id (stored on the row, and hashed) and the secret. */
export interface ChainKey {
  id: string;
  secret: Buffer;
}

/**
 * hash = HMAC-SHA256(key, prev_hash ‖ canonical content ‖ key id): without the key, which the
 * database does not hold, nobody can write a row (or re-hash later rows) that verifies.
 * `key` null is a legacy row from before the chain was keyed: SHA-256(prev_hash ‖ content).
 */
export function chainHash(prevHash: string, c: ChainedContent, key: ChainKey | null): string {
  const before = canonicalJson([c.seq, c.occurredAt.toISOString(), c.actorType, c.actorId, c.actorName, c.actorRoles, c.requestId, c.clientIp, c.operation, c.entityType, c.entityId, c.regionCode]);
  const after = canonicalJson(key ? [c.reason, key.id] : [c.reason]);
  // canonicalJson of the whole list [...before, changes, ...after], with the changes' text made once.
  const text = `${before.slice(0, -1)},${c.changesJson ?? canonicalJson(c.changes)},${after.slice(1)}`;
  if (!key) return createHash('sha256').update(prevHash).update('\n').update(text).digest('hex');
  return createHmac('sha256', key.secret).update(prevHash).update('\n').update(text).digest('hex');
}
