import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { regionScopeSql } from '../../common/access/region-scope';
import { maskCitizenId } from '../../common/crypto/mask';
import { afterCursorSql, exportPageOf } from '../../common/imports/export-page';
import { SECRETS, Secrets } from '../../config/secrets';
import { AppError } from '../../common/errors/app-error';
import { cellText, columnTable, ImportColumn, parseRowCells } from '../../common/imports/columns';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { writeInSavepoint } from '../../common/imports/savepoint';
import { ImportProblem, ImportStrategy, ProblemSeverity, RawRow, zeroCountsByUnit } from '../../common/imports/import-types';
import type { UnitRows } from '../../common/imports/unit-rows';
import { isValidCitizenId } from '../../common/identity-number/citizen-id';
import { fromCents, sumAmounts, toCents } from '../../common/money/money';
import { HouseholdsService } from '../../households/households.service';
import { MembersService } from '../../households/members.service';
import { ProtectedFieldsService } from '../../households/protected-fields.service';
import { INCOME_COMPONENT_LIST } from '../../projects/import/linkage-columns';
import { LinkageIncomeComponent } from '../../projects/linkage.entity';
import { FUNDS_YEAR_PARAMETER } from '../fund-exports';
import { FundPaymentEntity, FundPaymentKind } from '../reimbursement.entities';
import { ReimbursementsService } from '../reimbursements.service';

/**
 * The payment roster import (支付花名册, kind `fund-payment-rosters`): the households paid by one
 * payment of an approved reimbursement, one row a household, adjacent rows of the same
 * reimbursement, payment date and reference being one payment. Written through
 * ReimbursementsService.payIn (every check of createFundPayment, its audit row, the 已报账 mark)
 * in the batch's transaction under a savepoint.
 */
type Column = ImportColumn<'payment' | 'none'>;
const C = (c: Omit<Column, 'scope' | 'role'>): Column => ({ role: 'stored', scope: 'payment', ...c });

