import { backoffMs, nextOccurrence, validateRecurrence } from './schedule';

describe('job schedule', () => {
  it('backs off exponentially from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, 1000, 3_600_000))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(backoffMs(13, 1000, 3_600_000)).toBe(3_600_000);
    expect(backoffMs(1000, 1000, 3_600_000)).toBe(3_600_000);
  });

  it('runs an interval schedule everyMs after the last run', () => {
    expect(nextOccurrence({ everyMs: 500 }, new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-01T00:00:00.500Z');
  });

  it('runs a daily schedule at the next HH:MM in China time', () => {
    // 01:30 China time is 17:30 UTC the day before.
    expect(nextOccurrence({ dailyAt: '01:30' }, new Date('2026-03-01T10:00:00Z')).toISOString()).toBe('2026-03-01T17:30:00.000Z');
    // Exactly at the time: the next day.
    expect(nextOccurrence({ dailyAt: '01:30' }, new Date('2026-03-01T17:30:00Z')).toISOString()).toBe('2026-03-02T17:30:00.000Z');
    // 20:00 UTC is already 04:00 the next day in China: 01:30 comes the day after.
    expect(nextOccurrence({ dailyAt: '01:30' }, new Date('2026-03-01T20:00:00Z')).toISOString()).toBe('2026-03-02T17:30:00.000Z');
  });

  it('refuses a malformed recurrence', () => {
    expect(() => validateRecurrence({ dailyAt: '24:00' })).toThrow(/HH:MM/);
    expect(() => validateRecurrence({ everyMs: 0 })).toThrow(/positive/);
    expect(() => validateRecurrence({ dailyAt: '02:05' })).not.toThrow();
  });
});
