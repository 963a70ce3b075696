import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../common/access/principal';
import { regionScopeSql } from '../common/access/region-scope';
import { maskBankAccount } from '../common/crypto/mask';
import { exportColumn, exportTable } from '../common/imports/export-columns';
import type { KindExportParameter } from '../common/imports/export-parameters';
import { afterCursorSql, exportCursor, exportPageOf } from '../common/imports/export-page';
import type { ExportOnlyKind, KindExportFilter, KindExportPage } from '../common/imports/import-port';
import { ImportPorts } from '../common/imports/import-ports';
import { subtreePrefix } from '../common/region/region-code';
import { SECRETS, Secrets } from '../config/secrets';
import { ExecutionRow, FundReportDimension, FundReportsRepository, ProjectExecutionRow } from './fund-reports.repository';

/**
 * The funds ledger exported for people (issue #19: "exports in XLSX with Chinese headers"), served by
 * GET /exchange/exports/{kind} as any kind's export (CSV, XLSX, NDJSON; funds.read besides
 * exchange.export; the caller's region scope as the GraphQL lists read it; the audit row before the
 * first byte): the execution report as of a date (`fund-execution-report`, parameters year, asOf, by)
 * and the ledger's allocations, project fundings, reimbursements and payments (optional `year`).
 * Money is the database's numeric as text with 2 decimals: exact to the fen in every format.
 */
const T = exportColumn;
const M = (header: string, key: string) => T(header, key, { kind: 'decimal' });
const table = exportTable;

const RECORD_STATUS: Record<string, string> = { ACTIVE: '有效', CANCELLED: '已作废' };
const REIMBURSEMENT_STATUS: Record<string, string> = { SUBMITTED: '已申请', REVIEWED: '已审核', APPROVED: '已审批', PAID: '已支付', RETURNED: '已退回', REJECTED: '不予报账' };
const PAYMENT_KIND: Record<string, string> = { ACCOUNT: '支付到账户', HOUSEHOLDS: '按花名册支付到户' };
const FUNDING_BASIS: Record<string, string> = { IN_LIBRARY: '项目库内', EXCEPTION: '库外特批', RULE_OFF: '规则未启用' };
const DIMENSION_LABEL: Record<string, string> = { LEVEL: '级次', CHANNEL: '资金渠道', TOWN: '乡镇', PROJECT: '项目' };

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const label = (labels: Record<string, string>, v: unknown): string => (v === null || v === undefined ? '' : (labels[String(v)] ?? String(v)));

/** The funds year a ledger export narrows to (optional; the report's is required). */
export const FUNDS_YEAR_PARAMETER: KindExportParameter = { name: 'year', type: 'int', min: 2013, max: 2100, description: '年度 (the funds year)' };
/** The project grouping: the execution report per project (fundProjectExecution). */
export const PROJECT_GROUPING = 'PROJECT';

/** The ledger record's source: its document, year, level and channel (from the allocation down, the money keeps them). */
const SOURCE_COLUMNS = [T('文号', 'documentNumber'), T('年度', 'year', { kind: 'int' }), T('级次', 'level'), T('资金渠道', 'channel')];
/** An allocation's or a funding's status and cancellation. */
const CANCEL_COLUMNS = [T('状态', 'status'), T('作废日期', 'cancelledOn', { kind: 'date' }), T('作废原因', 'cancelReason')];
const sourceCells = (r: Record<string, unknown>) => ({ documentNumber: text(r.document_number), year: text(r.year), level: text(r.level), channel: text(r.channel) });
const cancelCells = (r: Record<string, unknown>) => ({ status: label(RECORD_STATUS, r.status), cancelledOn: text(r.cancelled_on_text), cancelReason: text(r.cancel_reason) });

export const EXECUTION_REPORT_COLUMNS = table(
  [
    T('分组方式', 'by'),
    T('分组', 'key'),
    T('名称', 'name'),
    M('已分配（元）', 'allocated'),
    M('已安排项目（元）', 'funded'),
    M('已报账（元）', 'reimbursed'),
    M('已支付（元）', 'paid'),
    M('结余（元）', 'balance'),
  ],
  'key',
);

