import { SignInDelaySettings } from '../config/app-config';
import { delayMs, waitMs } from './sign-in-throttle';

const s: SignInDelaySettings = {
  baseMs: 1000,
  forgetMs: 60 * 60_000,
  accountAddress: { freeFailures: 3, maxMs: 900_000 },
  account: { freeFailures: 10, maxMs: 60_000 },
  address: { freeFailures: 30, maxMs: 300_000 },
};

describe('sign-in delays', () => {
  it('no wait for the free failures, then base · 2^(n−1), at most the maximum', () => {
    const rule = s.accountAddress;
    expect([0, 1, 2, 3].map((n) => delayMs(n, rule, s.baseMs))).toEqual([0, 0, 0, 0]);
    expect([4, 5, 6, 7].map((n) => delayMs(n, rule, s.baseMs))).toEqual([1000, 2000, 4000, 8000]);
    expect(delayMs(14, rule, s.baseMs)).toBe(900_000);
    expect(delayMs(10_000, rule, s.baseMs)).toBe(900_000);
  });

  it('the per-account rule is gentler: later and capped lower', () => {
    expect(delayMs(10, s.account, s.baseMs)).toBe(0);
    expect(delayMs(11, s.account, s.baseMs)).toBe(1000);
    expect(delayMs(40, s.account, s.baseMs)).toBe(60_000);
  });

  it('waits from the last failure; a counter idle for the forget window holds nothing back', () => {
    const last = 1_000_000;
    const c = { failures: 5, lastFailureAt: last };
    expect(waitMs(c, s.accountAddress, s, last)).toBe(2000);
    expect(waitMs(c, s.accountAddress, s, last + 1500)).toBe(500);
    expect(waitMs(c, s.accountAddress, s, last + 2000)).toBe(0);
    expect(waitMs({ failures: 40, lastFailureAt: last }, s.accountAddress, s, last + s.forgetMs)).toBe(0);
    expect(waitMs({ failures: 0, lastFailureAt: 0 }, s.accountAddress, s, last)).toBe(0);
  });

  it('free failures hold nothing back, even when a parallel attempt counted a moment after now was read', () => {
    // Seen with sign-ins in parallel from one address: the counter's time is 20 ms after `now`.
    expect(waitMs({ failures: 1, lastFailureAt: 1_000_020 }, s.address, s, 1_000_000)).toBe(0);
  });
});
