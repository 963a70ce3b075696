import type { ModuleDeclaration } from '../common/kit/module-declaration';
import { PersonalDataSubject } from '../common/access/personal-data';
import { REGISTRY_READERS, REGISTRY_WRITERS } from '../households/households.declaration';
import { AssistingUnitEntity, HelperEntity, PairingEntity, VillageAssignmentEntity, VisitEntity } from './assistance.entities';

/**
 * Helpers, pairings (结对帮扶), visits and village assignments: what the assistance module brings
 * to the app (merged in src/app.modules.ts). Read and written by the same roles as the registry.
 */
export const ASSISTANCE: ModuleDeclaration = {
  name: 'assistance',
  entities: [AssistingUnitEntity, HelperEntity, PairingEntity, VisitEntity, VillageAssignmentEntity],
  permissions: {
    'assistance.read': { roles: REGISTRY_READERS },
    'assistance.write': { roles: REGISTRY_WRITERS },
  },
  personalDataSubjects: {
    [PersonalDataSubject.HELPER_PHONE]: 'assistance.read',
  },
  settings: {},
};
