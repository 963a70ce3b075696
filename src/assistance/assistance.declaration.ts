import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { columns, list, masked, row } from '../common/graphql/compiled-read';
import { todayInChina } from '../common/dates/local-date';
import { phoneField } from '../identity/identity.declaration';
import { REGISTRY_READERS, REGISTRY_WRITERS } from '../households/households.declaration';
import { AssistingUnitEntity, HelperEntity, PairingEntity, VillageAssignmentEntity, VisitEntity } from './assistance.entities';

declare module '../common/access/personal-data' {
  interface PersonalDataSubjects {
    HELPER_PHONE: true;
  }
}

/** A helper's phone (帮扶责任人电话), declared like an account's. */
export const HELPER_PHONE = phoneField({ entity: 'Helper', table: 'helpers', subject: 'HELPER_PHONE', description: 'A helper\'s phone number (帮扶责任人电话)', readPermission: 'assistance.read' });

/** The permissions of the assistance module: what each allows and who holds it. */
export const ASSISTANCE_PERMISSIONS = definePermissions({
  'assistance.read': { description: 'Read assisting units, helpers, pairings, visits and village teams.', roles: REGISTRY_READERS },
  'assistance.write': { description: 'Manage assisting units, helpers, pairings, visits and village teams (帮扶).', roles: REGISTRY_WRITERS },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof ASSISTANCE_PERMISSIONS> {}
}

/**
 * Helpers, pairings (结对帮扶), visits and village assignments: what the assistance module brings
 * to the app (merged in src/app.modules.ts). Read and written by the same roles as the registry.
 */
export const ASSISTANCE: ModuleDeclaration = {
  name: 'assistance',
  entities: [AssistingUnitEntity, HelperEntity, PairingEntity, VisitEntity, VillageAssignmentEntity],
  permissions: ASSISTANCE_PERMISSIONS,
  protectedFields: [HELPER_PHONE],
  settings: {},
  // Compiled reads (src/common/graphql/compiled-read.ts): the values of assistance.models.ts's
  // `from` and of the field resolvers of household-assistance.resolver.ts and pairings.resolver.ts.
  reads: [
    {
      type: 'Helper',
      entity: HelperEntity,
      fields: { ...columns('id', 'name', 'unitId', 'regionCode', 'position', 'version', 'createdAt', 'updatedAt'), phone: masked(HELPER_PHONE) },
    },
    {
      type: 'Pairing',
      entity: PairingEntity,
      fields: {
        ...columns('id', 'helperId', 'householdId', 'regionCode', 'startOn', 'endOn', 'endReason', 'version', 'createdAt'),
        // The helper read with the pairing, wherever it works (findActivePairingsWithHelpers).
        helper: row('Helper', (p, h) => `helpers ${h} WHERE ${h}.id = ${p}.helper_id`),
      },
    },
    {
      type: 'Household',
      extends: true,
      fields: {
        // Pairings active today in the caller's scope, by start and id (activePairingsQuery).
        helpers: list(
          'Pairing',
          (h, p, _args, scope) => {
            const today = scope.param(todayInChina());
            return `pairings ${p} WHERE ${p}.household_id = ${h}.id AND ${p}.start_on <= ${today} AND (${p}.end_on IS NULL OR ${p}.end_on >= ${today}) AND ${scope.regionScope(`${p}.region_code`)}`;
          },
          (p) => `${p}.start_on, ${p}.id`,
        ),
      },
    },
  ],
};