export const ALLOCATION_LEDGER_COLUMNS = table(
  [
    ...SOURCE_COLUMNS,
    T('行政区划代码', 'regionCode'),
    T('区划名称', 'regionName'),
    T('分配日期', 'allocatedOn', { kind: 'date' }),
    T('用途', 'purpose'),
    M('金额（元）', 'amount'),
    M('已安排项目（元）', 'committed'),
    ...CANCEL_COLUMNS,
    T('分配ID', 'id'),
  ],
  'id',
);

export const FUNDING_LEDGER_COLUMNS = table(
  [
    ...SOURCE_COLUMNS,
    T('项目名称', 'projectName'),
    T('行政区划代码', 'regionCode'),
    T('安排日期', 'fundedOn', { kind: 'date' }),
    M('金额（元）', 'amount'),
    M('已报账（元）', 'committed'),
    T('安排依据', 'basis'),
    ...CANCEL_COLUMNS,
    T('安排ID', 'id'),
  ],
  'id',
);

export const REIMBURSEMENT_LEDGER_COLUMNS = table(
  [
    T('报账申请ID', 'id'),
    ...SOURCE_COLUMNS,
    T('项目名称', 'projectName'),
    T('行政区划代码', 'regionCode'),
    T('申请日期', 'appliedOn', { kind: 'date' }),
    M('金额（元）', 'amount'),
    M('已支付（元）', 'paid'),
    T('状态', 'status'),
    T('审核日期', 'reviewedOn', { kind: 'date' }),
    T('审批日期', 'approvedOn', { kind: 'date' }),
    T('报账日期', 'reimbursedOn', { kind: 'date' }),
  ],
  'id',
);

export const PAYMENT_LEDGER_COLUMNS = table(
  [
    T('支付ID', 'id'),
    T('报账申请ID', 'reimbursementId'),
    T('项目名称', 'projectName'),
    T('年度', 'year', { kind: 'int' }),
    T('行政区划代码', 'regionCode'),
    T('支付日期', 'paidOn', { kind: 'date' }),
    M('金额（元）', 'amount'),
    T('支付方式', 'kind'),
    T('收款人', 'payeeName'),
    T('收款账号', 'bankAccount', { protected: true }),
    T('凭证号', 'reference'),
    T('户数', 'households', { kind: 'int' }),
    T('状态', 'status'),
    T('冲销的支付ID', 'reversesId'),
    T('冲销原因', 'reversalReason'),
  ],
  'id',
);

/** A ledger kind: the statement's FROM and columns, the date its rows are ordered by, and a row's cells. */
interface LedgerSpec {
  kind: string;
  fileName: string;
  displayName: string;
  table: ReturnType<typeof table>;
  /** The alias of the record's table (its region_code scopes it, its year filters it, its amount is `amount`). */
  alias: string;
  /** The columns besides `dated` and `amount` (money and dates cast to text: exact, as stored). */
  select: string;
  from: string;
  /** The date column (as text) the rows are ordered by, then the id. */
  dated: string;
  render(r: Record<string, unknown>): Record<string, string>;
}

