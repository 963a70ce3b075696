/** One scenario against the running service: setup, a sanity check of each request, warm-up, the measured load (autocannon) and the child's memory. */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Client } from 'pg';
import type { SpawnedService } from '../../test/support/spawn-service';
import { Scenario, ScenarioContext, ScenarioRequest } from '../scenarios';
import { Options } from './options';

const RSS_SAMPLE_MS = 100;

export interface ScenarioResult {
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


/** The autocannon run in progress, stopped on Ctrl-C; `interrupted` then ends the run early. */
export const run: { currentLoad?: autocannon.Instance; interrupted: boolean } = { interrupted: false };

/** Ends the run early: stops the load in progress; what is left is skipped. */
export function interrupt(): void {
  run.interrupted = true;
  run.currentLoad?.stop();
}

/** The service's last lines of output, for an error message. */
export function lastOutput(service: SpawnedService): string {
  return [...service.stdoutLines(), ...service.stderrLines()].slice(-40).join('\n');
}

/** VmRSS and VmHWM of a process in MiB (Linux /proc); nulls elsewhere or once it is gone. */
export function memoryOf(pid: number): { rss: number | null; hwm: number | null } {
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

/** One GraphQL request to `baseUrl` (a service or a peer), its data or an error with the messages. */
export function graphqlAt(baseUrl: string): ScenarioContext['graphql'] {
  return async <T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T> => {
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
  };
}

export function makeContext(options: Options, baseUrl: string, databaseUrl: string | undefined, serviceEnv: NodeJS.ProcessEnv): ScenarioContext {
  return {
    db: options.db,
    serviceEnv,
    baseUrl,
    databaseUrl,
    households: options.households,
    seed: options.seed,
    graphql: graphqlAt(baseUrl),
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

export interface PreparedRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers: Record<string, string>;
}

export function prepare(requests: readonly ScenarioRequest[]): PreparedRequest[] {
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

export function verifierFor(scenario: Scenario, requests: PreparedRequest[]): (body: string) => boolean {
  if (scenario.verify) return scenario.verify;
  if (requests.every((r) => r.path === '/graphql')) return (body) => !body.includes('"errors":[');
  return () => true;
}

/** Each distinct request once, outside the measurement: a broken query fails loudly here. */
export async function sanityCheck(baseUrl: string, requests: PreparedRequest[], verify: (body: string) => boolean): Promise<void> {
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

export function load(baseUrl: string, requests: PreparedRequest[], duration: number, connections: number, verify: (body: string) => boolean): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    run.currentLoad = autocannon(
      {
        url: baseUrl,
        connections,
        duration,
        timeout: 10,
        requests: requests.map((r) => ({ method: r.method, path: r.path, body: r.body, headers: r.headers })),
        verifyBody: (body) => verify(typeof body === 'string' ? body : (body?.toString('utf8') ?? '')),
      },
      (err: unknown, result: autocannon.Result) => {
        run.currentLoad = undefined;
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve(result);
      },
    );
  });
}

export async function runScenario(scenario: Scenario, options: Options, service: SpawnedService, ctx: ScenarioContext): Promise<ScenarioResult> {
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

    if (options.warmup > 0 && !run.interrupted) await load(service.baseUrl, requests, options.warmup, options.connections, verify);
    if (run.interrupted) throw new Error('interrupted');

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
    if (service.hasExited()) throw new Error(`the service died during the run:\n${lastOutput(service)}`);

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
      note: run.interrupted ? 'interrupted' : undefined,
    };
  } catch (e) {
    return { ...result, status: 'failed', note: (e as Error).message };
  }
}
