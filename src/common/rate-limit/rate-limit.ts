import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import type { Principal } from '../access/principal';
import { SlidingWindowStorage } from './sliding-window-storage';

const LOGIN_THROTTLE = 'rateLimit:login';
/** Sign-in and token refresh: also limited per client address, much tighter. */
export const LoginRateLimit = () => SetMetadata(LOGIN_THROTTLE, true);

type Req = { ip?: string; principal?: Principal };
const callerOf = (req: Req) => (req.principal ? `${req.principal.kind}:${req.principal.id}` : `ip:${req.ip ?? 'unknown'}`);

/**
 * Three limits per minute, counted per resolver call, so aliasing twenty `login`s into one
 * GraphQL request counts twenty: per caller (the user or API key, else the address), per
 * client address, and for sign-in per address. Counters live in memory: with several
 * instances behind a balancer each counts its own (put a shared store behind ThrottlerModule
 * then).
 */
export function rateLimitOptions(config: AppConfig): ThrottlerModuleOptions {
  const minute = 60_000;
  return {
    throttlers: [
      { name: 'caller', ttl: minute, limit: config.rateLimit.perMinute, getTracker: (req) => callerOf(req as Req) },
      { name: 'ip', ttl: minute, limit: config.rateLimit.ipPerMinute, getTracker: (req) => `ip:${(req as Req).ip ?? 'unknown'}` },
      {
        name: 'login',
        ttl: minute,
        limit: config.rateLimit.loginPerMinute,
        getTracker: (req) => `ip:${(req as Req).ip ?? 'unknown'}`,
        skipIf: (ctx) => !Reflect.getMetadata(LOGIN_THROTTLE, ctx.getHandler()),
      },
    ],
    // One counter per caller across every operation, not one per resolver method.
    generateKey: (_ctx, tracker, name) => `${name}:${tracker}`,
    errorMessage: '请求过于频繁，请稍后再试 (too many requests)',
    // The library's own storage, with constant work per operation (sliding-window-storage.ts).
    storage: new SlidingWindowStorage(),
  };
}

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getRequestResponse(context: ExecutionContext) {
    if (context.getType<string>() === 'graphql') {
      const ctx = GqlExecutionContext.create(context).getContext<{ req: Record<string, unknown>; res: Record<string, unknown> }>();
      return { req: ctx.req, res: ctx.res };
    }
    return super.getRequestResponse(context);
  }
}
