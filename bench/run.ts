/**
 * npm run bench -- [--db embedded|server] [--database-url URL] [--scenario NAME ...]
 *                  [--households N] [--seed S] [--duration S] [--warmup S] [--connections C]
 *                  [--verbose] [--list]
 *
 * Starts the compiled service (dist/src/main.js) as a child process on a free port of
 * 127.0.0.1 with a database of its own, runs each scenario against it with autocannon while
 * sampling the child's memory, stops it with SIGTERM, removes the database, and writes
 * bench/results/<date>-<db>.json and .md. See README.md beside this file.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, platform, arch, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { projectRoot } from '../src/common/project-root';
import { oneOf, UsageError, wholeNumber } from './cli-args';
import { DbMode, Scenario, SCENARIOS, ScenarioContext, ScenarioRequest } from './scenarios';

const HOST = '127.0.0.1';
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;
const RSS_SAMPLE_MS = 100;

/** The autocannon run in progress, stopped on Ctrl-C; `interrupted` then ends the run early. */
let currentLoad: autocannon.Instance | undefined;
let interrupted = false;

const USAGE = `usage: npm run bench -- [--db embedded|server] [--database-url URL] [--scenario NAME ...]
                        [--households N] [--seed S] [--duration S] [--warmup S] [--connections C]
                        [--verbose] [--list]
scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`;

interface Options {
  db: DbMode;
  serverUrl: string;
  scenarios: Scenario[];
  households: number;
  seed: string;
  duration: number;
  warmup: number;
  connections: number;
  verbose: boolean;
}

interface ScenarioResult {
  name: string;
  description: string;
  status: 'ok' | 'skipped' | 'failed';
  note?: string;
  distinctRequests?: number;
  setupMs?: number;
  loadAverage1m?: number;
  requests?: { total: number; perSecond: { average: number; stddev: number; min: number; max: number } };
  latencyMs?: { average: number; p50: number; p90: number; p99: number; max: number };
  throughputBytesPerSecond?: number;
  errors?: number;
  timeouts?: number;
  non2xx?: number;
  badBodies?: number;
  statusCodes?: Record<string, number>;
  rssMiB?: { start: number | null; peak: number | null; hwmAfter: number | null };
}

// ---------------------------------------------------------------------------------------------
// Arguments

function parseOptions(argv: string[]): Options | 'list' | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      'database-url': { type: 'string' },
      scenario: { type: 'string', multiple: true },
      households: { type: 'string' },
      seed: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      verbose: { type: 'boolean' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (values.list) return 'list';
  // `--scenario a b`, `--scenario a --scenario b` and `--scenario a,b` all work.
  const names = [...(values.scenario ?? []).flatMap((s) => s.split(',')), ...positionals].map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new UsageError(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const scenarios = names.length ? SCENARIOS.filter((s) => names.includes(s.name)) : [...SCENARIOS];
  const serverUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER_URL;
  try {
    const u = new URL(serverUrl);
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error();
  } catch {
    throw new UsageError('--database-url must be a postgres:// URL');
  }
  return {
    db: oneOf<DbMode>('db', values.db, ['embedded', 'server'], values['database-url'] ? 'server' : 'embedded'),
    serverUrl,
    scenarios,
    households: wholeNumber('households', values.households, 10_000, 0, 100_000_000),
    seed: values.seed ?? '1',
    duration: wholeNumber('duration', values.duration, 10, 1, 3600),
    warmup: wholeNumber('warmup', values.warmup, 1, 0, 600),
    connections: wholeNumber('connections', values.connections, 10, 1, 1000),
    verbose: values.verbose ?? false,
  };
}

// ---------------------------------------------------------------------------------------------
// Child process helpers

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM of a process in MiB (Linux /proc); nulls elsewhere or once it is gone. */
function memoryOf(pid: number): { rss: number | null; hwm: number | null } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
    };
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return { rss: null, hwm: null };
  }
}

