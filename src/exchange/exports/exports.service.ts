import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/access/principal';
import { acceptedRevealReason } from '../../common/access/reason';
import { inRegionScope } from '../../common/access/region-scope';
import { SECRETS, Secrets } from '../../config/secrets';
import { AuditChangeRecord, auditFact } from '../../audit/audit-descriptor';
import { AuditService } from '../../audit/audit.service';
import { IncomeComponents, incomeTotals, INCOME_COMPONENTS, perCapitaNetIncome } from '../../households/household-income';
import { HouseholdValidity } from '../../households/household.entity';
import { HouseholdIncomesService } from '../../households/household-incomes.service';
import { HOUSEHOLD, HOUSEHOLDS_PROTECTED_FIELDS, MEMBER } from '../../households/protected-fields';
import { exportProtected } from '../../common/protection/protected-field';
import { subtreePrefix } from '../../common/region/region-code';
import { RegionsService } from '../../regions/regions.service';
import { ExportEncoding, ExportFormat, ExportHouseholdsQuery, ExportKindQuery, ExportValues } from './export-query.dto';
import { COLUMNS } from '../../households/import/registry-columns';
import { ExportRecord } from './export-rows';
import { ExportAborted, createWriter } from './export-writers';
import { HOUSEHOLD_EXPORT_AUDIT } from './exports.audited';
import { ExportsErrors } from './exports.errors';
import {
  ExportCursor,
  ExportFilter,
  ExportHouseholdRow,
  ExportIncomeRow,
  ExportInsuranceRow,
  ExportMemberRow,
  ExportsRepository,
} from './exports.repository';

/** Households read per page (their members, incomes and insurance then in three statements). */
export const EXPORT_PAGE_SIZE = 500;

/** The protected columns of the exchange format (declared in the column table), revealed together or masked together. */
const PROTECTED_FIELDS = COLUMNS.filter((c) => c.protected).map((c) => c.key);

/** An export checked, audited and ready to stream: nothing has been written yet. */
export interface PreparedExport {
  format: ExportFormat;
  contentType: string;
  /** ASCII file name, e.g. `households-410106100000-20181231.csv`. */
  filename: string;
  /** The same name in Chinese, for clients that read RFC 5987 names. */
  displayName: string;
  /** Writes the whole file to `out` (and ends it); the number of records (households) and of rows or lines written. */
  stream(out: Writable): Promise<{ records: number; rows: number }>;
}

/**
 * What every export resolves first: the subtree of `regionCode` (one outside the caller's scope
 * answers as a missing one: 404 REGION_NOT_FOUND), the format and the CSV encoding.
 */
export async function exportTarget(
  regions: RegionsService,
  principal: Principal,
  query: ExportKindQuery,
): Promise<{ regionPrefix?: string; format: ExportFormat; encoding: ExportEncoding }> {
  let regionPrefix: string | undefined;
  if (query.regionCode) {
    const region = await regions.findByCode(query.regionCode);
    if (!region || !inRegionScope(principal, region.code)) throw ExportsErrors.regionNotFound();
    regionPrefix = subtreePrefix(region.code, region.level);
  }
  const format = query.format ?? 'csv';
  return { regionPrefix, format, encoding: format === 'csv' ? (query.encoding ?? 'utf-8') : 'utf-8' };
}

/** The Content-Type of an export file. */
export const EXPORT_CONTENT_TYPES: Record<ExportFormat, (encoding: ExportEncoding) => string> = {
  csv: (e) => `text/csv; charset=${e}`,
  xlsx: () => 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ndjson: () => 'application/x-ndjson; charset=utf-8',
};

interface ExportOptions {
  filter: ExportFilter;
  incomeYear?: number;
  values: ExportValues;
  reveal: boolean;
}

