import { v7 } from 'uuid';
import { RandomPool } from './random-pool';

const ID_BYTES = 16;
/** Random bytes for 512 ids per fill. */
const pool = new RandomPool(ID_BYTES * 512);
/** The last id's millisecond and counter (uuid's own v7 state, kept here: see timeOrderedId). */
const last = { msecs: -Infinity, seq: 0 };

/**
 * A new UUID of version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then a counter, then
 * random bits, made by the uuid package. Rows that get these ids as they are inserted go to the
 * right-hand end of the indexes on their ids instead of a random leaf page each.
 *
 * The random bytes come from a pool (RandomPool) filled 512 ids at a time. uuid's `v7()`
 * asks the system for 16 bytes per id (`crypto.getRandomValues`), which costs 4–5 µs an id on a
 * 2-core machine (60 ns from the pool) and took ~2.3 s of a 30,000-household import's 21 s of busy
 * CPU (~180,000 ids: households, members, events; bench/README.md, import). The field cipher
 * draws its IVs from a RandomPool too.
 *
 * Given the random bytes, `v7()` keeps no state between calls, so the order within one
 * millisecond is kept here as uuid keeps it for its own calls: in a new millisecond the counter
 * starts from 31 random bits; within the same millisecond it goes up by one, and when it wraps
 * the millisecond moves on. The ids one process makes therefore sort in the order they were made.
 * The time part shows when a row was made, to the millisecond, to whoever can read its id.
 */
export function timeOrderedId(): string {
  const random = pool.take(ID_BYTES);
  const now = Date.now();
  if (now > last.msecs) {
    last.msecs = now;
    last.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    last.seq = (last.seq + 1) | 0;
    if (last.seq === 0) last.msecs++;
  }
  return v7({ random, msecs: last.msecs, seq: last.seq });
}
