/**
 * npm run bench:export -- [--households N] [--formats csv,ndjson,xlsx] [--db embedded|server]
 *                         [--database-url URL] [--seed S] [--reveal]
 *
 * The streaming export at volume: starts the service in this process on a fresh database
 * (in-memory embedded, or a new `bench_export_…` database on a server), loads N generated
 * households with loadRegistry, then downloads GET /exchange/households/export in each format
 * as a district officer over loopback HTTP, reading the body as it comes. Reports rows/s,
 * MB/s, time to first byte and the process's RSS before and at its peak during each export:
 * constant memory means the peak does not grow with N. See README.md beside this file.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Role } from '../src/common/access/permissions';
import { projectRoot } from '../src/common/project-root';
import { RunningService, startService } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { loadDemoRegistry } from '../src/demo/registry-loader';
import { DEMO_REGIONS_FILE } from '../src/demo/seed';
import { createAccountsAsSystem } from '../src/identity/bootstrap-admin';
import { RegionsService } from '../src/regions/regions.service';
import { DataSource } from 'typeorm';
import { oneOf, UsageError, wholeNumber } from './cli-args';
import { inProcessDatabase } from './runner/databases';
import { exitWhenDone, signInOverHttp } from './runner/sign-in';

const FORMATS = ['csv', 'ndjson', 'xlsx'] as const;
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'Streaming-Passw0rd-2018!';

interface Result {
  format: string;
  households: number;
  rows: number;
  bytes: number;
  seconds: number;
  firstByteMs: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

const mib = (bytes: number) => Math.round(bytes / 1048576);

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      households: { type: 'string', default: '20000' },
      formats: { type: 'string', default: FORMATS.join(',') },
      db: { type: 'string' },
      'database-url': { type: 'string' },
      seed: { type: 'string', default: 'bench-export' },
      reveal: { type: 'boolean', default: false },
    },
  });
  const households = wholeNumber('households', values.households, 20000, 1);
  const formats = values.formats!.split(',').map((f) => oneOf('formats', f.trim(), FORMATS, 'csv'));
  const db = oneOf('db', values.db, ['embedded', 'server'] as const, values['database-url'] ? 'server' : 'embedded');
  const adminUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER_URL;

  const database = await inProcessDatabase(db, adminUrl, 'bench_export');
  const { embedded, env } = database;

  let service: RunningService | undefined;
  try {
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    });
    service = await startService(config, { embedded });
    const app = service.app;
    const ds = app.get(DataSource);
    await app.get(RegionsService).importCsvAsSystem(readFileSync(join(projectRoot(), DEMO_REGIONS_FILE)));
    const loadStarted = Date.now();
    const counts = await loadDemoRegistry(app, {
      households,
      seed: values.seed!,
      scale: 'district',
      batchSize: 5000,
      onProgress: (done, total) => process.stderr.write(`\rloaded ${done} / ${total} households`),
    });
    process.stderr.write(`\nloaded ${counts.households} households, ${counts.members} members in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s\n`);
    if (db === 'server') await ds.query('ANALYZE');

    await createAccountsAsSystem(app, [
      { username: 'bench-exporter', displayName: 'bench', password: PASSWORD, regionCode: '410106000000', roles: [Role.DISTRICT_OFFICER], sector: null },
    ]);
    const baseUrl = `http://127.0.0.1:${service.port}`;
    const token = await signInOverHttp(baseUrl, 'bench-exporter', PASSWORD);
    const [{ n: activeHouseholds }] = await ds.query(`SELECT count(*)::int AS n FROM households WHERE validity = 'ACTIVE'`);
    const [{ n: rowsExpected }] = await ds.query(
      `SELECT count(*)::int AS n FROM members m JOIN households h ON h.id = m.household_id WHERE h.validity = 'ACTIVE' AND m.active`,
    );

    const results: Result[] = [];
    for (const format of formats) {
      const query = `format=${format}${values.reveal ? `&reveal=true&reason=${encodeURIComponent('基准测试 benchmark')}` : ''}`;
      results.push(await measure(baseUrl, token, format, query, activeHouseholds, rowsExpected));
    }
    print(db, households, counts.members, results);
  } finally {
    await service?.close().catch((e: Error) => process.stderr.write(`could not stop the service: ${e.message}\n`));
    await database.cleanup(!!service).catch((e: Error) => process.stderr.write(`could not drop the bench database: ${e.message}\n`));
  }
}

async function measure(baseUrl: string, token: string, format: string, query: string, households: number, expectedRows: number): Promise<Result> {
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const started = performance.now();
  let firstByte = 0;
  let bytes = 0;
  let newlines = 0;
  try {
    const res = await fetch(`${baseUrl}/exchange/households/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200 || !res.body) throw new Error(`export ${format}: HTTP ${res.status} ${await res.text()}`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (!firstByte) firstByte = performance.now() - started;
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines += 1;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss());
  // CSV: header + one line per member; NDJSON: one line per household; XLSX: counted from the database.
  const rows = format === 'csv' ? newlines - 1 : format === 'ndjson' ? newlines : expectedRows;
  if (format === 'csv' && rows !== expectedRows) throw new Error(`csv: ${rows} rows, expected ${expectedRows}`);
  if (format === 'ndjson' && rows !== households) throw new Error(`ndjson: ${rows} lines, expected ${households}`);
  return { format, households, rows, bytes, seconds, firstByteMs: firstByte, rssBeforeMiB: mib(rssBefore), rssPeakMiB: mib(peak) };
}

function print(db: string, households: number, members: number, results: Result[]): void {
  const lines = [
    `export benchmark: ${db} database, ${households} households loaded (${members} members), node ${process.version}`,
    '',
    '| format | households | rows | MiB | seconds | rows/s | MiB/s | first byte ms | RSS before MiB | peak RSS MiB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.format} | ${r.households} | ${r.rows} | ${(r.bytes / 1048576).toFixed(1)} | ${r.seconds.toFixed(2)} | ${Math.round(r.rows / r.seconds)} | ` +
        `${(r.bytes / 1048576 / r.seconds).toFixed(1)} | ${Math.round(r.firstByteMs)} | ${r.rssBeforeMiB} | ${r.rssPeakMiB} |`,
    ),
    '',
    'rows: members for csv/xlsx (one row each), households for ndjson (one line each).',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

exitWhenDone(main(), (e) => e instanceof UsageError);
