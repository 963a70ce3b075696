import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested, selectedFieldsAt } from '../common/graphql/field-selection';
import { subtreePrefix } from '../common/region/region-code';
import {
  AccountabilityCase,
  AccountabilityCaseArgs,
  AccountabilityCaseConnection,
  AccountabilityCasePayload,
  AccountabilityCasesArgs,
  AddAccountabilityActionInput,
  OpenAccountabilityCaseInput,
  PublishAccountabilityCaseInput,
} from './accountability.models';
import { AccountabilityRead, AccountabilityService } from './accountability.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Accountability cases' GraphQL face (问责, issue #20 part 3): read with supervision.read, written by the supervising side. */
@Resolver(() => AccountabilityCase)
export class AccountabilityResolver {
  constructor(private readonly service: AccountabilityService) {}

  @RequirePermission('supervision.read')
  @Query(() => AccountabilityCaseConnection, { description: 'Accountability cases (问责案件) of your region and below, latest opened first.' })
  async accountabilityCases(@Args() args: AccountabilityCasesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<AccountabilityCaseConnection> {
    const { regionCode, caseType, findingId, hotlineCaseId, ...page } = args;
    const conn = await this.service.list(principal, { regionPrefix: regionCode ? subtreePrefix(regionCode) : undefined, caseType, findingId, hotlineCaseId }, page, isFieldRequested(info, 'totalCount'));
    const actions = selectedFieldsAt(info, ['edges', 'node']).has('actions') ? await this.service.actionsOf(conn.edges.map((e) => e.node.id)) : new Map();
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: AccountabilityCase.from(e.node, actions.get(e.node.id) ?? []) })) };
  }

  @RequirePermission('supervision.read')
  @Query(() => AccountabilityCase, { nullable: true, description: 'One accountability case in your scope with its actions; null when missing or outside your region.' })
  async accountabilityCase(@Args() { id }: AccountabilityCaseArgs, @CurrentPrincipal() principal: Principal): Promise<AccountabilityCase | null> {
    const r = await this.service.get(principal, id);
    return r ? answer(r) : null;
  }

  @RequirePermission('supervision.write')
  @Mutation(() => AccountabilityCasePayload, { description: 'Open an accountability case from a finding, from a substantiated hotline case, or standalone; the situation checked against supervision.accountability_situations.' })
  async openAccountabilityCase(@Args('input', { description: INPUT }) input: OpenAccountabilityCaseInput, @CurrentPrincipal() principal: Principal): Promise<AccountabilityCasePayload> {
    return { accountabilityCase: answer(await this.service.open(principal, input)) };
  }

  @RequirePermission('supervision.write')
  @Mutation(() => AccountabilityCasePayload, { description: 'Record an action (a code of supervision.accountability_actions) against a person or unit of the case. Send the version you read.' })
  async addAccountabilityAction(@Args('input', { description: INPUT }) input: AddAccountabilityActionInput, @CurrentPrincipal() principal: Principal): Promise<AccountabilityCasePayload> {
    return { accountabilityCase: answer(await this.service.addAction(principal, input)) };
  }

  @RequirePermission('supervision.write')
  @Mutation(() => AccountabilityCasePayload, { description: '通报: publish the case once, with its reference. Send the version you read.' })
  async publishAccountabilityCase(@Args('input', { description: INPUT }) input: PublishAccountabilityCaseInput, @CurrentPrincipal() principal: Principal): Promise<AccountabilityCasePayload> {
    return { accountabilityCase: answer(await this.service.publish(principal, input)) };
  }
}

function answer(r: AccountabilityRead): AccountabilityCase {
  return AccountabilityCase.from(r.accountabilityCase, r.actions);
}
