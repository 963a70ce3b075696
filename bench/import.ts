/**
 * npm run bench:import -- [--households N] [--seed S] [--database-url URL] [--batch-households B]
 *                         [--cpu-prof DIR | --heap-prof DIR] [--prof-step first|reimport|compared] [--tag NAME]
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
 *      the copy's, both counted in the file's member rows; then the same rows into copies that
 *      also keep the real tables' foreign keys (what referential integrity alone costs a COPY).
 * Prints a table and writes bench/results/<date>-import-<N>.json (`<date>-import-<N>-<tag>.json`
 * with `--tag NAME`: letters, digits, `.`, `_`, `-`).
 *
 * `--batch-households B` sets the service's IMPORT_BATCH_HOUSEHOLDS (households per batch
 * transaction; the service's default otherwise). `--cpu-prof DIR` profiles one step only
 * (`--prof-step`: first, reimport or compared; first by default) with the inspector's sampling
 * profiler, in this process, and writes `DIR/import-<N>-<step>.cpuprofile`; `--heap-prof DIR`
 * samples the step's allocations instead (every 32 KiB allocated on average, those the garbage
 * collector freed included: where the allocation volume comes from) into
 * `DIR/import-<N>-<step>.heapprofile`. Summarise either with
 * `node dist/bench/profile-summary.js FILE`. (`node --cpu-prof` would mix in the file's
 * generation, the other steps and the peer's COPY.)
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, linkSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { Session } from 'node:inspector/promises';
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
import { ImportWorker } from '../src/exchange/imports/import-worker';
import { claimImport } from '../test/support/import-claim';
import { RegionsService } from '../src/regions/regions.service';
import { DEMO_REGIONS_FILE } from '../src/demo/seed';
import { readFileSync } from 'node:fs';
import { loadavg, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { fileTag, oneOf, UsageError, wholeNumber } from './cli-args';
import { BackendCpu, ThreadCpu } from './runner/backend-cpu';

const USAGE = `usage: npm run bench:import -- [--households N] [--seed S] [--database-url URL] [--batch-households B]
                               [--cpu-prof DIR | --heap-prof DIR] [--prof-step first|reimport|compared] [--tag NAME]
                               [--thread auto|true|false] [--thread-heap-mb MB]
--thread: IMPORT_THREAD of the service (auto, the default: each import in a worker thread of its own, as
on any server); with --cpu-prof or --heap-prof the import runs in the bench's main thread (false).
--thread-heap-mb: IMPORT_THREAD_HEAP_MB, the ceiling of the import thread's old generation (the service's default unless given).`;
const STEPS = ['first', 'reimport', 'compared'] as const;
type Step = (typeof STEPS)[number];

const parse = () =>
  parseArgs({
    options: {
      households: { type: 'string', default: '350000' },
      seed: { type: 'string', default: 'bench-import' },
      'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      'batch-households': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'heap-prof': { type: 'string' },
      'prof-step': { type: 'string' },
      tag: { type: 'string' },
      thread: { type: 'string' },
      'thread-heap-mb': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
type Values = ReturnType<typeof parse>;

interface ProfileOption {
  kind: 'cpu' | 'heap';
  dir: string;
  step: Step;
}

/** The step to profile, how and where its profile goes, if asked. */
function profileOption(values: Values): ProfileOption | undefined {
  const step = oneOf('prof-step', values['prof-step'], STEPS, 'first');
  if (values['cpu-prof'] !== undefined && values['heap-prof'] !== undefined) throw new UsageError('--cpu-prof and --heap-prof: one at a time');
  const dir = values['cpu-prof'] ?? values['heap-prof'];
  if (values['prof-step'] !== undefined && dir === undefined) throw new UsageError('--prof-step goes with --cpu-prof DIR or --heap-prof DIR');
  return dir === undefined ? undefined : { kind: values['cpu-prof'] !== undefined ? 'cpu' : 'heap', dir, step };
}

/** Samples this process's CPU or allocations while `work` runs and writes the profile (the formats of `node --cpu-prof` and `--heap-prof`). */
async function profiled<T>(option: ProfileOption, file: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  try {
    let profile: unknown;
    if (option.kind === 'cpu') {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    } else {
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
    }
    const result = await work();
    if (option.kind === 'cpu') profile = (await session.post('Profiler.stop')).profile;
    else profile = (await session.post('HeapProfiler.stopSampling')).profile;
    writeFileSync(file, JSON.stringify(profile));
    process.stderr.write(`bench:import: wrote ${file}\n`);
    return result;
  } finally {
    session.disconnect();
  }
}

