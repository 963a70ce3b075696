import { Inject, Injectable } from '@nestjs/common';
import { createReadStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Principal } from '../../common/access/principal';
import { inRegionScope } from '../../common/access/region-scope';
import { Connection, ConnectionArgs } from '../../common/pagination/connection';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ImportFormat, ImportJobEntity, ImportJobStatus, ImportStrategy } from './import-job.entity';
import { ImportProblemEntity } from './import-problem.entity';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportsErrors } from './imports.errors';
import { detectFormat, FileEncoding } from './readers';

export interface UploadedFile {
  /** A temporary file in the imports folder. */
  path: string;
  fileName: string;
  sha256: string;
  size: number;
  /** The first bytes, for format detection. */
  head: Buffer;
}

export interface ImportOptions {
  format?: ImportFormat;
  encoding?: FileEncoding | 'AUTO';
  dryRun?: boolean;
  strategy?: ImportStrategy;
  atomic?: boolean;
  regionCode?: string;
}

/** Wakes the worker when a job is queued (set by the worker). */
export const IMPORT_QUEUE_KICK = Symbol('IMPORT_QUEUE_KICK');

@Injectable()
export class ImportsService {
  private kick: () => void = () => undefined;

  constructor(
    private readonly jobs: ImportJobsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onQueued(kick: () => void): void {
    this.kick = kick;
  }

  /** Where uploads and queued files live. */
  folder(): string {
    const dir = resolve(this.config.dataDir, 'imports');
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Queues an uploaded file as a job; the file moves into the imports folder under the job's id. */
  async enqueue(principal: Principal, file: UploadedFile, options: ImportOptions): Promise<ImportJobEntity> {
    try {
      if (file.size === 0) throw ImportsErrors.emptyFile();
      const regionCode = options.regionCode ?? principal.regionCode;
      if (!inRegionScope(principal, regionCode) || !(await this.jobs.regionExists(regionCode))) throw ImportsErrors.regionNotFound('regionCode');
      const format = options.format ?? detectFormat(file.fileName, file.head);
      if (!format) throw ImportsErrors.unsupportedFormat();
      const id = randomUUID();
      const path = join(this.folder(), `${id}.${format.toLowerCase()}`);
      renameSync(file.path, path);
      try {
        const job = await this.jobs.insert({
          id,
          status: ImportJobStatus.QUEUED,
          format,
          encoding: format === ImportFormat.XLSX || !options.encoding || options.encoding === 'AUTO' ? null : options.encoding,
          fileName: file.fileName.slice(0, 255),
          filePath: path,
          fileSha256: file.sha256,
          fileSize: String(file.size),
          dryRun: options.dryRun ?? false,
          strategy: options.strategy ?? ImportStrategy.CREATE_AND_UPDATE,
          atomic: options.atomic ?? false,
          regionCode,
          createdBy: principal.kind === 'user' ? principal.id : null,
          createdByName: principal.name.slice(0, 100),
        });
        this.kick();
        return job;
      } catch (e) {
        rmSync(path, { force: true });
        if ((e as { code?: string }).code === '23505') throw ImportsErrors.alreadyRunning(await this.jobs.openJobFor(file.sha256, regionCode));
        throw e;
      }
    } finally {
      rmSync(file.path, { force: true });
    }
  }

  async get(principal: Principal, id: string): Promise<ImportJobEntity> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw ImportsErrors.jobNotFound();
    const job = await this.jobs.findInScope(id, principal.scopePrefix);
    if (!job) throw ImportsErrors.jobNotFound();
    return job;
  }

  list(principal: Principal, status: ImportJobStatus | undefined, args: ConnectionArgs): Promise<Connection<ImportJobEntity>> {
    return this.jobs.list(principal.scopePrefix, status, args);
  }

  problems(jobId: string, args: ConnectionArgs): Promise<Connection<ImportProblemEntity>> {
    return this.jobs.problems(jobId, args);
  }

  /** The validation report as CSV lines (UTF-8 with BOM, for Excel), read a page at a time. */
  async *reportCsv(principal: Principal, id: string): AsyncGenerator<string> {
    const job = await this.get(principal, id);
    yield '\uFEFF行号,户编号,列,字段,级别,代码,说明\n';
    let after = '0';
    for (;;) {
      const page = await this.jobs.problemsAfter(job.id, after, 1000);
      if (!page.length) break;
      yield page
        .map((p) => [p.rowNumber ?? '', p.householdNumber ?? '', p.column ?? '', p.field ?? '', p.severity === 'ERROR' ? '错误' : '警告', p.code, p.message].map(csvCell).join(',') + '\n')
        .join('');
      after = page[page.length - 1].id;
    }
  }

  /** For tests and tools: the stored file of a job. */
  openFile(job: ImportJobEntity) {
    return createReadStream(job.filePath);
  }
}

function csvCell(v: unknown): string {
  const s = String(v);
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
