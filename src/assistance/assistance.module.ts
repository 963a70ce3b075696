import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HELPER_PHONE } from './assistance.declaration';
import { HouseholdsModule } from '../households/households.module';
import { IdentityModule } from '../identity/identity.module';
import { PersonalDataRegistry } from '../identity/personal-data.registry';
import { RegionsModule } from '../regions/regions.module';
import { AssistanceBatchWriter } from './assistance-batch.writer';
import { AssistanceLoaders } from './assistance.loaders';
import { HelpersRepository } from './helpers.repository';
import { HelpersResolver, VillageAssignmentResolver } from './helpers.resolver';
import { HelpersService } from './helpers.service';
import { HouseholdAssistanceResolver } from './household-assistance.resolver';
import { PairingsRepository } from './pairings.repository';
import { PairingsResolver, VisitsResolver } from './pairings.resolver';
import { PairingsService } from './pairings.service';

/** Assistance (§4, §5): assisting units, helpers paired with households, visits, village work teams. */
@Module({
  imports: [RegionsModule, IdentityModule, HouseholdsModule],
  providers: [
    HelpersRepository,
    PairingsRepository,
    HelpersService,
    PairingsService,
    AssistanceLoaders,
    HelpersResolver,
    VillageAssignmentResolver,
    PairingsResolver,
    VisitsResolver,
    HouseholdAssistanceResolver,
    AssistanceBatchWriter,
  ],
  exports: [HelpersService, PairingsService, AssistanceLoaders, AssistanceBatchWriter],
})
export class AssistanceModule implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(HelpersService) private readonly helpers: HelpersService,
  ) {}

  onModuleInit(): void {
    this.registry.register(HELPER_PHONE.subject, (p, id, reason) => this.helpers.revealPhone(p, id, reason));
  }
}
