import { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

/** When the hits of a throttler expire, oldest first: pruning advances `head` (issue #12). */
class Expirations {
  private times: number[] = [];
  private head = 0;

  get count(): number {
    return this.times.length - this.head;
  }

  /** The earliest live expiry; undefined when there is none. */
  get first(): number | undefined {
    return this.head < this.times.length ? this.times[this.head] : undefined;
  }

  /** Drops the hits whose expiry is not after `now`. */
  prune(now: number): void {
    const { times } = this;
    while (this.head < times.length && times[this.head]! <= now) this.head++;
    if (this.head === times.length) {
      this.times = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > times.length) {
      this.times = times.slice(this.head);
      this.head = 0;
    }
  }

  /** Adds a hit; expiries arrive in order unless a route sets its own ttl (then it is placed). */
  add(expiresAt: number): void {
    const { times } = this;
    let i = times.length;
    while (i > this.head && times[i - 1]! > expiresAt) i--;
    if (i === times.length) times.push(expiresAt);
    else times.splice(i, 0, expiresAt);
  }

  clear(): void {
    this.times = [];
    this.head = 0;
  }
}

interface KeyRecord {
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
  hits: Map<string, Expirations>;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * The rate limiter's counters in memory, with the semantics of @nestjs/throttler 6's
 * ThrottlerStorageService (a sliding window of each hit's expiry per key and throttler, a block
 * of `blockDuration` once the limit is passed, idle keys swept every minute), which
 * sliding-window-storage.spec.ts checks call by call against the library's. The library filters
 * the whole list of the window's hits on every call (`pruneExpiredHits`): at 1,200 requests a
 * minute from one address that is a new 1,200-element array per operation and per throttler.
 * Here the expiries are kept in order and pruned from the front: constant work per call.
 */
export class SlidingWindowStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly records = new Map<string, KeyRecord>();
  private sweepTimer?: NodeJS.Timeout;

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    return this.incrementNow(key, ttl, limit, blockDuration, throttlerName);
  }

  /** `increment` without the promise: what the throttler awaits. */
  incrementNow(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ThrottlerStorageRecord {
    this.sweepTimer ??= setInterval(() => this.evictIdle(Date.now()), SWEEP_INTERVAL_MS).unref();
    const now = Date.now();
    let record = this.records.get(key);
    if (!record) {
      record = { expiresAt: now + ttl, blockExpiresAt: 0, isBlocked: false, hits: new Map() };
      this.records.set(key, record);
    }
    let hits = record.hits.get(throttlerName);
    if (!hits) record.hits.set(throttlerName, (hits = new Expirations()));
    hits.prune(now);
    let timeToExpire = Math.ceil((record.expiresAt - now) / 1000);
    if (timeToExpire <= 0) {
      record.expiresAt = now + ttl;
      timeToExpire = Math.ceil(ttl / 1000);
    }
    if (blockDuration <= 0) {
      const isBlocked = hits.count >= limit;
      if (!isBlocked) hits.add(now + ttl);
      const first = hits.first;
      return {
        totalHits: hits.count + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? (first !== undefined ? Math.ceil((first - now) / 1000) : timeToExpire) : 0,
      };
    }
    if (!record.isBlocked) hits.add(now + ttl);
    if (hits.count > limit && !record.isBlocked) {
      record.isBlocked = true;
      record.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((record.blockExpiresAt - now) / 1000);
    if (timeToBlockExpire <= 0 && record.isBlocked) {
      record.isBlocked = false;
      hits.clear();
      hits.add(now + ttl);
    }
    return { totalHits: hits.count, timeToExpire, isBlocked: record.isBlocked, timeToBlockExpire };
  }

  /** Forgets keys with no live hit, no running block and an expired window. */
  evictIdle(now: number): void {
    for (const [key, record] of this.records) {
      if (record.isBlocked && record.blockExpiresAt > now) continue;
      if (record.expiresAt > now) continue;
      let live = false;
      for (const hits of record.hits.values()) {
        hits.prune(now);
        if (hits.count > 0) live = true;
      }
      if (!live) this.records.delete(key);
    }
  }

  /** Keys held (for tests). */
  get size(): number {
    return this.records.size;
  }

  onApplicationShutdown(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    this.records.clear();
  }
}
