import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createReadStream, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Principal } from '../../common/access/principal';
import { inRegionScope } from '../../common/access/region-scope';
import { Connection, ConnectionArgs } from '../../common/pagination/connection';
import { ensurePrivateDir, restrictTree } from '../../common/files/private-files';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DEFAULT_IMPORT_KIND, ImportFormat, ImportJobEntity, ImportJobStatus, ImportStrategy } from './import-job.entity';
import { ImportProblemEntity, ProblemSeverity } from './import-problem.entity';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportPorts } from '../../common/imports/import-ports';
import { zeroCountsByUnit } from '../../common/imports/import-types';
import { ImportMode, ImportPort } from '../../common/imports/import-port';
import { LEVEL_PREFIX_LENGTH, RegionLevel } from '../../common/region/region-code';
import { ImportsErrors } from './imports.errors';
import { detectFormat, FileEncoding } from './readers';
import { JobRunner } from '../../common/jobs/job-runner';
import { IMPORT_QUEUE, ImportJobPayload, importJobKey } from './import-queue';

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
  mode?: ImportMode;
  /** The import port's kind (default: the registry). */
  kind?: string;
}

/** An upload's temporary file while it is received (mode 600, in the imports folder). */
export const PART_FILE = /^upload-[0-9a-f-]{36}\.part$/;