@Injectable()
export class FundExports implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ports: ImportPorts,
    private readonly reports: FundReportsRepository,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  onModuleInit(): void {
    for (const kind of [this.executionReport, ...this.ledgers]) this.ports.registerExport(kind);
  }

  /**
   * 资金执行情况: fundExecutionReport (by LEVEL, CHANNEL, TOWN) or fundProjectExecution (by PROJECT)
   * for the year as of the date, the groups then the total (合计), in the region asked (regionCode, else
   * the caller's); the same statement as GraphQL, so the figures are the report's.
   */
  readonly executionReport: ExportOnlyKind = {
    kind: 'fund-execution-report',
    table: EXECUTION_REPORT_COLUMNS,
    export: {
      permission: 'funds.read',
      fileName: 'fund-execution-report',
      displayName: '扶贫资金执行情况',
      parameters: [
        { ...FUNDS_YEAR_PARAMETER, required: true },
        { name: 'asOf', type: 'date', required: true, description: '截至日期 (the report as of this date)' },
        { name: 'by', type: 'option', values: [...Object.values(FundReportDimension), PROJECT_GROUPING], default: FundReportDimension.LEVEL, description: '分组 (the grouping)' },
      ],
      page: (principal, filter, after, limit) => this.executionPage(principal, filter, after, limit),
    },
  };

  private async executionPage(principal: Principal, filter: KindExportFilter, after: string | null, limit: number): Promise<KindExportPage> {
    const { year, asOf, by } = filter.params as { year: number; asOf: string; by: string };
    const within = filter.regionPrefix ?? subtreePrefix(principal.regionCode);
    const money = (r: ExecutionRow | ProjectExecutionRow) => ({ funded: r.funded, reimbursed: r.reimbursed, paid: r.paid, balance: r.balance });
    const byLabel = DIMENSION_LABEL[by] ?? by;
    const totalRow = (r: ExecutionRow | ProjectExecutionRow) => ({ by: byLabel, key: '合计', name: '', allocated: 'allocated' in r ? r.allocated : '', ...money(r) });
    if (by !== PROJECT_GROUPING) {
      // A bounded list (the levels or channels of the parameter lists, the towns of the region): one page.
      const [total, ...groups] = await this.reports.execution(principal, year, asOf, within, by as FundReportDimension);
      return { rows: [...groups.map((g) => ({ by: byLabel, key: text(g.key), name: text(g.regionName), allocated: g.allocated, ...money(g) })), totalRow(total)], next: null };
    }
    const cursor = after === null ? undefined : (JSON.parse(after) as [string, string]);
    const [total, ...projects] = await this.reports.projectExecution(principal, year, asOf, within, cursor, limit);
    const page = projects.slice(0, limit);
    const more = projects.length > limit;
    const rows = page.map((p) => ({ by: byLabel, key: text(p.regionCode), name: text(p.projectName), allocated: '', ...money(p) }));
    const last = page[page.length - 1];
    return more && last ? { rows, next: exportCursor([last.projectName ?? '', last.projectId ?? '']) } : { rows: [...rows, totalRow(total)], next: null };
  }

  private readonly ledgerSpecs: LedgerSpec[] = [
    {
      kind: 'fund-allocations',
      fileName: 'fund-allocations',
      displayName: '资金分配台账',
      table: ALLOCATION_LEDGER_COLUMNS,
      alias: 'a',
      select: 'a.*, d.document_number, rg.name AS region_name, a.committed::numeric(14,2)::text AS committed, a.cancelled_on::text AS cancelled_on_text',
      from: 'fund_allocations a JOIN fund_documents d ON d.id = a.document_id LEFT JOIN regions rg ON rg.code = a.region_code',
      dated: 'a.allocated_on::text',
      render: (r) => ({
        ...sourceCells(r),
        regionCode: text(r.region_code),
        regionName: text(r.region_name),
        allocatedOn: text(r.dated),
        purpose: text(r.purpose),
        amount: text(r.amount),
        committed: text(r.committed),
        ...cancelCells(r),
        id: text(r.id),
      }),
    },
    {
      kind: 'fund-project-fundings',
      fileName: 'fund-project-fundings',
      displayName: '项目资金安排台账',
      table: FUNDING_LEDGER_COLUMNS,
      alias: 'f',
      select: 'f.*, d.document_number, pr.name AS project_name, f.committed::numeric(14,2)::text AS committed, f.cancelled_on::text AS cancelled_on_text',
      from: 'project_fundings f JOIN fund_documents d ON d.id = f.document_id LEFT JOIN projects pr ON pr.id = f.project_id',
      dated: 'f.funded_on::text',
      render: (r) => ({
        ...sourceCells(r),
        projectName: text(r.project_name),
        regionCode: text(r.region_code),
        fundedOn: text(r.dated),
        amount: text(r.amount),
        committed: text(r.committed),
        basis: label(FUNDING_BASIS, r.basis),
        ...cancelCells(r),
        id: text(r.id),
      }),
    },
    {
      kind: 'fund-reimbursements',
      fileName: 'fund-reimbursements',
      displayName: '报账台账',
      table: REIMBURSEMENT_LEDGER_COLUMNS,
      alias: 'r',
      select: `r.*, d.document_number, pr.name AS project_name, r.reviewed_on::text AS reviewed_text, r.approved_on::text AS approved_text, r.reimbursed_on::text AS reimbursed_text, r.paid::numeric(14,2)::text AS paid`,
      from: 'fund_reimbursements r JOIN fund_documents d ON d.id = r.document_id LEFT JOIN projects pr ON pr.id = r.project_id',
      dated: 'r.applied_on::text',
      render: (r) => ({
        id: text(r.id),
        ...sourceCells(r),
        projectName: text(r.project_name),
        regionCode: text(r.region_code),
        appliedOn: text(r.dated),
        amount: text(r.amount),
        paid: text(r.paid),
        status: label(REIMBURSEMENT_STATUS, r.status),
        reviewedOn: text(r.reviewed_text),
        approvedOn: text(r.approved_text),
        reimbursedOn: text(r.reimbursed_text),
      }),
    },
    {
      kind: 'fund-payments',
      fileName: 'fund-payments',
      displayName: '资金支付台账',
      table: PAYMENT_LEDGER_COLUMNS,
      alias: 'p',
      select: `p.*, pr.name AS project_name, (SELECT count(*) FROM fund_payment_households h WHERE h.payment_id = p.id)::int AS households`,
      from: 'fund_payments p JOIN fund_reimbursements r ON r.id = p.reimbursement_id LEFT JOIN projects pr ON pr.id = r.project_id',
      dated: 'p.paid_on::text',
      render: (r) => ({
        id: text(r.id),
        reimbursementId: text(r.reimbursement_id),
        projectName: text(r.project_name),
        year: text(r.year),
        regionCode: text(r.region_code),
        paidOn: text(r.dated),
        amount: text(r.amount),
        kind: label(PAYMENT_KIND, r.kind),
        payeeName: text(r.payee_name),
        // Protected: masked, never clear (revealFundPayeeAccount reveals one with its audit row).
        bankAccount: r.bank_account_enc ? maskBankAccount(this.secrets.cipher.decrypt(String(r.bank_account_enc))) : '',
        reference: text(r.reference),
        households: r.kind === 'HOUSEHOLDS' ? text(r.households) : '',
        status: label(RECORD_STATUS, r.status),
        reversesId: text(r.reverses_id),
        reversalReason: text(r.reversal_reason),
      }),
    },
  ];

  /** The ledgers: each record in the caller's scope (its own region, as the lists), by its date then id, of one year if asked. */
  readonly ledgers: ExportOnlyKind[] = this.ledgerSpecs.map((spec) => ({
    kind: spec.kind,
    table: spec.table,
    export: {
      permission: 'funds.read',
      fileName: spec.fileName,
      displayName: spec.displayName,
      parameters: [FUNDS_YEAR_PARAMETER],
      page: async (principal, filter, after, limit) => {
        const a = spec.alias;
        const params: unknown[] = [];
        const scope = regionScopeSql(`${a}.region_code`, principal, params, { within: filter.regionPrefix ?? null });
        let year = 'TRUE';
        if (filter.params?.year !== undefined) {
          params.push(filter.params.year);
          year = `${a}.year = $${params.length}`;
        }
        const keyset = afterCursorSql(after, [spec.dated, `${a}.id::text`], params);
        params.push(limit);
        const rows: Record<string, unknown>[] = await this.dataSource.query(
          `SELECT ${spec.select}, ${spec.dated} AS dated, ${a}.amount::numeric(14,2)::text AS amount
             FROM ${spec.from}
            WHERE ${scope} AND ${year} AND ${keyset}
            ORDER BY ${spec.dated}, ${a}.id::text
            LIMIT $${params.length}`,
          params,
        );
        return exportPageOf(rows, limit, (r) => [String(r.dated), String(r.id)], (r) => [spec.render(r)]);
      },
    },
  }));
}
