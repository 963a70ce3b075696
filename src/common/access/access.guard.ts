import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../errors/app-error';
import { PERMISSION_KEY, PUBLIC_KEY } from './access.decorators';
import type { Permission } from './permissions';
import type { Principal } from './principal';
import { CommonReason } from '../errors/reasons';

/** The request as the identity middleware leaves it. */
export interface PrincipalCarrier {
  principal?: Principal;
}

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission>(PERMISSION_KEY, targets);
    if (!permission) {
      this.logger.error(`Operation ${context.getClass().name}.${context.getHandler().name} declares no permission`);
      throw new AppError('FORBIDDEN', '无权执行此操作 (forbidden)', { reason: CommonReason.NO_PERMISSION_DECLARED });
    }
    const principal = requestOf(context)?.principal;
    if (!principal) throw new AppError('UNAUTHENTICATED', '请先登录 (sign in first)', { reason: CommonReason.NOT_SIGNED_IN });
    if (principal.mustChangePassword && permission !== 'account.self') {
      throw new AppError('FORBIDDEN', '请先修改初始密码 (change your initial password first)', { reason: CommonReason.PASSWORD_CHANGE_REQUIRED });
    }
    if (!principal.permissions.has(permission)) {
      throw new AppError('FORBIDDEN', '无权执行此操作 (forbidden)', { reason: CommonReason.MISSING_PERMISSION, details: { permission } });
    }
    return true;
  }
}

function requestOf(context: ExecutionContext): PrincipalCarrier | undefined {
  if (context.getType<string>() === 'graphql') {
    const gqlContext = context.getArgs()[2] as { req?: PrincipalCarrier } | undefined;
    return gqlContext?.req;
  }
  return context.switchToHttp().getRequest<PrincipalCarrier>();
}