class Service {
  private readonly tail: string[] = [];
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
    verbose: boolean,
  ) {
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (verbose) process.stderr.write(text.replace(/^(?=.)/gm, '[service] '));
      this.tail.push(...text.split('\n').filter(Boolean));
      if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve();
      });
    });
  }

  static start(root: string, env: NodeJS.ProcessEnv, port: number, verbose: boolean): Service {
    const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Service(child, `http://${HOST}:${port}`, verbose);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  get exitStatus() {
    return this.exited;
  }

  lastOutput(): string {
    return this.tail.join('\n');
  }

  async waitReady(): Promise<number> {
    const started = Date.now();
    for (;;) {
      if (!this.alive) {
        throw new Error(`the service exited before it was ready (code ${this.exited!.code}):\n${this.lastOutput()}`);
      }
      try {
        const res = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return Date.now() - started;
      } catch {
        // not listening yet
      }
      if (interrupted) throw new Error('interrupted');
      if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`the service was not ready within ${READY_TIMEOUT_MS / 1000} s`);
      await sleep(200);
    }
  }

  /** SIGTERM, then SIGKILL if it does not exit in time. Returns how long it took. */
  async stop(): Promise<{ ms: number; code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
    const started = Date.now();
    let killed = false;
    if (this.alive) {
      this.child.kill('SIGTERM');
      const timedOut = await Promise.race([this.exitPromise.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)]);
      if (timedOut && this.alive) {
        killed = true;
        this.child.kill('SIGKILL');
        await this.exitPromise;
      }
    }
    return { ms: Date.now() - started, code: this.exited?.code ?? null, signal: this.exited?.signal ?? null, killed };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// ---------------------------------------------------------------------------------------------
// Databases

interface BenchDatabase {
  /** Environment for the service. */
  env: NodeJS.ProcessEnv;
  /** The service's database URL when reachable from here (server mode). */
  url?: string;
  label: string;
  cleanup(): Promise<void>;
}

