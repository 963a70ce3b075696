import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { requestId } from './request-id';

/** Requests that get no line of their own (the probes, polled every few seconds). */
const UNLOGGED_PREFIX = '/health';

type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string; log?: Logger };
type LoggedResponse = ServerResponse & { err?: unknown; log?: Logger };

/**
 * Each request's logging, for the stack (Nest's middleware, every route) and for the GraphQL lane
 * (graphql-lane.ts) alike:
 * - its log context: every line logged inside the request, through Nest's `Logger` or an injected
 *   `PinoLogger`, carries its `reqId` (nestjs-pino's context, `runInContext`; the request's logger
 *   is also `req.log`, as nestjs-pino binds it);
 * - its line when the response is done (`request completed`, or `request failed` with `err` when
 *   the response failed or its status is 5xx), with `req` (id, method, path), `res` (status) and
 *   `responseTime` in ms, shaped by the serializers of logger.ts. Query strings, bodies and
 *   headers are never written.
 *
 * This was pino-http's middleware with nestjs-pino's context on top. pino-http makes two child
 * loggers per request (one with `reqId`, one more with the serialized `req` for the closing line)
 * before the context's own, and on the floor of a GraphQL request (bench:read, `viewer`) that was
 * ~12 % of the CPU per request (0.57 → 0.50 ms with this middleware in its place, issue #12).
 * Here the context's logger is the only child, and `req` is serialized when the line is written
 * (never, at levels above `info`). The line is pino-http 11's: same fields in the same order,
 * same level (`info`, also for failures), same messages, written once (the first of `finish`,
 * `close`, `error`).
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  constructor(private readonly context: PinoLogger) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const request = req as unknown as LoggedRequest;
    const id = requestId(request, res);
    request.id = id;
    this.context.runInContext(
      () => {
        const log = this.context.logger as unknown as Logger;
        request.log = log;
        (res as LoggedResponse).log = log;
        logWhenDone(request, res, log);
        next();
      },
      { bindings: { reqId: id } },
    );
  }
}

/** Writes the request's line on `log` once its response is done (see RequestLogMiddleware). */
export function logWhenDone(req: LoggedRequest, res: LoggedResponse, log: Logger): void {
  const start = Date.now();
  const logged = !(req.originalUrl ?? req.url ?? '').startsWith(UNLOGGED_PREFIX);
  const done = (err?: unknown) => {
    res.removeListener('close', done);
    res.removeListener('finish', done);
    res.removeListener('error', done);
    const responseTime = Date.now() - start;
    if (err || res.err || res.statusCode >= 500) {
      const error = err || res.err || new Error(`failed with status code ${res.statusCode}`);
      log.info({ req, res, err: error, responseTime }, 'request failed');
    } else {
      log.info({ req, res, responseTime }, 'request completed');
    }
  };
  if (logged) {
    res.on('close', done);
    res.on('finish', done);
  }
  res.on('error', done);
}
