import { backoffMs } from './webhook-dispatcher';

describe('webhook retry schedule', () => {
  it('doubles from the base after each failure and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, 1000, 3_600_000))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(backoffMs(13, 1000, 3_600_000)).toBe(3_600_000);
    expect(backoffMs(100, 1000, 3_600_000)).toBe(3_600_000);
  });
});
