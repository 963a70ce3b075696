import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households.module';
import { ParametersModule } from '../../parameters/parameters.module';
import { DisclosureModule } from '../../disclosure/disclosure.module';
import { AsOfService } from './as-of.service';
import { ExitFactSources } from './exit-standard/exit-fact-sources';
import { ExitFactsProvider } from './exit-standard/exit-facts.provider';
import { ExitStandardService } from './exit-standard/exit-standard.service';
import { HouseholdLifecycleResolver } from './household-lifecycle.resolver';
import { LifecycleLoaders } from './lifecycle.loaders';
import { LifecycleRepository } from './lifecycle.repository';
import { LifecycleResolver } from './lifecycle.resolver';
import { MemberChangesService } from './member-changes.service';
import { ProcedureBatchWriter } from './procedure-batch.writer';
import { ProposalsService } from './proposals.service';

/**
 * The registry's procedures: registration, exit (with the exit standard and the public notice),
 * return to poverty and removal, each bottom-up; member changes; status and membership as of a
 * date. A use-case folder of the registry: it works through HouseholdsModule's exported service
 * and owns the proposals and the event history.
 */
@Module({
  imports: [HouseholdsModule, ParametersModule, DisclosureModule],
  providers: [
    LifecycleRepository,
    ExitFactSources,
    ExitFactsProvider,
    ExitStandardService,
    ProposalsService,
    ProcedureBatchWriter,
    MemberChangesService,
    AsOfService,
    LifecycleLoaders,
    LifecycleResolver,
    HouseholdLifecycleResolver,
  ],
  exports: [ExitStandardService, ExitFactSources, ProposalsService, ProcedureBatchWriter],
})
export class LifecycleModule {}
