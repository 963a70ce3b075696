import { registerEnumType } from '@nestjs/graphql';

/**
 * The aggregate roots whose changes go to the change feed (a table is attached to a root with
 * `attachChangeFeed`, src/database/change-feed.ts). Each module declares its roots in its
 * declaration (`feedRoots`: name → description, saying how a consumer reads the root by id); the
 * app floor fills the GraphQL `ChangeRootType` enum from the merge (`defineChangeRootTypes`),
 * so a new module's entries are answered, filtered and delivered by webhooks without a change to
 * the exchange module.
 */
export type ChangeRootType = string;

/** The GraphQL enum (name = value, e.g. `Household`), filled by `defineChangeRootTypes`. */
export const ChangeRootTypeEnum: Record<string, ChangeRootType> = {};
const valuesMap: Record<string, { description: string }> = {};
registerEnumType(ChangeRootTypeEnum, {
  name: 'ChangeRootType',
  description: 'Kind of aggregate root a change-feed entry is about.',
  valuesMap,
});

/** Adds the declared roots (by the app floor at load; again, adding, by an app with plugged modules). */
export function defineChangeRootTypes(roots: readonly { name: string; description: string }[]): void {
  for (const r of roots) {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(r.name)) throw new Error(`change-feed root type ${r.name} is not PascalCase`);
    ChangeRootTypeEnum[r.name] = r.name;
    valuesMap[r.name] = { description: r.description };
  }
}

/** Whether a root type is declared (the feed's filters refuse others). */
export function isChangeRootType(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(ChangeRootTypeEnum, name);
}
