import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module';
import { ExitFactSources } from '../households/lifecycle/exit-standard/exit-fact-sources';
import { LifecycleModule } from '../households/lifecycle/lifecycle.module';
import { ParametersModule } from '../parameters/parameters.module';
import { AidResolver } from './aid.resolver';
import { AidService } from './aid.service';
import { DropoutResolver } from './dropout.resolver';
import { DropoutService } from './dropout.service';
import { IdentityModule } from '../identity/identity.module';
import { EducationRepository } from './education.repository';
import { EnrolmentsResolver, MemberEnrolmentsResolver } from './enrolments.resolver';
import { EnrolmentsService } from './enrolments.service';
import { SchoolingFactsSource } from './schooling-facts.source';
import { AidImportPort } from './import/aid-import.port';
import { EnrolmentImportPort } from './import/enrolment-import.port';

/**
 * Education aid (教育扶贫, §13, §28; RULES.md §4): enrolments of registered members per school
 * term, student aid records per term and programme with the amounts from the parameters, the
 * students without their due aid, the dropout watch (控辍保学: home teaching, return-to-school
 * cases), the education department's roster imports and exports (kinds `enrolments` and `education-aid`), and the exit standard's schooling facts read from the enrolments and home teaching (registered with the lifecycle's ExitFactSources when the module starts).
 */
@Module({
  imports: [IdentityModule, ParametersModule, HouseholdsModule, LifecycleModule],
  providers: [EducationRepository, EnrolmentsService, EnrolmentsResolver, MemberEnrolmentsResolver, AidService, AidResolver, DropoutService, DropoutResolver, SchoolingFactsSource, EnrolmentImportPort, AidImportPort],
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
