import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { DisclosureModule } from '../disclosure/disclosure.module';
import { HouseholdsModule } from '../households/households.module';
import { IdentityModule } from '../identity/identity.module';
import { PersonalDataRegistry } from '../identity/personal-data.registry';
import { ParametersModule } from '../parameters/parameters.module';
import { RegionsModule } from '../regions/regions.module';
import { ProjectAssetsRepository } from './asset.repository';
import { ProjectAssetsResolver } from './asset.resolver';
import { ProjectAssetsService } from './asset.service';
import { ProjectFiguresResolver } from './project-figures.resolver';
import { ProjectFiguresService } from './project-figures.service';
import { ProjectQueriesService } from './project-queries.service';
import { ProjectRepository } from './project.repository';
import { ProjectResolver } from './project.resolver';
import { ProjectService } from './project.service';
import { ProjectImportPort } from './import/project-import.port';
import { ImplementingEntitiesRepository } from './implementing-entities.repository';
import { ImplementingEntitiesResolver } from './implementing-entities.resolver';
import { ImplementingEntitiesService } from './implementing-entities.service';
import { IMPLEMENTING_ENTITY_PHONE } from './projects.declaration';
import { LinkagePaymentsRepository } from './linkage-payments.repository';
import { LinkagePaymentsResolver } from './linkage-payments.resolver';
import { LinkagePaymentsService } from './linkage-payments.service';
import { LinkageRepository } from './linkage.repository';
import { LinkageResolver } from './linkage.resolver';
import { LinkageService } from './linkage.service';
import { LinkageImportPort } from './import/linkage-import.port';
import { VillageChecksRepository } from './village-checks.repository';
import { VillageChecksResolver } from './village-checks.resolver';
import { VillageChecksService } from './village-checks.service';

/**
 * Industry projects (产业扶贫, §10, §12, §16, §19): the project library and its procedure
 * (国开办发〔2018〕10号) with notices through public disclosure, implementing entities (经营主体),
 * each household's benefit linkage (利益联结) and its payments, project assets (扶贫资产).
 */
@Module({
  imports: [RegionsModule, IdentityModule, ParametersModule, DisclosureModule, HouseholdsModule],
  providers: [
    ProjectRepository,
    ProjectService,
    ProjectResolver,
    ProjectImportPort,
    ImplementingEntitiesRepository,
    ImplementingEntitiesService,
    ImplementingEntitiesResolver,
    VillageChecksRepository,
    VillageChecksService,
    VillageChecksResolver,
    ProjectAssetsRepository,
    ProjectAssetsService,
    ProjectAssetsResolver,
    ProjectQueriesService,
    ProjectFiguresService,
    ProjectFiguresResolver,
    LinkageRepository,
    LinkageService,
    LinkageResolver,
    LinkagePaymentsRepository,
    LinkagePaymentsService,
    LinkagePaymentsResolver,
    LinkageImportPort,
  ],
  exports: [ProjectService, ImplementingEntitiesService, ImplementingEntitiesRepository, ProjectAssetsRepository, VillageChecksService, ProjectQueriesService],
})
export class ProjectsModule implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(ImplementingEntitiesService) private readonly entities: ImplementingEntitiesService,
  ) {}

  // revealPersonalData(subject: IMPLEMENTING_ENTITY_PHONE): the registry checks the permission
  // and the reason, the revealer the scope, and writes the audit row.
  onModuleInit(): void {
    this.registry.register(IMPLEMENTING_ENTITY_PHONE.subject, (principal, id, reason) => this.entities.revealPhone(principal, id, reason));
  }
}
