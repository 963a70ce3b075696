import { withFastProperties } from './fast-properties';

describe('withFastProperties', () => {
  it('copies the own properties, in order, onto a new plain object (a __proto__ key stays a property)', () => {
    const built: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) built[`col_${i}`] = i % 3 === 0 ? null : `v${i}`;
    Object.defineProperty(built, '__proto__', { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    const copy = withFastProperties(built);
    expect(copy).not.toBe(built);
    expect(Object.keys(copy)).toEqual(Object.keys(built));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.entries(copy)).toEqual(Object.entries(built));
  });
});
