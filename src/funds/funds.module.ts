import { Module } from '@nestjs/common';
import { ParametersModule } from '../parameters/parameters.module';
import { ProjectsModule } from '../projects/projects.module';
import { HouseholdsModule } from '../households/households.module';
import { FactorAllocationRepository } from './factor-allocation.repository';
import { FactorAllocationResolver } from './factor-allocation.resolver';
import { FactorAllocationService } from './factor-allocation.service';
import { RegionsModule } from '../regions/regions.module';
import { FundsRepository } from './funds.repository';
import { FundsResolver } from './funds.resolver';
import { FundsService } from './funds.service';

/**
 * Funds (扶贫资金, §19, §20, issue #19 part 1): the ledger document → allocation → project
 * funding and its check. Projects are reached through the projects module's exported services.
 */
@Module({
  imports: [RegionsModule, ParametersModule, ProjectsModule,
    HouseholdsModule],
  providers: [FundsRepository, FundsService, FundsResolver,
    FactorAllocationRepository, FactorAllocationService, FactorAllocationResolver],
  exports: [FundsService,
    FactorAllocationService],
})
export class FundsModule {}
