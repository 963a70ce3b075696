import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { loggableError } from '../errors/normalize';

/** A typed domain event: a class whose instances carry the facts (e.g. ImportCompleted). */
export type EventClass<E extends object> = abstract new (...args: never[]) => E;
export type EventHandler<E> = (event: E) => Promise<void> | void;

const PENDING = Symbol('pendingDomainEvents');
const COMMITTED = Symbol('committedDomainEvents');
const HOOKED = Symbol('domainEventsReleaseHook');

interface Pending {
  event: object;
  /** Transaction depth it was published at (savepoints nest; a rolled-back savepoint drops its events). */
  depth: number;
}

/** The published-but-not-committed events of one connection's transaction. */
function pendingOf(qr: QueryRunner): Pending[] {
  const data = qr.data as Record<symbol, Pending[] | undefined>;
  return (data[PENDING] ??= []);
}

function depthOf(qr: QueryRunner): number {
  return (qr as unknown as { transactionDepth: number }).transactionDepth;
}

/**
 * The in-process domain event bus. A service publishes a typed event on the EntityManager of
 * its transaction; handlers run only after that transaction commits, and never when it rolls
 * back (a savepoint rolled back drops what was published inside it). Handlers run one after
 * another, after COMMIT and before `dataSource.transaction()` returns to the publisher; a
 * handler's error is logged and never undoes or fails the commit (the data is already there).
 *
 * It hooks TypeORM's transaction events (a data-source subscriber) and keeps the pending
 * events on the transaction's QueryRunner. Committed events are handed out when that
 * QueryRunner is released (`dataSource.transaction()` releases it before it returns), not in
 * the commit hook itself: on the embedded database a handler's query on another connection
 * cannot start while the committing connection is still held (seen: the pool's connect timed
 * out), and a handler may reuse the released connection.
 */
@Injectable()
export class DomainEvents implements EntitySubscriberInterface {
  private readonly logger = new Logger('DomainEvents');
  private readonly handlers = new Map<EventClass<object>, EventHandler<object>[]>();

  constructor(@InjectDataSource() dataSource: DataSource) {
    if (!dataSource.subscribers.includes(this)) dataSource.subscribers.push(this);
  }

  /** Runs `handler` after the commit of every transaction that published an event of this class. */
  on<E extends object>(type: EventClass<E>, handler: EventHandler<E>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as EventHandler<object>);
    this.handlers.set(type, list);
  }

  /** Publishes `event` in the transaction of `manager` (a transaction is required). */
  publish(manager: EntityManager, event: object): void {
    const qr = manager.queryRunner;
    if (!qr || !qr.isTransactionActive) throw new Error(`${event.constructor.name} must be published inside a transaction`);
    pendingOf(qr).push({ event, depth: depthOf(qr) });
    this.dispatchOnRelease(qr);
  }

  /** Wraps the QueryRunner's release once: after it, the committed events are dispatched. */
  private dispatchOnRelease(qr: QueryRunner): void {
    const data = qr.data as Record<symbol, unknown>;
    if (data[HOOKED]) return;
    data[HOOKED] = true;
    const release = qr.release.bind(qr);
    qr.release = async () => {
      try {
        await release();
      } finally {
        const committed = (data[COMMITTED] as object[] | undefined)?.splice(0) ?? [];
        for (const event of committed) await this.dispatch(event);
      }
    };
  }

  afterTransactionCommit(e: TransactionCommitEvent): void {
    const qr = e.queryRunner;
    const pending = (qr.data as Record<symbol, Pending[] | undefined>)[PENDING];
    if (!pending?.length) return;
    if (qr.isTransactionActive) {
      // A savepoint was released: its events now belong to the enclosing level.
      const depth = depthOf(qr);
      for (const p of pending) p.depth = Math.min(p.depth, depth);
      return;
    }
    const data = qr.data as Record<symbol, object[] | undefined>;
    (data[COMMITTED] ??= []).push(...pending.splice(0).map((p) => p.event));
  }

  afterTransactionRollback(e: TransactionRollbackEvent): void {
    const qr = e.queryRunner;
    const pending = (qr.data as Record<symbol, Pending[] | undefined>)[PENDING];
    if (!pending?.length) return;
    if (!qr.isTransactionActive) {
      pending.splice(0);
      return;
    }
    const depth = depthOf(qr);
    const kept = pending.filter((p) => p.depth <= depth);
    pending.splice(0, pending.length, ...kept);
  }

  private async dispatch(event: object): Promise<void> {
    for (const [type, handlers] of this.handlers) {
      if (!(event instanceof type)) continue;
      for (const handler of handlers) {
        try {
          await handler(event);
        } catch (err) {
          this.logger.error({ err: loggableError(err), event: event.constructor.name }, 'domain event handler failed');
        }
      }
    }
  }
}
