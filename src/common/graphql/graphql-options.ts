import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { AppConfig } from '../../config/app-config';
import { formatGraphQLError } from '../errors/graphql-errors';
import { createRequestContext } from './request-context';

/**
 * GraphQL over HTTP says a well-formed request sent with `Accept: application/json` (the legacy
 * media type) gets 200 even when the document fails to parse, validate or coerce its variables;
 * Apollo answers 400. Under `application/graphql-response+json` Apollo's 4xx is right and kept.
 */
export const legacyJsonStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        const accept = request.http?.headers.get('accept') ?? '';
        const status = response.http.status;
        const wantsGraphQLResponse = accept.includes('application/graphql-response+json');
        if (!wantsGraphQLResponse && status === 400 && response.body.kind === 'single') {
          response.http.status = 200;
        }
      },
    };
  },
};

export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const production = config.nodeEnv === 'production';
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth, exposeLimits: true },
    maxAliases: { n: config.graphql.maxAliases, exposeLimits: true },
    costLimit: { maxCost: config.graphql.maxCost, exposeLimits: true },
    maxTokens: { n: config.graphql.maxTokens, exposeLimits: true },
    maxDirectives: { n: 20, exposeLimits: true },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    introspection: config.graphql.introspection,
    playground: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // graphql-armor is typed against Apollo's ESM build, Nest against the CommonJS one: same objects.
    plugins: [...armor.plugins, legacyJsonStatusPlugin] as unknown as ApolloDriverConfig['plugins'],
    validationRules: armor.validationRules,
    buildSchemaOptions: { dateScalarMode: 'isoDate', numberScalarMode: 'integer' },
    formatError: formatGraphQLError,
    context: createRequestContext,
  };
}
