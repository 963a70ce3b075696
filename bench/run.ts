/**
 * npm run bench -- [--db embedded|server] [--database-url URL] [--scenario NAME ...]
 *                  [--households N] [--seed S] [--duration S] [--warmup S] [--connections C]
 *                  [--verbose] [--list]
 *
 * Starts the compiled service (dist/src/main.js) as a child process on a free port of
 * 127.0.0.1 with a database of its own (the tests' spawner, test/support/spawn-service.ts),
 * runs each scenario (scenarios/) against it with autocannon while sampling the child's memory
 * (runner/scenario-run.ts), stops it with SIGTERM, removes the database (runner/databases.ts),
 * and writes bench/results/<date>-<db>.json and .md (runner/report.ts). See README.md beside
 * this file.
 */
import { arch, cpus, platform, totalmem } from 'node:os';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../src/common/project-root';
import { freePort, sleep, spawnService, SpawnedService } from '../test/support/spawn-service';
import { UsageError } from './cli-args';
import { BenchDatabase, embeddedDatabase, serverDatabase, serverVersion } from './runner/databases';
import { parseOptions, USAGE } from './runner/options';
import { fmt, gitDescription, markdown, Report } from './runner/report';
import { interrupt, lastOutput, makeContext, memoryOf, run, runScenario } from './runner/scenario-run';
import { SCENARIOS } from './scenarios';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;

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

  const starting = new AbortController();
  const onSignal = () => {
    interrupt();
    starting.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let database: BenchDatabase | undefined;
  let service: SpawnedService | undefined;
  try {
    database = options.db === 'server' ? await serverDatabase(options.serverUrl) : await embeddedDatabase();
    report.database = database.label;
    if (database.url) report.postgresVersion = await serverVersion(database.url);
    const port = await freePort();
    const env: Record<string, string | undefined> = {
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
    if (!env.DATABASE_URL) env.DATABASE_URL = undefined;
    process.stderr.write(`bench: starting the service (${database.label}) on ${HOST}:${port}\n`);
    const spawnedAt = Date.now();
    service = await spawnService({
      env,
      port,
      onOutput: options.verbose ? (text) => process.stderr.write(text.replace(/^(?=.)/gm, '[service] ')) : undefined,
    });
    await service.waitReady(READY_TIMEOUT_MS, starting.signal);
    report.service.startToReadyMs = Date.now() - spawnedAt;
    await sleep(500);
    report.service.idleRssMiB = memoryOf(service.pid).rss;
    process.stderr.write(`bench: ready after ${fmt(report.service.startToReadyMs / 1000)} s, RSS ${fmt(report.service.idleRssMiB, 0)} MiB\n`);

    const ctx = makeContext(options, service.baseUrl, database.url, env);
    for (const scenario of options.scenarios) {
      if (run.interrupted) break;
      process.stderr.write(`bench: ${scenario.name} (${options.warmup} s warm-up + ${options.duration} s, ${options.connections} connections)\n`);
      const r = await runScenario(scenario, options, service, ctx);
      report.scenarios.push(r);
      process.stderr.write(
        r.status === 'ok'
          ? `  ${fmt(r.requests!.perSecond.average)} req/s, p99 ${fmt(r.latencyMs!.p99, 2)} ms\n`
          : `  ${r.status}: ${r.note}\n`,
      );
      if (service.hasExited()) break;
    }
    report.service.hwmMiB = memoryOf(service.pid).hwm;
  } catch (e) {
    report.error = (e as Error).message;
    process.stderr.write(`bench: ${report.error}\n`);
  } finally {
    if (service) {
      const stopping = Date.now();
      const wasRunning = !service.hasExited();
      const exit = await service.stop('SIGTERM', STOP_TIMEOUT_MS);
      // Killed: it did not exit on SIGTERM in time (the spawner then sends SIGKILL).
      const stop = { ms: Date.now() - stopping, ...exit, killed: wasRunning && exit.signal === 'SIGKILL' };
      report.service.stop = stop;
      if (stop.killed) process.stderr.write('bench: the service did not stop on SIGTERM and was killed\n');
      else if (stop.code !== 0) process.stderr.write(`bench: the service exited with code ${stop.code} after SIGTERM\n${lastOutput(service)}\n`);
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
  const failed = report.error !== undefined || report.scenarios.some((s) => s.status === 'failed') || run.interrupted;
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
