import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { DocumentNode, execute, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/** How many compiled operations one server keeps (the least recently used go first). */
export const COMPILED_OPERATIONS_MAX = 500;

/** What a document compiled to: the compiled query, or graphql-js's own execution when graphql-jit could not compile it. */
type Entry = CompiledQuery | 'graphql-js';

/** What an execution outside Apollo came to: its result, or what it threw. */
export type Outcome = { result: ExecutionResult } | { thrown: unknown };

/**
 * GraphQL execution compiled once per operation (issue #12): graphql-jit turns a validated
 * document into a function that calls the same schema's resolvers (Nest's, with their guards,
 * interceptors and filters) and builds the same result, without graphql-js's per-field
 * interpretation (field collection, argument coercion, completion by type, a promise per object).
 *
 * Apollo Server 5 has no executor option; its documented way to execute otherwise is a gateway
 * (`GatewayInterface`): Apollo still parses, validates (graphql-armor's limits, the cost plugin),
 * runs every plugin hook, then calls the gateway's executor with the validated document and
 * formats the errors of its result exactly as those of its own execution (formatError, the
 * codes, the status). Nest's driver config leaves `gateway` out of its type but passes it on;
 * the schema is Nest's, handed over by `transformSchema` (graphql-options.ts) before the server
 * starts.
 *
 * What stays graphql-js's:
 * - mutations (and subscriptions, which this schema has none of): they are not the read path,
 *   and the fallback below re-executes, which a write must never do;
 * - a request whose variables do not coerce: graphql-jit has its own messages and its errors
 *   carry no variable node (Apollo would not recognise them as BAD_USER_INPUT), so graphql-js
 *   executes it and answers as before (no resolver runs either way);
 * - a query during which a field without a resolver threw (a getter, e.g. a protected value
 *   that does not decrypt): graphql-jit reads such fields inline and the exception ends the
 *   whole execution, where graphql-js answers null for the field with its error and keeps the
 *   rest, so the query is executed again by graphql-js, which answers as before (its loaders
 *   are the request's, already filled);
 * - a document graphql-jit cannot compile (none known): graphql-js executes it, every time.
 *
 * graphql-jit's errors are its own GraphQLError (no `extensions` object unless the original
 * error had one, where Apollo's formatting expects graphql-js's `{}`): each is rebuilt as
 * graphql-js builds it, with the same message, locations, path, original error and extensions.
 *
 * One difference is left: graphql-js's default resolver calls a function found as a field's
 * property, graphql-jit answers the function itself; the models have no such fields (their
 * computed fields are getters or field resolvers).
 *
 * Compiled operations are kept per query hash (Apollo's) or document key (direct-queries.ts) and
 * operation name, at most COMPILED_OPERATIONS_MAX, least recently used first out.
 */
export class JitGateway implements Gateway {
  private schema?: GraphQLSchema;
  private readonly listeners = new Set<(ctx: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void>();
  private readonly compiled = new LRUCache<string, Entry>({ max: COMPILED_OPERATIONS_MAX });
  /** Executions answered by the compiled query, and by graphql-js (tests, profiling). */
  readonly executions = { compiled: 0, graphqlJs: 0 };
  /**
   * Results executed already, waiting for Apollo to answer them (direct-queries.ts): per request,
   * taken by the executor of the request's next operation instead of executing it again.
   */
  private readonly handedOver = new WeakMap<object, Outcome>();

  /** The executable schema (Nest's), before the server starts. */
  useSchema(schema: GraphQLSchema): GraphQLSchema {
    this.schema = schema;
    this.compiled.clear();
    for (const listener of this.listeners) listener({ apiSchema: schema, coreSupergraphSdl: '' });
    return schema;
  }

  onSchemaLoadOrUpdate(callback: (ctx: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void): () => void {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  async load(): Promise<{ executor: Executor }> {
    const schema = this.schema;
    if (!schema) throw new Error('JitGateway: no schema (transformSchema did not run before the server started)');
    for (const listener of this.listeners) listener({ apiSchema: schema, coreSupergraphSdl: '' });
    return { executor: (ctx) => this.execute(schema, ctx) };
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    this.compiled.clear();
  }

  /** Compiled operations held (tests). */
  get size(): number {
    return this.compiled.size;
  }

  /** The executable schema (direct-queries.ts validates and costs against the schema Apollo uses). */
  get executableSchema(): GraphQLSchema | undefined {
    return this.schema;
  }

  /**
   * Executes a query outside Apollo's pipeline (direct-queries.ts), after the same parsing,
   * validation and cost check: the same compiled query (or graphql-js) as Apollo's executor.
   * `key` names the document (compiled operations are kept by it and the operation's name).
   */
  async executeQuery(document: DocumentNode, key: string, operationName: string | null, context: unknown, variables: Record<string, unknown> | undefined): Promise<ExecutionResult> {
    const schema = this.schema;
    if (!schema) throw new Error('JitGateway: no schema');
    return this.run(schema, document, true, key, operationName, context, variables);
  }

  /**
   * Hands an outcome executed outside Apollo (`executeQuery`'s result, or what it threw) to
   * Apollo's pipeline for the same request (`req`: the request context's `req`): Apollo's
   * executor answers it instead of executing the operation again, and Apollo formats it as its
   * own (errors, status, plugins' hooks).
   */
  handOver(req: object, outcome: Outcome): void {
    this.handedOver.set(req, outcome);
  }

  private async execute(schema: GraphQLSchema, ctx: Parameters<Executor>[0]): Promise<ExecutionResult> {
    const { document, context, operation } = ctx;
    const req = (context as { req?: unknown }).req;
    const handed = typeof req === 'object' && req !== null ? this.handedOver.get(req) : undefined;
    if (handed) {
      this.handedOver.delete(req!);
      if ('thrown' in handed) throw handed.thrown;
      return handed.result;
    }
    // The name the request asked for (ctx.operationName is the resolved operation's: null when
    // none matched, and graphql-js would then run a document's only operation instead of
    // answering "Unknown operation named …").
    const operationName = ctx.request.operationName ?? null;
    return this.run(schema, document, operation?.operation === 'query', ctx.queryHash, operationName, context, ctx.request.variables);
  }

  private async run(
    schema: GraphQLSchema,
    document: DocumentNode,
    isQuery: boolean,
    key: string,
    operationName: string | null,
    context: unknown,
    variables: Record<string, unknown> | undefined,
  ): Promise<ExecutionResult> {
    const entry = isQuery ? this.entryFor(schema, document, key, operationName) : 'graphql-js';
    if (entry !== 'graphql-js') {
      let result: ExecutionResult | undefined;
      try {
        result = await entry.query(undefined, context, variables);
      } catch {
        // A field without a resolver threw (see above): graphql-js answers instead.
      }
      // Only a variable that does not coerce answers without `data` (see above).
      if (result && 'data' in result) {
        this.executions.compiled++;
        return result.errors?.length ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
      }
    }
    this.executions.graphqlJs++;
    return execute({ schema, document, contextValue: context, variableValues: variables, operationName });
  }

  private entryFor(schema: GraphQLSchema, document: DocumentNode, documentKey: string, operationName: string | null): Entry {
    const key = `${operationName ?? ''}:${documentKey}`;
    let entry = this.compiled.get(key);
    if (entry) return entry;
    const compiled = compileQuery(schema, document, operationName ?? undefined);
    entry = isCompiledQuery(compiled) ? compiled : 'graphql-js';
    this.compiled.set(key, entry);
    return entry;
  }
}

/** A graphql-jit error as graphql-js's `locatedError` builds it (extensions `{}` when the original has none). */
function asGraphQLJsError(e: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions ?? undefined });
  (rebuilt as { locations?: GraphQLError['locations'] }).locations = e.locations;
  return rebuilt;
}
