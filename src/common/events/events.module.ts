import { Global, Module } from '@nestjs/common';
import { DomainEvents } from './domain-events';

/** The post-commit domain event bus (one per application). */
@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class EventsModule {}
