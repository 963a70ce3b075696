import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { SECRETS, Secrets } from '../config/secrets';
import { Member, MemberConnection } from '../households/member.model';
import { EmploymentRecordArgs } from './employment.models';
import {
  CreateTrainingCourseInput,
  EnrolTraineeInput,
  RemoveParticipationInput,
  TrainedWithoutEmploymentArgs,
  TrainingCourse,
  TrainingCourseConnection,
  TrainingCoursePayload,
  TrainingCoursesArgs,
  TrainingParticipation,
  TrainingParticipationConnection,
  TrainingParticipationPayload,
  TrainingParticipationsArgs,
  UpdateParticipationInput,
  UpdateTrainingCourseInput,
} from './training.models';
import { TrainingService } from './training.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Training courses and trainees by real name (实名制培训), and trained members not employed after N months: thin; the service scopes by region. */
@Resolver(() => TrainingCourse)
export class TrainingResolver {
  constructor(
    private readonly service: TrainingService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  @RequirePermission('employment.read')
  @Query(() => TrainingCourseConnection, { description: 'Training courses (培训班) organised in your region and below, newest start first.' })
  async trainingCourses(@Args() args: TrainingCoursesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<TrainingCourseConnection> {
    const { regionCode, year, type, ...page } = args;
    return mapConnection(await this.service.listCourses(principal, { regionCode, year, type }, page, isFieldRequested(info, 'totalCount')), TrainingCourse.from);
  }

  @RequirePermission('employment.read')
  @Query(() => TrainingCourse, { nullable: true, description: 'A training course by id; null when it does not exist or lies outside your region.' })
  async trainingCourse(@Args() { id }: EmploymentRecordArgs, @CurrentPrincipal() principal: Principal): Promise<TrainingCourse | null> {
    const [c] = await this.service.coursesInScope(principal, [id]);
    return c ? TrainingCourse.from(c) : null;
  }

  @RequirePermission('employment.write')
  @Mutation(() => TrainingCoursePayload, {
    description: "Record a training course: type a code of employment.training in force on its start in your region (PARAMETER_NOT_CONFIGURED where none is), the provider, dates (end not before start), hours above 0, the organiser's region (a village, a town or the district).",
  })
  async createTrainingCourse(@Args('input', { description: INPUT }) input: CreateTrainingCourseInput, @CurrentPrincipal() principal: Principal): Promise<TrainingCoursePayload> {
    return { course: TrainingCourse.from(await this.service.createCourse(principal, input)) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => TrainingCoursePayload, { description: 'Correct a training course; send the version you read. Checked again as a new course.' })
  async updateTrainingCourse(@Args('input', { description: INPUT }) input: UpdateTrainingCourseInput, @CurrentPrincipal() principal: Principal): Promise<TrainingCoursePayload> {
    return { course: TrainingCourse.from(await this.service.updateCourse(principal, input)) };
  }

  @RequirePermission('employment.read')
  @Query(() => TrainingParticipationConnection, {
    description: "Trainees by real name (参训学员) of households in your region and below, by course, member or household, courses of a year; in the order enrolled.",
  })
  async trainingParticipations(@Args() args: TrainingParticipationsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<TrainingParticipationConnection> {
    const { courseId, memberId, householdId, year, regionCode, ...page } = args;
    const conn = await this.service.listParticipations(principal, { courseId, memberId, householdId, year, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, TrainingParticipation.from);
  }

  @RequirePermission('employment.write')
  @Mutation(() => TrainingParticipationPayload, {
    description: "Enrol a member in a course by real name: the member in your write scope and a member of the household on the course's start; once per course (a second enrolment is a CONFLICT naming input.memberId).",
  })
  async enrolTrainee(@Args('input', { description: INPUT }) input: EnrolTraineeInput, @CurrentPrincipal() principal: Principal): Promise<TrainingParticipationPayload> {
    return { participation: TrainingParticipation.from(await this.service.enrol(principal, input)) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => TrainingParticipationPayload, { description: "Record a trainee's completion, hours attended and certificate; send the version you read." })
  async updateParticipation(@Args('input', { description: INPUT }) input: UpdateParticipationInput, @CurrentPrincipal() principal: Principal): Promise<TrainingParticipationPayload> {
    return { participation: TrainingParticipation.from(await this.service.updateParticipation(principal, input)) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => TrainingParticipationPayload, { description: 'Remove an enrolment made in error, with the reason; send the version you read. The audit trail keeps it.' })
  async removeParticipation(@Args('input', { description: INPUT }) input: RemoveParticipationInput, @CurrentPrincipal() principal: Principal): Promise<TrainingParticipationPayload> {
    return { participation: TrainingParticipation.from(await this.service.removeParticipation(principal, input)) };
  }

  @RequirePermission('employment.read')
  @Query(() => MemberConnection, {
    description:
      '培训后未就业 (trained members not employed after N months): current members of your region (or a subtree) who completed a course that ended at least `months` months before `asOf` (default today in China) and have no employment record with months worked above 0 whose period runs after that course\'s end (ends after it, or goes on) and starts no later than `asOf`. By name; one statement a page.',
  })
  async trainedWithoutEmployment(@Args() args: TrainedWithoutEmploymentArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<MemberConnection> {
    const { months, asOf, regionCode, ...page } = args;
    const conn = await this.service.trainedWithoutEmployment(principal, { months, asOf, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (m) => Member.from(m, this.secrets.cipher));
  }
}
