import type { ModuleDeclaration } from '../common/kit/module-declaration';
import { PersonalDataSubject } from '../common/access/personal-data';
import { maskPhone } from '../common/crypto/mask';
import type { ProtectedField } from '../common/protection/protected-field';
import { PHONE_DOMAIN } from '../identity/identity.declaration';
import { REGISTRY_READERS, REGISTRY_WRITERS } from '../households/households.declaration';
import { AssistingUnitEntity, HelperEntity, PairingEntity, VillageAssignmentEntity, VisitEntity } from './assistance.entities';

/** A helper's phone (帮扶责任人电话): stored as given, looked up by its blind index. */
export const HELPER_PHONE: ProtectedField = {
  entity: 'Helper',
  table: 'helpers',
  property: 'phone',
  encrypted: { property: 'phoneEnc', column: 'phone_enc' },
  blindIndex: { property: 'phoneHash', column: 'phone_hash', domain: PHONE_DOMAIN },
  normalize: (v) => v || null,
  mask: maskPhone,
  subject: PersonalDataSubject.HELPER_PHONE,
  readPermission: 'assistance.read',
};

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
  protectedFields: [HELPER_PHONE],
  settings: {},
};
