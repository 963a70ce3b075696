/** Small helpers for the bench command lines (node:util parseArgs does the parsing). */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function wholeNumber(name: string, value: string | undefined, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.replace(/_/g, ''))) throw new UsageError(`--${name} must be a whole number (got "${value}")`);
  const n = Number(value.replace(/_/g, ''));
  if (n < min || n > max) throw new UsageError(`--${name} must be from ${min} to ${max} (got ${n})`);
  return n;
}

/** A tag goes into a result file's name: no separators, no leading dot. */
const TAG = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

/** `--tag NAME`, checked (result files `<…>-<NAME>.*`), or undefined when not given. */
export function fileTag(value: string | undefined): string | undefined {
  if (value !== undefined && !TAG.test(value)) {
    throw new UsageError(`--tag must be 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' (got "${value}")`);
  }
  return value;
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}
