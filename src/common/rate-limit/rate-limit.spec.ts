import { HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { SkipThrottle, Throttle, type ThrottlerStorage } from '@nestjs/throttler';
import { loadConfig } from '../../config/app-config';
import { LoginRateLimit, RateLimitGuard, rateLimitOptions } from './rate-limit';
import { SlidingWindowStorage } from './sliding-window-storage';
import { mulberry32 } from '../../demo/prng';

class Operations {
  @LoginRateLimit()
  login(): void {}

  lookup(): void {}

  @SkipThrottle({ ip: true })
  internal(): void {}

  @Throttle({ caller: { limit: 3, ttl: 20_000 } })
  export(): void {}

  @Throttle({ caller: { limit: () => 2, ttl: 60_000 } })
  dynamic(): void {}
}

/** The same counters, but not a SlidingWindowStorage: the guard then takes the library's own path. */
class Delegating implements ThrottlerStorage {
  constructor(private readonly inner: SlidingWindowStorage) {}
  increment(...args: Parameters<ThrottlerStorage['increment']>) {
    return this.inner.increment(...args);
  }
}

type Outcome = { allowed?: boolean; refused?: { status: number; message: string }; headers: [string, unknown][] };

async function call(guard: RateLimitGuard, handler: keyof Operations, req: Record<string, unknown>): Promise<Outcome> {
  const headers: [string, unknown][] = [];
  const res = { header: (name: string, value: unknown) => headers.push([name, value]) };
  const context = new ExecutionContextHost([req, res], Operations, Operations.prototype[handler] as never);
  try {
    return { allowed: await guard.canActivate(context), headers };
  } catch (e) {
    if (!(e instanceof HttpException)) throw e;
    return { refused: { status: e.getStatus(), message: e.message }, headers };
  }
}

describe('RateLimitGuard decides, counts and answers as the library guard does', () => {
  const storages: SlidingWindowStorage[] = [];
  afterEach(() => {
    for (const s of storages.splice(0)) s.onApplicationShutdown();
    jest.useRealTimers();
  });

  /** `spy` watches the guard's counters: the library calls `increment`, the fast path `incrementNow`. */
  async function guards(): Promise<{ ours: RateLimitGuard; library: RateLimitGuard; spy: { fast: jest.SpyInstance; library: jest.SpyInstance } }> {
    const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '9', RATE_LIMIT_IP_PER_MINUTE: '14', LOGIN_RATE_LIMIT_PER_MINUTE: '4' });
    const make = async (storage: ThrottlerStorage) => {
      const guard = new RateLimitGuard({ ...rateLimitOptions(config), storage }, storage, new Reflector());
      await guard.onModuleInit();
      return guard;
    };
    const a = new SlidingWindowStorage();
    const b = new SlidingWindowStorage();
    storages.push(a, b);
    const spy = { fast: jest.spyOn(a, 'incrementNow'), library: jest.spyOn(a, 'increment') };
    return { ours: await make(a), library: await make(new Delegating(b)), spy };
  }

  it.each([1, 2, 3])('call by call over handlers, callers and addresses, through blocks and expiries (seed %i)', async (seed) => {
    jest.useFakeTimers({ now: new Date('2026-12-05T08:00:00Z') });
    const { ours, library, spy } = await guards();
    const next = mulberry32(seed);
    const handlers: (keyof Operations)[] = ['login', 'lookup', 'internal', 'export', 'dynamic'];
    const refused = new Set<string>();
    for (let i = 0; i < 1500; i++) {
      jest.advanceTimersByTime(Math.floor(next() * (next() < 0.05 ? 40_000 : 600)));
      const handler = handlers[Math.floor(next() * handlers.length)]!;
      const ip = `10.0.0.${1 + Math.floor(next() * 3)}`;
      const principal = next() < 0.7 ? { kind: 'user', id: `u${Math.floor(next() * 4)}` } : undefined;
      const theirs = await call(library, handler, { ip, principal });
      const mine = await call(ours, handler, { ip, principal });
      expect({ i, handler, ...mine }).toEqual({ i, handler, ...theirs });
      if (theirs.refused) refused.add(handler);
    }
    // Every kind of handler met its limit, and the fast path did the counting where it applies.
    expect([...refused].sort()).toEqual(['dynamic', 'export', 'internal', 'login', 'lookup']);
    expect(spy.fast.mock.calls.length).toBeGreaterThan(spy.library.mock.calls.length);
  });

  it('a value resolved per request (a limit given as a function) takes the library path', async () => {
    const { ours, spy } = await guards();
    await call(ours, 'dynamic', { ip: '10.0.0.9' });
    expect([spy.library.mock.calls.length, spy.fast.mock.calls.length]).toEqual([2, 2]);
    await call(ours, 'lookup', { ip: '10.0.0.9' });
    expect([spy.library.mock.calls.length, spy.fast.mock.calls.length]).toEqual([2, 4]);
  });
});
