import { maskPhone } from '../common/crypto/mask';
import { auditChange, auditFact, defineAudited } from './audit-descriptor';
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
});
