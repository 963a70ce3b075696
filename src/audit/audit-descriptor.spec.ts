import { maskPhone } from '../common/crypto/mask';
import { auditChange, AuditChangeRecord, auditFact, defineAudited } from './audit-descriptor';
import { diffChanges } from './audit-diff';

interface Person {
  id: string;
  regionCode: string;
  name: string;
  phoneEnc: string;
  note: string | null;
}

const PERSON = defineAudited<Person>({
  entityType: 'Person',
  id: (x) => x.id,
  region: (x) => x.regionCode,
  view: (x) => ({ ...x, phone: x.phoneEnc.replace('enc:', '') }),
  mask: { phone: maskPhone },
  omit: ['note'],
});

const before: Person = { id: 'p1', regionCode: '410106100201', name: '张三', phoneEnc: 'enc:13800138000', note: 'a' };
const after: Person = { ...before, name: '张四', phoneEnc: 'enc:13900139000', note: 'b' };

describe('audit descriptors', () => {
  it('a change is the row a hand-built record gave: the diff of the views, masked and omitted', () => {
    const view = (x: Person) => ({ ...x, phone: x.phoneEnc.replace('enc:', '') });
    expect(auditChange(PERSON, 'people.update', before, after)).toEqual({
      operation: 'people.update',
      entityType: 'Person',
      entityId: 'p1',
      regionCode: '410106100201',
      changes: diffChanges(view(before), view(after), { mask: { phone: maskPhone }, omit: ['note'] }),
    });
    expect(auditChange(PERSON, 'people.update', before, after).changes).toEqual({
      name: { from: '张三', to: '张四' },
      phone: { from: maskPhone('13800138000'), to: maskPhone('13900139000') },
    });
  });

  it('takes the id and region from the value after, or before for a deletion', () => {
    const moved = { ...after, id: 'p1', regionCode: '410106100202' };
    expect(auditChange(PERSON, 'people.update', before, moved).regionCode).toBe('410106100202');
    const deleted = auditChange(PERSON, 'people.delete', before, null);
    expect(deleted).toMatchObject({ entityId: 'p1', regionCode: '410106100201' });
    expect(deleted.changes.name).toEqual({ from: '张三', to: null });
  });

  it('merges extra facts after the diff and passes the reason, entity id and region given', () => {
    const row = auditChange(PERSON, 'people.leave', before, after, { reason: '迁出', extra: { headMemberId: { from: 'p1', to: 'p2' } }, entityId: 'x', regionCode: null });
    expect(row).toMatchObject({ entityId: 'x', regionCode: null, reason: '迁出' });
    expect(row.changes.headMemberId).toEqual({ from: 'p1', to: 'p2' });
  });

  it('a fact records what it is given, without a diff', () => {
    expect(auditFact(PERSON, 'personalData.unmask', before, { field: 'phone' }, { reason: 'check' })).toEqual({
      operation: 'personalData.unmask',
      entityType: 'Person',
      entityId: 'p1',
      regionCode: '410106100201',
      changes: { field: 'phone' },
      reason: 'check',
    });
  });

  it('a descriptor without a region records rows without one', () => {
    const LINE = defineAudited<{ year: number; amount: string }>({ entityType: 'PovertyLine', id: (x) => String(x.year), omit: ['year'] });
    const row = auditChange(LINE, 'povertyLines.set', null, { year: 2020, amount: '4000.00' });
    expect(row).toEqual({ operation: 'povertyLines.set', entityType: 'PovertyLine', entityId: '2020', changes: { amount: { from: null, to: '4000.00' } } });
  });

  it('refuses a change with neither a before nor an after', () => {
    expect(() => auditChange(PERSON, 'people.update', null, null)).toThrow(/neither/);
  });

  it('a descriptor without an id records rows without one (an export, a list)', () => {
    const EXPORT = defineAudited<{ regionCode: string }>({ entityType: 'HouseholdExport', region: (x) => x.regionCode });
    expect(auditFact(EXPORT, 'households.export', { regionCode: '410106000000' }, { format: 'csv' })).toEqual({
      operation: 'households.export',
      entityType: 'HouseholdExport',
      entityId: null,
      regionCode: '410106000000',
      changes: { format: 'csv' },
    });
    expect(auditFact(EXPORT, 'households.export', { regionCode: '410106000000' }, undefined, { entityId: 'x' }).entityId).toBe('x');
  });

  it('leaves the fields of omitOnUpdate out of an update only: a creation and a deletion record them', () => {
    const SUB = defineAudited<{ id: string; name: string; position: string }>({ entityType: 'Sub', id: (x) => x.id, omitOnUpdate: ['position'] });
    const s1 = { id: 's', name: 'a', position: '1' };
    const s2 = { id: 's', name: 'b', position: '9' };
    expect(auditChange(SUB, 'subs.update', s1, s2).changes).toEqual({ name: { from: 'a', to: 'b' } });
    expect(auditChange(SUB, 'subs.create', null, s1).changes).toEqual({ id: { from: null, to: 's' }, name: { from: null, to: 'a' }, position: { from: null, to: '1' } });
    expect(auditChange(SUB, 'subs.delete', s2, null).changes.position).toEqual({ from: '9', to: null });
  });

  it('a fact leaves out what the descriptor leaves out and masks what it masks (both sides of a change)', () => {
    const facts = {
      field: 'phone',
      phone: '13800138000',
      note: 'left out',
      secretHash: 'ab12',
      version: 3,
      name: { from: '张三', to: '张四' },
    };
    const MASKED = defineAudited<Person>({ ...PERSON, mask: { phone: maskPhone, name: () => '*' } });
    expect(auditFact(MASKED, 'people.fact', before, facts).changes).toEqual({ field: 'phone', phone: maskPhone('13800138000'), name: { from: '*', to: '*' } });
    expect(auditFact(PERSON, 'people.fact', before, { phone: { from: null, to: '13900139000' } }).changes).toEqual({ phone: { from: null, to: maskPhone('13900139000') } });
  });

  it('rows for AuditService.append come from auditChange / auditFact only (a hand-built row does not type-check)', () => {
    const append = (rows: readonly AuditChangeRecord[]) => rows.length;
    expect(append([auditChange(PERSON, 'people.update', before, after), auditFact(PERSON, 'people.fact', before, {})])).toBe(2);
    // @ts-expect-error a hand-built row lacks the descriptor's mark
    expect(append([{ operation: 'people.update', entityType: 'Person', entityId: 'p1', changes: {} }])).toBe(1);
  });

  it('with actions, records those operations only: another does not type-check and is refused', () => {
    const KEY = defineAudited({ entityType: 'Key', actions: ['keys.create', 'keys.revoke'], id: (k: { id: string }) => k.id });
    expect(auditFact(KEY, 'keys.revoke', { id: 'k' }, undefined)).toMatchObject({ operation: 'keys.revoke', entityId: 'k', changes: {} });
    expect(auditChange(KEY, 'keys.create', null, { id: 'k' }).changes).toEqual({ id: { from: null, to: 'k' } });
    // @ts-expect-error not an action of the descriptor
    expect(() => auditFact(KEY, 'keys.rotate', { id: 'k' }, undefined)).toThrow(/keys\.rotate is not an action of Key/);
  });
});
