import { GraphQLSchemaHost } from '@nestjs/graphql';
import { graphql } from 'graphql';
import { EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH } from '../../src/audit/audit-chain';
import { diffChanges } from '../../src/audit/audit-diff';
import { AuditVerifier } from '../../src/audit/audit-verifier';
import { AuditRecord, AuditService } from '../../src/audit/audit.service';
import { Role } from '../../src/common/access/permissions';
import { permissionsOf } from '../../src/app.permissions';
import type { Principal } from '../../src/common/access/principal';
import { maskCitizenId, maskPhone } from '../../src/common/crypto/mask';
import { LoaderCache } from '../../src/common/loaders/loader-cache';
import { encodeCursor } from '../../src/common/pagination/keyset';
import { AUDIT_SORT } from '../../src/audit/audit.repository';
import { runWithScope } from '../../src/common/request-scope/request-scope';
import { auditVerify, EXIT_BROKEN, EXIT_OK } from '../../scripts/audit-verify';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

function principal(id: string, roles: Role[], regionCode: string, scopePrefix: string): Principal {
  return { kind: 'user', id, personId: id, name: `name-${id}`, roles, permissions: permissionsOf(roles), regionCode, scopePrefix };
}
const districtAuditor = principal('u-aud-district', [Role.AUDITOR], '410106000000', '410106');
const townAuditor = principal('u-aud-town', [Role.AUDITOR], '410106100000', '410106100');
const districtAdmin = principal('u-admin', [Role.DISTRICT_ADMIN], '410106000000', '410106');
const officer = principal('u-officer', [Role.TOWN_OFFICER], '410106100000', '410106100');

interface Row {
  seq: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_roles: string[];
  request_id: string | null;
  client_ip: string | null;
  operation: string;
  entity_type: string;
  entity_id: string | null;
  region_code: string | null;
  changes: Record<string, unknown>;
  reason: string | null;
  occurred_at: Date;
  prev_hash: string;
  hash: string;
  chain_key: string | null;
}

/** The chain key, given explicitly so the CLI (a separate configuration) can verify too. */
const CHAIN_KEY = `a1:${Buffer.alloc(32, 5).toString('base64')}`;
const CHAIN_SECRET = { id: 'a1', secret: Buffer.alloc(32, 5) };

/**
 * True once some transaction of this database waits for another: on a server, a backend waiting
 * on a lock (the chain's advisory lock); on the embedded database (one session, a pool of one
 * connection) a query waiting for the pool's only connection, which the first transaction holds.
 */
async function aTransactionWaits(t: TestApp): Promise<boolean> {
  if (t.db.embedded) {
    const pool = (t.dataSource.driver as unknown as { master: { waitingCount: number } }).master;
    return pool.waitingCount > 0;
  }
  const [{ n }] = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
  );
  return n > 0;
}

