import { validate, version } from 'uuid';
import { timeOrderedId } from './time-ordered-id';

/** The 48-bit millisecond of a version 7 id. */
const msecsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('timeOrderedId', () => {
  it('makes valid version 7 UUIDs that carry the current millisecond', () => {
    const before = Date.now();
    const id = timeOrderedId();
    const after = Date.now();
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(msecsOf(id)).toBeGreaterThanOrEqual(before);
    expect(msecsOf(id)).toBeLessThanOrEqual(after);
  });

  it('gives ids that are all distinct and sort in the order they were made, across refills of the pool', () => {
    // Several pools' worth (512 ids each), most of them within the same millisecond.
    const ids = Array.from({ length: 5000 }, () => timeOrderedId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // Random bits differ between ids of the same millisecond (not only the counter).
    expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length);
  });

  it('keeps the order when the clock goes back', () => {
    const first = timeOrderedId();
    const now = jest.spyOn(Date, 'now').mockReturnValue(msecsOf(first) - 60_000);
    try {
      const later = Array.from({ length: 3 }, () => timeOrderedId());
      expect([first, ...later].sort()).toEqual([first, ...later]);
      // The millisecond stays the last one seen instead of going back with the clock.
      expect(later.every((id) => msecsOf(id) >= msecsOf(first))).toBe(true);
    } finally {
      now.mockRestore();
    }
  });
});
