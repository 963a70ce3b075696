import { Role } from '../access/permissions';
import { PersonalDataSubject } from '../access/personal-data';
import type { ProtectedField } from '../protection/protected-field';
import { mergeDeclarations, ModuleDeclaration } from './module-declaration';

class AEntity {}
/** A protected field as a module declares one (the kit knows no module: declared here for the test). */
const HELPER_PHONE: ProtectedField = {
  entity: 'Helper',
  table: 'helpers',
  property: 'phone',
  encrypted: { property: 'phoneEnc', column: 'phone_enc' },
  normalize: (v) => v || null,
  mask: (v) => `${v.slice(0, 3)}****${v.slice(-4)}`,
  subject: PersonalDataSubject.HELPER_PHONE,
  readPermission: 'assistance.read',
};
const ROLES = Object.values(Role);
const base = (over: Partial<ModuleDeclaration>): ModuleDeclaration => ({ name: 'x', entities: [], permissions: {}, protectedFields: [], settings: {}, ...over });
/** One module owning every permission of the vocabulary, so that the merge is complete. */
const ALL: ModuleDeclaration = base({
  name: 'all',
  permissions: Object.fromEntries(
    ['account.self', 'regions.manage', 'users.read', 'users.manage', 'apiKeys.manage', 'audit.read', 'personalData.unmask', 'households.read', 'households.write', 'households.propose', 'households.review', 'households.approve', 'povertyLines.manage', 'assistance.read', 'assistance.write', 'exchange.import', 'exchange.export', 'exchange.feed', 'webhooks.manage', 'jobs.read'].map((p) => [p, { roles: [Role.AUDITOR] }]),
  ),
});

describe('mergeDeclarations', () => {
  it('merges entities, roles, subjects and settings with their defaults', () => {
    const m = mergeDeclarations(
      [ALL, base({ name: 'a', entities: [AEntity], protectedFields: [HELPER_PHONE], settings: { EXIT_NOTICE_DAYS: 'days' } })],
      ROLES,
    );
    expect(m.entities).toEqual([AEntity]);
    expect(m.rolePermissions[Role.AUDITOR]).toHaveLength(20);
    expect(m.rolePermissions[Role.DISTRICT_ADMIN]).toEqual([]);
    expect(m.revealReadPermission[PersonalDataSubject.HELPER_PHONE]).toBe('assistance.read');
    expect(m.settings).toEqual([{ name: 'EXIT_NOTICE_DAYS', module: 'a', description: 'days', default: 7 }]);
  });

  it('refuses a rule with two owners or a permission with none', () => {
    expect(() => mergeDeclarations([ALL, base({ name: 'a', entities: [AEntity] }), base({ name: 'b', entities: [AEntity] })], ROLES)).toThrow('entity AEntity is declared by two modules: a and b');
    expect(() => mergeDeclarations([ALL, base({ name: 'b', permissions: { 'audit.read': { roles: [] } } })], ROLES)).toThrow('permission audit.read is declared by two modules: all and b');
    expect(() => mergeDeclarations([ALL, base({ settings: { PORT: 'p' } }), base({ name: 'y', settings: { PORT: 'q' } })], ROLES)).toThrow('setting PORT');
    expect(() => mergeDeclarations([base({ permissions: { 'audit.read': { roles: [] } } })], ROLES)).toThrow('permissions declared by no module');
  });
});
