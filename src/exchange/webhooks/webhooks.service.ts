import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { unchangedFor } from '../../audit/audit-descriptor';
import { unchangedUpdate } from '../../common/concurrency/optimistic-update';
import { subtreePrefix } from '../../common/region/region-code';
import { Principal } from '../../common/access/principal';
import { inRegionScope } from '../../common/access/region-scope';
import { Connection, ConnectionArgs } from '../../common/pagination/connection';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SECRETS, Secrets } from '../../config/secrets';
import { RegionsService } from '../../regions/regions.service';
import { toFeedPayload } from '../feed/change-feed.models';
import { ChangeFeedService } from '../feed/change-feed.service';
import { DeliveryOutcome, WebhookDeliveryEntity, WebhookStatus, WebhookSubscriptionEntity } from './webhook.entities';
import { ipLiteralOf, isPublicAddress } from './webhook-target';
import { WebhookSender } from './webhook-sender';
import { WEBHOOK_SUBSCRIPTION_AUDIT } from './webhooks.audited';
import { generateWebhookSecret } from './webhook-signature';
import { WebhooksErrors } from './webhooks.errors';
import { WebhooksRepository } from './webhooks.repository';

export const MAX_URL_LENGTH = 2000;

export interface CreateSubscription {
  name: string;
  url: string;
  entityTypes: string[];
  regionCode?: string;
  fromPosition?: string;
}

export interface UpdateSubscription {
  id: string;
  version: number;
  name?: string;
  url?: string;
  entityTypes?: string[];
  status?: WebhookStatus;
}

