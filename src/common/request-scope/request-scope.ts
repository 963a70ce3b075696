import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../access/principal';

/**
 * What the current request is, wherever the code runs (services, the audit trail): its id,
 * the client's address and, once authenticated, the principal. Set by a middleware for every
 * HTTP request; jobs and CLI commands run their work inside `runWithScope`.
 */
export interface RequestScope {
  requestId: string;
  clientIp?: string;
  principal?: Principal;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runWithScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export function currentPrincipal(): Principal | undefined {
  return storage.getStore()?.principal;
}
