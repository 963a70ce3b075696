import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { REGION_CODE } from '../regions/regions.args';
import { DeleteEmploymentRecordInput, YEAR } from './employment.models';
import { RecordVersionInput } from '../common/kit/record-inputs';
import { TrainingCourseEntity, TrainingParticipationEntity } from './training.entity';

@ObjectType('TrainingCourse', {
  description: "培训班 (实名制培训): a training course: type from employment.training, provider, dates, hours; its region is the organiser's (a village, a town or the district), kept by the human resources department.",
})
export class TrainingCourse {
  @Field(() => ID, { description: 'Unique id of the course (a UUID).' })
  id: string;

  @Field({ description: 'Name of the course.' })
  name: string;

  @Field({ description: "培训机构: the provider's name (the entity's name when one is named)." })
  provider: string;

  @Field(() => ID, { nullable: true, description: 'The provider when it is an implementing entity (经营主体).' })
  providerEntityId: string | null;

  @Field({ description: 'The type: a code of employment.training (精准脱贫技能培训班, 技术技能培训, 村两委干部轮训…).' })
  type: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day.' })
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Last day.' })
  endsOn: string;

  @Field(() => GraphQLDecimal, { description: '学时: hours of the course (a Decimal string, 1 decimal).' })
  hours: string;

  @Field({ description: "The organiser's region (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (HUMAN_RESOURCES).' })
  sector: Sector;

  @Field(() => Int, { description: 'Send it back with updateTrainingCourse; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the course was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: TrainingCourseEntity): TrainingCourse {
    return Object.assign(new TrainingCourse(), e);
  }
}

@ObjectType({ description: connectionDescription('training courses (培训班)') })
export class TrainingCourseConnection extends ConnectionType(TrainingCourse) {}

@ObjectType({ description: 'The result of a training course mutation.' })
export class TrainingCoursePayload {
  @Field(() => TrainingCourse, { description: 'The course as stored.' })
  course: TrainingCourse;
}

@ObjectType('TrainingParticipation', { description: "参训学员: a member enrolled in a course by real name; its region is the member's household village." })
export class TrainingParticipation {
  @Field(() => ID, { description: 'Unique id of the enrolment (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The course.' })
  courseId: string;

  @Field(() => ID, { description: 'The member (家庭成员).' })
  memberId: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field({ description: 'Completed the course (结业).' })
  completed: boolean;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Hours attended; null when not recorded.' })
  hoursAttended: string | null;

  @Field(() => String, { nullable: true, description: 'The certificate (证书) obtained, as named on it.' })
  certificateName: string | null;

  @Field(() => String, { nullable: true, description: "The certificate's number." })
  certificateNumber: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day the certificate (or the test) was passed.' })
  passedOn: string | null;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Int, { description: 'Send it back with updateParticipation or removeParticipation; a stale version is a CONFLICT.' })
  version: number;

  static from(e: TrainingParticipationEntity): TrainingParticipation {
    return Object.assign(new TrainingParticipation(), e);
  }
}

@ObjectType({ description: connectionDescription('trainees (参训学员)') })
export class TrainingParticipationConnection extends ConnectionType(TrainingParticipation) {}

@ObjectType({ description: 'The result of a trainee mutation (for a removal: the enrolment as it was).' })
export class TrainingParticipationPayload {
  @Field(() => TrainingParticipation, { description: 'The enrolment.' })
  participation: TrainingParticipation;
}

const REGION_FILTER = { nullable: true, description: "Only this region's subtree (12-digit division code)." };
const YEAR_FILTER = { nullable: true, description: 'Only courses starting in this year.' };

@ArgsType()
export class TrainingCoursesArgs extends ConnectionArgs {
  @Field(() => String, REGION_FILTER)
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => Int, YEAR_FILTER)
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: 'Only courses of this type (a code of employment.training).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;
}

@ArgsType()
export class TrainingParticipationsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only this course's trainees." })
  @IsOptional()
  @IsUUID()
  courseId?: string;

