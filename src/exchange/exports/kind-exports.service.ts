import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/access/principal';
import type { ExportOnlyKind, KindExport, KindExportFilter } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { parseExportParameters } from '../../common/imports/export-parameters';
import { createValidationPipe } from '../../common/errors/validation';
import { auditFact } from '../../audit/audit-descriptor';
import { AuditService } from '../../audit/audit.service';
import { RegionsService } from '../../regions/regions.service';
import { ExportOfKindQuery } from './export-query.dto';
import { ExportAborted, createWriter, ExportWriter, tableLayout, tableUnits, TableUnit } from './export-writers';
import { KIND_EXPORT_AUDIT } from './exports.audited';
import { ExportsErrors } from './exports.errors';
import { EXPORT_CONTENT_TYPES, exportTarget, PreparedExport } from './exports.service';

/** Records read per page. */
export const KIND_EXPORT_PAGE_SIZE = 500;

/** The data sheet of a kind's XLSX export (the import reads the first sheet, whatever its name). */
const KIND_SHEET = '导出数据';

/**
 * Export of a module's records in its import port's columns (GET /exchange/exports/{kind}):
 * streamed in pages with constant memory, through the same writers as the registry's export.
 * Owns the rules every kind shares: the kind's read permission, region scope (a region outside it
 * answers as a missing one), and the audit row written before the first byte. What a record is,
 * and the sector scope of a kind with sectors, is the port's (KindExport.page).
 */
@Injectable()
export class KindExportsService {
  private readonly logger = new Logger(KindExportsService.name);

  /** The global pipe's validation of the query every export takes. */
  private readonly queryPipe = createValidationPipe();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ports: ImportPorts,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  /** The kinds with an export, for the error naming `kind`. */
  kinds(): string[] {
    return this.ports.exportKinds();
  }

  /**
   * The query as the route received it: the kind's declared parameters (KindExport.parameters) are
   * parsed by the kit, each bad one a coded error naming it; the rest is the query every export
   * takes, validated as the global pipe validates a DTO (an unknown parameter refused, naming it).
   */
  async prepare(principal: Principal, kind: string, raw: Readonly<Record<string, unknown>>, now = new Date()): Promise<PreparedExport> {
    const port = this.ports.exportOf(kind);
    const source = port?.export;
    const declared = source?.parameters ?? [];
    const common = Object.fromEntries(Object.entries(raw).filter(([k]) => !declared.some((p) => p.name === k)));
    const query = (await this.queryPipe.transform(common, { type: 'query', metatype: ExportOfKindQuery, data: undefined })) as ExportOfKindQuery;
    if (!port || !source) throw ExportsErrors.unknownKind(this.kinds());
    if (!principal.permissions.has(source.permission)) throw ExportsErrors.kindNotAllowed(source.permission);
    if (source.record && !query.of) throw ExportsErrors.recordRequired(source.record.description);
    if (!source.record && query.of) throw ExportsErrors.recordNotTaken();
    const { regionPrefix, format, encoding } = await exportTarget(this.regions, principal, query);
    const params = parseExportParameters(declared, raw);
    const filter = { regionPrefix, of: query.of, params };
    await source.check?.(principal, filter);
    const region = query.regionCode ?? principal.regionCode;
    const filters = { regionCode: query.regionCode ?? null, ...(query.of ? { of: query.of } : {}), ...params };
    await this.dataSource.transaction((m) => this.audit.append(m, [auditFact(KIND_EXPORT_AUDIT, 'exchange.exportKind', { kind, regionCode: region }, { kind, filters, format, encoding })]));
    const day = now.toISOString().slice(0, 10).replace(/-/g, '');
    return {
      format,
      contentType: EXPORT_CONTENT_TYPES[format](encoding),
      filename: `${source.fileName}-${region}-${day}.${format}`,
      displayName: `${source.displayName}-${region}-${day}.${format}`,
      stream: (out) => this.write(principal, port, source, filter, createWriter(out, { format, values: 'labels', encoding }, tableLayout(port.table, KIND_SHEET))),
    };
  }

  private async write(principal: Principal, port: ExportOnlyKind, source: KindExport, filter: KindExportFilter, writer: ExportWriter<TableUnit>): Promise<{ records: number; rows: number }> {
    let records = 0;
    let rows = 0;
    const started = Date.now();
    try {
      await writer.begin();
      let after: string | null = null;
      do {
        const page = await source.page(principal, filter, after, KIND_EXPORT_PAGE_SIZE);
        rows += await writer.write(tableUnits(port.table, page.rows));
        records += page.rows.length;
        after = page.next;
      } while (after !== null);
      await writer.end();
      this.logger.log({ kind: port.kind, records, rows, ms: Date.now() - started }, 'export written');
    } catch (e) {
      if (e instanceof ExportAborted) this.logger.warn({ kind: port.kind, records }, 'export aborted by the client');
      throw e;
    }
    return { records, rows };
  }
}
