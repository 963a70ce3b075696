import { ThrottlerStorageService } from '@nestjs/throttler';
import { SlidingWindowStorage } from './sliding-window-storage';
import { mulberry32 } from '../../demo/prng';

describe('SlidingWindowStorage answers as @nestjs/throttler 6 ThrottlerStorageService does', () => {
  let ours: SlidingWindowStorage;
  let theirs: ThrottlerStorageService;
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-03T08:00:00Z') });
    ours = new SlidingWindowStorage();
    theirs = new ThrottlerStorageService();
  });
  afterEach(() => {
    ours.onApplicationShutdown();
    theirs.onApplicationShutdown();
    jest.useRealTimers();
  });

  it.each([1, 2, 3, 4])('call by call, keys and throttlers mixed, with and without blocks (seed %i)', async (seed) => {
    const next = mulberry32(seed);
    const throttlers = [
      { name: 'caller', ttl: 60_000, limit: 7, blockDuration: 60_000 },
      { name: 'ip', ttl: 60_000, limit: 12, blockDuration: 60_000 },
      { name: 'login', ttl: 60_000, limit: 3, blockDuration: 0 },
      { name: 'short', ttl: 5_000, limit: 2, blockDuration: 20_000 },
    ];
    let blocked = 0;
    for (let i = 0; i < 4000; i++) {
      jest.advanceTimersByTime(Math.floor(next() * (next() < 0.1 ? 30_000 : 800)));
      const t = throttlers[Math.floor(next() * throttlers.length)]!;
      const key = `${t.name}:${Math.floor(next() * 3)}`;
      const expected = await theirs.increment(key, t.ttl, t.limit, t.blockDuration, t.name);
      const actual = await ours.increment(key, t.ttl, t.limit, t.blockDuration, t.name);
      expect({ i, ...actual }).toEqual({ i, ...expected });
      if (expected.isBlocked) blocked++;
    }
    // Both outcomes were exercised.
    expect(blocked).toBeGreaterThan(100);
    expect(blocked).toBeLessThan(3900);
  });

  it('keeps constant work per call: 100,000 hits in one window stay counted', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      counts.push(ours.incrementNow('ip:1', 60_000, 1_000_000, 60_000, 'ip').totalHits);
      if (i % 100 === 0) jest.advanceTimersByTime(1);
    }
    expect(counts.every((n, i) => n === i + 1)).toBe(true);
    jest.advanceTimersByTime(60_000);
    expect((await ours.increment('ip:1', 60_000, 1_000_000, 60_000, 'ip')).totalHits).toBe(1);
  });

  it('forgets idle keys when the sweep runs, not those in a block or with live hits', async () => {
    for (let i = 0; i < 3; i++) await ours.increment('a', 1_000, 1, 120_000, 'x'); // blocked for two minutes
    await ours.increment('b', 1_000, 10, 1_000, 'x');
    await ours.increment('c', 90_000, 10, 1_000, 'x');
    jest.advanceTimersByTime(60_000); // the sweep runs once
    expect(ours.size).toBe(2); // a is blocked, c has a live hit; b is gone
    jest.advanceTimersByTime(60_000);
    expect(ours.size).toBe(0);
  });
});
