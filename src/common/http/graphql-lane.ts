import type { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { expressMiddleware } from '@as-integrations/express5';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import finalhandler from 'finalhandler';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import type { ValidationRule } from 'graphql';
import { DirectQueries, DirectQueriesOptions } from '../graphql/direct-queries';
import { GRAPHQL_CACHE_CONTROL, GRAPHQL_PATH } from '../graphql/graphql-options';
import { JitGateway } from '../graphql/jit-executor';
import { RequestScopeMiddleware } from '../request-scope/request-scope.middleware';
import { graphqlPostSteps } from './http-setup';
import { RequestLogMiddleware } from './request-log';
import { ChainStep, middlewareChain } from './middleware-chain';

/**
 * POST /graphql without Express's router and Nest's middleware wrappers (issue #12).
 *
 * Every GraphQL request went down the app's whole Express stack: the router matched it against
 * each of its ~45 layers (REST routes, static files, GraphiQL's page), and Nest ran each of its
 * four middleware (request logging and its log context, the request scope, authentication)
 * through a wrapper of its own (an async proxy with its exception zone, a per-request
 * `handledRequests` set, a path pattern). In the profile of `{ viewer { id } }` (bench:read,
 * scenario viewer) Express and Nest took 19 % of the busy time, 12.5 % with the lane (bench/README.md,
 * step 16).
 *
 * The lane runs the same steps, in the same order, as one chain (middleware-chain.ts):
 * 1. request id, the content-type guard, the JSON body and its coded errors (http-setup.ts:
 *    `graphqlPostSteps`, the same functions and parser options the stack uses);
 * 2. the request scope (RequestScopeMiddleware);
 * 3. the request's log context and its line (request-log.ts, the stack's RequestLogMiddleware:
 *    `reqId` on every line logged inside the request);
 * 4. authentication (the identity module's AuthenticationMiddleware, given by the caller: the kit
 *    does not know the modules);
 * 5. queries answered without Apollo's pipeline (direct-queries.ts), and everything else by
 *    Apollo's Express handler (`expressMiddleware` of @as-integrations/express5, as @nestjs/apollo
 *    mounts it, with Nest's context function and its empty-body default).
 *
 * Only `POST /graphql` (exactly, with or without a query string) takes the lane, in front of
 * Express (`front`); anything else, other spellings of the path included, goes down the stack
 * as before, where Apollo still answers GET and the rest. The lane opens after the app's
 * initialisation (Apollo started, middleware resolved); requests before that take the stack.
 */
export class GraphqlLane {
  /** Its last step: queries answered without Apollo's pipeline, the rest by Apollo (direct-queries.ts). */
  direct?: DirectQueries;
  private run?: (req: Request, res: Response, done: NextFunction) => void;

  get isOpen(): boolean {
    return this.run !== undefined;
  }

  /** One request down the lane (a method of its own, so that a test can watch it). */
  serve(req: Request, res: Response, done: NextFunction): void {
    this.run!(req, res, done);
  }

  /**
   * Puts the lane in front of Express (issue #12): the HTTP server's request listener answers
   * `POST /graphql` down the lane without entering Express's application and router (on this
   * machine Express 5's own dispatch of a request costs ~0.08 ms of CPU, Node's whole HTTP
   * handling of a small JSON request ~0.03), doing first what Express's `app.handle` and router do
   * for every request (the circular references, Express's request and response prototypes,
   * `res.locals`, `X-Powered-By` when enabled, `originalUrl` and `baseUrl`); every other request
   * goes to the listeners the server had (Express). A request the chain passes on without an
   * error goes to Express too (as the stack's next layers would have had it: the body is read,
   * so its parsers skip it); an error that no step handled ends as Express ends it, with
   * finalhandler's answer (and its log line outside tests).
   */
  front(server: Server, app: Express): void {
    // Only Express's own listener is replaced, in its place: the others stay as they are (Apollo's
    // drain plugin counts every request in flight through one, so that a graceful stop waits for it).
    const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    if (!listeners.includes(app)) throw new Error('GraphqlLane.front: the HTTP server does not dispatch to this Express app');
    const stack = (req: IncomingMessage, res: ServerResponse) => app(req, res);
    const lane = (req: IncomingMessage, res: ServerResponse) => {
      if (!this.run || req.method !== 'POST' || !isGraphqlUrl(req.url ?? '')) return stack(req, res);
      const request = req as Request;
      const response = res as Response;
      if (app.enabled('x-powered-by')) res.setHeader('X-Powered-By', 'Express');
      request.res = response;
      response.req = request;
      Object.setPrototypeOf(req, app.request);
      Object.setPrototypeOf(res, app.response);
      if (!response.locals) response.locals = Object.create(null) as Response['locals'];
      request.originalUrl = req.url!;
      request.baseUrl = '';
      this.serve(request, response, (err?: unknown) => {
        if (err === undefined || err === 'route' || err === 'router') return stack(req, res);
        const env = app.get('env') as string;
        finalhandler(req, res, { env, onerror: (e: Error) => env !== 'test' && console.error(e.stack || e.toString()) })(err);
      });
    };
    server.removeAllListeners('request');
    for (const listener of listeners) server.on('request', listener === app ? lane : listener);
  }

  /** Opens the lane, once the app is initialised. */
  async open(app: NestExpressApplication, config: AppConfig, { authenticate }: { authenticate: ChainStep }): Promise<void> {
    const graphql = app.get<GraphQLModule<ApolloDriver>>(GraphQLModule, { strict: false });
    // @nestjs/apollo holds Apollo's CommonJS build, the integration is typed against the ESM one: same object.
    const apollo = expressMiddleware(graphql.graphQlAdapter.instance as never, { context: graphql.completeOptions!.context });
    const scope = new RequestScopeMiddleware();
    const inScope: RequestHandler = (req, res, next) => scope.use(req, res, next);
    const log = new RequestLogMiddleware(await app.resolve(PinoLogger));
    const requestLog: RequestHandler = (req, res, next) => log.use(req, res, next);
    // @nestjs/apollo's default for a request without a body (Apollo then answers 400, not 500).
    const bodyDefault: RequestHandler = (req, _res, next) => {
      req.body = req.body ?? {};
      next();
    };
    const options = graphql.completeOptions as ApolloDriverConfig & { gateway?: unknown };
    if (!(options.gateway instanceof JitGateway)) throw new Error('GraphqlLane.open: Apollo does not execute with the JitGateway (graphql-options.ts)');
    this.direct = new DirectQueries({
      gateway: options.gateway,
      validationRules: (options.validationRules ?? []) as ValidationRule[],
      introspection: options.introspection ?? false,
      parseOptions: options.parseOptions,
      maxCost: config.graphql.maxCost,
      cacheControl: GRAPHQL_CACHE_CONTROL,
      context: options.context as DirectQueriesOptions['context'],
      apollo,
    });
    const direct = this.direct;
    const queries: RequestHandler = (req, res, next) => direct.handle(req, res, next);
    const steps: ChainStep[] = [...graphqlPostSteps(config), inScope, requestLog, authenticate, bodyDefault, queries];
    this.run = middlewareChain(steps);
  }
}

function isGraphqlUrl(url: string): boolean {
  return url.startsWith(GRAPHQL_PATH) && (url.length === GRAPHQL_PATH.length || url.charCodeAt(GRAPHQL_PATH.length) === 63 /* ? */);
}
