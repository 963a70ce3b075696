import { QueryFailedError } from 'typeorm';

/**
 * Whether a write failed on a unique constraint (SQLSTATE 23505): the race a check-then-insert
 * cannot close, answered by the module as its coded conflict instead of an internal error.
 */
export function isUniqueViolation(e: unknown): boolean {
  return e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';
}
