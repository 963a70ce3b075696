import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { HTTP_STATUS } from './app-error';
import { toAppError } from './normalize';

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
    res.status(HTTP_STATUS[error.code]).json({ errors: [{ message: error.message, extensions: error.toExtensions() }] });
  }
}
