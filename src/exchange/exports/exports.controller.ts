import { startDownload } from '../../common/http/download';
import { Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiProduces,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../../common/access/access.decorators';
import { CurrentPrincipal } from '../../common/access/current-principal.decorator';
import type { Principal } from '../../common/access/principal';
import { ErrorResponse } from '../../common/http/openapi';
import { ExportHouseholdsQuery, ExportOfKindQuery } from './export-query.dto';
import { templateCsv, templateXlsx } from './export-template';
import { ExportsService, PreparedExport } from './exports.service';
import { KindExportsService } from './kind-exports.service';
import { loggableError } from '../../common/errors/normalize';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE = { schema: { type: 'string', format: 'binary' } };

/**
 * Bulk export of the registry and the import template, over REST: files are streamed, which
 * GraphQL does not do. Errors before the first byte are the usual coded JSON errors.
 */
@ApiTags('exchange')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@ApiUnauthorizedResponse({ description: 'No or bad credentials.', type: ErrorResponse })
@Controller('exchange/households')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(private readonly exports: ExportsService) {}

  @RequirePermission('exchange.export')
  @Get('export')
  @ApiOperation({
    summary: 'Export households and members (CSV, XLSX or NDJSON), streamed',
    description:
      "The caller's region subtree, narrowed by the filters; validity ACTIVE by default. CSV and XLSX: one row per current member " +
      "with the household's columns repeated, Chinese headers in the exchange format's order. NDJSON: one household per line, " +
      'members nested. ID, phone and bank account numbers are masked unless reveal=true with personalData.unmask and a reason. ' +
      'Every export is written to the audit trail before the first byte.',
  })
  @ApiProduces('text/csv', XLSX, 'application/x-ndjson')
  @ApiOkResponse({
    description: 'The file, as an attachment (Content-Disposition with an RFC 5987 file name).',
    content: { 'text/csv': FILE, [XLSX]: FILE, 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'A bad parameter (`extensions.field` names it), or reveal without a reason.', type: ErrorResponse })
  @ApiForbiddenResponse({ description: 'Missing exchange.export or households.export, or reveal=true without personalData.unmask.', type: ErrorResponse })
  @ApiNotFoundResponse({ description: "regionCode unknown or outside the caller's scope.", type: ErrorResponse })
  async export(@Query() query: ExportHouseholdsQuery, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    await sendExport(res, await this.exports.prepare(principal, query), this.logger);
  }

  @RequirePermission('exchange.import')
  @Get('template.xlsx')
  @ApiOperation({
    summary: 'The XLSX import template',
    description: 'Sheet 1: the header row and one fictional example row (text-formatted columns). Sheet 2 代码表: codes and labels of every code column.',
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The template.', content: { [XLSX]: FILE } })
  @ApiForbiddenResponse({ description: 'Missing exchange.import.', type: ErrorResponse })
  async templateXlsx(@Res() res: Response): Promise<void> {
    startDownload(res, XLSX, 'households-template.xlsx', '贫困户导入模板.xlsx');
    res.end(await templateXlsx());
  }

  @RequirePermission('exchange.import')
  @Get('template.csv')
  @ApiOperation({ summary: 'The CSV import template', description: 'UTF-8 with a byte-order mark: the header row and one fictional example row.' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The template.', content: { 'text/csv': FILE } })
  @ApiForbiddenResponse({ description: 'Missing exchange.import.', type: ErrorResponse })
  templateCsv(@Res() res: Response): void {
    startDownload(res, 'text/csv; charset=utf-8', 'households-template.csv', '贫困户导入模板.csv');
    res.end(templateCsv());
  }
}

/** Streams a prepared export: headers first, then the file; a failure after the first byte cuts the connection. */
async function sendExport(res: Response, prepared: PreparedExport, logger: Logger): Promise<void> {
  startDownload(res, prepared.contentType, prepared.filename, prepared.displayName);
  try {
    await prepared.stream(res);
  } catch (e) {
    // Headers are sent: the only honest signal left is a cut connection (no final chunk).
    if ((e as Error).name !== 'ExportAborted') logger.error({ err: loggableError(e) }, 'export failed while streaming');
    res.destroy();
  }
}

/**
 * Export of a module's records in its import columns (an import port with an export: linkages,
 * projects, …), streamed; the file re-imports as it is.
 */
@ApiTags('exchange')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@ApiUnauthorizedResponse({ description: 'No or bad credentials.', type: ErrorResponse })
@Controller('exchange/exports')
export class KindExportsController {
  private readonly logger = new Logger(KindExportsController.name);

  constructor(private readonly exports: KindExportsService) {}

  @RequirePermission('exchange.export')
  @Get(':kind')
  @ApiOperation({
    summary: "Export a module's records (CSV, XLSX or NDJSON) in the columns of its import, streamed",
    description:
      "The caller's records of the kind (its region subtree, narrowed by regionCode; a sector department's as its module reads them), " +
      'one row a record with the Chinese headers of the kind\'s import template (GET /exchange/imports/template.csv?kind=…), so the file ' +
      "re-imports unchanged. Needs exchange.export and the kind's read permission (e.g. projects.read). Protected values are masked. Written to the audit trail " +
      'before the first byte. The registry has its own export: GET /exchange/households/export. A kind may declare parameters of its own ' +
      '(fund-execution-report: year, asOf, by), each bad one a 400 naming it.',
  })
  @ApiQuery({ type: ExportOfKindQuery })
  @ApiParam({ name: 'kind', description: 'The kind, as in imports: e.g. linkages, projects.' })
  @ApiProduces('text/csv', XLSX, 'application/x-ndjson')
  @ApiOkResponse({
    description: 'The file, as an attachment (Content-Disposition with an RFC 5987 file name).',
    content: { 'text/csv': FILE, [XLSX]: FILE, 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'No export of that kind (EXPORT_KIND_UNKNOWN, field kind) or a bad parameter (`extensions.field` names it).', type: ErrorResponse })
  @ApiForbiddenResponse({ description: "Missing exchange.export, or the kind's read permission (EXPORT_KIND_NOT_ALLOWED).", type: ErrorResponse })
  @ApiNotFoundResponse({ description: "regionCode unknown or outside the caller's scope.", type: ErrorResponse })
  async export(@Param('kind') kind: string, @Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    await sendExport(res, await this.exports.prepare(principal, kind, query), this.logger);
  }
}
