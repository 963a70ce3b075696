import { maskName, maskPhone } from '../common/crypto/mask';
import type { ProtectedField } from '../common/protection/protected-field';

declare module '../common/access/personal-data' {
  interface PersonalDataSubjects {
    HOTLINE_REPORTER_NAME: true;
    HOTLINE_REPORTER_CONTACT: true;
  }
}

/** Blind-index domain of reporters' contacts: its own, so a hash here never matches another field's. */
export const REPORTER_CONTACT_DOMAIN = 'supervision_hotline_reporter_contact';

/**
 * The reporter's name (举报人姓名) of a named hotline case, declared once: encrypted, answered
 * masked, revealed only to the case handlers (supervision.hotline, with personalData.unmask) with
 * a reason and an audit row.
 */
export const HOTLINE_REPORTER_NAME: ProtectedField = {
  entity: 'SupervisionHotlineCase',
  table: 'supervision_hotline_cases',
  property: 'reporterName',
  encrypted: { property: 'reporterNameEnc', column: 'reporter_name_enc' },
  normalize: (v) => v.normalize('NFKC').trim() || null,
  mask: maskName,
  subject: 'HOTLINE_REPORTER_NAME',
  description: "The reporter's name of a named hotline case (举报人姓名)",
  readPermission: 'supervision.hotline',
};

/**
 * The reporter's contact (联系方式: a phone or an address) of a named hotline case, declared once:
 * encrypted, with a blind index (the handlers find a reporter's other cases), answered masked,
 * revealed only to the case handlers with a reason and an audit row.
 */
export const HOTLINE_REPORTER_CONTACT: ProtectedField = {
  entity: 'SupervisionHotlineCase',
  table: 'supervision_hotline_cases',
  property: 'reporterContact',
  encrypted: { property: 'reporterContactEnc', column: 'reporter_contact_enc' },
  blindIndex: { property: 'reporterContactHash', column: 'reporter_contact_hash', domain: REPORTER_CONTACT_DOMAIN },
  normalize: (v) => v.normalize('NFKC').replace(/\s/g, '') || null,
  mask: maskPhone,
  subject: 'HOTLINE_REPORTER_CONTACT',
  description: "The reporter's contact of a named hotline case (举报人联系方式)",
  readPermission: 'supervision.hotline',
};

export const HOTLINE_PROTECTED_FIELDS = [HOTLINE_REPORTER_NAME, HOTLINE_REPORTER_CONTACT] as const;
