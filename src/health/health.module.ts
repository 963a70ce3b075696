import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module';
import { ExitFactSources } from '../households/lifecycle/exit-standard/exit-fact-sources';
import { LifecycleModule } from '../households/lifecycle/lifecycle.module';
import { ParametersModule } from '../parameters/parameters.module';
import { FamilyDoctorRepository } from './family-doctor.repository';
import { FamilyDoctorResolver } from './family-doctor.resolver';
import { FamilyDoctorService } from './family-doctor.service';
import { HospitalStaysRepository } from './hospital-stays.repository';
import { HospitalStaysResolver } from './hospital-stays.resolver';
import { HospitalStaysService } from './hospital-stays.service';
import { FamilyDoctorImportPort } from './import/family-doctor-import.port';
import { HospitalStayImportPort } from './import/hospital-stay-import.port';
import { InsuranceImportPort } from './import/insurance-import.port';
import { InsuranceFactsSource } from './insurance-facts.source';
import { InsuranceRepository } from './insurance.repository';
import { InsuranceResolver } from './insurance.resolver';
import { InsuranceService } from './insurance.service';

/**
 * Health poverty alleviation (健康扶贫, §14, issue #17): members' insurance enrolment per year and
 * layer and the members missing layers (应保尽保); family-doctor contracts with their follow-ups and
 * the priority patients without one (应签尽签); hospital stays with what each layer and the
 * household paid, and the households over the out-of-pocket target; the insurance, hospital-stay and
 * family-doctor rosters' imports and exports (src/health/import/). The exit standard's insurance criterion reads
 * the enrolment records (registered in ExitFactSources at start).
 */
@Module({
  imports: [ParametersModule, HouseholdsModule, LifecycleModule],
  providers: [InsuranceRepository, InsuranceService, InsuranceResolver, InsuranceFactsSource, FamilyDoctorRepository, FamilyDoctorService, FamilyDoctorResolver, HospitalStaysRepository, HospitalStaysService, HospitalStaysResolver, InsuranceImportPort, HospitalStayImportPort, FamilyDoctorImportPort],
})
export class HealthModule implements OnModuleInit {
  constructor(
    @Inject(ExitFactSources) private readonly sources: ExitFactSources,
    @Inject(InsuranceFactsSource) private readonly insurance: InsuranceFactsSource,
  ) {}

  onModuleInit(): void {
    this.sources.registerInsurance(this.insurance);
  }
}