export const FUND_ROSTER_COLUMNS = columnTable<Column>(
  [
    C({ header: '报账申请ID', aliases: ['报账申请'], key: 'reimbursementId', kind: 'text', required: true, maxLength: 36 }),
    C({ header: '支付日期', key: 'paidOn', kind: 'date', required: true }),
    C({ header: '凭证号', aliases: ['支付凭证号'], key: 'reference', kind: 'text', maxLength: 100, verbatim: true }),
    C({ header: '户编号', key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    C({ header: '证件号码', aliases: ['身份证号码', '身份证号'], key: 'idNumber', kind: 'text', required: true, maxLength: 30, protected: true }),
    C({ header: '金额（元）', aliases: ['金额', '金额(元)'], key: 'amount', kind: 'decimal', required: true, integerDigits: 10 }),
    C({ header: '收入类别', aliases: ['计入收入'], key: 'incomeComponent', kind: 'code', list: INCOME_COMPONENT_LIST }),
  ],
  { unitKey: 'reimbursementId', nesting: { unitScope: 'payment', childScope: 'none', childrenKey: 'none' } },
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RosterRow {
  rowNumber: number;
  householdNumber: string;
  idNumber: string;
  amount: string;
  incomeComponent: LinkageIncomeComponent | null;
}

/** A checked payment: its reimbursement, date, reference and roster rows. */
export interface FundRosterUnit extends AssembledUnit {
  rowNumber: number;
  reimbursementId: string;
  paidOn: string;
  reference: string | null;
  rows: RosterRow[];
}

@Injectable()
export class FundPaymentRosterImportPort implements ImportPort<FundRosterUnit>, OnModuleInit {
  readonly kind = 'fund-payment-rosters';
  readonly table = FUND_ROSTER_COLUMNS;
  readonly units = ['payments'];
  readonly modes = [ImportMode.SYNC];
  // Paying is finance's (funds.pay).
  readonly permission = 'funds.pay' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly reimbursements: ReimbursementsService,
    private readonly households: HouseholdsService,
    private readonly members: MembersService,
    private readonly fields: ProtectedFieldsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  /**
   * 支付花名册 exported (GET /exchange/exports/fund-payment-rosters, funds.read): the households of
   * the caller's active roster payments (the payment's region in scope), one row a household in the
   * import's columns, a payment's rows together, by payment date then payment; 证件号码 is the head's,
   * masked (never clear: the file does not re-import, MASKED_VALUE). `year` narrows to a funds year.
   */
  readonly export: KindExport = {
    permission: 'funds.read',
    fileName: 'fund-payment-rosters',
    displayName: '资金支付花名册',
    parameters: [FUNDS_YEAR_PARAMETER],
    page: async (principal, filter, after, limit) => {
      const params: unknown[] = [];
      const scope = regionScopeSql('p.region_code', principal, params, { within: filter.regionPrefix ?? null });
      let year = 'TRUE';
      if (filter.params?.year !== undefined) {
        params.push(filter.params.year);
        year = `p.year = $${params.length}`;
      }
      const keyset = afterCursorSql(after, ['p.paid_on::text', 'p.id::text'], params);
      params.push(limit);
      const payments: { id: string; reimbursement_id: string; paid_on: string; reference: string | null }[] = await this.dataSource.query(
        `SELECT p.id, p.reimbursement_id, p.paid_on::text AS paid_on, p.reference FROM fund_payments p
          WHERE p.kind = 'HOUSEHOLDS' AND p.status = 'ACTIVE' AND ${scope} AND ${year} AND ${keyset}
          ORDER BY p.paid_on::text, p.id::text LIMIT $${params.length}`,
        params,
      );
      const rows: { payment_id: string; household_number: string; id_number_enc: string | null; amount: string; income_component: LinkageIncomeComponent | null }[] = payments.length
        ? await this.dataSource.query(
            `SELECT ph.payment_id, h.household_number, m.id_number_enc, ph.amount::numeric(14,2)::text AS amount, ph.income_component
               FROM fund_payment_households ph JOIN households h ON h.id = ph.household_id LEFT JOIN members m ON m.id = h.head_member_id
              WHERE ph.payment_id = ANY($1) ORDER BY h.household_number, ph.id`,
            [payments.map((p) => p.id)],
          )
        : [];
      return exportPageOf(payments, limit, (p) => [p.paid_on, p.id], (p) =>
        rows
          .filter((r) => r.payment_id === p.id)
          .map((r) => ({
            reimbursementId: p.reimbursement_id,
            paidOn: p.paid_on,
            reference: p.reference ?? '',
            householdNumber: r.household_number,
            idNumber: r.id_number_enc ? maskCitizenId(this.secrets.cipher.decrypt(r.id_number_enc)) : '',
            amount: r.amount,
            incomeComponent: r.income_component ? INCOME_COMPONENT_LIST.label[r.income_component] : '',
          })),
      );
    },
  };

  onModuleInit(): void {
    this.ports.register(this);
  }

  /** One payment: adjacent rows of the same reimbursement, date and reference. */
  groupKey(row: RawRow): string {
    return ['reimbursementId', 'paidOn', 'reference'].map((k) => cellText(row.values.get(k))).join('|');
  }

  open(ctx: ImportContext): ImportSession<FundRosterUnit> {
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const counts = zeroCountsByUnit(this.units);
        const c = counts.payments;
        const problems: ImportProblem[] = [];
        for (const group of batch) {
          const u = group.parsed ?? assemble(group);
          problems.push(...u.problems);
          if (!u.valid) {
            c.rejected++;
            continue;
          }
          const outcome = await this.settle(m, ctx, u, dryRun);
          if ('refused' in outcome) {
            problems.push(...outcome.refused);
            c.rejected++;
          } else c[outcome.count]++;
        }
        return { counts, problems, settledByDigest: 0 };
      },
    };
  }

  private async settle(m: EntityManager, ctx: ImportContext, u: FundRosterUnit, dryRun: boolean): Promise<{ count: 'created' | 'unchanged' } | { refused: ImportProblem[] }> {
    // Households by number in the import's scope, each row's ID number a member's of its household (by blind index).
    const found = await this.households.findByNumbersInScope(ctx.scope, u.rows.map((r) => r.householdNumber), m);
    const members = await this.members.membersOf([...found.values()].map((h) => h.id), { all: true }, m);
    const refused: ImportProblem[] = [];
    const roster = u.rows.flatMap((r) => {
      const household = found.get(r.householdNumber);
      if (!household) {
        refused.push(problem(r, 'householdNumber', 'HOUSEHOLD_NOT_FOUND', '本次导入范围内没有此户编号 (no such household in this import\'s region)'));
        return [];
      }
      const hash = this.fields.hashIdNumber(r.idNumber);
      if (!members.some((x) => x.householdId === household.id && x.idNumberHash === hash)) {
        refused.push(problem(r, 'idNumber', 'MEMBER_NOT_IN_HOUSEHOLD', '该户没有此证件号码的成员 (no member of the household has this ID number)'));
        return [];
      }
      return [{ householdId: household.id, amount: r.amount, incomeComponent: r.incomeComponent }];
    });
    if (refused.length) return { refused };
    const amount = sumAmounts(u.rows.map((r) => r.amount));
    const existing = await m
      .getRepository(FundPaymentEntity)
      .createQueryBuilder('p')
      .where("p.reimbursement_id = :id AND p.paid_on = :paidOn AND p.kind = :kind AND p.reverses_id IS NULL AND p.reference IS NOT DISTINCT FROM :reference", {
        id: u.reimbursementId,
        paidOn: u.paidOn,
        kind: FundPaymentKind.HOUSEHOLDS,
        reference: u.reference,
      })
      .andWhere('NOT EXISTS (SELECT 1 FROM fund_payments rv WHERE rv.reverses_id = p.id)')
      .getMany();
    // The same payment imported again (its reimbursement, date, reference and amount, not reversed) is unchanged.
    if (existing.some((p) => toCents(p.amount) === toCents(amount))) return { count: 'unchanged' };
    if (ctx.strategy === ImportStrategy.UPDATE) return { refused: [problem(u, 'reimbursementId', 'NOT_FOUND_FOR_UPDATE', '没有此支付（仅更新模式）(no such payment; the strategy updates only)')] };
    const refusal = await writeInSavepoint(m, 'fund_roster_payment', dryRun, () =>
      this.reimbursements.payIn(m, ctx.scope, { reimbursementId: u.reimbursementId, paidOn: u.paidOn, amount: fromCents(toCents(amount)), reference: u.reference, households: roster }),
    );
    if (refusal) return { refused: fromError(u, refusal) };
    return { count: 'created' };
  }
}

/** Pure: a payment's rows → the checked unit (every row's cells, ID numbers by GB 11643, a household once). */
function assemble(group: UnitRows<FundRosterUnit>): FundRosterUnit {
  const [first] = group.rows;
  const unit: FundRosterUnit = { rowNumber: first.rowNumber, reimbursementId: '', paidOn: '', reference: null, rows: [], problems: [], valid: false };
  const seen = new Map<string, number>();
  for (const row of group.rows) {
    for (const p of row.problems) unit.problems.push({ severity: ProblemSeverity.ERROR, rowNumber: row.rowNumber, householdNumber: null, ...p });
    const { values, refused } = parseRowCells(FUND_ROSTER_COLUMNS.columns, row.values);
    const at = { rowNumber: row.rowNumber };
    for (const r of refused) unit.problems.push(problem(at, r.key, r.code, r.message));
    if (row === first) {
      Object.assign(unit, { reimbursementId: String(values.reimbursementId ?? ''), paidOn: values.paidOn, reference: (values.reference as string | undefined) || null });
      if (values.reimbursementId != null && !UUID.test(unit.reimbursementId)) unit.problems.push(problem(at, 'reimbursementId', 'FUND_REIMBURSEMENT_NOT_FOUND', '报账申请ID格式不正确 (not a reimbursement id)'));
    }
    const householdNumber = String(values.householdNumber ?? '');
    const idNumber = String(values.idNumber ?? '');
    if (values.idNumber != null && !isValidCitizenId(idNumber)) unit.problems.push(problem(at, 'idNumber', 'ID_NUMBER_INVALID', '证件号码不符合 GB 11643（校验码、出生日期或地址码）(not a valid citizen ID number, GB 11643)'));
    if (values.amount != null && toCents(String(values.amount)) <= 0n) unit.problems.push(problem(at, 'amount', 'INVALID_DECIMAL', '金额须为正数 (a positive amount)'));
    const before = seen.get(householdNumber);
    if (householdNumber && before !== undefined) unit.problems.push(problem(at, 'householdNumber', 'FUND_ROSTER_DUPLICATE', `该户已在第 ${before} 行 (the household is on row ${before} already)`));
    seen.set(householdNumber, row.rowNumber);
    unit.rows.push({ rowNumber: row.rowNumber, householdNumber, idNumber, amount: String(values.amount ?? '0'), incomeComponent: (values.incomeComponent as LinkageIncomeComponent | undefined) ?? null });
  }
  unit.valid = unit.problems.every((p) => p.severity !== ProblemSeverity.ERROR);
  return unit;
}

function problem(u: { rowNumber: number }, key: string, code: string, message: string): ImportProblem {
  const column = FUND_ROSTER_COLUMNS.byKey.get(key)!;
  return { severity: ProblemSeverity.ERROR, rowNumber: u.rowNumber, householdNumber: null, column: column.header, field: key, code, message };
}

/** The service's coded error as problems: input.households[i].x names row i's column x, input.x column x (else 报账申请ID). */
function fromError(u: FundRosterUnit, e: AppError): ImportProblem[] {
  const items = e.problems?.length ? e.problems : [{ field: e.field ?? '', reason: e.reason ?? e.code, message: e.message }];
  return items.map((p) => {
    const line = /^input\.households\[(\d+)\]\.(\w+)$/.exec(p.field);
    const row = line ? (u.rows[Number(line[1])] ?? u) : u;
    const key = line ? (line[2] === 'householdId' ? 'householdNumber' : line[2]) : p.field.replace(/^input\./, '');
    return problem(row, FUND_ROSTER_COLUMNS.byKey.has(key) ? key : 'reimbursementId', String(p.reason), p.message);
  });
}
