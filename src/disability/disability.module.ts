import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module';
import { IdentityModule } from '../identity/identity.module';
import { PersonalDataRegistry } from '../identity/personal-data.registry';
import { ParametersModule } from '../parameters/parameters.module';
import { CertificatesService } from './certificates.service';
import { DISABILITY_CERTIFICATE_NUMBER } from './disability.declaration';
import { DisabilityRepository } from './disability.repository';
import { CertificatesResolver, SubsidiesResolver } from './disability.resolver';
import { SubsidiesService } from './subsidies.service';

/**
 * Disability (残疾人, §15, issue #18 part 1): members' second-generation certificates and the
 * registry members marked disabled without one; the two subsidies' eligibility (from the rule
 * parameters) and monthly payments, the eligible without a payment and the paid without
 * eligibility. The certificate number is a protected field revealed here (revealPersonalData).
 */
@Module({
  imports: [IdentityModule, ParametersModule, HouseholdsModule],
  providers: [DisabilityRepository, CertificatesService, SubsidiesService, CertificatesResolver, SubsidiesResolver],
  exports: [CertificatesService, SubsidiesService],
})
export class DisabilityModule implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(CertificatesService) private readonly certificates: CertificatesService,
  ) {}

  onModuleInit(): void {
    this.registry.register(DISABILITY_CERTIFICATE_NUMBER.subject, (principal, id, reason) => this.certificates.revealNumber(principal, id, reason));
  }
}
