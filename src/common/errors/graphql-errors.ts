import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { AppError } from './app-error';
import { MESSAGES } from './messages';
import { isKnownCode, toAppError } from './normalize';
import { CommonReason } from './reasons';

/** Apollo's own codes for requests refused before execution, kept as `reason`. */
const APOLLO_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Stable `reason`s of documents refused by the query limits (graphql-options.ts). The limit
 * rules put the reason on the validation error they report; Apollo keeps it in `extensions`.
 */
export const QUERY_LIMIT_REASONS = [
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'QUERY_TOO_COSTLY',
  'TOO_MANY_DIRECTIVES',
  'TOO_MANY_TOKENS',
] as const;
export type QueryLimitReason = (typeof QUERY_LIMIT_REASONS)[number];

/** Other stable reasons this formatter gives to errors that Apollo or graphql-js raise. */
const KNOWN_VALIDATION_REASONS = new Set<string>([...QUERY_LIMIT_REASONS, 'INTROSPECTION_DISABLED']);

/** graphql-js's parser, when `parseOptions.maxTokens` is exceeded (16.x spells it "more that"). */
const TOO_MANY_TOKENS = /Document contains more (?:than|that) (\d+) tokens\. Parsing aborted\./;
/** graphql-js aborts validation (its own work budget, e.g. thousands of identical fields). */
const VALIDATION_ABORTED = 'Validation aborted.';
/** "Did you mean …?" in graphql-js messages names schema members: not shown in production. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** Apollo's BAD_REQUEST messages that deserve a reason of their own (matched by prefix). */
const BAD_REQUEST_REASONS: [prefix: string, reason: string][] = [
  ['This operation has been blocked as a potential Cross-Site Request Forgery', 'CSRF_PREVENTED'],
  ['Operation batching disabled', 'BATCH_NOT_ALLOWED'],
  ['GraphQL operations must contain a non-empty `query`', 'MISSING_QUERY'],
  ['GET requests only support query operations', 'MUTATION_OVER_GET'],
  ['Apollo Server supports only GET/POST requests', 'METHOD_NOT_ALLOWED'],
];

export interface GraphQLErrorFormatterOptions {
  /** Strip "Did you mean …?" suggestions (they leak the schema when introspection is off). */
  hideSuggestions?: boolean;
}

/**
 * Apollo's formatError: every error that leaves has one of the service's codes. Errors from the
 * resolvers arrive already coded by the global filter; GraphQL's own parse and validation
 * errors (and the query limits) become BAD_USER_INPUT with a stable `reason` (the original
 * Apollo code unless something more specific is known); anything else is INTERNAL with a
 * generic message, so no SQL, stack or internal name leaks.
 */
export function createGraphQLErrorFormatter(options: GraphQLErrorFormatterOptions = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = formatGraphQLError(formatted, error);
    return options.hideSuggestions ? { ...result, message: result.message.replace(SUGGESTION, '') } : result;
  };
}

export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const app = findAppError(original);
  if (app) {
    return { message: app.message, locations: formatted.locations, path: formatted.path, extensions: app.toExtensions() };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && APOLLO_INPUT_CODES.has(code)) {
    const { message, extensions } = apolloInputError(code, formatted);
    return { message, locations: formatted.locations, extensions };
  }
  if (isKnownCode(code) && code !== 'INTERNAL') {
    const { stacktrace: _stack, exception: _exception, ...rest } = formatted.extensions ?? {};
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: rest };
  }
  const coded = toAppError(original);
  return {
    message: coded.code === 'INTERNAL' ? MESSAGES.internal : coded.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: coded.toExtensions(),
  };
}

function apolloInputError(code: string, formatted: GraphQLFormattedError): { message: string; extensions: Record<string, unknown> } {
  const ext = formatted.extensions ?? {};
  const message = formatted.message;
  const input = (reason: string, extra: Record<string, unknown> = {}) => ({
    message,
    extensions: { code: 'BAD_USER_INPUT', reason, ...extra },
  });
  if (code === 'GRAPHQL_PARSE_FAILED') {
    const tokens = TOO_MANY_TOKENS.exec(message);
    if (tokens) {
      return { message: `查询过长 (document has more than ${tokens[1]} tokens)`, extensions: { code: 'BAD_USER_INPUT', reason: CommonReason.TOO_MANY_TOKENS } };
    }
    return input(code);
  }
  if (code === 'GRAPHQL_VALIDATION_FAILED') {
    // Set by our limit rules (`reason`) or by Apollo's NoIntrospection rule (`validationErrorCode`).
    const specific = typeof ext.reason === 'string' ? ext.reason : ext.validationErrorCode;
    if (typeof specific === 'string' && KNOWN_VALIDATION_REASONS.has(specific)) return input(specific);
    if (message === VALIDATION_ABORTED) {
      return { message: `${MESSAGES.queryRejected}: query too complex to validate`, extensions: { code: 'BAD_USER_INPUT', reason: CommonReason.QUERY_TOO_COSTLY } };
    }
    return input(code);
  }
  if (code === 'BAD_USER_INPUT') {
    // Variable coercion ("Variable "$n" got invalid value …"): name the variable.
    const variable = /^Variable "\$([^"]+)"/.exec(message)?.[1];
    return variable ? input('INVALID_VARIABLE', { field: variable }) : input('BAD_USER_INPUT');
  }
  if (code === 'BAD_REQUEST') {
    const reason = BAD_REQUEST_REASONS.find(([prefix]) => message.startsWith(prefix))?.[1];
    return input(reason ?? code);
  }
  return input(code);
}

/** The AppError behind an error: the global filter wraps it in a GraphQLError's originalError. */
function findAppError(e: unknown): AppError | undefined {
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof AppError) return cur;
    cur = (cur as { originalError?: unknown }).originalError;
  }
  return undefined;
}
