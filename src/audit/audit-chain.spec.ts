import { createHash, createHmac } from 'node:crypto';
import { canonicalJson, ChainedContent, chainHash, toJsonValue } from './audit-chain';

/** The hash as the chain has always defined it: over canonicalJson of the array of fields (and the key id). */
function reference(prevHash: string, c: ChainedContent, key: { id: string; secret: Buffer } | null): string {
  const fields: unknown[] = [c.seq, c.occurredAt.toISOString(), c.actorType, c.actorId, c.actorName, c.actorRoles, c.requestId, c.clientIp, c.operation, c.entityType, c.entityId, c.regionCode, c.changes, c.reason];
  if (!key) return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
  return createHmac('sha256', key.secret).update(prevHash).update('\n').update(canonicalJson([...fields, key.id])).digest('hex');
}

describe('chainHash', () => {
  const key = { id: 'k1', secret: Buffer.alloc(32, 7) };
  const contents: ChainedContent[] = [
    {
      seq: '42',
      occurredAt: new Date('2026-12-05T01:02:03.456Z'),
      actorType: 'user',
      actorId: 'u-1',
      actorName: '张三',
      actorRoles: ['district_officer', 'auditor'],
      requestId: 'req-1',
      clientIp: '10.0.0.1',
      operation: 'households.import.create',
      entityType: 'Household',
      entityId: 'h-1',
      regionCode: '410106100201',
      changes: toJsonValue({ z: { from: null, to: [1, 'two', null, { b: true, a: 1.5 }] }, a: { from: 'x"\\\n', to: new Date('2020-01-01T00:00:00Z') } }) as Record<string, unknown>,
      reason: '入户核实',
    },
    { seq: '1', occurredAt: new Date(0), actorType: 'system', actorId: null, actorName: null, actorRoles: [], requestId: null, clientIp: null, operation: 'x', entityType: 'X', entityId: null, regionCode: null, changes: {}, reason: null },
  ];

  it('is the hash over the canonical array of fields, keyed and legacy, with or without the changes\' canonical text made before', () => {
    for (const c of contents) {
      for (const k of [key, null]) {
        const expected = reference('a'.repeat(64), c, k);
        expect(chainHash('a'.repeat(64), c, k)).toBe(expected);
        expect(chainHash('a'.repeat(64), c, k, canonicalJson(c.changes))).toBe(expected);
      }
    }
  });
});
