/**
 * V8 keeps an object's properties in a shared shape (fast properties) until more than about a
 * dozen are added by computed key (`row[key] = value` in a loop): it then moves them to a hash
 * table of the object's own (dictionary mode), about three times the bytes and slower to read.
 * A bulk import builds its rows that way and keeps them until its batch is written, so the young
 * generation's collections copy them, twice (issue #12). A spread copy of such an object has fast
 * properties again (one shape for every copy with the same keys in the same order); the built
 * object dies young, which costs a scavenge next to nothing.
 */
export function withFastProperties<T extends object>(built: T): T {
  return { ...built };
}
