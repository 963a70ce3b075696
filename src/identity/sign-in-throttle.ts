import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, DelayRule, SignInDelaySettings } from '../config/app-config';
import { SECRETS, Secrets } from '../config/secrets';
import { IdentityErrors } from './identity.errors';
import { LoginThrottleRepository, ThrottleCounter } from './login-throttle.repository';

/** Blind-index domain of the counters' keys. */
export const LOGIN_THROTTLE_DOMAIN = 'login-throttle';

/** Addresses remembered in memory at most (the oldest are forgotten first). */
const MAX_ADDRESSES = 100_000;
/** The table is swept of forgotten counters at most this often (by a sign-in, never by a timer). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The wait before the next attempt after `failures` wrong passwords: none for the first
 * `freeFailures`, then base · 2^(n−1) for the n-th one beyond them, at most `maxMs`.
 */
export function delayMs(failures: number, rule: DelayRule, baseMs: number): number {
  const over = failures - rule.freeFailures;
  if (over <= 0) return 0;
  return Math.min(rule.maxMs, baseMs * 2 ** Math.min(over - 1, 40));
}

/** How long a counter still holds the next attempt back at `now` (0: go ahead). */
export function waitMs(counter: { failures: number; lastFailureAt: number }, rule: DelayRule, s: SignInDelaySettings, now: number): number {
  if (counter.failures === 0 || now - counter.lastFailureAt >= s.forgetMs) return 0;
  // No delay is due: go ahead, even when a parallel attempt counted a moment after `now` was read.
  const delay = delayMs(counter.failures, rule, s.baseMs);
  if (delay === 0) return 0;
  return Math.max(0, counter.lastFailureAt + delay - now);
}

/** An attempt let through, counted as a failure until `succeeded` says otherwise. */
export interface SignInAttempt {
  keys: string[];
  address: string;
  /** Wrong passwords for this username in the forget window, this attempt included. */
  accountFailures: number;
  /** The address counter as it was before this attempt. */
  addressBefore: { failures: number; lastFailureAt: number };
}

/**
 * Progressive sign-in delays instead of locking accounts (a lock anyone can trigger locks out
 * the owner). Three counters of wrong passwords, each with its own rule (config
 * `auth.signInDelays`): per username and client address (the one guessing slows down fast), per
 * username from anywhere (gentler, since the owner shares it) and per address over every username
 * (in memory). While any of them holds the attempt back, sign-in answers SIGN_IN_DELAYED without
 * looking at the password. Counters are kept by username, not by account, so an unknown username
 * behaves exactly like a known one.
 *
 * An attempt is counted as a failure before its password is checked, under a row lock, so
 * parallel guesses cannot all slip through before the first failure is recorded; a correct
 * password then clears the username's counters.
 */
@Injectable()
export class SignInThrottle {
  private readonly addresses = new Map<string, { failures: number; lastFailureAt: number }>();
  private lastSweep = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRETS) private readonly secrets: Secrets,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly counters: LoginThrottleRepository,
  ) {}

  private get settings(): SignInDelaySettings {
    return this.config.auth.signInDelays;
  }

  /** Refuses the attempt while a delay runs (SIGN_IN_DELAYED), else counts it and lets it through. */
  async begin(username: string, address: string): Promise<SignInAttempt> {
    const s = this.settings;
    const now = Date.now();
    await this.sweep(now);
    // The address counter is reserved synchronously: parallel requests see each other.
    const addressBefore = this.addressCounter(address, now);
    const addressWait = waitMs(addressBefore, s.address, s, now);
    if (addressWait > 0) throw IdentityErrors.signInDelayed(addressWait);
    this.addresses.delete(address);
    this.addresses.set(address, { failures: addressBefore.failures + 1, lastFailureAt: now });
    if (this.addresses.size > MAX_ADDRESSES) this.addresses.delete(this.addresses.keys().next().value!);

    const accountKey = this.key(`account:${username}`);
    const pairKey = this.key(`pair:${username}|${address}`);
    const rules = new Map<string, DelayRule>([
      [accountKey, s.account],
      [pairKey, s.accountAddress],
    ]);
    let outcome: { wait: number; accountFailures: number };
    try {
      outcome = await this.dataSource.transaction(async (m) => {
        const rows = await this.counters.lock(m, [...rules.keys()], new Date(now));
        const current = rows.map((r) => ({ ...r, failures: now - r.lastFailureAt.getTime() >= s.forgetMs ? 0 : r.failures }));
        const wait = Math.max(0, ...current.map((c) => waitMs({ failures: c.failures, lastFailureAt: c.lastFailureAt.getTime() }, rules.get(c.key)!, s, now)));
        if (wait > 0) return { wait, accountFailures: 0 };
        const next: ThrottleCounter[] = current.map((c) => ({ key: c.key, failures: c.failures + 1, lastFailureAt: new Date(now) }));
        await this.counters.save(m, next);
        return { wait: 0, accountFailures: next.find((c) => c.key === accountKey)!.failures };
      });
    } catch (e) {
      this.restoreAddress(address, addressBefore);
      throw e;
    }
    if (outcome.wait > 0) {
      this.restoreAddress(address, addressBefore);
      throw IdentityErrors.signInDelayed(outcome.wait);
    }
    return { keys: [...rules.keys()], address, accountFailures: outcome.accountFailures, addressBefore };
  }

  /** The password was right: the username's counters start again, and the address keeps its earlier count. */
  async succeeded(manager: EntityManager, attempt: SignInAttempt): Promise<void> {
    this.restoreAddress(attempt.address, attempt.addressBefore);
    await this.counters.remove(manager, attempt.keys);
  }

  private key(plaintext: string): string {
    return this.secrets.cipher.blindIndex(plaintext, LOGIN_THROTTLE_DOMAIN);
  }

  private addressCounter(address: string, now: number): { failures: number; lastFailureAt: number } {
    const c = this.addresses.get(address);
    if (!c || now - c.lastFailureAt >= this.settings.forgetMs) return { failures: 0, lastFailureAt: 0 };
    return c;
  }

  /** Takes back this attempt's count, unless later attempts have counted since. */
  private restoreAddress(address: string, before: { failures: number; lastFailureAt: number }): void {
    const c = this.addresses.get(address);
    if (!c) return;
    if (c.failures <= 1 && before.failures === 0) this.addresses.delete(address);
    else c.failures = Math.max(before.failures, c.failures - 1);
  }

  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.counters.sweep(new Date(now - this.settings.forgetMs));
    for (const [address, c] of this.addresses) if (now - c.lastFailureAt >= this.settings.forgetMs) this.addresses.delete(address);
  }
}
