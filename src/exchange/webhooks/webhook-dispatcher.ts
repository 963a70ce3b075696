import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { subtreePrefix } from '../../common/region/region-code';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SECRETS, Secrets } from '../../config/secrets';
import { toFeedPayload } from '../feed/change-feed.models';
import { ChangeFeedService } from '../feed/change-feed.service';
import { DeliveryOutcome } from './webhook.entities';
import { WebhookSender } from './webhook-sender';
import { DueSubscription, WebhooksRepository } from './webhooks.repository';
import { loggableError } from '../../common/errors/normalize';

/** Subscriptions handled at once per poll (their HTTP calls run in parallel). */
const PARALLEL = 16;
/** A claim outlives the longest attempt by this much (a crashed process's claim then expires). */
const LEASE_MARGIN_MS = 30_000;

/** Delay before attempt `failures + 1`: base · 2^(failures − 1), capped. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 40));
}

/**
 * The in-process webhook worker. Every WEBHOOK_POLL_INTERVAL_MS it takes the due ACTIVE
 * subscriptions, claims each with one UPDATE (a lease on next_attempt_at; no transaction is
 * held during HTTP), reads up to WEBHOOK_BATCH_SIZE matching feed entries after the
 * subscription's position and POSTs them signed. 2xx moves the position past the batch. A
 * failure is logged and retried after an exponential backoff; after WEBHOOK_MAX_ATTEMPTS the
 * batch becomes a dead letter (its positions kept for redeliverDeadLetter) and the stream goes
 * on, so one bad batch never stops it. Feed entries are never removed: a dead letter only
 * points at them.
 *
 * Its timer is unref'd and cleared at shutdown; requests in flight are aborted and their claims
 * released, so app.close() leaves nothing running.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatcher');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly repo: WebhooksRepository,
    private readonly feed: ChangeFeedService,
    private readonly sender: WebhookSender,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.webhooks.enabled) return;
    this.schedule();
  }

  /** Stops before the database closes (TypeORM closes it in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  private async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.sender.abortAll();
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.poll()
        .catch((e: unknown) => this.logger.warn({ err: loggableError(e) }, 'webhook poll failed'))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.config.webhooks.pollIntervalMs);
    this.timer.unref();
  }

  /** One round: every due subscription (in parallel, up to PARALLEL). Public for tests and tools. */
  async poll(): Promise<void> {
    const due = await this.repo.due(PARALLEL);
    await Promise.all(
      due.map((s) =>
        this.deliverNext(s).catch((e: unknown) => this.logger.warn({ err: loggableError(e), subscriptionId: s.id }, 'webhook delivery failed')),
      ),
    );
  }

  private async deliverNext(due: DueSubscription): Promise<void> {
    if (this.stopped) return;
    const { batchSize, timeoutMs, maxAttempts, backoffBaseMs, backoffMaxMs } = this.config.webhooks;
    // Peek first: an idle subscription costs one read per poll, no write.
    const peek = await this.feed.entriesAfter({ regionPrefix: subtreePrefix(due.regionCode), rootTypes: due.entityTypes, after: due.position, limit: 1 });
    if (!peek.length) return;
    const claim = await this.repo.claim(due.id, timeoutMs + LEASE_MARGIN_MS);
    if (!claim) return;
    const entries = await this.feed.entriesAfter({
      regionPrefix: subtreePrefix(claim.regionCode),
      rootTypes: claim.entityTypes,
      after: claim.position,
      limit: batchSize,
    });
    if (!entries.length || this.stopped) return this.repo.release(claim);

    const deliveryId = await this.repo.nextDeliveryId();
    const result = await this.sender.send(claim.url, this.secrets.cipher.decrypt(claim.secretEnc), {
      subscriptionId: claim.id,
      deliveryId,
      entries: entries.map(toFeedPayload),
    });
    if (result.aborted) return this.repo.release(claim);

    const attempt = claim.failedAttempts + 1;
    const firstPosition = String(entries[0].position);
    const lastPosition = String(entries[entries.length - 1].position);
    const dead = !result.ok && attempt >= maxAttempts;
    const outcome = result.ok ? DeliveryOutcome.DELIVERED : dead ? DeliveryOutcome.DEAD : DeliveryOutcome.FAILED;
    await this.repo.recordAttempt(
      claim,
      {
        id: deliveryId,
        subscriptionId: claim.id,
        firstPosition,
        lastPosition,
        entries: entries.length,
        attempt,
        outcome,
        httpStatus: result.httpStatus,
        error: result.error,
        durationMs: result.durationMs,
      },
      result.ok || dead
        ? { position: lastPosition, failedAttempts: 0, retryInMs: null }
        : { position: claim.position, failedAttempts: attempt, retryInMs: backoffMs(attempt, backoffBaseMs, backoffMaxMs) },
    );
    if (dead) {
      this.logger.warn(`webhook ${claim.id}: positions ${firstPosition}–${lastPosition} moved to the dead letters after ${attempt} attempts (${result.error})`);
    }
  }
}
