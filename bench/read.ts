/**
 * npm run bench:read -- [--db server|embedded] [--database-url URL] [--households N] [--seed S] [--rounds R] [--duration S]
 *                       [--warmup S] [--connections C] [--scenario NAME ...] [--cpu-prof DIR] [--versus ROOT | --growth N2]
 *                       [--node-option OPT ...] [--tag NAME] [--verbose]
 *
 * The results go to `bench/results/<date>-read-<households>.json` and `.md`; `--tag NAME`
 * (letters, digits, `.`, `_`, `-`) makes it `<date>-read-<households>-<NAME>.*`, so that runs of
 * the same day and size (a commit, a `--versus` base, a step) do not overwrite each other.
 *
 * Ctrl-C (SIGINT) or SIGTERM ends the run early: during the start-up and the loading it stops
 * within seconds and drops the database (DROP DATABASE … WITH (FORCE) ends the loader's statement
 * in flight); during the rounds the load in progress stops; the results so far are written either
 * way.
 *
 * `--db embedded` measures both on the embedded database (PGlite) instead: a loading instance
 * seeds `--households` demo households (SEED_DEMO_HOUSEHOLDS) into a temporary DATA_DIR, the
 * instance measured starts on it with EMBEDDED_DB_PORT, and the peer reaches that same database
 * through the service's wire-protocol port with one connection (one session behind every
 * connection, as the service's own pool). The database then runs inside the service's process, for
 * both sides: the peer's CPU per request counts its own process and the service's during the
 * peer's rounds (the database's work), the service's its own process (its database included).
 * The peer's connection closes 100 ms after it was last used, so that during the service's rounds
 * the service's connection is the only one, as when it runs alone (it keeps signed-in principals
 * only then), and its statements are unnamed, as the service's (a named prepared statement
 * outlives its connection in PGlite's one session).
 * The results go to `<date>-read-<households>-embedded[-<tag>].*`. Not with `--versus` (one
 * DATA_DIR takes one service). `--embedded-thread false` runs the service measured with
 * EMBEDDED_DB_THREAD=false (PGlite on the service's own thread, as before the thread of its own),
 * for a comparison on the same machine.
 *
 * `--versus ROOT` puts another build of the service in the peer's place (ROOT is a checkout with
 * `dist/` built, e.g. main's): both answer the service's own queries on the same database with
 * the same keys and token, in alternating rounds, so the ratio is this build over that one with
 * the machine's load spread over both (before/after measurements of a change).
 *
 * `--growth N2` (server only, not with `--versus`) measures what the registry's size costs the
 * same build (issue #12's growth goal: the nested page at 1 M members, about 350,000 households,
 * within 1.2× of its cost at 100,000): a second database loaded as the first (its own development
 * instance with the demo seed, then prepareHouseholds, same `--seed`) with N2 households, and a
 * second instance of this build on it (NODE_ENV=production, the same environment and Node
 * options, its own keys and DATA_DIR) in the peer's place. Each side's requests are prepared
 * on its own database (its own account, token and ids); rounds alternate base, grown, base,
 * grown… The summary gives per scenario each side's CPU ms per request and req/s and the ratio
 * grown/base of the CPU per request, marked met when at most 1.2. The default scenario is the
 * nested page (`household-page-nested`); others by `--scenario`. The results go to
 * `<date>-read-<households>-growth-<N2>[-<tag>].*`; both databases are dropped at the end and on
 * interruption. Every run records each database's load time (the loading instance's start-up,
 * its migrations and demo seed included; then the generated households, ANALYZE and the sign-in).
 *
 * The read path side by side with PostGraphile 5 (amber preset), in one run, on one database:
 * a new `bench_<timestamp>` database on the PostgreSQL server, `--households` generated households
 * loaded by a development instance of the service (demo seed), then the service measured started
 * on it with NODE_ENV=production, then the peer
 * (peer/postgraphile-server.ts) started as a second child process on the same database. For each
 * read question (peer/queries.ts) both get the same connections, in alternating rounds: service,
 * peer, service, peer… The table gives req/s per round, the median p50 and the ratio of the
 * median req/s, service/peer, and the CPU time each process spent per request (from
 * /proc/<pid>/stat: the service's own CPU, not PostgreSQL's). `--cpu-prof DIR` runs the service
 * under `node --cpu-prof` and leaves its .cpuprofile in DIR when it stops (summarise it with
 * `node dist/bench/profile-summary.js FILE`). See README.md beside this file.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { projectRoot } from '../src/common/project-root';
import { freePort, sleep, spawnService, SpawnedService } from '../test/support/spawn-service';
import { fileTag, UsageError, wholeNumber } from './cli-args';
import { READ_PAIRS, ReadPair } from './peer/queries';
import { BenchDatabase, embeddedDatabase, serverDatabase, serverVersion } from './runner/databases';
import { Options } from './runner/options';
import { BackendCpu, cpuMsOf } from './runner/backend-cpu';
import { fmt, gitDescription } from './runner/report';
import { graphqlAt, interrupt, lastOutput, load, makeContext, memoryOf, prepare, PreparedRequest, run, sanityCheck } from './runner/scenario-run';
import { BENCH_REGION, DEEP_PAGE_POSITION, householdPageDeep, householdPageFirst, prepareHouseholds } from './scenarios/households';
import { ScenarioContext } from './scenarios/types';

const HOST = '127.0.0.1';
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;
/** The embedded loader is ready once the demo seed is written: PGlite takes minutes for tens of thousands of households. */
const EMBEDDED_SEED_TIMEOUT_MS = 3_600_000;
/**
 * The loading instance after an interruption: its database is dropped next, so it is not waited
 * for (seen: 20 s, then SIGKILL, when interrupted during its migrations and demo seed).
 */
const INTERRUPTED_LOADER_STOP_MS = 2_000;
const RSS_SAMPLE_MS = 100;
/** Issue #12: the nested page at 1 M members within 1.2× of its CPU per request at 100,000 households. */
const GROWTH_GOAL = 1.2;
const GROWTH_DEFAULT_SCENARIO = 'household-page-nested';

