import { Module } from '@nestjs/common';

/**
 * Provincial data exchange (§3, §25): bulk import and export of the registry, the change feed
 * (transactional outbox) and signed webhooks for integration clients. Depends on the registry,
 * which does not know it.
 */
@Module({
  imports: [],
})
export class ExchangeModule {}
