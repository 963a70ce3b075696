import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { requestId } from './request-id';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { AppError, HTTP_STATUS } from '../errors/app-error';
import { MESSAGES } from '../errors/messages';
import { GRAPHQL_PATH } from '../graphql/graphql-options';
import { CommonReason } from '../errors/reasons';
import type { ChainStep } from './middleware-chain';

/** Media types a GraphQL POST body may have (the second is tolerated for clients that echo Accept). */
const GRAPHQL_BODY_TYPES = new Set(['application/json', 'application/graphql-response+json']);

/** Body parsing with a size limit, and coded answers for what fails before Nest sees it. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  // No ETag on responses: Express would hash every body it sends (a GraphQL answer is a POST
  // answered no-store, never revalidated), copying the string to a buffer first (issue #12).
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  // The request id comes first, so even a request refused before Nest (a bad body, a wrong
  // content type) carries X-Request-Id and is logged with it.
  app.use(assignRequestId);
  app.use(GRAPHQL_PATH, graphqlContentTypeGuard);
  app.use(jsonBodyParser(config));
  app.use(express.urlencoded({ limit: config.bodyLimit, extended: false }));
  app.use(bodyErrorHandler);
}

/** JSON request bodies (GraphQL's media types), up to BODY_LIMIT. */
function jsonBodyParser(config: AppConfig): RequestHandler {
  return express.json({ limit: config.bodyLimit, type: [...GRAPHQL_BODY_TYPES] });
}

/**
 * What a GraphQL POST goes through above before Nest's middleware, for the GraphQL lane
 * (graphql-lane.ts): the stack's own steps minus the form parser, which never acts on a GraphQL
 * POST (the content-type guard refuses every media type but JSON first).
 */
export function graphqlPostSteps(config: AppConfig): ChainStep[] {
  return [assignRequestId, graphqlContentTypeGuard, jsonBodyParser(config), bodyErrorHandler];
}

const logger = new Logger('Http');

function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  req.id = requestId(req, res);
  next();
}

function send(res: Response, status: number, error: AppError): void {
  const req = res.req as Request;
  logger.warn(
    { reqId: req.id, req: { method: req.method, path: req.originalUrl.split('?')[0] }, res: { statusCode: status }, reason: error.reason },
    'request refused',
  );
  res.status(status).json({ errors: [{ message: error.message, extensions: error.toExtensions() }] });
}

/**
 * A GraphQL POST must be JSON. Anything else (text/plain, forms, multipart, no content type) is
 * refused with 415 before its body is read: these are also the "simple" types a cross-site form
 * can send without a CORS preflight, so the refusal is part of the CSRF defence.
 */
function graphqlContentTypeGuard(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  const essence = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (GRAPHQL_BODY_TYPES.has(essence)) return next();
  send(
    res,
    415,
    new AppError('BAD_USER_INPUT', MESSAGES.unsupportedMediaType, { reason: CommonReason.UNSUPPORTED_MEDIA_TYPE, field: 'content-type' }),
  );
}

function bodyErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = err as { type?: string; status?: number };
  if (!e || typeof e !== 'object' || !e.type) return next(err);
  const coded =
    e.type === 'entity.parse.failed' ? new AppError('BAD_USER_INPUT', MESSAGES.malformedJson, { reason: CommonReason.MALFORMED_JSON, field: 'body' })
    : e.type === 'entity.too.large' ? new AppError('BAD_USER_INPUT', MESSAGES.payloadTooLarge, { reason: CommonReason.PAYLOAD_TOO_LARGE, field: 'body' })
    : e.type === 'encoding.unsupported' || e.type === 'charset.unsupported'
      ? new AppError('BAD_USER_INPUT', MESSAGES.unsupportedMediaType, { reason: CommonReason.UNSUPPORTED_ENCODING, field: 'body' })
      : new AppError('BAD_USER_INPUT', MESSAGES.invalidInput, { reason: CommonReason.BAD_REQUEST_BODY, field: 'body' });
  const status = e.type === 'entity.too.large' ? 413 : e.type.endsWith('unsupported') ? 415 : HTTP_STATUS[coded.code];
  send(res, status, coded);
}
