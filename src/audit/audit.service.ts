import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../common/access/principal';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { currentPrincipal, currentScope } from '../common/request-scope/request-scope';
import { SECRETS, Secrets } from '../config/secrets';
import { canonicalJson, chainHash, GENESIS_HASH, toJsonValue } from './audit-chain';
import { auditChange, AuditChangeOptions, AuditChangeRecord, AuditDescriptor, auditFact } from './audit-descriptor';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditChainReport, AuditVerifier } from './audit-verifier';
import { AuditErrors } from './audit.errors';
import { AuditFilter, AuditRepository, AuditRow } from './audit.repository';

export interface AuditRecord {
  /** `module.action`, e.g. `users.create`, `personalData.unmask`. */
  operation: string;
  entityType: string;
  entityId?: string | null;
  regionCode?: string | null;
  /** `{ field: { from, to } }` (mask personal data first: see audit-diff) or facts. */
  changes?: Record<string, unknown>;
  reason?: string | null;
}

export interface AuditTrailFilter extends Omit<AuditFilter, 'regionPrefix'> {
  /** A 12-digit division code: rows of that region's whole subtree. */
  regionCode?: string;
}

/** Column widths of audit_log (see the entity): a longer value is a programming error, said clearly. */
const MAX_LENGTH: Partial<Record<keyof AuditRecord, number>> = { operation: 64, entityType: 64, entityId: 64, regionCode: 12 };

/** A record's changes as jsonb gives them back (what is hashed and stored), and their canonical JSON. */
interface Prepared {
  changes: Record<string, unknown>;
  changesJson: string;
}

/**
 * Checks a record and puts its changes in the form they are hashed and stored in. The canonical
 * JSON is made once: the hash signs it, and the COPY of a large append sends it as the jsonb text.
 */
function prepare(r: AuditRecord): Prepared {
  for (const [field, max] of Object.entries(MAX_LENGTH)) {
    const value = r[field as keyof AuditRecord];
    if (typeof value === 'string' && value.length > max) throw new Error(`audit record ${field} is longer than ${max}`);
  }
  // What jsonb will give back, so the hash written is the hash the verifier recomputes.
  const c = toJsonValue(r.changes ?? {});
  if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new Error('audit record changes must be an object');
  const changes = c as Record<string, unknown>;
  return { changes, changesJson: canonicalJson(changes) };
}

/**
 * The audit trail: appends (inside the caller's transaction), reading (region-scoped) and
 * verifying the hash chain.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly verifier: AuditVerifier,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  /**
   * Records one change of an entity as its descriptor says (see auditChange): `before` null is a
   * creation, `after` null a deletion. Inside the caller's transaction, as `record`.
   */
  change<T, A extends string>(manager: EntityManager, d: AuditDescriptor<T, A>, operation: NoInfer<A>, before: T | null, after: T | null, options?: AuditChangeOptions): Promise<void> {
    return this.record(manager, [auditChange(d, operation, before, after, options)]);
  }

  /** Records something that happened to an entity, with its facts rather than a diff (see auditFact). */
  fact<T, A extends string>(manager: EntityManager, d: AuditDescriptor<T, A>, operation: NoInfer<A>, subject: T, facts?: Record<string, unknown>, options?: Omit<AuditChangeOptions, 'extra'>): Promise<void> {
    return this.record(manager, [auditFact(d, operation, subject, facts, options)]);
  }

  /**
   * Records several rows built by auditChange / auditFact in one append (one lock, one clock),
   * e.g. a household created with its members. Inside the caller's transaction, as `record`.
   */
  append(manager: EntityManager, rows: readonly AuditChangeRecord[]): Promise<void> {
    return this.record(manager, [...rows]);
  }

  /**
   * The kit's own writer: modules record through `change`, `fact` and `append`, with the
   * descriptors of their `*.audited.ts` (src/audit/audit-records.spec.ts checks that no module
   * builds rows by hand; the bulk import's planner is the one exception listed there).
   * Appends to the audit trail inside the caller's transaction, so the rows commit or roll back
   * with the change they record. The actor, request id and client address come from the request
   * scope. Rows are chained: each carries the hash of the one before, in commit order, because
   * appends take a transaction-scoped lock until commit (call it late in the transaction: other
   * writers of the trail wait for it). The transaction must be READ COMMITTED (the default): a
   * snapshot taken before the lock would not see the newest row, and the insert would then fail
   * on the duplicate seq rather than fork the chain. Rows are signed with the active
   * AUDIT_CHAIN_KEY key (HMAC), which the database does not hold.
   */
  async record(manager: EntityManager, records: AuditRecord[]): Promise<void> {
    if (!records.length) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('audit rows must be written inside the transaction of the change they record');
    }
    const ready = records.map(prepare);
    const scope = currentScope();
    const p = scope?.principal;
    const key = this.secrets.auditChain.active;
    const head = await this.audit.lockHead(manager);
    let seq = BigInt(head?.seq ?? '0');
    let prevHash = head?.hash ?? GENESIS_HASH;
    // Taken under the lock: occurred_at does not go backwards along the chain (one clock).
    const occurredAt = new Date();
    const rows: AuditRow[] = records.map((r, i) => {
      seq += 1n;
      const content = {
        seq: seq.toString(),
        occurredAt,
        actorType: p?.kind ?? 'system',
        actorId: p?.id ?? null,
        actorName: p?.name ?? null,
        actorRoles: [...(p?.roles ?? [])],
        requestId: scope?.requestId ?? null,
        clientIp: scope?.clientIp ?? null,
        operation: r.operation,
        entityType: r.entityType,
        entityId: r.entityId ?? null,
        regionCode: r.regionCode ?? null,
        changes: ready[i].changes,
        changesJson: ready[i].changesJson,
        reason: r.reason ?? null,
      };
      const hash = chainHash(prevHash, content, key);
      const row = { ...content, prevHash, hash, chainKey: key.id };
      prevHash = hash;
      return row;
    });
    await this.audit.append(manager, rows);
  }

  /**
   * The audit trail, newest first, as far as the caller may see it: rows whose region lies in
   * the subtree of the caller's home region, plus rows with no region (sign-ins, system jobs)
   * for callers whose home region is a district or above. Filters narrow that further.
   */
  async trail(filter: AuditTrailFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AuditEntryEntity>> {
    const principal = this.reader();
    if (filter.from && filter.to && filter.from >= filter.to) throw AuditErrors.invalidPeriod();
    const { regionCode, ...rest } = filter;
    return this.audit.page(
      principal,
      { ...rest, regionPrefix: regionCode == null ? undefined : subtreePrefix(regionCode) },
      args,
      withTotalCount,
    );
  }

  /** Verifies the whole chain (see AuditVerifier). */
  async verifyChain(): Promise<AuditChainReport> {
    this.reader();
    return this.verifier.verify();
  }

  /** Defence in depth behind the resolver's @RequirePermission: the service asks again. */
  private reader(): Principal {
    const principal = currentPrincipal();
    if (!principal) throw AuditErrors.notSignedIn();
    if (!principal.permissions.has('audit.read')) throw AuditErrors.forbidden();
    return principal;
  }
}
