import type { Params } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';

/**
 * JSON logs (pino), one line per event, each request's lines carrying its `reqId`.
 * Request bodies, query strings and auth headers are never logged: they may hold personal data.
 *
 * nestjs-pino builds the app's root logger from `pinoHttp` (level, serializers, redaction) and
 * binds each request's context from `req.log` (`useExisting`); the request's logger and its line
 * are request-log.ts's (RequestLogMiddleware), for the stack and the GraphQL lane alike.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          path: typeof req.url === 'string' ? req.url.split('?')[0] : undefined,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers', 'headers.authorization', 'headers.cookie', 'headers["x-api-key"]'], remove: true },
    },
    useExisting: true,
    forRoutes: ['*splat'],
  };
}
