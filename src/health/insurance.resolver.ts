import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { ParameterValue } from '../parameters/parameter.model';
import {
  CreateInsuranceEnrolmentInput,
  DeleteInsuranceEnrolmentInput,
  InsuranceEnrolment,
  InsuranceEnrolmentArgs,
  InsuranceEnrolmentConnection,
  InsuranceEnrolmentPayload,
  InsuranceEnrolmentsArgs,
  InsuranceGap,
  InsuranceGapConnection,
  MembersMissingInsuranceArgs,
  UpdateInsuranceEnrolmentInput,
} from './insurance.models';
import { InsuranceService } from './insurance.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Insurance enrolment (参保台账) and the members missing layers: thin; the service scopes by the household's village (and the department, for writes). */
@Resolver(() => InsuranceEnrolment)
export class InsuranceResolver {
  constructor(private readonly service: InsuranceService) {}

  @RequirePermission('health.read')
  @Query(() => InsuranceEnrolmentConnection, { description: 'Insurance enrolments (参保记录) of members of households in your region and below, in the order recorded.' })
  async insuranceEnrolments(@Args() args: InsuranceEnrolmentsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<InsuranceEnrolmentConnection> {
    const { memberId, householdId, year, layer, regionCode, ...page } = args;
    const conn = await this.service.list(principal, { memberId, householdId, year, layer, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, InsuranceEnrolment.from);
  }

  @RequirePermission('health.read')
  @Query(() => InsuranceEnrolment, { nullable: true, description: 'An insurance enrolment by id; null when it does not exist or lies outside your region.' })
  async insuranceEnrolment(@Args() { id }: InsuranceEnrolmentArgs, @CurrentPrincipal() principal: Principal): Promise<InsuranceEnrolment | null> {
    const [e] = await this.service.findInScope(principal, [id]);
    return e ? InsuranceEnrolment.from(e) : null;
  }

  @RequirePermission('health.read')
  @Query(() => InsuranceGapConnection, {
    description: '应保尽保: current members of your region (or a subtree) without a record of every layer of health.insurance_layers for the year (or of one layer), by name, with the layers each lacks. The list not in force for the year: PARAMETER_NOT_CONFIGURED.',
  })
  async membersMissingInsurance(@Args() args: MembersMissingInsuranceArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<InsuranceGapConnection> {
    const { year, layer, regionCode, ...page } = args;
    const { parametersUsed, ...conn } = await this.service.membersMissing(principal, { year, layer, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return { ...mapConnection(conn, InsuranceGap.from), parametersUsed: parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('health.write')
  @Mutation(() => InsuranceEnrolmentPayload, {
    description: "Record a member's enrolment in an insurance layer for a year (layer from health.insurance_layers, premium and subsidy); a second record of the layer in the year is refused (INSURANCE_ENROLMENT_DUPLICATE).",
  })
  async createInsuranceEnrolment(@Args('input', { description: INPUT }) input: CreateInsuranceEnrolmentInput, @CurrentPrincipal() principal: Principal): Promise<InsuranceEnrolmentPayload> {
    const w = await this.service.create(principal, { ...input, premium: input.premium ?? null, subsidy: input.subsidy ?? null });
    return { insuranceEnrolment: InsuranceEnrolment.from(w.enrolment), parametersUsed: w.parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('health.write')
  @Mutation(() => InsuranceEnrolmentPayload, { description: 'Correct an insurance enrolment; send the version you read. Checked again as a new record.' })
  async updateInsuranceEnrolment(@Args('input', { description: INPUT }) input: UpdateInsuranceEnrolmentInput, @CurrentPrincipal() principal: Principal): Promise<InsuranceEnrolmentPayload> {
    const w = await this.service.update(principal, input);
    return { insuranceEnrolment: InsuranceEnrolment.from(w.enrolment), parametersUsed: w.parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('health.write')
  @Mutation(() => InsuranceEnrolmentPayload, { description: 'Delete an enrolment entered in error, with the reason; send the version you read. The audit trail keeps it.' })
  async deleteInsuranceEnrolment(@Args('input', { description: INPUT }) input: DeleteInsuranceEnrolmentInput, @CurrentPrincipal() principal: Principal): Promise<InsuranceEnrolmentPayload> {
    return { insuranceEnrolment: InsuranceEnrolment.from(await this.service.delete(principal, input)), parametersUsed: [] };
  }
}
