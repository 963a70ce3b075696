import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../../common/access/principal';
import { applyRegionScope, regionScopeSql } from '../../common/access/region-scope';
import { Connection, ConnectionArgs } from '../../common/pagination/connection';
import { paginate } from '../../common/pagination/keyset';
import { RegionLevel, subtreePrefix } from '../../common/region/region-code';
import { CountsByUnit, ImportProblem } from '../../common/imports/import-types';
import { ImportJobEntity, ImportJobStatus } from './import-job.entity';
import { ImportProblemEntity } from './import-problem.entity';

/** Another worker holds the job now (it took over after this one's heartbeat went stale). */
export class JobTakenOver extends Error {
  constructor(jobId: string) {
    super(`import job ${jobId} was taken over by another worker`);
  }
}

/**
 * The job runner's claim on an import's job (src/common/jobs): its row in `jobs`, the runner that
 * holds it and the attempt. Every write of a running import is guarded by it.
 */
export interface ImportClaim {
  jobId: string;
  owner: string;
  attempt: number;
}

/**
 * SQL true while `claim` still holds (the runner's job row is active under this owner and
 * attempt). FOR KEY SHARE keeps it so until the caller's transaction ends: another instance's
 * claim (FOR UPDATE SKIP LOCKED) skips the row meanwhile, while the heartbeat, which changes no
 * key, is not blocked.
 */
const HOLDS = (job: string, owner: string, attempt: string) =>
  `EXISTS (SELECT 1 FROM jobs WHERE jobs.id = ${job} AND jobs.lease_owner = ${owner} AND jobs.attempts = ${attempt} AND jobs.state = 'active' FOR KEY SHARE)`;

/** The rows an UPDATE … RETURNING gave, in either shape the driver returns them. */
function returned(result: unknown): unknown[] {
  if (!Array.isArray(result)) return [];
  return Array.isArray(result[0]) ? (result[0] as unknown[]) : result;
}

