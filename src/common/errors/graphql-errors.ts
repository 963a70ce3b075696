import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { AppError } from './app-error';
import { MESSAGES } from './messages';
import { isKnownCode, toAppError } from './normalize';

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
 * Apollo's formatError: every error that leaves has one of the service's codes. Errors from the
 * resolvers arrive already coded by the global filter; GraphQL's own parse and validation
 * errors (and the query limits) become BAD_USER_INPUT with the original code as `reason`;
 * anything else is INTERNAL with a generic message, so no SQL, stack or internal name leaks.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const app = findAppError(original);
  if (app) {
    return { message: app.message, locations: formatted.locations, path: formatted.path, extensions: app.toExtensions() };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && APOLLO_INPUT_CODES.has(code)) {
    const isVariable = code === 'BAD_USER_INPUT' && formatted.message.startsWith('Variable');
    return {
      message: formatted.message,
      locations: formatted.locations,
      extensions: {
        code: 'BAD_USER_INPUT',
        reason: isVariable ? 'INVALID_VARIABLE' : code,
        ...(isVariable ? { field: /Variable "\$([^"]+)"/.exec(formatted.message)?.[1] } : {}),
      },
    };
  }
  if (isKnownCode(code) && code !== 'INTERNAL') {
    const { stacktrace: _stack, exception: _exception, ...rest } = formatted.extensions ?? {};
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: rest };
  }
  // Schema-level rejections by the query limits have no code of their own.
  if (!formatted.path && /depth|alias|cost|token|directive/i.test(formatted.message)) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_LIMIT' } };
  }
  const coded = toAppError(original);
  return {
    message: coded.code === 'INTERNAL' ? MESSAGES.internal : coded.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: coded.toExtensions(),
  };
}

/** The AppError behind an error: the global filter wraps it in a GraphQLError's originalError. */
function findAppError(e: unknown): AppError | undefined {
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof AppError) return cur;
    cur = (cur as { originalError?: unknown }).originalError;
  }
  return undefined;
}
