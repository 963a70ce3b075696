import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { graphql } from 'graphql';
import { chainHash, GENESIS_HASH } from '../../src/audit/audit-chain';
import { AuditCheckpointer } from '../../src/audit/audit-checkpointer';
import { AuditVerifier } from '../../src/audit/audit-verifier';
import { AuditRecord, AuditService } from '../../src/audit/audit.service';
import { Role } from '../../src/common/access/permissions';
import { permissionsOf } from '../../src/app.permissions';
import type { Principal } from '../../src/common/access/principal';
import { LoaderCache } from '../../src/common/loaders/loader-cache';
import { runWithScope } from '../../src/common/request-scope/request-scope';
import { auditVerify, EXIT_BROKEN, EXIT_OK } from '../../scripts/audit-verify';
import { startTestApp, TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-for';

const CHAIN_KEY = `a1:${Buffer.alloc(32, 11).toString('base64')}`;
const auditor: Principal = {
  kind: 'user', id: 'u-auditor', personId: 'u-auditor', name: 'auditor', roles: [Role.AUDITOR], permissions: permissionsOf([Role.AUDITOR]), regionCode: '410106000000', scopePrefix: '410106',
};

interface Row {
  seq: string;
  occurred_at: Date;
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
  prev_hash: string;
  hash: string;
  chain_key: string | null;
}

const content = (r: Row) => ({
  seq: r.seq, occurredAt: r.occurred_at, actorType: r.actor_type, actorId: r.actor_id, actorName: r.actor_name, actorRoles: r.actor_roles,
  requestId: r.request_id, clientIp: r.client_ip, operation: r.operation, entityType: r.entity_type, entityId: r.entity_id,
  regionCode: r.region_code, changes: r.changes, reason: r.reason,
});

describe('audit chain keyed with a key the database does not hold, anchored by checkpoints outside it', () => {
  let t: TestApp;
  let dir: string;
  let checkpointFile: string;
  let verifier: AuditVerifier;
  let checkpointer: AuditCheckpointer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jzfp-audit-'));
    checkpointFile = join(dir, 'audit-checkpoint.json');
    t = await startTestApp({ AUDIT_CHAIN_KEY: CHAIN_KEY, AUDIT_CHECKPOINT_FILE: checkpointFile, AUDIT_CHECKPOINT_INTERVAL_MS: '100' });
    verifier = t.get(AuditVerifier);
    checkpointer = t.get(AuditCheckpointer);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (records: AuditRecord[]) =>
    runWithScope({ requestId: 'req-chain-key1', principal: auditor }, () => t.dataSource.transaction((m) => t.get(AuditService).record(m, records)));
  const rows = (where = 'TRUE', params: unknown[] = []): Promise<Row[]> => t.dataSource.query(`SELECT * FROM audit_log WHERE ${where} ORDER BY seq`, params);
  const headSeq = async () => Number((await t.dataSource.query('SELECT coalesce(max(seq), 0)::int AS n FROM audit_log'))[0].n);
  const checkpoint = () => {
    try {
      return JSON.parse(readFileSync(checkpointFile, 'utf8')) as { seq: string; hash: string; legacyUpTo: string; mac: string };
    } catch {
      return undefined;
    }
  };
  /** As the owner of audit_log can: the append-only trigger off, any SQL, trigger on. */
  async function asTheOwner(statements: [string, unknown[]?][]): Promise<void> {
    await t.dataSource.transaction(async (m) => {
      await m.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      for (const [sql, params] of statements) await m.query(sql, params ?? []);
      await m.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
  }
  const cli = async () => {
    const lines: string[] = [];
    const code = await auditVerify({ DATABASE_URL: t.db.url, AUDIT_CHAIN_KEY: CHAIN_KEY, AUDIT_CHECKPOINT_FILE: checkpointFile }, (l) => lines.push(l));
    return { code, lines };
  };

  it('rows from before the chain was keyed verify as legacy; new rows carry the key id and an HMAC', async () => {
    expect(await headSeq()).toBe(0);
    // Three rows as the unkeyed chain wrote them (plain SHA-256, no chain_key), in one transaction
    // as the old service did (the checkpointer sees all three or none).
    let prev = GENESIS_HASH;
    const legacy: [string, unknown[]][] = [];
    for (let i = 1; i <= 3; i++) {
      const c = { seq: String(i), occurredAt: new Date(Date.UTC(2024, 0, i)), actorType: 'system', actorId: null, actorName: null, actorRoles: [], requestId: null, clientIp: null, operation: 'legacy.op', entityType: 'Legacy', entityId: `l${i}`, regionCode: null, changes: { i: { from: null, to: i } }, reason: null };
      const hash = chainHash(prev, c, null);
      legacy.push([
        `INSERT INTO audit_log (seq, occurred_at, actor_type, operation, entity_type, entity_id, changes, prev_hash, hash) VALUES ($1, $2, 'system', 'legacy.op', 'Legacy', $3, $4::jsonb, $5, $6)`,
        [c.seq, c.occurredAt.toISOString(), c.entityId, JSON.stringify(c.changes), prev, hash],
      ]);
      prev = hash;
    }
    await t.dataSource.transaction(async (m) => {
      for (const [sql, params] of legacy) await m.query(sql, params);
    });
    await write(Array.from({ length: 6 }, (_, i) => ({ operation: 'keyed.op', entityType: 'Keyed', entityId: `k${i}`, regionCode: '410106100201', changes: { n: { from: i, to: i + 1 } } })));
    const all = await rows();
    expect(all.map((r) => r.chain_key)).toEqual([null, null, null, 'a1', 'a1', 'a1', 'a1', 'a1', 'a1']);
    // The keyed hash is not what SHA-256 alone gives: it needs the key.
    expect(all[3].hash).not.toBe(chainHash(all[3].prev_hash, content(all[3]), null));
    expect(await verifier.verify()).toMatchObject({ ok: true, checked: 9, legacyRows: 3 });
  });

  it('a row rewritten and every later row re-hashed, as the database owner can, is found at the rewritten row', async () => {
    expect(await checkpointer.checkpoint()).toMatchObject({ outcome: expect.stringMatching(/^(written|unchanged)$/) });
    const original = await rows('seq >= 5');
    let prev = (await rows('seq = 4'))[0].hash;
    const forged = original.map((r) => {
      const c = { ...content(r), changes: r.seq === '5' ? { n: { from: 0, to: 42 } } : r.changes };
      const hash = chainHash(prev, c, null);
      const f = { seq: r.seq, changes: c.changes, prev_hash: prev, hash };
      prev = hash;
      return f;
    });
    await asTheOwner(forged.map((f) => [`UPDATE audit_log SET changes = $2::jsonb, prev_hash = $3, hash = $4 WHERE seq = $1`, [f.seq, JSON.stringify(f.changes), f.prev_hash, f.hash]]));
    expect(await verifier.verify()).toMatchObject({ ok: false, checked: 4, firstBrokenSeq: '5', problem: 'HASH_MISMATCH' });
    // Marking the re-hashed rows as legacy (unkeyed) does not help: legacy rows may not follow keyed ones.
    await asTheOwner([[`UPDATE audit_log SET chain_key = NULL WHERE seq >= 5`]]);
    expect(await verifier.verify()).toMatchObject({ ok: false, checked: 4, firstBrokenSeq: '5', problem: 'KEY_MISMATCH' });
    // Meanwhile the checkpointer does not anchor the forged chain.
    expect(await checkpointer.checkpoint()).toEqual({ outcome: 'refused', reason: 'CHECKPOINT_MISMATCH' });
    await asTheOwner(original.map((r) => [`UPDATE audit_log SET changes = $2::jsonb, prev_hash = $3, hash = $4, chain_key = $5 WHERE seq = $1`, [r.seq, JSON.stringify(r.changes), r.prev_hash, r.hash, r.chain_key]]));
    expect(await verifier.verify()).toMatchObject({ ok: true, checked: 9 });
  });

  it('the checkpointer writes a signed checkpoint of the head, mode 600, and advances it as rows are appended', async () => {
    await write([{ operation: 'keyed.op', entityType: 'Keyed', entityId: 'k-more', regionCode: '410106100201' }]);
    const head = await headSeq();
    const cp = await waitUntil('a checkpoint of the head', () => {
      const c = checkpoint();
      return c && Number(c.seq) === head ? c : undefined;
    });
    expect(cp).toMatchObject({ hash: (await rows('seq = $1', [head]))[0].hash, legacyUpTo: '3', mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(statSync(checkpointFile).mode & 0o777).toBe(0o600);
    expect(await verifier.verify()).toMatchObject({ ok: true, checked: head, checkpointSeq: String(head) });
    expect(await cli()).toEqual({ code: EXIT_OK, lines: [`audit chain OK: ${head} rows (3 legacy, unkeyed)`, expect.stringContaining(`seq ${head}`), `checkpoint: seq ${head} (${checkpointFile})`] });
  });

  it('deleting the newest rows is found against the checkpoint (TRUNCATED), by the service, GraphQL and the CLI; the checkpoint is kept', async () => {
    const head = await headSeq();
    const before = readFileSync(checkpointFile, 'utf8');
    await asTheOwner([[`DELETE FROM audit_log WHERE seq > $1`, [head - 2]]]);
    expect(await verifier.verify()).toMatchObject({ ok: false, checked: head - 2, firstBrokenSeq: String(head - 1), problem: 'TRUNCATED', checkpointSeq: String(head) });
    expect(await checkpointer.checkpoint()).toEqual({ outcome: 'refused', reason: 'TRUNCATED' });
    expect(readFileSync(checkpointFile, 'utf8')).toBe(before);
    const { code, lines } = await cli();
    expect(code).toBe(EXIT_BROKEN);
    expect(lines[0]).toBe(`audit chain BROKEN at seq ${head - 1}: TRUNCATED`);

    const schema = t.get(GraphQLSchemaHost).schema;
    const req = { principal: auditor, ip: '127.0.0.1', headers: {} };
    const res = { header: () => res, setHeader: () => res };
    const answer = await runWithScope({ requestId: 'req-chain-gql1', principal: auditor }, () =>
      graphql({ schema, source: '{ verifyAuditChain { ok problem firstBrokenSeq checkpointSeq legacyRows } }', contextValue: { req, res, loaders: new LoaderCache(), requestId: 'req-chain-gql1' } }),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ verifyAuditChain: { ok: false, problem: 'TRUNCATED', firstBrokenSeq: String(head - 1), checkpointSeq: String(head), legacyRows: 3 } });

    // New rows appended after the removal continue the shortened chain: the row now at the
    // checkpoint's seq is not the one it recorded.
    await write([1, 2, 3].map((i) => ({ operation: 'keyed.op', entityType: 'Keyed', entityId: `after-${i}` })));
    expect(await verifier.verify()).toMatchObject({ ok: false, firstBrokenSeq: String(head), problem: 'CHECKPOINT_MISMATCH' });
    expect(await checkpointer.checkpoint()).toEqual({ outcome: 'refused', reason: 'CHECKPOINT_MISMATCH' });
    expect(readFileSync(checkpointFile, 'utf8')).toBe(before);
  });
});
