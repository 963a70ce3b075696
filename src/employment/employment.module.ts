import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '../identity/personal-data.registry';
import { HouseholdsModule } from '../households/households.module';
import { IdentityModule } from '../identity/identity.module';
import { ParametersModule } from '../parameters/parameters.module';
import { ProjectsModule } from '../projects/projects.module';
import { RegionsModule } from '../regions/regions.module';
import { CoverageService } from './coverage.service';
import { EmploymentFiguresResolver } from './employment-figures.resolver';
import { EmploymentFiguresService } from './employment-figures.service';
import { EmploymentRecordsRepository } from './employment-records.repository';
import { EmploymentRecordsResolver } from './employment-records.resolver';
import { EmploymentRecordsService } from './employment-records.service';
import { EmploymentRegistryResolver } from './employment-registry.resolver';
import { EmploymentRegistryService } from './employment-registry.service';
import { EmploymentImportPort } from './import/employment-import.port';
import { TrainingImportPort } from './import/training-import.port';
import { PostsRepository } from './posts.repository';
import { PostsResolver } from './posts.resolver';
import { PostsService } from './posts.service';
import { WorkshopsRepository } from './workshops.repository';
import { WorkshopsResolver } from './workshops.resolver';
import { WorkshopsService } from './workshops.service';
import { StartupsRepository } from './startups.repository';
import { StartupsResolver } from './startups.resolver';
import { StartupsService } from './startups.service';
import { TrainingRepository } from './training.repository';
import { TrainingResolver } from './training.resolver';
import { TrainingService } from './training.service';
import { JobOpeningsRepository } from './openings.repository';
import { JobOpeningsResolver } from './openings.resolver';
import { JobOpeningsService } from './openings.service';
import { EMPLOYMENT_RECORD_CONTACT_PHONE } from './employment.declaration';

/**
 * The employment ledger (就业扶贫, §2, §11, §16): the labour register derived from the registry's
 * members, employment records per member and year, members not seeking work, public-welfare posts
 * and their holders, poverty-alleviation workshops and their workers, training by real name and
 * returnee start-ups, job openings with their candidates ranked in the database and placing one,
 * the plan's employment targets and the industry-and-employment coverage (it
 * reads both this ledger and the benefit linkages of the projects module, whose implementing
 * entities are employers here), and the employment roster import and export (kind `employment`).
 */
@Module({
  imports: [IdentityModule, ParametersModule, HouseholdsModule, ProjectsModule, RegionsModule],
  providers: [
    EmploymentRecordsRepository,
    EmploymentRecordsService,
    EmploymentRecordsResolver,
    EmploymentFiguresService,
    CoverageService,
    EmploymentFiguresResolver,
    EmploymentRegistryService,
    EmploymentRegistryResolver,
    EmploymentImportPort,
    TrainingImportPort,
    PostsRepository,
    PostsService,
    PostsResolver,
    WorkshopsRepository,
    WorkshopsService,
    WorkshopsResolver,
    TrainingRepository,
    TrainingService,
    TrainingResolver,
    StartupsRepository,
    StartupsService,
    StartupsResolver,
    JobOpeningsRepository,
    JobOpeningsService,
    JobOpeningsResolver,
  ],
  exports: [EmploymentRecordsService, EmploymentFiguresService],
})
export class EmploymentModule implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(EmploymentRecordsService) private readonly records: EmploymentRecordsService,
  ) {}

  // revealPersonalData(subject: EMPLOYMENT_RECORD_CONTACT_PHONE): the registry checks the permission
  // and the reason, the revealer the scope, and writes the audit row.
  onModuleInit(): void {
    this.registry.register(EMPLOYMENT_RECORD_CONTACT_PHONE.subject, (principal, id, reason) => this.records.revealContactPhone(principal, id, reason));
  }
}
