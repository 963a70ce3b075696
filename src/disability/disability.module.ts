import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module';
import { IdentityModule } from '../identity/identity.module';
import { PersonalDataRegistry } from '../identity/personal-data.registry';
import { ParametersModule } from '../parameters/parameters.module';
import { CertificatesService } from './certificates.service';
import { DISABILITY_CERTIFICATE_NUMBER, SOCIAL_ASSISTANCE_ID_NUMBER } from './disability.declaration';
import { DisabilityRepository } from './disability.repository';
import { CertificatesResolver, SubsidiesResolver } from './disability.resolver';
import { SocialAssistanceImportPort } from './import/social-assistance-import.port';
import { ReconciliationService } from './reconciliation.service';
import { SocialAssistanceRepository } from './social-assistance.repository';
import { SocialAssistanceResolver } from './social-assistance.resolver';
import { SocialAssistanceService } from './social-assistance.service';
import { SubsidiesService } from './subsidies.service';
import { TekunRepository } from './tekun.repository';
import { TekunService } from './tekun.service';
import { DemandMatchingRepository } from './demand-matching.repository';
import { DemandMatchingResolver } from './demand-matching.resolver';
import { DemandMatchingService } from './demand-matching.service';
import { ServicesRepository } from './services.repository';
import { ServicesResolver } from './services.resolver';
import { ServicesService } from './services.service';

/**
 * Disability (残疾人, §15, issue #18 part 1): members' second-generation certificates and the
 * registry members marked disabled without one; the two subsidies' eligibility (from the rule
 * parameters) and monthly payments, the eligible without a payment and the paid without
 * eligibility. The certificate number is a protected field revealed here (revealPersonalData).
 * Part 2: the civil-affairs social-assistance rosters (低保, 特困, 临时救助) imported through the
 * import port (kind social-assistance), their ID numbers protected as the registry's are.
 * Part 3: 特困 eligibility; the social-assistance network's needs, providers and matches (§21).
 * Part 4: disability services (残疾人服务): needs, delivered services, children's rehabilitation aid.
 */
@Module({
  imports: [IdentityModule, ParametersModule, HouseholdsModule],
  providers: [
    DisabilityRepository,
    CertificatesService,
    SubsidiesService,
    CertificatesResolver,
    SubsidiesResolver,
    SocialAssistanceRepository,
    SocialAssistanceService,
    SocialAssistanceResolver,
    SocialAssistanceImportPort,
    ReconciliationService,
    TekunRepository,
    TekunService,
    DemandMatchingRepository,
    DemandMatchingService,
    DemandMatchingResolver,
    ServicesRepository,
    ServicesService,
    ServicesResolver,
  ],
  exports: [CertificatesService, SubsidiesService],
})
export class DisabilityModule implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(CertificatesService) private readonly certificates: CertificatesService,
    @Inject(SocialAssistanceService) private readonly assistance: SocialAssistanceService,
  ) {}

  onModuleInit(): void {
    this.registry.register(DISABILITY_CERTIFICATE_NUMBER.subject, (principal, id, reason) => this.certificates.revealNumber(principal, id, reason));
    this.registry.register(SOCIAL_ASSISTANCE_ID_NUMBER.subject, (principal, id, reason) => this.assistance.revealIdNumber(principal, id, reason));
  }
}
