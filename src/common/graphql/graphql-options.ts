import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, ValidationContext } from 'graphql';
import { AppConfig } from '../../config/app-config';
import { createGraphQLErrorFormatter, QueryLimitReason } from '../errors/graphql-errors';
import { costLimitPlugin } from './cost-limit';
import { JitGateway } from './jit-executor';
import { answerCompiledFields } from './compiled-read';
import { createRequestContext, RequestContext } from './request-context';

/** Apollo's codes for a well-formed request whose document fails to parse, validate or coerce its variables. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE']);
/** Where Apollo answers; http-setup.ts guards the content type of POSTs to it. */
export const GRAPHQL_PATH = '/graphql';

const LEGACY_JSON = 'application/json';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * GraphQL over HTTP says a well-formed request answered with `application/json` (the legacy
 * media type) gets 200 even when the document fails to parse, validate or coerce its variables;
 * Apollo answers 400. Under `application/graphql-response+json` Apollo's 4xx is right and kept.
 * Requests that are not well-formed (no query, a non-string query, batching, CSRF…) keep their
 * 4xx under both media types. The media type is negotiated here as Apollo does (first of the two
 * on a tie, application/json without Accept) and pinned, so status and content type always agree.
 */
export const legacyJsonStatusPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors, contextValue }) {
        if (response.http.status !== 400 || response.body.kind !== 'single') return;
        if (!errors?.length || !errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) return;
        const req = (contextValue as Partial<RequestContext>).req;
        const mediaType = typeof req?.accepts === 'function' ? req.accepts([LEGACY_JSON, GRAPHQL_RESPONSE_JSON]) : false;
        if (!mediaType) return; // 406 is Apollo's to give
        response.http.headers.set('content-type', `${mediaType}; charset=utf-8`);
        if (mediaType === LEGACY_JSON) response.http.status = 200;
      },
    };
  },
};

const LIMIT_MESSAGES: Record<QueryLimitReason, string> = {
  QUERY_TOO_DEEP: '查询嵌套过深',
  TOO_MANY_ALIASES: '查询别名过多',
  QUERY_TOO_COSTLY: '查询代价过高',
  TOO_MANY_DIRECTIVES: '查询指令过多',
  TOO_MANY_TOKENS: '查询过长',
};

/**
 * A graphql-armor limit reports a validation error carrying its stable `reason` (Apollo keeps it
 * in `extensions`, graphql-errors.ts turns it into BAD_USER_INPUT). Validation errors stop the
 * request before execution, so a refused document never reaches a resolver or the database.
 */
function limit(reason: QueryLimitReason) {
  const onReject = (ctx: ValidationContext | null, err: GraphQLError) => {
    const detail = err.message.replace(/^Syntax Error: /, '');
    ctx?.reportError(new GraphQLError(`${LIMIT_MESSAGES[reason]} (${detail})`, { extensions: { reason } }));
  };
  return { exposeLimits: true, propagateOnRejection: false, onReject: [onReject] };
}

/**
 * Answers are never cached (they are per caller, and may hold personal data): `Cache-Control:
 * no-store` on every GraphQL response, set once per request. Apollo's own cache-control plugin
 * (off: ApolloServerPluginCacheControlDisabled) came to the same header for this schema, which has
 * no cache hints, but it hooked every resolved field to compute it: about 3,000 calls on a page of
 * 50 households with their members (issue #12).
 */
export const GRAPHQL_CACHE_CONTROL = 'no-store';

export const noStorePlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', GRAPHQL_CACHE_CONTROL);
      },
    };
  },
};

export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth, ...limit('QUERY_TOO_DEEP') },
    maxAliases: { n: config.graphql.maxAliases, ...limit('TOO_MANY_ALIASES') },
    // Armor's cost rule ignores variables (`first: $f` counted as 1): cost-limit.ts replaces it.
    costLimit: { enabled: false },
    maxDirectives: { n: 20, ...limit('TOO_MANY_DIRECTIVES') },
    // Armor's token limit re-parses in a plugin hook and turns every syntax error into a 500;
    // graphql-js's own parser counts tokens instead (parseOptions below): TOO_MANY_TOKENS.
    maxTokens: { enabled: false },
    // The formatter strips "Did you mean" from every error (armor's plugin misses enum values and
    // variable errors) whenever introspection is off, i.e. in production unless asked for.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const costLimit = costLimitPlugin({
    maxCost: config.graphql.maxCost,
    message: (max, cost) => `${LIMIT_MESSAGES.QUERY_TOO_COSTLY} (Query Cost limit of ${max} exceeded, found ${cost}.)`,
  });
  // Compiled execution (jit-executor.ts): Apollo calls the gateway's executor after its own
  // parsing, validation and plugin hooks; the schema is Nest's, handed over before the start.
  const jit = new JitGateway();
  const options: ApolloDriverConfig & { gateway: JitGateway } = {
    path: GRAPHQL_PATH,
    autoSchemaFile: true,
    sortSchema: true,
    introspection: config.graphql.introspection,
    playground: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.graphql.maxTokens },
    // graphql-armor is typed against Apollo's ESM build, Nest against the CommonJS one: same objects.
    plugins: [...armor.plugins, costLimit, legacyJsonStatusPlugin, noStorePlugin, ApolloServerPluginCacheControlDisabled()] as unknown as ApolloDriverConfig['plugins'],
    validationRules: armor.validationRules,
    // skipCheck: Nest would run a whole introspection query over the schema it built, only to
    // throw its errors (≈ 0.3 s of every start). Apollo asserts the same schema valid
    // (assertValidSchema: the rules that query's errors come from) when it starts: a broken type
    // still stops the start. (The schema is built once, not printed and built again: schema-driver.ts.)
    buildSchemaOptions: { dateScalarMode: 'isoDate', numberScalarMode: 'integer', skipCheck: true },
    formatError: createGraphQLErrorFormatter({ hideSuggestions: !config.graphql.introspection }),
    context: createRequestContext,
    // Compiled reads' answers skip the resolvers (compiled-read.ts), then graphql-jit compiles against the schema.
    transformSchema: (schema) => jit.useSchema(answerCompiledFields(schema)),
    gateway: jit,
  };
  return options;
}
