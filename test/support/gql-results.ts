import type { GqlResult } from './test-app';

type Json = Record<string, any>;

/** The data of an answer that must have no errors (throws with the errors otherwise). */
export function ok(res: GqlResult): Json {
  if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as Json;
}

/** The first error of an answer that must have one: code, reason, field and details of its extensions. */
export function errorOf(res: GqlResult): Json {
  expect(res.body.errors).toBeDefined();
  const e = res.body.errors![0] as Json;
  return { code: e.extensions.code, reason: e.extensions.reason, field: e.extensions.field, details: e.extensions.details };
}
