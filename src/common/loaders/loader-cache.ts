import DataLoader from 'dataloader';

/**
 * The per-request home of DataLoaders. One is created for every GraphQL request (see the
 * GraphQL context) so batching and caching never cross requests or users. A module's
 * `*.loaders.ts` asks for its loader by a key, creating it on first use:
 *
 *   byCode(ctx) { return ctx.loaders.get('regions.byCode', () => new DataLoader(...)); }
 */
export class LoaderCache {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private readonly primed = new Map<DataLoader<unknown, unknown>, Map<unknown, unknown>>();

  /**
   * Primes `loader` (one of this cache's) with `key` → `value` and keeps the value where `known`
   * reads it without a promise (issue #12: a field resolver whose value a parent's statement read
   * along answers it synchronously, instead of a promise per field through `load`). The loader and
   * `known` always agree: a key primed again (two lists of one request reading the same parent) or
   * loaded before takes the newest value in both (`clear` then `prime`; a caller already holding
   * the older promise keeps its value).
   */
  prime<K, V>(loader: DataLoader<K, V>, key: K, value: V): void {
    loader.clear(key).prime(key, value);
    let values = this.primed.get(loader as DataLoader<unknown, unknown>);
    if (!values) this.primed.set(loader as DataLoader<unknown, unknown>, (values = new Map()));
    values.set(key, value);
  }

  /** The value primed (`prime`) for `key` in `loader`; undefined when none was (load it). */
  known<K, V>(loader: DataLoader<K, V>, key: K): V | undefined {
    return this.primed.get(loader as DataLoader<unknown, unknown>)?.get(key) as V | undefined;
  }

  get<K, V>(key: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = create() as DataLoader<unknown, unknown>;
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders batch results by the requested keys, null where absent (what DataLoader expects). */
export function orderByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const byKey = new Map<K, V>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Groups batch results per requested key (one-to-many loaders). */
export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}
