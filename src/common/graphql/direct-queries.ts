import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ASTVisitor, DocumentNode, getOperationAST, GraphQLError, parse, ParseOptions, specifiedRules, validate, ValidationContext, ValidationRule } from 'graphql';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import { estimateCost } from './cost-limit';
import { JitGateway } from './jit-executor';

/** The media types Apollo Server answers a single result with, in its order of preference (Apollo's MEDIA_TYPES). */
export const RESULT_MEDIA_TYPES = {
  json: 'application/json; charset=utf-8',
  graphqlResponseJson: 'application/graphql-response+json; charset=utf-8',
  jsonGraphqlCallback: 'application/json; callbackSpec=1.0; charset=utf-8',
} as const;

/** How many documents the direct path keeps parsed and validated (the least recently used go first). */
export const DIRECT_DOCUMENTS_MAX = 500;

/** Distinct Accept headers whose negotiated media type is kept. */
const ACCEPT_HEADERS_MAX = 100;

/**
 * Apollo Server's rule for a server without introspection (its `NoIntrospection`, not exported):
 * any `__schema` or `__type` field fails validation.
 */
export const noIntrospection: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(new GraphQLError('GraphQL introspection is not allowed', { nodes: [node] }));
    }
  },
});

export interface DirectQueriesOptions {
  /** The executor Apollo uses (its schema, its compiled queries). */
  gateway: JitGateway;
  /** Apollo's validation rules beside graphql-js's own (graphql-armor's limits). */
  validationRules: readonly ValidationRule[];
  /** Whether Apollo allows introspection (otherwise `noIntrospection` is one of its rules). */
  introspection: boolean;
  /** Apollo's parse options (the token limit). */
  parseOptions?: ParseOptions;
  /** The cost limit of cost-limit.ts's plugin (GRAPHQL_MAX_COST). */
  maxCost: number;
  /** The `Cache-Control` of every GraphQL answer (graphql-options.ts). */
  cacheControl: string;
  /** Apollo's request context function (Nest's). */
  context: (args: { req: Request; res: Response }) => unknown;
  /** Apollo's HTTP handler: every request the direct path does not answer itself. */
  apollo: RequestHandler;
}

/** A parsed document that passed Apollo's validation rules, or 'apollo': Apollo answers it (syntax or validation errors). */
type Checked = { document: DocumentNode } | 'apollo';

/**
 * Read queries answered without Apollo Server's request pipeline (issue #12).
 *
 * Apollo's pipeline costs every request about as much as the rest of the service's floor: the
 * HTTP head and body maps, the query's SHA-256, a dozen plugin hooks each awaited over every
 * plugin, the response's head merged and copied, and the promises of all of it (each one paid
 * again by AsyncLocalStorage's hooks). Measured on `{ viewer { id } }` and a household by id
 * (bench:read), the direct path took the service's CPU per request from 0.37 to 0.20 ms and from
 * 0.77 to 0.47 ms (bench/README.md, step 30).
 *
 * What the direct path answers, and how:
 * - a POST body Apollo would take as is: an object with a string `query`, `operationName` a
 *   string or absent, `variables` an object or absent, no `extensions` (persisted queries and the
 *   like stay Apollo's); an Accept header negotiated to a JSON media type exactly as Apollo
 *   negotiates it (Negotiator over Apollo's own list);
 * - a document that parses with Apollo's parse options and passes Apollo's validation rules
 *   (graphql-js's, graphql-armor's, no introspection when it is off), kept per query text, and
 *   whose operation (by `operationName`, as Apollo resolves it) is a query;
 * - within the cost limit (cost-limit.ts's estimate, as its plugin computes it);
 * then executed by Apollo's own executor (JitGateway: the same compiled query, the same
 * fallback to graphql-js) with the context Apollo would build (Nest's context function), and,
 * when the result has no error, written as Apollo writes it: status 200, the negotiated media
 * type, `Cache-Control` as the no-store plugin sets it, the JSON and its newline.
 *
 * Everything else goes to Apollo untouched, before anything ran: a mutation, a document that does
 * not parse or validate, an unknown operation name, a costly query, another Accept, GET. A result
 * with errors (a refused field, variables that do not coerce) or an execution that threw is
 * handed over to Apollo's pipeline for the same request (JitGateway.handOver): Apollo parses and
 * validates again (its own caches), runs its plugins' hooks, and its executor returns the result
 * in hand instead of executing again, so resolvers, reveals and their audit rows run once and
 * errors, status and headers are Apollo's own. test/surface/graphql-lane.e2e-spec.ts compares
 * the lane's answers (this path) with the stack's (Apollo's) request by request.
 */
