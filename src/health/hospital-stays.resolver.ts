import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { ParameterValue } from '../parameters/parameter.model';
import {
  CreateHospitalStayInput,
  DeleteHospitalStayInput,
  HospitalStay,
  HospitalStayArgs,
  HospitalStayConnection,
  HospitalStayPayload,
  HospitalStaysArgs,
  HouseholdCatastrophicSpending,
  HouseholdCatastrophicSpendingConnection,
  HouseholdOutOfPocket,
  HouseholdOutOfPocketConnection,
  OutOfPocketArgs,
  UpdateHospitalStayInput,
} from './hospital-stays.models';
import { HospitalStaysService, StayTerms, WrittenStay } from './hospital-stays.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

const payloadOf = (w: WrittenStay): HospitalStayPayload => ({ stay: HospitalStay.from(w.stay), overOutOfPocketTarget: w.overOutOfPocketTarget, parametersUsed: w.parametersUsed.map(ParameterValue.from) });

/** Hospital stays (住院记录), the households over the out-of-pocket target and those with catastrophic health spending: thin; the service scopes. */
@Resolver(() => HospitalStay)
export class HospitalStaysResolver {
  constructor(private readonly service: HospitalStaysService) {}

  @RequirePermission('health.read')
  @Query(() => HospitalStayConnection, { description: 'Hospital stays (住院记录) of members of households in your region and below, latest discharge first.' })
  async hospitalStays(@Args() args: HospitalStaysArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<HospitalStayConnection> {
    const { memberId, householdId, year, regionCode, ...page } = args;
    return mapConnection(await this.service.list(principal, { memberId, householdId, year, regionCode }, page, isFieldRequested(info, 'totalCount')), HospitalStay.from);
  }

  @RequirePermission('health.read')
  @Query(() => HospitalStay, { nullable: true, description: 'A hospital stay by id; null when it does not exist or lies outside your region.' })
  async hospitalStay(@Args() { id }: HospitalStayArgs, @CurrentPrincipal() principal: Principal): Promise<HospitalStay | null> {
    const [s] = await this.service.findInScope(principal, [id]);
    return s ? HospitalStay.from(s) : null;
  }

  @RequirePermission('health.read')
  @Query(() => HouseholdOutOfPocketConnection, {
    description: "Households on the roll of your region (or a subtree) whose stays discharged in the year cost them more than health.out_of_pocket_max of the total (Σ household paid ÷ Σ total cost), by household number, with the stays behind each. The target not in force: PARAMETER_NOT_CONFIGURED.",
  })
  async householdsOverOutOfPocketTarget(@Args() args: OutOfPocketArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<HouseholdOutOfPocketConnection> {
    const { year, regionCode, ...page } = args;
    const { parametersUsed, ...conn } = await this.service.householdsOverTarget(principal, { year, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return { ...mapConnection(conn, HouseholdOutOfPocket.from), parametersUsed: parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('health.read')
  @Query(() => HouseholdCatastrophicSpendingConnection, {
    description:
      "Catastrophic health spending (灾难性医疗支出), a signal for the return-to-poverty watch: households on the roll of your region (or a subtree) whose out-of-pocket spending in the year (Σ household paid of the stays discharged in it) is above health.catastrophic_spending_ratio × the household's net income (纯收入) of the year in the registry, by household number, with the figures and the stays behind each. A household with no income recorded for the year (or a net income of 0 or less) and any out-of-pocket spending is listed too, flagged incomeMissing with no ratio, rather than dropped. The ratio not in force (it is seeded NOT_CONFIGURED until the district enters it): PARAMETER_NOT_CONFIGURED.",
  })
  async householdsWithCatastrophicHealthSpending(@Args() args: OutOfPocketArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<HouseholdCatastrophicSpendingConnection> {
    const { year, regionCode, ...page } = args;
    const { parametersUsed, ...conn } = await this.service.householdsWithCatastrophicSpending(principal, { year, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return { ...mapConnection(conn, HouseholdCatastrophicSpending.from), parametersUsed: parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('health.write')
  @Mutation(() => HospitalStayPayload, { description: "Record a member's hospital stay with its costs; answers its out-of-pocket ratio against health.out_of_pocket_max." })
  async createHospitalStay(@Args('input', { description: INPUT }) input: CreateHospitalStayInput, @CurrentPrincipal() principal: Principal): Promise<HospitalStayPayload> {
    return payloadOf(await this.service.create(principal, input as StayTerms & { memberId: string }));
  }

  @RequirePermission('health.write')
  @Mutation(() => HospitalStayPayload, { description: 'Correct a hospital stay; send the version you read. Checked again as a new stay.' })
  async updateHospitalStay(@Args('input', { description: INPUT }) input: UpdateHospitalStayInput, @CurrentPrincipal() principal: Principal): Promise<HospitalStayPayload> {
    return payloadOf(await this.service.update(principal, input as Partial<StayTerms> & { id: string; version: number }));
  }

  @RequirePermission('health.write')
  @Mutation(() => HospitalStayPayload, { description: 'Delete a stay entered in error, with the reason; send the version you read.' })
  async deleteHospitalStay(@Args('input', { description: INPUT }) input: DeleteHospitalStayInput, @CurrentPrincipal() principal: Principal): Promise<HospitalStayPayload> {
    return { stay: HospitalStay.from(await this.service.delete(principal, input)), overOutOfPocketTarget: null, parametersUsed: [] };
  }
}
