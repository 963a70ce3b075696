import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../../common/access/access.decorators';
import { CurrentPrincipal } from '../../common/access/current-principal.decorator';
import { Principal } from '../../common/access/principal';
import { isFieldRequested } from '../../common/graphql/field-selection';
import { ConnectionArgs } from '../../common/pagination/connection';
import { mapConnection } from '../../common/pagination/keyset';
import {
  CreateWebhookSubscriptionInput,
  DeleteWebhookSubscriptionInput,
  RedeliverDeadLetterInput,
  ReplayWebhookSubscriptionInput,
  RotateWebhookSecretInput,
  UpdateWebhookSubscriptionInput,
  WebhookDeliveriesArgs,
  WebhookIdArgs,
} from './dto/webhook.inputs';
import {
  DeleteWebhookSubscriptionPayload,
  RedeliverDeadLetterPayload,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookSecretPayload,
  WebhookSubscription,
  WebhookSubscriptionConnection,
  WebhookSubscriptionPayload,
} from './webhook.models';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions to the change feed, their delivery log and dead letters. */
@Resolver(() => WebhookSubscription)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @RequirePermission('webhooks.manage')
  @Query(() => WebhookSubscriptionConnection, { description: 'Webhook subscriptions of your region and below, by name.' })
  async webhookSubscriptions(@Args() args: ConnectionArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<WebhookSubscriptionConnection> {
    return mapConnection(await this.service.list(principal, args, isFieldRequested(info, 'totalCount')), WebhookSubscription.from);
  }

  @RequirePermission('webhooks.manage')
  @Query(() => WebhookSubscription, { nullable: true, description: 'A webhook subscription by id; null when it does not exist or lies outside your region.' })
  async webhookSubscription(@Args() { id }: WebhookIdArgs, @CurrentPrincipal() principal: Principal): Promise<WebhookSubscription | null> {
    const sub = await this.service.get(principal, id);
    return sub ? WebhookSubscription.from(sub) : null;
  }

  @RequirePermission('webhooks.manage')
  @Query(() => WebhookDeliveryConnection, { description: 'The delivery log of a subscription, newest first; `outcome: DEAD` lists its dead letters.' })
  async webhookDeliveries(@Args() args: WebhookDeliveriesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<WebhookDeliveryConnection> {
    const { subscriptionId, outcome, ...page } = args;
    const conn = await this.service.deliveries(principal, subscriptionId, outcome, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, WebhookDelivery.from);
  }

  @RequirePermission('webhooks.manage')
  @Mutation(() => WebhookSecretPayload, { description: 'Subscribe a URL to the change feed; the signing secret is in the answer, this once.' })
  async createWebhookSubscription(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: CreateWebhookSubscriptionInput, @CurrentPrincipal() principal: Principal): Promise<WebhookSecretPayload> {
    const { subscription, secret } = await this.service.create(principal, input);
    return { subscription: WebhookSubscription.from(subscription), secret };
  }

  @RequirePermission('webhooks.manage')
  @Mutation(() => WebhookSubscriptionPayload, { description: 'Change a subscription (send the version you read); PAUSED stops deliveries, ACTIVE resumes them.' })
  async updateWebhookSubscription(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: UpdateWebhookSubscriptionInput, @CurrentPrincipal() principal: Principal): Promise<WebhookSubscriptionPayload> {
    return { subscription: WebhookSubscription.from(await this.service.update(principal, input)) };
  }

  @RequirePermission('webhooks.manage')
  @Mutation(() => WebhookSecretPayload, { description: 'A new signing secret, shown this once; the old one stops at once.' })
  async rotateWebhookSecret(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) { id }: RotateWebhookSecretInput, @CurrentPrincipal() principal: Principal): Promise<WebhookSecretPayload> {
    const { subscription, secret } = await this.service.rotateSecret(principal, id);
    return { subscription: WebhookSubscription.from(subscription), secret };
  }

  @RequirePermission('webhooks.manage')
  @Mutation(() => DeleteWebhookSubscriptionPayload, { description: 'Delete a subscription and its delivery log.' })
  async deleteWebhookSubscription(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) { id }: DeleteWebhookSubscriptionInput, @CurrentPrincipal() principal: Principal): Promise<DeleteWebhookSubscriptionPayload> {
    return { id: await this.service.delete(principal, id) };
  }

  @RequirePermission('webhooks.manage')
  @Mutation(() => WebhookSubscriptionPayload, { description: 'Deliver again every matching entry after `fromPosition` (from the next poll on).' })
  async replayWebhookSubscription(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: ReplayWebhookSubscriptionInput, @CurrentPrincipal() principal: Principal): Promise<WebhookSubscriptionPayload> {
    return { subscription: WebhookSubscription.from(await this.service.replay(principal, input)) };
  }

  @RequirePermission('webhooks.manage')
  @Mutation(() => RedeliverDeadLetterPayload, { description: 'Send a dead letter’s entries again, now (one attempt); on success it is marked replayed.' })
  async redeliverDeadLetter(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) { deliveryId }: RedeliverDeadLetterInput, @CurrentPrincipal() principal: Principal): Promise<RedeliverDeadLetterPayload> {
    const { deadLetter, delivery } = await this.service.redeliverDeadLetter(principal, deliveryId);
    return { deadLetter: WebhookDelivery.from(deadLetter), delivery: WebhookDelivery.from(delivery) };
  }
}
