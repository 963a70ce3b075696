import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../../common/scalars/scalars';
import { ChangeRootType } from '../feed/change-feed.models';
import { DeliveryOutcome, WebhookDeliveryEntity, WebhookStatus, WebhookSubscriptionEntity } from './webhook.entities';

registerEnumType(WebhookStatus, {
  name: 'WebhookStatus',
  valuesMap: { ACTIVE: { description: 'Delivering' }, PAUSED: { description: 'Not delivering; resumes from its position when set ACTIVE again' } },
});
registerEnumType(DeliveryOutcome, {
  name: 'WebhookDeliveryOutcome',
  valuesMap: {
    DELIVERED: { description: 'The receiver answered 2xx' },
    FAILED: { description: 'An attempt failed; it will be retried' },
    DEAD: { description: 'The last allowed attempt failed: a dead letter (redeliverDeadLetter re-sends it)' },
  },
});

/** An integration client's subscription to the change feed. The signing secret never leaves again after creation or rotation. */
@ObjectType('WebhookSubscription')
export class WebhookSubscription {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  url: string;

  @Field(() => [ChangeRootType], { description: 'Aggregate root types delivered; empty = all.' })
  entityTypes: ChangeRootType[];

  @Field({ description: 'Entries of this region’s subtree are delivered.' })
  regionCode: string;

  @Field(() => WebhookStatus)
  status: WebhookStatus;

  @Field({ description: 'The last feed position delivered (or dead-lettered); delivery goes on after it.' })
  position: string;

  @Field(() => Int, { description: 'Failed attempts of the current batch.' })
  failedAttempts: number;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When the next attempt is due (null: at the next poll).' })
  nextAttemptAt: Date | null;

  @Field(() => Int)
  version: number;

  @Field(() => GraphQLDateTimeScalar)
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar)
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
@ObjectType('WebhookDelivery')
export class WebhookDelivery {
  @Field(() => ID, { description: 'Also sent as the X-Jzfp-Delivery header and `deliveryId` of that attempt.' })
  id: string;

  @Field(() => ID)
  subscriptionId: string;

  @Field({ description: 'Position of the batch’s first entry.' })
  firstPosition: string;

  @Field({ description: 'Position of the batch’s last entry.' })
  lastPosition: string;

  @Field(() => Int, { description: 'Entries in the batch.' })
  entries: number;

  @Field(() => Int, { description: 'Attempt number of this batch (1 = first; redeliveries of a dead letter count from 1 again).' })
  attempt: number;

  @Field(() => DeliveryOutcome)
  outcome: DeliveryOutcome;

  @Field(() => Int, { nullable: true, description: 'The receiver’s HTTP status, when it answered.' })
  httpStatus: number | null;

  @Field(() => String, { nullable: true, description: 'Why the attempt failed (timeout, connection refused, HTTP status…).' })
  error: string | null;

  @Field(() => Int)
  durationMs: number;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'For a dead letter: when it was redelivered successfully.' })
  replayedAt: Date | null;

  @Field(() => GraphQLDateTimeScalar)
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

@ObjectType()
export class WebhookSubscriptionConnection extends ConnectionType(WebhookSubscription) {}

@ObjectType()
export class WebhookDeliveryConnection extends ConnectionType(WebhookDelivery) {}

@ObjectType()
export class WebhookSubscriptionPayload {
  @Field(() => WebhookSubscription)
  subscription: WebhookSubscription;
}

@ObjectType({ description: 'The subscription and its signing secret, shown this once (store it: it cannot be read again, only rotated).' })
export class WebhookSecretPayload {
  @Field(() => WebhookSubscription)
  subscription: WebhookSubscription;

  @Field({ description: 'HMAC-SHA256 key of the X-Jzfp-Signature header (the whole string).' })
  secret: string;
}

@ObjectType()
export class DeleteWebhookSubscriptionPayload {
  @Field(() => ID)
  id: string;
}

@ObjectType()
export class RedeliverDeadLetterPayload {
  @Field(() => WebhookDelivery, { description: 'The dead letter (replayedAt set when the redelivery succeeded).' })
  deadLetter: WebhookDelivery;

  @Field(() => WebhookDelivery, { description: 'The redelivery attempt, DELIVERED or FAILED.' })
  delivery: WebhookDelivery;
}
