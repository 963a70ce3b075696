import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module';
import { ExitFactSources } from '../households/lifecycle/exit-standard/exit-fact-sources';
import { LifecycleModule } from '../households/lifecycle/lifecycle.module';
import { ParametersModule } from '../parameters/parameters.module';
import { AidResolver } from './aid.resolver';
import { AidService } from './aid.service';
import { EducationRepository } from './education.repository';
import { EnrolmentsResolver, MemberEnrolmentsResolver } from './enrolments.resolver';
import { EnrolmentsService } from './enrolments.service';
import { SchoolingFactsSource } from './schooling-facts.source';

/**
 * Education aid (教育扶贫, §13, §28; RULES.md §4): enrolments of registered members per school
 * term, student aid records per term and programme with the amounts from the parameters, the
 * students without their due aid, and the exit standard's schooling facts read from the
 * enrolments (registered with the lifecycle's ExitFactSources when the module starts).
 */
@Module({
  imports: [ParametersModule, HouseholdsModule, LifecycleModule],
  providers: [EducationRepository, EnrolmentsService, EnrolmentsResolver, MemberEnrolmentsResolver, AidService, AidResolver, SchoolingFactsSource],
  exports: [EnrolmentsService],
})
export class EducationModule implements OnModuleInit {
  constructor(
    @Inject(ExitFactSources) private readonly sources: ExitFactSources,
    @Inject(SchoolingFactsSource) private readonly schooling: SchoolingFactsSource,
  ) {}

  onModuleInit(): void {
    this.sources.registerSchooling(this.schooling);
  }
}
