import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../access/access.decorators';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { isFieldRequested } from '../graphql/field-selection';
import { mapConnection } from '../pagination/keyset';
import { JobConnection, JobModel, JobsArgs } from './job.model';
import { JobsRepository } from './jobs.repository';

@Resolver(() => JobModel)
export class JobsResolver {
  constructor(private readonly repo: JobsRepository) {}

  @RequirePermission('jobs.read')
  @Query(() => JobConnection, { description: 'Background jobs of your region subtree, and the service\'s own recurring jobs (no region) when your home region is a district or above; newest first' })
  async jobs(@CurrentPrincipal() principal: Principal, @Args() args: JobsArgs, @Info() info: GraphQLResolveInfo): Promise<JobConnection> {
    const { queue, state, ...page } = args;
    return mapConnection(await this.repo.page(principal, { queue, state }, page, isFieldRequested(info, 'totalCount')), JobModel.from);
  }
}
