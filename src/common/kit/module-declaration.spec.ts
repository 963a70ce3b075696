import { Role } from '../access/permissions';
import type { ProtectedField } from '../protection/protected-field';
import { DECLARED_PARAMETER_FROM, definePermissions, mergeDeclarations, ModuleDeclaration } from './module-declaration';

class AEntity {}
/** A protected field as a module declares one (the kit knows no module: declared here for the test). */
const HELPER_PHONE: ProtectedField = {
  entity: 'Helper',
  table: 'helpers',
  property: 'phone',
  encrypted: { property: 'phoneEnc', column: 'phone_enc' },
  normalize: (v) => v || null,
  mask: (v) => `${v.slice(0, 3)}****${v.slice(-4)}`,
  subject: 'HELPER_PHONE',
  description: 'A helper\'s phone number',
  readPermission: 'assistance.read',
};
const ROLES = Object.values(Role);
const base = (over: Partial<ModuleDeclaration>): ModuleDeclaration => ({ name: 'x', entities: [], permissions: {}, protectedFields: [], settings: {}, ...over });
const ASSISTANCE = base({
  name: 'assistance',
  permissions: definePermissions({
    'assistance.read': { description: 'read helpers', roles: [Role.AUDITOR, Role.SUPERVISOR] },
    'assistance.write': { description: 'write helpers', roles: [Role.AUDITOR], secondParty: true },
  }),
});

describe('mergeDeclarations', () => {
  it('merges entities, permissions with their roles and descriptions, subjects and settings with their defaults', () => {
    const m = mergeDeclarations(
      [ASSISTANCE, base({ name: 'a', entities: [AEntity], protectedFields: [HELPER_PHONE], settings: { RATE_LIMIT_PER_MINUTE: 'per minute' } })],
      ROLES,
    );
    expect(m.entities).toEqual([AEntity]);
    expect(m.rolePermissions[Role.AUDITOR]).toEqual(['assistance.read', 'assistance.write']);
    expect(m.rolePermissions[Role.SUPERVISOR]).toEqual(['assistance.read']);
    expect(m.rolePermissions[Role.DISTRICT_ADMIN]).toEqual([]);
    expect(m.secondPartyPermissions).toEqual(['assistance.write']);
    expect(m.permissions).toEqual([
      { name: 'assistance.read', description: 'read helpers', module: 'assistance' },
      { name: 'assistance.write', description: 'write helpers', module: 'assistance' },
    ]);
    expect(m.permissionOwners).toEqual({ 'assistance.read': 'assistance', 'assistance.write': 'assistance' });
    expect(m.revealReadPermission.HELPER_PHONE).toBe('assistance.read');
    expect(m.settings).toEqual([{ name: 'RATE_LIMIT_PER_MINUTE', module: 'a', description: 'per minute', default: 600 }]);
  });

  it('refuses a rule with two owners, an undescribed permission, an unknown role, and a protected field read by an undeclared permission', () => {
    expect(() => mergeDeclarations([base({ name: 'a', entities: [AEntity] }), base({ name: 'b', entities: [AEntity] })], ROLES)).toThrow('entity AEntity is declared by two modules: a and b');
    expect(() => mergeDeclarations([ASSISTANCE, base({ name: 'b', permissions: { 'assistance.read': { description: 'again', roles: [] } } })], ROLES)).toThrow(
      'permission assistance.read is declared by two modules: assistance and b',
    );
    expect(() => mergeDeclarations([base({ settings: { PORT: 'p' } }), base({ name: 'y', settings: { PORT: 'q' } })], ROLES)).toThrow('setting PORT');
    expect(() => mergeDeclarations([base({ name: 'b', permissions: { 'audit.read': { description: ' ', roles: [] } } })], ROLES)).toThrow('permission audit.read of module b has no description');
    expect(() => mergeDeclarations([base({ name: 'b', permissions: { 'audit.read': { description: 'd', roles: ['nobody' as Role] } } })], ROLES)).toThrow('permission audit.read names unknown role nobody');
    expect(() => mergeDeclarations([base({ name: 'a', feedRoots: { Thing: 'a thing' } }), base({ name: 'b', feedRoots: { Thing: 'again' } })], ROLES)).toThrow(
      'change-feed root Thing is declared by two modules: a and b',
    );
    expect(mergeDeclarations([base({ name: 'a', feedRoots: { Thing: 'a thing' } })], ROLES).feedRoots).toEqual([{ name: 'Thing', description: 'a thing', module: 'a' }]);
    expect(() => mergeDeclarations([base({ name: 'a', protectedFields: [HELPER_PHONE] })], ROLES)).toThrow(
      'protected field Helper.phone names permission assistance.read, which no module declares',
    );
  });

  it('merges declared parameters with their module, national scope and default start; refuses a key declared twice, outside the module or undescribed', () => {
    const ceiling = { key: 'a.income_ceiling', type: 'AMOUNT', unit: '元/月', description: 'ceiling' };
    expect(mergeDeclarations([base({ name: 'a', parameters: [ceiling] })], ROLES).parameters).toEqual([
      { ...ceiling, scopeCode: '', effectiveFrom: DECLARED_PARAMETER_FROM, module: 'a' },
    ]);
    expect(mergeDeclarations([base({ name: 'a', parameters: [{ ...ceiling, scopeCode: '410106000000', effectiveFrom: '2018-01-01' }] })], ROLES).parameters[0]).toMatchObject({ scopeCode: '410106000000', effectiveFrom: '2018-01-01' });
    expect(mergeDeclarations([base({ name: 'a' })], ROLES).parameters).toEqual([]);
    expect(() => mergeDeclarations([base({ name: 'a', parameters: [ceiling, ceiling] })], ROLES)).toThrow('parameter a.income_ceiling is declared by two modules: a and a');
    expect(() => mergeDeclarations([base({ name: 'b', parameters: [ceiling] })], ROLES)).toThrow('parameter a.income_ceiling of module b is not b.<snake_case>');
    expect(() => mergeDeclarations([base({ name: 'a', parameters: [{ ...ceiling, key: 'a.IncomeCeiling' }] })], ROLES)).toThrow('is not a.<snake_case>');
    expect(() => mergeDeclarations([base({ name: 'a', parameters: [{ ...ceiling, description: ' ' }] })], ROLES)).toThrow('has no description or unit');
    expect(() => mergeDeclarations([base({ name: 'a', parameters: [{ ...ceiling, scopeCode: '4101' }] })], ROLES)).toThrow('has scope 4101');
  });
});

describe('definePermissions', () => {
  it('takes <module>.<verb> names in lower camel case only', () => {
    expect(Object.keys(definePermissions({ 'povertyLines.manage': { description: 'd', roles: [] } }))).toEqual(['povertyLines.manage']);
    for (const bad of ['households', 'Households.read', 'households.read.all', 'households-read', 'households.Read']) {
      expect(() => definePermissions({ [bad]: { description: 'd', roles: [] } })).toThrow(`permission name ${bad} is not`);
    }
  });
});