const USAGE = `usage: npm run bench:read -- [--db server|embedded] [--database-url URL] [--households N] [--seed S] [--rounds R] [--duration S]
                             [--warmup S] [--connections C] [--scenario NAME ...] [--cpu-prof DIR] [--versus ROOT | --growth N2]
                             [--node-option OPT ...] [--embedded-thread true|false] [--tag NAME] [--verbose]
  --embedded-thread: EMBEDDED_DB_THREAD of the service measured with --db embedded (default true)
  --growth N2: the same build on a second database of N2 households in the peer's place (server only;
               CPU per request grown/base, the goal at most ${GROWTH_GOAL}×; default scenario ${GROWTH_DEFAULT_SCENARIO})
scenarios: ${READ_PAIRS.map((p) => p.name).join(', ')}`;

interface ReadOptions {
  /** Where both sides read: a new database on a PostgreSQL server, or the service's embedded one. */
  db: 'server' | 'embedded';
  serverUrl: string;
  households: number;
  seed: string;
  rounds: number;
  duration: number;
  warmup: number;
  connections: number;
  pairs: ReadPair[];
  /** Where the service's CPU profile goes (node --cpu-prof-dir), when asked. */
  cpuProfDir?: string;
  /** Another build of the service (its project root) as the peer, instead of PostGraphile. */
  versus?: string;
  /** The households of a second database, read by a second instance of this build as the peer (growth). */
  growth?: number;
  /** Node options for the service measured only (e.g. a heap setting tried against the same build as `--versus`). */
  nodeOptions: string[];
  /** With --db embedded: the database in a worker thread of the service's process (EMBEDDED_DB_THREAD), or on its own thread. */
  embeddedThread: boolean;
  /** Added to the result files' names (`<date>-read-<households>-<tag>.*`). */
  tag?: string;
  verbose: boolean;
}


function parseOptions(argv: string[]): ReadOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      'embedded-thread': { type: 'string' },
      'database-url': { type: 'string' },
      households: { type: 'string' },
      seed: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      scenario: { type: 'string', multiple: true },
      'cpu-prof': { type: 'string' },
      versus: { type: 'string' },
      growth: { type: 'string' },
      'node-option': { type: 'string', multiple: true },
      tag: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  const names = [...(values.scenario ?? []).flatMap((s) => s.split(',')), ...positionals].map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !READ_PAIRS.some((p) => p.name === n));
  if (unknown.length) throw new UsageError(`unknown scenario ${unknown.join(', ')}; known: ${READ_PAIRS.map((p) => p.name).join(', ')}`);
  const serverUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER_URL;
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) throw new UsageError('--database-url must be a postgres:// URL');
  const db = values.db ?? 'server';
  if (db !== 'server' && db !== 'embedded') throw new UsageError(`--db must be server or embedded (got "${db}")`);
  if (db === 'embedded' && values['database-url']) throw new UsageError('--database-url is for --db server');
  if (db === 'embedded' && values.versus) throw new UsageError('--versus is for --db server: an embedded data directory takes one service at a time');
  if (values.growth !== undefined && db === 'embedded') throw new UsageError('--growth is for --db server: it loads a second database');
  if (values.growth !== undefined && values.versus) throw new UsageError('--growth and --versus both put something in the peer\'s place: one at a time');
  const tag = fileTag(values.tag);
  const thread = values['embedded-thread'] ?? 'true';
  if (thread !== 'true' && thread !== 'false') throw new UsageError(`--embedded-thread must be true or false (got "${thread}")`);
  if (values['embedded-thread'] !== undefined && db !== 'embedded') throw new UsageError('--embedded-thread is for --db embedded');
  const households = wholeNumber('households', values.households, 10_000, 1, db === 'embedded' ? 200_000 : 100_000_000);
  const growth = values.growth === undefined ? undefined : wholeNumber('growth', values.growth, 0, 1, 100_000_000);
  if (growth !== undefined && growth <= households) throw new UsageError(`--growth must be more households than --households (got ${growth}, base ${households})`);
  const runsOn = (p: ReadPair) => !p.modes || p.modes.includes(db);
  const elsewhere = READ_PAIRS.filter((p) => names.includes(p.name) && !runsOn(p));
  if (elsewhere.length) throw new UsageError(`${elsewhere.map((p) => p.name).join(', ')}: not with --db ${db} (${elsewhere.map((p) => p.modes!.join(', ')).join('; ')} only)`);
  const defaults = growth === undefined ? READ_PAIRS.filter(runsOn) : READ_PAIRS.filter((p) => p.name === GROWTH_DEFAULT_SCENARIO);
  return {
    db,
    serverUrl,
    households,
    seed: values.seed ?? '1',
    rounds: wholeNumber('rounds', values.rounds, 3, 1, 100),
    duration: wholeNumber('duration', values.duration, 8, 1, 3600),
    warmup: wholeNumber('warmup', values.warmup, 2, 0, 600),
    connections: wholeNumber('connections', values.connections, 10, 1, 1000),
    pairs: names.length ? READ_PAIRS.filter((p) => names.includes(p.name)) : [...defaults],
    cpuProfDir: values['cpu-prof'] ? resolve(values['cpu-prof']) : undefined,
    versus: values.versus ? resolve(values.versus) : undefined,
    growth,
    nodeOptions: values['node-option'] ?? [],
    embeddedThread: thread === 'true',
    tag,
    verbose: values.verbose ?? false,
  };
}

/** One measured round of one side. */
interface Round {
  side: 'service' | 'peer';
  round: number;
  loadAverage1m: number;
  reqPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
  badBodies: number;
  peakRssMiB: number | null;
  /** CPU time (user + system) the process spent during the round, per completed request; null when unreadable. */
  cpuMsPerRequest: number | null;
  /**
   * CPU time of the PostgreSQL server's backends of the database the side reads, per completed
   * request (server runs on this machine; null for the embedded database, whose work is in the
   * service's process, or when /proc cannot be read).
   */
  databaseCpuMsPerRequest: number | null;
  /** Bytes read per response, headers included (autocannon's total over requests); null without a request. */
  bytesPerResponse: number | null;
}

/** One side's medians over its rounds (databaseCpuMsPerRequestMedian: null unless every round measured it). */
interface SideSummary {
  reqPerSecondMedian: number;
  p50Median: number;
  cpuMsPerRequestMedian: number | null;
  databaseCpuMsPerRequestMedian: number | null;
}

