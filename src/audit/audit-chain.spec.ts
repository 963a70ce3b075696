import { createHash, createHmac } from 'node:crypto';
import { canonicalJson, chainHash, ChainedContent } from './audit-chain';

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units at every level and drops undefined (pinned: the audit chain hashes this text)', () => {
    const value = { z: 1, a: [{ y: 'é', b: null, A: undefined, '': 2, aa: { k2: 1, k1: [true, new Date('2020-01-01T00:00:00Z')] } }], Z: 'x', é: 1, e: 2, '10': 3, '9': 4 };
    expect(canonicalJson(value)).toBe('{"10":3,"9":4,"Z":"x","a":[{"":2,"aa":{"k1":[true,"2020-01-01T00:00:00.000Z"],"k2":1},"b":null,"y":"é"}],"e":2,"z":1,"é":1}');
  });

  it('sorts objects of any size, in any key order, as Array.prototype.sort does', () => {
    for (const n of [0, 1, 2, 17, 40, 200]) {
      const keys = Array.from({ length: n }, (_, i) => `k${(i * 7919) % (n || 1)}_${String.fromCharCode(0x4e00 + ((i * 31) % 50))}`);
      const forward = Object.fromEntries(keys.map((k, i) => [k, i]));
      const backward = Object.fromEntries([...keys].reverse().map((k) => [k, forward[k]]));
      const expected = `{${[...keys].sort().map((k) => `${JSON.stringify(k)}:${forward[k]}`).join(',')}}`;
      expect(canonicalJson(forward)).toBe(expected);
      expect(canonicalJson(backward)).toBe(expected);
    }
  });

  it('writes empty and all-undefined objects, empty and nested arrays, and top-level scalars as JSON does', () => {
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ a: undefined })).toBe('{}');
    expect(canonicalJson({ b: {}, a: [] })).toBe('{"a":[],"b":{}}');
    expect(canonicalJson([[], [[1, {}]], null, 'x'])).toBe('[[],[[1,{}]],null,"x"]');
    expect(canonicalJson({ x: { y: undefined }, w: [undefined] })).toBe('{"w":[null],"x":{}}');
    for (const v of [undefined, null, 0, -1.5, true, '"\\', '一\u2028']) expect(canonicalJson(v)).toBe(JSON.stringify(v ?? null));
  });
});

describe('chainHash', () => {
  const content: ChainedContent = {
    seq: '42',
    occurredAt: new Date('2026-03-01T08:00:00.123Z'),
    actorType: 'user',
    actorId: 'u1',
    actorName: '李四',
    actorRoles: ['village_officer', 'auditor'],
    requestId: 'req-1',
    clientIp: '10.0.0.1',
    operation: 'households.import',
    entityType: 'Household',
    entityId: 'h1',
    regionCode: '410106100201',
    changes: { members: { added: ['4101**********1234'] }, incomeTotal: { from: null, to: '1234.50' }, note: 'a "quoted"\\ line\n' },
    reason: null,
  };
  const key = { id: 'k2026', secret: Buffer.alloc(32, 7) };
  const prev = 'ab'.repeat(32);
  /** The chain's definition, pinned: the canonical JSON of the whole field list (and the key's id when keyed). */
  const fields = (c: ChainedContent) => [c.seq, c.occurredAt.toISOString(), c.actorType, c.actorId, c.actorName, c.actorRoles, c.requestId, c.clientIp, c.operation, c.entityType, c.entityId, c.regionCode, c.changes, c.reason];

  it('is HMAC-SHA256 of the previous hash and the canonical JSON of the fields and the key id (SHA-256 without a key)', () => {
    expect(chainHash(prev, content, key)).toBe(createHmac('sha256', key.secret).update(`${prev}\n${canonicalJson([...fields(content), key.id])}`).digest('hex'));
    expect(chainHash(prev, content, null)).toBe(createHash('sha256').update(`${prev}\n${canonicalJson(fields(content))}`).digest('hex'));
  });

  it('gives the same hash with the changes\' canonical text made before (changesJson), for any reason and changes', () => {
    for (const c of [content, { ...content, reason: '村级核实' }, { ...content, changes: {} }, { ...content, changes: { '': [1, { b: 2, a: null }] }, regionCode: null }]) {
      const made = { ...c, changesJson: canonicalJson(c.changes) };
      expect(chainHash(prev, made, key)).toBe(chainHash(prev, c, key));
      expect(chainHash(prev, made, null)).toBe(chainHash(prev, c, null));
    }
  });

  it('signs the text it is given: other changes text, another hash', () => {
    expect(chainHash(prev, { ...content, changesJson: '{}' }, key)).not.toBe(chainHash(prev, content, key));
  });
});
