import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { DisclosureModule } from '../disclosure/disclosure.module';
import { FundExports } from './fund-exports';
import { FundDocumentImportPort } from './import/fund-document-import.port';
import { FundPaymentRosterImportPort } from './import/fund-payment-roster-import.port';
import { HouseholdsModule } from '../households/households.module';
import { IdentityModule } from '../identity/identity.module';
import { PersonalDataRegistry } from '../identity/personal-data.registry';
import { ParametersModule } from '../parameters/parameters.module';
import { ProjectsModule } from '../projects/projects.module';
import { FactorAllocationRepository } from './factor-allocation.repository';
import { FactorAllocationResolver } from './factor-allocation.resolver';
import { FactorAllocationService } from './factor-allocation.service';
import { RegionsModule } from '../regions/regions.module';
import { FundDisclosureService } from './fund-disclosure.service';
import { FundReportsRepository } from './fund-reports.repository';
import { FundReportsResolver } from './fund-reports.resolver';
import { FundReportsService } from './fund-reports.service';
import { FUND_PAYEE_ACCOUNT } from './funds.declaration';
import { FundsRepository } from './funds.repository';
import { FundsResolver } from './funds.resolver';
import { FundsService } from './funds.service';
import { ReimbursementsRepository } from './reimbursements.repository';
import { ReimbursementsResolver } from './reimbursements.resolver';
import { ReimbursementsService } from './reimbursements.service';

/**
 * Funds (扶贫资金, §19, §20, issue #19): the ledger document → allocation → project funding →
 * reimbursement → payment, its check and the reimbursement rate. Projects and households are
 * reached through their modules' exported services.
 */
@Module({
  imports: [RegionsModule, ParametersModule, ProjectsModule, HouseholdsModule, IdentityModule, DisclosureModule],
  providers: [
    FundsRepository,
    FundsService,
    FundsResolver,
    ReimbursementsRepository,
    ReimbursementsService,
    ReimbursementsResolver,
    FactorAllocationRepository,
    FactorAllocationService,
    FactorAllocationResolver,
    FundReportsRepository,
    FundReportsService,
    FundReportsResolver,
    FundExports,
    FundDisclosureService,
    FundDocumentImportPort,
    FundPaymentRosterImportPort,
  ],
  exports: [FundsService, FactorAllocationService],
})
export class FundsModule implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(ReimbursementsService) private readonly reimbursements: ReimbursementsService,
  ) {}

  // revealPersonalData(subject: FUND_PAYEE_ACCOUNT): the registry checks the permission and the
  // reason, the revealer the scope, and writes the audit row.
  onModuleInit(): void {
    this.registry.register(FUND_PAYEE_ACCOUNT.subject, (principal, id, reason) => this.reimbursements.revealAccount(principal, id, reason));
  }
}
