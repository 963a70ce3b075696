import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AssembledUnit, ImportPort, ImportSession } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { ProblemSeverity, zeroCountsByUnit } from '../../common/imports/import-types';
import { CellsReleased, digestOf, groupRows, releaseCells, RowGroup, UnitRows } from '../../common/imports/unit-rows';
import { ImportJobEntity, ImportJobStatus } from './import-job.entity';
import { todayInChina } from '../../common/dates/local-date';
import { ImportClaim, ImportJobsRepository, JobTakenOver } from './import-jobs.repository';
import { IMPORT_WRITE_LOCK } from '../../database/change-feed';
import { ImportFileError, inspectImportFile, openImportFile, OpenOptions } from './readers';
import { loggableError } from '../../common/errors/normalize';
import { DomainEvents } from '../../common/events/domain-events';
import { ImportCompleted } from './import-events';

/** How often rows read are written while an import runs (progress only: nothing depends on it). */
const PROGRESS_INTERVAL_MS = 2000;

/**
 * Units read between two digest hints (ImportSession.settledHint) while a file comes again, at
 * most (a quarter of a batch when batches are smaller): the cells of the units their digests
 * settle are released after at most this many, instead of living until their batch
 * (IMPORT_BATCH_HOUSEHOLDS units) is written.
 */
const HINT_UNITS = 100;

/**
 * While a batch is written, the reading loop gives the event loop a turn at least this often.
 * Units already buffered are read and checked on promise continuations alone, which hold back
 * the socket events of the batch's statements: each statement's answer would wait until the
 * reader next needs the file (measured on a 30,000-household import: the batch's lock, digest and
 * locked-read round trips took 3.8 s in all instead of 0.9 s).
 */
const WRITE_TURN_MS = 1;

/** Thrown inside the all-or-nothing transaction to roll it back. */
class AtomicRejected extends Error {}

/**
 * What import jobs load: the registry's port (src/households/import). A job names no kind yet;
 * the second module with a port adds a `kind` to the job and the upload.
 */