/**
 * Export of the registry in the exchange format (src/households/import/registry-columns.ts), streamed in
 * keyset pages with constant memory. Owns the rules: region scope (a region outside it answers
 * as a missing one), masking of personal data unless revealed with `personalData.unmask` and a
 * reason, and the audit row of every export, written before the first byte.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly repository: ExportsRepository,
    private readonly householdIncomes: HouseholdIncomesService,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  async prepare(principal: Principal, query: ExportHouseholdsQuery, now = new Date()): Promise<PreparedExport> {
    // Defence in depth behind the controller's @RequirePermission: the service asks again.
    if (!principal.permissions.has('exchange.export')) throw ExportsErrors.forbidden('exchange.export');
    // The registry's own permission besides the machinery's (a sector department exports its kinds, not the registry).
    if (!principal.permissions.has('households.export')) throw ExportsErrors.forbidden('households.export');
    const reveal = query.reveal === true;
    // The one reveal-reason rule (common/access/reason): required with reveal, and checked whenever given.
    const reason = acceptedRevealReason(query.reason);
    if (reveal && !principal.permissions.has('personalData.unmask')) throw ExportsErrors.unmaskForbidden();
    if ((reveal || query.reason !== undefined) && !reason) throw ExportsErrors.reasonRequired();
    const { regionPrefix, format, encoding } = await exportTarget(this.regions, principal, query);
    const values = query.values ?? 'labels';
    const validity = query.validity === 'ALL' ? null : (query.validity ?? HouseholdValidity.ACTIVE);
    const options: ExportOptions = {
      filter: { regionPrefix, validity, status: query.status, yearRegistered: query.yearRegistered },
      incomeYear: query.incomeYear,
      values,
      reveal,
    };

    await this.dataSource.transaction((m) => this.audit.append(m, this.auditRecords(principal, query, { format, encoding, values, validity, reveal, reason })));

    const region = query.regionCode ?? principal.regionCode;
    const day = now.toISOString().slice(0, 10).replace(/-/g, '');
    return {
      format,
      contentType: EXPORT_CONTENT_TYPES[format](encoding),
      filename: `households-${region}-${day}.${format}`,
      displayName: `贫困户-${region}-${day}.${format}`,
      stream: async (out) => {
        const { households, rows } = await this.write(principal, options, createWriter(out, { format, values, encoding }));
        return { records: households, rows };
      },
    };
  }

  /**
   * Every export is one 'households.export' row (filters, format, whether revealed, reason); a
   * revealing one also writes a 'personalData.unmask' row, so a search for personal-data access
   * finds it as it finds revealPersonalData.
   */
  private auditRecords(
    principal: Principal,
    query: ExportHouseholdsQuery,
    o: { format: ExportFormat; encoding: ExportEncoding; values: ExportValues; validity: string | null; reveal: boolean; reason: string | null },
  ): AuditChangeRecord[] {
    const filters = {
      regionCode: query.regionCode ?? null,
      status: query.status ?? null,
      validity: o.validity ?? 'ALL',
      yearRegistered: query.yearRegistered ?? null,
      incomeYear: query.incomeYear ?? null,
    };
    const changes = { filters, format: o.format, encoding: o.encoding, values: o.values, reveal: o.reveal };
    const exported = { regionCode: query.regionCode ?? principal.regionCode };
    const records = [auditFact(HOUSEHOLD_EXPORT_AUDIT, 'households.export', exported, changes, { reason: o.reason })];
    if (o.reveal) {
      records.push(auditFact(HOUSEHOLD_EXPORT_AUDIT, 'personalData.unmask', exported, { fields: PROTECTED_FIELDS, filters, format: o.format }, { reason: o.reason }));
    }
    return records;
  }

  private async write(principal: Principal, o: ExportOptions, writer: ReturnType<typeof createWriter>): Promise<{ households: number; rows: number }> {
    let households = 0;
    let rows = 0;
    const started = Date.now();
    try {
      await writer.begin();
      let after: ExportCursor | undefined;
      for (;;) {
        const page = await this.repository.householdPage(principal, o.filter, after, EXPORT_PAGE_SIZE);
        if (!page.length) break;
        rows += await writer.write(await this.records(page, o));
        households += page.length;
        if (page.length < EXPORT_PAGE_SIZE) break;
        const last = page[page.length - 1];
        after = { householdNumber: last.householdNumber, id: last.id };
      }
      await writer.end();
      this.logger.log({ households, rows, ms: Date.now() - started }, 'export written');
    } catch (e) {
      if (e instanceof ExportAborted) this.logger.warn({ households, rows }, 'export aborted by the client');
      throw e;
    }
    return { households, rows };
  }

  /** A page of households with their members, income and insurance, as exchange values. */
  private async records(page: readonly ExportHouseholdRow[], o: ExportOptions): Promise<ExportRecord[]> {
    const ids = page.map((h) => h.id);
    const [members, incomes] = await Promise.all([this.repository.membersOf(ids), this.repository.incomesOf(ids, o.incomeYear)]);
    const insurance = await this.repository.insuranceOf(members.map((m) => m.id));
    const sizes = await this.householdIncomes.sizesAtYearEnd(incomes.map((i) => ({ householdId: i.householdId, year: Number(i.year) })));

    const membersBy = groupBy(members, (m) => m.householdId);
    const incomeBy = new Map(incomes.map((i) => [i.householdId, i]));
    const insuranceBy = groupBy(insurance, (i) => i.memberId);
    // The declared protected values: in full when revealed, masked otherwise (HOUSEHOLDS_PROTECTED_FIELDS).
    const cipher = this.secrets.cipher;
    const reveal = (entity: string, row: object) => exportProtected(cipher, HOUSEHOLDS_PROTECTED_FIELDS, entity, row, o.reveal);

    return page.map((h) => {
      const income = incomeBy.get(h.id);
      const year = income ? Number(income.year) : undefined;
      const people = (membersBy.get(h.id) ?? []).map((m) => this.memberValues(m, insuranceBy.get(m.id) ?? [], year, o, reveal));
      const head = people.find((p) => p.id === h.headMemberId) ?? people.find((p) => p.relation === 'HEAD');
      const { id: _id, headMemberId: _head, contactPhoneEnc: _phone, bankAccountEnc: _account, ...stored } = h;
      const household: Record<string, unknown> = {
        ...stored,
        headName: head?.name ?? null,
        headIdNumber: head?.idNumber ?? null,
        memberCount: people.length,
        ...reveal(HOUSEHOLD, h),
        ...(income ? incomeValues(income, sizes.get(`${h.id}|${year}`) ?? 0) : {}),
      };
      return { household, members: people };
    });
  }

  private memberValues(
    m: ExportMemberRow,
    insurance: readonly ExportInsuranceRow[],
    incomeYear: number | undefined,
    o: ExportOptions,
    reveal: (entity: string, row: object) => Record<string, string | null>,
  ): Record<string, unknown> {
    const { idNumberEnc: _id, disabilityCertificateEnc: _certificate, householdId: _h, ...stored } = m;
    // The insurance of the income year written, or none: another year's record beside this year's income would
    // re-import as this year's insurance. Only a household without any income year shows the member's latest.
    const year = o.incomeYear ?? incomeYear;
    const ins = year !== undefined ? insurance.find((i) => Number(i.year) === year) : insurance[0];
    return {
      ...stored,
      ...reveal(MEMBER, m),
      ...(ins
        ? {
            'insurance.basicMedical': ins.basicMedical,
            'insurance.seriousIllness': ins.seriousIllness,
            'insurance.pension': ins.pension,
            'insurance.supplementaryMedical': ins.supplementaryMedical,
            'insurance.accidentSubsidy': ins.accidentSubsidy,
          }
        : {}),
    };
  }
}

/** The income columns (`income.*`): stored components and the registry's computed totals. */
function incomeValues(income: ExportIncomeRow, householdSize: number): Record<string, unknown> {
  const components = Object.fromEntries(INCOME_COMPONENTS.map((k) => [k, String(income[k] ?? '0.00')])) as unknown as IncomeComponents;
  const totals = incomeTotals(components);
  const out: Record<string, unknown> = { 'income.year': Number(income.year) };
  for (const k of INCOME_COMPONENTS) out[`income.${k}`] = components[k];
  out['income.transfer'] = totals.transfers;
  out['income.annual'] = totals.annualIncome;
  out['income.net'] = totals.netIncome;
  out['income.perCapitaNet'] = perCapitaNetIncome(components, householdSize);
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
