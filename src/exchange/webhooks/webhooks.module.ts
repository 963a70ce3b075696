import { Module } from '@nestjs/common';
import { RegionsModule } from '../../regions/regions.module';
import { ChangeFeedModule } from '../feed/change-feed.module';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSender } from './webhook-sender';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksResolver } from './webhooks.resolver';
import { WebhooksService } from './webhooks.service';

/** Signed webhooks over the change feed: subscriptions, the dispatcher, the delivery log. */
@Module({
  imports: [RegionsModule, ChangeFeedModule],
  providers: [WebhooksRepository, WebhookSender, WebhooksService, WebhookDispatcher, WebhooksResolver],
  exports: [WebhooksService, WebhookDispatcher],
})
export class WebhooksModule {}
