import { Module } from '@nestjs/common';
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
import { JobOpeningsRepository } from './openings.repository';
import { JobOpeningsResolver } from './openings.resolver';
import { JobOpeningsService } from './openings.service';

/**
 * The employment ledger (就业扶贫, §2, §11, §16): the labour register derived from the registry's
 * members, employment records per member and year, members not seeking work, the plan's employment
 * targets, job openings with their candidates ranked in the database and placing one, and the industry-and-employment coverage (it reads both this ledger and the benefit
 * linkages of the projects module, whose implementing entities are employers here).
 */
@Module({
  imports: [IdentityModule, ParametersModule, HouseholdsModule, ProjectsModule, RegionsModule],
  providers: [EmploymentRecordsRepository, EmploymentRecordsService, EmploymentRecordsResolver, EmploymentFiguresService, CoverageService, EmploymentFiguresResolver, JobOpeningsRepository, JobOpeningsService, JobOpeningsResolver],
  exports: [EmploymentRecordsService, EmploymentFiguresService],
})
export class EmploymentModule {}
