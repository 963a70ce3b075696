import { ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/common/project-root';
import { generateSecretsEnv } from '../../src/config/secrets';
import { waitFor } from './wait-for';

/**
 * The compiled service (`node dist/src/main.js`, what `npm start` runs) as a child process, for
 * tests of what only a process shows (exit codes, stderr, signals, kill -9, the data-dir lock)
 * and for the benchmarks (bench/run.ts, compiled to dist/: the project root is found either way).
 * Every child and temp folder made here is tracked; call cleanupSpawned() in afterAll.
 */

const ROOT = projectRoot(__dirname);
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');

/**
 * Options for node in every process the tests start (services and scripts), before any of the
 * test's own: under Jest only, not for the benches, which start services with this module too.
 * `--liftoff-only`: V8 compiles the embedded database's WebAssembly (PGlite, 9 MB) with its
 * baseline compiler and does not recompile the busy functions with its optimizing one. A service
 * started for a test lives seconds, and that recompiling cost each start on the embedded database
 * ~2 s of CPU (cold start to ready: 10.0–10.8 s of CPU without, 8.0–8.6 s with, on a 2-core
 * machine), which the suite's runs, two at once on two cores, wait for. What the service does is
 * the same; only the embedded database's statements run on less optimized code.
 */
const TEST_NODE_ARGS = process.env.JEST_WORKER_ID ? ['--liftoff-only'] : [];

const children = new Set<SpawnedService>();
const tempDirs = new Set<string>();

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedService {
  child: ChildProcess;
  pid: number;
  port: number;
  baseUrl: string;
  dataDir?: string;
  stdout(): string;
  stderr(): string;
  /** stdout split into lines, without the trailing empty one. */
  stdoutLines(): string[];
  stderrLines(): string[];
  /** Resolves once the process has exited (and was reaped). */
  exited: Promise<Exit>;
  hasExited(): boolean;
  /**
   * Polls until this process listens on its port and answers GET /health/ready there with 200;
   * rejects if the process exits first, on timeout, or when `abort` fires.
   */
  waitReady(timeoutMs?: number, abort?: AbortSignal): Promise<void>;
  /** Sends a signal and waits for the exit (SIGKILL after timeoutMs). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

/** Where free ports are picked: above the well-known ones, below the ephemeral range. */
const PICKED_PORTS_FROM = 10_000;

/**
 * The first port of the range the kernel hands out for `listen(0)` and for outgoing connections
 * (Linux: /proc/sys/net/ipv4/ip_local_port_range; its default elsewhere).
 */
function ephemeralPortsFrom(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 0) return low;
  } catch {
    // not Linux
  }
  return 32_768;
}

/**
 * Listens on 127.0.0.1:`port` (0: any free one) and closes again: the port it got, or null when
 * that port is taken.
 */
function listenOnce(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const got = typeof address === 'object' && address ? address.port : null;
      server.close(() => resolve(got));
    });
  });
}

/**
 * A port free on 127.0.0.1 now, for a service the caller starts (or a port nobody listens on).
 * Picked at random below the ephemeral range, so no server listening on port 0 and no outgoing
 * connection (the kernel gives both ports of that range) can take it before the caller's service
 * listens; a port from `listen(0)` once went to another test file's server in the moment between
 * its pick and the spawned service's listen, and that test then spoke to the wrong service. Only
 * another picker can still take the same one, at odds of one in ~20,000: waitReady checks that the
 * port is the spawned process's own.
 */
export async function freePort(): Promise<number> {
  const below = ephemeralPortsFrom();
  if (below - PICKED_PORTS_FROM >= 1_000) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const port = await listenOnce(randomInt(PICKED_PORTS_FROM, below));
      if (port !== null) return port;
    }
  }
  // A machine whose ephemeral range leaves no room below it: any free port, as the kernel picks.
  const port = await listenOnce(0);
  if (port === null) throw new Error('no free port on 127.0.0.1');
  return port;
}

/** A fresh folder under the OS temp dir, removed by cleanupSpawned(). */
export function tempDir(prefix = 'jzfp-proc-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** A copy of a (cleanly stopped) data directory, e.g. a template made once per file. */
export function copyDataDir(from: string): string {
  const dir = tempDir();
  cpSync(from, dir, { recursive: true });
  return dir;
}

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path, ext));
    else if (entry.name.endsWith(ext) && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Fails early and clearly when there is no build, or the build is older than the sources. */
export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const src = newestMtime(join(ROOT, 'src'), '.ts');
  const dist = newestMtime(join(ROOT, 'dist', 'src'), '.js');
  if (src > dist + 1000) throw new Error('dist/ is older than src/: run `npm run build` first');
}

export interface SpawnOptions {
  /**
   * Environment on top of a minimal one (PATH, NODE_ENV=production, HOST=127.0.0.1, LOG_LEVEL=warn,
   * SEED_DEMO=false, SHUTDOWN_GRACE_MS=60000); a value of undefined removes a variable.
   */
  env?: Record<string, string | undefined>;
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Called with each chunk of the child's stdout and stderr as it comes (e.g. to echo it). */
  onOutput?: (text: string) => void;
  /** Options for node itself, before the script (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Another build's project root (its `dist/src/main.js` runs, in that folder): bench:read --versus. */
  root?: string;
}