/**
 * Runs one import job to its end with the import port of its kind (src/common/imports): a first
 * pass over the file (structure, encoding, row count, split units: nothing is written when the
 * file itself is broken), then units (households) grouped by the port's key, in batches that the
 * port's session checks and writes, each batch one transaction with its audit rows, its problems and the job's checkpoint,
 * so a restarted service resumes after the last committed batch. All-or-nothing jobs check the
 * whole file first and then write it in one transaction.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: ImportJobsRepository,
    private readonly ports: ImportPorts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Runs `job` (RUNNING) under the job runner's `claim`; every write checks that the claim still
   * holds. Returns when the import has ended (SUCCEEDED or FAILED, recorded with ImportCompleted)
   * or, when `shouldStop` turns true, after the batch in flight has committed (still RUNNING: the
   * next run resumes after it). The claim's lease is renewed by the runner's heartbeat, not here.
   */
  async run(job: ImportJobEntity, claim: ImportClaim, shouldStop: () => boolean = () => false): Promise<void> {
    const progress = { rowsRead: job.rowsCommitted };
    // On a server, rows read are shown while a long batch (or an all-or-nothing transaction) is
    // written, on a connection of their own. (The embedded database has one session: the reading
    // loop reports them between batches there.)
    const reporting = this.config.databaseUrl
      ? setInterval(() => void this.jobs.progress(job.id, progress.rowsRead).catch(() => undefined), PROGRESS_INTERVAL_MS)
      : undefined;
    reporting?.unref();
    try {
      const port = this.ports.get(job.kind);
      if (!existsSync(job.filePath)) throw new ImportFileError('FILE_MISSING', '导入文件已不存在，请重新上传 (the uploaded file is gone; upload it again)');
      const inspection = await inspectImportFile(job.filePath, this.openOptions(job, port));
      await this.jobs.updateOwned(job.id, claim, { rowsTotal: inspection.totalRows, encoding: inspection.encoding });
      if (inspection.totalRows === 0) throw new ImportFileError('NO_DATA_ROWS', '文件没有数据行 (the file has a header but no data rows)');
      const fileWarnings = async () => {
        if (!inspection.header.unknown.length) return;
        await this.jobs.addFileWarning(job.id, claim, {
          severity: ProblemSeverity.WARNING,
          rowNumber: 1,
          householdNumber: null,
          column: inspection.header.unknown.slice(0, 5).join('、').slice(0, 64),
          field: null,
          code: 'UNKNOWN_COLUMNS',
          message: `以下列不是导入字段，已忽略 (columns not imported, ignored): ${inspection.header.unknown.join('、')}`,
        });
      };
      await fileWarnings();
      const scopePrefix = await this.jobs.scopePrefixOf(job.regionCode);
      const regionLevels = await this.jobs.regionsUnder(scopePrefix);
      const session = port.open({
        jobId: job.id,
        columns: inspection.header.columns,
        splitKeys: inspection.splitHouseholds,
        maxRows: this.config.imports.maxHouseholdRows,
        scopePrefix,
        scope: { scopePrefix, roles: job.createdByRoles ?? [], sector: job.createdBySector ?? null },
        regionLevels,
        strategy: job.strategy,
        mode: job.mode,
        listChanges: job.dryRun,
        actor: { userId: job.createdBy, name: job.createdByName, proposerId: job.proposedBy },
        // The records date from the upload's day, also when a job resumed after a restart runs past midnight.
        effectiveOn: todayInChina(job.createdAt),
      });
      const run = { port, session, columns: inspection.header.columns, splitKeys: inspection.splitHouseholds };

      if (job.atomic && !job.dryRun) {
        // Check everything first (nothing written), then write everything in one transaction.
        const checked = await this.pass(job, claim, run, true, 0, shouldStop, undefined, progress);
        if (checked.errors > 0) {
          throw new ImportFileError('ATOMIC_REJECTED', `文件有 ${checked.errors} 处错误，按“全部或全不”要求未导入任何数据 (all or nothing: ${checked.errors} problems, nothing imported)`);
        }
        if (!(await this.jobs.updateOwned(job.id, claim, { counts: zeroCountsByUnit(port.units), rowsCommitted: 0, problemCount: 0, warningCount: 0 }))) throw new JobTakenOver(job.id);
        await this.dataSource.query(`DELETE FROM import_problems WHERE job_id = $1`, [job.id]);
        await fileWarnings();
        try {
          await this.dataSource.transaction(async (m) => {
            const r = await this.pass(job, claim, run, false, 0, shouldStop, m, progress);
            if (r.errors > 0) throw new AtomicRejected();
          });
        } catch (e) {
          if (e instanceof AtomicRejected) throw new ImportFileError('ATOMIC_REJECTED', '写入时发现冲突，按“全部或全不”要求未导入任何数据 (all or nothing: conflicts while writing, nothing imported)');
          throw e;
        }
      } else {
        await this.pass(job, claim, run, job.dryRun, job.rowsCommitted, shouldStop, undefined, progress);
      }
      if (shouldStop()) return; // left RUNNING: the next start resumes it
      await this.finish(job, claim, ImportJobStatus.SUCCEEDED);
    } catch (e) {
      if (e instanceof JobTakenOver) {
        this.logger.warn({ jobId: job.id }, 'import job taken over by another worker; this one stops');
      } else if (e instanceof ImportFileError) {
        await this.finish(job, claim, ImportJobStatus.FAILED, e.code, e.rowNumber ? `${e.message} (row ${e.rowNumber})` : e.message);
      } else {
        this.logger.error({ err: loggableError(e), jobId: job.id }, 'import job failed');
        await this.finish(job, claim, ImportJobStatus.FAILED, 'INTERNAL', '导入因内部错误中止，已提交的批次保留，可重新导入同一文件 (stopped by an internal error; committed batches stay, importing the same file again is safe)');
      }
    } finally {
      clearInterval(reporting);
    }
  }

  /**
   * One pass over the file from data row `skip`: units in batches. Without `manager` each
   * batch commits on its own (the checkpoint moves with it); with it, everything runs in that
   * transaction.
   */
  private async pass(
    job: ImportJobEntity,
    claim: ImportClaim,
    run: { port: ImportPort; session: ImportSession; columns: OpenOptions['table']['columns']; splitKeys: ReadonlySet<string> },
    dryRun: boolean,
    skip: number,
    shouldStop: () => boolean,
    manager: EntityManager | undefined,
    progress: { rowsRead: number },
  ): Promise<{ errors: number }> {
    const batchHouseholds = this.config.imports.batchHouseholds;
    // Data rows read: those before `skip` were committed before a restart.
    let ordinal = skip;
    let errors = 0;
    let batch: UnitRows<AssembledUnit>[] = [];
    let batchRows = 0;
    let lastBeat = Date.now();
    // Check households while reading (overlapping the previous batch's writes) unless most of
    // the last batch was settled by digests, as when the same file comes again: then only the
    // households the digests do not settle are checked, by the writer.
    let checkUpFront = true;
    const write = (part: UnitRows<AssembledUnit>[], rows: number) => async (m: EntityManager) => {
      // One import batch writes at a time, across imports and instances (see IMPORT_WRITE_LOCK).
      // No JIT for the batch's statements: they are key lookups and bulk writes, and PostgreSQL
      // compiles what it prices above jit_above_cost from statistics an import has outgrown (a
      // lookup of a batch's members priced at ~445,000 for 3,000 rows, ~15 ms a call compiling).
      if (dryRun) await m.query(`SELECT set_config('jit', 'off', true)`);
      else await m.query(`SELECT pg_advisory_xact_lock($1), set_config('jit', 'off', true)`, [IMPORT_WRITE_LOCK]);
      const result = await run.session.write(m, part, { dryRun });
      checkUpFront = result.settledByDigest * 2 < part.length;
      let errs = 0;
      let warnings = 0;
      for (const p of result.problems) {
        if (p.severity === ProblemSeverity.ERROR) errs++;
        else if (p.severity === ProblemSeverity.WARNING) warnings++;
      }
      errors += errs;
      await this.jobs.insertProblems(m, job.id, result.problems);
      await this.jobs.advance(m, job.id, claim, result.counts, rows, errs, warnings);
    };
    // One batch is written while the next is read and checked: the database and this process
    // work at the same time. Batches still commit one after another, in file order.
    let writing: Promise<void> | undefined;
    const settle = async () => {
      const w = writing;
      writing = undefined;
      if (w) await w;
    };
    const beat = async () => {
      progress.rowsRead = ordinal;
      // Embedded only (see run), and not while a batch is in flight: one session.
      if (this.config.databaseUrl || manager || writing || Date.now() - lastBeat < PROGRESS_INTERVAL_MS) return;
      lastBeat = Date.now();
      await this.jobs.progress(job.id, ordinal);
    };
    // While most units are settled by their digests (the same file again), ask the port which of
    // the units read would be, every hintEvery units, and release their cells: on a server only,
    // where the question takes a connection of its own beside the batch being written (the embedded
    // database's one session would make the reader wait for that batch).
    const hinting = !manager && !!this.config.databaseUrl && !!run.session.settledHint;
    const hintEvery = Math.max(1, Math.min(HINT_UNITS, Math.floor(batchHouseholds / 4)));
    let unhinted: UnitRows<AssembledUnit>[] = [];
    // One hint in flight while reading goes on; the batch waits for it before it is written.
    let hinted: Promise<void> = Promise.resolve();
    const hint = async () => {
      const units = unhinted;
      unhinted = [];
      await hinted;
      hinted = run.session.settledHint!(this.dataSource.manager, units).then((settled) => {
        for (const u of settled) releaseCells(u);
      });
      // Awaited by the next hint or flush; until then a failure must not count as unhandled.
      hinted.catch(() => undefined);
    };
    // A unit hinted as settled that its batch's write must check after all (changed since): the
    // write throws CellsReleased before it writes anything, and the batch is written again from the
    // file's rows.
    const writeBatch = async (part: UnitRows<AssembledUnit>[], rows: number) => {
      try {
        await this.dataSource.transaction(write(part, rows));
      } catch (e) {
        if (!(e instanceof CellsReleased)) throw e;
        this.logger.log({ jobId: job.id, firstRow: part[0].firstRow }, 'import batch read again: a unit its digest settled when read has changed since');
        await this.dataSource.transaction(write(await this.reread(job, run.port, part), rows));
      }
    };
    const flush = async () => {
      await hinted;
      await settle();
      await beat();
      unhinted = [];
      if (!batch.length) return;
      const part = batch;
      batch = [];
      const rows = batchRows;
      batchRows = 0;
      writing = manager ? write(part, rows)(manager) : writeBatch(part, rows);
      // Awaited by the next settle(); until then a failure must not count as unhandled.
      writing.catch(() => undefined);
    };
    let turn = performance.now();
    try {
      for await (const { rows: group, size, first } of this.groups(job, run.port, skip)) {
        ordinal = first + size;
        if (writing && performance.now() - turn >= WRITE_TURN_MS) {
          await nextTurn();
          turn = performance.now();
        }
        const key = run.port.groupKey(group[0]);
        const trusted = key !== '' && size === group.length && !run.splitKeys.has(key) && group.every((r) => r.problems.length === 0);
        const h: UnitRows<AssembledUnit> = { key, rows: group, firstRow: first, size, digest: trusted ? digestOf(group, run.columns) : null };
        if (checkUpFront) h.parsed = run.session.assemble(h);
        else if (hinting && h.digest) unhinted.push(h);
        batch.push(h);
        batchRows += size;
        if (unhinted.length >= hintEvery) await hint();
        if (batch.length >= batchHouseholds) {
          await flush();
          if (shouldStop()) {
            await settle();
            return { errors };
          }
        }
        await beat();
      }
      await flush();
      await settle();
    } finally {
      // Never leave a batch running behind the caller's back (an error while reading).
      await writing?.catch(() => undefined);
    }
    return { errors };
  }

  /** The file's groups of rows (units) by the port's key, each with its first data row's ordinal, from ordinal `from` on. */
  private async *groups(job: ImportJobEntity, port: ImportPort, from: number): AsyncGenerator<RowGroup & { first: number }> {
    const opened = await openImportFile(job.filePath, this.openOptions(job, port));
    let ordinal = 0;
    for await (const group of groupRows(opened.rows, (r) => port.groupKey(r), this.config.imports.maxHouseholdRows)) {
      const first = ordinal;
      ordinal += group.size;
      if (first >= from) yield { ...group, first }; // before `from`: committed before a restart, or not asked for
    }
  }

  /** The units of `part` (adjacent, in file order) read again from the file, with their cells (and what was checked of them). */
  private async reread(job: ImportJobEntity, port: ImportPort, part: readonly UnitRows<AssembledUnit>[]): Promise<UnitRows<AssembledUnit>[]> {
    const last = part[part.length - 1].firstRow;
    const fresh: UnitRows<AssembledUnit>[] = [];
    for await (const { rows, size, first: at } of this.groups(job, port, part[0].firstRow)) {
      const unit = part[fresh.length];
      if (unit.firstRow !== at || unit.size !== size) throw new Error(`import: the file read again has another unit at row ${at} (job ${job.id})`);
      fresh.push({ key: unit.key, rows, firstRow: at, size, digest: unit.digest, parsed: unit.parsed });
      if (at >= last) break;
    }
    if (fresh.length !== part.length) throw new Error(`import: the file read again ended before row ${last} (job ${job.id})`);
    return fresh;
  }

  /** The reader's options: the port's columns, the job's format and encoding, the configured bounds. */
  private openOptions(job: ImportJobEntity, port: ImportPort): OpenOptions {
    const { maxRowBytes, xlsx } = this.config.imports;
    return { table: port.table, format: job.format, encoding: (job.encoding as 'UTF-8' | 'GB18030' | null) ?? 'AUTO', maxRowBytes, xlsx };
  }

  /** Records the job's end (while the claim holds) and publishes ImportCompleted with it. */
  private async finish(job: ImportJobEntity, claim: ImportClaim, status: ImportJobStatus.SUCCEEDED | ImportJobStatus.FAILED, errorCode?: string, errorMessage?: string): Promise<void> {
    const patch = { status, errorCode: errorCode ?? null, errorMessage: errorMessage ?? null, finishedAt: new Date() };
    const recorded = await this.dataSource.transaction(async (m) => {
      if (!(await this.jobs.updateOwned(job.id, claim, patch, m))) return false;
      this.events.publish(m, new ImportCompleted(job.id, status, job.regionCode, job.filePath, errorCode ?? null));
      return true;
    });
    if (!recorded) this.logger.warn({ jobId: job.id, status }, 'import job taken over by another worker; its end is not recorded by this one');
  }
}
