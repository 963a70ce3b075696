import { canonicalJson, toJsonValue } from './audit-chain';

/** One changed field as the audit trail records it. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

export type AuditChanges = Record<string, FieldChange>;

export interface DiffOptions {
  /**
   * Personal-data fields and their masker (src/common/crypto/mask.ts), e.g.
   * `{ idNumber: maskCitizenId, phone: maskPhone, bankAccount: maskBankAccount }`. The field is
   * compared on its real value but recorded masked on both sides, so plaintext never reaches
   * the audit trail.
   */
  mask?: Record<string, (value: string) => string>;
  /** More fields to leave out, besides DEFAULT_OMIT. `*` matches any run of characters. */
  omit?: string[];
}

/**
 * Never recorded, whatever the caller asks: secrets and their derivatives (password hashes,
 * encrypted columns, blind indexes) and bookkeeping that changes on every write.
 */
export const DEFAULT_OMIT: readonly string[] = [
  'passwordHash',
  'password_hash',
  '*Enc',
  '*_enc',
  '*Hash',
  '*_hash',
  'version',
  'createdAt',
  'created_at',
  'updatedAt',
  'updated_at',
];

/** What a masked field that is not a string (an object, an array) is recorded as. */
export const MASKED_VALUE = '******';

/**
 * The changed top-level fields of a record, `{ field: { from, to } }`, for AuditRecord.changes.
 * `before` null is a creation (every non-null field, from null), `after` null a deletion.
 * Values are compared deeply as the JSON they are stored as (Dates as ISO strings, key order
 * ignored, undefined as null) and recorded in that JSON form; fields in `mask` are recorded
 * masked; fields in DEFAULT_OMIT and `omit` are left out. Keys come out sorted.
 */
export function diffChanges(before: object | null, after: object | null, opts: DiffOptions = {}): AuditChanges {
  const omitted = omittedBy(opts.omit);
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const fields = fieldsOf(b, a).filter((f) => !omitted(f)).sort();
  const changes: AuditChanges = {};
  for (const field of fields) {
    const from = toJsonValue(b[field]);
    const to = toJsonValue(a[field]);
    // JSON values: equal primitives are ===; objects and arrays compare as canonical JSON.
    if (from === to || (typeof from === 'object' && from !== null && typeof to === 'object' && to !== null && canonicalJson(from) === canonicalJson(to))) continue;
    const masker = opts.mask && Object.hasOwn(opts.mask, field) ? opts.mask[field] : undefined;
    const change = masker ? { from: masked(from, masker), to: masked(to, masker) } : { from, to };
    setOwn(changes, field, change);
  }
  return changes;
}

/** The keys of either record, once each (a creation's or deletion's: one record's keys, no Set). */
function fieldsOf(b: Record<string, unknown>, a: Record<string, unknown>): string[] {
  const before = Object.keys(b);
  const after = Object.keys(a);
  if (before.length === 0) return after;
  if (after.length === 0) return before;
  return [...new Set([...before, ...after])];
}

/**
 * Sets an own property of a plain object, `__proto__` included (an assignment of that name would
 * set the prototype). A plain assignment otherwise: a bulk import records tens of thousands of
 * changes, and defining each property cost a quarter of the diff (issue #12).
 */
function setOwn(target: Record<string, unknown>, field: string, value: unknown): void {
  if (field === '__proto__') Object.defineProperty(target, field, { value, enumerable: true, writable: true, configurable: true });
  else target[field] = value;
}

/**
 * Facts (rather than a diff) as the audit trail records them: fields in DEFAULT_OMIT and `omit`
 * left out, fields in `mask` masked (a `{ from, to }` fact on both sides). The other facts are
 * kept as given, in their order.
 */
export function filterFacts(facts: Record<string, unknown>, opts: DiffOptions = {}): Record<string, unknown> {
  const omitted = omittedBy(opts.omit);
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(facts)) {
    if (omitted(field)) continue;
    const masker = opts.mask && Object.hasOwn(opts.mask, field) ? opts.mask[field] : undefined;
    const kept = masker ? maskedFact(toJsonValue(value), masker) : value;
    setOwn(out, field, kept);
  }
  return out;
}

function maskedFact(value: unknown, masker: (v: string) => string): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 2 && keys.includes('from') && keys.includes('to')) {
      const change = value as FieldChange;
      return { from: masked(change.from, masker), to: masked(change.to, masker) };
    }
  }
  return masked(value, masker);
}

function masked(value: unknown, masker: (v: string) => string): unknown {
  if (value === null) return null;
  if (typeof value === 'string') return masker(value);
  if (typeof value === 'number' || typeof value === 'boolean') return masker(String(value));
  return MASKED_VALUE;
}

/** Built once: diffChanges runs per record, thousands of times in a bulk import. */
const DEFAULT_OMITTED = omitMatcher([...DEFAULT_OMIT]);
/** The matchers of the `omit` lists descriptors give (a few, each used for every record of its kind). */
const OMITTED_BY = new Map<string, (field: string) => boolean>();
const OMIT_LISTS = 256;

/** What DEFAULT_OMIT and `omit` leave out. */
function omittedBy(omit: readonly string[] | undefined): (field: string) => boolean {
  if (!omit?.length) return DEFAULT_OMITTED;
  const key = omit.join('\u0000');
  let matcher = OMITTED_BY.get(key);
  if (matcher === undefined) {
    matcher = omitMatcher([...DEFAULT_OMIT, ...omit]);
    if (OMITTED_BY.size < OMIT_LISTS) OMITTED_BY.set(key, matcher);
  }
  return matcher;
}

function omitMatcher(patterns: string[]): (field: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const globs = patterns
    .filter((p) => p.includes('*'))
    .map((p) => new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`));
  return (field) => exact.has(field) || globs.some((g) => g.test(field));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
