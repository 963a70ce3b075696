import { ErrorReason } from './reasons';

/**
 * The one error model of the service. Every module throws AppError (usually through its own
 * `*.errors.ts` factory); the global filter and the GraphQL error formatter turn it into
 * `extensions.code` (+ `reason`, `field` for input errors). Messages are for people and may be
 * shown as they are; they never carry SQL, stack traces or internal names.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status of each code, used by REST endpoints and by the GraphQL HTTP layer. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface FieldProblem {
  /** Path of the input field, e.g. `input.name` or `input.members.2.idNumber`. */
  field: string;
  /** A stable machine-readable reason, e.g. `REQUIRED`, `CITIZEN_ID_CHECKSUM` (declared: see reasons.ts). */
  reason: ErrorReason;
  message: string;
}

export interface AppErrorOptions {
  /** Stable module-level reason code, e.g. `REGION_NOT_FOUND`, `VERSION_MISMATCH` (declared: see reasons.ts). */
  reason?: ErrorReason;
  /** For BAD_USER_INPUT: the offending field (the first of `problems`). */
  field?: string;
  problems?: FieldProblem[];
  /** Extra safe-to-show facts, e.g. `{ currentVersion: 4 }`. */
  details?: Record<string, unknown>;
  /**
   * The HTTP status of a REST answer when the code's own (HTTP_STATUS) says too little: 413 for a
   * body over a limit, 415 for a refused media type. GraphQL answers are unchanged.
   */
  httpStatus?: 413 | 415;
  cause?: unknown;
}

export class AppError extends Error {
  readonly reason?: ErrorReason;
  readonly field?: string;
  readonly problems?: FieldProblem[];
  readonly details?: Record<string, unknown>;
  readonly httpStatus?: 413 | 415;

  constructor(readonly code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.reason = options.reason;
    this.problems = options.problems;
    this.field = options.field ?? options.problems?.[0]?.field;
    this.details = options.details;
    this.httpStatus = options.httpStatus;
  }

  static badInput(problems: FieldProblem[], message?: string): AppError {
    const first = problems[0];
    return new AppError('BAD_USER_INPUT', message ?? `${first.field}: ${first.message}`, {
      reason: first.reason,
      problems,
    });
  }

  /**
   * The same error (code, reason, message, details) naming another field: a batch writer names
   * the record a rule refused (`procedures[3].steps[1].on`) with the service's own error.
   */
  at(field: string): AppError {
    return new AppError(this.code, this.message, { reason: this.reason, field, details: this.details, problems: this.problems?.map((p) => ({ ...p, field })), httpStatus: this.httpStatus });
  }

  /** The `extensions` object that leaves the server. */
  toExtensions(): Record<string, unknown> {
    const ext: Record<string, unknown> = { code: this.code };
    if (this.reason) ext.reason = this.reason;
    if (this.field) ext.field = this.field;
    if (this.problems?.length) ext.problems = this.problems;
    if (this.details) Object.assign(ext, { details: this.details });
    return ext;
  }
}
