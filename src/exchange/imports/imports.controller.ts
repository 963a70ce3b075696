import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RequirePermission } from '../../common/access/access.decorators';
import { CurrentPrincipal } from '../../common/access/current-principal.decorator';
import type { Principal } from '../../common/access/principal';
import { AppConfig, APP_CONFIG } from '../../config/app-config';
import { Inject } from '@nestjs/common';
import { ImportFormat, ImportStrategy } from './import-job.entity';
import { toImportJobModel } from './import-job.model';
import { ImportsErrors } from './imports.errors';
import { ImportOptions, ImportsService, UploadedFile } from './imports.service';

const FORMATS = Object.values(ImportFormat) as string[];
const STRATEGIES = Object.values(ImportStrategy) as string[];

/**
 * Upload of registry files (multipart, streamed to disk with a size limit and a SHA-256), the
 * job's state and its validation report as CSV. Options come as query parameters or as
 * multipart fields before the file.
 */
@ApiTags('exchange')
@Controller('exchange/imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @RequirePermission('exchange.import')
  @ApiOperation({ summary: 'Upload a registry file (CSV UTF-8/GBK, XLSX or NDJSON) and queue its import', description: 'Returns the queued job (202). Follow it with GET /exchange/imports/{id} or GraphQL importJob.' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        dryRun: { type: 'boolean', description: 'Validate and count, change nothing' },
        strategy: { type: 'string', enum: STRATEGIES },
        atomic: { type: 'boolean', description: 'All or nothing' },
        regionCode: { type: 'string', description: "The subtree to import into (default: the caller's home region)" },
        format: { type: 'string', enum: FORMATS, description: 'Default: detected from the content and the file name' },
        encoding: { type: 'string', enum: ['AUTO', 'UTF-8', 'GB18030', 'GBK'] },
      },
    },
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiQuery({ name: 'strategy', required: false, enum: STRATEGIES })
  @ApiQuery({ name: 'atomic', required: false, type: Boolean })
  @ApiQuery({ name: 'regionCode', required: false, type: String })
  @ApiQuery({ name: 'format', required: false, enum: FORMATS })
  @ApiQuery({ name: 'encoding', required: false, enum: ['AUTO', 'UTF-8', 'GB18030', 'GBK'] })
  @ApiResponse({ status: 202, description: 'The queued job' })
  @ApiResponse({ status: 400, description: 'Bad option, empty or too large file (coded error naming the field)' })
  @ApiResponse({ status: 409, description: 'The same file is already queued or running for this region' })
  async upload(@CurrentPrincipal() principal: Principal, @Req() req: Request) {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') fields[k] = v;
    const file = await this.receive(req, fields);
    const job = await this.imports.enqueue(principal, file, parseOptions(fields));
    return toImportJobModel(job);
  }

  @Get(':id')
  @RequirePermission('exchange.import')
  @ApiOperation({ summary: 'An import job: status, progress (rows read of total) and counts' })
  @ApiParam({ name: 'id' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return toImportJobModel(await this.imports.get(principal, id));
  }

  @Get(':id/report.csv')
  @RequirePermission('exchange.import')
  @ApiOperation({ summary: 'The validation report: row, household number, column, field, severity, code, message (CSV, UTF-8 with BOM)' })
  @ApiParam({ name: 'id' })
  @ApiProduces('text/csv')
  async report(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const job = await this.imports.get(principal, id);
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="import-${job.id}-report.csv"`);
    await pipeline(Readable.from(this.imports.reportCsv(principal, id)), res);
  }

  /** Streams the multipart file part to disk, hashing it and enforcing the size limit. */
  private receive(req: Request, fields: Record<string, string>): Promise<UploadedFile> {
    const max = this.config.imports.maxFileBytes;
    return new Promise<UploadedFile>((resolve, reject) => {
      let bb: busboy.Busboy;
      try {
        bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: max, fields: 20, fieldSize: 1024 }, defParamCharset: 'utf8' });
      } catch (e) {
        reject(ImportsErrors.malformedUpload((e as Error).message));
        return;
      }
      let pending: Promise<UploadedFile> | undefined;
      bb.on('field', (name, value) => {
        fields[name] = value;
      });
      bb.on('file', (_name, stream, info) => {
        const path = join(this.imports.folder(), `upload-${randomUUID()}.part`);
        const hash = createHash('sha256');
        let size = 0;
        let head = Buffer.alloc(0);
        let truncated = false;
        stream.on('limit', () => {
          truncated = true;
        });
        stream.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          size += chunk.length;
          if (head.length < 4096) head = Buffer.concat([head, chunk.subarray(0, 4096 - head.length)]);
        });
        pending = pipeline(stream, createWriteStream(path)).then(
          () => {
            if (truncated) {
              rmSync(path, { force: true });
              throw ImportsErrors.tooLarge(max);
            }
            return { path, fileName: info.filename || 'upload', sha256: hash.digest('hex'), size, head };
          },
          (e) => {
            rmSync(path, { force: true });
            throw e;
          },
        );
      });
      bb.on('error', (e) => reject(ImportsErrors.malformedUpload((e as Error).message)));
      bb.on('close', () => {
        if (!pending) reject(ImportsErrors.noFile());
        else pending.then(resolve, reject);
      });
      req.pipe(bb);
    });
  }
}

function bool(fields: Record<string, string>, name: string): boolean | undefined {
  const v = fields[name];
  if (v === undefined || v === '') return undefined;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw ImportsErrors.badOption(name, 'true/false');
}

function parseOptions(fields: Record<string, string>): ImportOptions {
  const o: ImportOptions = { dryRun: bool(fields, 'dryRun'), atomic: bool(fields, 'atomic') };
  if (fields.strategy) {
    if (!STRATEGIES.includes(fields.strategy)) throw ImportsErrors.badOption('strategy', STRATEGIES.join('/'));
    o.strategy = fields.strategy as ImportStrategy;
  }
  if (fields.format) {
    const f = fields.format.toUpperCase();
    if (!FORMATS.includes(f)) throw ImportsErrors.badOption('format', FORMATS.join('/'));
    o.format = f as ImportFormat;
  }
  if (fields.encoding) {
    const e = fields.encoding.toUpperCase().replace(/^UTF8$/, 'UTF-8');
    if (e === 'GBK' || e === 'GB2312' || e === 'GB18030') o.encoding = 'GB18030';
    else if (e === 'UTF-8' || e === 'AUTO') o.encoding = e;
    else throw ImportsErrors.badOption('encoding', 'AUTO/UTF-8/GB18030/GBK');
  }
  if (fields.regionCode) {
    if (!/^\d{12}$/.test(fields.regionCode)) throw ImportsErrors.badOption('regionCode', 'a 12-digit division code');
    o.regionCode = fields.regionCode;
  }
  return o;
}