/** Key material as environment variables, as a server deployment must set it. */
export function secretsEnv(): Record<string, string> {
  return Object.fromEntries(
    generateSecretsEnv()
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/**
 * Starts the compiled service. DATA_DIR defaults to a fresh temp folder; DATABASE_URL is unset
 * unless given (the parent's environment is not inherited, so TEST_DATABASE_URL does not leak in).
 */
export async function spawnService(options: SpawnOptions = {}): Promise<SpawnedService> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    // A stop on a loaded machine can take longer than the default 10 s; tests of the grace set theirs.
    SHUTDOWN_GRACE_MS: '60000',
  };
  if (!options.env || !('DATA_DIR' in options.env)) env.DATA_DIR = tempDir();
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const root = options.root ?? ROOT;
  const main = options.root ? join(options.root, 'dist', 'src', 'main.js') : MAIN;
  const child = spawn(process.execPath, [...TEST_NODE_ARGS, ...(options.nodeArgs ?? []), main], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    options.onOutput?.(d);
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    options.onOutput?.(d);
  });
  let done = false;
  const exited = new Promise<Exit>((resolve) => {
    // 'close' (not 'exit'): the output pipes are drained by then.
    child.once('close', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.once('error', () => {
      done = true;
      resolve({ code: null, signal: null });
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const lines = (s: string) => s.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
  const spawned: SpawnedService = {
    child,
    pid: child.pid ?? -1,
    port,
    baseUrl,
    dataDir: env.DATA_DIR,
    stdout: () => out,
    stderr: () => err,
    stdoutLines: () => lines(out),
    stderrLines: () => lines(err),
    exited,
    hasExited: () => done,
    async waitReady(timeoutMs = 300_000, abort?: AbortSignal) {
      // Ends at once when the process exits or the caller aborts: those are answers, not retries.
      const outcome = await waitFor(
        async () => {
          if (abort?.aborted) return 'aborted';
          if (done) return 'exited';
          // Only an answer on this process's own socket counts: another process may hold the port
          // (this one then fails to listen and exits, which ends the wait above).
          // (Where the sockets cannot be seen, not Linux, any answer on the port counts, as before.)
          if (socketsVisible && !listeningPortsOf(child.pid!).includes(port)) return undefined;
          const res = await get(`${baseUrl}/health/ready`, 1000).catch(() => undefined);
          return res?.status === 200 ? 'ready' : undefined;
        },
        { timeoutMs, intervalMs: 100, what: 'the service to be ready' },
      ).catch((e: unknown) => {
        throw new Error(`service not ready after ${timeoutMs} ms; stderr: ${err}`, { cause: e });
      });
      if (outcome === 'aborted') throw new Error('interrupted while waiting for the service to be ready');
      if (outcome === 'exited') throw new Error(`service exited before it was ready (${JSON.stringify(await exited)}); stderr: ${err}`);
    },
    async stop(signal = 'SIGTERM', timeoutMs = 90_000) {
      if (!done) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        try {
          await exited;
        } finally {
          clearTimeout(timer);
        }
      }
      return exited;
    },
  };
  children.add(spawned);
  void exited.then(() => children.delete(spawned));
  return spawned;
}

/** Whether this machine shows processes' sockets (Linux's /proc): listeningPortsOf can answer. */
const socketsVisible = existsSync('/proc/self/fd') && existsSync('/proc/net/tcp');

/**
 * The TCP ports process `pid` listens on, any address (Linux: the socket inodes among its file
 * descriptors, found among /proc/net/tcp's and tcp6's listening sockets); none once it has exited.
 */
export function listeningPortsOf(pid: number): number[] {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return []; // the process is gone
  }
  for (const fd of fds) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      // local address:port (hex), remote, state 0A (LISTEN), ..., inode.
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[3] === '0A' && inodes.has(f[9])) ports.push(parseInt(f[1].slice(f[1].indexOf(':') + 1), 16));
    }
  }
  return ports;
}

/** Kills every child still running (SIGKILL) and removes every temp folder. For afterAll. */
export async function cleanupSpawned(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop('SIGKILL', 5000)));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * True once the process listening on 127.0.0.1:`serverPort` has accepted the loopback connection
 * from `clientPort` and read everything sent on it so far (Linux: /proc/net/tcp lists the server
 * side of the connection with an inode once accepted, and an empty receive queue once read).
 * What a test waits for before it signals a service with a request in flight.
 */
export function connectionReadByServer(serverPort: number, clientPort: number): boolean {
  const hexPort = (p: number) => p.toString(16).toUpperCase().padStart(4, '0');
  const local = `0100007F:${hexPort(serverPort)}`;
  const remote = `0100007F:${hexPort(clientPort)}`;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] !== local || f[2] !== remote) continue;
    const rxQueue = parseInt(f[4].split(':')[1], 16);
    const inode = Number(f[9]);
    return inode !== 0 && rxQueue === 0;
  }
  return false;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

/** One HTTP request on its own connection (no keep-alive pool left behind). */
export function http(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export const get = (url: string, timeoutMs?: number) => http(url, { timeoutMs });

export function gql(baseUrl: string, query: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return http(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
}

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a compiled command-line script (`node dist/scripts/NAME.js ARGS…`, what `npm run NAME`
 * runs) to its end, with the same minimal environment as spawnService (DATA_DIR only when given).
 */
export function runScript(
  name: string,
  args: string[] = [],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<ScriptResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child = spawn(process.execPath, [...TEST_NODE_ARGS, join(ROOT, 'dist', 'scripts', `${name}.js`), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise<ScriptResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
