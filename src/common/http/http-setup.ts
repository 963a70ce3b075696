import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { AppError, HTTP_STATUS } from '../errors/app-error';
import { MESSAGES } from '../errors/messages';

/** Body parsing with a size limit, and coded answers for what fails before Nest sees it. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.useBodyParser('json', { limit: config.bodyLimit, type: ['application/json', 'application/graphql-response+json'] });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.use(bodyErrorHandler);
}

function bodyErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = err as { type?: string; status?: number };
  if (!e || typeof e !== 'object' || !e.type) return next(err);
  const coded =
    e.type === 'entity.parse.failed' ? new AppError('BAD_USER_INPUT', MESSAGES.malformedJson, { reason: 'MALFORMED_JSON', field: 'body' })
    : e.type === 'entity.too.large' ? new AppError('BAD_USER_INPUT', MESSAGES.payloadTooLarge, { reason: 'PAYLOAD_TOO_LARGE', field: 'body' })
    : e.type === 'encoding.unsupported' || e.type === 'charset.unsupported'
      ? new AppError('BAD_USER_INPUT', MESSAGES.unsupportedMediaType, { reason: 'UNSUPPORTED_ENCODING', field: 'body' })
      : new AppError('BAD_USER_INPUT', MESSAGES.invalidInput, { reason: 'BAD_REQUEST_BODY', field: 'body' });
  const status = e.type === 'entity.too.large' ? 413 : e.type.endsWith('unsupported') ? 415 : HTTP_STATUS[coded.code];
  res.status(status).json({ errors: [{ message: coded.message, extensions: coded.toExtensions() }] });
}
