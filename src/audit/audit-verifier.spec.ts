import { chainHash, GENESIS_HASH } from './audit-chain';
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

function chain(n: number): AuditRow[] {
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
    const hash = chainHash(prev, content);
    const row = { ...content, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

describe('AuditVerifier', () => {
  let repo: FakeRepository;
  const verify = (batch: number) => new AuditVerifier(repo as unknown as AuditRepository).verify(batch);
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
    r.hash = chainHash(r.prevHash, r);
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
});
