/**
 * npm run bench:import -- [--households N] [--seed S] [--database-url URL]
 *
 * The import benchmark of the provincial exchange: generates a registry CSV (national headers,
 * one row per member), then on a fresh database of the PostgreSQL server, in one process:
 *   1. plain COPY of the file into an unindexed table of text columns (the floor),
 *   2. the full import job (parse, validate, encrypt, stage with COPY, merge into the indexed
 *      tables, change feed, audit), its wall time, rows/s and the process's peak RSS,
 *   3. the same file again (everything unchanged, settled by the households' import digests),
 *   4. the same file once more after deleting the digests (unchanged, found by full comparison),
 *   5. the peer of issue #12: the rows the import wrote (households, members, incomes, insurance,
 *      events, digests), already transformed, COPY'd into copies of those tables with the same
 *      indexes and defaults and no triggers (`LIKE … INCLUDING ALL`); the import's rows/s over
 *      the copy's, both counted in the file's member rows.
 * Prints a table and writes bench/results/<date>-import-<N>.json.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, linkSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { startService } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { generateSecretsEnv } from '../src/config/secrets';
import { projectRoot } from '../src/common/project-root';
import { generateHouseholds } from '../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../src/demo/registry-format';
import { ImportFormat, ImportJobEntity, ImportJobStatus } from '../src/exchange/imports/import-job.entity';
import { ImportRunner } from '../src/exchange/imports/import-runner';
import { claimImport } from '../test/support/import-claim';
import { RegionsService } from '../src/regions/regions.service';
import { DEMO_REGIONS_FILE } from '../src/demo/seed';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { wholeNumber } from './cli-args';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '350000' },
    seed: { type: 'string', default: 'bench-import' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

async function main() {
  const households = wholeNumber('households', values.households, 350_000, 1);
  const root = projectRoot();
  const work = join(root, 'tmp', `bench-import-${randomBytes(3).toString('hex')}`);
  mkdirSync(work, { recursive: true });
  const file = join(work, 'registry.csv');
  let members = 0;
  const out = createWriteStream(file);
  out.write(csvHeaderLine());
  for (const h of generateHouseholds({ households, seed: values.seed! })) {
    members += h.members.length;
    if (!out.write(toCsvRows(h))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  const bytes = statSync(file).size;

  // A database of its own on the server.
  const admin = new Client({ connectionString: values['database-url'] });
  await admin.connect();
  const db = `bench_import_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const url = new URL(values['database-url']!);
  url.pathname = `/${db}`;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const backends = new BackendCpu(admin, db);
  try {
    // 1. Plain COPY of the same file into an unindexed table.
    const copy = new Client({ connectionString: url.toString() });
    await copy.connect();
    const header = csvHeaderLine().trim().split(',');
    await copy.query(`CREATE UNLOGGED TABLE plain_copy (${header.map((_, i) => `c${i} text`).join(', ')})`);
    const t0 = process.hrtime.bigint();
    await pipeline(createReadStream(file), copy.query(copyFrom(`COPY plain_copy FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    const copySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await copy.query('DROP TABLE plain_copy');
    await copy.end();

    const env = Object.fromEntries(generateSecretsEnv().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
    const config = loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false', DATABASE_URL: url.toString(), DATA_DIR: work, IMPORT_WORKER_ENABLED: 'false', WEBHOOKS_ENABLED: 'false', ...env });
    const service = await startService(config, { listen: false });
    try {
      await service.app.get(RegionsService).importCsvAsSystem(readFileSync(join(root, DEMO_REGIONS_FILE)));
      const ds = service.app.get(DataSource);
      const runner = service.app.get(ImportRunner);
      let runs = 0;
      const run = async (label: string) => {
        // Each run imports its own link to the file: a finished import removes the file it was given.
        const runFile = join(work, `run-${++runs}.csv`);
        linkSync(file, runFile);
        const job = await ds.getRepository(ImportJobEntity).save({
          status: ImportJobStatus.RUNNING,
          format: ImportFormat.CSV,
          fileName: 'registry.csv',
          filePath: runFile,
          fileSha256: randomBytes(32).toString('hex'),
          fileSize: String(bytes),
          regionCode: '410106000000',
          createdByName: 'bench',
        });
        peak = 0;
        await backends.start();
        const cpu = process.cpuUsage();
        const start = process.hrtime.bigint();
        await runner.run(job, await claimImport(ds, job.id));
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        const used = process.cpuUsage(cpu);
        const cpuMs = { service: Math.round((used.user + used.system) / 1000), database: await backends.stop() };
        const done = (await ds.getRepository(ImportJobEntity).findOneBy({ id: job.id }))!;
        if (done.status !== ImportJobStatus.SUCCEEDED) throw new Error(`${label}: ${done.errorCode} ${done.errorMessage}`);
        return { label, seconds, rowsPerSecond: Math.round(members / seconds), peakRssMb: Math.round(peak / 1048576), cpuMs, job: done };
      };
      const first = await run('first import');
      const again = await run('re-import (unchanged)');
      await ds.query('DELETE FROM import_digests');
      const compared = await run('re-import without digests (full comparison)');
      const indexedCopy = await copyIntoIndexedCopies(url.toString(), work, members);
      const result = {
        date: new Date().toISOString(),
        households,
        members,
        fileMb: +(bytes / 1048576).toFixed(1),
        plainCopy: { seconds: +copySeconds.toFixed(2), rowsPerSecond: Math.round(members / copySeconds) },
        loadAverage: loadavg().map((x) => +x.toFixed(2)),
        import: { seconds: +first.seconds.toFixed(2), rowsPerSecond: first.rowsPerSecond, peakRssMb: first.peakRssMb, cpuMs: first.cpuMs, created: first.job.counts.households?.created, rejected: first.job.counts.households?.rejected, auditRows: Number((await ds.query(`SELECT count(*) n FROM audit_log`))[0].n), feedEntries: Number((await ds.query(`SELECT count(*) n FROM change_feed`))[0].n) },
        reimport: { seconds: +again.seconds.toFixed(2), rowsPerSecond: again.rowsPerSecond, peakRssMb: again.peakRssMb, cpuMs: again.cpuMs, unchanged: again.job.counts.households?.unchanged },
        reimportFullComparison: { seconds: +compared.seconds.toFixed(2), rowsPerSecond: compared.rowsPerSecond, peakRssMb: compared.peakRssMb, cpuMs: compared.cpuMs, unchanged: compared.job.counts.households?.unchanged },
        indexedCopy,
        ratioToCopy: +(first.rowsPerSecond / Math.round(members / copySeconds)).toFixed(3),
        ratioToIndexedCopy: +(first.rowsPerSecond / indexedCopy.rowsPerSecond).toFixed(3),
        reimportSpeedup: +(first.seconds / again.seconds).toFixed(2),
        reimportFullComparisonSpeedup: +(first.seconds / compared.seconds).toFixed(2),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      const dir = join(root, 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${result.date.slice(0, 10)}-import-${households}.json`), `${JSON.stringify(result, null, 2)}\n`);
    } finally {
      await service.close();
    }
  } finally {
    clearInterval(sampler);
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The tables a registry import writes (src/households/import/import-writer.ts), parents first. */
const IMPORT_TABLES = ['households', 'members', 'household_incomes', 'member_insurance', 'household_events', 'import_digests'];