async function main() {
  const values = parse();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const households = wholeNumber('households', values.households, 350_000, 1);
  const batchHouseholds = values['batch-households'] === undefined ? undefined : wholeNumber('batch-households', values['batch-households'], 1000, 1);
  const profile = profileOption(values);
  const tag = fileTag(values.tag);
  // A profile is of this thread: the import runs here then.
  const thread = profile ? 'false' : oneOf('thread', values.thread, ['auto', 'true', 'false'] as const, 'auto');
  if (profile) mkdirSync(profile.dir, { recursive: true });
  const root = projectRoot();
  const work = join(root, 'tmp', `bench-import-${randomBytes(3).toString('hex')}`);
  mkdirSync(work, { recursive: true });
  const file = join(work, 'registry.csv');
  const members = await generateInThread(file, households, values.seed!);
  const bytes = statSync(file).size;

  // A database of its own on the server.
  const admin = new Client({ connectionString: values['database-url'] });
  await admin.connect();
  const db = `bench_import_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const url = new URL(values['database-url']!);
  url.pathname = `/${db}`;
  const memory = new MemoryPeaks();
  const backends = new BackendCpu(admin, db);
  const threads = new ThreadCpu();
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
    const config = loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false', DATABASE_URL: url.toString(), DATA_DIR: work, IMPORT_WORKER_ENABLED: 'false', IMPORT_THREAD: thread, ...(values['thread-heap-mb'] ? { IMPORT_THREAD_HEAP_MB: values['thread-heap-mb'] } : {}), WEBHOOKS_ENABLED: 'false', ...(batchHouseholds ? { IMPORT_BATCH_HOUSEHOLDS: String(batchHouseholds) } : {}), ...env });
    const service = await startService(config, { listen: false });
    try {
      await service.app.get(RegionsService).importCsvAsSystem(readFileSync(join(root, DEMO_REGIONS_FILE)));
      const ds = service.app.get(DataSource);
      // What the job runner's handler runs: in an import thread unless IMPORT_THREAD is off.
      const imports = service.app.get(ImportWorker);
      let runs = 0;
      const run = async (label: string, step: Step) => {
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
        memory.reset();
        await backends.start();
        threads.start();
        const cpu = process.cpuUsage();
        const start = process.hrtime.bigint();
        const claim = await claimImport(ds, job.id);
        if (profile?.step === step) await profiled(profile, join(profile.dir, `import-${households}-${step}.${profile.kind}profile`), () => imports.execute(job, claim));
        else await imports.execute(job, claim);
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        const used = process.cpuUsage(cpu);
        const cpuMs = { service: Math.round((used.user + used.system) / 1000), database: await backends.stop(), serviceThreads: threads.stop() };
        const done = (await ds.getRepository(ImportJobEntity).findOneBy({ id: job.id }))!;
        if (done.status !== ImportJobStatus.SUCCEEDED) throw new Error(`${label}: ${done.errorCode} ${done.errorMessage}`);
        const { peakRssMb, ...heap } = memory.read();
        return { label, seconds, rowsPerSecond: Math.round(members / seconds), peakRssMb, heap, cpuMs, job: done };
      };
      const first = await run('first import', 'first');
      const again = await run('re-import (unchanged)', 'reimport');
      await ds.query('DELETE FROM import_digests');
      const compared = await run('re-import without digests (full comparison)', 'compared');
      const indexedCopy = await copyIntoIndexedCopies(url.toString(), work, members, backends);
      const result = {
        date: new Date().toISOString(),
        households,
        members,
        batchHouseholds: config.imports.batchHouseholds,
        fileMb: +(bytes / 1048576).toFixed(1),
        plainCopy: { seconds: +copySeconds.toFixed(2), rowsPerSecond: Math.round(members / copySeconds) },
        loadAverage: loadavg().map((x) => +x.toFixed(2)),
        memory: memoryContext(),
        // Where the imports ran; the heap and GC figures below are the main thread's (an import thread's own are not sampled), the RSS and CPU the whole process's.
        importThread: config.imports.thread ? { heapMb: config.imports.threadHeapMb } : null,
        import: { seconds: +first.seconds.toFixed(2), rowsPerSecond: first.rowsPerSecond, peakRssMb: first.peakRssMb, heap: first.heap, cpuMs: first.cpuMs, created: first.job.counts.households?.created, rejected: first.job.counts.households?.rejected, auditRows: Number((await ds.query(`SELECT count(*) n FROM audit_log`))[0].n), feedEntries: Number((await ds.query(`SELECT count(*) n FROM change_feed`))[0].n) },
        reimport: { seconds: +again.seconds.toFixed(2), rowsPerSecond: again.rowsPerSecond, peakRssMb: again.peakRssMb, heap: again.heap, cpuMs: again.cpuMs, unchanged: again.job.counts.households?.unchanged },
        reimportFullComparison: { seconds: +compared.seconds.toFixed(2), rowsPerSecond: compared.rowsPerSecond, peakRssMb: compared.peakRssMb, heap: compared.heap, cpuMs: compared.cpuMs, unchanged: compared.job.counts.households?.unchanged },
        indexedCopy,
        ratioToCopy: +(first.rowsPerSecond / Math.round(members / copySeconds)).toFixed(3),
        ratioToIndexedCopy: +(first.rowsPerSecond / indexedCopy.rowsPerSecond).toFixed(3),
        // The same against the copy that keeps the foreign keys the import keeps: the share of the
        // indexed copy's speed that referential integrity alone leaves, and the import's ratio to it.
        ratioOfKeyedToIndexedCopy: +(indexedCopy.withForeignKeys.rowsPerSecond / indexedCopy.rowsPerSecond).toFixed(3),
        ratioToKeyedCopy: +(first.rowsPerSecond / indexedCopy.withForeignKeys.rowsPerSecond).toFixed(3),
        // What the database's own work leaves for the ratio: the first import's database CPU against
        // the indexed COPY's (how much more work the database does for the import), and the ratio
        // the import would reach if the service took no time at all. Its batches are written one
        // transaction after another, so the database's CPU for them is a floor of its wall time:
        // the indexed COPY's seconds over the import's database CPU seconds.
        databaseWork: databaseWork(first.cpuMs, indexedCopy),
        reimportSpeedup: +(first.seconds / again.seconds).toFixed(2),
        reimportFullComparisonSpeedup: +(first.seconds / compared.seconds).toFixed(2),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      const dir = join(root, 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${result.date.slice(0, 10)}-import-${households}${tag ? `-${tag}` : ''}.json`), `${JSON.stringify(result, null, 2)}\n`);
    } finally {
      await service.close();
    }
  } finally {
    memory.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * What V8 sized its heap from: Node configures the heap limit (and with it how far the old
 * generation may grow past what survived a collection, and the young generation's size) from the
 * memory the process may use, the container's limit where there is one (cgroups), else the
 * machine's. Peak RSS means little without it.
 */
function memoryContext(): { totalMb: number; constrainedMb: number | null; heapLimitMb: number } {
  const constrained = process.constrainedMemory();
  const total = totalmem();
  return {
    totalMb: Math.round(total / 1048576),
    // 0, or a figure beyond the machine's memory (no limit set), means unconstrained.
    constrainedMb: constrained > 0 && constrained < total ? Math.round(constrained / 1048576) : null,
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1048576),
  };
}

function databaseWork(cpuMs: { database: number | null }, copy: { seconds: number; cpuMs: { database: number | null } }): { overIndexedCopy: number; ratioCeilingToIndexedCopy: number } | null {
  if (!cpuMs.database || !copy.cpuMs.database) return null;
  return {
    overIndexedCopy: +(cpuMs.database / copy.cpuMs.database).toFixed(2),
    ratioCeilingToIndexedCopy: +((copy.seconds * 1000) / cpuMs.database).toFixed(3),
  };
}

/** The tables a registry import writes (src/households/import/import-writer.ts), parents first. */
const IMPORT_TABLES = ['households', 'members', 'household_incomes', 'member_insurance', 'household_events', 'import_digests'];

/**
 * The peer: the import's rows, dumped as they are stored, then COPY'd (timed, one transaction)
 * into `bench_copy_<table>` tables made `LIKE <table> INCLUDING ALL` (columns, defaults,
 * constraints other than foreign keys, indexes; no triggers). Then the same again into copies
 * that also have the real tables' foreign keys (between the copies where the real key is between
 * imported tables, to the real table otherwise): what referential integrity alone costs a COPY,
 * the least any writer that keeps those keys can take.
 */
async function copyIntoIndexedCopies(url: string, work: string, members: number, backends: BackendCpu) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const rows: Record<string, number> = {};
    for (const t of IMPORT_TABLES) {
      await pipeline(c.query(copyTo(`COPY ${t} TO STDOUT`)), createWriteStream(join(work, `${t}.copy`)));
      rows[t] = Number((await c.query(`SELECT count(*) n FROM ${t}`)).rows[0].n);
    }
    const keys: { table: string; name: string; definition: string }[] = (
      await c.query(
        `SELECT conrelid::regclass::text AS "table", conname AS name, pg_get_constraintdef(oid) AS definition
           FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[]) ORDER BY conrelid::regclass::text, conname`,
        [IMPORT_TABLES],
      )
    ).rows;
    const copy = (t: string) => `bench_copy_${t}`;
    const toCopies = (definition: string) =>
      definition.replace(/REFERENCES (?:public\.)?([a-z_]+)\(/g, (whole, t: string) => (IMPORT_TABLES.includes(t) ? `REFERENCES ${copy(t)}(` : whole));
    const timed = async (withKeys: boolean) => {
      for (const t of IMPORT_TABLES) await c.query(`CREATE TABLE ${copy(t)} (LIKE ${t} INCLUDING ALL)`);
      if (withKeys) for (const k of keys) await c.query(`ALTER TABLE ${copy(k.table)} ADD CONSTRAINT "${k.name.replace(/"/g, '""')}" ${toCopies(k.definition)}`);
      await backends.start();
      const t0 = process.hrtime.bigint();
      await c.query('BEGIN');
      for (const t of IMPORT_TABLES) await pipeline(createReadStream(join(work, `${t}.copy`)), c.query(copyFrom(`COPY ${copy(t)} FROM STDIN`)));
      await c.query('COMMIT');
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const database = await backends.stop();
      await c.query(`DROP TABLE ${IMPORT_TABLES.map(copy).join(', ')}`);
      return { seconds: +seconds.toFixed(2), rowsPerSecond: Math.round(members / seconds), cpuMs: { database } };
    };
    const indexed = await timed(false);
    const withForeignKeys = { ...(await timed(true)), foreignKeys: keys.map((k) => `${k.table}.${k.name}`) };
    return { ...indexed, tableRows: rows, withForeignKeys };
  } finally {
    await c.end();
  }
}