/**
 * Webhook subscriptions of integration clients: create (the signing secret is shown once and
 * stored encrypted), change with the version read, rotate the secret, delete, replay from a
 * position, and the delivery log with its dead letters. A subscription belongs to a region in
 * the caller's subtree; outside it answers as missing. Every change is audited (never the secret).
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: WebhooksRepository,
    private readonly feed: ChangeFeedService,
    private readonly regions: RegionsService,
    private readonly sender: WebhookSender,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<WebhookSubscriptionEntity>> {
    return this.repo.page(principal, args, withTotalCount);
  }

  get(principal: Principal, id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.repo.findInScope(principal, id);
  }

  async create(principal: Principal, input: CreateSubscription): Promise<{ subscription: WebhookSubscriptionEntity; secret: string }> {
    const name = this.checkName(input.name, 'input.name');
    const url = checkUrl(input.url, 'input.url', this.config.webhooks.privateTargets);
    const regionCode = input.regionCode ?? principal.regionCode;
    const region = await this.regions.findByCode(regionCode);
    if (!region) throw WebhooksErrors.regionNotFound('input.regionCode');
    if (!inRegionScope(principal, region.code)) throw WebhooksErrors.regionOutOfScope('input.regionCode');
    const head = await this.feed.globalHead();
    const position = input.fromPosition ?? head;
    if (BigInt(position) > BigInt(head)) throw WebhooksErrors.positionAhead('input.fromPosition', head);
    const secret = generateWebhookSecret();
    const subscription = await this.dataSource.transaction(async (m) => {
      const sub = await this.repo.insert(m, {
        name,
        url,
        secretEnc: this.secrets.cipher.encrypt(secret),
        entityTypes: [...new Set(input.entityTypes)],
        regionCode: region.code,
        position,
        createdBy: principal.kind === 'user' ? principal.id : null,
      });
      await this.audit.change(m, WEBHOOK_SUBSCRIPTION_AUDIT, 'webhooks.createSubscription', null, sub);
      return sub;
    });
    return { subscription, secret };
  }

  async update(principal: Principal, input: UpdateSubscription): Promise<WebhookSubscriptionEntity> {
    const patch: Partial<WebhookSubscriptionEntity> = {};
    if (input.name !== undefined) patch.name = this.checkName(input.name, 'input.name');
    if (input.url !== undefined) patch.url = checkUrl(input.url, 'input.url', this.config.webhooks.privateTargets);
    if (input.entityTypes !== undefined) patch.entityTypes = [...new Set(input.entityTypes)];
    return this.dataSource.transaction(async (m) => {
      const before = await this.repo.findInScope(principal, input.id, m);
      if (!before) throw WebhooksErrors.subscriptionNotFound('input.id');
      if (input.status !== undefined) {
        patch.status = input.status;
        // Resuming starts at the next poll rather than after an old backoff.
        if (input.status === WebhookStatus.ACTIVE && before.status !== WebhookStatus.ACTIVE) patch.nextAttemptAt = null;
      }
      if (unchangedFor(WEBHOOK_SUBSCRIPTION_AUDIT, before, { ...before, ...patch })) return unchangedUpdate(before, input.version);
      const after = await this.repo.update(m, input.id, input.version, patch);
      await this.audit.change(m, WEBHOOK_SUBSCRIPTION_AUDIT, 'webhooks.updateSubscription', before, after);
      return after;
    });
  }

  async rotateSecret(principal: Principal, id: string): Promise<{ subscription: WebhookSubscriptionEntity; secret: string }> {
    const secret = generateWebhookSecret();
    const subscription = await this.dataSource.transaction(async (m) => {
      const before = await this.repo.findInScope(principal, id, m, true);
      if (!before) throw WebhooksErrors.subscriptionNotFound('id');
      const after = await this.repo.touch(m, id, { secretEnc: this.secrets.cipher.encrypt(secret) });
      await this.audit.fact(m, WEBHOOK_SUBSCRIPTION_AUDIT, 'webhooks.rotateSecret', after, { secret: { from: 'previous', to: 'rotated' } });
      return after;
    });
    return { subscription, secret };
  }

  async delete(principal: Principal, id: string): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.repo.findInScope(principal, id, m, true);
      if (!before) throw WebhooksErrors.subscriptionNotFound('id');
      await this.repo.delete(m, id);
      await this.audit.change(m, WEBHOOK_SUBSCRIPTION_AUDIT, 'webhooks.deleteSubscription', before, null);
      return id;
    });
  }

  /** Delivers again every matching entry after `fromPosition` (the dispatcher goes on from there at its next poll). */
  async replay(principal: Principal, input: { id: string; fromPosition: string }): Promise<WebhookSubscriptionEntity> {
    const head = await this.feed.globalHead();
    if (BigInt(input.fromPosition) > BigInt(head)) throw WebhooksErrors.positionAhead('input.fromPosition', head);
    return this.dataSource.transaction(async (m) => {
      const before = await this.repo.findInScope(principal, input.id, m, true);
      if (!before) throw WebhooksErrors.subscriptionNotFound('input.id');
      const after = await this.repo.touch(m, input.id, { position: input.fromPosition, failedAttempts: 0, nextAttemptAt: null });
      await this.audit.fact(m, WEBHOOK_SUBSCRIPTION_AUDIT, 'webhooks.replaySubscription', after, {
        position: { from: String(before.position), to: String(after.position) },
      });
      return after;
    });
  }

  async deliveries(
    principal: Principal,
    subscriptionId: string,
    outcome: DeliveryOutcome | undefined,
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<WebhookDeliveryEntity>> {
    const sub = await this.repo.findInScope(principal, subscriptionId);
    if (!sub) throw WebhooksErrors.subscriptionNotFound('subscriptionId');
    return this.repo.pageDeliveries(sub.id, outcome, args, withTotalCount);
  }

  /**
   * Sends a dead letter's range again, now, once (with the subscription's current URL, secret
   * and filters). Success marks the dead letter replayed; a failure is logged and the dead
   * letter stays, to be redelivered later. No transaction is open during the HTTP call.
   */
  async redeliverDeadLetter(principal: Principal, deliveryId: string): Promise<{ deadLetter: WebhookDeliveryEntity; delivery: WebhookDeliveryEntity }> {
    const dead = await this.repo.findDelivery(deliveryId);
    const sub = dead && (await this.repo.findInScope(principal, dead.subscriptionId));
    if (!dead || !sub) throw WebhooksErrors.deliveryNotFound('deliveryId');
    if (dead.outcome !== DeliveryOutcome.DEAD) throw WebhooksErrors.notADeadLetter('deliveryId');
    const entries = await this.feed.entriesAfter({
      regionPrefix: subtreePrefix(sub.regionCode),
      rootTypes: sub.entityTypes,
      after: (BigInt(dead.firstPosition) - 1n).toString(),
      upTo: String(dead.lastPosition),
      limit: Math.max(dead.entries, this.config.webhooks.batchSize),
    });
    const id = await this.repo.nextDeliveryId();
    const result = await this.sender.send(sub.url, this.secrets.cipher.decrypt(sub.secretEnc), {
      subscriptionId: sub.id,
      deliveryId: id,
      entries: entries.map(toFeedPayload),
    });
    return this.dataSource.transaction(async (m) => {
      const delivery = await this.repo.insertDelivery(
        {
          id,
          subscriptionId: sub.id,
          firstPosition: String(dead.firstPosition),
          lastPosition: String(dead.lastPosition),
          entries: entries.length,
          attempt: 1,
          outcome: result.ok ? DeliveryOutcome.DELIVERED : DeliveryOutcome.FAILED,
          httpStatus: result.httpStatus,
          error: result.error,
          durationMs: result.durationMs,
        },
        m,
      );
      if (!delivery) throw WebhooksErrors.deliveryNotFound('deliveryId');
      if (result.ok) await m.query(`UPDATE webhook_deliveries SET replayed_at = now() WHERE id = $1`, [dead.id]);
      await this.audit.fact(m, WEBHOOK_SUBSCRIPTION_AUDIT, 'webhooks.redeliverDeadLetter', sub, {
        deadLetter: String(dead.id),
        positions: `${dead.firstPosition}–${dead.lastPosition}`,
        outcome: delivery.outcome,
      });
      const deadLetter = await this.repo.findDelivery(dead.id, m);
      return { deadLetter: deadLetter!, delivery };
    });
  }

  private checkName(name: string, field: string): string {
    const trimmed = name.trim();
    if (!trimmed) throw WebhooksErrors.nameRequired(field);
    return trimmed;
  }
}

/**
 * http/https only, at most MAX_URL_LENGTH characters, no user:password in it, and (unless
 * private targets are allowed) not an IP address that is not public: see webhook-target.ts.
 */
export function checkUrl(value: string, field: string, privateTargets: boolean): string {
  const url = value.trim();
  if (url.length > MAX_URL_LENGTH) throw WebhooksErrors.invalidUrl(field, 'URL_TOO_LONG', MAX_URL_LENGTH);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw WebhooksErrors.invalidUrl(field, 'INVALID_URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw WebhooksErrors.invalidUrl(field, 'URL_SCHEME');
  if (parsed.username || parsed.password) throw WebhooksErrors.invalidUrl(field, 'URL_CREDENTIALS');
  const ip = ipLiteralOf(parsed);
  if (!privateTargets && ((ip && !isPublicAddress(ip)) || /^localhost\.?$/i.test(parsed.hostname))) throw WebhooksErrors.invalidUrl(field, 'URL_NOT_PUBLIC');
  return url;
}
