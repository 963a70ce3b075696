import { getMetadataStorage } from 'class-validator';
import { LRUCache } from 'lru-cache';

/**
 * class-validator rules whose verdict depends on the value alone (no clock, no database, no other
 * property): the built-in ones the arguments of queries use, and the project's `isBigint`
 * (validation.ts). `isOptional` is class-validator's conditional rule (skip when null or undefined).
 */
const PURE_RULES = new Set([
  'isOptional',
  'isDefined',
  'isInt',
  'isNumber',
  'isPositive',
  'min',
  'max',
  'isString',
  'isNotEmpty',
  'minLength',
  'maxLength',
  'length',
  'matches',
  'isEnum',
  'isIn',
  'isBoolean',
  'isDate',
  'isUuid',
  'isArray',
  'arrayMinSize',
  'arrayMaxSize',
  'isBigint',
]);

/** How many validated values are kept per class (the least recently used go first). */
export const VALIDATED_VALUES_MAX = 1000;

type Snapshot = Record<string, unknown>;

/**
 * What the global validation pipe answered for a flat value it already validated (issue #12).
 *
 * The pipe turns a query's arguments into an instance of their class (class-transformer's
 * `plainToInstance`) and validates it against every rule of every property (class-validator):
 * on a small households page that was 16 % of the service's CPU (bench/README.md, step 31), the
 * arguments class having fifteen optional filters. A client asks the same arguments again and
 * again (the first page, a household by id), and for a class whose rules are all pure (above) and
 * a value made only of primitives (or arrays of them), the answer is the same every time: valid,
 * and the same instance. So the pipe's successful answer is kept per class and value, and a
 * repeated value gets a new instance of the class with the same properties (arrays copied), built
 * as `plainToInstance` builds it. Values that fail are never kept: they go through the pipe each
 * time and get its error.
 *
 * Not kept: a class with any other rule (nested inputs, custom constraints, rules of other
 * classes), a value with an object inside, a number that is not finite or is -0 (JSON cannot tell
 * them apart from null and 0), and an answer that is not the value's own properties on a new
 * instance (a date built by `@Type`, anything a `@Transform` changed). The key's marker for
 * `undefined` holds a NUL character, which the pipe refuses in any string before it gets here.
 */
export class ValidatedValues {
  private readonly pure = new Map<Function, boolean>();
  private readonly kept = new Map<Function, LRUCache<string, Snapshot>>();
  /** Answers given from memory (tests, profiling). */
  hits = 0;

  /** The key of `value` for `metatype`, when the pipe's answer for it may be kept. */
  keyOf(metatype: unknown, value: unknown): string | undefined {
    if (typeof metatype !== 'function' || !this.isPure(metatype)) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return undefined;
    const entries: unknown[] = [];
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (!isFlat(v) && !(Array.isArray(v) && v.every(isFlat))) return undefined;
      // undefined is kept apart from an absent key (a key the class does not know is refused even when undefined).
      entries.push(key, v === undefined ? UNDEFINED : v);
    }
    return JSON.stringify(entries);
  }

  /** A new instance for a value answered before, or undefined. */
  get(metatype: Function, key: string): object | undefined {
    const snapshot = this.kept.get(metatype)?.get(key);
    if (!snapshot) return undefined;
    this.hits++;
    return instanceOf(metatype, snapshot);
  }

  /**
   * Keeps the pipe's answer (`entity`) for `value` (of `key`) when it is exactly the value's
   * properties on a new instance of the class: nothing transformed (so no class-transformer
   * `@Transform`, pure or not, is ever replayed from memory) and nothing but flat values.
   */
  remember(metatype: Function, key: string, value: Record<string, unknown>, entity: unknown): void {
    if (typeof entity !== 'object' || entity === null || entity.constructor !== metatype) return;
    const blank = new (metatype as new () => Record<string, unknown>)();
    const snapshot: Snapshot = {};
    for (const [k, v] of Object.entries(entity)) {
      if (!isFlat(v) && !(Array.isArray(v) && v.every(isFlat))) return;
      if (!same(v, Object.hasOwn(value, k) ? value[k] : blank[k])) return;
      snapshot[k] = v;
    }
    let byValue = this.kept.get(metatype);
    if (!byValue) this.kept.set(metatype, (byValue = new LRUCache({ max: VALIDATED_VALUES_MAX })));
    byValue.set(key, snapshot);
  }

  private isPure(metatype: Function): boolean {
    let pure = this.pure.get(metatype);
    if (pure === undefined) {
      const rules = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
      pure = rules.length > 0 && rules.every((r) => r.name !== undefined && PURE_RULES.has(r.name));
      this.pure.set(metatype, pure);
    }
    return pure;
  }
}

const UNDEFINED = '\u0000undefined';

function isFlat(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    default:
      return v === null;
  }
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  return Object.is(a, b);
}

function instanceOf(metatype: Function, snapshot: Snapshot): object {
  const entity = new (metatype as new () => Record<string, unknown>)();
  for (const key of Object.keys(snapshot)) {
    const v = snapshot[key];
    entity[key] = Array.isArray(v) ? v.slice() : v;
  }
  return entity;
}
