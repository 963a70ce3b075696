import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { AuditCheckpointFile } from './audit-checkpoint';
import { AuditVerifier } from './audit-verifier';
import type { AuditRepository, AuditRow, ChainHead } from './audit.repository';

/** The repository's two reads over an in-memory table, counting the rows each read returns. */
class FakeRepository {
  rows: AuditRow[] = [];
  largestRead = 0;
  async head(): Promise<ChainHead | null> {
    const last = [...this.rows].sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq))).pop();
    return last ? { seq: last.seq, hash: last.hash } : null;
  }
  async chainBatch(after: string, upTo: string, limit?: number): Promise<AuditRow[]> {
    const found = this.rows
      .filter((r) => BigInt(r.seq) > BigInt(after) && BigInt(r.seq) <= BigInt(upTo))
      .sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)))
      .slice(0, limit)
      .map((r) => structuredClone(r));
    this.largestRead = Math.max(this.largestRead, found.length);
    return found;
  }
}

const KEY = { id: 'a1', secret: Buffer.alloc(32, 7) };
const KEYS = new Map([[KEY.id, KEY.secret]]);

/** n rows: the first `legacy` unkeyed (written before the chain was keyed), the rest signed with KEY. */
function chain(n: number, legacy = 0): AuditRow[] {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const content = {
      seq: String(i + 1),
      occurredAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
      actorType: 'user',
      actorId: 'u1',
      actorName: 'li',
      actorRoles: ['auditor'],
      requestId: 'r1',
      clientIp: '10.0.0.1',
      operation: 'x.y',
      entityType: 'X',
      entityId: String(i),
      regionCode: '410106100201',
      changes: { n: { from: i, to: i + 1 } },
      reason: null,
    };
    const key = i < legacy ? null : KEY;
    const hash = chainHash(prev, content, key);
    const row = { ...content, prevHash: prev, hash, chainKey: key?.id ?? null };
    prev = hash;
    return row;
  });
}