@Injectable()
export class ImportsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportsService.name);
  private dir: string | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  /** Part files this process is receiving now: never swept, however slow the upload. */
  private readonly receiving = new Set<string>();

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly ports: ImportPorts,
    private readonly jobRunner: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backgroundWork) return;
    // Owner-only, including files an older version left readable; then stale parts go.
    restrictTree(this.folder());
    this.sweepParts();
    this.sweeper = setInterval(() => this.sweepParts(), this.config.imports.partSweepIntervalMs);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Where uploads and queued files live (mode 700). */
  folder(): string {
    if (!this.dir) {
      const dir = resolve(this.config.dataDir, 'imports');
      ensurePrivateDir(dir);
      this.dir = dir;
    }
    return this.dir;
  }

  /** A new part file's path, marked as being received until release(). */
  newPart(): string {
    const path = join(this.folder(), `upload-${randomUUID()}.part`);
    this.receiving.add(path);
    return path;
  }

  /** The upload of a part file ended (kept as a job's file, or deleted). */
  releasePart(path: string): void {
    this.receiving.delete(path);
  }

  /**
   * Deletes part files left by aborted uploads or a killed process: not being received here and
   * untouched for IMPORT_PART_MAX_AGE_MS (a slow upload in another instance keeps writing its part).
   * Returns how many went.
   */
  sweepParts(now = Date.now()): number {
    let removed = 0;
    try {
      const dir = this.folder();
      for (const name of readdirSync(dir)) {
        if (!PART_FILE.test(name)) continue;
        const path = join(dir, name);
        if (this.receiving.has(path)) continue;
        try {
          if (now - statSync(path).mtimeMs < this.config.imports.partMaxAgeMs) continue;
          rmSync(path, { force: true });
          removed++;
        } catch {
          // Gone meanwhile (another instance swept it).
        }
      }
    } catch (e) {
      this.logger.warn({ code: (e as NodeJS.ErrnoException).code }, 'could not sweep stale upload parts');
    }
    if (removed) this.logger.log({ removed }, 'removed stale upload parts');
    return removed;
  }

  /**
   * Queues an uploaded file: the import's row and its job on the runner (queue `imports.run`,
   * region-scoped by the import's region) in one transaction, so neither exists without the
   * other; the runner starts it once that commits. The file moves into the imports folder under
   * the import's id.
   */
  async enqueue(principal: Principal, file: UploadedFile, options: ImportOptions): Promise<ImportJobEntity> {
    try {
      if (file.size === 0) throw ImportsErrors.emptyFile();
      const regionCode = options.regionCode ?? principal.regionCode;
      if (!inRegionScope(principal, regionCode) || !(await this.jobs.regionExists(regionCode))) throw ImportsErrors.regionNotFound('regionCode');
      const kind = options.kind ?? DEFAULT_IMPORT_KIND;
      const port = this.portFor(principal, kind);
      // The authority's mode is for callers at district level or wider; below, a file proposes.
      // A port without PROPOSE (a roster with no approval procedure: linkages, relief) writes at
      // every level, within the uploader's scope.
      const syncAllowed = principal.scopePrefix.length <= LEVEL_PREFIX_LENGTH[RegionLevel.DISTRICT] || !port.modes.includes(ImportMode.PROPOSE);
      const mode = options.mode ?? (syncAllowed ? ImportMode.SYNC : ImportMode.PROPOSE);
      if (!port.modes.includes(mode)) throw ImportsErrors.badOption('mode', port.modes.join('/'));
      if (mode === ImportMode.SYNC && !syncAllowed) throw ImportsErrors.modeNotAllowed(mode);
      const proposer = mode === ImportMode.PROPOSE && port.proposePermission && principal.permissions.has(port.proposePermission) ? principal.personId : null;
      const format = options.format ?? detectFormat(file.fileName, file.head);
      if (!format) throw ImportsErrors.unsupportedFormat();
      const id = randomUUID();
      const path = join(this.folder(), `${id}.${format.toLowerCase()}`);
      renameSync(file.path, path);
      try {
        const job = await this.jobs.transaction(async (m) => {
          const row = await this.jobs.insert(
            {
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
          kind,
          mode,
          proposedBy: proposer,
          counts: zeroCountsByUnit(port.units),
          regionCode,
          createdBy: principal.kind === 'user' ? principal.id : null,
          createdByName: principal.name.slice(0, 100),
          createdByRoles: [...principal.roles],
          createdBySector: principal.sector ?? null,
            },
            m,
          );
          await this.jobRunner.enqueue(IMPORT_QUEUE, { importId: id } satisfies ImportJobPayload, { regionCode, singletonKey: importJobKey(id) }, m);
          // Read back: `attempts` is its job's.
          return (await this.jobs.findById(row.id, m))!;
        });
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
    const job = await this.jobs.findInScope(id, principal, this.kindsOf(principal));
    if (!job) throw ImportsErrors.jobNotFound();
    return job;
  }

  list(principal: Principal, status: ImportJobStatus | undefined, args: ConnectionArgs, withTotalCount = false): Promise<Connection<ImportJobEntity>> {
    return this.jobs.list(principal, this.kindsOf(principal), status, args, withTotalCount);
  }

  /**
   * The import port of a kind the caller may import (an upload, a template): an unknown kind is
   * INVALID_OPTION naming `kind`; a port naming its module's write permission (e.g. a sector's
   * roster) needs it besides exchange.import (KIND_NOT_ALLOWED).
   */
  portFor(principal: Principal, kind: string): ImportPort {
    if (!this.ports.has(kind)) throw ImportsErrors.badOption('kind', this.ports.kinds().join('/'));
    const port = this.ports.get(kind);
    if (!mayImport(principal, port)) throw ImportsErrors.kindNotAllowed(kind);
    return port;
  }

  /** The kinds a caller may import (mayImport). */
  kindsOf(principal: Principal): string[] {
    return this.ports.kinds().filter((kind) => mayImport(principal, this.ports.get(kind)));
  }

  problems(jobId: string, args: ConnectionArgs, withTotalCount = false): Promise<Connection<ImportProblemEntity>> {
    return this.jobs.problems(jobId, args, withTotalCount);
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
        .map((p) => [p.rowNumber ?? '', p.householdNumber ?? '', p.column ?? '', p.field ?? '', SEVERITY_LABEL[p.severity], p.code, p.message].map(csvCell).join(',') + '\n')
        .join('');
      after = page[page.length - 1].id;
    }
  }

  /** For tests and tools: the stored file of a job. */
  openFile(job: ImportJobEntity) {
    return createReadStream(job.filePath);
  }
}

const SEVERITY_LABEL: Record<ProblemSeverity, string> = { ERROR: '错误', WARNING: '警告', INFO: '信息' };

function csvCell(v: unknown): string {
  const s = String(v);
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Whether the caller holds the port's own permission, when it names one (besides exchange.import, which the routes check). */
function mayImport(principal: Principal, port: ImportPort): boolean {
  return !port.permission || principal.permissions.has(port.permission);
}
