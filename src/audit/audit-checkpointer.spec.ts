import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { AuditCheckpointFile } from './audit-checkpoint';
import { AuditCheckpointer } from './audit-checkpointer';
import type { AuditRepository, ChainHead } from './audit.repository';

/** An audit chain reduced to what the checkpointer reads: the hash at each seq. */
class FakeChain {
  hashes = new Map<string, string>();
  headCalls = 0;
  /** While set, the next head() answers only once `open` is called, with the chain as it is then. */
  private gate?: { opened: Promise<void>; reach: () => void };

  /** Holds the next head(): `reached` resolves when it is asked, `open` lets it answer. */
  holdHead(): { reached: Promise<void>; open: () => void } {
    let open!: () => void;
    let reach!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const reached = new Promise<void>((resolve) => (reach = resolve));
    this.gate = { opened, reach };
    return { reached, open };
  }

  async head(): Promise<ChainHead | null> {
    this.headCalls++;
    const gate = this.gate;
    this.gate = undefined;
    if (gate) {
      gate.reach();
      await gate.opened;
    }
    const seqs = [...this.hashes.keys()].sort((a, b) => Number(BigInt(a) - BigInt(b)));
    const seq = seqs.at(-1);
    return seq === undefined ? null : { seq, hash: this.hashes.get(seq)! };
  }

  async hashAt(seq: string): Promise<string | null> {
    return this.hashes.get(seq) ?? null;
  }

  async lastUnkeyedSeq(): Promise<string> {
    return '0';
  }
}

const hash = (c: string) => c.repeat(64);

describe('AuditCheckpointer', () => {
  let dir: string;
  let file: AuditCheckpointFile;
  let chain: FakeChain;
  let checkpointer: AuditCheckpointer;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-cpr-'));
    file = new AuditCheckpointFile(join(dir, 'checkpoint.json'), { active: { id: 'a1', secret: Buffer.alloc(32, 5) }, byId: new Map([['a1', Buffer.alloc(32, 5)]]) });
    chain = new FakeChain();
    checkpointer = new AuditCheckpointer(chain as unknown as AuditRepository, file, {} as AppConfig);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('anchors the head, keeps it while nothing is appended, and refuses a chain rewritten under it', async () => {
    for (let i = 1; i <= 9; i++) chain.hashes.set(String(i), hash('a'));
    expect(await checkpointer.checkpoint()).toMatchObject({ outcome: 'written', checkpoint: { seq: '9', hash: hash('a') } });
    expect(await checkpointer.checkpoint()).toEqual({ outcome: 'unchanged' });
    chain.hashes.set('9', hash('f'));
    expect(await checkpointer.checkpoint()).toEqual({ outcome: 'refused', reason: 'CHECKPOINT_MISMATCH' });
    chain.hashes.delete('9');
    expect(await checkpointer.checkpoint()).toEqual({ outcome: 'refused', reason: 'TRUNCATED' });
    expect(file.read()).toMatchObject({ state: 'valid', checkpoint: { seq: '9', hash: hash('a') } });
  });

  it('runs one checkpoint at a time: a run that read an older checkpoint cannot overwrite a newer one', async () => {
    chain.hashes.set('1', hash('a'));
    // The timer's run reads the (absent) checkpoint, then waits for the chain's head.
    const { reached, open } = chain.holdHead();
    const timers = checkpointer.checkpoint();
    // A direct call meanwhile does not read the chain until that run has ended.
    const direct = checkpointer.checkpoint();
    await reached;
    expect(chain.headCalls).toBe(1);
    chain.hashes.set('2', hash('b'));
    open();
    expect(await timers).toMatchObject({ outcome: 'written', checkpoint: { seq: '2', hash: hash('b') } });
    expect(await direct).toEqual({ outcome: 'unchanged' });
    expect(chain.headCalls).toBe(2);
    // Rows rewritten after that are refused, by every later run.
    chain.hashes.set('2', hash('f'));
    expect(await checkpointer.checkpoint()).toEqual({ outcome: 'refused', reason: 'CHECKPOINT_MISMATCH' });
    expect(file.read()).toMatchObject({ state: 'valid', checkpoint: { seq: '2', hash: hash('b') } });
  });

  it('a failed run does not stop the next one', async () => {
    chain.hashes.set('1', hash('a'));
    const failing = jest.spyOn(chain, 'head').mockRejectedValueOnce(new Error('connection lost'));
    const first = checkpointer.checkpoint();
    const second = checkpointer.checkpoint();
    await expect(first).rejects.toThrow('connection lost');
    expect(await second).toMatchObject({ outcome: 'written', checkpoint: { seq: '1' } });
    failing.mockRestore();
  });
});