  @Field(() => ID, { nullable: true, description: "Only this member's enrolments." })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @Field(() => ID, { nullable: true, description: "Only this household's members' enrolments." })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => Int, YEAR_FILTER)
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: "Only trainees of households in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class TrainedWithoutEmploymentArgs extends ConnectionArgs {
  @Field(() => Int, { description: 'N: months since the end of the course (1–36; RULES.md has no value: you choose it).' })
  @IsInt()
  @Min(1)
  @Max(36)
  months: number;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day asked about; default today (China).' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @Field(() => String, REGION_FILTER)
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@InputType({ description: 'A training course (培训班).' })
export class CreateTrainingCourseInput {
  @Field({ description: 'Name of the course.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true, description: "培训机构: the provider's name (default: the entity's name); required without providerEntityId." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  provider?: string | null;

  @Field(() => ID, { nullable: true, description: 'The provider, when it is an implementing entity you can read.' })
  @IsOptional()
  @IsUUID()
  providerEntityId?: string | null;

  @Field({ description: 'The type: a code of employment.training in force on the course\'s start in your region.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  type: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day.' })
  @IsString()
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Last day (not before the first).' })
  @IsString()
  endsOn: string;

  @Field(() => GraphQLDecimal, { description: '学时: hours, above 0, at most 1 decimal.' })
  @IsString()
  hours: string;

  @Field({ description: "The organiser's region: a village, a town or the district in your write scope." })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;
}

@InputType({ description: 'Corrections to a course; send the version you read. Omitted fields are unchanged; the whole is checked again.' })
export class UpdateTrainingCourseInput extends RecordVersionInput {
  @Field(() => String, { nullable: true, description: 'Corrected name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @Field(() => String, { nullable: true, description: 'Corrected provider name.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  provider?: string | null;

  @Field(() => ID, { nullable: true, description: 'Corrected provider entity.' })
  @IsOptional()
  @IsUUID()
  providerEntityId?: string | null;

  @Field(() => String, { nullable: true, description: 'Corrected type.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected first day.' })
  @IsOptional()
  @IsString()
  startsOn?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected last day.' })
  @IsOptional()
  @IsString()
  endsOn?: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Corrected hours.' })
  @IsOptional()
  @IsString()
  hours?: string;

  @Field(() => String, { nullable: true, description: "Corrected organiser's region." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

/** What is recorded of a trainee (enrolment and corrections). */
@InputType({ isAbstract: true })
abstract class ParticipationFields {
  @Field(() => Boolean, { nullable: true, description: 'Completed the course (结业); default false.' })
  @IsOptional()
  @IsBoolean()
  completed?: boolean;

  @Field(() => GraphQLDecimal, { nullable: true, description: "Hours attended: 0 to the course's hours, at most 1 decimal." })
  @IsOptional()
  @IsString()
  hoursAttended?: string | null;

  @Field(() => String, { nullable: true, description: 'The certificate (证书) obtained, as named on it.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  certificateName?: string | null;

  @Field(() => String, { nullable: true, description: "The certificate's number." })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  certificateNumber?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: "The day it was passed (not before the course's start)." })
  @IsOptional()
  @IsString()
  passedOn?: string | null;
}

@InputType({ description: 'Enrols a member in a course by real name (once per course).' })
export class EnrolTraineeInput extends ParticipationFields {
  @Field(() => ID, { description: 'The course (one you can read).' })
  @IsUUID()
  courseId: string;

  @Field(() => ID, { description: "The member (in your write scope), a member of the household on the course's start." })
  @IsUUID()
  memberId: string;
}

@InputType({ description: "Corrections to a trainee's record; send the version you read. Omitted fields are unchanged." })
export class UpdateParticipationInput extends ParticipationFields {
  @Field(() => ID, { description: 'Id (UUID) of the enrolment.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;
}

@InputType({ description: 'Removes an enrolment made in error, with the reason (the audit trail keeps it); send the version you read.' })
export class RemoveParticipationInput extends DeleteEmploymentRecordInput {}
