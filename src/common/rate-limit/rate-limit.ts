import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, ThrottlerModuleOptions, type ThrottlerGenerateKeyFunction, type ThrottlerOptions } from '@nestjs/throttler';
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
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

/** One throttler as it applies to one resolver or route: what the library's guard reads from metadata on every call. */
interface ThrottlerPlan {
  throttler: ThrottlerOptions & { name: string };
  skip: boolean;
  limit: number;
  ttl: number;
  blockDuration: number;
  getTracker: (req: Record<string, unknown>, context: ExecutionContext) => string | Promise<string>;
  generateKey: ThrottlerGenerateKeyFunction;
  headers?: { limit: string; remaining: string; reset: string; retryAfter: string };
}

type Handler = (...args: unknown[]) => unknown;

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** Per handler and class, their throttlers' plan; null where a value is resolved per request (the library's path then). */
  private readonly plans = new WeakMap<Handler, Map<object, ThrottlerPlan[] | null>>();

  protected override getRequestResponse(context: ExecutionContext) {
    if (context.getType<string>() === 'graphql') {
      const ctx = GqlExecutionContext.create(context).getContext<{ req: Record<string, unknown>; res: Record<string, unknown> }>();
      return { req: ctx.req, res: ctx.res };
    }
    return super.getRequestResponse(context);
  }

  /**
   * The library's `canActivate`, with what it reads from metadata on every call (six reflector
   * lookups per throttler, on the handler and its class) read once per handler, and without a
   * promise per step when the counters answer at once (SlidingWindowStorage) and the trackers are
   * plain functions, as they are here: on the floor of a GraphQL request (bench:read, `viewer`)
   * the library's guard was ~10 % of the CPU per request (issue #12). Same counters, same order
   * (a blocked throttler stops the ones after it), same headers, same exception; anything this
   * path does not cover (a value resolved per request, user agents to ignore, another storage, a
   * tracker that answers with a promise) goes to the library's own.
   */
  override canActivate(context: ExecutionContext): Promise<boolean> {
    const storage = this.storageService instanceof SlidingWindowStorage ? this.storageService : undefined;
    const plans = storage ? this.plansFor(context.getHandler() as Handler, context.getClass()) : null;
    if (!storage || !plans) return super.canActivate(context);
    const { req, res } = this.getRequestResponse(context);
    const trackers: (string | undefined)[] = [];
    for (const plan of plans) {
      if (plan.skip || (plan.throttler.skipIf || this.commonOptions.skipIf)?.(context)) {
        trackers.push(undefined);
        continue;
      }
      const tracker = plan.getTracker(req, context);
      if (typeof tracker !== 'string') return super.canActivate(context);
      trackers.push(tracker);
    }
    for (let i = 0; i < plans.length; i++) {
      const tracker = trackers[i];
      if (tracker === undefined) continue;
      const { throttler, limit, ttl, blockDuration, headers } = plans[i]!;
      const key = plans[i]!.generateKey(context, tracker, throttler.name);
      const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = storage.incrementNow(key, ttl, limit, blockDuration, throttler.name);
      if (isBlocked) {
        if (headers) this.setResponseHeader(res, headers.retryAfter, timeToBlockExpire);
        return this.throwThrottlingException(context, { limit, ttl, key, tracker, totalHits, timeToExpire, isBlocked, timeToBlockExpire }).then(() => false);
      }
      if (headers) {
        this.setResponseHeader(res, headers.limit, limit);
        this.setResponseHeader(res, headers.remaining, Math.max(0, limit - totalHits));
        this.setResponseHeader(res, headers.reset, timeToExpire);
      }
    }
    return TRUE;
  }

  private plansFor(handler: Handler, classRef: object): ThrottlerPlan[] | null {
    let byClass = this.plans.get(handler);
    if (!byClass) this.plans.set(handler, (byClass = new Map()));
    let plans = byClass.get(classRef);
    if (plans === undefined) byClass.set(classRef, (plans = this.plan(handler, classRef)));
    return plans;
  }

  private plan(handler: Handler, classRef: object): ThrottlerPlan[] | null {
    const targets = [handler, classRef as Handler];
    const plans: ThrottlerPlan[] = [];
    for (const throttler of this.throttlers as (ThrottlerOptions & { name: string })[]) {
      const read = <T>(key: string) => this.reflector.getAllAndOverride<T | undefined>(key + throttler.name, targets);
      const limit = read<unknown>(THROTTLER_LIMIT) ?? throttler.limit;
      const ttl = read<unknown>(THROTTLER_TTL) ?? throttler.ttl;
      const blockDuration = read<unknown>(THROTTLER_BLOCK_DURATION) ?? throttler.blockDuration ?? ttl;
      if (typeof limit !== 'number' || typeof ttl !== 'number' || typeof blockDuration !== 'number') return null;
      if (throttler.ignoreUserAgents ?? this.commonOptions.ignoreUserAgents) return null;
      const getTracker = read<ThrottlerPlan['getTracker']>(THROTTLER_TRACKER) ?? throttler.getTracker ?? this.commonOptions.getTracker;
      const generateKey = read<ThrottlerGenerateKeyFunction>(THROTTLER_KEY_GENERATOR) ?? throttler.generateKey ?? this.commonOptions.generateKey;
      if (!getTracker || !generateKey) return null;
      const suffix = throttler.name === 'default' ? '' : `-${throttler.name}`;
      const setHeaders = throttler.setHeaders ?? this.commonOptions.setHeaders ?? true;
      plans.push({
        throttler,
        skip: Boolean(read<boolean>(THROTTLER_SKIP)),
        limit,
        ttl,
        blockDuration,
        getTracker: getTracker as ThrottlerPlan['getTracker'],
        generateKey,
        headers: setHeaders
          ? {
              limit: `${this.headerPrefix}-Limit${suffix}`,
              remaining: `${this.headerPrefix}-Remaining${suffix}`,
              reset: `${this.headerPrefix}-Reset${suffix}`,
              retryAfter: `Retry-After${suffix}`,
            }
          : undefined,
      });
    }
    return plans;
  }
}

const TRUE = Promise.resolve(true);
