import { Args, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { selectedFieldsAt } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { SECRETS, Secrets } from '../config/secrets';
import { Member } from '../households/member.model';
import { ParameterValue } from '../parameters/parameter.model';
import {
  AddReturnCaseStepInput,
  DeleteHomeTeachingInput,
  DropoutWatch,
  DropoutWatchArgs,
  HomeTeaching,
  HomeTeachingPayload,
  OpenReturnCaseInput,
  RecordHomeTeachingInput,
  ReturnCaseArgs,
  ReturnCasePayload,
  ReturnCaseStep,
  ReturnToSchoolCase,
} from './dropout.models';
import { DropoutService } from './dropout.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** 控辍保学: the dropout watch, home teaching and return-to-school cases; thin. */
@Resolver(() => ReturnToSchoolCase)
export class DropoutResolver {
  constructor(
    private readonly service: DropoutService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  @ResolveField(() => [ReturnCaseStep], { description: 'The steps, in the order taken.' })
  async steps(@Parent() c: ReturnToSchoolCase): Promise<ReturnCaseStep[]> {
    return (await this.service.stepsOf([c.id])).map(ReturnCaseStep.from);
  }

  @RequirePermission('education.read')
  @Query(() => DropoutWatch, {
    description:
      "控辍保学: current members of registered households in your region (or a subtree) aged education.dropout_watch.age_from–age_to on 31 August of the year, with no enrolment in the school year, no home-teaching arrangement in it and no open return-to-school case; by name. Where the ages are not configured: configured=false, no list.",
  })
  async dropoutWatch(@Args() args: DropoutWatchArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<DropoutWatch> {
    const { year, regionCode, ...page } = args;
    const w = await this.service.watch(principal, { year, regionCode }, page, selectedFieldsAt(info, ['members']).has('totalCount'));
    return {
      year,
      ageCountedOn: w.referenceDay,
      configured: w.ages !== null,
      ageFrom: w.ages?.from ?? null,
      ageTo: w.ages?.to ?? null,
      parametersUsed: w.parametersUsed.map(ParameterValue.from),
      members: mapConnection(w.members, (m) => Member.from(m, this.secrets.cipher)),
    };
  }

  @RequirePermission('education.read')
  @Query(() => ReturnToSchoolCase, { nullable: true, description: 'A return-to-school case by id; null when it does not exist or lies outside your region.' })
  async returnToSchoolCase(@Args() { id }: ReturnCaseArgs, @CurrentPrincipal() principal: Principal): Promise<ReturnToSchoolCase | null> {
    const [c] = await this.service.casesInScope(principal, [id]);
    return c ? ReturnToSchoolCase.from(c) : null;
  }

  @RequirePermission('education.write')
  @Mutation(() => HomeTeachingPayload, { description: 'Record that a current member is taught at home (送教上门) in a school year, by which school and why.' })
  async recordHomeTeaching(@Args('input', { description: INPUT }) input: RecordHomeTeachingInput, @CurrentPrincipal() principal: Principal): Promise<HomeTeachingPayload> {
    return { homeTeaching: HomeTeaching.from(await this.service.recordHomeTeaching(principal, input)) };
  }

  @RequirePermission('education.write')
  @Mutation(() => HomeTeachingPayload, { description: 'Delete a home-teaching arrangement entered in error, with the reason; send the version you read.' })
  async deleteHomeTeaching(@Args('input', { description: INPUT }) input: DeleteHomeTeachingInput, @CurrentPrincipal() principal: Principal): Promise<HomeTeachingPayload> {
    return { homeTeaching: HomeTeaching.from(await this.service.deleteHomeTeaching(principal, input)) };
  }

  @RequirePermission('education.write')
  @Mutation(() => ReturnCasePayload, { description: 'Open a return-to-school case (劝返复学) for a member out of school, with the deadline you set; one open case a member.' })
  async openReturnCase(@Args('input', { description: INPUT }) input: OpenReturnCaseInput, @CurrentPrincipal() principal: Principal): Promise<ReturnCasePayload> {
    return { returnCase: ReturnToSchoolCase.from(await this.service.openCase(principal, input)) };
  }

  @RequirePermission('education.write')
  @Mutation(() => ReturnCasePayload, { description: 'Add a step to an open case (visit, persuasion, returned, closed with the reason); send the version you read.' })
  async addReturnCaseStep(@Args('input', { description: INPUT }) input: AddReturnCaseStepInput, @CurrentPrincipal() principal: Principal): Promise<ReturnCasePayload> {
    return { returnCase: ReturnToSchoolCase.from(await this.service.addStep(principal, input)) };
  }
}
