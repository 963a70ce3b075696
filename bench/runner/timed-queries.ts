import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RunningService, startService } from '../../src/bootstrap';
import { projectRoot } from '../../src/common/project-root';
import { loadConfig } from '../../src/config/app-config';
import { loadDemoRegistry } from '../../src/demo/registry-loader';
import { DEMO_REGIONS_FILE } from '../../src/demo/seed';
import { RegionsService } from '../../src/regions/regions.service';
import type { InProcessDatabase } from './databases';
import { countQueries } from '../../test/support/query-counter';

/**
 * The parts the in-process query benches share (bench/linkage-coverage.ts, bench/employment.ts):
 * loading the demo registry in chunks, and timing a GraphQL query over loopback HTTP with the SQL
 * statements it sends.
 */

const LOAD_CHUNK = 25_000;

export interface LoadedRegistry {
  households: number;
  members: number;
  seconds: number;
}

/**
 * Starts the service in this process on the database (production mode, no demo seed, the rate
 * limit out of the way), imports the demo division tree and loads `households` demo households.
 */
export async function startWithDemoRegistry(database: InProcessDatabase, households: number, seed: string): Promise<RunningService & { counts: LoadedRegistry }> {
  const service = await startWithRegions(database);
  try {
    return Object.assign(service, { counts: await loadRegistryInChunks(service.app, households, seed) });
  } catch (e) {
    await service.close().catch(() => undefined);
    throw e;
  }
}

/** Starts the service in this process on the database (production mode, no demo seed, the rate limit out of the way) with the demo division tree only. */
export async function startWithRegions(database: InProcessDatabase): Promise<RunningService> {
  const config = loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '1000000', ...database.env });
  const service = await startService(config, { embedded: database.embedded });
  try {
    await service.app.get(RegionsService).importCsvAsSystem(readFileSync(join(projectRoot(), DEMO_REGIONS_FILE)));
    return service;
  } catch (e) {
    await service.close().catch(() => undefined);
    throw e;
  }
}

/**
 * Loads `households` generated households (district scale) in chunks with ANALYZE between them:
 * the loader's own reads (the procedures' as-of reads) plan on the statistics of tables that were
 * empty when the load began. The first chunk is one batch: the tables are empty when it is planned.
 */
export async function loadRegistryInChunks(app: INestApplication, households: number, seed: string): Promise<LoadedRegistry> {
  const ds = app.get(DataSource);
  const started = Date.now();
  const counts = { households: 0, members: 0 };
  for (let done = 0, chunk = 5000; done < households; done += chunk, chunk = LOAD_CHUNK) {
    const c = await loadDemoRegistry(app, {
      households: Math.min(done + chunk, households),
      skip: done,
      seed,
      scale: 'district',
      batchSize: 5000,
      onProgress: (n, total) => process.stderr.write(`\rloaded ${n + done} / ${total} households`),
    });
    counts.households += c.households;
    counts.members += c.members;
    await ds.query('ANALYZE');
  }
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(`\nloaded ${counts.households} households, ${counts.members} members in ${seconds.toFixed(1)} s\n`);
  return { ...counts, seconds };
}

export interface TimedQuery {
  name: string;
  minMs: number;
  medianMs: number;
  statements: number;
  answer: string;
}

/**
 * Runs the query `repeat` + 1 times in turn: its time (min and median of the repeats, the first
 * one included in neither: it warms caches) and the SQL statements the service sent per request
 * (counted at the pg driver, background work left out: test/support/query-counter.ts).
 */
export async function measureQuery(
  baseUrl: string,
  token: string,
  name: string,
  query: string,
  repeat: number,
  summary: (data: Record<string, unknown>) => string,
): Promise<TimedQuery> {
  const times: number[] = [];
  let statements = 0;
  let answer = '';
  for (let i = 0; i <= repeat; i++) {
    const t0 = performance.now();
    const { result, count } = await countQueries(() => postQuery(baseUrl, token, query));
    const ms = performance.now() - t0;
    if (i === 0) {
      answer = summary(result);
      continue;
    }
    times.push(ms);
    statements = count;
  }
  times.sort((a, b) => a - b);
  return { name, minMs: times[0]!, medianMs: times[Math.floor(times.length / 2)]!, statements, answer };
}

/** A GraphQL query as the signed-in caller; throws on errors. */
export async function postQuery(baseUrl: string, token: string, query: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The results as a Markdown table. */
export function resultTable(results: readonly TimedQuery[]): string[] {
  return [
    '| query | min ms | median ms | SQL statements / request | answer |',
    '| --- | ---: | ---: | ---: | --- |',
    ...results.map((r) => `| ${r.name} | ${Math.round(r.minMs)} | ${Math.round(r.medianMs)} | ${r.statements} | ${r.answer} |`),
  ];
}
