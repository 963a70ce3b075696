import { Global, Module } from '@nestjs/common';
import { JobRunner } from './job-runner';
import { JobsRepository } from './jobs.repository';
import { JobsResolver } from './jobs.resolver';

/** The background-job runner and the jobs query, for every module. */
@Global()
@Module({ providers: [JobsRepository, JobRunner, JobsResolver], exports: [JobRunner] })
export class JobsModule {}
