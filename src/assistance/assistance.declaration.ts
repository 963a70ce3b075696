import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
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
};
