import { Role, Sector } from '../common/access/permissions';
import { maskDisabilityCertificate } from '../common/crypto/mask';
import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import type { ProtectedField } from '../common/protection/protected-field';
import { ParameterType } from '../parameters/parameter-types';
import { ID_NUMBER } from '../households/protected-fields';
import { AMOUNT_KEYS, NURSING_EXTENSION_KEY } from './disability-rules';
import { DisabilityCertificateEntity, DisabilitySubsidyPaymentEntity } from './disability.entities';
import { DIBAO_SUBSIDY_MIN_KEY } from './social-assistance-rules';
import { TEKUN_NO_INCOME_MAX_KEY } from './tekun-rules';
import { SocialAssistanceCaseEntity, SocialAssistanceRosterEntryEntity } from './social-assistance.entities';
import { AssistanceMatchEntity, AssistanceNeedEntity, AssistanceProviderEntity } from './demand-matching.entities';
import { CHILD_REHAB_AID_MAX_AGE_KEY } from './services-rules';
import { DisabilityServiceEntity, DisabilityServiceNeedEntity } from './services.entities';

declare module '../common/access/personal-data' {
  interface PersonalDataSubjects {
    DISABILITY_CERTIFICATE_NUMBER: true;
    SOCIAL_ASSISTANCE_ID_NUMBER: true;
  }
}

/**
 * The department responsible for the disability records (残联, the disabled persons' federation):
 * every record carries it as its sector, and only its officers write them (the kit's sector write
 * scope); civil affairs (民政), the other departments and the officers of every level read.
 */
export const DISABILITY_SECTOR = Sector.DISABLED_FEDERATION;

/** Blind-index domain of certificate numbers: its own, so a hash here never matches another field's. */
export const CERTIFICATE_NUMBER_DOMAIN = 'disability_certificate_number';

/** A certificate number as stored: NFKC, without blanks, upper-case (the ID part's check character X); null when empty. */
export function normalizeCertificateNumber(value: string): string | null {
  return value.normalize('NFKC').replace(/\s/g, '').toUpperCase() || null;
}

/** The certificate number (残疾人证号), declared once: encrypted, blind index, masked, revealed with a reason and an audit row. */
export const DISABILITY_CERTIFICATE_NUMBER: ProtectedField = {
  entity: 'DisabilityCertificate',
  table: 'disability_certificates',
  property: 'certificateNumber',
  encrypted: { property: 'certificateNumberEnc', column: 'certificate_number_enc' },
  blindIndex: { property: 'certificateNumberHash', column: 'certificate_number_hash', domain: CERTIFICATE_NUMBER_DOMAIN },
  normalize: normalizeCertificateNumber,
  mask: maskDisabilityCertificate,
  subject: 'DISABILITY_CERTIFICATE_NUMBER',
  description: "A disability certificate's number (残疾人证号, the holder's ID number with the category and grade digits)",
  readPermission: 'disability.read',
};

/** The department that keeps the social-assistance rosters (民政, civil affairs): their sector, and the only writer. */
export const SOCIAL_ASSISTANCE_SECTOR = Sector.CIVIL_AFFAIRS;

/**
 * The ID number of a person on a civil-affairs roster: the registry's declaration of ID numbers
 * (ID_NUMBER: normalised, masked and blind-indexed in the same domain, so a roster entry and a
 * registry member of one person share the hash) on the roster's own table, revealed as its own
 * subject with disability.read.
 */
export const SOCIAL_ASSISTANCE_ID_NUMBER: ProtectedField = {
  ...ID_NUMBER,
  entity: 'SocialAssistanceRosterEntry',
  table: 'social_assistance_roster_entries',
  encrypted: { property: 'idNumberEnc', column: 'id_number_enc' },
  blindIndex: { property: 'idNumberHash', column: 'id_number_hash', domain: ID_NUMBER.blindIndex!.domain },
  subject: 'SOCIAL_ASSISTANCE_ID_NUMBER',
  description: "The ID number (身份证号) of a person on a civil-affairs social-assistance roster (低保, 特困, 临时救助)",
  readPermission: 'disability.read',
};

/** The permissions of the disability module (残疾人): what each allows and who holds it. */
export const DISABILITY_PERMISSIONS = definePermissions({
  'disability.read': {
    description:
      "Read disability certificates (残疾人证), the two subsidies' monthly payments (困难残疾人生活补贴, 重度残疾人护理补贴) and the coverage lists (disabled members without a certificate, eligible without subsidy, paid without eligibility), service needs and delivered services (残疾人服务) with the unmet needs and the yearly totals.",
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.INTEGRATION],
  },
  'disability.write': {
    description: "Record, correct, revoke and delete disability certificates, the subsidies' monthly payments, service needs and delivered services (康复, 辅助器具, 无障碍改造, 托养/照料): the disabled persons' federation (残联) only (a sector officer of DISABLED_FEDERATION).",
    roles: [Role.SECTOR_OFFICER],
  },
  'disability.assistance': {
    description: "Import the civil-affairs social-assistance rosters (低保, 特困, 临时救助 名册, import kind social-assistance), run the 低保 reconciliation with the registry and resolve its cases, record the social-assistance network's needs, providers and matches (§21): civil affairs (民政) only (a sector officer of CIVIL_AFFAIRS).",
    roles: [Role.SECTOR_OFFICER],
  },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof DISABILITY_PERMISSIONS> {}
}

