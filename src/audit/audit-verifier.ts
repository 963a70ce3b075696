import { types } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { chainHash, GENESIS_HASH } from './audit-chain';
import type { AuditCheckpointFile } from './audit-checkpoint';
import { AuditRepository, AuditRow } from './audit.repository';

export type AuditChainProblem =
  | 'HASH_MISMATCH'
  | 'PREV_HASH_MISMATCH'
  | 'SEQ_GAP'
  | 'KEY_MISMATCH'
  | 'TRUNCATED'
  | 'CHECKPOINT_MISMATCH'
  | 'CHECKPOINT_INVALID';

export interface AuditChainReport {
  ok: boolean;
  /** Rows found intact (when broken: those before the first broken one). */
  checked: number;
  /** The first row that does not follow from the one before (TRUNCATED: the first row missing). */
  firstBrokenSeq?: string;
  problem?: AuditChainProblem;
  /** The last intact row: the head of the chain when ok. */
  lastSeq?: string;
  /** Its hash; write it down elsewhere (a signed report, a ticket) to anchor the chain up to there. */
  lastHash?: string;
  /** The head recorded in the checkpoint file the chain was compared with, if any. */
  checkpointSeq?: string;
  /** Intact rows from before the chain was keyed (plain SHA-256, no chain key). */
  legacyRows?: number;
}

export const VERIFY_BATCH = 5_000;

/** Injection tokens: the chain keys (id → secret) and the checkpoint file (null when none is configured). */
export const AUDIT_CHAIN_KEYS = Symbol('AUDIT_CHAIN_KEYS');
export const AUDIT_CHECKPOINTS = Symbol('AUDIT_CHECKPOINTS');

