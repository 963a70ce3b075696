import { GqlResult } from './test-app';

type Json = Record<string, any>;

/** The data of an answer that must have no errors (throws with the errors otherwise). */
export function dataOf(res: GqlResult): Json {
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as Json;
}

/** The first error's code, reason, field and details (the answer must have errors); details only when the error has some. */
export function errorOf(res: GqlResult): Json {
  if (!res.body.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.body.data)}`);
  const e = res.body.errors[0] as Json;
  return { code: e.extensions.code, reason: e.extensions.reason, field: e.extensions.field, ...(e.extensions.details ? { details: e.extensions.details } : {}) };
}
