import { Args, Context, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { RequestContext } from '../common/graphql/request-context';
import { groupByKeys } from '../common/loaders/loader-cache';
import { mapConnection } from '../common/pagination/keyset';
import { Member } from '../households/member.model';
import { EnrolmentEntity } from './education.entities';
import { CreateEnrolmentInput, DeleteEnrolmentInput, EducationRecordArgs, Enrolment, EnrolmentConnection, EnrolmentPayload, EnrolmentsArgs, UpdateEnrolmentInput } from './education.models';
import { EducationRepository } from './education.repository';
import { EnrolmentsService } from './enrolments.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Enrolments (学籍): thin; the service scopes by the household's village (and the department, for writes). */
@Resolver(() => Enrolment)
export class EnrolmentsResolver {
  constructor(private readonly service: EnrolmentsService) {}

  @RequirePermission('education.read')
  @Query(() => EnrolmentConnection, { description: 'Enrolments (学籍) of members of households in your region and below, newest school year first.' })
  async enrolments(@Args() args: EnrolmentsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<EnrolmentConnection> {
    const { memberId, householdId, schoolYear, stage, regionCode, ...page } = args;
    return mapConnection(await this.service.list(principal, { memberId, householdId, schoolYear, stage, regionCode }, page, isFieldRequested(info, 'totalCount')), Enrolment.from);
  }

  @RequirePermission('education.read')
  @Query(() => Enrolment, { nullable: true, description: 'An enrolment by id; null when it does not exist or lies outside your region.' })
  async enrolment(@Args() { id }: EducationRecordArgs, @CurrentPrincipal() principal: Principal): Promise<Enrolment | null> {
    const [e] = await this.service.findInScope(principal, [id]);
    return e ? Enrolment.from(e) : null;
  }

  @RequirePermission('education.write')
  @Mutation(() => EnrolmentPayload, {
    description:
      "Record a current member's enrolment in a term: stage, school, grade within the stage, boarding, in or outside the province; an age (on 31 August of the school year) outside the stage's ages (education.stage_ages) needs ageReason; a term overlapping another enrolment of the member is refused.",
  })
  async createEnrolment(@Args('input', { description: INPUT }) input: CreateEnrolmentInput, @CurrentPrincipal() principal: Principal): Promise<EnrolmentPayload> {
    const w = await this.service.create(principal, input);
    return EnrolmentPayload.of(w.enrolment, w.parametersUsed);
  }

  @RequirePermission('education.write')
  @Mutation(() => EnrolmentPayload, { description: 'Correct an enrolment; send the version you read. Checked again as a new one.' })
  async updateEnrolment(@Args('input', { description: INPUT }) input: UpdateEnrolmentInput, @CurrentPrincipal() principal: Principal): Promise<EnrolmentPayload> {
    const w = await this.service.update(principal, input);
    return EnrolmentPayload.of(w.enrolment, w.parametersUsed);
  }

  @RequirePermission('education.write')
  @Mutation(() => EnrolmentPayload, { description: 'Delete an enrolment entered in error, with the reason; send the version you read. The audit trail keeps it.' })
  async deleteEnrolment(@Args('input', { description: INPUT }) input: DeleteEnrolmentInput, @CurrentPrincipal() principal: Principal): Promise<EnrolmentPayload> {
    return EnrolmentPayload.of(await this.service.delete(principal, input), []);
  }
}

/** A member's enrolments, batched per page of members (one statement), in the caller's scope. */
@Resolver(() => Member)
export class MemberEnrolmentsResolver {
  constructor(private readonly repo: EducationRepository) {}

  @ResolveField(() => [Enrolment], { description: '学籍: the enrolments of this membership that you can read, newest school year first (education module).' })
  async enrolments(@Parent() member: Member, @Context() ctx: RequestContext): Promise<Enrolment[]> {
    const principal = (ctx.req as { principal?: Principal }).principal;
    if (!principal) return [];
    const loader = ctx.loaders.get('education.enrolmentsByMember', () =>
      new DataLoader<string, EnrolmentEntity[]>(async (ids) => groupByKeys(ids, await this.repo.enrolmentsOfMembers(principal, ids), (e) => e.memberId)),
    );
    return (await loader.load(member.id)).map(Enrolment.from);
  }
}
