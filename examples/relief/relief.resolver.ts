import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../../src/common/access/access.decorators';
import { CurrentPrincipal } from '../../src/common/access/current-principal.decorator';
import { Principal } from '../../src/common/access/principal';
import { CompiledReads } from '../../src/common/graphql/compiled-read';
import { isFieldRequested } from '../../src/common/graphql/field-selection';
import { mapConnection } from '../../src/common/pagination/keyset';
import { CreateReliefPaymentInput, MarkReliefPaidInput, ReliefPayment, ReliefPaymentConnection, ReliefPaymentPayload, ReliefPaymentsArgs } from './relief.models';
import { ReliefService } from './relief.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/**
 * The GraphQL face of the module: thin. Each operation names the permission it needs (the
 * contract test refuses one that does not) and hands the principal to the service, which scopes.
 */
@Resolver(() => ReliefPayment)
export class ReliefResolver {
  constructor(
    private readonly service: ReliefService,
    private readonly reads: CompiledReads,
  ) {}

  @RequirePermission('relief.read')
  @Query(() => ReliefPaymentConnection, { description: 'Festival relief payments (节日慰问金) of your region and below, by due date.' })
  async reliefPayments(@Args() args: ReliefPaymentsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ReliefPaymentConnection> {
    const { householdId, ...page } = args;
    const totalCount = isFieldRequested(info, 'totalCount');
    // The page and every selected field in one statement (its total in a second) when the module's reads declare them all.
    const plan = this.reads.plan(info, ['edges', 'node']);
    const answered = plan && (await this.service.listCompiled(principal, { householdId }, page, plan, totalCount));
    if (answered) return answered as unknown as ReliefPaymentConnection;
    const conn = await this.service.list(principal, { householdId }, page, totalCount);
    return mapConnection(conn, (p) => ReliefPayment.from(p, this.service.maskedPayeeAccount(p)));
  }

  @RequirePermission('relief.write')
  @Mutation(() => ReliefPaymentPayload, { description: 'Plan a festival relief payment for a household of your region.' })
  async createReliefPayment(@Args('input', { description: INPUT }) input: CreateReliefPaymentInput, @CurrentPrincipal() principal: Principal): Promise<ReliefPaymentPayload> {
    const p = await this.service.create(principal, input);
    return { reliefPayment: ReliefPayment.from(p, this.service.maskedPayeeAccount(p)) };
  }

  @RequirePermission('relief.write')
  @Mutation(() => ReliefPaymentPayload, { description: 'Record a payment as paid; send the version you read.' })
  async markReliefPaid(@Args('input', { description: INPUT }) input: MarkReliefPaidInput, @CurrentPrincipal() principal: Principal): Promise<ReliefPaymentPayload> {
    const p = await this.service.markPaid(principal, input);
    return { reliefPayment: ReliefPayment.from(p, this.service.maskedPayeeAccount(p)) };
  }
}