/** Disability (残疾人, issue #18 part 1): certificates, the two subsidies and their monthly payments. */
export const DISABILITY: ModuleDeclaration = {
  name: 'disability',
  entities: [
    DisabilityCertificateEntity,
    DisabilitySubsidyPaymentEntity,
    SocialAssistanceRosterEntryEntity,
    SocialAssistanceCaseEntity,
    AssistanceNeedEntity,
    AssistanceProviderEntity,
    AssistanceMatchEntity,
    DisabilityServiceNeedEntity,
    DisabilityServiceEntity,
  ],
  permissions: DISABILITY_PERMISSIONS,
  protectedFields: [DISABILITY_CERTIFICATE_NUMBER, SOCIAL_ASSISTANCE_ID_NUMBER],
  settings: {},
  parameters: [
    {
      key: NURSING_EXTENSION_KEY,
      type: ParameterType.BOOLEAN,
      unit: 'bool',
      scopeCode: '410000000000',
      effectiveFrom: '2018-01-01',
      description:
        "The nursing subsidy's extension (国发〔2015〕52号 option): certified grades 3–4 智力/精神 are eligible too (without the long-term care condition). RULES.md §6 notes it beside disability.nursing_subsidy_eligible as \"3–4 智力/精神 (52号 option): off, unverified\".",
      seeded: { value: false, status: 'UNVERIFIED', stated: 'off (RULES.md §6 note: 3–4 智力/精神 (52号 option): off, unverified)' },
    },
    {
      key: AMOUNT_KEYS.nursingExtension,
      type: ParameterType.AMOUNT,
      unit: '元/人/月',
      scopeCode: '410000000000',
      effectiveFrom: '2018-01-01',
      description:
        'The monthly nursing subsidy of a grade 3–4 智力/精神 certificate holder under the extension (disability.nursing_extension_grades_3_4). RULES.md §6 gives amounts for grades 1 and 2 only: NOT_CONFIGURED until the district enters it; a payment that needs it answers PARAMETER_NOT_CONFIGURED.',
    },
    {
      key: DIBAO_SUBSIDY_MIN_KEY,
      type: ParameterType.AMOUNT,
      unit: '元/人/月',
      scopeCode: '410000000000',
      effectiveFrom: '2018-01-01',
      description:
        "The floor of a rural 低保 person's monthly subsidy (低保 补差 minimum): a 低保 row of a civil-affairs roster below it is refused (AMOUNT_BELOW_MINIMUM). RULES.md §7 states it in the note of assistance.dibao_rural_min (Henan 2018 低保 joint notice): \"`dibao_subsidy_min` ≥154 rural, ≥262 urban 元/人/月\"; seeded UNVERIFIED, since the stored source cannot cite the notice.",
      seeded: { value: '154.00', status: 'UNVERIFIED', stated: '≥154 (RULES.md §7 note of assistance.dibao_rural_min: `dibao_subsidy_min` ≥154 rural 元/人/月)' },
    },
    {
      key: TEKUN_NO_INCOME_MAX_KEY,
      type: ParameterType.AMOUNT,
      unit: '元/人/年',
      scopeCode: '410000000000',
      effectiveFrom: '2018-01-01',
      description:
        "特困 eligibility's \"no income\" (无生活来源) as a figure: the household's net income per head of the year (the registry's formula, without its 低保 and 特困 transfers) at or below which a member counts as without income. RULES.md §7 names the criterion in the note of assistance.tekun_no_labour (\"+ no income, no able supporter\") and gives no figure: NOT_CONFIGURED until the district enters it; tekunEligibility answers the criterion NOT_CONFIGURED until then.",
    },
    {
      key: CHILD_REHAB_AID_MAX_AGE_KEY,
      type: ParameterType.INTEGER,
      unit: 'years',
      effectiveFrom: '2018-10-01',
      description:
        "The children's rehabilitation aid's age bound (残疾儿童康复救助): the highest age in full years, on the day of the service, at which a rehabilitation service counts as aided. RULES.md §6 lists disability.child_rehab_aid (true from 2018-10-01) without an age: NOT_CONFIGURED until entered; a rehabilitation service recorded meanwhile is flagged NOT_CONFIGURED, never guessed.",
    },
  ],
  feedRoots: {
    DisabilityCertificate: "残疾人证: a member's disability certificate (part `certificate`; a deletion is published too); region = the household's village. Read it with `disabilityCertificate(id:)`.",
    DisabilitySubsidyPayment: "两项补贴发放: a monthly payment of the living or nursing subsidy to a member (part `payment`; a deletion is published too); region = the household's village. Read it with `disabilitySubsidyPayment(id:)`.",
    DisabilityServiceNeed: "残疾人服务需求: a disabled member's service need (rehabilitation, assistive device, home adaptation, care; part `need`); region = the household's village. Read it with `disabilityServiceNeed(id:)`.",
    DisabilityService: "残疾人服务: a service delivered to a disabled member (part `service`; a deletion is published too); region = the household's village. Read it with `disabilityService(id:)`.",
  },
};
