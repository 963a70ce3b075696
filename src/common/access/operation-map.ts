import { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { PERMISSION_KEY, PUBLIC_KEY } from './access.decorators';

const RESOLVER_TYPE_METADATA = 'graphql:resolver_type';
const RESOLVER_NAME_METADATA = 'graphql:resolver_name';
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];

export interface OperationAccess {
  /** `Query.regions`, `Mutation.renameRegion`, `GET /health/live`. */
  operation: string;
  /** The permission, `public`, or null when the operation declares neither (a defect). */
  access: string | null;
}

/**
 * Every GraphQL root operation and REST route of the running app with the access it declares.
 * The access-map test snapshots this list, so any change in who may call what shows up in
 * review as a security change.
 */
export function collectOperations(app: INestApplication): OperationAccess[] {
  const out: OperationAccess[] = [];
  const modules = app.get(ModulesContainer);
  const seen = new Set<unknown>();
  for (const mod of modules.values()) {
    for (const wrapper of [...mod.providers.values(), ...mod.controllers.values()]) {
      const instance = wrapper.instance as object | undefined;
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
      if (!instance || !type || typeof type !== 'function' || seen.has(type)) continue;
      seen.add(type);
      const proto = Object.getPrototypeOf(instance) as object;
      const controllerPath = Reflect.getMetadata(PATH_METADATA, type) as string | undefined;
      for (const key of Object.getOwnPropertyNames(proto)) {
        if (key === 'constructor') continue;
        const handler = Object.getOwnPropertyDescriptor(proto, key)?.value as unknown;
        if (typeof handler !== 'function') continue;
        const access = accessOf(handler, type);
        const rootType = Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler) as string | undefined;
        if (rootType === 'Query' || rootType === 'Mutation' || rootType === 'Subscription') {
          const name = (Reflect.getMetadata(RESOLVER_NAME_METADATA, handler) as string | undefined) ?? key;
          out.push({ operation: `${rootType}.${name}`, access });
          continue;
        }
        if (controllerPath !== undefined) {
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
          const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
          if (method === undefined || path === undefined) continue;
          const full = ['', controllerPath, path].join('/').replace(/\/+/g, '/').replace(/\/$/, '') || '/';
          out.push({ operation: `${HTTP_METHODS[method] ?? method} ${full}`, access });
        }
      }
    }
  }
  return out.sort((a, b) => a.operation.localeCompare(b.operation));
}

function accessOf(handler: Function, type: Function): string | null {
  const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, type);
  if (isPublic) return 'public';
  return (Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, type) ?? null) as string | null;
}
