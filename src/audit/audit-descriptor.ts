import { AuditChanges, diffChanges, DiffOptions, filterFacts } from './audit-diff';

/**
 * How the audit trail records one kind of entity: its entity type, where its id and region come
 * from, the view that is diffed (e.g. with protected values decrypted, only to be masked) and the
 * fields masked or left out. Each module declares its descriptors once, beside its entities
 * (`*.audited.ts`), and records every change through `AuditService.change` / `.fact` (several
 * rows at once: `AuditService.append` of `auditChange` / `auditFact` rows). Masked and left-out
 * fields hold for facts too, so a secret declared left out never reaches a row.
 */
export interface AuditDescriptor<T, A extends string = string> {
  /** `entity_type` of the rows, e.g. `Member`. */
  readonly entityType: string;
  /**
   * The operations (`module.action`, e.g. `users.create`) recorded for this entity. When given,
   * recording another is refused: at compile time (the operation's type is this union) and at
   * run time (a programming error). Any operation when absent.
   */
  readonly actions?: readonly A[];
  /** `entity_id` of the rows; rows without one when absent (an export, a division list: no single entity). */
  readonly id?: (x: T) => string;
  /** `region_code` of the rows; rows without one when absent. */
  readonly region?: (x: T) => string | null | undefined;
  /** What is compared and recorded; the value itself when absent. */
  readonly view?: (x: T) => object;
  /** Personal-data fields recorded masked (see DiffOptions.mask). */
  readonly mask?: DiffOptions['mask'];
  /** More fields to leave out, besides DEFAULT_OMIT (see DiffOptions.omit). */
  readonly omit?: readonly string[];
  /**
   * Fields left out of an update's diff only (both a before and an after): bookkeeping that
   * other writers move at any time (e.g. a webhook's delivery position, moved by the
   * dispatcher), so a difference is not a change the update made. A creation or a deletion
   * records them.
   */
  readonly omitOnUpdate?: readonly string[];
}

/**
 * Declares how an entity is audited (see AuditDescriptor). With `actions`, let the value's type
 * come from a typed `id` (`id: (u: UserEntity) => u.id`) so the action names are inferred.
 */
export function defineAudited<T, const A extends string = string>(descriptor: AuditDescriptor<T, A>): AuditDescriptor<T, A> {
  return Object.freeze({ ...descriptor, ...(descriptor.actions ? { actions: Object.freeze([...descriptor.actions]) } : {}) });
}

/** Besides the diff: the reason given, facts merged after the diff, or an entity id / region the value does not carry. */
export interface AuditChangeOptions {
  reason?: string | null;
  /** Merged over the diff, e.g. `{ headMemberId: { from, to } }`. */
  extra?: Record<string, unknown>;
  entityId?: string;
  regionCode?: string | null;
}

/** Marks the rows built from a descriptor: AuditService.append takes no other. */
declare const DESCRIBED: unique symbol;

/**
 * One audit row, as AuditService.record takes it (structurally AuditRecord), built by
 * auditChange / auditFact only (a hand-built object lacks the mark AuditService.append asks for).
 */
export interface AuditChangeRecord {
  readonly [DESCRIBED]: true;
  operation: string;
  entityType: string;
  entityId: string | null;
  regionCode?: string | null;
  changes: Record<string, unknown>;
  reason?: string | null;
}

/**
 * The audit row of a change: `before` null is a creation, `after` null a deletion. The id and
 * region come from `after` (`before` for a deletion); the changes are the diff of the
 * descriptor's views, masked and omitted as it says.
 */
export function auditChange<T, A extends string>(
  d: AuditDescriptor<T, A>,
  operation: NoInfer<A>,
  before: T | null,
  after: T | null,
  options: AuditChangeOptions = {},
): AuditChangeRecord {
  const subject = after ?? before;
  if (subject === null) throw new Error(`audit change ${operation} of ${d.entityType} has neither a before nor an after`);
  const view = d.view ?? ((x: T) => x as object);
  const omit = [...(d.omit ?? []), ...(before !== null && after !== null ? (d.omitOnUpdate ?? []) : [])];
  const changes: AuditChanges | Record<string, unknown> = diffChanges(before === null ? null : view(before), after === null ? null : view(after), {
    mask: d.mask,
    omit: omit.length ? omit : undefined,
  });
  return record(d, operation, subject, options.extra ? { ...changes, ...options.extra } : changes, options);
}

/**
 * True when the descriptor sees no difference between `before` and a proposed `after` (its view,
 * left-out fields and DEFAULT_OMIT applied, as auditChange diffs them). An update that changes
 * nothing this way is a no-op: the use case writes nothing, bumps no version and records no
 * audit row (see `unchangedUpdate` in src/common/concurrency).
 */
export function unchangedFor<T>(d: AuditDescriptor<T, string>, before: T, after: T): boolean {
  const view = d.view ?? ((x: T) => x as object);
  const omit = [...(d.omit ?? []), ...(d.omitOnUpdate ?? [])];
  return Object.keys(diffChanges(view(before), view(after), { omit: omit.length ? omit : undefined })).length === 0;
}

/**
 * The audit row of something that happened to an entity without a diff (a sign-in, a reveal of
 * a protected value, a rotated secret): the facts are recorded as given, except that the
 * descriptor's left-out fields (and DEFAULT_OMIT) are dropped and its masked fields masked
 * (a `{ from, to }` fact on both sides), as in a change.
 */
export function auditFact<T, A extends string>(
  d: AuditDescriptor<T, A>,
  operation: NoInfer<A>,
  subject: T,
  facts: Record<string, unknown> | undefined,
  options: Omit<AuditChangeOptions, 'extra'> = {},
): AuditChangeRecord {
  return record(d, operation, subject, facts && filterFacts(facts, { mask: d.mask, omit: d.omit ? [...d.omit] : undefined }), options);
}

function record<T, A extends string>(
  d: AuditDescriptor<T, A>,
  operation: A,
  subject: T,
  changes: Record<string, unknown> | undefined,
  options: AuditChangeOptions,
): AuditChangeRecord {
  if (d.actions && !d.actions.includes(operation)) throw new Error(`audit operation ${operation} is not an action of ${d.entityType} (${d.actions.join(', ')})`);
  const row: Omit<AuditChangeRecord, typeof DESCRIBED> = {
    operation,
    entityType: d.entityType,
    entityId: options.entityId ?? d.id?.(subject) ?? null,
    changes: changes ?? {},
  };
  const regionCode = options.regionCode !== undefined ? options.regionCode : d.region?.(subject);
  if (regionCode !== undefined) row.regionCode = regionCode;
  if (options.reason !== undefined) row.reason = options.reason;
  return row as AuditChangeRecord;
}
