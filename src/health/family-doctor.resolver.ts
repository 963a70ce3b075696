import { Args, Context, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { RequestContext } from '../common/graphql/request-context';
import { mapConnection } from '../common/pagination/keyset';
import { ParameterValue } from '../parameters/parameter.model';
import { FamilyDoctorFollowUpEntity } from './family-doctor.entity';
import {
  CreateFamilyDoctorContractInput,
  DeleteFamilyDoctorContractInput,
  FamilyDoctorContract,
  FamilyDoctorContractArgs,
  FamilyDoctorContractConnection,
  FamilyDoctorContractPayload,
  FamilyDoctorContractsArgs,
  FamilyDoctorFollowUp,
  FamilyDoctorFollowUpPayload,
  PriorityPatient,
  PriorityPatientConnection,
  PriorityPatientsArgs,
  RecordFollowUpInput,
  RemoveFollowUpInput,
  UpdateFamilyDoctorContractInput,
} from './family-doctor.models';
import { FamilyDoctorService } from './family-doctor.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Family-doctor contracts (家庭医生签约), their follow-ups and the priority patients without one: thin; the service scopes. */
@Resolver(() => FamilyDoctorContract)
export class FamilyDoctorResolver {
  constructor(private readonly service: FamilyDoctorService) {}

  /** The follow-ups of the contracts of a request, one statement per batch (contracts already reached in scope). */
  private followUpLoader(ctx: RequestContext): DataLoader<string, FamilyDoctorFollowUpEntity[]> {
    return ctx.loaders.get('health.followUpsByContract', () => new DataLoader<string, FamilyDoctorFollowUpEntity[]>(async (ids) => {
      const byContract = await this.service.followUpsOf(ids);
      return ids.map((id) => byContract.get(id) ?? []);
    }));
  }

  @ResolveField(() => [FamilyDoctorFollowUp], { description: 'The follow-ups done (随访记录), by date.' })
  async followUps(@Parent() c: FamilyDoctorContract, @Context() ctx: RequestContext): Promise<FamilyDoctorFollowUp[]> {
    return (await this.followUpLoader(ctx).load(c.id)).map(FamilyDoctorFollowUp.from);
  }

  @ResolveField(() => Int, { description: 'The follow-ups done (their number), against followUpsDue.' })
  async followUpsDone(@Parent() c: FamilyDoctorContract, @Context() ctx: RequestContext): Promise<number> {
    return (await this.followUpLoader(ctx).load(c.id)).length;
  }

  @RequirePermission('health.read')
  @Query(() => FamilyDoctorContractConnection, { description: 'Family-doctor contracts (家庭医生签约) of members of households in your region and below, newest start first.' })
  async familyDoctorContracts(@Args() args: FamilyDoctorContractsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<FamilyDoctorContractConnection> {
    const { memberId, householdId, activeOn, priorityDisease, regionCode, ...page } = args;
    const conn = await this.service.list(principal, { memberId, householdId, activeOn, priorityDisease, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, FamilyDoctorContract.from);
  }

  @RequirePermission('health.read')
  @Query(() => FamilyDoctorContract, { nullable: true, description: 'A family-doctor contract by id; null when it does not exist or lies outside your region.' })
  async familyDoctorContract(@Args() { id }: FamilyDoctorContractArgs, @CurrentPrincipal() principal: Principal): Promise<FamilyDoctorContract | null> {
    const [c] = await this.service.findInScope(principal, [id]);
    return c ? FamilyDoctorContract.from(c) : null;
  }

  @RequirePermission('health.read')
  @Query(() => PriorityPatientConnection, {
    description: "应签尽签: current members of your region (or a subtree) whose registry health conditions make priority patients (长期慢性病, 患有大病), without a family-doctor contract running on the day asked, by name.",
  })
  async priorityPatientsWithoutContract(@Args() args: PriorityPatientsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<PriorityPatientConnection> {
    const { asOf, regionCode, ...page } = args;
    const { parametersUsed, ...conn } = await this.service.priorityPatientsWithoutContract(principal, { asOf, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return { ...mapConnection(conn, PriorityPatient.from), parametersUsed: parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('health.write')
  @Mutation(() => FamilyDoctorContractPayload, { description: "Record a member's contract with a family doctor (priority disease from health.family_doctor); a contract overlapping another of the member is refused." })
  async createFamilyDoctorContract(@Args('input', { description: INPUT }) input: CreateFamilyDoctorContractInput, @CurrentPrincipal() principal: Principal): Promise<FamilyDoctorContractPayload> {
    const w = await this.service.create(principal, input);
    return { contract: FamilyDoctorContract.from(w.contract), parametersUsed: w.parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('health.write')
  @Mutation(() => FamilyDoctorContractPayload, { description: 'Correct or end a family-doctor contract; send the version you read. Checked again as a new contract.' })
  async updateFamilyDoctorContract(@Args('input', { description: INPUT }) input: UpdateFamilyDoctorContractInput, @CurrentPrincipal() principal: Principal): Promise<FamilyDoctorContractPayload> {
    const w = await this.service.update(principal, input);
    return { contract: FamilyDoctorContract.from(w.contract), parametersUsed: w.parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('health.write')
  @Mutation(() => FamilyDoctorContractPayload, { description: 'Delete a contract entered in error with its follow-ups, with the reason; send the version you read.' })
  async deleteFamilyDoctorContract(@Args('input', { description: INPUT }) input: DeleteFamilyDoctorContractInput, @CurrentPrincipal() principal: Principal): Promise<FamilyDoctorContractPayload> {
    return { contract: FamilyDoctorContract.from(await this.service.delete(principal, input)), parametersUsed: [] };
  }

  @RequirePermission('health.write')
  @Mutation(() => FamilyDoctorFollowUpPayload, { description: "Record a follow-up done under a contract, on a day within its period." })
  async recordFollowUp(@Args('input', { description: INPUT }) input: RecordFollowUpInput, @CurrentPrincipal() principal: Principal): Promise<FamilyDoctorFollowUpPayload> {
    return { followUp: FamilyDoctorFollowUp.from(await this.service.recordFollowUp(principal, input)) };
  }

  @RequirePermission('health.write')
  @Mutation(() => FamilyDoctorFollowUpPayload, { description: 'Remove a follow-up entered in error, with the reason; send the version you read.' })
  async removeFollowUp(@Args('input', { description: INPUT }) input: RemoveFollowUpInput, @CurrentPrincipal() principal: Principal): Promise<FamilyDoctorFollowUpPayload> {
    return { followUp: FamilyDoctorFollowUp.from(await this.service.removeFollowUp(principal, input)) };
  }
}
