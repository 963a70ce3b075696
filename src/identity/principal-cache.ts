import { Client, Notification } from 'pg';
import type { Principal } from '../common/access/principal';

/** The channel the database notifies on (migration PrincipalChangeNotify): an account's id, or `*`. */
export const PRINCIPAL_CHANGED_CHANNEL = 'principal_changed';
const EVERYONE = '*';

export interface PrincipalCacheOptions {
  /** How long a principal is kept at most (0: never kept, every request reads the database). */
  ttlMs: number;
  /** Most principals kept (one per open sign-in in use); the oldest goes first. */
  maxEntries: number;
  /**
   * How long an account changed by this process is read from the database whatever the cache
   * holds, unless the database's notification for it comes first (it comes when the change
   * commits; a change rolled back sends none, and this bounds the wait).
   */
  changeSettleMs: number;
}

/**
 * What was current when a read of the database began: a principal read with it is kept only if
 * nothing changed since — for its account, or (a read that learns its account as it goes, an API
 * key's: `account` -1) for any account.
 */
export interface PrincipalTicket {
  readonly all: number;
  readonly account: number;
  readonly changes: number;
}

interface Entry {
  principal: Principal;
  accountId: string;
  expires: number;
}

/**
 * Principals of signed-in callers kept between requests (issue #12: the statement that read the
 * account, its sign-in and its home region ran on every request, a quarter of the cost of a small
 * query). A principal is kept only while this process listens to the database's
 * `principal_changed` notifications, sent by triggers when an account, its sign-ins, its API keys or the
 * regions change — by this service, another instance of it, or SQL by hand — so:
 *
 * - A change made by this process is seen by its next request: the repositories that change
 *   accounts and sign-ins call `accountChanging` inside their transaction, which drops the
 *   account's principals and reads it from the database until the commit's notification
 *   arrives (reads in between would see the old row and are not kept).
 * - A change made elsewhere is seen when its notification arrives, milliseconds after its commit.
 * - A read that began before a change is not kept after it (tickets: a generation per account
 *   and one for everything).
 * - Without the listening connection (not started, lost) nothing is kept and every request reads
 *   the database, as before; a reconnection starts empty.
 * - On the embedded database (one session behind every wire connection) the service's own pool
 *   connection receives the notifications (PrincipalCacheListening), and an epoch (`setEpoch`)
 *   says whether that still holds: nothing is kept while another connection is open, and
 *   everything kept is forgotten whenever a connection opens.
 *
 * Entries also expire after `ttlMs`, and the access token's own expiry is checked on every use
 * (VerifiedTokens) before this is consulted.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keysOfAccount = new Map<string, Set<string>>();
  private readonly accountGeneration = new Map<string, number>();
  /** Accounts this process is changing: until when they are read from the database. */
  private readonly settling = new Map<string, number>();
  private allGeneration = 0;
  /** Every change seen (an account's or everyone's), for tickets taken before the account is known. */
  private changes = 0;
  private listening = false;
  /** See setEpoch: null, or what it returned when the entries were kept. */
  private epoch: (() => number | null) | null = null;
  private epochSeen: number | null = null;

  constructor(
    private readonly options: PrincipalCacheOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether principals are kept now (a listening connection and a TTL above 0). */
  get active(): boolean {
    return this.listening && this.options.ttlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(accountId: string, sessionId: string): Principal | undefined {
    if (!this.active || !this.epochHolds()) return undefined;
    const key = keyOf(accountId, sessionId);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now() || this.isSettling(accountId)) {
      this.drop(key, entry);
      return undefined;
    }
    return entry.principal;
  }

  /**
   * Taken before reading an account from the database, handed back to `put`. Without an account
   * (a read that finds it, as an API key's names its creator), any change since voids the read.
   */
  ticket(accountId?: string): PrincipalTicket {
    // An epoch changed since the last look forgets everything now, not once this read is done.
    this.epochHolds();
    return { all: this.allGeneration, account: accountId === undefined ? -1 : (this.accountGeneration.get(accountId) ?? 0), changes: this.changes };
  }

  /** Keeps a principal read from the database, unless something changed since `ticket` was taken. */
  put(accountId: string, sessionId: string, ticket: PrincipalTicket, principal: Principal): void {
    if (!this.active || !this.epochHolds() || this.isSettling(accountId)) return;
    if (ticket.all !== this.allGeneration) return;
    if (ticket.account === -1 ? ticket.changes !== this.changes : ticket.account !== (this.accountGeneration.get(accountId) ?? 0)) return;
    const key = keyOf(accountId, sessionId);
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    while (this.entries.size >= this.options.maxEntries) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
      this.drop(oldestKey, oldest);
    }
    this.entries.set(key, { principal: Object.freeze({ ...principal }), accountId, expires: this.now() + this.options.ttlMs });
    let keys = this.keysOfAccount.get(accountId);
    if (!keys) this.keysOfAccount.set(accountId, (keys = new Set()));
    keys.add(key);
  }

  /** This process is changing the account (called inside the changing transaction, before it commits). */
  accountChanging(accountId: string): void {
    this.forgetAccount(accountId);
    this.settling.set(accountId, this.now() + this.options.changeSettleMs);
  }

  /** A notification of `principal_changed`: an account's id, or `*`. */
  notified(payload: string): void {
    if (payload === EVERYONE) {
      this.forgetAll();
      return;
    }
    this.forgetAccount(payload);
    this.settling.delete(payload);
  }

  /** The listening connection is up (LISTEN done) or lost: either way nothing kept so far is trusted. */
  setListening(listening: boolean): void {
    this.listening = listening;
    this.forgetAll();
  }

  /**
   * Where the notifications come to a connection that may not be the only one (the embedded
   * database: one session, its notifications go to whichever connection ran the commit), `epoch`
   * tells whether they can be trusted: null while they cannot (nothing is kept, nothing answered
   * from what was), otherwise a number that changes whenever they may have gone elsewhere
   * (everything kept before is forgotten). `null` as the argument removes it.
   */
  setEpoch(epoch: (() => number | null) | null): void {
    this.epoch = epoch;
    this.epochSeen = null;
    this.forgetAll();
  }

  private epochHolds(): boolean {
    if (!this.epoch) return true;
    const now = this.epoch();
    if (now === null) {
      if (this.epochSeen !== null) {
        this.epochSeen = null;
        this.forgetAll();
      }
      return false;
    }
    if (now !== this.epochSeen) {
      this.epochSeen = now;
      this.forgetAll();
    }
    return true;
  }

  private isSettling(accountId: string): boolean {
    const until = this.settling.get(accountId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.settling.delete(accountId);
    return false;
  }

  private forgetAccount(accountId: string): void {
    this.changes++;
    this.accountGeneration.set(accountId, (this.accountGeneration.get(accountId) ?? 0) + 1);
    for (const key of this.keysOfAccount.get(accountId) ?? []) this.entries.delete(key);
    this.keysOfAccount.delete(accountId);
  }

  private forgetAll(): void {
    this.allGeneration++;
    this.changes++;
    this.entries.clear();
    this.keysOfAccount.clear();
    this.accountGeneration.clear();
    this.settling.clear();
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    const keys = this.keysOfAccount.get(entry.accountId);
    keys?.delete(key);
    if (keys && !keys.size) this.keysOfAccount.delete(entry.accountId);
  }
}

