import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestId } from '../http/request-id';
import { runWithScope } from './request-scope';

/** Opens the request scope (id, client address) that the rest of the request runs in. */
@Injectable()
export class RequestScopeMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const id = typeof req.id === 'string' && req.id ? req.id : requestId(req, res);
    runWithScope({ requestId: id, clientIp: req.ip }, next);
  }
}
