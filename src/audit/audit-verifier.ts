import { types } from 'node:util';
import { Injectable } from '@nestjs/common';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { AuditRepository, AuditRow } from './audit.repository';

export type AuditChainProblem = 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP';

export interface AuditChainReport {
  ok: boolean;
  /** Rows found intact (when broken: those before the first broken one). */
  checked: number;
  /** The first row that does not follow from the one before. */
  firstBrokenSeq?: string;
  problem?: AuditChainProblem;
  /** The last intact row: the head of the chain when ok. */
  lastSeq?: string;
  /** Its hash; write it down elsewhere (a signed report, a ticket) to anchor the chain up to there. */
  lastHash?: string;
}

export const VERIFY_BATCH = 5_000;

/**
 * Walks the audit chain from seq 1 in seq order, in windows of `batchSize` seq values (constant
 * memory: at most one window of rows is held), and finds the first row that does not follow
 * from the one before:
 *  - SEQ_GAP: its seq is not the previous + 1 (seq is gap-free by construction; the first is 1),
 *    i.e. a row was removed;
 *  - PREV_HASH_MISMATCH: its prev_hash is not the previous row's hash;
 *  - HASH_MISMATCH: its hash is not SHA-256 over prev_hash and its content, i.e. the row was edited.
 * Only the rows present when it starts are checked: appends meanwhile do not disturb it (they
 * commit in seq order, see AuditRepository.lockHead). Removing the newest rows leaves a valid
 * shorter chain; comparing lastSeq/lastHash with a head noted earlier is what shows that.
 */
@Injectable()
export class AuditVerifier {
  constructor(private readonly audit: AuditRepository) {}

  async verify(batchSize = VERIFY_BATCH): Promise<AuditChainReport> {
    const head = await this.audit.head();
    if (!head) return { ok: true, checked: 0 };
    const headSeq = BigInt(head.seq);
    const size = BigInt(batchSize);
    let prevSeq = 0n;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    const intact = (): Pick<AuditChainReport, 'lastSeq' | 'lastHash'> =>
      checked ? { lastSeq: prevSeq.toString(), lastHash: prevHash } : {};
    const broken = (row: AuditRow, problem: AuditChainProblem): AuditChainReport => ({
      ok: false, checked, firstBrokenSeq: row.seq, problem, ...intact(),
    });
    while (prevSeq < headSeq) {
      // A window of seq values, not a LIMIT: seq is unique, so a window never holds more than
      // batchSize rows, and the range stays cheap even where table statistics are stale.
      const upTo = prevSeq + size < headSeq ? prevSeq + size : headSeq;
      for (const row of await this.audit.chainBatch(prevSeq.toString(), upTo.toString())) {
        const problem = checkRow(row, prevSeq, prevHash);
        if (problem) return broken(row, problem);
        prevSeq = BigInt(row.seq);
        prevHash = row.hash;
        checked += 1;
      }
      if (prevSeq !== upTo) {
        // Rows missing at the end of the window: the next row there is, is the break.
        const [next] = await this.audit.chainBatch(prevSeq.toString(), head.seq, 1);
        return next ? broken(next, 'SEQ_GAP') : { ok: false, checked, firstBrokenSeq: head.seq, problem: 'SEQ_GAP', ...intact() };
      }
    }
    return { ok: true, checked, ...intact() };
  }
}

/** What is wrong with `row` as the successor of (prevSeq, prevHash), if anything. */
export function checkRow(row: AuditRow, prevSeq: bigint, prevHash: string): AuditChainProblem | undefined {
  if (BigInt(row.seq) !== prevSeq + 1n) return 'SEQ_GAP';
  if (row.prevHash !== prevHash) return 'PREV_HASH_MISMATCH';
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
  });
  return recomputed === row.hash ? undefined : 'HASH_MISMATCH';
}
