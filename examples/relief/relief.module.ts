import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HouseholdsModule } from '../../src/households/households.module';
import { IdentityModule } from '../../src/identity/identity.module';
import { PersonalDataRegistry } from '../../src/identity/personal-data.registry';
import { RELIEF_PAYEE_ACCOUNT } from './relief.declaration';
import { ReliefOverdueJob } from './relief-overdue.job';
import { ReliefImportPort } from './relief-import.port';
import { ReliefRepository } from './relief.repository';
import { ReliefResolver } from './relief.resolver';
import { ReliefService } from './relief.service';

/**
 * 节日慰问金, the example module (README "Adding a module"). It imports the modules whose
 * exported services it uses; the audit service, the job runner and the configuration are global.
 */
@Module({
  imports: [IdentityModule, HouseholdsModule],
  providers: [ReliefRepository, ReliefService, ReliefResolver, ReliefOverdueJob, ReliefImportPort],
  exports: [ReliefService],
})
export class ReliefModule implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(ReliefService) private readonly relief: ReliefService,
  ) {}

  // revealPersonalData(subject: RELIEF_PAYEE_ACCOUNT) is answered by this module: the registry
  // checks the permission and the reason, the revealer checks scope and writes the audit row.
  onModuleInit(): void {
    this.registry.register(RELIEF_PAYEE_ACCOUNT.subject, (principal, id, reason) => this.relief.revealPayeeAccount(principal, id, reason));
  }
}
