import { Role } from '../../src/common/access/permissions';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';

/**
 * Every paginated list refuses a cursor it did not make, before any SQL: a well-formed cursor of
 * another order, a non-uuid (or non-bigint) id, a sort key of the wrong type, or something that
 * is no cursor at all answers BAD_USER_INPUT / INVALID_CURSOR naming the argument (`after`, or
 * `before` walking backward), never INTERNAL. A cursor is base64url JSON [order tag, key, id]
 * (src/common/pagination/keyset.ts); the tags and key types below are the lists' own.
 */

type KeyType = 'text' | 'int' | 'bigint' | 'date' | 'timestamp';

interface List {
  /** Query field, with its required arguments (besides the page). */
  field: string;
  args?: string;
  /** A list inside an object: the query with PAGE where the page's arguments go. */
  nested?: string;
  /** The order's tag and key type, and the id's type. */
  tag: string;
  key: KeyType;
  id: 'uuid' | 'bigint';
  /** The list takes `last`/`before`. */
  backward?: boolean;
}

const UUID = '8b6f2a8e-3c1d-4e5f-9a7b-1c2d3e4f5a6b';
const GOOD_KEY: Record<KeyType, unknown> = { text: 'a', int: 2016, bigint: '12', date: '2020-01-31', timestamp: '2020-01-31T08:00:00.000Z' };
const BAD_KEY: Record<KeyType, unknown> = { text: 42, int: 'abc', bigint: '1e3', date: '2020-02-30', timestamp: 'yesterday' };

const cursor = (...parts: unknown[]) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

/** Forged cursors for a list, each with what makes it wrong. */
function forged(l: List): [string, string][] {
  const id = l.id === 'uuid' ? UUID : '7';
  return [
    ['a well-formed cursor of another order', cursor(`${l.tag}-other`, GOOD_KEY[l.key], id)],
    ['the cursor of a list of another key type', cursor(l.tag, GOOD_KEY[l.key === 'text' ? 'int' : 'text'], id)],
    [l.id === 'uuid' ? 'a non-uuid id' : 'a non-numeric id', cursor(l.tag, GOOD_KEY[l.key], l.id === 'uuid' ? 'not-a-uuid' : 'abc')],
    ['an id past bigint', cursor(l.tag, GOOD_KEY[l.key], '99999999999999999999')],
    ['a sort key of the wrong type', cursor(l.tag, BAD_KEY[l.key], id)],
    ['a NUL in the key', cursor(l.tag, 'a\u0000b', id)],
    ['two parts instead of three', cursor(l.tag, id)],
    ['not JSON', Buffer.from('[1,').toString('base64url')],
    ['not base64url', '%%%'],
    ['empty', ''],
  ];
}

const LISTS: List[] = [
  { field: 'households', tag: 'number', key: 'text', id: 'uuid', backward: true },
  { field: 'households', args: 'sort: YEAR_REGISTERED', tag: 'year', key: 'int', id: 'uuid', backward: true },
  { field: 'householdsWithoutHelper', tag: 'number', key: 'text', id: 'uuid', backward: true },
  { field: 'members', tag: 'name', key: 'text', id: 'uuid', backward: true },
  { field: 'proposals', tag: 'created', key: 'timestamp', id: 'uuid', backward: true },
  { field: 'helpers', tag: 'name', key: 'text', id: 'uuid', backward: true },
  { field: 'assistingUnits', tag: 'name', key: 'text', id: 'uuid', backward: true },
  { field: 'pairings', tag: 'start', key: 'date', id: 'uuid', backward: true },
  { field: 'visits', tag: 'visited', key: 'date', id: 'uuid', backward: true },
  { field: 'helperVisitSummary', args: 'from: "2020-01-01", to: "2020-12-31"', tag: 'name', key: 'text', id: 'uuid', backward: true },
  { field: 'regions', tag: 'code', key: 'text', id: 'uuid', backward: true },
  { field: 'users', tag: 'username', key: 'text', id: 'uuid', backward: true },
  { field: 'roleGrants', tag: 'created', key: 'timestamp', id: 'uuid', backward: true },
  { field: 'apiKeys', tag: 'name', key: 'text', id: 'uuid', backward: true },
  { field: 'auditTrail', tag: 'seq', key: 'bigint', id: 'bigint', backward: true },
  { field: 'importJobs', tag: 'created', key: 'timestamp', id: 'uuid', backward: true },
  { field: 'webhookSubscriptions', tag: 'name', key: 'text', id: 'uuid', backward: true },
  { field: 'webhookDeliveries', args: 'subscriptionId: $sub', tag: 'id', key: 'bigint', id: 'bigint', backward: true },
  { field: 'importJob.problems', nested: 'importJob(id: $job) { problems(PAGE) { edges { cursor } } }', tag: 'id', key: 'bigint', id: 'bigint', backward: true },
];

