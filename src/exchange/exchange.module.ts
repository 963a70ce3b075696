import { Module } from '@nestjs/common';
import { ExportsModule } from './exports/exports.module';
import { ImportsModule } from './imports/imports.module';
import { ChangeFeedModule } from './feed/change-feed.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/**
 * Provincial data exchange (§3, §25): bulk import and export of the registry, the change feed
 * (transactional outbox) and signed webhooks for integration clients. Depends on the registry,
 * which does not know it.
 */
@Module({
  imports: [ImportsModule, ExportsModule, ChangeFeedModule, WebhooksModule],
})
export class ExchangeModule {}
