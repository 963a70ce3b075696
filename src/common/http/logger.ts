import type { Params } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { requestId } from './request-id';

/**
 * JSON logs (pino), one line per event, each request's lines carrying its `reqId`.
 * Request bodies, query strings and auth headers are never logged: they may hold personal data.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: requestId,
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          path: typeof req.url === 'string' ? req.url.split('?')[0] : undefined,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers', 'headers.authorization', 'headers.cookie', 'headers["x-api-key"]'], remove: true },
      autoLogging: {
        ignore: (req) => ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').startsWith('/health'),
      },
      customSuccessMessage: () => 'request completed',
      customErrorMessage: () => 'request failed',
      quietReqLogger: true,
    },
    forRoutes: ['*splat'],
  };
}
