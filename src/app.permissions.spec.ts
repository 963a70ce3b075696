import { PersonalDataSubject, PersonalDataSubjectEnum } from './common/access/personal-data';
import { Permission, Role } from './common/access/permissions';
import { PermissionEnum } from './common/access/permission-enum';
import { SETTING_NAMES } from './config/app-config';
import { APP_DECLARATIONS, MODULE_DECLARATIONS } from './app.modules';
import { ACCESS_POLICY, INTEGRATION_SCOPES, needsSecondParty, permissionsOf, ROLE_PERMISSIONS, SECOND_PARTY_PERMISSIONS } from './app.permissions';

/**
 * The table as it stood in common/access/permissions.ts before the modules declared their
 * permissions: merging the declarations must give exactly this (same roles, same permissions).
 * Changing who may do what changes this table on purpose, with the declaration (since: jobs.read,
 * for the job runner's jobs query; parameters.read for every role and parameters.manage for the
 * district administrator, issue #13; disclosure.read and disclosure.write for the officers who
 * publish, disclosure.read for the supervisor, issue #14; projects.read for the registry's readers and
 * projects.write for the officers and sector departments, issue #15; the project library's
 * bottom-up steps projects.apply (village), projects.review (town) and projects.approve (district),
 * each needing a second administrator's approval as the registry's propose/review/approve;
 * households.import for whoever imported registry files before, and exchange.import for sector
 * departments too, whose rosters (benefit linkages) are imported under their module's permission;
 * households.export likewise, and exchange.export for sector departments, who export their kinds;
 * employment.read for the registry's readers and employment.write for the officers and sector
 * departments, issue #16; education.read and education.write, health.read and health.write likewise, issue #17; funds.read for the officers, sector departments,
 * supervisor and auditor, funds.documents for sector departments (the service confines it to
 * finance), funds.allocate for the district officer and sector departments (finance), funds.arrange
 * for the district officer, issue #19;
 * supervision.read for the officers, sector departments, supervisors and auditors, supervision.write for the
 * supervising side (district officers, supervisors, sector officers: the service lets only discipline
 * inspection use it) and supervision.rectify for the responsible side (town and village officers), issue #20;
 * supervision.hotline for the hotline case handlers (district officers and supervisors), issue #20 part 2;
 * disability.read for the registry's readers and disability.write for the sector officers only — the
 * disabled persons' federation, by the sector write scope — issue #18; disability.assistance, the
 * social-assistance roster import, for the sector officers only — civil affairs, by the sector write
 * scope — issue #18 part 2).
 */
const READ_REGISTRY: readonly Permission[] = ['households.read', 'assistance.read'];
const P: readonly Permission[] = ['parameters.read'];
const DISCLOSE: readonly Permission[] = ['disclosure.read', 'disclosure.write'];
const PROJECTS: readonly Permission[] = ['projects.read', 'projects.write'];
const EMPLOYMENT: readonly Permission[] = ['employment.read', 'employment.write'];
const EDUCATION: readonly Permission[] = ['education.read', 'education.write'];
const HEALTH: readonly Permission[] = ['health.read', 'health.write'];
const SUPERVISE: readonly Permission[] = ['supervision.read', 'supervision.write'];
const RECTIFY: readonly Permission[] = ['supervision.read', 'supervision.rectify'];
const FR: readonly Permission[] = ['funds.read'];
const DISABILITY_READ: readonly Permission[] = ['disability.read'];
const TABLE_BEFORE: Record<Role, readonly Permission[]> = {
  [Role.DISTRICT_ADMIN]: ['account.self', 'regions.manage', 'users.read', 'users.manage', 'jobs.read', ...P, 'parameters.manage'],
  [Role.DISTRICT_OFFICER]: ['account.self', 'users.read', 'personalData.unmask', ...READ_REGISTRY, 'households.write', 'households.import', 'households.export', 'households.approve', 'povertyLines.manage', 'assistance.write', 'exchange.import', 'exchange.export', 'exchange.feed', 'webhooks.manage', 'apiKeys.manage', 'jobs.read', ...P, ...DISCLOSE, ...PROJECTS, 'projects.approve', ...EMPLOYMENT, ...EDUCATION, ...HEALTH, ...FR, 'funds.allocate', 'funds.arrange', ...SUPERVISE, ...DISABILITY_READ, 'funds.reimburse', 'funds.decide', 'supervision.hotline'],
  [Role.TOWN_OFFICER]: ['account.self', 'personalData.unmask', ...READ_REGISTRY, 'households.write', 'households.import', 'households.export', 'households.review', 'assistance.write', 'exchange.import', 'exchange.export', ...P, ...DISCLOSE, ...PROJECTS, 'projects.review', ...EMPLOYMENT, ...EDUCATION, ...HEALTH, ...FR, ...RECTIFY, ...DISABILITY_READ, 'funds.reimburse'],
  [Role.VILLAGE_OFFICER]: ['account.self', 'personalData.unmask', ...READ_REGISTRY, 'households.write', 'households.import', 'households.export', 'households.propose', 'assistance.write', 'exchange.import', 'exchange.export', ...P, ...DISCLOSE, ...PROJECTS, 'projects.apply', ...EMPLOYMENT, ...EDUCATION, ...HEALTH, ...FR, ...RECTIFY, ...DISABILITY_READ, 'funds.reimburse'],
  [Role.SECTOR_OFFICER]: ['account.self', ...READ_REGISTRY, 'exchange.import', 'exchange.export', ...P, ...DISCLOSE, ...PROJECTS, ...EMPLOYMENT, ...EDUCATION, ...HEALTH, ...FR, 'funds.documents', 'funds.allocate', ...SUPERVISE, 'disability.read', 'disability.write', 'disability.assistance', 'funds.decide', 'funds.pay'],
  [Role.SUPERVISOR]: ['account.self', ...READ_REGISTRY, ...P, 'disclosure.read', 'projects.read', 'employment.read', 'education.read', 'health.read', ...FR, ...SUPERVISE, 'disability.read', 'supervision.hotline'],
  [Role.AUDITOR]: ['account.self', 'audit.read', 'users.read', ...P, ...FR, 'supervision.read'],
  [Role.INTEGRATION]: [...READ_REGISTRY, 'households.import', 'households.export', 'exchange.import', 'exchange.export', 'exchange.feed', 'webhooks.manage', ...P, 'projects.read', 'employment.read', 'education.read', 'health.read', 'disability.read'],
};
const SECOND_PARTY_BEFORE: Permission[] = ['audit.read', 'personalData.unmask', 'households.propose', 'households.review', 'households.approve', 'users.manage', 'projects.apply', 'projects.review', 'projects.approve'];
// Partial: the type-checked program also holds examples/, whose modules add subjects (by
// augmentation) that the app itself does not declare; the keys are compared below.
const REVEAL_READ_BEFORE: Partial<Record<PersonalDataSubject, Permission>> = {
  USER_PHONE: 'users.read',
  MEMBER_ID_NUMBER: 'households.read',
  HOUSEHOLD_BANK_ACCOUNT: 'households.read',
  HOUSEHOLD_CONTACT_PHONE: 'households.read',
  MEMBER_DISABILITY_CERTIFICATE: 'households.read',
  HELPER_PHONE: 'assistance.read',
  DISCLOSURE_OBJECTOR_CONTACT: 'disclosure.read',
  IMPLEMENTING_ENTITY_PHONE: 'projects.read',
  EMPLOYMENT_RECORD_CONTACT_PHONE: 'employment.read',
  DISABILITY_CERTIFICATE_NUMBER: 'disability.read',
  SOCIAL_ASSISTANCE_ID_NUMBER: 'disability.read',
  FUND_PAYEE_ACCOUNT: 'funds.read',
  HOTLINE_REPORTER_NAME: 'supervision.hotline',
  HOTLINE_REPORTER_CONTACT: 'supervision.hotline',
};
const sorted = (ps: Iterable<string>): string[] => [...ps].sort();