async function embeddedDatabase(): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'jzfp-bench-'));
  return {
    env: { DATA_DIR: dir, DATABASE_URL: '' },
    label: `embedded PGlite in ${dir}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function serverDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `bench_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'jzfp-bench-'));
  return {
    // A server needs key material from the environment; a throw-away database gets throw-away
    // keys unless the caller set them.
    env: {
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      FIELD_KEYS: process.env.FIELD_KEYS ?? `bench:${randomBytes(32).toString('base64')}`,
      FIELD_KEY_ACTIVE: process.env.FIELD_KEYS ? process.env.FIELD_KEY_ACTIVE : 'bench',
      BLIND_INDEX_KEY: process.env.BLIND_INDEX_KEY ?? randomBytes(32).toString('base64'),
    },
    url: url.toString(),
    label: `PostgreSQL database ${name} on ${url.host}`,
    cleanup: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

async function serverVersion(url: string): Promise<string | undefined> {
  const c = new Client({ connectionString: url });
  try {
    await c.connect();
    const r = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return r.rows[0]?.v;
  } catch {
    return undefined;
  } finally {
    await c.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

function makeContext(options: Options, baseUrl: string, databaseUrl: string | undefined, serviceEnv: NodeJS.ProcessEnv): ScenarioContext {
  return {
    db: options.db,
    serviceEnv,
    baseUrl,
    databaseUrl,
    households: options.households,
    seed: options.seed,
    async graphql<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T> {
      const res = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(60_000),
      });
      const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
      if (!res.ok || body.errors?.length) {
        throw new Error(`GraphQL ${res.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
      }
      return body.data as T;
    },
    async withPg<T>(fn: (client: Client) => Promise<T>): Promise<T> {
      if (!databaseUrl) {
        throw new Error('withPg: only with --db server; the embedded database lives inside the service (load data through its API)');
      }
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    },
    log: (message) => process.stderr.write(`  ${message}\n`),
  };
}

interface PreparedRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers: Record<string, string>;
}

function prepare(requests: readonly ScenarioRequest[]): PreparedRequest[] {
  if (requests.length === 0) throw new Error('the scenario has no requests');
  return requests.map((r) => {
    const path = r.path ?? '/graphql';
    // Only paths: the host is always the local service.
    if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`request path must start with one "/": ${path}`);
    const body = r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    const headers: Record<string, string> = { accept: 'application/json', ...r.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    return { method: r.method ?? 'POST', path, body, headers };
  });
}

function verifierFor(scenario: Scenario, requests: PreparedRequest[]): (body: string) => boolean {
  if (scenario.verify) return scenario.verify;
  if (requests.every((r) => r.path === '/graphql')) return (body) => !body.includes('"errors":[');
  return () => true;
}

/** Each distinct request once, outside the measurement: a broken query fails loudly here. */
async function sanityCheck(baseUrl: string, requests: PreparedRequest[], verify: (body: string) => boolean): Promise<void> {
  const seen = new Set<string>();
  for (const r of requests) {
    const key = `${r.method} ${r.path} ${r.body ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const res = await fetch(`${baseUrl}${r.path}`, { method: r.method, headers: r.headers, body: r.body, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    if (res.status < 200 || res.status > 299 || !verify(text)) {
      throw new Error(`${r.method} ${r.path} answered ${res.status}: ${text.slice(0, 500)}`);
    }
  }
}

function load(baseUrl: string, requests: PreparedRequest[], duration: number, connections: number, verify: (body: string) => boolean): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    currentLoad = autocannon(
      {
        url: baseUrl,
        connections,
        duration,
        timeout: 10,
        requests: requests.map((r) => ({ method: r.method, path: r.path, body: r.body, headers: r.headers })),
        verifyBody: (body) => verify(typeof body === 'string' ? body : (body?.toString('utf8') ?? '')),
      },
      (err: unknown, result: autocannon.Result) => {
        currentLoad = undefined;
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve(result);
      },
    );
  });
}

async function runScenario(scenario: Scenario, options: Options, service: Service, ctx: ScenarioContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { name: scenario.name, description: scenario.description, status: 'ok' };
  if (scenario.modes && !scenario.modes.includes(options.db)) {
    return { ...result, status: 'skipped', note: `runs with --db ${scenario.modes.join(' or ')}` };
  }
  try {
    const setupStarted = Date.now();
    if (scenario.setup) await scenario.setup(ctx);
    const requests = prepare(typeof scenario.requests === 'function' ? await scenario.requests(ctx) : scenario.requests);
    result.setupMs = Date.now() - setupStarted;
    result.distinctRequests = requests.length;
    const verify = verifierFor(scenario, requests);
    await sanityCheck(service.baseUrl, requests, verify);

    if (options.warmup > 0 && !interrupted) await load(service.baseUrl, requests, options.warmup, options.connections, verify);
    if (interrupted) throw new Error('interrupted');

    result.loadAverage1m = Math.round(loadavg()[0]! * 100) / 100;
    const start = memoryOf(service.pid).rss;
    let peak = start;
    const sampler = setInterval(() => {
      const { rss } = memoryOf(service.pid);
      if (rss !== null && (peak === null || rss > peak)) peak = rss;
    }, RSS_SAMPLE_MS);
    let r: autocannon.Result;
    try {
      r = await load(service.baseUrl, requests, options.duration, options.connections, verify);
    } finally {
      clearInterval(sampler);
    }
    const { rss: endRss, hwm } = memoryOf(service.pid);
    if (endRss !== null && (peak === null || endRss > peak)) peak = endRss;
    if (!service.alive) throw new Error(`the service died during the run:\n${service.lastOutput()}`);

    const statusCodes: Record<string, number> = {};
    for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = s.count ?? 0;
    return {
      ...result,
      requests: {
        total: r.requests.total,
        perSecond: { average: r.requests.average, stddev: r.requests.stddev, min: r.requests.min, max: r.requests.max },
      },
      latencyMs: { average: r.latency.average, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
      throughputBytesPerSecond: r.throughput.average,
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
      badBodies: r.mismatches,
      statusCodes,
      rssMiB: { start, peak, hwmAfter: hwm },
      note: interrupted ? 'interrupted' : undefined,
    };
  } catch (e) {
    return { ...result, status: 'failed', note: (e as Error).message };
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function gitDescription(root: string): { commit?: string; dirty?: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return {};
  }
}

const fmt = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : Number.isInteger(n) ? String(n) : n.toFixed(digits);

interface Report {
  date: string;
  startedAt: string;
  finishedAt?: string;
  db: DbMode;
  database: string;
  postgresVersion?: string;
  git: { commit?: string; dirty?: boolean };
  machine: { node: string; platform: string; cpus: number; cpuModel?: string; memoryGiB: number };
  options: { duration: number; warmup: number; connections: number; households: number; seed: string };
  service: {
    startToReadyMs?: number;
    idleRssMiB?: number | null;
    hwmMiB?: number | null;
    stop?: { ms: number; code: number | null; signal: string | null; killed: boolean };
  };
  scenarios: ScenarioResult[];
  error?: string;
}

function markdown(report: Report): string {
  const lines = [
    `## Benchmark ${report.date}: ${report.db} database`,
    '',
    `- ${report.database}${report.postgresVersion ? ` (PostgreSQL ${report.postgresVersion})` : ''}`,
    `- commit ${report.git.commit ?? '?'}${report.git.dirty ? ' + uncommitted changes' : ''}; Node ${report.machine.node}, ` +
      `${report.machine.platform}, ${report.machine.cpus} × ${report.machine.cpuModel ?? 'CPU'}, ${report.machine.memoryGiB} GiB`,
    `- ${report.options.duration} s per scenario after ${report.options.warmup} s warm-up, ${report.options.connections} connections, ` +
      `load generator and service on the same machine`,
    `- service start to ready ${fmt((report.service.startToReadyMs ?? NaN) / 1000)} s; idle RSS ${fmt(report.service.idleRssMiB, 0)} MiB; ` +
      `RSS high-water mark ${fmt(report.service.hwmMiB, 0)} MiB`,
    '',
    '| scenario | req/s avg | latency p50 ms | latency p99 ms | errors / non-2xx | bad bodies | peak RSS MiB | load avg |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of report.scenarios) {
    if (s.status !== 'ok') {
      lines.push(`| ${s.name} | ${s.status}: ${(s.note ?? '').split('\n')[0]!.replace(/\|/g, '\\|').slice(0, 200)} | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${s.name} | ${fmt(s.requests!.perSecond.average)} | ${fmt(s.latencyMs!.p50, 2)} | ${fmt(s.latencyMs!.p99, 2)} | ` +
        `${s.errors} / ${s.non2xx} | ${s.badBodies} | ${fmt(s.rssMiB!.peak, 0)} | ${fmt(s.loadAverage1m, 2)} |`,
    );
  }
  if (report.error) lines.push('', `**Run failed:** ${report.error.split('\n')[0]}`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed === 'list') {
    for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(20)} ${s.description}\n`);
    return 0;
  }
  const options = parsed;
  const root = projectRoot(__dirname);
  const mainJs = join(root, 'dist', 'src', 'main.js');
  if (!existsSync(mainJs)) throw new UsageError(`${relative(process.cwd(), mainJs)} is missing: run through \`npm run bench\`, which builds first`);

  const startedAt = new Date();
  const report: Report = {
    date: startedAt.toISOString().slice(0, 10),
    startedAt: startedAt.toISOString(),
    db: options.db,
    database: '',
    git: gitDescription(root),
    machine: {
      node: process.version,
      platform: `${platform()} ${arch()}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim(),
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    },
    options: {
      duration: options.duration,
      warmup: options.warmup,
      connections: options.connections,
      households: options.households,
      seed: options.seed,
    },
    service: {},
    scenarios: [],
  };

  const onSignal = () => {
    interrupted = true;
    currentLoad?.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let database: BenchDatabase | undefined;
  let service: Service | undefined;
  try {
    database = options.db === 'server' ? await serverDatabase(options.serverUrl) : await embeddedDatabase();
    report.database = database.label;
    if (database.url) report.postgresVersion = await serverVersion(database.url);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...database.env,
      // Not production: the demo seed (and its accounts) is refused there.
      NODE_ENV: 'development',
      HOST,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      // The load comes from one address as one caller: lift the per-minute limits out of the way.
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
    };
    if (!env.DATABASE_URL) delete env.DATABASE_URL;
    process.stderr.write(`bench: starting the service (${database.label}) on ${HOST}:${port}\n`);
    service = Service.start(root, env, port, options.verbose);
    report.service.startToReadyMs = await service.waitReady();
    await sleep(500);
    report.service.idleRssMiB = memoryOf(service.pid).rss;
    process.stderr.write(`bench: ready after ${fmt(report.service.startToReadyMs / 1000)} s, RSS ${fmt(report.service.idleRssMiB, 0)} MiB\n`);

    const ctx = makeContext(options, service.baseUrl, database.url, env);
    for (const scenario of options.scenarios) {
      if (interrupted) break;
      process.stderr.write(`bench: ${scenario.name} (${options.warmup} s warm-up + ${options.duration} s, ${options.connections} connections)\n`);
      const r = await runScenario(scenario, options, service, ctx);
      report.scenarios.push(r);
      process.stderr.write(
        r.status === 'ok'
          ? `  ${fmt(r.requests!.perSecond.average)} req/s, p99 ${fmt(r.latencyMs!.p99, 2)} ms\n`
          : `  ${r.status}: ${r.note}\n`,
      );
      if (!service.alive) break;
    }
    report.service.hwmMiB = memoryOf(service.pid).hwm;
  } catch (e) {
    report.error = (e as Error).message;
    process.stderr.write(`bench: ${report.error}\n`);
  } finally {
    if (service) {
      const stop = await service.stop();
      report.service.stop = { ...stop, signal: stop.signal };
      if (stop.killed) process.stderr.write('bench: the service did not stop on SIGTERM and was killed\n');
      else if (stop.code !== 0) process.stderr.write(`bench: the service exited with code ${stop.code} after SIGTERM\n${service.lastOutput()}\n`);
    }
    if (database) {
      await database.cleanup().catch((e: unknown) => process.stderr.write(`bench: cleanup failed: ${(e as Error).message}\n`));
    }
  }

  report.finishedAt = new Date().toISOString();
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${report.date}-${options.db}`);
  const md = markdown(report);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, md);
  process.stdout.write(`\n${md}\n`);
  process.stderr.write(`bench: wrote ${relative(root, base)}.json and .md\n`);
  const failed = report.error !== undefined || report.scenarios.some((s) => s.status === 'failed') || interrupted;
  return failed ? 1 : 0;
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
