import type { Permission, Role, Sector } from '../common/access/permissions';
import type { Principal } from '../common/access/principal';
import { runWithScope } from '../common/request-scope/request-scope';

/** The demo's writer as the audit trail names it. */
export const DEMO_ACTOR_NAME = '示例数据 (demo data)';
const DEMO_ID = '00000000-0000-0000-0000-000000000000';
/** The demo district (上街区). */
export const DEMO_DISTRICT = '410106000000';

/**
 * The demo as a caller of a module's services: a system writer of the whole district holding the
 * permissions given. Without roles it is confined to no sector (the kit's region scope); a step
 * that is one office's (e.g. funds: the poverty office reviews, finance approves) is taken with
 * that office's role and sector, as the officer's own request would be; a step that must not be
 * the same person's as the one before (e.g. an acceptance of one's own request) with another `id`.
 */
export function demoPrincipal(permissions: readonly Permission[], office: { roles?: readonly Role[]; sector?: Sector | null; id?: string } = {}): Principal {
  return {
    kind: 'user',
    id: office.id ?? DEMO_ID,
    personId: office.id ?? DEMO_ID,
    name: DEMO_ACTOR_NAME,
    roles: office.roles ?? [],
    permissions: new Set(permissions),
    regionCode: DEMO_DISTRICT,
    scopePrefix: '410106',
    sector: office.sector ?? null,
  };
}

/** Runs a loader's writes as the demo (the audit trail's actor), outside any request. */
export function asDemo<T>(principal: Principal, fn: () => Promise<T>): Promise<T> {
  return runWithScope({ requestId: 'demo-seed', principal }, fn);
}
