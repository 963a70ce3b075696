import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Role } from '../../src/common/access/permissions';
import { WebhookSender } from '../../src/exchange/webhooks/webhook-sender';
import { verifyWebhookSignature } from '../../src/exchange/webhooks/webhook-signature';
import { createHousehold, householdInput } from '../households/registry-fixtures';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-for';

type Json = Record<string, any>;

interface Received {
  headers: IncomingHttpHeaders;
  body: { subscriptionId: string; deliveryId: string; entries: Json[] };
  verified: boolean;
  at: number;
}

interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Positions received, in arrival order (over all requests answered or not). */
  positions(): string[];
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that checks every signature; `behave` picks the answer per request. */
async function startReceiver(secret: () => string, behave: (n: number) => { status?: number; delayMs?: number } = () => ({}), port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({
        headers: req.headers,
        body: JSON.parse(raw.toString('utf8')),
        verified: verifyWebhookSignature(secret(), req.headers['x-jzfp-timestamp'], req.headers['x-jzfp-signature'], raw, 300),
        at: Date.now(),
      });
      const { status = 204, delayMs = 0 } = behave(received.length);
      const timer = setTimeout(() => res.writeHead(status).end(), delayMs);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hooks/jzfp`,
    port: actual,
    received,
    positions: () => received.flatMap((r) => r.body.entries.map((e) => e.position as string)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const SUB = 'id name url entityTypes regionCode status position failedAttempts nextAttemptAt version';
const CREATE = `mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { secret subscription { ${SUB} } } }`;
const UPDATE = `mutation($i: UpdateWebhookSubscriptionInput!) { updateWebhookSubscription(input: $i) { subscription { ${SUB} } } }`;
const REPLAY = `mutation($i: ReplayWebhookSubscriptionInput!) { replayWebhookSubscription(input: $i) { subscription { ${SUB} } } }`;
const ROTATE = `mutation($id: ID!) { rotateWebhookSecret(input: { id: $id }) { secret subscription { ${SUB} } } }`;
const DELETE = `mutation($id: ID!) { deleteWebhookSubscription(input: { id: $id }) { id } }`;
const DELIVERY = 'id subscriptionId firstPosition lastPosition entries attempt outcome httpStatus error durationMs replayedAt createdAt';
const DELIVERIES = `query($s: ID!, $o: WebhookDeliveryOutcome, $first: Int, $after: String) {
  webhookDeliveries(subscriptionId: $s, outcome: $o, first: $first, after: $after) { totalCount edges { node { ${DELIVERY} } } pageInfo { hasNextPage endCursor } } }`;
const REDELIVER = `mutation($id: ID!) { redeliverDeadLetter(input: { deliveryId: $id }) { deadLetter { ${DELIVERY} } delivery { ${DELIVERY} } } }`;

const VILLAGE_ORDER = '410106100203';
const VILLAGE_DOWN = '410106100204';
const VILLAGE_SLOW = '410106100205';
const VILLAGE_500 = '410106100206';

describe('signed webhooks over the change feed (issue #5)', () => {
  let t: TestApp;
  let district: SignedIn;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      WEBHOOKS_ENABLED: 'true',
      // The receivers of these tests listen on 127.0.0.1.
      WEBHOOK_PRIVATE_TARGETS: 'true',
      WEBHOOK_POLL_INTERVAL_MS: '20',
      WEBHOOK_BATCH_SIZE: '3',
      WEBHOOK_BACKOFF_BASE_MS: '100',
      WEBHOOK_BACKOFF_MAX_MS: '10000',
      WEBHOOK_MAX_ATTEMPTS: '3',
      // Long enough that a receiver answering at once is never cut on a busy machine (an attempt
      // cut after the receiver got it would deliver the batch twice); the slow receiver waits longer.
      WEBHOOK_TIMEOUT_MS: '5000',
    });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  const ok = <T = Json>(res: GqlResult): T => {
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data as T;
  };
  const ext = (res: GqlResult) => res.body.errors?.[0]?.extensions;
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };
  const subscribe = async (input: Json, who = district): Promise<{ secret: string; subscription: Json }> =>
    ok<Json>(await t.gql(CREATE, { i: input }, who.headers)).createWebhookSubscription;
  const deliveries = async (subscriptionId: string, outcome?: string): Promise<Json[]> =>
    ok<Json>(await t.gql(DELIVERIES, { s: subscriptionId, o: outcome, first: 100 }, district.headers)).webhookDeliveries.edges.map((e: Json) => e.node);
  const subscription = async (id: string): Promise<Json> => ok<Json>(await t.gql(`query($id: ID!) { webhookSubscription(id: $id) { ${SUB} } }`, { id }, district.headers)).webhookSubscription;
  /** Positions of the feed in a village after a position, as the GraphQL feed gives them. */
  const feedPositions = async (regionCode: string, after: string): Promise<string[]> =>
    ok<Json>(await t.gql(`query($a: String, $r: String, $f: Int) { changes(after: $a, regionCode: $r, first: $f) { edges { cursor } } }`, { a: after, r: regionCode, f: 1000 }, district.headers)).changes.edges.map(
      (e: Json) => e.cursor,
    );
  const head = async (): Promise<string> => ok<Json>(await t.gql(`{ changeFeedHead }`, {}, district.headers)).changeFeedHead ?? '0';
  const pause = (s: Json) => t.gql(UPDATE, { i: { id: s.id, version: s.version, status: 'PAUSED' } }, district.headers);
  /**
   * waitUntil for a delivery of one subscription; when the deadline passes, the error also says
   * where the dispatcher stood (its recurring job and the subscription's claim), which a flake on
   * a loaded machine otherwise leaves unexplained.
   */
  const waitForDelivery = async <T>(what: string, subscriptionId: string, check: () => Promise<T | false | undefined>): Promise<T> => {
    try {
      return await waitUntil(what, check);
    } catch (e) {
      const state = await t.dataSource
        .query(
          `SELECT (SELECT json_agg(j) FROM (SELECT state, attempts, last_error, run_after, lease_owner, lease_expires_at, started_at, finished_at FROM jobs WHERE queue = 'webhooks.dispatch') j) AS dispatcher,
                  (SELECT row_to_json(w) FROM (SELECT status, position::text, failed_attempts, next_attempt_at, now() AS now FROM webhook_subscriptions WHERE id = $1) w) AS subscription,
                  (SELECT json_agg(d) FROM (SELECT outcome, attempt, http_status, error, duration_ms, first_position::text, last_position::text, created_at FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY id) d) AS attempts`,
          [subscriptionId],
        )
        .catch((q: Error) => [{ error: q.message }]);
      throw new Error(`${(e as Error).message}; dispatcher state: ${JSON.stringify(state[0])}`, { cause: e });
    }
  };

  it('delivers every entry in order, in signed batches, and moves the subscription’s position', async () => {
    let secret = '';
    const r = await receiver(() => secret);
    const start = await head();
    const created = await subscribe({ name: '省平台', url: r.url, entityTypes: [], regionCode: VILLAGE_ORDER });
    secret = created.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.subscription).toMatchObject({ regionCode: VILLAGE_ORDER, status: 'ACTIVE', position: start, entityTypes: [] });
    // Paused while the households are written, so that the dispatcher finds the whole backlog at
    // once and the batch count is known (a running dispatcher may send a short batch mid-write).
    const paused = ok<Json>(await pause(created.subscription)).updateWebhookSubscription.subscription;
    // One entry per household (its row, members and first event are one transaction): 7 entries, batches of 3, 3 and 1.
    for (let i = 0; i < 7; i++) await createHousehold(t, district, householdInput(VILLAGE_ORDER));
    const expected = await feedPositions(VILLAGE_ORDER, start);
    expect(expected).toHaveLength(7);
    const resumed = ok<Json>(await t.gql(UPDATE, { i: { id: paused.id, version: paused.version, status: 'ACTIVE' } }, district.headers)).updateWebhookSubscription.subscription;
    await waitUntil('all entries delivered', async () => r.positions().length >= expected.length);
    expect(r.positions()).toEqual(expected);
    expect(r.received.length).toBe(Math.ceil(expected.length / 3));
    for (const got of r.received) {
      expect(got.verified).toBe(true);
      expect(got.headers['content-type']).toMatch(/^application\/json/);
      expect(got.headers['x-jzfp-delivery']).toBe(got.body.deliveryId);
      expect(got.headers['x-jzfp-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(got.body.subscriptionId).toBe(created.subscription.id);
      expect(got.body.entries.length).toBeLessThanOrEqual(3);
      for (const e of got.body.entries) {
        // No row image: the root, its version, what happened and which parts; the receiver reads the state by id.
        expect(Object.keys(e).sort()).toEqual(['occurredAt', 'operation', 'parts', 'position', 'regionCode', 'rootId', 'rootType', 'rootVersion', 'transactionId']);
        expect(e).toMatchObject({ regionCode: VILLAGE_ORDER, rootType: 'Household', operation: 'CREATED', parts: ['events', 'household', 'members'] });
        expect(e.rootVersion).toEqual(expect.any(Number));
      }
    }
    const log = await waitUntil('log written', async () => {
      const d = await deliveries(created.subscription.id);
      return d.length === r.received.length && d;
    });
    expect(log.every((d: Json) => d.outcome === 'DELIVERED' && d.httpStatus === 204 && d.attempt === 1)).toBe(true);
    expect(log.map((d: Json) => d.id)).toEqual(r.received.map((x) => x.body.deliveryId).reverse()); // newest first
    expect((await subscription(created.subscription.id)).position).toBe(expected[expected.length - 1]);

    // Replay: everything after a position comes again, in order.
    const from = expected[2];
    const before = r.received.length;
    const replayed = ok<Json>(await t.gql(REPLAY, { i: { id: created.subscription.id, fromPosition: from } }, district.headers));
    expect(replayed.replayWebhookSubscription.subscription).toMatchObject({ position: from, version: resumed.version + 1 });
    await waitUntil('replay delivered', async () => r.positions().length >= expected.length * 2 - 3);
    expect(r.received.slice(before).flatMap((x) => x.body.entries.map((e) => e.position))).toEqual(expected.slice(3));

    // A rotated secret signs from then on; the old one no longer verifies.
    const rotated = ok<Json>(await t.gql(ROTATE, { id: created.subscription.id }, district.headers)).rotateWebhookSecret;
    expect(rotated.secret).not.toBe(secret);
    const old = secret;
    secret = rotated.secret;
    const n = r.received.length;
    await createHousehold(t, district, householdInput(VILLAGE_ORDER));
    await waitUntil('delivery after rotation', async () => r.received.length > n);
    expect(r.received[n].verified).toBe(true);
    const raw = JSON.stringify(r.received[n].body);
    expect(verifyWebhookSignature(old, r.received[n].headers['x-jzfp-timestamp'] as string, r.received[n].headers['x-jzfp-signature'] as string, raw)).toBe(false);

    // Neither secret is stored or audited in plaintext.
    const rows = JSON.stringify(await t.dataSource.query(`SELECT * FROM webhook_subscriptions`));
    const audit = JSON.stringify(await t.dataSource.query(`SELECT operation, changes FROM audit_log WHERE entity_type = 'WebhookSubscription'`));
    for (const s of [old, secret]) {
      expect(rows).not.toContain(s.slice(6));
      expect(audit).not.toContain(s.slice(6));
    }
    expect(audit).toContain('webhooks.createSubscription');
    expect(audit).toContain('webhooks.replaySubscription');
    expect(audit).toContain('webhooks.rotateSecret');
    await pause(await subscription(created.subscription.id));
  });

  it('a receiver that is down: FAILED attempts, then a dead letter; the entries stay in the feed and are redelivered when it is back', async () => {
    const probe = await startReceiver(() => '');
    const port = probe.port;
    await probe.close(); // nothing listens there now
    let secret = '';
    const start = await head();
    const created = await subscribe({ name: '宕机的接收方', url: `http://127.0.0.1:${port}/hooks`, entityTypes: ['Household'], regionCode: VILLAGE_DOWN });
    secret = created.secret;
    const id = created.subscription.id;
    for (let i = 0; i < 4; i++) await createHousehold(t, district, householdInput(VILLAGE_DOWN));
    const expected = (await feedPositions(VILLAGE_DOWN, start)).length;
    expect(expected).toBe(4); // one entry per household: two batches of up to 3
    const dead = await waitUntil('both batches dead', async () => {
      const d = await deliveries(id, 'DEAD');
      return d.length === 2 && d;
    });
    const log = await deliveries(id);
    expect(log.filter((d) => d.outcome === 'FAILED')).toHaveLength(4);
    for (const d of log) {
      expect(d.httpStatus).toBeNull();
      expect(d.error).toMatch(/ECONNREFUSED/);
    }
    // Per batch: attempts 1 and 2 FAILED, attempt 3 DEAD; the stream went on past each.
    expect(log.map((d) => `${d.firstPosition}:${d.attempt}:${d.outcome}`).reverse()).toEqual([
      `${dead[1].firstPosition}:1:FAILED`,
      `${dead[1].firstPosition}:2:FAILED`,
      `${dead[1].firstPosition}:3:DEAD`,
      `${dead[0].firstPosition}:1:FAILED`,
      `${dead[0].firstPosition}:2:FAILED`,
      `${dead[0].firstPosition}:3:DEAD`,
    ]);
    const sub = await subscription(id);
    expect(sub).toMatchObject({ position: dead[0].lastPosition, failedAttempts: 0 });
    // No entry lost: all still in the feed.
    const positions = await feedPositions(VILLAGE_DOWN, start);
    expect(positions).toHaveLength(4);

    const back = await receiver(() => secret, () => ({}), port);
    for (const d of [...dead].reverse()) {
      const res = ok<Json>(await t.gql(REDELIVER, { id: d.id }, district.headers)).redeliverDeadLetter;
      expect(res.delivery).toMatchObject({ outcome: 'DELIVERED', httpStatus: 204, firstPosition: d.firstPosition, lastPosition: d.lastPosition });
      expect(res.deadLetter.replayedAt).not.toBeNull();
    }
    expect(back.positions()).toEqual(positions);
    expect(back.received.every((x) => x.verified)).toBe(true);
    // Only a dead letter can be redelivered; a delivered attempt cannot.
    const delivered = (await deliveries(id, 'DELIVERED'))[0];
    expect(ext(await t.gql(REDELIVER, { id: delivered.id }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_DEAD_LETTER' });
    await pause(sub);
  });

  it('a slow receiver: the attempt is cut at WEBHOOK_TIMEOUT_MS and logged as a timeout', async () => {
    let secret = '';
    const r = await receiver(() => secret, () => ({ delayMs: 60_000 }));
    const created = await subscribe({ name: '慢的接收方', url: r.url, entityTypes: ['Household'], regionCode: VILLAGE_SLOW });
    secret = created.secret;
    await createHousehold(t, district, householdInput(VILLAGE_SLOW));
    const failed = await waitForDelivery('a timed-out attempt', created.subscription.id, async () => (await deliveries(created.subscription.id, 'FAILED'))[0]);
    expect(failed.error).toMatch(/timeout/);
    expect(failed.httpStatus).toBeNull();
    expect(failed.durationMs).toBeGreaterThanOrEqual(4990);
    expect(failed.durationMs).toBeLessThan(60_000);
    expect(r.received[0].verified).toBe(true);
    await pause(await subscription(created.subscription.id));
  });

  it('a receiver answering 500 is retried with growing delays, then the batch is dead-lettered', async () => {
    let secret = '';
    const r = await receiver(() => secret, () => ({ status: 500 }));
    const created = await subscribe({ name: '出错的接收方', url: r.url, entityTypes: ['Household'], regionCode: VILLAGE_500 });
    secret = created.secret;
    await createHousehold(t, district, householdInput(VILLAGE_500));
    const [dead] = await waitForDelivery('the dead letter', created.subscription.id, async () => {
      const d = await deliveries(created.subscription.id, 'DEAD');
      return d.length > 0 && d;
    });
    expect(dead).toMatchObject({ attempt: 3, httpStatus: 500, error: 'HTTP 500' });
    const firstBatch = r.received.filter((x) => x.body.entries[0].position === dead.firstPosition);
    expect(firstBatch).toHaveLength(3);
    const [g1, g2] = [firstBatch[1].at - firstBatch[0].at, firstBatch[2].at - firstBatch[1].at];
    // The delays grow: at least the base, then at least twice the base. (Observed gaps also hold
    // the poller's and the machine's latency, so the two gaps are not compared with each other.)
    expect(g1).toBeGreaterThanOrEqual(95); // WEBHOOK_BACKOFF_BASE_MS
    expect(g2).toBeGreaterThanOrEqual(195); // twice that
    const failed = await deliveries(created.subscription.id, 'FAILED');
    expect(failed.map((d) => d.httpStatus)).toEqual([500, 500]);
    await pause(await subscription(created.subscription.id));
  });

  describe('managing subscriptions', () => {
    let own: Json;
    beforeAll(async () => {
      own = (await subscribe({ name: '管理测试', url: 'https://example.invalid/hook', entityTypes: ['Household'], regionCode: R.village })).subscription;
      await pause(own);
      own = await subscription(own.id);
    });

    it('validates the URL with coded errors naming the field', async () => {
      const cases: [string, string][] = [
        ['ftp://example.org/x', 'URL_SCHEME'],
        ['not a url', 'INVALID_URL'],
        [`https://example.org/${'a'.repeat(2000)}`, 'URL_TOO_LONG'],
        ['https://user:pw@example.org/', 'URL_CREDENTIALS'],
      ];
      for (const [url, reason] of cases) {
        expect(ext(await t.gql(CREATE, { i: { name: 'x', url, entityTypes: [] } }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT', reason, field: 'input.url' });
      }
      expect(ext(await t.gql(UPDATE, { i: { id: own.id, version: own.version, url: 'javascript:alert(1)' } }, district.headers))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.url',
      });
      expect(ext(await t.gql(CREATE, { i: { name: 'x', url: 'https://a.example/', entityTypes: [], fromPosition: '999999999' } }, district.headers))).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'POSITION_AHEAD_OF_FEED',
      });
    });

    it('changes need the version read; a stale one is a CONFLICT', async () => {
      const res = ok<Json>(await t.gql(UPDATE, { i: { id: own.id, version: own.version, name: '改名', entityTypes: [] } }, district.headers));
      expect(res.updateWebhookSubscription.subscription).toMatchObject({ name: '改名', entityTypes: [], version: own.version + 1 });
      expect(ext(await t.gql(UPDATE, { i: { id: own.id, version: own.version, name: '再改' } }, district.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
      own = res.updateWebhookSubscription.subscription;
      // The same values again change nothing: no version bump, no audit row with empty changes.
      const audited = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1`, [own.id]))[0].n;
      const before = await audited();
      const same = ok<Json>(await t.gql(UPDATE, { i: { id: own.id, version: own.version, name: '改名', entityTypes: [] } }, district.headers));
      expect(same.updateWebhookSubscription.subscription).toMatchObject({ name: '改名', version: own.version });
      expect(await audited()).toBe(before);
    });

    it('is limited to the caller’s region: outside answers as missing, creating there is refused', async () => {
      const townOfficer = await signIn(t, Role.DISTRICT_OFFICER, R.siblingTown); // webhooks.manage, homed in another town
      expect(ok<Json>(await t.gql(`query($id: ID!) { webhookSubscription(id: $id) { id } }`, { id: own.id }, townOfficer.headers)).webhookSubscription).toBeNull();
      expect(ok<Json>(await t.gql(`{ webhookSubscriptions { edges { node { id } } } }`, {}, townOfficer.headers)).webhookSubscriptions.edges).toEqual([]);
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const id of [own.id, missing]) {
        expect(ext(await t.gql(UPDATE, { i: { id, version: own.version, name: 'x' } }, townOfficer.headers))).toMatchObject({ code: 'NOT_FOUND' });
        expect(ext(await t.gql(ROTATE, { id }, townOfficer.headers))).toMatchObject({ code: 'NOT_FOUND' });
        expect(ext(await t.gql(REPLAY, { i: { id, fromPosition: '0' } }, townOfficer.headers))).toMatchObject({ code: 'NOT_FOUND' });
        expect(ext(await t.gql(DELETE, { id }, townOfficer.headers))).toMatchObject({ code: 'NOT_FOUND' });
        expect(ext(await t.gql(DELIVERIES, { s: id }, townOfficer.headers))).toMatchObject({ code: 'NOT_FOUND' });
      }
      expect(ext(await t.gql(CREATE, { i: { name: 'x', url: 'https://a.example/', entityTypes: [], regionCode: R.village } }, townOfficer.headers))).toMatchObject({
        code: 'FORBIDDEN',
        field: 'input.regionCode',
      });
      // Default region: the caller's home.
      const mine = await subscribe({ name: '本街道', url: 'https://a.example/', entityTypes: [] }, townOfficer);
      expect(mine.subscription.regionCode).toBe(R.siblingTown);
      await t.gql(DELETE, { id: mine.subscription.id }, townOfficer.headers);
    });

    it('needs webhooks.manage', async () => {
      const village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
      const town = await signIn(t, Role.TOWN_OFFICER, R.town);
      for (const who of [village, town]) {
        expect(ext(await t.gql(`{ webhookSubscriptions { edges { node { id } } } }`, {}, who.headers))).toMatchObject({ code: 'FORBIDDEN' });
        expect(ext(await t.gql(CREATE, { i: { name: 'x', url: 'https://a.example/', entityTypes: [] } }, who.headers))).toMatchObject({ code: 'FORBIDDEN' });
        expect(ext(await t.gql(DELIVERIES, { s: own.id }, who.headers))).toMatchObject({ code: 'FORBIDDEN' });
        expect(ext(await t.gql(REDELIVER, { id: '1' }, who.headers))).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(ext(await t.gql(DELETE, { id: own.id }, {}))).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('delete removes the subscription and its log, audited', async () => {
      expect(ok<Json>(await t.gql(DELETE, { id: own.id }, district.headers)).deleteWebhookSubscription.id).toBe(own.id);
      expect(await subscription(own.id)).toBeNull();
      const audit = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [own.id]);
      expect(audit.map((a: Json) => a.operation)).toEqual(['webhooks.createSubscription', 'webhooks.updateSubscription', 'webhooks.updateSubscription', 'webhooks.deleteSubscription']);
    });
  });
});

describe('webhook targets: public addresses only unless WEBHOOK_PRIVATE_TARGETS', () => {
  let t: TestApp;
  let district: SignedIn;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOKS_ENABLED: 'false' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    receiver = await startReceiver(() => 'secret');
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('refuses a subscription to a loopback, private, link-local or metadata address, and accepts a public one', async () => {
    for (const url of [receiver.url, `http://[::1]:${receiver.port}/x`, `http://localhost:${receiver.port}/x`, 'http://10.1.2.3/x', 'http://192.168.1.10/x', 'http://169.254.169.254/latest/meta-data', 'http://[::ffff:127.0.0.1]/x', 'http://0.0.0.0/x']) {
      const res = await t.gql(CREATE, { i: { name: 'inward', url, entityTypes: [] } }, district.headers);
      expect({ url, ext: res.body.errors?.[0]?.extensions }).toMatchObject({ url, ext: { code: 'BAD_USER_INPUT', reason: 'URL_NOT_PUBLIC', field: 'input.url' } });
    }
    const res = await t.gql(CREATE, { i: { name: 'province', url: 'https://203.1.113.7/hooks', entityTypes: [] } }, district.headers);
    expect(res.body.errors).toBeUndefined();
  });

  it('never connects to a host name that resolves to a non-public address, nor to such an IP', async () => {
    const sender = t.get(WebhookSender);
    const body = { subscriptionId: 's', deliveryId: 'd', entries: [] };
    for (const url of [`http://localhost:${receiver.port}/hooks`, receiver.url]) {
      const result = await sender.send(url, 'secret', body);
      expect({ url, ok: result.ok, error: result.error }).toMatchObject({ url, ok: false, error: expect.stringContaining('WEBHOOK_NON_PUBLIC_ADDRESS') });
    }
    expect(receiver.received).toHaveLength(0);
  });
});

