import { Logger } from '@nestjs/common';
import { Role } from '../../src/common/access/permissions';
import { activate, createHousehold, householdInput } from '../households/registry-fixtures';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';

/**
 * Issue #10, items 7 and 9: the cost limit counts page sizes given as variables; forged cursors,
 * out-of-range ids and NUL characters are coded input errors, never INTERNAL; the database's
 * own refusals (class 22) are input errors too, and its messages (which echo the caller's
 * values) never reach the logs.
 */

const ext = (res: GqlResult) => res.body.errors?.[0]?.extensions;

/** A cursor with one of its parts replaced (from the end: -1 the id, -2 the sort key), whatever its layout. */
function tamper(cursor: string, fromEnd: number, value: unknown): string {
  const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
  parts[parts.length + fromEnd] = value;
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

describe('input hygiene: costs, cursors, ids and NUL characters', () => {
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  /** Everything the service logged at warn or error level during the file. */
  const logged: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    for (let i = 0; i < 3; i++) {
      const h = await createHousehold(t, village, householdInput(R.village));
      await activate(t, h.id, 'NOT_EXITED', 2014 + i);
    }
    for (const level of ['warn', 'error'] as const) {
      const original = Logger.prototype[level];
      jest.spyOn(Logger.prototype, level).mockImplementation(function (this: Logger, ...args: unknown[]) {
        logged.push(JSON.stringify(args));
        return (original as (...a: unknown[]) => void).apply(this, args);
      });
    }
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  describe('cost limit (item 7)', () => {
    const DEEP = `query($f: Int) { regions(first: $f) { edges { node { children { children { children { children { children {
      id code name level parentCode version createdAt updatedAt } } } } } } } } }`;

    it('counts `first` given as a variable like a literal: the costly page is refused before any SQL runs', async () => {
      const viaVariable = await countQueries(() => t.gql(DEEP, { f: 100 }));
      expect(viaVariable.result.status).toBe(400);
      expect(ext(viaVariable.result)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
      expect(viaVariable.result.body.errors?.[0].message).toContain(String(t.service.config.graphql.maxCost));
      expect(viaVariable.count).toBe(0);
      // Also when the variable is left to its default, or is out of range (it counts as the maximum).
      for (const q of [DEEP.replace('$f: Int', '$f: Int = 100'), DEEP]) {
        const vars = q === DEEP ? { f: 1_000_000 } : {};
        expect(ext(await t.gql(q, vars))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
      }
      // A small page of the same shape runs.
      const small = await t.gql(DEEP, { f: 2 });
      expect(small.body.errors).toBeUndefined();
    });

    it('an absent `first` counts at the default page size, not as one item', async () => {
      const F = 'id code name level parentCode version createdAt updatedAt';
      const around = `ancestors { ${F} } parent { ${F} }`;
      const wide = (page: string) =>
        `{ regions${page} { edges { node { ${around} children { ${around} children { ${around} children { ${around} children { ${around} children { ${F} } } } } } } } } }`;
      const absent = await countQueries(() => t.gql(wide('')));
      expect(ext(absent.result)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
      expect(absent.count).toBe(0);
      expect((await t.gql(wide('(first: 1)'))).body.errors).toBeUndefined();
    });

    it('lets the README’s change-feed page of 1000 and a nested page of 50 households through under the default limit', async () => {
      const feed = await t.gql(
        `query($after: String, $first: Int) {
          changes(after: $after, first: $first, rootTypes: [Household], regionCode: "${R.town}") {
            edges { cursor node { position rootType rootId rootVersion operation regionCode parts transactionId occurredAt } }
            pageInfo { hasNextPage endCursor }
          }
        }`,
        { first: 1000 },
        district.headers,
      );
      expect(feed.body.errors).toBeUndefined();
      const households = await t.gql(
        `query($n: Int!) { households(regionCode: "${R.village}", first: $n) { totalCount edges { node {
          householdNumber region { name } memberCount
          head { name idNumber insurance { year basicMedical } household { householdNumber } }
          members { name age relation { label } insurance(year: 2018) { basicMedical } }
          incomes { year netIncome householdSize perCapitaNetIncome }
        } } } }`,
        { n: 50 },
        district.headers,
      );
      expect(households.body.errors).toBeUndefined();
      // The README's read-back of a feed page: 100 ids, counted as 100 households.
      const byIds = await t.gql(
        `query($ids: [ID!]!) { householdsByIds(ids: $ids) { id version regionCode status { value } members { id name } } }`,
        { ids: Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) },
        district.headers,
      );
      expect(byIds.body.errors).toBeUndefined();
      expect(byIds.body.data?.householdsByIds).toEqual([]);
    });
  });

  describe('cursors (item 9)', () => {
    const PAGE = `query($after: String, $sort: HouseholdSort) { households(first: 1, after: $after, sort: $sort) { edges { cursor node { householdNumber } } } }`;
    const firstCursor = async (sort: string) => {
      const res = await t.gql<{ households: { edges: { cursor: string }[] } }>(PAGE, { sort }, district.headers);
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.households.edges[0].cursor;
    };

    it('a genuine cursor pages on', async () => {
      const after = await firstCursor('YEAR_REGISTERED');
      const next = await t.gql(PAGE, { after, sort: 'YEAR_REGISTERED' }, district.headers);
      expect(next.body.errors).toBeUndefined();
    });

    it('refuses a cursor with a forged id, a sort key of the wrong type or range, or made for another order, before any SQL', async () => {
      const year = await firstCursor('YEAR_REGISTERED');
      const number = await firstCursor('HOUSEHOLD_NUMBER');
      const forged: [string, string, string][] = [
        ['non-uuid id', tamper(year, -1, 'not-a-uuid'), 'YEAR_REGISTERED'],
        ['numeric id', tamper(number, -1, 42), 'HOUSEHOLD_NUMBER'],
        ['text where the year is compared', tamper(year, -2, 'abc'), 'YEAR_REGISTERED'],
        ['a year out of integer range', tamper(year, -2, 2 ** 40), 'YEAR_REGISTERED'],
        ['a NUL in a text sort key', tamper(number, -2, 'a\u0000b'), 'HOUSEHOLD_NUMBER'],
        ['a cursor of the other order', number, 'YEAR_REGISTERED'],
        ['not JSON', Buffer.from('[1,').toString('base64url'), 'HOUSEHOLD_NUMBER'],
      ];
      // What a request refused by argument validation costs (the caller's sign-in check): a forged
      // cursor must cost no more, i.e. no SQL of the page itself runs.
      const baseline = (await countQueries(() => t.gql(PAGE.replace('first: 1', 'first: 101'), {}, district.headers))).count;
      for (const [what, after, sort] of forged) {
        const { result, count } = await countQueries(() => t.gql(PAGE, { after, sort }, district.headers));
        expect({ what, ext: ext(result), count }).toEqual({
          what,
          ext: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: 'after' }),
          count: baseline,
        });
      }
      // Backward too, naming `before`.
      const before = await t.gql(
        `query($b: String) { households(last: 1, before: $b) { edges { cursor } } }`,
        { b: tamper(number, -1, 'x') },
        district.headers,
      );
      expect(ext(before)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: 'before' });
    });

    it('a forged cursor of a bigint-keyed list (the delivery log) is refused too', async () => {
      const cursors = [
        Buffer.from(JSON.stringify(['id', '99999999999999999999', '99999999999999999999'])).toString('base64url'),
        Buffer.from(JSON.stringify(['99999999999999999999', '99999999999999999999'])).toString('base64url'),
        Buffer.from(JSON.stringify(['id', 'abc', '1'])).toString('base64url'),
      ];
      const sub = await t.gql<{ createWebhookSubscription: { subscription: { id: string } } }>(
        `mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { subscription { id } } }`,
        { i: { name: 'cursor test', url: 'https://203.1.113.7/hooks', entityTypes: [] } },
        district.headers,
      );
      expect(sub.body.errors).toBeUndefined();
      for (const a of cursors) {
        const res = await t.gql(
          `query($s: ID!, $a: String) { webhookDeliveries(subscriptionId: $s, after: $a) { edges { cursor } } }`,
          { s: sub.body.data!.createWebhookSubscription.subscription.id, a },
          district.headers,
        );
        expect({ a, ext: ext(res) }).toMatchObject({ a, ext: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: 'after' } });
      }
    });
  });

  describe('bigint ids and positions (item 9)', () => {
    it('an id or position beyond bigint is BAD_USER_INPUT naming the field', async () => {
      const big = '99999999999999999999'; // 20 digits
      const justOver = '9223372036854775808'; // 2^63, 19 digits
      for (const deliveryId of [big, justOver, '-1', '1e3']) {
        const res = await t.gql(`mutation($d: ID!) { redeliverDeadLetter(input: { deliveryId: $d }) { delivery { id } } }`, { d: deliveryId }, district.headers);
        expect({ deliveryId, ext: ext(res) }).toMatchObject({ deliveryId, ext: { code: 'BAD_USER_INPUT', field: 'deliveryId', reason: 'IS_BIGINT' } });
      }
      const feed = await t.gql(`query($a: String) { changes(after: $a) { edges { cursor } } }`, { a: justOver }, district.headers);
      expect(ext(feed)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', reason: 'IS_BIGINT' });
      // The largest bigint is a valid (unknown) id: NOT_FOUND, not an input error.
      const max = await t.gql(`mutation($d: ID!) { redeliverDeadLetter(input: { deliveryId: $d }) { delivery { id } } }`, { d: '9223372036854775807' }, district.headers);
      expect(ext(max)?.code).toBe('NOT_FOUND');
    });
  });

  describe('NUL characters (item 9)', () => {
    it('are refused in any string input, naming the field, before the database sees them', async () => {
      const login = await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: 'ad\u0000min', password: 'x' } });
      expect(ext(login)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER', field: 'input.username' });

      const arg = await t.gql(`query($n: String) { regions(nameContains: $n) { edges { cursor } } }`, { n: 'x\u0000' });
      expect(ext(arg)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER', field: 'nameContains' });

      const literal = await t.gql(`{ region(code: "41010610\\u00000201") { name } }`);
      expect(ext(literal)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER', field: 'code' });

      const nested = householdInput(R.village);
      (nested.members as { name: string }[])[1].name = '李\u0000英';
      const create = await t.gql(`mutation($input: CreateHouseholdInput!) { createHousehold(input: $input) { household { id } } }`, { input: nested }, village.headers);
      expect(ext(create)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER', field: 'input.members.1.name' });
    });
  });

  describe('database refusals (item 9)', () => {
    it('a value the database refuses (class 22) is BAD_USER_INPUT, and the log carries the SQLSTATE, not the value', async () => {
      const marker = '------------------------------------'; // 36 characters: passes the id's shape check, not a uuid
      const res = await t.gql(`query($id: ID!) { importJob(id: $id) { id } }`, { id: marker }, district.headers);
      expect(ext(res)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE' });
      expect(JSON.stringify(res.body)).not.toContain(marker);
      expect(logged.some((l) => l.includes('22P02'))).toBe(true);
    });

    it('nothing logged during the file echoes a caller’s value', () => {
      for (const value of ['ad\\u0000min', 'not-a-uuid', '------------------------------------', '99999999999999999999', 'invalid input syntax']) {
        expect({ value, logged: logged.filter((l) => l.includes(value)) }).toEqual({ value, logged: [] });
      }
    });
  });
});
