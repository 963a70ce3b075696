import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { subtreePrefix } from '../../common/region/region-code';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SECRETS, Secrets } from '../../config/secrets';
import { toFeedPayload } from '../feed/change-feed.models';
import { ChangeFeedService } from '../feed/change-feed.service';
import { DeliveryOutcome } from './webhook.entities';
import { WebhookSender } from './webhook-sender';
import { DueSubscription, WebhooksRepository } from './webhooks.repository';
import { loggableError } from '../../common/errors/normalize';
import { JobRunner } from '../../common/jobs/job-runner';
import { backoffMs } from '../../common/jobs/schedule';

/** Subscriptions handled at once per poll (their HTTP calls run in parallel). */
const PARALLEL = 16;
/** A claim outlives the longest attempt by this much (a crashed process's claim then expires). */
const LEASE_MARGIN_MS = 30_000;

/** The runner's queue (and recurring schedule) of the dispatcher's rounds. */
export const WEBHOOK_DISPATCH_QUEUE = 'webhooks.dispatch';

/** Delay before attempt `failures + 1` (the runner's schedule: base · 2^(failures − 1), capped). */
export { backoffMs };

/**
 * The webhook worker, run as the handler of the job runner's recurring `webhooks.dispatch` job
 * (src/common/jobs) every WEBHOOK_POLL_INTERVAL_MS: a round takes the due ACTIVE subscriptions,
 * claims each with one UPDATE (a lease on next_attempt_at; no transaction is held during HTTP),
 * reads up to WEBHOOK_BATCH_SIZE matching feed entries after the subscription's position and
 * POSTs them signed. 2xx moves the position past the batch. A failure is logged and retried
 * after an exponential backoff; after WEBHOOK_MAX_ATTEMPTS the batch becomes a dead letter (its
 * positions kept for redeliverDeadLetter) and the stream goes on, so one bad batch never stops
 * it. Feed entries are never removed: a dead letter only points at them. The subscription keeps
 * its own position, attempts and next attempt: they are what the API shows and replays.
 *
 * At shutdown the runner aborts the round: requests in flight are aborted and their claims
 * released, and the runner waits for the round before the database closes.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit {
  private readonly logger = new Logger('WebhookDispatcher');
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly repo: WebhooksRepository,
    private readonly feed: ChangeFeedService,
    private readonly sender: WebhookSender,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    if (!this.config.webhooks.enabled) return;
    this.jobs.register(WEBHOOK_DISPATCH_QUEUE, (_payload, ctx) => this.round(ctx.signal));
    this.jobs.schedule(WEBHOOK_DISPATCH_QUEUE, WEBHOOK_DISPATCH_QUEUE, { everyMs: this.config.webhooks.pollIntervalMs });
  }

  private async round(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const onAbort = () => {
      this.stopped = true;
      this.sender.abortAll();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.poll();
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
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
