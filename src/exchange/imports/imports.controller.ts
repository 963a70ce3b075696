import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync, WriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RequirePermission } from '../../common/access/access.decorators';
import { PRIVATE_FILE_MODE } from '../../common/files/private-files';
import { CurrentPrincipal } from '../../common/access/current-principal.decorator';
import type { Principal } from '../../common/access/principal';
import { AppConfig, APP_CONFIG } from '../../config/app-config';
import { Inject } from '@nestjs/common';
import { DEFAULT_IMPORT_KIND, ImportFormat, ImportStrategy } from './import-job.entity';
import { exampleRows, tableTemplateCsv, tableTemplateXlsx, templateCsv as registryTemplateCsv, templateXlsx as registryTemplateXlsx } from '../exports/export-template';
import { startDownload } from '../../common/http/download';
import { receiveUpload, UploadErrors, UploadSink } from '../../common/http/multipart-upload';
import { ErrorResponse } from '../../common/http/openapi';
import { ImportMode } from '../../common/imports/import-port';
import { toImportJobModel } from './import-job.model';
import { ImportsErrors } from './imports.errors';
import { ImportOptions, ImportsService, UploadedFile } from './imports.service';

const FORMATS = Object.values(ImportFormat) as string[];
const STRATEGIES = Object.values(ImportStrategy) as string[];
const MODES = Object.values(ImportMode) as string[];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE = { schema: { type: 'string', format: 'binary' } };
/** The data sheet of a port's XLSX template (the registry's keeps its own name). */
const TEMPLATE_SHEET = '导入数据';

/**
 * Upload of registry files (multipart, streamed to disk with a size limit and a SHA-256), the
 * job's state and its validation report as CSV. Options come as query parameters or as
 * multipart fields; an unknown or repeated option, or a file in another field than `file`, is a
 * 400 naming it.
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
        kind: { type: 'string', description: "What the file loads: a module's import port (default households, the registry)" },
        mode: { type: 'string', enum: MODES, description: 'SYNC (records land active; district level or wider) or PROPOSE (new households land as candidates with registration proposals). Default: SYNC at district level or wider, else PROPOSE' },
        atomic: { type: 'boolean', description: 'All or nothing' },
        regionCode: { type: 'string', description: "The subtree to import into (default: the caller's home region)" },
        format: { type: 'string', enum: FORMATS, description: 'Default: detected from the content and the file name' },
        encoding: { type: 'string', enum: ['AUTO', 'UTF-8', 'GB18030', 'GBK'] },
      },
    },
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiQuery({ name: 'strategy', required: false, enum: STRATEGIES })
  @ApiQuery({ name: 'mode', required: false, enum: MODES })
  @ApiQuery({ name: 'kind', required: false, type: String, description: "What the file loads: a module's import port (default households, the registry)" })
  @ApiQuery({ name: 'atomic', required: false, type: Boolean })
  @ApiQuery({ name: 'regionCode', required: false, type: String })
  @ApiQuery({ name: 'format', required: false, enum: FORMATS })
  @ApiQuery({ name: 'encoding', required: false, enum: ['AUTO', 'UTF-8', 'GB18030', 'GBK'] })
  @ApiResponse({ status: 202, description: 'The queued job' })
  @ApiResponse({ status: 400, description: 'Bad option, empty or too large file (coded error naming the field)' })
  @ApiResponse({ status: 403, description: 'SYNC asked by a caller below district level (MODE_NOT_ALLOWED, field mode)' })
  @ApiResponse({ status: 409, description: 'The same file is already queued or running for this region' })
  async upload(@CurrentPrincipal() principal: Principal, @Req() req: Request) {
    // Options first: a misspelt one (dry_run=true) must not run a real import.
    const { file, fields } = await this.receive(req, queryOptions(req.query));
    try {
      const job = await this.imports.enqueue(principal, file, parseOptions(fields));
      return toImportJobModel(job);
    } finally {
      rmSync(file.path, { force: true });
      this.imports.releasePart(file.path);
    }
  }

  // Declared before GET :id, so that template.csv is not taken for a job's id.
  @Get('template.csv')
  @RequirePermission('exchange.import')
  @ApiOperation({
    summary: 'The CSV import template of a kind',
    description:
      "UTF-8 with a byte-order mark: the header row of the kind's columns and its example rows (kind households: the registry's template, " +
      'the same file as GET /exchange/households/template.csv). Needs the permission the kind names besides exchange.import (e.g. linkages: projects.write).',
  })
  @ApiQuery({ name: 'kind', required: false, type: String, description: "The import port's kind (default households, the registry), e.g. linkages" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The template.', content: { 'text/csv': FILE } })
  @ApiBadRequestResponse({ description: 'Unknown kind (INVALID_OPTION, field kind) or another query parameter.', type: ErrorResponse })
  @ApiForbiddenResponse({ description: "Missing exchange.import, or the kind's own permission (KIND_NOT_ALLOWED).", type: ErrorResponse })
  templateCsv(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): void {
    const kind = templateKind(req.query);
    const port = this.imports.portFor(principal, kind);
    startDownload(res, 'text/csv; charset=utf-8', `${kind}-template.csv`, templateName(kind, 'csv'));
    res.end(kind === DEFAULT_IMPORT_KIND ? registryTemplateCsv() : tableTemplateCsv(port.table.columns, exampleRows(port.table.columns, port.example?.() ?? [])));
  }

  @Get('template.xlsx')
  @RequirePermission('exchange.import')
  @ApiOperation({
    summary: 'The XLSX import template of a kind',
    description:
      "Sheet 1: the header row (notes on required columns) and the kind's example rows, every column text-formatted; sheet 代码表: codes and labels of " +
      "the kind's code columns, when it has any (kind households: the registry's template, as GET /exchange/households/template.xlsx).",
  })
  @ApiQuery({ name: 'kind', required: false, type: String, description: "The import port's kind (default households, the registry), e.g. linkages" })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The template.', content: { [XLSX]: FILE } })
  @ApiBadRequestResponse({ description: 'Unknown kind (INVALID_OPTION, field kind) or another query parameter.', type: ErrorResponse })
  @ApiForbiddenResponse({ description: "Missing exchange.import, or the kind's own permission (KIND_NOT_ALLOWED).", type: ErrorResponse })
  async templateXlsx(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const kind = templateKind(req.query);
    const port = this.imports.portFor(principal, kind);
    const file =
      kind === DEFAULT_IMPORT_KIND ? await registryTemplateXlsx() : await tableTemplateXlsx(port.table.columns, exampleRows(port.table.columns, port.example?.() ?? []), TEMPLATE_SHEET);
    startDownload(res, XLSX, `${kind}-template.xlsx`, templateName(kind, 'xlsx'));
    res.end(file);
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

  /**
   * Streams the multipart field `file` to a part file (mode 600), hashing it and enforcing the
   * size limit; option fields may come before or after it. Anything else (another file field, a
   * second file, an unknown option) is refused, and the part file is deleted whenever the upload
   * does not complete (refused, too large, aborted by the client).
   */
  private async receive(req: Request, given: Record<string, string>): Promise<{ file: UploadedFile; fields: Record<string, string> }> {
    return receiveUpload(req, { fileField: 'file', maxFileBytes: this.config.imports.maxFileBytes, fields: OPTIONS, maxFieldBytes: 1024, given, errors: UPLOAD_ERRORS, sink: this.partFile() });
  }

  /** The upload's part file in the imports folder: its bytes, SHA-256, size and first 4 KiB. */
  private partFile(): UploadSink<UploadedFile> {
    let path: string | undefined;
    let out: WriteStream | undefined;
    return {
      take: (stream, fileName) => {
        const partPath = (path = this.imports.newPart());
        const hash = createHash('sha256');
        let size = 0;
        let head = Buffer.alloc(0);
        stream.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          size += chunk.length;
          if (head.length < 4096) head = Buffer.concat([head, chunk.subarray(0, 4096 - head.length)]);
        });
        out = createWriteStream(partPath, { mode: PRIVATE_FILE_MODE, flags: 'wx' });
        return pipeline(stream, out).then(() => ({ path: partPath, fileName: fileName || 'upload', sha256: hash.digest('hex'), size, head }));
      },
      discard: () => {
        if (!path) return;
        const partPath = path;
        rmSync(partPath, { force: true });
        if (out) {
          // A stream destroyed while still opening creates its file after all: remove it once closed.
          out.once('close', () => {
            rmSync(partPath, { force: true });
            this.imports.releasePart(partPath);
          });
          out.destroy();
        } else this.imports.releasePart(partPath);
      },
    };
  }
}

