import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditCheckpoint, AuditCheckpointFile } from './audit-checkpoint';
import { AUDIT_CHECKPOINTS } from './audit-verifier';
import { AuditRepository } from './audit.repository';
import { PeriodicTask } from '../common/jobs/periodic-task';
import { runInBackground } from '../common/request-scope/request-scope';

export type CheckpointOutcome =
  | { outcome: 'written'; checkpoint: AuditCheckpoint }
  | { outcome: 'unchanged' }
  /** The chain no longer holds the previous checkpoint: it is kept as evidence, not overwritten. */
  | { outcome: 'refused'; reason: 'TRUNCATED' | 'CHECKPOINT_MISMATCH' | 'CHECKPOINT_INVALID' };

/**
 * Writes a signed checkpoint of the audit chain's head to AUDIT_CHECKPOINT_FILE at start and
 * every AUDIT_CHECKPOINT_INTERVAL_MS. It advances only from a checkpoint the chain still holds
 * (same hash at its seq): after the newest rows were removed, or the file was forged, it keeps
 * the old checkpoint, so the evidence survives until verifyAuditChain / audit:verify reports it,
 * and logs an error.
 *
 * Runs never overlap (PeriodicTask: a direct call waits for the timer's run in flight). A run
 * reads the checkpoint, then the chain, then writes: two overlapping runs could let the one that
 * read the older checkpoint write last, replacing a newer checkpoint with a head it never
 * compared with it, so rows rewritten in between would be anchored instead of refused. One
 * checkpointer per file (one instance writing AUDIT_CHECKPOINT_FILE) is assumed.
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoint');
  private readonly task = new PeriodicTask(
    () => runInBackground('audit-checkpoint', () => this.checkpointNow()),
    (e) => this.logger.error(`audit checkpoint not written: ${(e as Error).message}`),
  );
  /** Legacy rows cannot be added after keyed ones: found once, then carried by the checkpoints. */
  private legacyUpTo?: string;
  private lastRefusal?: string;

  constructor(
    private readonly audit: AuditRepository,
    @Inject(AUDIT_CHECKPOINTS) private readonly file: AuditCheckpointFile | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.file || !this.config.backgroundWork) return;
    this.task.start(this.config.audit.checkpointIntervalMs, { now: true });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One checkpoint, after any run in flight (the timer's work; tests call it directly). */
  checkpoint(): Promise<CheckpointOutcome> {
    return this.task.run();
  }

  private async checkpointNow(): Promise<CheckpointOutcome> {
    if (!this.file) throw new Error('no AUDIT_CHECKPOINT_FILE configured');
    const previous = this.file.read();
    if (previous.state === 'invalid') return this.refuse('CHECKPOINT_INVALID');
    const head = await this.audit.head();
    if (previous.state === 'valid') {
      const cp = previous.checkpoint;
      if (!head || BigInt(head.seq) < BigInt(cp.seq)) return this.refuse('TRUNCATED');
      if ((await this.audit.hashAt(cp.seq)) !== cp.hash) return this.refuse('CHECKPOINT_MISMATCH');
      if (head.seq === cp.seq) return { outcome: 'unchanged' };
      this.legacyUpTo ??= cp.legacyUpTo;
    }
    if (!head) return { outcome: 'unchanged' };
    this.legacyUpTo ??= await this.audit.lastUnkeyedSeq();
    this.lastRefusal = undefined;
    return { outcome: 'written', checkpoint: this.file.write({ seq: head.seq, hash: head.hash, legacyUpTo: this.legacyUpTo }) };
  }

  private refuse(reason: 'TRUNCATED' | 'CHECKPOINT_MISMATCH' | 'CHECKPOINT_INVALID'): CheckpointOutcome {
    if (this.lastRefusal !== reason) {
      this.logger.error(
        `audit checkpoint kept, not advanced: ${reason} (the audit chain no longer matches ${this.file!.path}; run npm run audit:verify)`,
      );
      this.lastRefusal = reason;
    }
    return { outcome: 'refused', reason };
  }
}