function keyOf(accountId: string, sessionId: string): string {
  return `${accountId}/${sessionId}`;
}

export interface ListenerLog {
  warn(message: string): void;
  log(message: string): void;
}

/**
 * The connection that LISTENs to `principal_changed` for a PrincipalCache: its own connection to
 * the PostgreSQL server (not one of the pool's), reconnected with a growing delay when lost; the
 * cache keeps nothing while it is down.
 */
export class PrincipalChangeListener {
  private client: Client | null = null;
  private stopped = false;
  private retryMs = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly cache: PrincipalCache,
    private readonly log: ListenerLog,
    private readonly applicationName = 'jingzhun-fupin principal listener',
  ) {}

  /** Connects and listens; resolves once listening (or after the first failure, retrying in the background). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    this.cache.setListening(false);
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: this.applicationName });
    client.on('notification', (n: Notification) => {
      if (n.channel === PRINCIPAL_CHANGED_CHANNEL) this.cache.notified(n.payload ?? EVERYONE);
    });
    client.on('error', (e: Error) => this.lost(client, e));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${PRINCIPAL_CHANGED_CHANNEL}`);
    } catch (e) {
      this.lost(client, e as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 0;
    this.cache.setListening(true);
  }

  private lost(client: Client, error: Error | null): void {
    if (this.client !== null && this.client !== client) return;
    this.client = null;
    this.cache.setListening(false);
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.stopped || this.timer) return;
    this.retryMs = Math.min(Math.max(this.retryMs * 2, 500), 30_000);
    this.log.warn(`principal_changed listener ${error ? `failed (${error.message})` : 'closed'}; principals are read on every request until it reconnects (in ${this.retryMs} ms)`);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) void this.connect();
    }, this.retryMs);
    this.timer.unref();
  }
}
