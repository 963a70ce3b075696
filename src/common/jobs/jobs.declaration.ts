import { definePermissions, ModuleDeclaration, NamesOf } from '../kit/module-declaration';
import { Role } from '../access/permissions';
import { JobEntity } from './job.entity';

/** The permissions of the jobs module: what each allows and who holds it. */
export const JOBS_PERMISSIONS = definePermissions({
  'jobs.read': { description: 'Read the background jobs (imports, webhook deliveries, scheduled checks) and their state.', roles: [Role.DISTRICT_ADMIN, Role.DISTRICT_OFFICER] },
});
declare module '../access/permissions' {
  interface PermissionNames extends NamesOf<typeof JOBS_PERMISSIONS> {}
}

/** The job runner (background jobs on PostgreSQL): what it brings to the app (merged in src/app.modules.ts). */
export const JOBS: ModuleDeclaration = {
  name: 'jobs',
  entities: [JobEntity],
  permissions: JOBS_PERMISSIONS,
  protectedFields: [],
  settings: {
    JOBS_POLL_INTERVAL_MS: 'how often the job runner looks for due jobs when nothing wakes it earlier',
    JOBS_LEASE_MS: 'a claimed job\'s lease, renewed by its heartbeat; a job whose lease expired (its process died) is taken over',
    JOBS_MAX_ATTEMPTS: 'attempts of a job before it is dead (a queue may set its own)',
    JOBS_BACKOFF_BASE_MS: 'retry delay after a job\'s first failure (doubles with each failure)',
    JOBS_BACKOFF_MAX_MS: 'longest retry delay',
    JOBS_CONCURRENCY: 'job handlers running at once in this process',
    JOBS_SHUTDOWN_GRACE_MS: 'at shutdown, how long to wait for running job handlers',
  },
};
