import { Role } from '../common/access/permissions';
import { maskPhone } from '../common/crypto/mask';
import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import type { ProtectedField } from '../common/protection/protected-field';
import { NoticeEntity } from './notice.entity';
import { NoticeVersionEntity } from './notice-version.entity';
import { ObjectionEntity } from './objection.entity';

declare module '../common/access/personal-data' {
  interface PersonalDataSubjects {
    DISCLOSURE_OBJECTOR_CONTACT: true;
  }
}

/**
 * An objector's contact (异议人联系方式), declared once: stored encrypted, answered masked, never
 * published, revealed with a reason and an audit row. Usually a phone number, so masked as one.
 */
export const DISCLOSURE_OBJECTOR_CONTACT: ProtectedField = {
  entity: 'DisclosureObjection',
  table: 'disclosure_objections',
  property: 'contact',
  encrypted: { property: 'contactEnc', column: 'contact_enc' },
  normalize: (v) => v.trim().replace(/\s+/g, ' ') || null,
  mask: maskPhone,
  subject: 'DISCLOSURE_OBJECTOR_CONTACT',
  description: "An objector's contact (异议人联系方式) given with an objection to a public notice",
  readPermission: 'disclosure.read',
};

/** Officers who publish at their level (谁分配、谁使用、谁公开): district, town, village and the sector departments. */
const PUBLISHERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];

export const DISCLOSURE_PERMISSIONS = definePermissions({
  'disclosure.read': {
    description: 'Read public notices (公告公示) with their drafts, objections (异议) and deadline checks.',
    roles: [...PUBLISHERS, Role.SUPERVISOR],
  },
  'disclosure.write': {
    description: 'Draft, publish, correct and withdraw public notices; record and handle objections.',
    roles: PUBLISHERS,
  },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof DISCLOSURE_PERMISSIONS> {}
}

/** Public disclosure (公告公示, issue #14): notices, immutable versions with their hashes, objections. */
export const DISCLOSURE: ModuleDeclaration = {
  name: 'disclosure',
  entities: [NoticeEntity, NoticeVersionEntity, ObjectionEntity],
  permissions: DISCLOSURE_PERMISSIONS,
  protectedFields: [DISCLOSURE_OBJECTOR_CONTACT],
  settings: {
    PUBLIC_OBJECTIONS_PER_ADDRESS_PER_HOUR: 'objections one client address may file through the public surface per hour (floods: RATE_LIMITED / OBJECTION_FLOOD)',
  },
  feedRoots: {
    DisclosureNotice: '公告公示: a public notice, its versions and objections. Read it with `disclosureNotice(id)` or `GET /public/notices/{id}`.',
  },
};
