/**
 * node dist/bench/import-cpu.js [--households N] [--passes P] [--seed S] [--instructions]
 *
 * The registry import's own work on a file, without a database: the CSV read by the import's
 * reader, each household's digest, its check (assembleHousehold), its members' blind indexes, its
 * plan as a new household (planHousehold: what a first import plans) and its audit row's changes
 * as the audit service prepares them (their JSON value, then its canonical JSON), batch by batch (a
 * batch's checked households and plans are kept until the next batch, as the import keeps them
 * until theirs is written). No database, no locks, no COPY: the part of a
 * first import that runs on the import thread while the batch before is written.
 *
 * Prints the CPU and wall milliseconds of each pass over the same file. On a shared machine these
 * move by tens of percent from one run to the next; `--instructions` runs this script twice under
 * valgrind's callgrind (one pass, then P + 1 passes, V8's collector on the script's thread) and
 * prints the instructions of P warmed passes: a count the machine's load does not change (~2
 * minutes at the default size).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, wholeNumber } from './cli-args';
import { canonicalJson, toJsonValue } from '../src/audit/audit-chain';
import { FieldCipher } from '../src/common/crypto/field-cipher';
import { ImportStrategy } from '../src/common/imports/import-types';
import { digestOf, groupRows } from '../src/common/imports/unit-rows';
import type { RawRow } from '../src/common/imports/import-types';
import { generateHouseholds } from '../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../src/demo/registry-format';
import { openImportFile } from '../src/exchange/imports/readers';
import { ImportFormat } from '../src/exchange/imports/import-job.entity';
import { assembleHousehold, HouseholdRows, householdNumberOf, ParsedHousehold } from '../src/households/import/household-assembler';
import { ExistingState, fileColumns, HouseholdPlan, memberHashes, planHousehold, PlanOptions } from '../src/households/import/household-planner';
import { ExchangeColumn, REGISTRY_TABLE } from '../src/households/import/registry-columns';

const USAGE = 'usage: node dist/bench/import-cpu.js [--households N] [--passes P] [--seed S] [--instructions]';

/** Households a batch keeps, as IMPORT_BATCH_HOUSEHOLDS's default. */
const BATCH = 1000;
const NOTHING: ExistingState = { members: [], insuranceOf: new Map(), holderOf: new Map(), claimedInBatch: new Map() };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      households: { type: 'string' },
      passes: { type: 'string' },
      seed: { type: 'string', default: '7' },
      instructions: { type: 'boolean', default: false },
      file: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const households = wholeNumber('households', values.households, values.instructions ? 3000 : 10000, 1);
  const passes = wholeNumber('passes', values.passes, values.instructions ? 1 : 5, 1, 100);
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-cpu-'));
  try {
    const file = values.file ?? join(dir, 'registry.csv');
    if (!values.file) writeFileSync(file, registryCsv(households, values.seed!));
    if (values.instructions) {
      const one = instructions(file, 1);
      const more = instructions(file, passes + 1);
      const perPass = (more - one) / passes;
      print({ households, passes, instructions: { onePass: one, passesPlusOne: more, perWarmedPass: Math.round(perPass), perHousehold: Math.round(perPass / households) } });
      return;
    }
    const runs: { cpuMs: number; wallMs: number; planned: number }[] = [];
    for (let i = 0; i < passes; i++) runs.push(await pass(file));
    const least = (k: 'cpuMs' | 'wallMs') => Math.min(...runs.map((r) => r[k]));
    print({ households, passes, planned: runs[0].planned, leastCpuMs: least('cpuMs'), leastWallMs: least('wallMs'), runs });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(result: object): void {
  process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2)}\n`);
}

function registryCsv(households: number, seed: string): string {
  const parts = [csvHeaderLine()];
  for (const h of generateHouseholds({ households, seed })) parts.push(toCsvRows(h));
  return parts.join('');
}

/** Instructions of this script doing `passes` passes over `file` under callgrind. */
function instructions(file: string, passes: number): number {
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded-gc', '--single-threaded', __filename, '--file', file, '--passes', String(passes)];
  const run = spawnSync('valgrind', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new UsageError(`--instructions needs valgrind on the PATH (${run.error.message})`);
  const collected = /Collected\s*:\s*(\d+)/.exec(run.stderr);
  if (run.status !== 0 || !collected) throw new Error(`callgrind run failed (status ${run.status}):\n${run.stderr.slice(-2000)}`);
  return Number(collected[1]);
}

/** One pass over the file: read, digest, check, plan and the audit rows' JSON, batch by batch. */
async function pass(path: string): Promise<{ cpuMs: number; wallMs: number; planned: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const file = await openImportFile(path, { format: ImportFormat.CSV, table: REGISTRY_TABLE });
  // The registry's columns, as its port reads them (the reader knows no module's column type).
  const columns = file.header.columns as readonly ExchangeColumn[];
  const today = '2026-12-07';
  const checkRegion = () => null;
  const cipher = new FieldCipher({ activeKeyId: 'k1', keys: { k1: Buffer.alloc(32, 1) } }, Buffer.alloc(32, 9));
  const options: PlanOptions = { strategy: ImportStrategy.CREATE_AND_UPDATE, jobId: 'bench', today, columns, checkRegion };
  const context = { cipher, options, file: fileColumns(columns) };
  const assembleContext = { columns, today, splitHouseholds: new Set<string>(), checkRegion };
  let batch: { household: ParsedHousehold; plan: HouseholdPlan; json: string | null }[] = [];
  let planned = 0;
  const unit = (rows: RawRow[], firstRow: number) => {
    const source: HouseholdRows = { key: '', rows, firstRow, size: rows.length, digest: digestOf(rows, columns) };
    const household = assembleHousehold(rows, firstRow, assembleContext);
    if (!household.valid) return;
    const plan = planHousehold({ household, source, hashes: memberHashes(cipher, household), existing: NOTHING }, context);
    batch.push({ household, plan, json: plan.audit ? canonicalJson(toJsonValue(plan.audit.changes)) : null });
    planned++;
    if (batch.length === BATCH) batch = [];
  };
  // The households as the runner groups them (its grouping, the registry port's key).
  let ordinal = 0;
  for await (const group of groupRows(file.rows, householdNumberOf)) {
    unit(group.rows, ordinal);
    ordinal += group.size;
  }
  const used = process.cpuUsage(cpu);
  return { cpuMs: Math.round((used.user + used.system) / 1000), wallMs: Math.round(performance.now() - start), planned };
}

main().catch((e) => {
  const usage = e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(usage ? `${(e as Error).message}\n${USAGE}\n` : `${e instanceof Error ? e.stack : e}\n`);
  process.exit(usage ? 2 : 1);
});
