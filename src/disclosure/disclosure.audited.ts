import { defineAudited } from '../audit/audit-descriptor';
import { maskName } from '../common/crypto/mask';
import { auditMaskOf } from '../common/protection/protected-field';
import { DISCLOSURE_OBJECTOR_CONTACT } from './disclosure.declaration';
import { NoticeEntity } from './notice.entity';
import { NoticeVersionEntity } from './notice-version.entity';
import { ObjectionEntity } from './objection.entity';

/** A notice as audited: its state, period and channels (the content is in its versions' rows). */
export const NOTICE_AUDIT = defineAudited({
  entityType: 'DisclosureNotice',
  id: (x: NoticeEntity) => x.id,
  region: (x) => x.regionCode,
});

/**
 * A version as audited: the content as entered, and once published the hash (the payload itself
 * is the content allow-listed and masked: left out, the hash names it). Its region is the notice's, given per row.
 */
export const NOTICE_VERSION_AUDIT = defineAudited({
  entityType: 'DisclosureNoticeVersion',
  id: (x: NoticeVersionEntity) => x.id,
  omit: ['payload', 'renderedText'],
});

/** An objection as audited: the objector's name and contact masked, the address hash left out. */
export type AuditedObjection = ObjectionEntity & { contact?: string | null };
export const OBJECTION_AUDIT = defineAudited({
  entityType: DISCLOSURE_OBJECTOR_CONTACT.entity,
  id: (x: AuditedObjection) => x.id,
  region: (x) => x.regionCode,
  mask: { ...auditMaskOf([DISCLOSURE_OBJECTOR_CONTACT], DISCLOSURE_OBJECTOR_CONTACT.entity), objectorName: maskName },
  omit: ['addressHash'],
});
