import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { PersonalDataRegistry } from '../identity/personal-data.registry';
import { RegionsModule } from '../regions/regions.module';
import { ParametersModule } from '../parameters/parameters.module';
import { DataQualityRepository } from './data-quality.repository';
import { DataQualityService } from './data-quality.service';
import { HouseholdIncomeResolver } from './household-income.resolver';
import { HouseholdIncomesService } from './household-incomes.service';
import { HouseholdsLoaders } from './households.loaders';
import { HouseholdsRepository } from './households.repository';
import { HouseholdsResolver } from './households.resolver';
import { HouseholdsService } from './households.service';
import { MembersRepository } from './members.repository';
import { MembersResolver } from './members.resolver';
import { MembersService } from './members.service';
import { PovertyLinesRepository } from './poverty-lines.repository';
import { PovertyLinesResolver } from './poverty-lines.resolver';
import { PovertyLinesService } from './poverty-lines.service';
import { HOUSEHOLDS_PROTECTED_FIELDS } from './protected-fields';
import { ProtectedFieldsService } from './protected-fields.service';

/**
 * The registry (建档立卡): households, members, incomes, insurance, poverty lines.
 *
 * Exports for the lifecycle, assistance and later modules: HouseholdsService (household scope
 * checks, reads, create/update), MembersService (member reads, prepareMember/insertMembers,
 * mapUniqueViolation), HouseholdIncomesService (incomes, insurance, incomeSummary),
 * ProtectedFieldsService (encrypt, blind index, audit views, reveal), HouseholdsRepository and
 * MembersRepository (methods take the transaction's EntityManager), HouseholdsLoaders (per-request DataLoaders),
 * PovertyLinesService (lineFor). GraphQL types to extend with @ResolveField: Household
 * (household.model.ts), Member (member.model.ts); code-list enums and `…Value` types: registry-enums.ts.
 */
@Module({
  imports: [RegionsModule, IdentityModule, ParametersModule],
  providers: [
    HouseholdsRepository,
    MembersRepository,
    PovertyLinesRepository,
    DataQualityRepository,
    ProtectedFieldsService,
    MembersService,
    HouseholdsService,
    HouseholdIncomesService,
    DataQualityService,
    PovertyLinesService,
    HouseholdsLoaders,
    HouseholdsResolver,
    MembersResolver,
    HouseholdIncomeResolver,
    PovertyLinesResolver,
  ],
  exports: [
    HouseholdsService,
    MembersService,
    HouseholdIncomesService,
    ProtectedFieldsService,
    HouseholdsRepository, MembersRepository,
    HouseholdsLoaders,
    PovertyLinesService,
    RegionsModule,
  ],
})
export class HouseholdsModule implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(ProtectedFieldsService) private readonly fields: ProtectedFieldsService,
  ) {}

  onModuleInit(): void {
    // Each declared protected field is revealed by its subject (the registry checks the declared read permission).
    for (const field of HOUSEHOLDS_PROTECTED_FIELDS) this.registry.register(field.subject, (p, id, reason) => this.fields.reveal(field, p, id, reason));
  }
}
