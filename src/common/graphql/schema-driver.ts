import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLFieldResolver, GraphQLSchema, isObjectType, lexicographicSortSchema } from 'graphql';

/** What Nest's resolvers explorer hands over: per type, per field, a resolver function (or `{ resolve, subscribe }`). */
type ResolverMap = Record<string, Record<string, unknown> | undefined>;

/** The parts of Nest's GraphQLFactory this driver uses (not public API: see the driver's comment). */
interface FactoryParts {
  resolversExplorerService: { explore(): ResolverMap; getAllCtors(): Function[] };
  scalarsExplorerService: { explore(): ResolverMap };
  gqlSchemaBuilder: { build(autoSchemaFile: unknown, options: ApolloDriverConfig, resolvers: Function[]): Promise<GraphQLSchema> };
}

/**
 * Apollo's Nest driver with the code-first schema built once instead of three times.
 *
 * Nest's GraphQLFactory builds the schema from the decorators, prints it, parses the text and
 * builds it again (makeExecutableSchema) only to attach the resolvers, then copies each resolver
 * back onto the first schema's fields and builds a third GraphQLSchema from them. The schema
 * served is the first one with the resolvers on its object types' fields. This driver attaches
 * them there directly: some 0.2 s of CPU at every start with a warm module graph (each test app),
 * more at a cold one (the service's own start).
 *
 * It covers what this service's schema uses: code-first (`autoSchemaFile`), resolvers on object
 * types' fields only (queries, mutations, `@ResolveField`), no schema-first scalars, no schema or
 * type definitions of its own. Anything else (an interface or union with resolvers, `__`-keys, a
 * resolver object with more than `resolve`/`subscribe`, a resolver for a type or field the schema
 * lacks) goes through Nest's own path unchanged. `test/foundation/contract.e2e-spec.ts` checks that both
 * paths give the same schema: the same printed SDL and a resolver on the same fields, so that a Nest
 * upgrade changing the factory's internals fails there first.
 */
export class SchemaFromMetadataApolloDriver extends ApolloDriver {
  override async generateSchema(options: ApolloDriverConfig): Promise<GraphQLSchema> {
    const direct = await this.generateDirect(options);
    if (direct) return direct;
    const schema = await super.generateSchema(options);
    if (!schema) throw new Error('GraphQL: Nest built no schema');
    return schema;
  }

  /** The schema with its resolvers attached directly, or undefined where Nest's own path is needed. */
  async generateDirect(options: ApolloDriverConfig): Promise<GraphQLSchema | undefined> {
    const factory = this.graphQlFactory as unknown as Partial<FactoryParts>;
    const { resolversExplorerService: explorer, scalarsExplorerService: scalars, gqlSchemaBuilder: builder } = factory;
    if (!explorer?.explore || !explorer.getAllCtors || !scalars?.explore || !builder?.build) return undefined;
    if (!options.autoSchemaFile || options.schema || options.transformResolvers || options.inheritResolversFromInterfaces) return undefined;
    if (hasTypeDefs(options.typeDefs) || (options.resolvers && Object.keys(options.resolvers).length)) return undefined;
    if (Object.keys(scalars.explore()).length) return undefined;
    const resolvers = explorer.explore();
    const schema = await builder.build(options.autoSchemaFile, options, explorer.getAllCtors());
    const plan: [Record<string, { resolve?: unknown; subscribe?: unknown }>, string, GraphQLFieldResolver<unknown, unknown>, GraphQLFieldResolver<unknown, unknown> | undefined][] = [];
    for (const [typeName, fields] of Object.entries(resolvers)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type) || !fields) return undefined;
      const schemaFields = type.getFields() as Record<string, { resolve?: unknown; subscribe?: unknown }>;
      for (const [fieldName, resolver] of Object.entries(fields)) {
        if (fieldName.startsWith('__') || !schemaFields[fieldName]) return undefined;
        if (typeof resolver === 'function') plan.push([schemaFields, fieldName, resolver as GraphQLFieldResolver<unknown, unknown>, undefined]);
        else if (isResolveSubscribe(resolver)) plan.push([schemaFields, fieldName, resolver.resolve!, resolver.subscribe]);
        else return undefined;
      }
    }
    // Only once everything is known to fit: a fallback to Nest's path builds a schema of its own.
    for (const [schemaFields, fieldName, resolve, subscribe] of plan) {
      schemaFields[fieldName].resolve = resolve;
      if (subscribe) schemaFields[fieldName].subscribe = subscribe;
    }
    const transformed = options.transformSchema ? await options.transformSchema(schema) : schema;
    return options.sortSchema ? lexicographicSortSchema(transformed) : transformed;
  }
}

function hasTypeDefs(typeDefs: ApolloDriverConfig['typeDefs']): boolean {
  if (typeDefs == null) return false;
  if (Array.isArray(typeDefs)) return typeDefs.some((t) => (typeof t === 'string' ? t.trim() !== '' : t != null));
  return typeof typeDefs === 'string' ? typeDefs.trim() !== '' : true;
}

function isResolveSubscribe(r: unknown): r is { resolve?: GraphQLFieldResolver<unknown, unknown>; subscribe?: GraphQLFieldResolver<unknown, unknown> } {
  if (!r || typeof r !== 'object') return false;
  const keys = Object.keys(r);
  const { resolve, subscribe } = r as { resolve?: unknown; subscribe?: unknown };
  return (
    keys.every((k) => k === 'resolve' || k === 'subscribe') &&
    typeof resolve === 'function' &&
    (subscribe === undefined || typeof subscribe === 'function')
  );
}
