import { HttpException, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError, ERROR_CODES, ErrorCode } from './app-error';
import { MESSAGES } from './messages';
import { CommonReason, httpStatusReason } from './reasons';

const logger = new Logger('Errors');

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Connection ended',
  'Client has encountered a connection error',
  'connect ECONNREFUSED',
];

function isConnectionFailure(e: unknown): boolean {
  const err = e as { code?: string; message?: string; driverError?: unknown };
  if (err?.driverError && isConnectionFailure(err.driverError)) return true;
  const code = err?.code ?? '';
  if (CONNECTION_ERRORS.has(code)) return true;
  // SQLSTATE class 08 (connection exception), 57P01..57P03 (shutdown, cannot connect now).
  if (/^08/.test(code) || /^57P0[123]$/.test(code)) return true;
  const message = err?.message ?? '';
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}

/** A PostgreSQL error as thrown by the pg driver (alone, or inside TypeORM's QueryFailedError). */
interface DriverError {
  code?: string;
  constraint?: string;
  table?: string;
  severity?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function driverErrorOf(e: unknown): DriverError | undefined {
  const inner = e instanceof QueryFailedError ? (e.driverError as DriverError | undefined) : (e as DriverError | undefined);
  if (!inner || typeof inner !== 'object' || typeof inner.code !== 'string' || !SQLSTATE.test(inner.code)) return undefined;
  // pg's DatabaseError carries a severity; a QueryFailedError is a database error by definition.
  return e instanceof QueryFailedError || typeof inner.severity === 'string' ? inner : undefined;
}

/**
 * What may be logged of a database error: its SQLSTATE, constraint and table. Never the
 * driver's message, detail or the statement's parameters: they echo the caller's values
 * (`invalid input syntax for type uuid: "…"`, `Key (id_number_hash)=(…) already exists`),
 * which may be personal data. Anything else is returned unchanged.
 */
export function loggableError(e: unknown): unknown {
  const db = driverErrorOf(e);
  if (!db) return e;
  return { type: 'DatabaseError', sqlState: db.code, constraint: db.constraint, table: db.table };
}

/**
 * Turns anything thrown into the one error model. Known failures get their code; the rest
 * become INTERNAL with a generic message, and only then is the original logged (a database
 * error as its SQLSTATE, constraint and table only: see loggableError).
 */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isConnectionFailure(e)) {
    const db = driverErrorOf(e);
    logger.warn(db ? { err: loggableError(e) } : { err: { message: (e as Error).message } }, 'database unavailable');
    return new AppError('SERVICE_UNAVAILABLE', MESSAGES.databaseUnavailable, { reason: CommonReason.DATABASE_UNAVAILABLE });
  }
  const db = driverErrorOf(e);
  if (db) {
    const code = db.code!;
    if (code === '57014') {
      return new AppError('SERVICE_UNAVAILABLE', '查询超时 (query timed out)', { reason: CommonReason.STATEMENT_TIMEOUT });
    }
    if (code === '40001' || code === '40P01') {
      return new AppError('CONFLICT', '并发冲突，请重试 (concurrent update, retry)', { reason: CommonReason.SERIALIZATION_FAILURE });
    }
    if (code.startsWith('22')) {
      // Class 22, data exception: a value the database cannot take (malformed uuid or number,
      // out of range, NUL, bad date). The input was wrong, whichever check missed it.
      logger.warn({ err: loggableError(e) }, 'query refused a value');
      return new AppError('BAD_USER_INPUT', MESSAGES.invalidValue, { reason: CommonReason.INVALID_VALUE });
    }
    logger.error({ err: loggableError(e) }, 'query failed');
    return new AppError('INTERNAL', MESSAGES.internal, { reason: CommonReason.INTERNAL });
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const code: ErrorCode =
      status === 401 ? 'UNAUTHENTICATED'
      : status === 403 ? 'FORBIDDEN'
      : status === 404 ? 'NOT_FOUND'
      : status === 409 ? 'CONFLICT'
      : status === 429 ? 'RATE_LIMITED'
      : status === 503 ? 'SERVICE_UNAVAILABLE'
      : status >= 400 && status < 500 ? 'BAD_USER_INPUT'
      : 'INTERNAL';
    if (code === 'INTERNAL') logger.error({ err: e }, 'http exception');
    if (status === 404 && /^Cannot [A-Z]+ /.test(e.message)) {
      // Express's "Cannot GET /path": no route. Do not echo the path back.
      return new AppError('NOT_FOUND', MESSAGES.notFoundRoute, { reason: CommonReason.ROUTE_NOT_FOUND });
    }
    return new AppError(code, code === 'INTERNAL' ? MESSAGES.internal : e.message, { reason: httpStatusReason(status) });
  }
  logger.error({ err: e }, 'unexpected error');
  return new AppError('INTERNAL', MESSAGES.internal, { reason: CommonReason.INTERNAL });
}

export function isKnownCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}
