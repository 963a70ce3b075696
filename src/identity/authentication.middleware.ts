import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Principal } from '../common/access/principal';
import { AppError, HTTP_STATUS } from '../common/errors/app-error';
import { toAppError } from '../common/errors/normalize';
import { currentScope } from '../common/request-scope/request-scope';
import { API_KEY_HEADER, AuthService } from './auth.service';
import { IdentityReason } from './identity.errors';

/**
 * Establishes who is calling, before any resolver runs: `Authorization: Bearer <access token>`
 * or `X-API-Key: jzfp_…`. No credentials: anonymous (only public operations will answer). Bad
 * credentials: 401 with a coded error, so clients know to refresh or sign in again.
 */
@Injectable()
export class AuthenticationMiddleware implements NestMiddleware {
  constructor(private readonly auth: AuthService) {}

  async use(req: Request & { principal?: Principal }, res: Response, next: NextFunction): Promise<void> {
    const authorization = req.headers.authorization;
    const apiKey = req.headers[API_KEY_HEADER];
    if (!authorization && !apiKey) return next();
    try {
      let principal: Principal;
      if (authorization) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        if (!match) throw new AppError('UNAUTHENTICATED', '认证头格式错误 (malformed Authorization header)', { reason: IdentityReason.TOKEN_INVALID });
        principal = await this.auth.principalFromAccessToken(match[1]);
      } else {
        principal = await this.auth.principalFromApiKey(Array.isArray(apiKey) ? apiKey[0] : String(apiKey));
      }
      req.principal = principal;
      const scope = currentScope();
      if (scope) scope.principal = principal;
      next();
    } catch (e) {
      const error = toAppError(e);
      res
        .status(HTTP_STATUS[error.code])
        .setHeader('WWW-Authenticate', 'Bearer')
        .json({ errors: [{ message: error.message, extensions: error.toExtensions() }] });
    }
  }
}
