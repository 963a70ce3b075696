import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, connectionDescription } from '../../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../../common/scalars/scalars';
import { ChangeRootType, ChangeRootTypeEnum } from '../feed/change-feed.models';
import { DeliveryOutcome, WebhookDeliveryEntity, WebhookStatus, WebhookSubscriptionEntity } from './webhook.entities';

registerEnumType(WebhookStatus, {
  name: 'WebhookStatus',
  description: 'Whether a subscription delivers.',
  valuesMap: { ACTIVE: { description: 'Delivering' }, PAUSED: { description: 'Not delivering; resumes from its position when set ACTIVE again' } },
});
registerEnumType(DeliveryOutcome, {
  name: 'WebhookDeliveryOutcome',
  description: 'How a delivery attempt ended.',
  valuesMap: {
    DELIVERED: { description: 'The receiver answered 2xx' },
    FAILED: { description: 'An attempt failed; it will be retried' },
    DEAD: { description: 'The last allowed attempt failed: a dead letter (redeliverDeadLetter re-sends it)' },
  },
});

/** An integration client's subscription to the change feed. The signing secret never leaves again after creation or rotation. */
@ObjectType('WebhookSubscription', { description: 'A URL that receives the change feed as signed batches (webhook).' })
export class WebhookSubscription {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field({ description: 'A label to recognise the receiver.' })
  name: string;

  @Field({ description: 'Where batches are POSTed (http:// or https://).' })
  url: string;

  @Field(() => [ChangeRootTypeEnum], { description: 'Aggregate root types delivered; empty = all.' })
  entityTypes: ChangeRootType[];

  @Field({ description: 'Entries of this region’s subtree are delivered.' })
  regionCode: string;

  @Field(() => WebhookStatus, { description: 'ACTIVE delivers; PAUSED does not.' })
  status: WebhookStatus;

  @Field({ description: 'The last feed position delivered (or dead-lettered); delivery goes on after it.' })
  position: string;

  @Field(() => Int, { description: 'Failed attempts of the current batch.' })
  failedAttempts: number;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When the next attempt is due (null: at the next poll).' })
  nextAttemptAt: Date | null;

  @Field(() => Int, { description: 'Optimistic-lock version: send it back with an update; a stale one answers CONFLICT (VERSION_MISMATCH).' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: WebhookSubscriptionEntity): WebhookSubscription {
    return Object.assign(new WebhookSubscription(), {
      id: e.id,
      name: e.name,
      url: e.url,
      entityTypes: e.entityTypes as ChangeRootType[],
      regionCode: e.regionCode,
      status: e.status,
      position: String(e.position),
      failedAttempts: e.failedAttempts,
      nextAttemptAt: e.nextAttemptAt,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

/** One attempt to deliver one batch: the delivery log (DEAD rows are the dead letters). */
@ObjectType('WebhookDelivery', { description: 'One delivery attempt of one batch to a webhook receiver.' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Also sent as the X-Jzfp-Delivery header and `deliveryId` of that attempt.' })
  id: string;

  @Field(() => ID, { description: 'Id of the subscription.' })
  subscriptionId: string;

  @Field({ description: 'Position of the batch’s first entry.' })
  firstPosition: string;

  @Field({ description: 'Position of the batch’s last entry.' })
  lastPosition: string;

  @Field(() => Int, { description: 'Entries in the batch.' })
  entries: number;

  @Field(() => Int, { description: 'Attempt number of this batch (1 = first; redeliveries of a dead letter count from 1 again).' })
  attempt: number;

  @Field(() => DeliveryOutcome, { description: 'Delivered, failed (to be retried) or dead.' })
  outcome: DeliveryOutcome;

  @Field(() => Int, { nullable: true, description: 'The receiver’s HTTP status, when it answered.' })
  httpStatus: number | null;

  @Field(() => String, { nullable: true, description: 'Why the attempt failed (timeout, connection refused, HTTP status…).' })
  error: string | null;

  @Field(() => Int, { description: 'How long the attempt took, in milliseconds.' })
  durationMs: number;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'For a dead letter: when it was redelivered successfully.' })
  replayedAt: Date | null;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: WebhookDeliveryEntity): WebhookDelivery {
    return Object.assign(new WebhookDelivery(), {
      id: String(e.id),
      subscriptionId: e.subscriptionId,
      firstPosition: String(e.firstPosition),
      lastPosition: String(e.lastPosition),
      entries: e.entries,
      attempt: e.attempt,
      outcome: e.outcome,
      httpStatus: e.httpStatus,
      error: e.error,
      durationMs: e.durationMs,
      replayedAt: e.replayedAt,
      createdAt: e.createdAt,
    });
  }
}

@ObjectType({ description: connectionDescription('webhook subscriptions') })
export class WebhookSubscriptionConnection extends ConnectionType(WebhookSubscription) {}

@ObjectType({ description: connectionDescription('webhook delivery attempts') })
export class WebhookDeliveryConnection extends ConnectionType(WebhookDelivery) {}

@ObjectType({ description: 'A webhook subscription after a change.' })
export class WebhookSubscriptionPayload {
  @Field(() => WebhookSubscription, { description: 'The subscription as it is now.' })
  subscription: WebhookSubscription;
}

@ObjectType({ description: 'The subscription and its signing secret, shown this once (store it: it cannot be read again, only rotated).' })
export class WebhookSecretPayload {
  @Field(() => WebhookSubscription, { description: 'The subscription.' })
  subscription: WebhookSubscription;

  @Field({ description: 'HMAC-SHA256 key of the X-Jzfp-Signature header (the whole string).' })
  secret: string;
}

@ObjectType({ description: 'The deleted subscription.' })
export class DeleteWebhookSubscriptionPayload {
  @Field(() => ID, { description: 'Id of the subscription that was deleted (it no longer exists).' })
  id: string;
}

@ObjectType({ description: 'A dead letter and the attempt that sent it again.' })
export class RedeliverDeadLetterPayload {
  @Field(() => WebhookDelivery, { description: 'The dead letter (replayedAt set when the redelivery succeeded).' })
  deadLetter: WebhookDelivery;

  @Field(() => WebhookDelivery, { description: 'The redelivery attempt, DELIVERED or FAILED.' })
  delivery: WebhookDelivery;
}
