import { maskBankAccount, maskCitizenId, maskPhone } from '../common/crypto/mask';
import { canonicalJson, toJsonValue } from './audit-chain';
import { diffChanges, MASKED_VALUE } from './audit-diff';

const PERSONAL = { idNumber: maskCitizenId, phone: maskPhone, bankAccount: maskBankAccount };

describe('diffChanges', () => {
  it('records only the fields that changed, from and to', () => {
    const before = { name: '张三', members: 3, village: '410106100201', poor: true };
    const after = { name: '张三', members: 4, village: '410106100202', poor: true };
    expect(diffChanges(before, after)).toEqual({
      members: { from: 3, to: 4 },
      village: { from: '410106100201', to: '410106100202' },
    });
  });

  it('a creation records every non-null field from null; a deletion every field to null', () => {
    expect(diffChanges(null, { name: '李四', note: null, members: 2 })).toEqual({
      members: { from: null, to: 2 },
      name: { from: null, to: '李四' },
    });
    expect(diffChanges({ name: '李四', members: 2 }, null)).toEqual({
      members: { from: 2, to: null },
      name: { from: '李四', to: null },
    });
    expect(diffChanges(null, null)).toEqual({});
  });

  it('compares deeply: equal nested values and arrays are not changes, key order does not matter', () => {
    const before = { address: { town: '峡窝镇', village: '北峡窝村' }, tags: ['a', 'b'], help: [{ kind: 'x', n: 1 }] };
    const after = { address: { village: '北峡窝村', town: '峡窝镇' }, tags: ['a', 'b'], help: [{ n: 1, kind: 'x' }] };
    expect(diffChanges(before, after)).toEqual({});
    expect(diffChanges(before, { ...after, tags: ['b', 'a'] })).toEqual({ tags: { from: ['a', 'b'], to: ['b', 'a'] } });
    expect(diffChanges({ a: { b: { c: 1 } } }, { a: { b: { c: 2 } } })).toEqual({ a: { from: { b: { c: 1 } }, to: { b: { c: 2 } } } });
  });

  it('compares and records Dates as ISO strings; a missing field equals null', () => {
    const t1 = new Date('2024-03-01T08:00:00.000Z');
    expect(diffChanges({ exitedAt: t1 }, { exitedAt: new Date(t1.getTime()) })).toEqual({});
    expect(diffChanges({ exitedAt: t1 }, { exitedAt: new Date('2024-03-02T08:00:00.000Z') })).toEqual({
      exitedAt: { from: '2024-03-01T08:00:00.000Z', to: '2024-03-02T08:00:00.000Z' },
    });
    expect(diffChanges({ exitedAt: t1 }, { exitedAt: '2024-03-01T08:00:00.000Z' })).toEqual({});
    expect(diffChanges({ note: undefined }, { note: null })).toEqual({});
    expect(diffChanges({}, { note: null })).toEqual({});
  });

  it('records personal data masked on both sides, never in plaintext', () => {
    const before = { idNumber: '41010619800101123X', phone: '13812345678', bankAccount: '6222021234567890123', name: '王五' };
    const after = { idNumber: '410106198001019876', phone: '13987654321', bankAccount: '6222029999999990456', name: '王五' };
    const changes = diffChanges(before, after, { mask: PERSONAL });
    expect(changes).toEqual({
      bankAccount: { from: '6222 **** **** 0123', to: '6222 **** **** 0456' },
      idNumber: { from: '410106********123X', to: '410106********9876' },
      phone: { from: '138****5678', to: '139****4321' },
    });
    const text = JSON.stringify(changes);
    for (const secret of ['19800101', '12345678', '87654321', '1234567890', '9999999']) expect(text).not.toContain(secret);
  });

  it('a masked field whose masks look alike is still recorded as changed (compared on the real value)', () => {
    const changes = diffChanges({ idNumber: '41010619800101123X' }, { idNumber: '41010619900101123X' }, { mask: PERSONAL });
    expect(changes).toEqual({ idNumber: { from: '410106********123X', to: '410106********123X' } });
  });

  it('masks non-string personal data too, and keeps null as null', () => {
    expect(diffChanges({ phone: 13812345678 }, { phone: null }, { mask: PERSONAL })).toEqual({ phone: { from: '138****5678', to: null } });
    expect(diffChanges({ idNumber: null }, { idNumber: { raw: '41010619800101123X' } }, { mask: PERSONAL })).toEqual({
      idNumber: { from: null, to: MASKED_VALUE },
    });
  });

  it('never records secrets, encrypted columns, blind indexes or bookkeeping, even unasked', () => {
    const before = { username: 'li', passwordHash: 'h1', phoneEnc: 'c1', phone_enc: 'c1', phoneHash: 'b1', version: 1, updatedAt: new Date(1), createdAt: new Date(0) };
    const after = { username: 'li2', passwordHash: 'h2', phoneEnc: 'c2', phone_enc: 'c2', phoneHash: 'b2', version: 2, updatedAt: new Date(2), createdAt: new Date(0) };
    expect(diffChanges(before, after)).toEqual({ username: { from: 'li', to: 'li2' } });
  });

  it('omits the fields the caller names, with * as a wildcard', () => {
    const before = { a: 1, lastLoginAt: 1, lastSeenAt: 1, failedLogins: 0 };
    const after = { a: 2, lastLoginAt: 2, lastSeenAt: 2, failedLogins: 1 };
    expect(diffChanges(before, after, { omit: ['last*At', 'failedLogins'] })).toEqual({ a: { from: 1, to: 2 } });
  });

  it('gives plain JSON that hashes the same after a jsonb round trip', () => {
    const changes = diffChanges(
      { at: new Date('2024-01-01T00:00:00.000Z'), big: 10n, n: 1.5 },
      { at: new Date('2024-01-02T00:00:00.000Z'), big: 11n, n: Number.NaN },
    );
    const roundTripped = JSON.parse(JSON.stringify(changes)) as unknown;
    expect(canonicalJson(roundTripped)).toBe(canonicalJson(changes));
    expect(changes).toEqual({ at: { from: '2024-01-01T00:00:00.000Z', to: '2024-01-02T00:00:00.000Z' }, big: { from: '10', to: '11' }, n: { from: 1.5, to: null } });
  });
});

describe('toJsonValue', () => {
  it('is what JSON.stringify/parse gives, with __proto__ kept as an own key', () => {
    const value = { d: new Date(0), u: undefined, f: () => 1, arr: [undefined, 1, Infinity], nested: { x: null } };
    expect(toJsonValue(value)).toEqual(JSON.parse(JSON.stringify(value)));
    const proto = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const normalised = toJsonValue(proto) as Record<string, unknown>;
    expect(Object.keys(normalised)).toEqual(['__proto__', 'a']);
    expect(canonicalJson(normalised)).toBe(canonicalJson(proto));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