describe('the permission table merged from the modules’ declarations', () => {
  it('gives every role exactly the permissions it held before', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual(Object.values(Role).sort());
    for (const role of Object.values(Role)) {
      expect({ role, permissions: sorted(ROLE_PERMISSIONS[role]) }).toEqual({ role, permissions: sorted(TABLE_BEFORE[role]) });
      expect(sorted(permissionsOf([role]))).toEqual(sorted(new Set(TABLE_BEFORE[role])));
    }
    expect(permissionsOf([]).size).toBe(0);
  });

  it('keeps separation of duties, the integration scopes and the reveal rules', () => {
    expect(sorted(SECOND_PARTY_PERMISSIONS)).toEqual(sorted(SECOND_PARTY_BEFORE));
    expect(sorted(INTEGRATION_SCOPES)).toEqual(sorted(TABLE_BEFORE[Role.INTEGRATION]));
    for (const role of Object.values(Role)) {
      expect({ role, second: needsSecondParty(role) }).toEqual({ role, second: TABLE_BEFORE[role].some((p) => SECOND_PARTY_BEFORE.includes(p)) });
    }
    expect(sorted(Object.keys(PersonalDataSubjectEnum))).toEqual(sorted(Object.keys(REVEAL_READ_BEFORE)));
    for (const subject of Object.values(PersonalDataSubjectEnum)) {
      expect({ subject, permission: ACCESS_POLICY.revealReadPermission(subject) }).toEqual({ subject, permission: REVEAL_READ_BEFORE[subject] });
    }
  });

  it('has one owning module for every permission of the vocabulary and every setting the configuration reads', () => {
    const declared = Object.values(TABLE_BEFORE).flat();
    expect(sorted(Object.keys(APP_DECLARATIONS.permissionOwners))).toEqual(sorted(new Set([...declared, 'regions.manage', 'users.manage', 'audit.read'])));
    expect(APP_DECLARATIONS.permissionOwners['households.approve']).toBe('households');
    expect(APP_DECLARATIONS.permissionOwners['jobs.read']).toBe('jobs');
    expect(sorted(APP_DECLARATIONS.settings.map((s) => s.name))).toEqual(sorted(SETTING_NAMES));
    expect(APP_DECLARATIONS.settings.find((s) => s.name === 'EXIT_NOTICE_DAYS')).toMatchObject({ module: 'households', default: undefined });
    expect(APP_DECLARATIONS.settings.find((s) => s.name === 'DATABASE_URL')).toMatchObject({ module: 'core', default: undefined });
    expect(APP_DECLARATIONS.entities.length).toBe(MODULE_DECLARATIONS.reduce((n, d) => n + d.entities.length, 0));
  });

  it('defines the GraphQL Permission enum from the declarations, with each permission\'s description', () => {
    expect(Object.values(PermissionEnum).sort()).toEqual(sorted(Object.keys(APP_DECLARATIONS.permissionOwners)));
    expect(PermissionEnum.POVERTY_LINES_MANAGE).toBe('povertyLines.manage');
    expect(PermissionEnum.PERSONAL_DATA_UNMASK).toBe('personalData.unmask');
    expect(APP_DECLARATIONS.permissions.find((p) => p.name === 'audit.read')).toEqual({ name: 'audit.read', module: 'audit', description: expect.stringContaining('审计日志') });
  });
});