/**
 * Walks the audit chain from seq 1 in seq order, in windows of `batchSize` seq values (constant
 * memory: at most one window of rows is held), and finds the first row that does not follow
 * from the one before:
 *  - SEQ_GAP: its seq is not the previous + 1 (seq is gap-free by construction; the first is 1),
 *    i.e. a row was removed;
 *  - PREV_HASH_MISMATCH: its prev_hash is not the previous row's hash;
 *  - KEY_MISMATCH: its chain key is not configured, or it has none (a legacy, unkeyed row)
 *    where only keyed rows may be: after a keyed row, or after the legacy rows the checkpoint
 *    recorded (someone re-wrote the chain unkeyed);
 *  - HASH_MISMATCH: its hash is not the HMAC (legacy rows: SHA-256) over prev_hash and its
 *    content, i.e. the row was edited;
 * then compares the chain with the signed checkpoint kept outside the database (when one is
 * configured and written):
 *  - CHECKPOINT_MISMATCH: the row at the checkpoint's seq is not the one it recorded;
 *  - TRUNCATED: the chain ends before the checkpoint's seq (the newest rows were removed);
 *  - CHECKPOINT_INVALID: the checkpoint file is not signed by a configured key.
 * Only the rows present when it starts are checked: appends meanwhile do not disturb it (they
 * commit in seq order, see AuditRepository.lockHead). The checkpoint is read before the head,
 * so a checkpoint written meanwhile is never ahead of the head read.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    private readonly audit: AuditRepository,
    @Inject(AUDIT_CHAIN_KEYS) private readonly keys: ReadonlyMap<string, Buffer>,
    @Inject(AUDIT_CHECKPOINTS) private readonly checkpoints: AuditCheckpointFile | null = null,
  ) {}

  async verify(batchSize = VERIFY_BATCH): Promise<AuditChainReport> {
    const read = this.checkpoints?.read() ?? { state: 'absent' as const };
    const checkpoint = read.state === 'valid' ? read.checkpoint : undefined;
    const cp = checkpoint ? { seq: BigInt(checkpoint.seq), hash: checkpoint.hash, legacyUpTo: BigInt(checkpoint.legacyUpTo) } : undefined;
    const anchor = checkpoint ? { checkpointSeq: checkpoint.seq } : {};
    const head = await this.audit.head();
    const headSeq = BigInt(head?.seq ?? '0');
    const size = BigInt(batchSize);
    let prevSeq = 0n;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    let legacyRows = 0;
    const counts = (): Pick<AuditChainReport, 'checked' | 'legacyRows' | 'lastSeq' | 'lastHash'> => ({
      checked,
      ...(legacyRows ? { legacyRows } : {}),
      ...(checked ? { lastSeq: prevSeq.toString(), lastHash: prevHash } : {}),
    });
    const broken = (firstBrokenSeq: string, problem: AuditChainProblem): AuditChainReport => ({
      ok: false, ...counts(), firstBrokenSeq, problem, ...anchor,
    });
    const rules: ChainRules = { keys: this.keys, keyedSeen: false, legacyUpTo: cp?.legacyUpTo };
    while (prevSeq < headSeq) {
      // A window of seq values, not a LIMIT: seq is unique, so a window never holds more than
      // batchSize rows, and the range stays cheap even where table statistics are stale.
      const upTo = prevSeq + size < headSeq ? prevSeq + size : headSeq;
      for (const row of await this.audit.chainBatch(prevSeq.toString(), upTo.toString())) {
        const problem = checkRow(row, prevSeq, prevHash, rules);
        if (problem) return broken(row.seq, problem);
        if (cp && BigInt(row.seq) === cp.seq && row.hash !== cp.hash) return broken(row.seq, 'CHECKPOINT_MISMATCH');
        prevSeq = BigInt(row.seq);
        prevHash = row.hash;
        checked += 1;
        if (row.chainKey === null) legacyRows += 1;
      }
      if (prevSeq !== upTo) {
        // Rows missing at the end of the window: the next row there is, is the break.
        const [next] = await this.audit.chainBatch(prevSeq.toString(), headSeq.toString(), 1);
        return broken(next?.seq ?? headSeq.toString(), 'SEQ_GAP');
      }
    }
    if (cp && cp.seq > headSeq) return broken((headSeq + 1n).toString(), 'TRUNCATED');
    if (read.state === 'invalid') return { ok: false, ...counts(), problem: 'CHECKPOINT_INVALID' };
    return { ok: true, ...counts(), ...anchor };
  }
}

/** What a row must satisfy besides following its predecessor; `keyedSeen` is updated as rows pass. */
export interface ChainRules {
  keys: ReadonlyMap<string, Buffer>;
  keyedSeen: boolean;
  /** Legacy (unkeyed) rows are accepted up to this seq (from the checkpoint); undefined = up to the first keyed row. */
  legacyUpTo?: bigint;
}

/** What is wrong with `row` as the successor of (prevSeq, prevHash), if anything. */
export function checkRow(row: AuditRow, prevSeq: bigint, prevHash: string, rules: ChainRules): AuditChainProblem | undefined {
  if (BigInt(row.seq) !== prevSeq + 1n) return 'SEQ_GAP';
  if (row.prevHash !== prevHash) return 'PREV_HASH_MISMATCH';
  let key: { id: string; secret: Buffer } | null = null;
  if (row.chainKey === null) {
    if (rules.keyedSeen || (rules.legacyUpTo !== undefined && BigInt(row.seq) > rules.legacyUpTo)) return 'KEY_MISMATCH';
  } else {
    const secret = rules.keys.get(row.chainKey);
    if (!secret) return 'KEY_MISMATCH';
    key = { id: row.chainKey, secret };
  }
  // A value tampered into something unhashable (e.g. occurred_at = 'infinity') is a mismatch too.
  if (!types.isDate(row.occurredAt) || Number.isNaN(row.occurredAt.getTime())) return 'HASH_MISMATCH';
  const recomputed = chainHash(row.prevHash, {
    seq: row.seq,
    occurredAt: row.occurredAt,
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    actorRoles: row.actorRoles,
    requestId: row.requestId,
    clientIp: row.clientIp,
    operation: row.operation,
    entityType: row.entityType,
    entityId: row.entityId,
    regionCode: row.regionCode,
    changes: row.changes,
    reason: row.reason,
  }, key);
  if (recomputed !== row.hash) return 'HASH_MISMATCH';
  if (key) rules.keyedSeen = true;
  return undefined;
}
