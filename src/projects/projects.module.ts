import { Module } from '@nestjs/common';
import { DisclosureModule } from '../disclosure/disclosure.module';
import { HouseholdsModule } from '../households/households.module';
import { IdentityModule } from '../identity/identity.module';
import { ParametersModule } from '../parameters/parameters.module';
import { RegionsModule } from '../regions/regions.module';
import { ProjectRepository } from './project.repository';
import { ProjectResolver } from './project.resolver';
import { ProjectService } from './project.service';

/**
 * Industry projects (产业扶贫, §10, §12, §16, §19): the project library and its procedure
 * (国开办发〔2018〕10号) with notices through public disclosure, implementing entities (经营主体),
 * each household's benefit linkage (利益联结) and its payments, project assets (扶贫资产).
 */
@Module({
  imports: [RegionsModule, IdentityModule, ParametersModule, DisclosureModule, HouseholdsModule],
  providers: [ProjectRepository, ProjectService, ProjectResolver],
  exports: [ProjectService],
})
export class ProjectsModule {}
