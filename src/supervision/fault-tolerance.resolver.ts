import { Args, ArgsType, Context, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import DataLoader from 'dataloader';
import { RequestContext } from '../common/graphql/request-context';
import { AccountabilityCase } from './accountability.models';
import { FaultToleranceRequestEntity } from './fault-tolerance.entity';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { FaultToleranceRequest, FaultToleranceRequestPayload, FaultToleranceStepInput, RequestFaultToleranceInput } from './fault-tolerance.models';
import { FaultToleranceService } from './fault-tolerance.service';
import { SupervisionService } from './supervision.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

@ArgsType()
export class FaultToleranceRequestArgs {
  @Field(() => ID, { description: 'Id (UUID) of the request.' })
  @IsUUID()
  id: string;
}

/** Fault-tolerance requests' GraphQL face (容错, §27): read with supervision.read, recorded and stepped by the supervising side. */
@Resolver(() => FaultToleranceRequest)
export class FaultToleranceResolver {
  constructor(
    private readonly service: FaultToleranceService,
    private readonly findings: SupervisionService,
  ) {}

  @RequirePermission('supervision.read')
  @Query(() => FaultToleranceRequest, { nullable: true, description: 'One fault-tolerance request in your scope; null when missing or outside your region. A case’s requests: AccountabilityCase.faultToleranceRequests.' })
  async faultToleranceRequest(@Args() { id }: FaultToleranceRequestArgs, @CurrentPrincipal() principal: Principal): Promise<FaultToleranceRequest | null> {
    const r = await this.service.get(principal, id);
    return r ? FaultToleranceRequest.from(r, this.findings.held(principal)) : null;
  }

  @RequirePermission('supervision.write')
  @Mutation(() => FaultToleranceRequestPayload, { description: '容错申请: record a request for a person or unit of an accountability case in your scope, with the distinctions invoked.' })
  async requestFaultTolerance(@Args('input', { description: INPUT }) input: RequestFaultToleranceInput, @CurrentPrincipal() principal: Principal): Promise<FaultToleranceRequestPayload> {
    return { faultToleranceRequest: FaultToleranceRequest.from(await this.service.request(principal, input), this.findings.held(principal)) };
  }

  @RequirePermission('supervision.write')
  @Mutation(() => FaultToleranceRequestPayload, { description: 'Take a step of a fault-tolerance request: VERIFY (核实), DECIDE (认定), FEED_BACK (反馈). Send the version you read.' })
  async faultToleranceStep(@Args('input', { description: INPUT }) input: FaultToleranceStepInput, @CurrentPrincipal() principal: Principal): Promise<FaultToleranceRequestPayload> {
    return { faultToleranceRequest: FaultToleranceRequest.from(await this.service.step(principal, input), this.findings.held(principal)) };
  }
}

/** A case's fault-tolerance requests, batched per page of cases (one statement). */
@Resolver(() => AccountabilityCase)
export class AccountabilityCaseRequestsResolver {
  constructor(
    private readonly service: FaultToleranceService,
    private readonly findings: SupervisionService,
  ) {}

  @ResolveField(() => [FaultToleranceRequest], { description: '容错申请: the fault-tolerance requests of this case, by request date.' })
  async faultToleranceRequests(@Parent() c: AccountabilityCase, @Context() ctx: RequestContext): Promise<FaultToleranceRequest[]> {
    const principal = (ctx.req as { principal?: Principal }).principal;
    if (!principal) return [];
    const loader = ctx.loaders.get('supervision.faultToleranceByCase', () =>
      new DataLoader<string, FaultToleranceRequestEntity[]>(async (ids) => {
        const byCase = await this.service.ofCases(ids);
        return ids.map((id) => byCase.get(id) ?? []);
      }),
    );
    const held = this.findings.held(principal);
    return (await loader.load(c.id)).map((r) => FaultToleranceRequest.from(r, held));
  }
}
