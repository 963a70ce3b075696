import { Args, ID, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../../common/access/access.decorators';
import { CurrentPrincipal } from '../../common/access/current-principal.decorator';
import type { Principal } from '../../common/access/principal';
import { isFieldRequested } from '../../common/graphql/field-selection';
import { ConnectionArgs } from '../../common/pagination/connection';
import { mapConnection } from '../../common/pagination/keyset';
import { ImportJobStatus } from './import-job.entity';
import { ImportJobConnection, ImportJobModel, ImportProblemConnection, toImportJobModel, toImportProblemModel } from './import-job.model';
import { ImportsService } from './imports.service';

@Resolver(() => ImportJobModel)
export class ImportsResolver {
  constructor(private readonly imports: ImportsService) {}

  @Query(() => ImportJobModel, { description: 'An import job (upload files with POST /exchange/imports)' })
  @RequirePermission('exchange.import')
  async importJob(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: 'Id of the import job.' }) id: string): Promise<ImportJobModel> {
    return toImportJobModel(await this.imports.get(principal, id));
  }

  @Query(() => ImportJobConnection, { description: 'Import jobs of the caller\'s region subtree, newest first' })
  @RequirePermission('exchange.import')
  async importJobs(
    @CurrentPrincipal() principal: Principal,
    @Args() args: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Args('status', { type: () => ImportJobStatus, nullable: true, description: 'Only jobs in this state.' }) status?: ImportJobStatus,
  ) {
    return mapConnection(await this.imports.list(principal, status, args, isFieldRequested(info, 'totalCount')), toImportJobModel);
  }

  @ResolveField(() => ImportProblemConnection, { description: 'The validation report, in row order' })
  async problems(@Parent() job: ImportJobModel, @Args() args: ConnectionArgs, @Info() info: GraphQLResolveInfo) {
    return mapConnection(await this.imports.problems(job.id, args, isFieldRequested(info, 'totalCount')), toImportProblemModel);
  }
}