interface PairResult {
  name: string;
  description: string;
  status: 'ok' | 'failed';
  note?: string;
  distinctRequests?: { service: number; peer: number };
  rounds: Round[];
  summary?: {
    service: SideSummary;
    peer: SideSummary;
    ratio: number;
    /** Peer CPU ms per request ÷ service CPU ms per request (like `ratio`, above 1 means the service is cheaper). */
    cpuRatio: number | null;
    /**
     * Growth runs: the grown database's CPU ms per request over the base's (the same figure as
     * cpuRatio, the peer being the grown side) and whether it is within the goal.
     */
    growth?: { cpuRatio: number | null; goal: number; met: boolean | null };
  };
}

/** The peer as a child process, like the service: stdout/stderr kept, `listening` awaited. */
interface Peer {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

async function startPeer(
  databaseUrl: string,
  pool: { size?: string; idleMs?: string; unnamedStatements?: boolean },
  verbose: boolean,
  server: { script: string; env?: Record<string, string> } = { script: 'postgraphile-server.js' },
): Promise<Peer> {
  const port = await freePort();
  const script = join(__dirname, 'peer', server.script);
  const child = spawn(process.execPath, [script], {
    env: {
      ...server.env,
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      GRAPHILE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HOST,
      PORT: String(port),
      ...(pool.size ? { DB_POOL_SIZE: pool.size } : {}),
      ...(pool.idleMs ? { DB_IDLE_MS: pool.idleMs } : {}),
      // @dataplan/pg's switch for its named prepared statements (0: none, as the service's TypeORM).
      ...(pool.unnamedStatements ? { DATAPLAN_PG_PREPARED_STATEMENT_CACHE_SIZE: '0' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const onData = (d: string) => {
    out += d;
    if (verbose) process.stderr.write(d.replace(/^(?=.)/gm, '[peer] '));
  };
  child.stdout!.setEncoding('utf8').on('data', onData);
  child.stderr!.setEncoding('utf8').on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!out.includes('peer: listening')) {
    if (done) throw new Error(`the peer exited before it was ready:\n${out.slice(-2000)}`);
    if (Date.now() > deadline || run.interrupted) {
      child.kill('SIGKILL');
      throw new Error(`the peer was not ready:\n${out.slice(-2000)}`);
    }
    await sleep(100);
  }
  return {
    child,
    baseUrl: `http://${HOST}:${port}`,
    output: () => out,
    async stop() {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Another build of the service as the peer (--versus): same database, keys and limits, no demo seed. */
async function startVersus(root: string, env: Record<string, string | undefined>, verbose: boolean): Promise<Peer> {
  if (!existsSync(join(root, 'dist', 'src', 'main.js'))) throw new UsageError(`--versus ${root}: dist/src/main.js is missing (build it there first)`);
  return startInstance(env, { root, prefix: 'versus', verbose });
}

/**
 * A second instance of the service as the peer: another build (`root`, --versus) or this one on
 * another database (--growth); `env` is the environment of the service measured or its equivalent
 * on the other database; no demo seed.
 */
async function startInstance(env: Record<string, string | undefined>, how: { root?: string; nodeArgs?: string[]; prefix: string; verbose: boolean; abort?: AbortSignal }): Promise<Peer> {
  const port = await freePort();
  const other = await spawnService({
    env: { ...env, PORT: String(port), SEED_DEMO: 'false' },
    port,
    root: how.root,
    nodeArgs: how.nodeArgs,
    onOutput: how.verbose ? (text) => process.stderr.write(text.replace(/^(?=.)/gm, `[${how.prefix}] `)) : undefined,
  });
  try {
    await other.waitReady(READY_TIMEOUT_MS, how.abort);
  } catch (e) {
    await other.stop('SIGTERM', STOP_TIMEOUT_MS);
    throw e;
  }
  return {
    child: { pid: other.pid } as ChildProcess,
    baseUrl: other.baseUrl,
    output: () => lastOutput(other),
    async stop() {
      await other.stop('SIGTERM', STOP_TIMEOUT_MS);
    },
  };
}


const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** CPU ms of several processes together; null when one is unreadable. */
function cpuMsOfAll(pids: readonly number[]): number | null {
  let total = 0;
  for (const pid of pids) {
    const ms = cpuMsOf(pid);
    if (ms === null) return null;
    total += ms;
  }
  return total;
}

/** What one side's round runs against (see measure). */
interface RoundTarget {
  side: Round['side'];
  round: number;
  baseUrl: string;
  /** The process that answers (its RSS is sampled). */
  pid: number;
  /** The processes whose CPU the round's requests cost (the answering one, and the service's when the peer reads the database inside it). */
  cpuPids: readonly number[];
  requests: PreparedRequest[];
  verify: (b: string) => boolean;
}

/**
 * One side's round; on a server (`database`: the side's context), with a connection of its own to
 * the database the side reads, whose backends' CPU the round counts too.
 */
async function measure(target: RoundTarget, options: ReadOptions, database: ScenarioContext | undefined): Promise<Round> {
  return database ? database.withPg((client) => measureWith(target, options, client)) : measureWith(target, options, undefined);
}

async function measureWith({ side, round, baseUrl, pid, cpuPids, requests, verify }: RoundTarget, options: ReadOptions, client: Client | undefined): Promise<Round> {
  const loadAverage1m = Math.round(loadavg()[0]! * 100) / 100;
  let peak: number | null = memoryOf(pid).rss;
  const sampler = setInterval(() => {
    const { rss } = memoryOf(pid);
    if (rss !== null && (peak === null || rss > peak)) peak = rss;
  }, RSS_SAMPLE_MS);
  try {
    const backends = client ? new BackendCpu(client, (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db) : undefined;
    await backends?.start();
    const cpuBefore = cpuMsOfAll(cpuPids);
    const r = await load(baseUrl, requests, options.duration, options.connections, verify);
    const cpuAfter = cpuMsOfAll(cpuPids);
    const databaseMs = backends ? await backends.stop() : null;
    return {
      side,
      round,
      loadAverage1m,
      reqPerSecond: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      total: r.requests.total,
      errors: r.errors,
      non2xx: r.non2xx,
      badBodies: r.mismatches,
      peakRssMiB: peak,
      cpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && r.requests.total > 0 ? (cpuAfter - cpuBefore) / r.requests.total : null,
      databaseCpuMsPerRequest: databaseMs !== null && r.requests.total > 0 ? databaseMs / r.requests.total : null,
      bytesPerResponse: r.requests.total > 0 ? Math.round(r.throughput.total / r.requests.total) : null,
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * One read question, both sides in alternating rounds. `peerCtx` is the peer's own context when
 * it reads another database (growth): the service's scenario is prepared again there (its
 * account, token and ids).
 */
async function runPair(pair: ReadPair, options: ReadOptions, ctx: ScenarioContext, service: SpawnedService, peer: Peer, peerCtx?: ScenarioContext): Promise<PairResult> {
  const result: PairResult = { name: pair.name, description: pair.description, status: 'ok', rounds: [] };
  const requestsOf = async (c: ScenarioContext) => {
    if (pair.service.setup) await pair.service.setup(c);
    return prepare(typeof pair.service.requests === 'function' ? await pair.service.requests(c) : pair.service.requests);
  };
  try {
    const serviceRequests = await requestsOf(ctx);
    const serviceVerify = pair.service.verify ?? ((b: string) => !b.includes('"errors":['));
    // Versus another build: the same requests and checks on both sides; growth: the same
    // scenario prepared on the peer's database, the same checks.
    const peerRequests = peerCtx ? await requestsOf(peerCtx) : options.versus ? serviceRequests : prepare(await pair.peerRequests(ctx, { graphql: graphqlAt(peer.baseUrl) }));
    const peerVerify = peerCtx || options.versus ? serviceVerify : pair.peerVerify;
    result.distinctRequests = { service: serviceRequests.length, peer: peerRequests.length };
    await sanityCheck(service.baseUrl, serviceRequests, serviceVerify);
    await sanityCheck(peer.baseUrl, peerRequests, peerVerify);
    if (options.warmup > 0) {
      await load(service.baseUrl, serviceRequests, options.warmup, options.connections, serviceVerify);
      await load(peer.baseUrl, peerRequests, options.warmup, options.connections, peerVerify);
    }
    for (let round = 1; round <= options.rounds && !run.interrupted; round++) {
      const serviceTarget = { side: 'service' as const, round, baseUrl: service.baseUrl, pid: service.pid, cpuPids: [service.pid], requests: serviceRequests, verify: serviceVerify };
      const s = await measure(serviceTarget, options, options.db === 'server' ? ctx : undefined);
      result.rounds.push(s);
      process.stderr.write(`  round ${round} service ${fmt(s.reqPerSecond)} req/s, p50 ${fmt(s.p50, 1)} ms, CPU ${fmt(s.cpuMsPerRequest, 2)} ms/req${s.databaseCpuMsPerRequest === null ? '' : `, PostgreSQL ${fmt(s.databaseCpuMsPerRequest, 2)} ms/req`}\n`);
      if (run.interrupted) break;
      const peerPid = peer.child.pid ?? -1;
      const peerTarget = { side: 'peer' as const, round, baseUrl: peer.baseUrl, pid: peerPid, cpuPids: options.db === 'embedded' ? [peerPid, service.pid] : [peerPid], requests: peerRequests, verify: peerVerify };
      const p = await measure(peerTarget, options, options.db === 'server' ? (peerCtx ?? ctx) : undefined);
      result.rounds.push(p);
      process.stderr.write(`  round ${round} peer    ${fmt(p.reqPerSecond)} req/s, p50 ${fmt(p.p50, 1)} ms, CPU ${fmt(p.cpuMsPerRequest, 2)} ms/req${p.databaseCpuMsPerRequest === null ? '' : `, PostgreSQL ${fmt(p.databaseCpuMsPerRequest, 2)} ms/req`}\n`);
      if (service.hasExited()) throw new Error(`the service died during the run:\n${lastOutput(service)}`);
    }
    if (run.interrupted) throw new Error('interrupted');
    const of = (side: Round['side']) => result.rounds.filter((r) => r.side === side);
    const cpu = (side: Round['side']) => {
      const xs = of(side).map((r) => r.cpuMsPerRequest);
      return xs.every((x): x is number => x !== null) && xs.length ? median(xs) : null;
    };
    const databaseCpu = (side: Round['side']) => {
      const xs = of(side).map((r) => r.databaseCpuMsPerRequest);
      return xs.every((x): x is number => x !== null) && xs.length ? median(xs) : null;
    };
    const summary = (side: Round['side']) => ({
      reqPerSecondMedian: median(of(side).map((r) => r.reqPerSecond)),
      p50Median: median(of(side).map((r) => r.p50)),
      cpuMsPerRequestMedian: cpu(side),
      databaseCpuMsPerRequestMedian: databaseCpu(side),
    });
    const s = summary('service');
    const p = summary('peer');
    result.summary = {
      service: s,
      peer: p,
      ratio: p.reqPerSecondMedian > 0 ? s.reqPerSecondMedian / p.reqPerSecondMedian : NaN,
      cpuRatio: s.cpuMsPerRequestMedian && p.cpuMsPerRequestMedian !== null ? p.cpuMsPerRequestMedian / s.cpuMsPerRequestMedian : null,
    };
    if (peerCtx) {
      const cpuRatio = result.summary.cpuRatio;
      result.summary.growth = { cpuRatio, goal: GROWTH_GOAL, met: cpuRatio === null ? null : cpuRatio <= GROWTH_GOAL };
    }
  } catch (e) {
    result.status = 'failed';
    result.note = (e as Error).message;
  }
  return result;
}

/** The report's name of the default peer. */
const POSTGRAPHILE = 'PostGraphile';

interface ReadReport {
  date: string;
  startedAt: string;
  finishedAt?: string;
  database: string;
  postgresVersion?: string;
  git: { commit?: string; dirty?: boolean };
  /** The peer: PostGraphile, another build of the service (--versus) with its commit, or this build on the grown database (--growth). */
  peer: string;
  options: { db: 'server' | 'embedded'; households: number; growth?: number; seed: string; rounds: number; duration: number; warmup: number; connections: number; nodeOptions?: string[]; embeddedThread?: boolean; tag?: string };
  /** --growth: the grown database and the goal its pairs' CPU ratio is held to. */
  growth?: { households: number; database: string; goal: number; marginalLoadSecondsPer10000?: number | null };
  /** How long each database took to load (base first). */
  loads: DatabaseLoad[];
  pairs: PairResult[];
  error?: string;
}

/** The load times of the run's databases, as list lines of the .md. */
function loadLines(report: ReadReport): string[] {
  const lines = report.loads.map((l) => {
    const rows = l.rows ? `${l.rows.households.toLocaleString('en')} households, ${l.rows.members.toLocaleString('en')} members` : `${l.households.toLocaleString('en')} households`;
    const per = l.loadSecondsPer10000 === undefined ? '' : `; ${fmt(l.loadSecondsPer10000, 1)} s per 10,000 of the ${l.appended!.toLocaleString('en')} appended`;
    return `- ${l.role === 'grown' ? 'grown database' : report.growth ? 'base database' : 'database'} loaded (${rows}): start-up with migrations and demo seed ${fmt(l.startSeconds, 1)} s, households, ANALYZE and sign-in ${fmt(l.loadSeconds, 1)} s${per}`;
  });
  const marginal = report.growth?.marginalLoadSecondsPer10000;
  if (marginal !== undefined && marginal !== null) lines.push(`- the load's cost per 10,000 households, grown minus base (fixed costs cancel): ${fmt(marginal, 1)} s`);
  return lines;
}

/** The .md of a growth run: the same build on two databases, the CPU ratio grown/base held to the goal. */
function growthMarkdown(report: ReadReport): string {
  const o = report.options;
  const g = report.growth!;
  const lines = [
    `## Read path growth ${report.date}: ${o.households.toLocaleString('en')} vs ${g.households.toLocaleString('en')} households${o.tag ? ` (${o.tag})` : ''}`,
    '',
    `- base: ${report.database}${report.postgresVersion ? ` (PostgreSQL ${report.postgresVersion})` : ''}; grown: ${g.database}; commit ${report.git.commit ?? '?'}${report.git.dirty ? ' + uncommitted changes' : ''}; Node ${process.version}`,
    `- the same build on both, NODE_ENV=production${o.nodeOptions?.length ? `, Node options ${o.nodeOptions.map((x) => `\`${x}\``).join(' ')}` : ''}; each side's requests prepared on its own database (account, token, ids)`,
    `- ${o.rounds} alternating rounds of ${o.duration} s (base, then grown) after ${o.warmup} s warm-up each, ${o.connections} connections; load generator, both instances and PostgreSQL on one machine`,
    ...loadLines(report),
    '',
    `| scenario | base req/s (rounds) | base p50 ms | base CPU ms/req | grown req/s (rounds) | grown p50 ms | grown CPU ms/req | CPU grown/base | goal ≤ ${g.goal}× | req/s base/grown | bytes/answer (base / grown) | bad (base / grown) | load avg |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const p of report.pairs) {
    if (p.status !== 'ok' || !p.summary) {
      lines.push(`| ${p.name} | failed: ${(p.note ?? '').split('\n')[0]!.replace(/\|/g, '\\|').slice(0, 200)} | | | | | | | | | | | |`);
      continue;
    }
    const side = (s: Round['side']) => p.rounds.filter((r) => r.side === s);
    // The answers' size: the grown database's page may hold other households (a different answer).
    const bytes = (s: Round['side']) => {
      const xs = side(s).map((r) => r.bytesPerResponse).filter((x): x is number => x !== null);
      return xs.length ? fmt(median(xs), 0) : '–';
    };
    const rates = (s: Round['side']) => side(s).map((r) => fmt(r.reqPerSecond)).join(' / ');
    const bad = (s: Round['side']) => side(s).reduce((n, r) => n + r.errors + r.non2xx + r.badBodies, 0);
    const loads = p.rounds.map((r) => r.loadAverage1m);
    const cpuMs = (ms: number | null) => (ms === null ? '' : fmt(ms, 2));
    const growth = p.summary.growth;
    const met = !growth || growth.met === null ? '' : growth.met ? '**met**' : '**not met**';
    lines.push(
      `| ${p.name} | ${rates('service')} | ${fmt(p.summary.service.p50Median, 1)} | ${cpuMs(p.summary.service.cpuMsPerRequestMedian)} | ${rates('peer')} | ${fmt(p.summary.peer.p50Median, 1)} | ${cpuMs(p.summary.peer.cpuMsPerRequestMedian)} | ` +
        `${growth?.cpuRatio == null ? '' : `${fmt(growth.cpuRatio, 2)}×`} | ${met} | ${fmt(p.summary.ratio, 2)}× | ${bytes('service')} / ${bytes('peer')} | ${bad('service')} / ${bad('peer')} | ${fmt(Math.min(...loads), 2)}–${fmt(Math.max(...loads), 2)} |`,
    );
  }
  lines.push(
    '',
    `p50 and CPU ms/req are medians over the rounds (CPU: user + system time of each instance's own process per completed request; PostgreSQL's is in neither). ` +
      `CPU grown/base is the grown database's CPU ms per request over the base's: the goal (issue #12) is met at ${g.goal}× or less. ` +
      'req/s base/grown is the median req/s of the base over the grown one\'s (above 1: the grown database answers fewer).',
  );
  if (report.error) lines.push('', `**Run failed:** ${report.error.split('\n')[0]}`);
  return `${lines.join('\n')}\n`;
}

function markdown(report: ReadReport): string {
  if (report.growth) return growthMarkdown(report);
  const o = report.options;
  const lines = [
    `## Read path vs ${report.peer} ${report.date}: ${o.households.toLocaleString('en')} households${o.tag ? ` (${o.tag})` : ''}`,
    '',
    `- ${report.database}${report.postgresVersion ? ` (PostgreSQL ${report.postgresVersion})` : ''}; commit ${report.git.commit ?? '?'}${report.git.dirty ? ' + uncommitted changes' : ''}; Node ${process.version}`,
    `- ${o.rounds} alternating rounds of ${o.duration} s (service, then peer) after ${o.warmup} s warm-up each, ${o.connections} connections; load generator, service, peer and ${o.db === 'embedded' ? 'the database' : 'PostgreSQL'} on one machine`,
    ...(o.db === 'embedded'
      ? [
          `- the embedded database (PGlite) runs inside the service's process, ${o.embeddedThread === false ? "on the service's own thread (EMBEDDED_DB_THREAD=false)" : 'in a worker thread of its own (EMBEDDED_DB_THREAD)'}; the peer reads it through the service's wire-protocol port (EMBEDDED_DB_PORT) with one connection, as the service's own pool has one`,
        ]
      : []),
    ...(o.nodeOptions?.length ? [`- the service measured runs with the Node options ${o.nodeOptions.map((x) => `\`${x}\``).join(' ')} (the peer without)`] : []),
    ...loadLines(report),
    '',
    '| scenario | service req/s (rounds) | service p50 ms | service CPU ms/req | service PostgreSQL CPU ms/req | peer req/s (rounds) | peer p50 ms | peer CPU ms/req | peer PostgreSQL CPU ms/req | ratio service/peer | CPU ratio peer/service | bad (service / peer) | load avg |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const p of report.pairs) {
    if (p.status !== 'ok' || !p.summary) {
      lines.push(`| ${p.name} | failed: ${(p.note ?? '').split('\n')[0]!.replace(/\|/g, '\\|').slice(0, 200)} | | | | | | | | | | | |`);
      continue;
    }
    const side = (s: Round['side']) => p.rounds.filter((r) => r.side === s);
    const rates = (s: Round['side']) => side(s).map((r) => fmt(r.reqPerSecond)).join(' / ');
    const bad = (s: Round['side']) => side(s).reduce((n, r) => n + r.errors + r.non2xx + r.badBodies, 0);
    const loads = p.rounds.map((r) => r.loadAverage1m);
    const cpuMs = (ms: number | null | undefined) => (ms == null ? '' : fmt(ms, 2));
    const { service: sv, peer: pr } = p.summary;
    lines.push(
      `| ${p.name} | ${rates('service')} | ${fmt(sv.p50Median, 1)} | ${cpuMs(sv.cpuMsPerRequestMedian)} | ${cpuMs(sv.databaseCpuMsPerRequestMedian)} | ` +
        `${rates('peer')} | ${fmt(pr.p50Median, 1)} | ${cpuMs(pr.cpuMsPerRequestMedian)} | ${cpuMs(pr.databaseCpuMsPerRequestMedian)} | ` +
        `${fmt(p.summary.ratio, 2)}× | ${p.summary.cpuRatio === null ? '' : `${fmt(p.summary.cpuRatio, 2)}×`} | ${bad('service')} / ${bad('peer')} | ${fmt(Math.min(...loads), 2)}–${fmt(Math.max(...loads), 2)} |`,
    );
  }
  lines.push(
    '',
    'p50 and CPU ms/req are medians over the rounds; the ratio is median req/s of the service over median req/s of the peer; the CPU ratio is the peer\'s CPU ms per request over the service\'s ' +
      (o.db === 'embedded'
        ? '(the database\'s work included on both sides: the service\'s process for the service; the peer\'s process plus the service\'s during the peer\'s rounds for the peer).'
        : '(each process\'s own CPU: PostgreSQL\'s is in neither; its backends\' CPU for the database each side reads is the PostgreSQL column, from /proc of the server on this machine).'),
  );
  lines.push(...keysetLines(report));
  // Only against PostGraphile is the report's peer another one (with --versus both sides are builds of the service).
  if (report.peer === POSTGRAPHILE && report.pairs.some((p) => READ_PAIRS.find((r) => r.name === p.name)?.peer === 'sql')) {
    lines.push('', `The data-quality report's peer is not ${report.peer} but the same SQL by hand (bench/peer/sql-report-server.ts), its answer checked equal to the service's before the rounds.`);
  }
  if (report.error) lines.push('', `**Run failed:** ${report.error.split('\n')[0]}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Issue #12's keyset ratio, when the run measured both the first page and the deep one: the deep
 * page's req/s over the first page's, for each side (a keyset page costs what the first one does,
 * wherever it is in the list: about 1×).
 */
function keysetLines(report: ReadReport): string[] {
  const first = report.pairs.find((p) => p.name === householdPageFirst.name)?.summary;
  const deep = report.pairs.find((p) => p.name === householdPageDeep.name)?.summary;
  if (!first || !deep) return [];
  const ratio = (d: number, f: number) => (f > 0 ? `${fmt(d / f, 2)}×` : '–');
  const cpu = (d: number | null, f: number | null) => (d && f ? `${fmt(f / d, 2)}×` : '–');
  return [
    '',
    `Keyset: the deep page (row ${DEEP_PAGE_POSITION({ households: report.options.households }).toLocaleString('en')}) against the first page, req/s deep/first ` +
      `(CPU ms per request first/deep): service ${ratio(deep.service.reqPerSecondMedian, first.service.reqPerSecondMedian)} (${cpu(deep.service.cpuMsPerRequestMedian, first.service.cpuMsPerRequestMedian)}), ` +
      `${report.peer} ${ratio(deep.peer.reqPerSecondMedian, first.peer.reqPerSecondMedian)} (${cpu(deep.peer.cpuMsPerRequestMedian, first.peer.cpuMsPerRequestMedian)}).`,
  ];
}

/** One database's loading, as the report records it. */
interface DatabaseLoad {
  role: 'base' | 'grown';
  database: string;
  /** --households (or --growth) asked. */
  households: number;
  /** The rows once loaded (server mode): households and members, every row. */
  rows?: { households: number; members: number };
  /** Households the generator appended to the demo seed's (server mode). */
  appended?: number;
  /** The loading instance from spawn to ready: migrations and the demo seed (embedded: its households too). */
  startSeconds: number;
  /** Then prepareHouseholds: the generated households, ANALYZE, the bench account and its sign-in. */
  loadSeconds: number;
  /** loadSeconds per 10,000 appended households (fixed costs included: small loads overstate it). */
  loadSecondsPer10000?: number;
}

/** The options a scenario context takes, for a database of `households`. */
function contextOptions(options: ReadOptions, households: number): Options {
  return { db: options.db, serverUrl: options.serverUrl, scenarios: [], households, seed: options.seed, duration: options.duration, warmup: options.warmup, connections: options.connections, verbose: options.verbose };
}

/** Households and members of a database, every row. */
async function countRows(url: string): Promise<{ households: number; members: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ households: number; members: number }>('SELECT (SELECT count(*)::int FROM households) AS households, (SELECT count(*)::int FROM members) AS members');
    return r.rows[0]!;
  } finally {
    await c.end();
  }
}

/**
 * Loads `households` into `database` as every run does: a development instance of the service
 * (the demo seed is refused in production) migrates it and writes the demo seed, then
 * prepareHouseholds appends the generated households (server mode) and signs in the bench's
 * officer; the instance stops. Returns the environment the instances measured start from (the
 * database's keys, so the token stays valid) and the times.
 */
async function loadDatabase(role: DatabaseLoad['role'], database: BenchDatabase, households: number, options: ReadOptions, signal: AbortSignal): Promise<{ env: Record<string, string | undefined>; load: DatabaseLoad }> {
  const loaderPort = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...database.env,
    NODE_ENV: 'development',
    HOST,
    PORT: String(loaderPort),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    // Embedded: the demo seed loads the households (the loading below only signs in).
    ...(options.db === 'embedded' ? { SEED_DEMO_HOUSEHOLDS: String(households) } : {}),
  };
  // The data and the demo accounts are loaded by a development instance; the instance measured
  // runs as deployed, NODE_ENV=production (as the peer runs with GRAPHILE_ENV=production:
  // graphql-js and other libraries skip their development checks), on the same database with the
  // same keys, so the token stays valid.
  process.stderr.write(`bench:read: starting the service to load data (${database.label}) on ${HOST}:${loaderPort}\n`);
  const started = Date.now();
  const loader = await spawnService({
    env,
    port: loaderPort,
    onOutput: options.verbose ? (text) => process.stderr.write(text.replace(/^(?=.)/gm, `[loader ${role}] `)) : undefined,
  });
  try {
    // Embedded, the loader is ready once its demo seed has written the households.
    await loader.waitReady(options.db === 'embedded' ? EMBEDDED_SEED_TIMEOUT_MS : READY_TIMEOUT_MS, signal);
    const ready = Date.now();
    const before = database.url ? await countRows(database.url) : undefined;
    process.stderr.write(options.db === 'embedded' ? `bench:read: the demo seed loaded ${households} households; signing in\n` : `bench:read: loading ${households} households\n`);
    // An interruption does not wait for the batch in flight (tens of seconds at 5,000 households a
    // batch): the run goes on to its cleanup, whose DROP DATABASE … WITH (FORCE) ends the loader's
    // connections, and with them its transaction.
    await untilAborted(prepareHouseholds(makeContext(contextOptions(options, households), loader.baseUrl, database.url, env)), signal, 'loading');
    const loaded = Date.now();
    const rows = database.url ? await countRows(database.url) : undefined;
    const appended = before && rows ? rows.households - before.households : undefined;
    const load: DatabaseLoad = {
      role,
      database: database.label,
      households,
      rows,
      appended,
      startSeconds: (ready - started) / 1000,
      loadSeconds: (loaded - ready) / 1000,
      loadSecondsPer10000: appended ? ((loaded - ready) / 1000 / appended) * 10_000 : undefined,
    };
    process.stderr.write(
      `bench:read: ${options.growth ? `${role} database` : 'database'} loaded: start-up ${fmt(load.startSeconds, 1)} s, households ${fmt(load.loadSeconds, 1)} s` +
        (rows ? ` (${rows.households} households, ${rows.members} members; ${appended} appended, ${fmt(load.loadSecondsPer10000, 1)} s per 10,000)` : '') +
        '\n',
    );
    return { env, load };
  } finally {
    // After an interruption the loading instance is not waited for: its database is dropped next.
    const interrupted = run.interrupted;
    const exit = await loader.stop('SIGTERM', interrupted ? INTERRUPTED_LOADER_STOP_MS : STOP_TIMEOUT_MS);
    if (exit.code !== 0 && !interrupted) process.stderr.write(`bench:read: the loading instance exited with ${JSON.stringify(exit)}\n`);
  }
}

/**
 * The load's cost per 10,000 households from the two databases of a growth run: the difference
 * of their load times over the difference of their appended households, so the fixed part
 * (the in-process loader's start, ANALYZE's floor, the sign-in) cancels out.
 */
function marginalLoadSeconds(base: DatabaseLoad, grown: DatabaseLoad): number | null {
  const extra = (grown.appended ?? 0) - (base.appended ?? 0);
  return extra > 0 ? ((grown.loadSeconds - base.loadSeconds) / extra) * 10_000 : null;
}

/**
 * `work`, or a rejection as soon as `signal` aborts (`work` then goes on unobserved: the caller
 * ends what it is doing, here by dropping its database).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new Error(`interrupted before the ${what}`));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => undefined);
      reject(new Error(`interrupted during the ${what}`));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = projectRoot(__dirname);
  const mainJs = join(root, 'dist', 'src', 'main.js');
  if (!existsSync(mainJs)) throw new UsageError(`${relative(process.cwd(), mainJs)} is missing: run through \`npm run bench:read\`, which builds first`);
  const startedAt = new Date();
  const report: ReadReport = {
    date: startedAt.toISOString().slice(0, 10),
    startedAt: startedAt.toISOString(),
    database: '',
    git: gitDescription(root),
    peer: options.growth
      ? `the service on ${options.growth.toLocaleString('en')} households`
      : options.versus
        ? `the service at ${gitDescription(options.versus).commit ?? '?'}${gitDescription(options.versus).dirty ? ' + uncommitted changes' : ''}`
        : POSTGRAPHILE,
    options: { db: options.db, households: options.households, growth: options.growth, seed: options.seed, rounds: options.rounds, duration: options.duration, warmup: options.warmup, connections: options.connections, nodeOptions: options.nodeOptions, ...(options.db === 'embedded' ? { embeddedThread: options.embeddedThread } : {}), tag: options.tag },
    loads: [],
    pairs: [],
  };
  // Ends the waits of the start-up and the loading at once (see untilAborted); the rounds end
  // through interrupt(), which stops the load in progress.
  const stopping = new AbortController();
  const onSignal = () => {
    if (!run.interrupted) process.stderr.write('bench:read: interrupted, stopping\n');
    interrupt();
    stopping.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const databases: BenchDatabase[] = [];
  let service: SpawnedService | undefined;
  let peer: Peer | undefined;
  // The data-quality report's peer (the same SQL by hand), when a pair asks for it.
  let sqlPeer: Peer | undefined;
  try {
    const database = options.db === 'embedded' ? await embeddedDatabase() : await serverDatabase(options.serverUrl);
    databases.push(database);
    report.database = database.label;
    // Both databases exist before either is loaded, so that an interruption drops both.
    const grownDatabase = options.growth ? await serverDatabase(options.serverUrl, 'growth') : undefined;
    if (grownDatabase) {
      databases.push(grownDatabase);
      report.growth = { households: options.growth!, database: grownDatabase.label, goal: GROWTH_GOAL };
    }
    if (database.url) report.postgresVersion = await serverVersion(database.url);
    const base = await loadDatabase('base', database, options.households, options, stopping.signal);
    report.loads.push(base.load);
    const grown = grownDatabase ? await loadDatabase('grown', grownDatabase, options.growth!, options, stopping.signal) : undefined;
    if (grown) {
      report.loads.push(grown.load);
      report.growth!.marginalLoadSecondsPer10000 = marginalLoadSeconds(base.load, grown.load);
    }
    const port = await freePort();
    const embeddedPort = options.db === 'embedded' ? await freePort() : undefined;
    const env: Record<string, string | undefined> = {
      ...base.env,
      NODE_ENV: 'production',
      SEED_DEMO: 'false',
      PORT: String(port),
      ...(embeddedPort ? { EMBEDDED_DB_PORT: String(embeddedPort), EMBEDDED_DB_THREAD: String(options.embeddedThread) } : {}),
    };
    process.stderr.write(`bench:read: starting the service measured (NODE_ENV=production) on ${HOST}:${port}\n`);
    if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
    const nodeArgs = [...options.nodeOptions, ...(options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [])];
    service = await spawnService({
      env,
      port,
      nodeArgs,
      onOutput: options.verbose ? (text) => process.stderr.write(text.replace(/^(?=.)/gm, '[service] ')) : undefined,
    });
    await service.waitReady(READY_TIMEOUT_MS, stopping.signal);
    const ctx = makeContext(contextOptions(options, options.households), service.baseUrl, database.url, env);
    let peerCtx: ScenarioContext | undefined;
    if (grown && grownDatabase) {
      // The same build, environment and Node options on the grown database (its own keys and DATA_DIR).
      const grownEnv: Record<string, string | undefined> = { ...grown.env, NODE_ENV: 'production', SEED_DEMO: 'false' };
      peer = await startInstance(grownEnv, { nodeArgs, prefix: 'grown', verbose: options.verbose, abort: stopping.signal });
      peerCtx = makeContext(contextOptions(options, options.growth!), peer.baseUrl, grownDatabase.url, grownEnv);
      process.stderr.write(`bench:read: the service on ${HOST}:${port} reads ${options.households} households (pid ${service.pid}), ${report.peer} on ${peer.baseUrl} (pid ${peer.child.pid})\n`);
    } else {
      // Embedded: the peer reads the database inside the service measured, with one connection as the service's pool.
      const peerUrl = embeddedPort ? `postgres://postgres@${HOST}:${embeddedPort}/postgres` : database.url!;
      if (embeddedPort) report.postgresVersion = await serverVersion(peerUrl);
      // Embedded, the peer's connection closes 100 ms after its round: the service keeps principals
      // only while its own connection is the only one open (src/identity/principal-cache.provider.ts).
      // Its statements are unnamed, as the service's: a named one outlives its connection in PGlite's
      // one session ("prepared statement … already exists" on the next connection).
      const peerPool = embeddedPort ? { size: '1', idleMs: '100', unnamedStatements: true } : { size: process.env.DB_POOL_SIZE };
      peer = options.versus ? await startVersus(options.versus, env, options.verbose) : await startPeer(peerUrl, peerPool, options.verbose);
      process.stderr.write(`bench:read: ${report.peer} as the peer on ${peer.baseUrl}\n`);
      // The report's peer, the same SQL by hand, for the pairs measured against it.
      if (!options.versus && options.pairs.some((p) => p.peer === 'sql')) {
        sqlPeer = await startPeer(peerUrl, peerPool, options.verbose, { script: 'sql-report-server.js', env: { REGION_PREFIX: BENCH_REGION.slice(0, 6) } });
        process.stderr.write(`bench:read: the same SQL by hand as the report's peer on ${sqlPeer.baseUrl}\n`);
      }
    }
    for (const pair of options.pairs) {
      if (run.interrupted) break;
      process.stderr.write(`bench:read: ${pair.name} (${options.rounds} × ${options.duration} s each side, ${options.connections} connections)\n`);
      const r = await runPair(pair, options, ctx, service, pair.peer === 'sql' && sqlPeer ? sqlPeer : peer, peerCtx);
      report.pairs.push(r);
      if (r.status !== 'ok') process.stderr.write(`  failed: ${r.note}\n`);
      else if (r.summary!.growth) {
        const g = r.summary!.growth;
        process.stderr.write(
          `  CPU ms/req base ${fmt(r.summary!.service.cpuMsPerRequestMedian, 2)}, grown ${fmt(r.summary!.peer.cpuMsPerRequestMedian, 2)}: grown/base ${fmt(g.cpuRatio, 2)}× (goal ≤ ${GROWTH_GOAL}×: ${g.met === null ? 'unknown' : g.met ? 'met' : 'not met'}); req/s base/grown ${fmt(r.summary!.ratio, 2)}×\n`,
        );
      } else process.stderr.write(`  ratio ${fmt(r.summary!.ratio, 2)}×\n`);
      if (service.hasExited()) break;
    }
  } catch (e) {
    report.error = (e as Error).message;
    process.stderr.write(`bench:read: ${report.error}\n`);
  } finally {
    await peer?.stop();
    await sqlPeer?.stop();
    if (service) {
      const exit = await service.stop('SIGTERM', STOP_TIMEOUT_MS);
      if (exit.code !== 0) process.stderr.write(`bench:read: the service exited with ${JSON.stringify(exit)}\n`);
    }
    for (const database of databases) {
      await database.cleanup().catch((e: unknown) => process.stderr.write(`bench:read: cleanup of ${database.label} failed: ${(e as Error).message}\n`));
    }
  }
  report.finishedAt = new Date().toISOString();
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const size = options.growth ? `${options.households}-growth-${options.growth}` : `${options.households}${options.db === 'embedded' ? '-embedded' : ''}`;
  const base = join(dir, `${report.date}-read-${size}${options.tag ? `-${options.tag}` : ''}`);
  const md = markdown(report);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, md);
  process.stdout.write(`\n${md}\n`);
  process.stderr.write(`bench:read: wrote ${relative(root, base)}.json and .md\n`);
  return report.error !== undefined || report.pairs.some((p) => p.status !== 'ok') || run.interrupted ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const err = e as Error;
    const usage = err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(usage ? `${err.message}\n${USAGE}\n` : `${err.stack ?? err.message}\n`);
    process.exit(usage ? 2 : 1);
  },
);
