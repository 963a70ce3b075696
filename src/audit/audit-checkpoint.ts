import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AuditChainKeyring } from '../config/secrets';
import { canonicalJson } from './audit-chain';

/** The head of the audit chain as it was at `writtenAt`, signed with an AUDIT_CHAIN_KEY key. */
export interface AuditCheckpoint {
  /** The newest row then. */
  seq: string;
  hash: string;
  /** The newest row without a chain key (written before the chain was keyed) then; '0' when none. */
  legacyUpTo: string;
  writtenAt: string;
  /** The key that signed the checkpoint. */
  keyId: string;
}

export type CheckpointRead =
  | { state: 'absent' }
  | { state: 'valid'; checkpoint: AuditCheckpoint }
  /** Unreadable as a checkpoint, or not signed by a configured key: forged or damaged. */
  | { state: 'invalid' };

const SEQ = /^\d{1,19}$/;
const HASH = /^[0-9a-f]{64}$/;
const DOMAIN = 'jzfp-audit-checkpoint\n';

/**
 * The checkpoint file (AUDIT_CHECKPOINT_FILE): kept outside the database, so someone who can
 * change the database (even its owner, who can turn the append-only trigger off) cannot remove
 * the newest rows unseen: the verifier finds the chain shorter than the checkpoint (TRUNCATED)
 * or a different row at its seq (CHECKPOINT_MISMATCH). One JSON object, replaced atomically
 * (written beside it and renamed), mode 600, HMAC-signed so it cannot be edited either.
 */
export class AuditCheckpointFile {
  readonly path: string;

  constructor(
    path: string,
    private readonly keys: AuditChainKeyring,
  ) {
    this.path = resolve(path);
  }

  read(): CheckpointRead {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
      throw e;
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { state: 'invalid' };
    }
    const { seq, hash, legacyUpTo, writtenAt, keyId, mac } = parsed ?? {};
    if (
      typeof seq !== 'string' || !SEQ.test(seq) || typeof hash !== 'string' || !HASH.test(hash) ||
      typeof legacyUpTo !== 'string' || !SEQ.test(legacyUpTo) || typeof writtenAt !== 'string' ||
      typeof keyId !== 'string' || typeof mac !== 'string' || !HASH.test(mac)
    ) {
      return { state: 'invalid' };
    }
    const secret = this.keys.byId.get(keyId);
    if (!secret) return { state: 'invalid' };
    const checkpoint: AuditCheckpoint = { seq, hash, legacyUpTo, writtenAt, keyId };
    const expected = Buffer.from(sign(secret, checkpoint), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(mac, 'hex'))) return { state: 'invalid' };
    return { state: 'valid', checkpoint };
  }

  /** Replaces the checkpoint with one of this head, signed with the active key. */
  write(head: { seq: string; hash: string; legacyUpTo: string }, now = new Date()): AuditCheckpoint {
    const checkpoint: AuditCheckpoint = { ...head, writtenAt: now.toISOString(), keyId: this.keys.active.id };
    const text = `${JSON.stringify({ ...checkpoint, mac: sign(this.keys.active.secret, checkpoint) }, null, 2)}\n`;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, this.path);
    return checkpoint;
  }
}

function sign(secret: Buffer, c: AuditCheckpoint): string {
  return createHmac('sha256', secret)
    .update(DOMAIN)
    .update(canonicalJson({ seq: c.seq, hash: c.hash, legacyUpTo: c.legacyUpTo, writtenAt: c.writtenAt, keyId: c.keyId }))
    .digest('hex');
}
