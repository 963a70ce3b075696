import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { AppError, HTTP_STATUS } from './app-error';
import { MESSAGES } from './messages';
import { toAppError } from './normalize';
import { CommonReason } from './reasons';

/**
 * The one global filter: whatever a resolver or controller throws leaves as a coded error.
 * GraphQL: a GraphQLError with `extensions.code` (the formatter in graphql-errors.ts finishes
 * the job). HTTP: `{ errors: [{ message, extensions }] }` with the code's status.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter, GqlExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const error = toAppError(exception);
    if (host.getType<string>() === 'graphql') {
      return new GraphQLError(error.message, { extensions: error.toExtensions(), originalError: error });
    }
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    // Health checks say which check is down (terminus's details, without their messages,
    // which name hosts and ports) beside the coded error.
    const req = host.switchToHttp().getRequest<{ path?: string }>();
    if (exception instanceof HttpException && req.path?.startsWith('/health')) {
      const body = exception.getResponse() as { details?: Record<string, { status?: string }> };
      const details = Object.fromEntries(Object.entries(body?.details ?? {}).map(([k, v]) => [k, { status: v?.status ?? 'down' }]));
      const coded = new AppError('SERVICE_UNAVAILABLE', MESSAGES.databaseUnavailable, { reason: CommonReason.NOT_READY });
      res.status(exception.getStatus()).json({ status: 'error', details, errors: [{ message: coded.message, extensions: coded.toExtensions() }] });
      return;
    }
    res.status(error.httpStatus ?? HTTP_STATUS[error.code]).json({ errors: [{ message: error.message, extensions: error.toExtensions() }] });
  }
}
