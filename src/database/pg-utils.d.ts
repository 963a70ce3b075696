declare module 'pg/lib/utils' {
  /** How the pg driver turns a statement's value into what it sends (used by its Query for every value). */
  export function prepareValue(value: unknown): string | Buffer | null;
}
