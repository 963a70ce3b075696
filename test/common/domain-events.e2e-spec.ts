import { DomainEvents } from '../../src/common/events/domain-events';
import { startTestApp, TestApp } from '../support/test-app';

class NoteWritten {
  constructor(readonly note: string) {}
}
class OtherEvent {
  constructor(readonly n: number) {}
}

/**
 * The post-commit domain event bus (src/common/events) on a real database: handlers run after
 * COMMIT, with the data visible to other connections, and never after a rollback.
 */
describe('post-commit domain events', () => {
  let t: TestApp;
  let events: DomainEvents;
  const seen: { note: string; visible: boolean }[] = [];
  const others: number[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    events = t.get(DomainEvents);
    await t.dataSource.query(`CREATE TABLE event_test_notes (note text PRIMARY KEY)`);
    events.on(NoteWritten, async (e) => {
      // Another connection (the pool's) sees the row: the transaction has committed.
      const rows: unknown[] = await t.dataSource.query(`SELECT 1 FROM event_test_notes WHERE note = $1`, [e.note]);
      seen.push({ note: e.note, visible: rows.length === 1 });
    });
    events.on(OtherEvent, (e) => {
      others.push(e.n);
    });
  }, 180_000);

  beforeEach(() => {
    seen.length = 0;
    others.length = 0;
  });

  afterAll(async () => {
    await t?.dataSource.query(`DROP TABLE IF EXISTS event_test_notes`);
    await t?.close();
  });

  it('runs handlers after the commit, in publishing order, each for its own event type', async () => {
    await t.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO event_test_notes VALUES ('a')`);
      events.publish(m, new NoteWritten('a'));
      events.publish(m, new OtherEvent(1));
      expect(seen).toEqual([]); // not before the commit
    });
    expect(seen).toEqual([{ note: 'a', visible: true }]);
    expect(others).toEqual([1]);
  });

  it('drops the events of a transaction that rolls back', async () => {
    await expect(
      t.dataSource.transaction(async (m) => {
        await m.query(`INSERT INTO event_test_notes VALUES ('b')`);
        events.publish(m, new NoteWritten('b'));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(seen).toEqual([]);
    // The next transaction on a connection does not inherit them.
    await t.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO event_test_notes VALUES ('c')`);
      events.publish(m, new NoteWritten('c'));
    });
    expect(seen).toEqual([{ note: 'c', visible: true }]);
  });

  it('drops what a rolled-back savepoint published and keeps the rest', async () => {
    await t.dataSource.transaction(async (m) => {
      events.publish(m, new OtherEvent(1));
      await m
        .transaction(async (inner) => {
          events.publish(inner, new OtherEvent(2));
          throw new Error('inner fails');
        })
        .catch(() => undefined);
      await m.transaction(async (inner) => {
        events.publish(inner, new OtherEvent(3));
      });
      expect(others).toEqual([]); // a released savepoint is not a commit
    });
    expect(others).toEqual([1, 3]);
  });

  it('does not fail the commit when a handler throws', async () => {
    class Explodes {}
    events.on(Explodes, () => {
      throw new Error('handler bug');
    });
    await t.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO event_test_notes VALUES ('d')`);
      events.publish(m, new Explodes());
      events.publish(m, new NoteWritten('d'));
    });
    expect(seen).toEqual([{ note: 'd', visible: true }]);
  });

  it('refuses a publish outside a transaction', () => {
    expect(() => events.publish(t.dataSource.manager, new OtherEvent(9))).toThrow(/inside a transaction/);
  });
});
