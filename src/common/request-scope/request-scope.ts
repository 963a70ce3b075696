import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../access/principal';

/**
 * What the current request is, wherever the code runs (services, the audit trail): its id,
 * the client's address and, once authenticated, the principal. Set by a middleware for every
 * HTTP request; jobs and CLI commands run their work inside `runWithScope`.
 */
export interface RequestScope {
  /** The HTTP request's id (or a job's, an import's); none for the service's own background work. */
  requestId?: string;
  /**
   * Set for work the service does on its own (the job runner's polls and the jobs it starts, the
   * audit checkpointer, the import part sweeper): never a request's, even when a request woke it,
   * so it neither acts as that request's principal nor counts among its statements.
   */
  background?: string;
  clientIp?: string;
  principal?: Principal;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runWithScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Runs `fn` as the service's own background work named `task` (no request, no principal). */
export function runInBackground<T>(task: string, fn: () => T): T {
  return storage.run({ background: task }, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export function currentPrincipal(): Principal | undefined {
  return storage.getStore()?.principal;
}
