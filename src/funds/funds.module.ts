import { Module } from '@nestjs/common';
import { ParametersModule } from '../parameters/parameters.module';
import { ProjectsModule } from '../projects/projects.module';
import { RegionsModule } from '../regions/regions.module';
import { FundsRepository } from './funds.repository';
import { FundsResolver } from './funds.resolver';
import { FundsService } from './funds.service';

/**
 * Funds (扶贫资金, §19, §20, issue #19 part 1): the ledger document → allocation → project
 * funding and its check. Projects are reached through the projects module's exported services.
 */
@Module({
  imports: [RegionsModule, ParametersModule, ProjectsModule],
  providers: [FundsRepository, FundsService, FundsResolver],
  exports: [FundsService],
})
export class FundsModule {}
