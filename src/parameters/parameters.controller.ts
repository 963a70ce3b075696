import { Controller, Get, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../common/access/access.decorators';
import { ErrorResponse } from '../common/http/openapi';
import { valueText } from './parameter-values';
import { ParametersService } from './parameters.service';

/** The columns of the auditors' export, in order. */
export const PARAMETER_EXPORT_COLUMNS = [
  'id', 'key', 'scope_code', 'value_type', 'value', 'unit', 'effective_from', 'effective_to', 'source', 'status',
  'note', 'stated', 'reason', 'created_at', 'superseded_at', 'superseded_reason',
] as const;

function csvCell(v: unknown): string {
  const s = v == null ? '' : v instanceof Date ? v.toISOString() : String(v);
  // Quote every cell; a cell starting like a formula gets a leading apostrophe (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

@ApiTags('parameters')
@ApiUnauthorizedResponse({ description: 'No or bad credentials.', type: ErrorResponse })
@Controller('parameters')
export class ParametersController {
  constructor(private readonly parameters: ParametersService) {}

  @RequirePermission('parameters.read')
  @Get('export.csv')
  @ApiOperation({
    summary: 'Every policy parameter version, for auditors (CSV)',
    description: 'UTF-8 with a byte-order mark; one row per version, replaced and retired ones too, by key, scope and period.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The file, as an attachment.', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiForbiddenResponse({ description: 'Missing parameters.read.', type: ErrorResponse })
  async exportCsv(@Res() res: Response): Promise<void> {
    const rows = await this.parameters.exportRows();
    const lines = [PARAMETER_EXPORT_COLUMNS.join(',')];
    for (const r of rows) {
      lines.push(
        [r.id, r.key, r.scopeCode, r.valueType, valueText(r.value), r.unit, r.effectiveFrom, r.effectiveTo, r.source, r.status,
          r.note, r.stated, r.reason, r.createdAt, r.supersededAt, r.supersededReason].map(csvCell).join(','),
      );
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="policy-parameters.csv"');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(`\uFEFF${lines.join('\r\n')}\r\n`);
  }
}
