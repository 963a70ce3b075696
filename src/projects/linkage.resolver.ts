import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import {
  BenefitLinkage,
  BenefitLinkageArgs,
  BenefitLinkageConnection,
  BenefitLinkagePayload,
  BenefitLinkagesArgs,
  CreateBenefitLinkageInput,
  EndBenefitLinkageInput,
  UpdateBenefitLinkageInput,
} from './linkage.models';
import { LinkageService } from './linkage.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Benefit linkages (利益联结): thin; the service scopes by the household's village (and sector, for writes). */
@Resolver(() => BenefitLinkage)
export class LinkageResolver {
  constructor(private readonly service: LinkageService) {}

  @RequirePermission('projects.read')
  @Query(() => BenefitLinkageConnection, { description: 'Benefit linkages (利益联结) of households in your region and below, newest start first.' })
  async benefitLinkages(@Args() args: BenefitLinkagesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<BenefitLinkageConnection> {
    const { householdId, projectId, entityId, type, year, regionCode, ...page } = args;
    const conn = await this.service.list(principal, { householdId, projectId, entityId, type, year, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, BenefitLinkage.from);
  }

  @RequirePermission('projects.read')
  @Query(() => BenefitLinkage, { nullable: true, description: 'A benefit linkage by id; null when it does not exist or lies outside your region.' })
  async benefitLinkage(@Args() { id }: BenefitLinkageArgs, @CurrentPrincipal() principal: Principal): Promise<BenefitLinkage | null> {
    const [l] = await this.service.findInScope(principal, [id]);
    return l ? BenefitLinkage.from(l) : null;
  }

  @RequirePermission('projects.write')
  @Mutation(() => BenefitLinkagePayload, { description: "Record a household's benefit linkage with a project (a beneficiary, project in or past the annual plan) and/or an implementing entity; type from project.linkage_types." })
  async createBenefitLinkage(@Args('input', { description: INPUT }) input: CreateBenefitLinkageInput, @CurrentPrincipal() principal: Principal): Promise<BenefitLinkagePayload> {
    return { benefitLinkage: BenefitLinkage.from(await this.service.create(principal, input)) };
  }

  @RequirePermission('projects.write')
  @Mutation(() => BenefitLinkagePayload, { description: "Correct a linkage's terms; send the version you read. A sector officer changes only its own sector's linkages." })
  async updateBenefitLinkage(@Args('input', { description: INPUT }) input: UpdateBenefitLinkageInput, @CurrentPrincipal() principal: Principal): Promise<BenefitLinkagePayload> {
    return { benefitLinkage: BenefitLinkage.from(await this.service.update(principal, input)) };
  }

  @RequirePermission('projects.write')
  @Mutation(() => BenefitLinkagePayload, { description: 'End a linkage on a date with the reason; send the version you read.' })
  async endBenefitLinkage(@Args('input', { description: INPUT }) input: EndBenefitLinkageInput, @CurrentPrincipal() principal: Principal): Promise<BenefitLinkagePayload> {
    return { benefitLinkage: BenefitLinkage.from(await this.service.end(principal, input)) };
  }
}