/** Owns the SQL of import jobs and their problem reports. */
@Injectable()
export class ImportJobsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(m?: EntityManager) {
    return (m ?? this.dataSource.manager).getRepository(ImportJobEntity);
  }

  insert(job: Partial<ImportJobEntity>, m?: EntityManager): Promise<ImportJobEntity> {
    return this.repo(m).save(this.repo(m).create(job));
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A job in the caller's scope (a job outside it is not found). */
  /** `kinds`: the kinds the caller may import (a job of another kind, e.g. the registry's for a sector department, is not theirs to see). */
  findInScope(id: string, principal: Principal, kinds: readonly string[]): Promise<ImportJobEntity | null> {
    return applyRegionScope(this.repo().createQueryBuilder('j').where('j.id = :id', { id }), 'j.region_code', principal)
      .andWhere('j.kind IN (:...kinds)', { kinds: kinds.length ? kinds : [''] })
      .getOne();
  }

  findById(id: string, m?: EntityManager): Promise<ImportJobEntity | null> {
    return this.repo(m).findOneBy({ id });
  }

  list(principal: Principal, kinds: readonly string[], status: ImportJobStatus | undefined, args: ConnectionArgs, withTotalCount = false): Promise<Connection<ImportJobEntity>> {
    const qb = applyRegionScope(this.repo().createQueryBuilder('j'), 'j.region_code', principal).andWhere('j.kind IN (:...kinds)', { kinds: kinds.length ? kinds : [''] });
    if (status) qb.andWhere('j.status = :status', { status });
    return paginate(qb, args, { tag: 'created', column: 'j.created_at', type: 'timestamp', idColumn: 'j.id', key: (j) => [j.createdAt.toISOString(), j.id], direction: 'DESC' }, { withTotalCount });
  }

  problems(jobId: string, args: ConnectionArgs, withTotalCount = false): Promise<Connection<ImportProblemEntity>> {
    const qb = this.dataSource.manager.getRepository(ImportProblemEntity).createQueryBuilder('p').where('p.job_id = :jobId', { jobId });
    return paginate(qb, args, { tag: 'id', column: 'p.id', type: 'bigint', idColumn: 'p.id', idType: 'bigint', key: (p) => [p.id, p.id] }, { withTotalCount });
  }

  /** Problems in id order, a page at a time (for the CSV report). */
  problemsAfter(jobId: string, afterId: string, limit: number): Promise<ImportProblemEntity[]> {
    return this.dataSource.manager
      .getRepository(ImportProblemEntity)
      .createQueryBuilder('p')
      .where('p.job_id = :jobId AND p.id > :afterId', { jobId, afterId })
      .orderBy('p.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  async insertProblems(m: EntityManager, jobId: string, problems: readonly ImportProblem[]): Promise<void> {
    for (let i = 0; i < problems.length; i += 5000) {
      const part = problems.slice(i, i + 5000).map((p) => ({
        job_id: jobId,
        severity: p.severity,
        row_number: p.rowNumber,
        household_number: p.householdNumber?.slice(0, 64) ?? null,
        column: p.column,
        field: p.field,
        code: p.code.slice(0, 64),
        message: p.message,
      }));
      await m.query(
        `INSERT INTO import_problems (job_id, severity, row_number, household_number, "column", field, code, message)
         SELECT x.job_id, x.severity::import_problem_severity, x.row_number, x.household_number, x."column", x.field, x.code, x.message
         FROM jsonb_to_recordset($1::jsonb) AS x(job_id uuid, severity text, row_number int, household_number varchar, "column" varchar, field varchar, code varchar, message text)`,
        [JSON.stringify(part)],
      );
    }
  }

  /**
   * The checkpoint: counts added and rows committed, in the batch's own transaction, while the
   * runner's `claim` holds: when another instance has taken the job over meanwhile, it throws
   * JobTakenOver and the batch rolls back with it (never counted, never written twice).
   */
  async advance(m: EntityManager, jobId: string, claim: ImportClaim, delta: CountsByUnit, rows: number, errors: number, warnings: number): Promise<void> {
    // Counts per unit added in SQL (jsonb arithmetic, one statement): each counter of the delta
    // to the stored one, units and counters the job does not have yet starting at zero.
    const result: unknown = await m.query(
      `UPDATE import_jobs SET counts = counts || COALESCE((
           SELECT jsonb_object_agg(u.key, COALESCE(counts -> u.key, '{}'::jsonb) || (
             SELECT jsonb_object_agg(c.key, COALESCE((counts #>> ARRAY[u.key, c.key])::int, 0) + (c.value #>> '{}')::int) FROM jsonb_each(u.value) c))
           FROM jsonb_each($3::jsonb) u WHERE u.value <> '{}'::jsonb), '{}'::jsonb),
         rows_committed = rows_committed + $4, rows_read = GREATEST(rows_read, rows_committed + $4),
         problem_count = problem_count + $5, warning_count = warning_count + $6, updated_at = now()
       WHERE id = $1 AND status = 'RUNNING' AND ${HOLDS('$2::uuid', '$7', '$8')} RETURNING id`,
      [jobId, claim.jobId, JSON.stringify(delta), rows, errors, warnings, claim.owner, claim.attempt],
    );
    if (!returned(result).length) throw new JobTakenOver(jobId);
  }

  /** Changes a running import only while the runner's `claim` holds; false when it does not. */
  async updateOwned(id: string, claim: ImportClaim, patch: Partial<ImportJobEntity>, m?: EntityManager): Promise<boolean> {
    const result = await this.repo(m)
      .createQueryBuilder()
      .update(ImportJobEntity)
      .set(patch)
      .where(`id = :id AND status = :running AND ${HOLDS(':claimJob', ':claimOwner', ':claimAttempt')}`, {
        id,
        running: ImportJobStatus.RUNNING,
        claimJob: claim.jobId,
        claimOwner: claim.owner,
        claimAttempt: claim.attempt,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Starts (QUEUED → RUNNING) or resumes an import under the runner's `claim`: the row as it is
   * then, with `leftRunning` when it was already RUNNING (a process that stopped without handing
   * it back was running it); null when the import is not open (ended, or gone).
   */
  async start(id: string, claim: ImportClaim): Promise<{ job: ImportJobEntity; leftRunning: boolean } | null> {
    const started = returned(
      await this.dataSource.query(
        `UPDATE import_jobs SET status = 'RUNNING', started_at = COALESCE(started_at, now()), updated_at = now()
          WHERE id = $1 AND status = 'QUEUED' AND ${HOLDS('$2::uuid', '$3', '$4')} RETURNING id`,
        [id, claim.jobId, claim.owner, claim.attempt],
      ),
    );
    const job = await this.findById(id);
    return job?.status === ImportJobStatus.RUNNING ? { job, leftRunning: started.length === 0 } : null;
  }

  /** An open import (queued or running) ended without its runner: failed with `errorCode`, published by `publish` in the same transaction. */
  async failOpen(m: EntityManager, id: string, errorCode: string, errorMessage: string): Promise<ImportJobEntity | null> {
    const rows = returned(
      await m.query(
        `UPDATE import_jobs SET status = 'FAILED', error_code = $2, error_message = $3, finished_at = now(), updated_at = now()
          WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') RETURNING id`,
        [id, errorCode, errorMessage],
      ),
    );
    return rows.length ? this.findById(id, m) : null;
  }

  /**
   * A warning about the file as a whole (row 1), written once per job however often the job
   * starts over, and counted.
   */
  async addFileWarning(jobId: string, claim: ImportClaim, problem: ImportProblem): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const found: unknown[] = await m.query(`SELECT 1 FROM import_problems WHERE job_id = $1 AND code = $2 AND row_number = 1 LIMIT 1`, [jobId, problem.code]);
      if (found.length) return;
      await this.insertProblems(m, jobId, [problem]);
      if (!(await this.updateOwnedCounts(m, jobId, claim))) throw new JobTakenOver(jobId);
    });
  }

  private async updateOwnedCounts(m: EntityManager, jobId: string, claim: ImportClaim): Promise<boolean> {
    const result: unknown = await m.query(
      `UPDATE import_jobs SET warning_count = warning_count + 1, updated_at = now() WHERE id = $1 AND status = 'RUNNING' AND ${HOLDS('$2::uuid', '$3', '$4')} RETURNING id`,
      [jobId, claim.jobId, claim.owner, claim.attempt],
    );
    return returned(result).length > 0;
  }

  async update(id: string, patch: Partial<ImportJobEntity>, m?: EntityManager): Promise<void> {
    await this.repo(m).update({ id }, patch);
  }

  /** Progress while an import runs: data rows read so far (never backwards). */
  async progress(id: string, rowsRead: number): Promise<void> {
    await this.dataSource.query(`UPDATE import_jobs SET rows_read = GREATEST(rows_read, $2) WHERE id = $1 AND status = 'RUNNING'`, [id, rowsRead]);
  }

  async regionExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM regions WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  /** The queued or running job of a file in a region, if any. */
  async openJobFor(sha256: string, regionCode: string): Promise<string | undefined> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM import_jobs WHERE file_sha256 = $1 AND region_code = $2 AND status IN ('QUEUED', 'RUNNING')`,
      [sha256, regionCode],
    );
    return rows[0]?.id;
  }

  /** The code prefix of a region's subtree. */
  async scopePrefixOf(code: string): Promise<string> {
    const rows: { level: RegionLevel }[] = await this.dataSource.query(`SELECT level FROM regions WHERE code = $1`, [code]);
    return rows[0] ? subtreePrefix(code, rows[0].level) : code;
  }

  /** Villages (code → level) under a prefix: the regions an import may write into. */
  async regionsUnder(prefix: string): Promise<Map<string, string>> {
    const params: unknown[] = [];
    const rows: { code: string; level: string }[] = await this.dataSource.query(
      `SELECT code, level FROM regions WHERE ${regionScopeSql('code', { scopePrefix: prefix }, params)}`,
      params,
    );
    return new Map(rows.map((r) => [r.code, r.level]));
  }
}