const ext = (res: GqlResult) => res.body.errors?.[0]?.extensions;

describe('cursors: every list refuses a cursor it did not make (INVALID_CURSOR naming the argument)', () => {
  let t: TestApp;
  let callers: SignedIn[];
  let subscriptionId: string;
  let jobId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    // Each list is read by the first of these that may read it.
    callers = [
      await signIn(t, Role.DISTRICT_OFFICER, R.district),
      await signIn(t, Role.DISTRICT_ADMIN, R.district),
      await signIn(t, Role.AUDITOR, R.district),
      await signIn(t, Role.SUPERVISOR, R.district),
    ];
    const sub = await t.gql<{ createWebhookSubscription: { subscription: { id: string } } }>(
      `mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { subscription { id } } }`,
      { i: { name: 'cursor test', url: 'https://203.1.113.7/hooks', entityTypes: [] } },
      callers[0].headers,
    );
    expect(sub.body.errors).toBeUndefined();
    subscriptionId = sub.body.data!.createWebhookSubscription.subscription.id;
    // A queued import job (the worker is off in tests), for its problem list.
    const job = await t.http.post('/exchange/imports').set(callers[0].headers).attach('file', Buffer.from('户编号,姓名\nH1,张三\n', 'utf8'), 'households.csv');
    expect(job.status).toBe(202);
    jobId = job.body.id;
  });
  afterAll(() => t?.close());

  const query = (l: List, page: string) => {
    const body = l.nested ? l.nested.replace('PAGE', page) : `${l.field}(${[l.args, page].filter(Boolean).join(', ')}) { edges { cursor } }`;
    const vars = [body.includes('$sub') && '$sub: ID!', body.includes('$job') && '$job: ID!', '$c: String'].filter(Boolean).join(', ');
    return `query(${vars}) { ${body} }`;
  };
  const ask = (l: List, page: string, c: string | null, caller: SignedIn) => {
    const q = query(l, page);
    return t.gql(q, { c, ...(q.includes('$sub') ? { sub: subscriptionId } : {}), ...(q.includes('$job') ? { job: jobId } : {}) }, caller.headers);
  };

  /** The first caller allowed to read the list (its first page answers without errors). */
  async function readerOf(l: List): Promise<SignedIn> {
    for (const caller of callers) {
      const res = await ask(l, 'first: 1, after: $c', null, caller);
      if (!res.body.errors) return caller;
    }
    throw new Error(`nobody of ${callers.map((c) => c.username).join(', ')} may read ${l.field}`);
  }

  it.each(LISTS.map((l) => [`${l.field}${l.args ? `(${l.args})` : ''}`, l] as const))('%s', async (_name, l) => {
    const caller = await readerOf(l);
    for (const [what, c] of forged(l)) {
      const res = await ask(l, 'first: 1, after: $c', c, caller);
      expect({ what, status: res.status, ext: ext(res) }).toEqual({
        what,
        status: 200,
        ext: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: 'after' }),
      });
      if (l.backward) {
        const back = await ask(l, 'last: 1, before: $c', c, caller);
        expect({ what, ext: ext(back) }).toEqual({ what, ext: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: 'before' }) });
      }
    }
  });

  it('the change feed refuses a position that is not one, naming `after`', async () => {
    const caller = callers[0];
    for (const after of ['abc', '-1', '99999999999999999999', cursor('seq', '1', '1'), '']) {
      const res = await t.gql(`query($a: String) { changes(after: $a) { edges { cursor } } }`, { a: after }, caller.headers);
      expect({ after, ext: ext(res) }).toEqual({ after, ext: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }) });
    }
  });
});