/**
 * The peer: the import's rows, dumped as they are stored, then COPY'd (timed, one transaction)
 * into `bench_copy_<table>` tables made `LIKE <table> INCLUDING ALL` (columns, defaults,
 * constraints other than foreign keys, indexes; no triggers).
 */
async function copyIntoIndexedCopies(url: string, work: string, members: number) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const rows: Record<string, number> = {};
    for (const t of IMPORT_TABLES) {
      const dump = join(work, `${t}.copy`);
      await pipeline(c.query(copyTo(`COPY ${t} TO STDOUT`)), createWriteStream(dump));
      rows[t] = Number((await c.query(`SELECT count(*) n FROM ${t}`)).rows[0].n);
      await c.query(`CREATE TABLE bench_copy_${t} (LIKE ${t} INCLUDING ALL)`);
    }
    const t0 = process.hrtime.bigint();
    await c.query('BEGIN');
    for (const t of IMPORT_TABLES) await pipeline(createReadStream(join(work, `${t}.copy`)), c.query(copyFrom(`COPY bench_copy_${t} FROM STDIN`)));
    await c.query('COMMIT');
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    for (const t of IMPORT_TABLES) await c.query(`DROP TABLE bench_copy_${t}`);
    return { seconds: +seconds.toFixed(2), rowsPerSecond: Math.round(members / seconds), tableRows: rows };
  } finally {
    await c.end();
  }
}

/**
 * CPU time of the server's backends of the bench's database while an import runs, read from
 * /proc/<pid>/stat (the server on this machine; null elsewhere). Sampled every 200 ms so that
 * backends a pool closes during the run are counted up to their last sample.
 */
class BackendCpu {
  private base = new Map<number, number>();
  private last = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private readable = true;

  constructor(
    private readonly admin: Client,
    private readonly db: string,
  ) {}

  private async sample(into: Map<number, number>): Promise<void> {
    const { rows } = await this.admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [this.db]);
    for (const { pid } of rows) {
      try {
        // utime and stime: fields 14 and 15, counted after the command's closing parenthesis.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        into.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS);
      } catch {
        if (!existsSync('/proc/self/stat')) this.readable = false;
      }
    }
  }

  async start(): Promise<void> {
    this.base = new Map();
    this.last = new Map();
    await this.sample(this.base);
    let busy = false;
    this.timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void this.sample(this.last).finally(() => (busy = false));
    }, 200);
  }

  /** CPU ms of the backends since start (null when /proc cannot be read). */
  async stop(): Promise<number | null> {
    clearInterval(this.timer);
    await this.sample(this.last);
    if (!this.readable) return null;
    let ms = 0;
    for (const [pid, t] of this.last) ms += t - (this.base.get(pid) ?? 0);
    return Math.round(ms);
  }
}

/** Linux's USER_HZ (sysconf(_SC_CLK_TCK)), 100 on every common build. */
const CLOCK_TICKS = 100;

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
