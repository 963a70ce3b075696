/**
 * Reason codes (`extensions.reason`): stable, machine-readable, one meaning each. Every module
 * declares the codes it answers with once, with defineReasons, in its `*.errors.ts`
 * (`HouseholdsReason`, `IdentityReason`, …); codes several modules answer with, in the same
 * meaning, are the kit's (`CommonReason` below). AppError and FieldProblem take an ErrorReason,
 * which only a declaration gives: a free string does not compile.
 */
declare const ERROR_REASON: unique symbol;

/** A declared reason code: a string, branded so that only defineReasons makes one. */
export type ErrorReason = string & { readonly [ERROR_REASON]: true };

/** The declared codes of a module, keyed by themselves: `HouseholdsReason.HOUSEHOLD_NOT_FOUND === 'HOUSEHOLD_NOT_FOUND'`. */
export type Reasons<C extends string> = { readonly [K in C]: ErrorReason };

const DECLARED: { module: string; code: string }[] = [];

/** Declares a module's reason codes (see the file's comment). */
export function defineReasons<const C extends readonly string[]>(module: string, codes: C): Reasons<C[number]> {
  const out: Record<string, string> = {};
  for (const code of codes) {
    out[code] = code;
    DECLARED.push({ module, code });
  }
  return Object.freeze(out) as unknown as Reasons<C[number]>;
}

/** Every code declared so far, with its module (for the test that lists them: each once). */
export function declaredReasons(): readonly { module: string; code: string }[] {
  return DECLARED;
}

/**
 * The reason of a class-validator rule (`isNotEmpty` → `IS_NOT_EMPTY`, the whitelist's
 * `UNKNOWN_FIELD`): the validator's vocabulary, not a module's, so derived rather than declared.
 */
export function validatorReason(rule: string): ErrorReason {
  return (rule === 'whitelistValidation' ? 'UNKNOWN_FIELD' : rule.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()) as ErrorReason;
}

/**
 * The reason of an HTTP error raised by the framework rather than by a module (`TOO_MANY_REQUESTS`,
 * else `HTTP_<status>`): derived from the status, so not declared.
 */
export function httpStatusReason(status: number): ErrorReason {
  return (status === 429 ? 'TOO_MANY_REQUESTS' : `HTTP_${status}`) as ErrorReason;
}

/** The kit's codes, and those several modules answer with in the same meaning. */
export const CommonReason = defineReasons('common', [
  'BAD_REQUEST_BODY',
  'CITIZEN_ID_15_DIGIT',
  'CITIZEN_ID_BIRTH_DATE',
  'CITIZEN_ID_CHECKSUM',
  'CITIZEN_ID_EMPTY',
  'CITIZEN_ID_FORMAT',
  'CITIZEN_ID_LENGTH',
  'CITIZEN_ID_REGION',
  'CREDIT_CODE_ALPHABET',
  'CREDIT_CODE_AUTHORITY',
  'CREDIT_CODE_CHECKSUM',
  'CREDIT_CODE_EMPTY',
  'CREDIT_CODE_LENGTH',
  'CREDIT_CODE_ORGANISATION',
  'CREDIT_CODE_REGION',
  'DATABASE_UNAVAILABLE',
  'DATE_BEFORE_LAST_STEP',
  'DATE_IN_FUTURE',
  'FIRST_AND_LAST',
  'HOUSEHOLD_NOT_FOUND',
  'HOUSEHOLD_REMOVED',
  'ILLEGAL_TRANSITION',
  'INTERNAL',
  'INVALID_CURSOR',
  'INVALID_DATE',
  'INVALID_DECIMAL',
  'INVALID_PERIOD',
  'INVALID_VALUE',
  'MALFORMED_JSON',
  'MEMBER_NOT_FOUND',
  'MISSING_PERMISSION',
  'NOTICE_NOT_OVER',
  'NOT_READY',
  'NOT_SIGNED_IN',
  'NO_PERMISSION_DECLARED',
  'NUL_CHARACTER',
  'PASSWORD_CHANGE_REQUIRED',
  'PAYLOAD_TOO_LARGE',
  'QUERY_TOO_COSTLY',
  'REASON_REQUIRED',
  'REGION_NOT_FOUND',
  'REGION_OUT_OF_SCOPE',
  'ROUTE_NOT_FOUND',
  'SERIALIZATION_FAILURE',
  'STEP_INPUT_REQUIRED',
  'STATEMENT_TIMEOUT',
  'TOO_MANY_TOKENS',
  'UNSUPPORTED_ENCODING',
  'UNSUPPORTED_MEDIA_TYPE',
  'VERSION_MISMATCH',
]);