/**
 * The process's memory while a step runs: the peaks of its RSS, V8's heap (reserved and used) and
 * the memory outside it (Buffers and other external allocations), sampled every 50 ms, and the
 * garbage collector's pauses (count and ms, scavenges and mark-compacts apart) from perf_hooks.
 */
class MemoryPeaks {
  private rss = 0;
  private heapTotal = 0;
  private heapUsed = 0;
  private external = 0;
  private gc = { minor: { count: 0, ms: 0 }, major: { count: 0, ms: 0 } };
  private readonly timer = setInterval(() => this.sample(), 50);
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
      const into = kind === perfConstants.NODE_PERFORMANCE_GC_MINOR ? this.gc.minor : kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR ? this.gc.major : undefined;
      if (!into) continue;
      into.count++;
      into.ms += e.duration;
    }
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heapTotal = Math.max(this.heapTotal, m.heapTotal);
    this.heapUsed = Math.max(this.heapUsed, m.heapUsed);
    this.external = Math.max(this.external, m.external);
  }

  reset(): void {
    this.rss = this.heapTotal = this.heapUsed = this.external = 0;
    this.gc = { minor: { count: 0, ms: 0 }, major: { count: 0, ms: 0 } };
  }

  read() {
    this.sample();
    const mb = (n: number) => Math.round(n / 1048576);
    const pauses = (g: { count: number; ms: number }) => ({ count: g.count, ms: Math.round(g.ms) });
    return { peakRssMb: mb(this.rss), peakTotalMb: mb(this.heapTotal), peakUsedMb: mb(this.heapUsed), peakExternalMb: mb(this.external), gcMinor: pauses(this.gc.minor), gcMajor: pauses(this.gc.major) };
  }

  stop(): void {
    clearInterval(this.timer);
    this.observer.disconnect();
  }
}

