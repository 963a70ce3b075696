import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { PersonalDataRegistry } from '../identity/personal-data.registry';
import { ParametersModule } from '../parameters/parameters.module';
import { DISCLOSURE_OBJECTOR_CONTACT } from './disclosure.declaration';
import { DisclosurePeriodsJob } from './disclosure-periods.job';
import { DisclosureRepository } from './disclosure.repository';
import { DisclosureResolver } from './disclosure.resolver';
import { PublicNoticesResolver } from './public-notices.resolver';
import { DisclosureService } from './disclosure.service';
import { PublicNoticesController } from './public-notices.controller';
import { PublicPagesController } from './public-pages.controller';
import { RegionsModule } from '../regions/regions.module';

/**
 * Public disclosure (公告公示): notices with immutable, hashed versions; objections; the period
 * job; the public surface. Other modules (the registry's exits, the project library, funds)
 * publish through the exported DisclosureService.
 */
@Module({
  imports: [IdentityModule, ParametersModule, RegionsModule],
  controllers: [PublicNoticesController, PublicPagesController],
  providers: [DisclosureRepository, DisclosureService, DisclosureResolver, PublicNoticesResolver, DisclosurePeriodsJob],
  exports: [DisclosureService],
})
export class DisclosureModule implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(DisclosureService) private readonly disclosure: DisclosureService,
  ) {}

  onModuleInit(): void {
    this.registry.register(DISCLOSURE_OBJECTOR_CONTACT.subject, (principal, id, reason) => this.disclosure.revealContact(principal, id, reason));
  }
}