/** How an upload goes wrong, in the imports' codes. */
const UPLOAD_ERRORS: UploadErrors = {
  malformed: () => ImportsErrors.malformedUpload(),
  unknownField: (name) => ImportsErrors.unknownOption(name, OPTIONS),
  repeatedField: (name) => ImportsErrors.repeatedOption(name),
  fieldTooLong: (name) => ImportsErrors.badOption(name, OPTION_VALUES[name]),
  tooManyFields: () => ImportsErrors.tooManyFields(),
  fileInOtherField: (name) => ImportsErrors.unexpectedFile(name),
  tooManyFiles: () => ImportsErrors.tooManyFiles(),
  noFile: () => ImportsErrors.noFile(),
  tooLarge: (max) => ImportsErrors.tooLarge(max),
  aborted: () => ImportsErrors.uploadAborted(),
};

/** The options an upload takes (query parameters or multipart fields), and what each accepts. */
const OPTION_VALUES: Record<string, string> = {
  dryRun: 'true/false',
  atomic: 'true/false',
  strategy: STRATEGIES.join('/'),
  mode: MODES.join('/'),
  kind: 'the kind of a module\'s import port (households, …)',
  format: FORMATS.join('/'),
  encoding: 'AUTO/UTF-8/GB18030/GBK',
  regionCode: 'a 12-digit division code',
};
const OPTIONS = Object.keys(OPTION_VALUES);

/** The query's options: unknown names and repeated ones are refused before the upload is read. */
function queryOptions(query: Request['query']): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (!OPTIONS.includes(k)) throw ImportsErrors.unknownOption(k, OPTIONS);
    if (typeof v !== 'string') throw ImportsErrors.repeatedOption(k);
    fields[k] = v;
  }
  return fields;
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
  if (fields.mode) {
    const m = fields.mode.toUpperCase();
    if (!MODES.includes(m)) throw ImportsErrors.badOption('mode', MODES.join('/'));
    o.mode = m as ImportMode;
  }
  if (fields.kind) o.kind = fields.kind;
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


/** The template's `kind` (default the registry's); any other query parameter is refused. */
function templateKind(query: Request['query']): string {
  for (const [k, v] of Object.entries(query)) {
    if (k !== 'kind') throw ImportsErrors.unknownOption(k, ['kind']);
    if (typeof v !== 'string') throw ImportsErrors.repeatedOption(k);
  }
  return (query.kind as string | undefined) || DEFAULT_IMPORT_KIND;
}

function templateName(kind: string, ext: string): string {
  return kind === DEFAULT_IMPORT_KIND ? `贫困户导入模板.${ext}` : `导入模板-${kind}.${ext}`;
}