export class DirectQueries {
  /** Requests answered directly, handed over with their result, and left to Apollo (tests, profiling). */
  readonly answers = { direct: 0, handedOver: 0, apollo: 0 };
  private readonly documents = new LRUCache<string, Checked>({ max: DIRECT_DOCUMENTS_MAX });
  /** The media type negotiated per Accept header ('' when Apollo answers). */
  private readonly mediaTypes = new LRUCache<string, string>({ max: ACCEPT_HEADERS_MAX });
  /** What a document is validated with: graphql-js's rules, then Apollo's in Apollo's order. */
  readonly rules: readonly ValidationRule[];

  constructor(private readonly options: DirectQueriesOptions) {
    this.rules = [...specifiedRules, ...(options.introspection ? [] : [noIntrospection]), ...options.validationRules];
  }

  /** Answers `req` directly, or hands it to Apollo. */
  handle(req: Request, res: Response, next: NextFunction): void {
    const plan = this.plan(req);
    if (!plan) {
      this.answers.apollo++;
      this.options.apollo(req, res, next);
      return;
    }
    void this.answer(req, res, next, plan);
  }

  private plan(req: Request): { document: DocumentNode; query: string; operationName: string | null; variables: Record<string, unknown> | undefined; mediaType: string } | undefined {
    const body = req.body as unknown;
    if (!isRecord(body)) return undefined;
    const { query, operationName, variables, extensions } = body;
    if (typeof query !== 'string' || !query) return undefined;
    if (operationName != null && typeof operationName !== 'string') return undefined;
    if (variables != null && !isRecord(variables)) return undefined;
    if (extensions != null) return undefined;
    const mediaType = this.mediaTypeFor(req.headers.accept);
    if (!mediaType) return undefined;
    const schema = this.options.gateway.executableSchema;
    if (!schema) return undefined;
    const checked = this.checked(query);
    if (checked === 'apollo') return undefined;
    const operation = getOperationAST(checked.document, operationName ?? undefined);
    if (operation?.operation !== 'query') return undefined;
    const vars = (variables ?? undefined) as Record<string, unknown> | undefined;
    if (Math.ceil(estimateCost({ schema, document: checked.document, operation, variables: vars })) > this.options.maxCost) return undefined;
    return { document: checked.document, query, operationName: operationName ?? null, variables: vars, mediaType };
  }

  private async answer(req: Request, res: Response, next: NextFunction, plan: NonNullable<ReturnType<DirectQueries['plan']>>): Promise<void> {
    const { gateway } = this.options;
    let text: string;
    try {
      const context = await this.options.context({ req, res });
      const result = await gateway.executeQuery(plan.document, `direct:${plan.query}`, plan.operationName, context, plan.variables);
      if (result.errors?.length || !('data' in result)) {
        gateway.handOver(req, { result });
        this.answers.handedOver++;
        this.options.apollo(req, res, next);
        return;
      }
      text = JSON.stringify({ data: result.data, extensions: result.extensions }) + '\n';
    } catch (thrown) {
      gateway.handOver(req, { thrown });
      this.answers.handedOver++;
      this.options.apollo(req, res, next);
      return;
    }
    this.answers.direct++;
    res.statusCode = 200;
    res.setHeader('content-type', plan.mediaType);
    res.setHeader('cache-control', this.options.cacheControl);
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
  }

  /** The document of `query`, parsed and validated once (Apollo's answer when it fails either). */
  private checked(query: string): Checked {
    let checked = this.documents.get(query);
    if (checked !== undefined) return checked;
    const schema = this.options.gateway.executableSchema!;
    try {
      const document = parse(query, this.options.parseOptions);
      checked = validate(schema, document, this.rules).length ? 'apollo' : { document };
    } catch {
      checked = 'apollo'; // a syntax error (or too many tokens)
    }
    this.documents.set(query, checked);
    return checked;
  }

  /** The media type Apollo answers a single result with for `accept` (its own negotiation), or null (Apollo's answer: 406 or a callback type). */
  private mediaTypeFor(accept: string | undefined): string | null {
    if (!accept) return RESULT_MEDIA_TYPES.json;
    let type = this.mediaTypes.get(accept);
    if (type === undefined) {
      const preferred = new Negotiator({ headers: { accept } }).mediaType([RESULT_MEDIA_TYPES.json, RESULT_MEDIA_TYPES.graphqlResponseJson, RESULT_MEDIA_TYPES.jsonGraphqlCallback]);
      type = preferred === RESULT_MEDIA_TYPES.json || preferred === RESULT_MEDIA_TYPES.graphqlResponseJson ? preferred : '';
      this.mediaTypes.set(accept, type);
    }
    return type || null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