describe('audit trail: append-only, hash-chained, verifiable (tamper-evident)', () => {
  let t: TestApp;
  let audit: AuditService;
  let verifier: AuditVerifier;

  beforeAll(async () => {
    t = await startTestApp({ AUDIT_CHAIN_KEY: CHAIN_KEY });
    audit = t.get(AuditService);
    verifier = t.get(AuditVerifier);
  });
  afterAll(() => t?.close());

  /** Records in one transaction, as `actor` in request `requestId`. */
  function write(records: AuditRecord[], actor?: Principal, requestId = 'req-test-0001'): Promise<void> {
    return runWithScope({ requestId, clientIp: '10.1.2.3', principal: actor }, () =>
      t.dataSource.transaction((m) => audit.record(m, records)),
    );
  }
  const rows = (where = 'TRUE', params: unknown[] = []): Promise<Row[]> =>
    t.dataSource.query(`SELECT * FROM audit_log WHERE ${where} ORDER BY seq`, params);
  const count = async (): Promise<number> => Number((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_log'))[0].n);
  const maxSeq = async (): Promise<number> => Number((await t.dataSource.query('SELECT coalesce(max(seq), 0)::int AS n FROM audit_log'))[0].n);
  /** Runs SQL with the append-only trigger off, as someone with the database owner's rights could. */
  async function behindTheServicesBack(sql: string, params: unknown[] = []): Promise<void> {
    await t.dataSource.transaction(async (m) => {
      await m.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await m.query(sql, params);
      await m.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
  }
  const asReader = <T>(p: Principal | undefined, fn: () => Promise<T>) => runWithScope({ requestId: 'req-reader-01', principal: p }, fn);

  it('records actor, request and content inside the caller\'s transaction, chained from the genesis hash', async () => {
    const at = new Date('2024-05-01T02:03:04.567Z');
    await write(
      [
        { operation: 'households.create', entityType: 'Household', entityId: 'h-1', regionCode: '410106100201', changes: { members: { from: null, to: 4 }, at } },
        { operation: 'households.update', entityType: 'Household', entityId: 'h-1', regionCode: '410106100201', changes: { nested: { z: [1, 'two', null, { y: true }], a: 1.5 } }, reason: '入户核实' },
      ],
      officer,
      'req-abc-12345',
    );
    await write([{ operation: 'system.job', entityType: 'Job' }]);
    const [r1, r2, r3] = await rows();
    expect([r1.seq, r2.seq, r3.seq]).toEqual(['1', '2', '3']);
    expect(r1).toMatchObject({
      actor_type: 'user',
      actor_id: 'u-officer',
      actor_name: 'name-u-officer',
      actor_roles: ['town_officer'],
      request_id: 'req-abc-12345',
      client_ip: '10.1.2.3',
      operation: 'households.create',
      entity_type: 'Household',
      entity_id: 'h-1',
      region_code: '410106100201',
      changes: { members: { from: null, to: 4 }, at: '2024-05-01T02:03:04.567Z' },
      reason: null,
      prev_hash: GENESIS_HASH,
      chain_key: 'a1',
    });
    expect(r2.prev_hash).toBe(r1.hash);
    expect(r2.reason).toBe('入户核实');
    expect(r3).toMatchObject({ actor_type: 'system', actor_id: null, actor_roles: [], prev_hash: r2.hash, region_code: null });
    expect(r1.occurred_at).toEqual(r2.occurred_at);
    expect(await verifier.verify()).toEqual({ ok: true, checked: 3, lastSeq: '3', lastHash: r3.hash });
  });

  it('keeps personal data masked: the plaintext of a diffed citizen id or phone never reaches the table', async () => {
    const before = { name: '赵六', idNumber: '41010619800101123X', phone: '13812345678', passwordHash: 'secret-hash', phoneEnc: 'v1:abc' };
    const after = { name: '赵六', idNumber: '410106198001019876', phone: '13987654321', passwordHash: 'other-hash', phoneEnc: 'v1:def' };
    const changes = diffChanges(before, after, { mask: { idNumber: maskCitizenId, phone: maskPhone } });
    await write([{ operation: 'members.update', entityType: 'Member', entityId: 'm-1', regionCode: '410106100201', changes }], officer);
    const stored: string = (await t.dataSource.query(`SELECT changes::text AS c FROM audit_log WHERE entity_id = 'm-1'`))[0].c;
    expect(JSON.parse(stored)).toEqual({
      idNumber: { from: '410106********123X', to: '410106********9876' },
      phone: { from: '138****5678', to: '139****4321' },
    });
    for (const secret of ['19800101', '12345678', '87654321', 'secret-hash', 'v1:abc']) expect(stored).not.toContain(secret);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('stores text with backslashes, tabs, line breaks and quotes as given, one row or several (an INSERT, or COPY on a server)', async () => {
    const odd = 'a\\b\tc\nd\r"e" \\N 乙';
    const record = (id: string) => ({ operation: 'x.odd', entityType: 'X', entityId: id, reason: odd, changes: { s: { from: odd, to: [odd, { k: odd }] } } });
    await write([record('odd-1')], officer);
    await write([record('odd-2'), record('odd-3')], officer);
    const stored = await rows(`entity_id LIKE 'odd-%'`);
    expect(stored.map((r) => r.entity_id)).toEqual(['odd-1', 'odd-2', 'odd-3']);
    for (const r of stored) expect(r).toMatchObject({ reason: odd, changes: { s: { from: odd, to: [odd, { k: odd }] } }, actor_roles: ['town_officer'] });
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('refuses to write outside a transaction, and refuses values wider than their column', async () => {
    await expect(audit.record(t.dataSource.manager as EntityManager, [{ operation: 'x.y', entityType: 'X' }])).rejects.toThrow(/inside the transaction/);
    await expect(write([{ operation: 'x'.repeat(65), entityType: 'X' }])).rejects.toThrow(/operation is longer than 64/);
    await expect(write([{ operation: 'x.y', entityType: 'X', changes: [1, 2] as unknown as Record<string, unknown> }])).rejects.toThrow(/must be an object/);
  });

  it('rows of two concurrent transactions form one gap-free chain, each transaction\'s rows together in commit order', async () => {
    const start = await maxSeq();
    let aWrote!: () => void;
    const aHasWritten = new Promise<void>((r) => (aWrote = r));
    let letAFinish!: () => void;
    const aMayFinish = new Promise<void>((r) => (letAFinish = r));
    const a = runWithScope({ requestId: 'req-tx-a-0001', principal: officer }, () =>
      t.dataSource.transaction(async (m) => {
        await audit.record(m, [{ operation: 'tx.a', entityType: 'T', entityId: 'a1' }]);
        aWrote();
        await aMayFinish;
        await audit.record(m, [{ operation: 'tx.a', entityType: 'T', entityId: 'a2' }]);
      }),
    );
    await aHasWritten;
    // B starts while A holds the chain: it must wait, not read the same head and fork the chain.
    const b = runWithScope({ requestId: 'req-tx-b-0001', principal: districtAdmin }, () =>
      t.dataSource.transaction((m) => audit.record(m, [{ operation: 'tx.b', entityType: 'T', entityId: 'b1' }, { operation: 'tx.b', entityType: 'T', entityId: 'b2' }])),
    );
    await waitFor(() => aTransactionWaits(t), { what: 'transaction B waiting for A' });
    letAFinish();
    await Promise.all([a, b]);
    const written = await rows('seq > $1', [start]);
    expect(written.map((r) => [Number(r.seq) - start, r.entity_id])).toEqual([[1, 'a1'], [2, 'a2'], [3, 'b1'], [4, 'b2']]);

    // And many at once: 8 transactions of 5 rows, on a pool of 4 connections.
    const before = await maxSeq();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => write(Array.from({ length: 5 }, (_, j) => ({ operation: 'tx.many', entityType: 'T', entityId: `${i}-${j}` })))),
    );
    const many = await rows('seq > $1', [before]);
    expect(many.map((r) => Number(r.seq))).toEqual(Array.from({ length: 40 }, (_, i) => before + i + 1));
    const report = await verifier.verify();
    expect(report).toMatchObject({ ok: true, checked: await count() });
  });

  it('a rolled-back transaction leaves no audit rows and no gap', async () => {
    const before = await maxSeq();
    await expect(
      runWithScope({ requestId: 'req-rollback-1' }, () =>
        t.dataSource.transaction(async (m) => {
          await audit.record(m, [1, 2, 3].map((i) => ({ operation: 'households.import', entityType: 'Household', entityId: `rb-${i}` })));
          throw new Error('the change failed after its audit rows were written');
        }),
      ),
    ).rejects.toThrow('the change failed');
    expect(await maxSeq()).toBe(before);
    expect(await rows(`entity_id LIKE 'rb-%'`)).toEqual([]);
    await write([{ operation: 'households.import', entityType: 'Household', entityId: 'after-rollback' }]);
    expect((await rows(`entity_id = 'after-rollback'`))[0].seq).toBe(String(before + 1));
    expect(await verifier.verify()).toMatchObject({ ok: true, checked: before + 1 });
  });

  it('the database itself refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
    const n = await count();
    await expect(t.dataSource.query(`UPDATE audit_log SET reason = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(t.dataSource.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(t.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only \(TRUNCATE refused\)/);
    expect(await count()).toBe(n);
    expect((await verifier.verify()).ok).toBe(true);
  });

  it('an edit made behind the service\'s back is found at exactly that row (HASH_MISMATCH), by the service and the CLI', async () => {
    const [victim] = await rows('seq = 2');
    const original = JSON.stringify(victim.changes);
    await behindTheServicesBack(`UPDATE audit_log SET changes = '{"nested":{"a":2}}' WHERE seq = 2`);
    expect(await verifier.verify()).toEqual({ ok: false, checked: 1, firstBrokenSeq: '2', problem: 'HASH_MISMATCH', lastSeq: '1', lastHash: (await rows('seq = 1'))[0].hash });
    const lines: string[] = [];
    expect(await auditVerify({ DATABASE_URL: t.db.url, AUDIT_CHAIN_KEY: CHAIN_KEY }, (l) => lines.push(l))).toBe(EXIT_BROKEN);
    expect(lines[0]).toBe('audit chain BROKEN at seq 2: HASH_MISMATCH');

    // Re-hashing the edited row without the key (plain SHA-256, or a guessed key) leaves it broken.
    const r = (await rows('seq = 2'))[0];
    const content = {
      seq: r.seq, occurredAt: r.occurred_at, actorType: r.actor_type, actorId: r.actor_id, actorName: r.actor_name, actorRoles: r.actor_roles,
      requestId: r.request_id, clientIp: r.client_ip, operation: r.operation, entityType: r.entity_type, entityId: r.entity_id,
      regionCode: r.region_code, changes: r.changes, reason: r.reason,
    };
    await behindTheServicesBack(`UPDATE audit_log SET hash = $1 WHERE seq = 2`, [chainHash(r.prev_hash, content, null)]);
    expect(await verifier.verify()).toMatchObject({ ok: false, checked: 1, firstBrokenSeq: '2', problem: 'HASH_MISMATCH' });
    // With the key, re-hashing it moves the break to the next row, which still points at the old hash.
    await behindTheServicesBack(`UPDATE audit_log SET hash = $1 WHERE seq = 2`, [chainHash(r.prev_hash, content, CHAIN_SECRET)]);
    expect(await verifier.verify()).toMatchObject({ ok: false, checked: 2, firstBrokenSeq: '3', problem: 'PREV_HASH_MISMATCH' });

    // Put back exactly what was written: the chain is whole again (the hash is over the content).
    await behindTheServicesBack(`UPDATE audit_log SET changes = $1::jsonb, hash = $2 WHERE seq = 2`, [original, victim.hash]);
    expect(await verifier.verify()).toMatchObject({ ok: true, checked: await count() });
    lines.length = 0;
    expect(await auditVerify({ DATABASE_URL: t.db.url, AUDIT_CHAIN_KEY: CHAIN_KEY }, (l) => lines.push(l))).toBe(EXIT_OK);
    expect(lines[0]).toBe(`audit chain OK: ${await count()} rows`);
  });

  it('a deleted middle row is found (SEQ_GAP at the row after it); so is a deleted first row', async () => {
    const n = await count();
    const [gone] = await t.dataSource.query(`SELECT * FROM audit_log WHERE seq = 5`);
    const [first] = await t.dataSource.query(`SELECT * FROM audit_log WHERE seq = 1`);
    await behindTheServicesBack(`DELETE FROM audit_log WHERE seq = 5`);
    expect(await verifier.verify()).toMatchObject({ ok: false, checked: 4, firstBrokenSeq: '6', problem: 'SEQ_GAP', lastSeq: '4' });
    await behindTheServicesBack(`DELETE FROM audit_log WHERE seq = 1`);
    expect(await verifier.verify()).toMatchObject({ ok: false, checked: 0, firstBrokenSeq: '2', problem: 'SEQ_GAP' });
    // Re-inserting exactly the removed rows (INSERT is allowed) makes the chain whole again.
    for (const row of [gone, first]) {
      await t.dataSource.query(`INSERT INTO audit_log SELECT * FROM jsonb_populate_record(NULL::audit_log, $1::jsonb)`, [JSON.stringify(row)]);
    }
    expect(await verifier.verify()).toMatchObject({ ok: true, checked: n });
  });

  describe('reading the trail (service level: tokens come with the identity module)', () => {
    let mid: Date;
    beforeAll(async () => {
      const rec = (entityId: string, regionCode: string | null, operation = 'households.update'): AuditRecord => ({
        operation, entityType: 'TrailTest', entityId, regionCode, changes: { n: { from: 1, to: 2 } },
      });
      await write([rec('v1', '410106100201'), rec('t1', '410106100000'), rec('d1', '410106000000')], officer);
      // A moment strictly between the two batches: 1 ms after the first batch's stamp (the service
      // stamps with this process's clock), and the second batch written only once that clock is past it.
      const [{ first }] = await t.dataSource.query(`SELECT max(occurred_at) AS first FROM audit_log WHERE entity_type = 'TrailTest'`);
      mid = new Date(new Date(first).getTime() + 1);
      await waitFor(() => Date.now() > mid.getTime(), { what: 'clock past the first batch', intervalMs: 1 });
      await write([rec('v2', '410106200201', 'households.exit'), rec('other', '410107100201'), rec('none', null, 'auth.login')], districtAdmin);
    });
    const ids = (c: { edges: { node: { entityId: string | null } }[] }) => c.edges.map((e) => e.node.entityId);

    it('a district auditor sees the district\'s subtree and entries without a region, newest first; not the neighbouring district', async () => {
      const page = await asReader(districtAuditor, () => audit.trail({ entityType: 'TrailTest' }, { first: 50 }, true));
      expect(ids(page)).toEqual(['none', 'v2', 'd1', 't1', 'v1']);
      expect(page.totalCount).toBe(5);
    });

    it('a town auditor sees only the town\'s subtree: no other town, no entries without a region', async () => {
      const page = await asReader(townAuditor, () => audit.trail({ entityType: 'TrailTest' }, {}, false));
      expect(ids(page)).toEqual(['t1', 'v1']);
    });

    it('filters by region subtree (within the caller\'s scope only), entity, actor, operation and period', async () => {
      const trail = (filter: Parameters<AuditService['trail']>[0], p = districtAuditor) =>
        asReader(p, () => audit.trail({ entityType: 'TrailTest', ...filter }, { first: 50 }, false)).then(ids);
      expect(await trail({ regionCode: '410106100000' })).toEqual(['t1', 'v1']);
      expect(await trail({ regionCode: '410106100201' })).toEqual(['v1']);
      expect(await trail({ regionCode: '410106000000' })).toEqual(['v2', 'd1', 't1', 'v1']);
      expect(await trail({ regionCode: '410107000000' })).toEqual([]);
      expect(await trail({ regionCode: '410000000000' }, townAuditor)).toEqual(['t1', 'v1']);
      expect(await trail({ entityId: 'v2' })).toEqual(['v2']);
      expect(await trail({ actorId: 'u-officer' })).toEqual(['d1', 't1', 'v1']);
      expect(await trail({ operation: 'households.exit' })).toEqual(['v2']);
      expect(await trail({ from: mid })).toEqual(['none', 'v2']);
      expect(await trail({ to: mid })).toEqual(['d1', 't1', 'v1']);
      await expect(trail({ from: mid, to: mid })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD', field: 'to' });
    });

    it('pages newest first over the bigint seq with keyset cursors, forward and backward, without gaps or repeats', async () => {
      const read = (args: Parameters<AuditService['trail']>[1]) => asReader(districtAuditor, () => audit.trail({ entityType: 'TrailTest' }, args, false));
      const p1 = await read({ first: 2 });
      const p2 = await read({ first: 2, after: p1.pageInfo.endCursor! });
      const p3 = await read({ first: 2, after: p2.pageInfo.endCursor! });
      expect([ids(p1), ids(p2), ids(p3)]).toEqual([['none', 'v2'], ['d1', 't1'], ['v1']]);
      expect([p1.pageInfo.hasNextPage, p2.pageInfo.hasNextPage, p3.pageInfo.hasNextPage]).toEqual([true, true, false]);
      const seqs = [...p1.edges, ...p2.edges, ...p3.edges].map((e) => BigInt(e.node.seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => (a > b ? -1 : 1)));
      const back = await read({ last: 2, before: p3.pageInfo.startCursor! });
      expect(ids(back)).toEqual(['d1', 't1']);
      expect(back.pageInfo.hasPreviousPage).toBe(true);
      // Cursors compare as numbers, not text: after seq 10 (DESC) come 9…1 (as text, only '1' < '10').
      const afterTen = await asReader(districtAuditor, () => audit.trail({}, { first: 50, after: encodeCursor(AUDIT_SORT, '10', '10') }, false));
      expect(afterTen.edges.map((e) => e.node.seq)).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1']);
    });

    it('refuses a forged cursor as BAD_USER_INPUT naming the argument, before any SQL', async () => {
      for (const after of ['not-a-cursor', encodeCursor(AUDIT_SORT, 'abc', 'abc'), encodeCursor(AUDIT_SORT, '1; DROP TABLE x', '1'), encodeCursor(AUDIT_SORT, '99999999999999999999', '1')]) {
        const { result, count: statements } = await countQueries(() => asReader(districtAuditor, () => audit.trail({}, { after }, false)).catch((e: unknown) => e));
        expect(result).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: 'after' });
        expect(statements).toBe(0);
      }
    });

    it('answers nobody without audit.read: anonymous is UNAUTHENTICATED, the administrator (三员分立) FORBIDDEN', async () => {
      await expect(asReader(undefined, () => audit.trail({}, {}, false))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(asReader(districtAdmin, () => audit.trail({}, {}, false))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(asReader(undefined, () => audit.verifyChain())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(asReader(districtAdmin, () => audit.verifyChain())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('GraphQL', () => {
    it('refuses auditTrail and verifyAuditChain to an anonymous caller (UNAUTHENTICATED), before any data', async () => {
      const trail = await t.gql(`{ auditTrail(first: 5) { edges { node { seq changes } } } }`);
      expect(trail.body.data ?? null).toBeNull();
      expect(trail.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      const verify = await t.gql(`{ verifyAuditChain { ok checked } }`);
      expect(verify.body.data ?? null).toBeNull();
      expect(verify.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('maps entries and the report through the schema (executed with an auditor principal in the context)', async () => {
      // The HTTP request as the identity middleware will leave it (req.principal + the request scope).
      const schema = t.get(GraphQLSchemaHost).schema;
      const execAs = (p: Principal, source: string) => {
        const req = { principal: p, ip: '127.0.0.1', headers: {} };
        const res = { header: () => res, setHeader: () => res };
        return runWithScope({ requestId: 'req-gql-exec1', clientIp: req.ip, principal: p }, () =>
          graphql({ schema, source, contextValue: { req, res, loaders: new LoaderCache(), requestId: 'req-gql-exec1' } }),
        );
      };
      const run = (source: string) => execAs(districtAuditor, source);
      const res = await run(`{
        auditTrail(entityType: "TrailTest", entityId: "v1", regionCode: "410106100000") {
          totalCount
          edges { node { seq occurredAt actor { type id name roles } requestId clientIp operation entityType entityId regionCode changes reason prevHash hash } }
        }
        verifyAuditChain { ok checked firstBrokenSeq problem lastSeq lastHash checkpointSeq legacyRows }
      }`);
      expect(res.errors).toBeUndefined();
      const data = res.data as { auditTrail: { totalCount: number; edges: { node: Record<string, unknown> }[] }; verifyAuditChain: Record<string, unknown> };
      expect(data.auditTrail.totalCount).toBe(1);
      const node = data.auditTrail.edges[0].node;
      expect(node).toMatchObject({
        actor: { type: 'user', id: 'u-officer', name: 'name-u-officer', roles: ['town_officer'] },
        requestId: 'req-test-0001',
        clientIp: '10.1.2.3',
        operation: 'households.update',
        entityType: 'TrailTest',
        entityId: 'v1',
        regionCode: '410106100201',
        changes: { n: { from: 1, to: 2 } },
        reason: null,
      });
      expect(node.seq).toMatch(/^\d+$/);
      expect(node.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(node.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(data.verifyAuditChain).toEqual({
        ok: true, checked: await count(), firstBrokenSeq: null, problem: null, lastSeq: String(await maxSeq()), lastHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        checkpointSeq: null, legacyRows: 0,
      });
      const refused = await execAs(districtAdmin, '{ verifyAuditChain { ok } }');
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  it('bulk: 20,000 records in one call are written (no parameter limit) and the chain verifies across batches', async () => {
    const before = await maxSeq();
    const records: AuditRecord[] = Array.from({ length: 20_000 }, (_, i) => ({
      operation: 'households.import',
      entityType: 'Household',
      entityId: `bulk-${i}`,
      regionCode: '410106100201',
      changes: { row: { from: null, to: i }, name: { from: null, to: `户主${i}` } },
    }));
    await write(records, officer);
    expect(await maxSeq()).toBe(before + 20_000);
    const [{ n }] = await t.dataSource.query(`SELECT count(DISTINCT seq)::int AS n FROM audit_log WHERE entity_id LIKE 'bulk-%'`);
    expect(n).toBe(20_000);
    const report = await verifier.verify();
    expect(report).toMatchObject({ ok: true, checked: before + 20_000, lastSeq: String(before + 20_000) });
    // A break deep in a later batch is found too.
    const target = before + 12_345;
    await behindTheServicesBack(`UPDATE audit_log SET region_code = '410106100202' WHERE seq = $1`, [target]);
    expect(await verifier.verify()).toMatchObject({ ok: false, checked: target - 1, firstBrokenSeq: String(target), problem: 'HASH_MISMATCH' });
  });
});
