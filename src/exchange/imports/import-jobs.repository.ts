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

  insert(job: Partial<ImportJobEntity>): Promise<ImportJobEntity> {
    return this.repo().save(this.repo().create(job));
  }

  /** A job in the caller's scope (a job outside it is not found). */
  findInScope(id: string, principal: Principal): Promise<ImportJobEntity | null> {
    return applyRegionScope(this.repo().createQueryBuilder('j').where('j.id = :id', { id }), 'j.region_code', principal).getOne();
  }

  findById(id: string, m?: EntityManager): Promise<ImportJobEntity | null> {
    return this.repo(m).findOneBy({ id });
  }

  list(principal: Principal, status: ImportJobStatus | undefined, args: ConnectionArgs, withTotalCount = false): Promise<Connection<ImportJobEntity>> {
    const qb = applyRegionScope(this.repo().createQueryBuilder('j'), 'j.region_code', principal);
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
   * The checkpoint: counts added and rows committed, in the batch's own transaction. `attempt`
   * is the claim this worker holds: when another instance has taken the job over meanwhile, it
   * throws JobTakenOver and the batch rolls back with it (never counted, never written twice).
   */
  async advance(m: EntityManager, jobId: string, attempt: number, delta: CountsByUnit, rows: number, errors: number, warnings: number): Promise<void> {
    // Counts per unit added in SQL (jsonb arithmetic, one statement): each counter of the delta
    // to the stored one, units and counters the job does not have yet starting at zero.
    const result: unknown = await m.query(
      `UPDATE import_jobs SET counts = counts || COALESCE((
           SELECT jsonb_object_agg(u.key, COALESCE(counts -> u.key, '{}'::jsonb) || (
             SELECT jsonb_object_agg(c.key, COALESCE((counts #>> ARRAY[u.key, c.key])::int, 0) + (c.value #>> '{}')::int) FROM jsonb_each(u.value) c))
           FROM jsonb_each($3::jsonb) u WHERE u.value <> '{}'::jsonb), '{}'::jsonb),
         rows_committed = rows_committed + $4, rows_read = GREATEST(rows_read, rows_committed + $4),
         problem_count = problem_count + $5, warning_count = warning_count + $6, heartbeat_at = now(), updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'RUNNING' RETURNING id`,
      [jobId, attempt, JSON.stringify(delta), rows, errors, warnings],
    );
    if (!returned(result).length) throw new JobTakenOver(jobId);
  }

  /** Changes a running job only while this worker's claim (`attempt`) holds; false when it does not. */
  async updateOwned(id: string, attempt: number, patch: Partial<ImportJobEntity>, m?: EntityManager): Promise<boolean> {
    const result = await this.repo(m).update({ id, attempts: attempt, status: ImportJobStatus.RUNNING }, patch);
    return (result.affected ?? 0) > 0;
  }

  /**
   * A warning about the file as a whole (row 1), written once per job however often the job
   * starts over, and counted.
   */
  async addFileWarning(jobId: string, attempt: number, problem: ImportProblem): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const found: unknown[] = await m.query(`SELECT 1 FROM import_problems WHERE job_id = $1 AND code = $2 AND row_number = 1 LIMIT 1`, [jobId, problem.code]);
      if (found.length) return;
      await this.insertProblems(m, jobId, [problem]);
      if (!(await this.updateOwnedCounts(m, jobId, attempt))) throw new JobTakenOver(jobId);
    });
  }

  private async updateOwnedCounts(m: EntityManager, jobId: string, attempt: number): Promise<boolean> {
    const result: unknown = await m.query(
      `UPDATE import_jobs SET warning_count = warning_count + 1, updated_at = now() WHERE id = $1 AND attempts = $2 AND status = 'RUNNING' RETURNING id`,
      [jobId, attempt],
    );
    return returned(result).length > 0;
  }

  async update(id: string, patch: Partial<ImportJobEntity>, m?: EntityManager): Promise<void> {
    await this.repo(m).update({ id }, patch);
  }

  /** Takes the oldest queued job, if any (SKIP LOCKED: several service instances share the queue). */
  async claimNext(): Promise<ImportJobEntity | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `UPDATE import_jobs SET status = 'RUNNING', attempts = attempts + 1, started_at = COALESCE(started_at, now()), heartbeat_at = now(), updated_at = now()
       WHERE id = (SELECT id FROM import_jobs WHERE status = 'QUEUED' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
    );
    const row = returned(rows)[0] as { id: string } | undefined;
    return row ? this.findById(row.id) : null;
  }

  /** Running jobs whose worker stopped writing its heartbeat before `before`. */
  orphans(before: Date): Promise<ImportJobEntity[]> {
    return this.repo()
      .createQueryBuilder('j')
      .where(`j.status = 'RUNNING'`)
      .andWhere('(j.heartbeat_at IS NULL OR j.heartbeat_at < :before)', { before })
      .getMany();
  }

  /**
   * Takes back a job left by a dead process (QUEUED to resume, or FAILED when its file is gone),
   * only while it is still RUNNING without a heartbeat since `before`: when two instances recover
   * at once, the later one must not re-queue a job the other has meanwhile claimed and runs (two
   * workers on one job would count its batches twice). True when this call changed it.
   */
  async releaseOrphan(id: string, before: Date, patch: Partial<ImportJobEntity>): Promise<boolean> {
    const result = await this.repo()
      .createQueryBuilder()
      .update(ImportJobEntity)
      .set(patch)
      .where(`id = :id AND status = 'RUNNING' AND (heartbeat_at IS NULL OR heartbeat_at < :before)`, { id, before })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async heartbeat(id: string, attempt: number, rowsRead: number): Promise<void> {
    await this.dataSource.query(`UPDATE import_jobs SET heartbeat_at = now(), rows_read = GREATEST(rows_read, $3) WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`, [id, attempt, rowsRead]);
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
