import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { RecordDeletionInput, RecordVersionInput } from '../common/kit/record-inputs';
import { ConnectionArgs } from '../common/pagination/connection';
import { GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { MemberConnection } from '../households/member.model';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { ReturnCaseStatus, ReturnCaseStepKind } from './education-rules';
import { HomeTeachingEntity, ReturnCaseEntity, ReturnCaseStepEntity } from './education.entities';
import { EducationMemberRecord, SCHOOL_YEAR } from './education.models';

registerEnumType(ReturnCaseStatus, {
  name: 'ReturnCaseStatus',
  description: 'Where a return-to-school case (劝返复学) stands.',
  valuesMap: { OPEN: { description: 'Open: visits and persuasion go on.' }, RETURNED: { description: '已复学: the member is back at school.' }, CLOSED: { description: 'Closed without a return, with the reason.' } },
});

registerEnumType(ReturnCaseStepKind, {
  name: 'ReturnCaseStepKind',
  description: 'A step of a return-to-school case.',
  valuesMap: {
    VISIT: { description: '上门走访.' },
    PERSUASION: { description: '劝返 (persuasion of the family).' },
    RETURNED: { description: '复学: ends the case as RETURNED.' },
    CLOSED: { description: 'Ends the case without a return; the note gives the reason.' },
  },
});

@ObjectType('HomeTeaching', { description: "送教上门: a school-age member taught at home in a school year, by the school that sends the teachers. Its region is the household's village." })
export class HomeTeaching extends EducationMemberRecord {
  @Field(() => Int, { description: 'The school year, by the calendar year it starts in.' })
  schoolYear: number;

  @Field({ description: 'The school that sends the teachers.' })
  school: string;

  @Field({ description: 'Why the member is taught at home.' })
  reason: string;

  static from(e: HomeTeachingEntity): HomeTeaching {
    return Object.assign(new HomeTeaching(), e);
  }
}

@ObjectType('ReturnCaseStep', { description: 'A step of a return-to-school case.' })
export class ReturnCaseStep {
  @Field(() => ReturnCaseStepKind, { description: 'What was done.' })
  kind: ReturnCaseStepKind;

  @Field(() => GraphQLLocalDateScalar, { description: 'When.' })
  takenOn: string;

  @Field(() => String, { nullable: true, description: 'What was done or said (the reason, for a closing).' })
  note: string | null;

  static from(e: ReturnCaseStepEntity): ReturnCaseStep {
    return Object.assign(new ReturnCaseStep(), e);
  }
}

@ObjectType('ReturnToSchoolCase', { description: "劝返复学: a case for a school-age member out of school, with its deadline (entered by the officer) and steps. Its region is the household's village." })
export class ReturnToSchoolCase extends EducationMemberRecord {
  @Field(() => GraphQLLocalDateScalar, { description: 'Opened on.' })
  openedOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day the member should be back at school by (entered by the officer: no parameter gives it).' })
  deadline: string;

  @Field(() => ReturnCaseStatus, { description: 'Where it stands.' })
  status: ReturnCaseStatus;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it was returned or closed; null while open.' })
  closedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was closed without a return; null otherwise.' })
  closeReason: string | null;

  static from(e: ReturnCaseEntity): ReturnToSchoolCase {
    return Object.assign(new ReturnToSchoolCase(), e);
  }
}

@ObjectType('DropoutWatch', { description: '控辍保学: the school-age members of registered households neither enrolled, taught at home, nor in an open return-to-school case.' })
export class DropoutWatch {
  @Field(() => Int, { description: 'The school year (starting in this calendar year).' })
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day ages are reckoned on (31 August).' })
  ageCountedOn: string;

  @Field(() => Boolean, { description: 'Whether the watch ages are configured; false: "not configured", no list.' })
  configured: boolean;

  @Field(() => Int, { nullable: true, description: 'The youngest age watched (education.dropout_watch.age_from); null when not configured.' })
  ageFrom: number | null;

  @Field(() => Int, { nullable: true, description: 'The oldest age watched (education.dropout_watch.age_to); null when not configured.' })
  ageTo: number | null;

  @Field(() => [ParameterValue], { description: 'The parameters read, with their status (UNVERIFIED: RULES.md §4 notes the ages 6–15 as unverified).' })
  parametersUsed: ParameterValue[];

  @Field(() => MemberConnection, { description: 'The members watched, by name (protected values masked).' })
  members: MemberConnection;
}

@ArgsType()
export class DropoutWatchArgs extends ConnectionArgs {
  @Field(() => Int, { description: 'The school year, by the calendar year it starts in.' })
  @IsInt()
  @Min(SCHOOL_YEAR.min)
  @Max(SCHOOL_YEAR.max)
  year: number;

  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class ReturnCaseArgs {
  @Field(() => ID, { description: 'Id (UUID) of the case.' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'A home-teaching arrangement (送教上门) of a member in a school year.' })
export class RecordHomeTeachingInput {
  @Field(() => ID, { description: 'The member: current, in your write scope.' })
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: 'The school year, by the calendar year it starts in (one arrangement a year: HOME_TEACHING_EXISTS).' })
  @IsInt()
  @Min(SCHOOL_YEAR.min)
  @Max(SCHOOL_YEAR.max)
  schoolYear: number;

  @Field({ description: 'The school that sends the teachers.' })
  @IsString()
  @MaxLength(200)
  school: string;

  @Field({ description: 'Why the member is taught at home (severe disability…).' })
  @IsString()
  @Matches(/[\p{L}\p{N}]/u, { message: 'must say why' })
  @MaxLength(500)
  reason: string;
}

@InputType({ description: 'Deletes a home-teaching arrangement entered in error, with the reason.' })
export class DeleteHomeTeachingInput extends RecordDeletionInput {}

@InputType({ description: 'Opens a return-to-school case (劝返复学) for a member.' })
export class OpenReturnCaseInput {
  @Field(() => ID, { description: 'The member: current, in your write scope, without an open case (RETURN_CASE_ALREADY_OPEN).' })
  @IsUUID()
  memberId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Opened on.' })
  @IsString()
  openedOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day the member should be back at school by (not before the opening).' })
  @IsString()
  deadline: string;

  @Field(() => String, { nullable: true, description: 'What the first visit found (recorded as a VISIT step on the opening day).' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

@InputType({ description: 'Adds a step to an open case; send the version you read.' })
export class AddReturnCaseStepInput extends RecordVersionInput {
  @Field(() => ReturnCaseStepKind, { description: 'What was done (RETURNED and CLOSED end the case).' })
  @IsEnum(ReturnCaseStepKind)
  kind: ReturnCaseStepKind;

  @Field(() => GraphQLLocalDateScalar, { description: 'When (not before the opening).' })
  @IsString()
  takenOn: string;

  @Field(() => String, { nullable: true, description: 'What was done or said; the reason for CLOSED (RETURN_CASE_REASON_REQUIRED without it).' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

@ObjectType({ description: 'The result of a home-teaching mutation (for a deletion: as it was).' })
export class HomeTeachingPayload {
  @Field(() => HomeTeaching, { description: 'The arrangement.' })
  homeTeaching: HomeTeaching;
}

@ObjectType({ description: 'The result of a return-to-school case mutation.' })
export class ReturnCasePayload {
  @Field(() => ReturnToSchoolCase, { description: 'The case as stored.' })
  returnCase: ReturnToSchoolCase;
}
