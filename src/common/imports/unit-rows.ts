/**
 * A unit's rows as an import reads them (a household and its members, later a student, a
 * payee …): adjacent rows of one key, their digest for re-imports, and the grouping itself.
 */
import { createHash } from 'node:crypto';
import type { ImportColumn } from './columns';
import type { RawRow } from './import-types';

/** A unit's rows as read, before or after they are checked (`P`: the port's checked unit). */
export interface UnitRows<P = unknown> {
  /** The unit's key (cellText of the key column; '' when blank). */
  key: string;
  rows: readonly RawRow[];
  /** Data-row ordinal (from 0) of rows[0]. */
  firstRow: number;
  /** Rows the unit spans in the file: rows.length, or more when it passed the rows-per-unit cap (only the first rows are kept). */
  size: number;
  /** digestOf the rows, or null when they cannot be trusted to mean what they meant before. */
  digest: string | null;
  /** The checked unit: set by the runner up front, or by the port's writer when it needs it. */
  parsed?: P;
}

/**
 * The identity of a unit's rows for re-imports: SHA-256 over the file's columns and every raw
 * cell of the rows, exactly as read (no parsing, so it costs little). Row numbers are not in it:
 * the same unit moved elsewhere in the file has the same digest.
 */
export function digestOf(rows: readonly RawRow[], columns: readonly ImportColumn[]): string {
  // The text's pieces, joined once: no string made per cell (issue #12: appending to one string
  // made a rope of two or three strings a cell, 12 % of the bytes an import allocated).
  const parts: (string | number)[] = [headOf(columns), rows.length];
  for (const row of rows) {
    for (const c of columns) {
      const v = row.values.get(c.key);
      // Typed and length-prefixed: no two different rows write the same text.
      if (typeof v === 'string') parts.push(v.length + 1, ':s', v);
      else if (v === undefined) parts.push('1:u');
      else {
        const cell = v === null ? 'n' : v instanceof Date ? `d${v.toISOString()}` : `${typeof v}${String(v)}`;
        parts.push(cell.length, ':', cell);
      }
    }
  }
  return createHash('sha256').update(parts.join('')).digest('hex');
}

/** The digest text's head for a file's columns (`v1|key,key,…|`), made once per file. */
const HEADS = new WeakMap<readonly ImportColumn[], string>();
function headOf(columns: readonly ImportColumn[]): string {
  let head = HEADS.get(columns);
  if (head === undefined) HEADS.set(columns, (head = `v1|${columns.map((c) => c.key).join(',')}|`));
  return head;
}

/**
 * A released row's cell was read: a unit whose cells went when its digest settled it
 * (ImportSession.settledHint) is to be checked after all, the registry having changed since. The
 * runner rolls the batch back and writes it again from the file's rows.
 */
export class CellsReleased extends Error {
  constructor() {
    super('import: the cells of a unit its digest settled when read were released, and it is to be checked after all (the batch is read again)');
  }
}

/** A released row's cells: none, and none can be added; reading one throws CellsReleased. */
class ReleasedCells extends Map<string, never> {
  override set(): this {
    throw new Error('a released row keeps no cells');
  }
  override get(): never {
    throw new CellsReleased();
  }
}
const RELEASED = new ReleasedCells();

/**
 * Drops the raw cells of a unit's rows (each row keeps its number and problems): the cells, a Map
 * per row, then die young instead of living, promoted to the old generation, while the batch is
 * read and written. A port calls it once it has checked a unit and its writer needs only the
 * checked unit (`parsed` is set), its key and its digest; the runner calls it for the units a
 * hint says their digests settle (ImportSession.settledHint), whose cells, if the write must check
 * them after all, throw CellsReleased.
 */
export function releaseCells(unit: UnitRows): void {
  for (const row of unit.rows) row.values = RELEASED;
}

/** Whether releaseCells dropped the unit's cells. */
export function cellsReleased(unit: UnitRows): boolean {
  return unit.rows.length > 0 && unit.rows[0].values === RELEASED;
}

/** Adjacent rows of one key: the first `maxRows` of them, and how many there were. */
export interface RowGroup {
  rows: RawRow[];
  size: number;
}

/**
 * Groups adjacent rows of one key (a blank key is a group of its own). A unit longer than
 * `maxRows` keeps its first `maxRows` rows (the rest are counted, not kept): a file of half a
 * million rows under one key costs no more memory than a unit may have, and the port refuses it.
 */
export async function* groupRows(rows: AsyncIterable<RawRow>, keyOf: (row: RawRow) => string, maxRows = Number.POSITIVE_INFINITY): AsyncGenerator<RowGroup> {
  let current: RawRow[] = [];
  let size = 0;
  let key: string | undefined;
  for await (const row of rows) {
    const k = keyOf(row);
    if (size && (k !== key || k === '')) {
      yield { rows: current, size };
      current = [];
      size = 0;
    }
    key = k;
    size++;
    if (current.length < maxRows) current.push(row);
  }
  if (size) yield { rows: current, size };
}
