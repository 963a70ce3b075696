import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions';

export const PERMISSION_KEY = 'access:permission';
export const PUBLIC_KEY = 'access:public';

/**
 * Default-deny: every query, mutation and route declares either the permission it needs or
 * that it is public. The global AccessGuard refuses an operation that declares neither, and a
 * snapshot test lists the whole operation → permission map.
 */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Explicitly open to anyone, signed in or not (e.g. the public region tree, health checks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
