import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';

export type ChainStep = RequestHandler | ErrorRequestHandler;

/**
 * Express middleware run one after the other, as Express's router runs the layers of a stack
 * that all match (no path of their own): a step taking four parameters is an error handler, run
 * only while an error is being passed on, and skipped otherwise; a step that throws or whose
 * returned promise rejects passes that error on. When the last step calls `next`, `done` gets
 * what it was called with (an error, or nothing).
 */
export function middlewareChain(steps: readonly ChainStep[]): (req: Request, res: Response, done: NextFunction) => void {
  return (req, res, done) => {
    let index = 0;
    const next = (err?: unknown): void => {
      while (index < steps.length) {
        const step = steps[index++]!;
        const handlesErrors = step.length === 4;
        if (err === undefined ? handlesErrors : !handlesErrors) continue;
        let result: unknown;
        try {
          result = err === undefined ? (step as RequestHandler)(req, res, next) : (step as ErrorRequestHandler)(err, req, res, next);
        } catch (e) {
          next(e ?? new Error('Middleware threw a nullish value'));
          return;
        }
        if (result instanceof Promise) result.catch((e: unknown) => next(e ?? new Error('Middleware rejected with a nullish value')));
        return;
      }
      done(err);
    };
    next();
  };
}