/** Marks the worker data of the thread that writes the registry file. */
const GENERATOR_ROLE = 'bench-import-generator';

interface GeneratorData {
  role: typeof GENERATOR_ROLE;
  file: string;
  households: number;
  seed: string;
}

/**
 * Writes the registry CSV in a worker thread and returns its member rows. The service never
 * generates files: generating 1 M members on the bench's main thread left ~100 MB of its garbage
 * in that thread's heap, measured in the first import's peak RSS (heap 203 MB during the first
 * import at 1 M members, 105 MB during the next). A thread's heap goes when the thread ends.
 */
function generateInThread(file: string, households: number, seed: string): Promise<number> {
  const data: GeneratorData = { role: GENERATOR_ROLE, file, households, seed };
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: data });
    let members: number | undefined;
    worker.once('message', (n: number) => (members = n));
    worker.once('error', reject);
    worker.once('exit', (code) => (members !== undefined && code === 0 ? resolve(members) : reject(new Error(`the generator thread ended with code ${code}`))));
  });
}

/** The generator thread's work: the file, then its member count to the bench. */
async function generate({ file, households, seed }: GeneratorData): Promise<void> {
  let members = 0;
  const out = createWriteStream(file);
  out.write(csvHeaderLine());
  for (const h of generateHouseholds({ households, seed })) {
    members += h.members.length;
    if (!out.write(toCsvRows(h))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  parentPort!.postMessage(members);
}

const generator = (workerData as GeneratorData | null)?.role === GENERATOR_ROLE ? (workerData as GeneratorData) : undefined;
(generator ? generate(generator) : main()).catch((e) => {
  const usage = e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(usage ? `${(e as Error).message}\n${USAGE}\n` : `${e instanceof Error ? e.stack : e}\n`);
  process.exit(usage ? 2 : 1);
});
