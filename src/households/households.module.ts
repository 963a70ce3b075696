import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { PersonalDataSubject } from '../common/access/personal-data';
import { IdentityModule } from '../identity/identity.module';
import { PersonalDataRegistry } from '../identity/personal-data.registry';
import { RegionsModule } from '../regions/regions.module';
import { HouseholdIncomeResolver } from './household-income.resolver';
import { HouseholdsLoaders } from './households.loaders';
import { HouseholdsRepository } from './households.repository';
import { HouseholdsResolver } from './households.resolver';
import { HouseholdsService } from './households.service';
import { MembersRepository } from './members.repository';
import { MembersResolver } from './members.resolver';
import { PovertyLinesRepository } from './poverty-lines.repository';
import { PovertyLinesResolver } from './poverty-lines.resolver';
import { PovertyLinesService } from './poverty-lines.service';

/**
 * The registry (建档立卡): households, members, incomes, insurance, poverty lines.
 *
 * Exports for the lifecycle, assistance and later modules: HouseholdsService (scope checks,
 * reads, prepareMember/insertMembers, incomeSummary), HouseholdsRepository and MembersRepository
 * (methods take the transaction's EntityManager), HouseholdsLoaders (per-request DataLoaders),
 * PovertyLinesService (lineFor). GraphQL types to extend with @ResolveField: Household
 * (household.model.ts), Member (member.model.ts); code-list enums and `…Value` types: registry-enums.ts.
 */
@Module({
  imports: [RegionsModule, IdentityModule],
  providers: [
    HouseholdsRepository,
    MembersRepository,
    PovertyLinesRepository,
    HouseholdsService,
    PovertyLinesService,
    HouseholdsLoaders,
    HouseholdsResolver,
    MembersResolver,
    HouseholdIncomeResolver,
    PovertyLinesResolver,
  ],
  exports: [HouseholdsService, HouseholdsRepository, MembersRepository, HouseholdsLoaders, PovertyLinesService, RegionsModule],
})
export class HouseholdsModule implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(HouseholdsService) private readonly households: HouseholdsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(PersonalDataSubject.MEMBER_ID_NUMBER, (p, id, reason) => this.households.revealIdNumber(p, id, reason));
    this.registry.register(PersonalDataSubject.MEMBER_DISABILITY_CERTIFICATE, (p, id, reason) => this.households.revealDisabilityCertificate(p, id, reason));
    this.registry.register(PersonalDataSubject.HOUSEHOLD_BANK_ACCOUNT, (p, id, reason) => this.households.revealBankAccount(p, id, reason));
    this.registry.register(PersonalDataSubject.HOUSEHOLD_CONTACT_PHONE, (p, id, reason) => this.households.revealContactPhone(p, id, reason));
  }
}