describe('AuditVerifier', () => {
  let repo: FakeRepository;
  const verify = (batch: number) => new AuditVerifier(repo as unknown as AuditRepository, KEYS).verify(batch);
  beforeEach(() => {
    repo = new FakeRepository();
    repo.rows = chain(23);
  });

  it('an empty trail is ok', async () => {
    repo.rows = [];
    expect(await verify(5)).toEqual({ ok: true, checked: 0 });
  });

  it('walks every row across windows, never holding more than one window', async () => {
    for (const batch of [1, 5, 22, 23, 100]) {
      repo.largestRead = 0;
      expect(await verify(batch)).toEqual({ ok: true, checked: 23, lastSeq: '23', lastHash: repo.rows[22].hash });
      expect(repo.largestRead).toBeLessThanOrEqual(batch);
    }
  });

  it('an edited row is the first break (HASH_MISMATCH), in any window', async () => {
    repo.rows[11].changes = { n: { from: 11, to: 99 } };
    for (const batch of [1, 5, 12, 100]) {
      expect(await verify(batch)).toEqual({ ok: false, checked: 11, firstBrokenSeq: '12', problem: 'HASH_MISMATCH', lastSeq: '11', lastHash: repo.rows[10].hash });
    }
  });

  it('each content field is covered by the hash', async () => {
    const edits: ((r: AuditRow) => void)[] = [
      (r) => (r.occurredAt = new Date(r.occurredAt.getTime() + 1)),
      (r) => (r.actorType = 'apiKey'),
      (r) => (r.actorId = 'u2'),
      (r) => (r.actorName = null),
      (r) => (r.actorRoles = ['auditor', 'district_admin']),
      (r) => (r.requestId = 'r2'),
      (r) => (r.clientIp = '10.0.0.2'),
      (r) => (r.operation = 'x.z'),
      (r) => (r.entityType = 'Y'),
      (r) => (r.entityId = null),
      (r) => (r.regionCode = '410106100202'),
      (r) => (r.reason = 'because'),
    ];
    for (const edit of edits) {
      repo.rows = chain(5);
      edit(repo.rows[2]);
      expect(await verify(2)).toMatchObject({ ok: false, firstBrokenSeq: '3', problem: 'HASH_MISMATCH' });
    }
  });

  it('an edited row re-hashed is found at the next row (PREV_HASH_MISMATCH)', async () => {
    const r = repo.rows[4];
    r.changes = { forged: true };
    r.hash = chainHash(r.prevHash, r, KEY);
    expect(await verify(5)).toMatchObject({ ok: false, checked: 5, firstBrokenSeq: '6', problem: 'PREV_HASH_MISMATCH' });
  });

  it('a removed row is a SEQ_GAP at the next row, whether inside a window, at its end, or the first row', async () => {
    for (const [removed, batch] of [[7, 5], [10, 5], [5, 5], [1, 5], [23 - 1, 22]]) {
      repo.rows = chain(23).filter((r) => r.seq !== String(removed));
      expect(await verify(batch)).toMatchObject({ ok: false, checked: removed - 1, firstBrokenSeq: String(removed + 1), problem: 'SEQ_GAP' });
    }
  });

  it('a whole missing window, or a forged far-away row, is found without walking the empty range', async () => {
    repo.rows = chain(23).filter((r) => Number(r.seq) <= 5 || Number(r.seq) > 15);
    expect(await verify(5)).toMatchObject({ ok: false, checked: 5, firstBrokenSeq: '16', problem: 'SEQ_GAP' });
    repo.rows = chain(3);
    repo.rows.push({ ...chain(4)[3], seq: '900000000000000000' });
    const started = Date.now();
    expect(await verify(5)).toMatchObject({ ok: false, checked: 3, firstBrokenSeq: '900000000000000000', problem: 'SEQ_GAP' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('only rows up to the head seen at the start are checked (appends meanwhile do not matter)', async () => {
    const all = chain(10);
    repo.rows = all.slice(0, 6);
    const original = repo.chainBatch.bind(repo);
    repo.chainBatch = async (after, upTo, limit) => {
      repo.rows = all; // rows appended after the head was read
      return original(after, upTo, limit);
    };
    expect(await verify(2)).toMatchObject({ ok: true, checked: 6, lastSeq: '6' });
  });

  describe('keyed chain (HMAC with a key the database does not hold)', () => {
    /** What someone with write access to the database but not the key can do: re-hash from `from` on. */
    function rehashWithout(rows: AuditRow[], from: number, asLegacy: boolean): void {
      let prev = rows[from - 1]?.hash ?? GENESIS_HASH;
      for (const r of rows.slice(from)) {
        r.prevHash = prev;
        r.chainKey = asLegacy ? null : r.chainKey;
        r.hash = asLegacy ? chainHash(prev, r, null) : chainHash(prev, r, { id: r.chainKey!, secret: Buffer.alloc(32, 1) });
        prev = r.hash;
      }
    }

    it('a row edited and every later row re-hashed without the key is found at the edited row', async () => {
      repo.rows[11].changes = { n: { from: 11, to: 99 } };
      rehashWithout(repo.rows, 11, false);
      expect(await verify(5)).toMatchObject({ ok: false, checked: 11, firstBrokenSeq: '12', problem: 'HASH_MISMATCH' });
      // Re-hashed as unkeyed (legacy) rows instead: legacy rows may not follow keyed ones.
      repo.rows = chain(23);
      repo.rows[11].changes = { forged: true };
      rehashWithout(repo.rows, 11, true);
      expect(await verify(5)).toMatchObject({ ok: false, checked: 11, firstBrokenSeq: '12', problem: 'KEY_MISMATCH' });
    });

    it('legacy rows verify up to the first keyed row and are counted', async () => {
      repo.rows = chain(10, 4);
      expect(await verify(3)).toEqual({ ok: true, checked: 10, legacyRows: 4, lastSeq: '10', lastHash: repo.rows[9].hash });
      repo.rows[2].reason = 'edited';
      expect(await verify(3)).toMatchObject({ ok: false, checked: 2, firstBrokenSeq: '3', problem: 'HASH_MISMATCH' });
    });

    it('a row signed with a key that is not configured is a KEY_MISMATCH; an older key still configured verifies (rotation)', async () => {
      const old = { id: 'a0', secret: Buffer.alloc(32, 9) };
      repo.rows = chain(6);
      let prev = GENESIS_HASH;
      for (const r of repo.rows.slice(0, 3)) {
        r.prevHash = prev;
        r.chainKey = old.id;
        r.hash = chainHash(prev, r, old);
        prev = r.hash;
      }
      repo.rows[3].prevHash = prev;
      repo.rows[3].hash = chainHash(prev, repo.rows[3], KEY);
      let p = repo.rows[3].hash;
      for (const r of repo.rows.slice(4)) {
        r.prevHash = p;
        r.hash = chainHash(p, r, KEY);
        p = r.hash;
      }
      expect(await verify(4)).toMatchObject({ ok: false, checked: 0, firstBrokenSeq: '1', problem: 'KEY_MISMATCH' });
      const rotated = new AuditVerifier(repo as unknown as AuditRepository, new Map([...KEYS, [old.id, old.secret]]));
      expect(await rotated.verify(4)).toMatchObject({ ok: true, checked: 6 });
    });
  });

  describe('checkpoints kept outside the database', () => {
    let dir: string;
    let file: AuditCheckpointFile;
    const keyring = { active: KEY, byId: KEYS };
    const withCheckpoint = (batch = 5) => new AuditVerifier(repo as unknown as AuditRepository, KEYS, file).verify(batch);
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'audit-cp-'));
      file = new AuditCheckpointFile(join(dir, 'checkpoint.json'), keyring);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('no checkpoint written yet: the chain alone decides', async () => {
      expect(await withCheckpoint()).toMatchObject({ ok: true, checked: 23 });
      expect((await withCheckpoint()).checkpointSeq).toBeUndefined();
    });

    it('removing the newest rows leaves a valid shorter chain, but not the checkpoint: TRUNCATED at the first missing row', async () => {
      file.write({ seq: '23', hash: repo.rows[22].hash, legacyUpTo: '0' });
      expect(await withCheckpoint()).toMatchObject({ ok: true, checked: 23, checkpointSeq: '23' });
      repo.rows = repo.rows.slice(0, 20);
      expect(await withCheckpoint()).toEqual({
        ok: false, checked: 20, firstBrokenSeq: '21', problem: 'TRUNCATED', lastSeq: '20', lastHash: repo.rows[19].hash, checkpointSeq: '23',
      });
      repo.rows = [];
      expect(await withCheckpoint()).toMatchObject({ ok: false, checked: 0, firstBrokenSeq: '1', problem: 'TRUNCATED' });
    });

    it('a chain replaced from some row on (rows removed, new ones appended) differs at the checkpoint: CHECKPOINT_MISMATCH', async () => {
      file.write({ seq: '20', hash: repo.rows[19].hash, legacyUpTo: '0' });
      const replaced = chain(23);
      replaced[19].entityId = 'other';
      let prev = replaced[18].hash;
      for (const r of replaced.slice(19)) {
        r.prevHash = prev;
        r.hash = chainHash(prev, r, KEY);
        prev = r.hash;
      }
      repo.rows = replaced;
      expect(await withCheckpoint(7)).toMatchObject({ ok: false, checked: 19, firstBrokenSeq: '20', problem: 'CHECKPOINT_MISMATCH' });
    });

    it('the checkpoint bounds the legacy rows: a chain re-written unkeyed past them is a KEY_MISMATCH', async () => {
      repo.rows = chain(8, 3);
      file.write({ seq: '8', hash: repo.rows[7].hash, legacyUpTo: '3' });
      expect(await withCheckpoint()).toMatchObject({ ok: true, legacyRows: 3 });
      const forged = chain(8, 8); // the whole chain unkeyed: verifies without a checkpoint
      repo.rows = forged;
      expect(await verify(5)).toMatchObject({ ok: true, checked: 8 });
      expect(await withCheckpoint()).toMatchObject({ ok: false, checked: 3, firstBrokenSeq: '4', problem: 'KEY_MISMATCH' });
    });

    it('an edited, unsigned or foreign-key-signed checkpoint file is CHECKPOINT_INVALID', async () => {
      const good = file.write({ seq: '23', hash: repo.rows[22].hash, legacyUpTo: '0' });
      const signed = JSON.parse(readFileSync(file.path, 'utf8')) as Record<string, string>;
      expect(signed).toMatchObject({ ...good, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
      for (const bad of [
        JSON.stringify({ ...signed, seq: '40' }),
        JSON.stringify({ ...signed, mac: undefined }),
        JSON.stringify({ ...signed, keyId: 'zz' }),
        'not json',
      ]) {
        writeFileSync(file.path, bad);
        expect(await withCheckpoint()).toMatchObject({ ok: false, checked: 23, problem: 'CHECKPOINT_INVALID' });
      }
      const foreign = new AuditCheckpointFile(file.path, { active: { id: 'a1', secret: Buffer.alloc(32, 3) }, byId: new Map() });
      foreign.write({ seq: '23', hash: repo.rows[22].hash, legacyUpTo: '0' });
      expect(await withCheckpoint()).toMatchObject({ ok: false, problem: 'CHECKPOINT_INVALID' });
    });
  });
});
