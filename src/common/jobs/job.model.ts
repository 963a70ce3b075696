import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../pagination/connection';
import { GraphQLDateTimeScalar } from '../scalars/scalars';
import { JobEntity, JobState } from './job.entity';

registerEnumType(JobState, {
  name: 'JobState',
  description: 'QUEUED → ACTIVE → COMPLETED; FAILED waits for a retry (runAfter); DEAD gave up after its attempts',
  valuesMap: {
    QUEUED: { description: 'Waiting to run (a recurring job waits for its next run)' },
    ACTIVE: { description: 'Claimed by a runner and running' },
    COMPLETED: { description: 'Done' },
    FAILED: { description: 'The last attempt failed; retried at runAfter' },
    DEAD: { description: 'Failed its maximum attempts; not retried' },
  },
});

@ObjectType('Job', { description: 'A unit of background work of the job runner (后台任务): an import run, webhook dispatch, a deadline check' })
export class JobModel {
  @Field(() => ID, { description: 'Id of the job' }) id: string;
  @Field({ description: 'The queue, i.e. the kind of work (e.g. imports.drain, webhooks.dispatch)' }) queue: string;
  @Field(() => JobState, { description: 'Where the job is in its life (see JobState)' }) state: JobState;
  @Field(() => String, { nullable: true, description: 'Region the job belongs to; null for the service\'s own recurring work' }) regionCode: string | null;
  @Field(() => Int, { description: 'Attempts so far (a recurring job counts since its last success)' }) attempts: number;
  @Field(() => Int, { description: 'Attempts before the job is DEAD (JOBS_MAX_ATTEMPTS unless its queue sets its own)' }) maxAttempts: number;
  @Field(() => GraphQLDateTimeScalar, { description: 'Not run before this time (retry backoff, next occurrence)' }) runAfter: Date;
  @Field(() => String, { nullable: true, description: 'Message of the last failed attempt' }) lastError: string | null;
  @Field({ description: 'Runs again on a schedule' }) recurring: boolean;
  @Field(() => GraphQLDateTimeScalar, { description: 'When the job was queued' }) createdAt: Date;
  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When its last attempt started; null before the first' }) startedAt: Date | null;
  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When it last completed or died; null while it has neither' }) finishedAt: Date | null;

  static from(j: JobEntity): JobModel {
    return Object.assign(new JobModel(), {
      id: j.id,
      queue: j.queue,
      state: j.state,
      regionCode: j.regionCode,
      attempts: j.attempts,
      maxAttempts: j.maxAttempts,
      runAfter: j.runAfter,
      lastError: j.lastError,
      recurring: !!j.recurrence,
      createdAt: j.createdAt,
      startedAt: j.startedAt,
      finishedAt: j.finishedAt,
    });
  }
}

@ObjectType({ description: connectionDescription('background jobs (后台任务)') })
export class JobConnection extends ConnectionType(JobModel) {}

@ArgsType()
export class JobsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only this queue' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z0-9_.-]+$/, { message: 'queue is lower-case letters, digits, . _ -' })
  queue?: string;

  @Field(() => JobState, { nullable: true, description: 'Only jobs in this state' })
  @IsOptional()
  @IsEnum(JobState)
  state?: JobState;
}
