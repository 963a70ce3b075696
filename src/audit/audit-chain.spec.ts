import { canonicalJson } from './audit-chain';

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
});
