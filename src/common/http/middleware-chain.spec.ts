import type { NextFunction, Request, Response } from 'express';
import { ChainStep, middlewareChain } from './middleware-chain';

const req = {} as Request;
const res = {} as Response;

/** Runs a chain and resolves with what reached `done`, and the steps' log. */
function run(steps: (log: string[]) => ChainStep[]): Promise<{ log: string[]; done: unknown }> {
  const log: string[] = [];
  return new Promise((resolve) => middlewareChain(steps(log))(req, res, ((err?: unknown) => resolve({ log, done: err })) as NextFunction));
}

describe('middlewareChain', () => {
  it('runs the steps in order and skips error handlers while nothing failed', async () => {
    const out = await run((log) => [
      (_q: Request, _s: Response, next: NextFunction) => (log.push('a'), next()),
      (_e: unknown, _q: Request, _s: Response, next: NextFunction) => (log.push('handler'), next()),
      (_q: Request, _s: Response, next: NextFunction) => (log.push('b'), next()),
    ]);
    expect(out).toEqual({ log: ['a', 'b'], done: undefined });
  });

  it('passes an error to the next error handler only, which may recover', async () => {
    const boom = new Error('boom');
    const out = await run((log) => [
      (_q: Request, _s: Response, next: NextFunction) => next(boom),
      (_q: Request, _s: Response, next: NextFunction) => (log.push('skipped'), next()),
      (e: unknown, _q: Request, _s: Response, next: NextFunction) => (log.push(`handled ${(e as Error).message}`), next()),
      (_q: Request, _s: Response, next: NextFunction) => (log.push('after'), next()),
    ]);
    expect(out).toEqual({ log: ['handled boom', 'after'], done: undefined });
  });

  it('hands an unhandled error to done, thrown or rejected', async () => {
    const thrown = await run(() => [
      () => {
        throw new Error('thrown');
      },
    ]);
    expect((thrown.done as Error).message).toBe('thrown');
    const rejected = await run(() => [async () => Promise.reject(new Error('rejected'))]);
    expect((rejected.done as Error).message).toBe('rejected');
    const passedOn = await run((log) => [
      (_q: Request, _s: Response, next: NextFunction) => next(new Error('first')),
      (e: unknown, _q: Request, _s: Response, next: NextFunction) => (log.push('seen'), next(e)),
    ]);
    expect(passedOn.log).toEqual(['seen']);
    expect((passedOn.done as Error).message).toBe('first');
  });

  it('waits for a step that calls next later', async () => {
    const out = await run((log) => [
      (_q: Request, _s: Response, next: NextFunction) => void setImmediate(() => (log.push('later'), next())),
      (_q: Request, _s: Response, next: NextFunction) => (log.push('then'), next()),
    ]);
    expect(out.log).toEqual(['later', 'then']);
  });
});
