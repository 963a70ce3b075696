import type { Principal } from '../common/access/principal';
import { PrincipalCache } from './principal-cache';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

function principal(id: string, name = 'officer'): Principal {
  return { kind: 'user', id, personId: id, name, roles: [], permissions: new Set(), regionCode: '410100000000', scopePrefix: '4101', sessionId: 's1' };
}

describe('PrincipalCache', () => {
  let now: number;
  let cache: PrincipalCache;

  beforeEach(() => {
    now = 1_000_000;
    cache = new PrincipalCache({ ttlMs: 60_000, maxEntries: 3, changeSettleMs: 10_000 }, () => now);
    cache.setListening(true);
  });

  function keep(id: string, session = 's1', p = principal(id)): void {
    cache.put(id, session, cache.ticket(id), p);
  }

  it('keeps a principal per account and sign-in until its time is up', () => {
    keep(A);
    expect(cache.get(A, 's1')?.id).toBe(A);
    expect(cache.get(A, 's2')).toBeUndefined();
    now += 59_999;
    expect(cache.get(A, 's1')?.id).toBe(A);
    now += 1;
    expect(cache.get(A, 's1')).toBeUndefined();
  });

  it('keeps nothing while not listening, and forgets everything when listening starts or stops', () => {
    keep(A);
    cache.setListening(false);
    expect(cache.get(A, 's1')).toBeUndefined();
    keep(A);
    expect(cache.size).toBe(0);
    cache.setListening(true);
    expect(cache.get(A, 's1')).toBeUndefined();
  });

  it('with an epoch: keeps nothing while it is null, forgets everything when it changes, and a read begun before a change is not kept', () => {
    let epoch: number | null = 1;
    cache.setEpoch(() => epoch);
    keep(A);
    expect(cache.get(A, 's1')?.id).toBe(A);
    epoch = null;
    expect(cache.get(A, 's1')).toBeUndefined();
    keep(B);
    expect(cache.get(B, 's1')).toBeUndefined();
    epoch = 1;
    // Back to the same epoch after a null one: what was kept before is gone.
    expect(cache.get(A, 's1')).toBeUndefined();
    keep(A);
    expect(cache.get(A, 's1')?.id).toBe(A);
    epoch = 2;
    expect(cache.get(A, 's1')).toBeUndefined();
    const ticket = cache.ticket(B);
    epoch = 3;
    cache.put(B, 's1', ticket, principal(B));
    expect(cache.get(B, 's1')).toBeUndefined();
    cache.setEpoch(null);
    keep(B);
    expect(cache.get(B, 's1')?.id).toBe(B);
  });

  it('keeps nothing with a TTL of 0', () => {
    const off = new PrincipalCache({ ttlMs: 0, maxEntries: 3, changeSettleMs: 10_000 }, () => now);
    off.setListening(true);
    off.put(A, 's1', off.ticket(A), principal(A));
    expect(off.active).toBe(false);
    expect(off.get(A, 's1')).toBeUndefined();
  });

  it("forgets an account's principals on its notification, and everyone's on '*'", () => {
    keep(A, 's1');
    keep(A, 's2');
    keep(B);
    cache.notified(A);
    expect(cache.get(A, 's1')).toBeUndefined();
    expect(cache.get(A, 's2')).toBeUndefined();
    expect(cache.get(B, 's1')?.id).toBe(B);
    cache.notified('*');
    expect(cache.get(B, 's1')).toBeUndefined();
  });

  it('does not keep what a read that began before a change found', () => {
    const before = cache.ticket(A);
    cache.notified(A);
    cache.put(A, 's1', before, principal(A));
    expect(cache.get(A, 's1')).toBeUndefined();

    const beforeAll = cache.ticket(B);
    cache.notified('*');
    cache.put(B, 's1', beforeAll, principal(B));
    expect(cache.get(B, 's1')).toBeUndefined();

    // Another account's change does not matter.
    const ticketA = cache.ticket(A);
    cache.notified(B);
    cache.put(A, 's1', ticketA, principal(A));
    expect(cache.get(A, 's1')?.id).toBe(A);
  });

  it('keeps what a read that learnt its account on the way found (an API key\'s) only if no change at all came meanwhile', () => {
    const before = cache.ticket();
    cache.notified(B);
    cache.put(A, 'key:abc', before, principal(A));
    expect(cache.get(A, 'key:abc')).toBeUndefined();
    const quiet = cache.ticket();
    cache.put(A, 'key:abc', quiet, principal(A));
    expect(cache.get(A, 'key:abc')?.id).toBe(A);
  });

  it('reads an account this process is changing from the database until its notification comes, or the settle time passes', () => {
    keep(A);
    cache.accountChanging(A);
    expect(cache.get(A, 's1')).toBeUndefined();
    // A read between the change and its commit sees the old row: not kept.
    keep(A);
    expect(cache.get(A, 's1')).toBeUndefined();
    cache.notified(A);
    keep(A);
    expect(cache.get(A, 's1')?.id).toBe(A);

    // A change that never commits (rolled back: no notification): kept again after the settle time.
    cache.accountChanging(B);
    keep(B);
    expect(cache.get(B, 's1')).toBeUndefined();
    now += 10_000;
    keep(B);
    expect(cache.get(B, 's1')?.id).toBe(B);
  });

  it('holds at most its maximum, dropping the oldest, and hands out frozen principals', () => {
    const C = '00000000-0000-4000-8000-00000000000c';
    const D = '00000000-0000-4000-8000-00000000000d';
    for (const id of [A, B, C, D]) keep(id);
    expect(cache.size).toBe(3);
    expect(cache.get(A, 's1')).toBeUndefined();
    const d = cache.get(D, 's1')!;
    expect(Object.isFrozen(d)).toBe(true);
    // Dropping the oldest also forgets it under its account: a later notification finds nothing stale.
    cache.notified(B);
    expect(cache.size).toBe(2);
  });
});
