/**
 * A row's cells as the fields of its record, read by column key through the header's index: one
 * array per row where a Map per row held the same cells in a hash table of its own (issue #12: the
 * Maps of a registry import's rows were a tenth of the bytes it allocated, and the rows read ahead
 * of the batch in flight survive the young generation's collections, which copy them).
 */
import type { Raw } from './columns';
import type { RowCells } from './import-types';

/** The header's index: column key → field position in the record (the file's recognised columns only). */
export type FieldIndex = ReadonlyMap<string, number>;

export function fieldIndex(keys: readonly (string | null)[]): FieldIndex {
  const index = new Map<string, number>();
  keys.forEach((key, i) => {
    if (key !== null) index.set(key, i);
  });
  return index;
}

const blank = (v: Raw | undefined): boolean => v === undefined || v === '';

/**
 * A record's fields by the header's index: a blank field ('') or one past the record's end is a
 * missing cell, as a Map that left blank cells out answers. Cells set under keys the header does not
 * have go to a Map of their own (only tests and repairs do that).
 */
export class FieldCells implements RowCells {
  private others: Map<string, Raw> | undefined;

  /** `fields` becomes the row's: the caller does not reuse the array. */
  constructor(
    private readonly index: FieldIndex,
    private readonly fields: Raw[],
  ) {}

  get(key: string): Raw | undefined {
    const i = this.index.get(key);
    if (i === undefined) return this.others?.get(key);
    const v = this.fields[i];
    return v === '' ? undefined : v;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: Raw): this {
    const i = this.index.get(key);
    if (i === undefined) (this.others ??= new Map()).set(key, value);
    else this.fields[i] = value;
    return this;
  }

  delete(key: string): boolean {
    const had = this.has(key);
    const i = this.index.get(key);
    if (i === undefined) this.others?.delete(key);
    else this.fields[i] = undefined;
    return had;
  }

  forEach(visit: (value: Raw, key: string) => void): void {
    this.index.forEach((i, key) => {
      const v = this.fields[i];
      if (!blank(v)) visit(v, key);
    });
    this.others?.forEach(visit);
  }

  *[Symbol.iterator](): IterableIterator<[string, Raw]> {
    for (const [key, i] of this.index) {
      const v = this.fields[i];
      if (!blank(v)) yield [key, v];
    }
    if (this.others) yield* this.others;
  }

  get size(): number {
    let n = this.others?.size ?? 0;
    this.index.forEach((i) => {
      if (!blank(this.fields[i])) n++;
    });
    return n;
  }
}
