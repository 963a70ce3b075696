import type { Request, Response } from 'express';
import { LoaderCache } from '../loaders/loader-cache';

/** What every resolver receives as the GraphQL context. */
export interface RequestContext {
  req: Request;
  res: Response;
  requestId: string;
  loaders: LoaderCache;
}

export function createRequestContext({ req, res }: { req: Request; res: Response }): RequestContext {
  return { req, res, requestId: String(req.id ?? ''), loaders: new LoaderCache() };
}
