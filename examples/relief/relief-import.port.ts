import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { cellText, columnTable, ImportColumn, parseRowCells } from '../../src/common/imports/columns';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../../src/common/imports/import-port';
import { exportPageOf } from '../../src/common/imports/export-page';
import { ImportPorts } from '../../src/common/imports/import-ports';
import { ImportProblem, ProblemSeverity, RawRow, zeroCountsByUnit } from '../../src/common/imports/import-types';
import type { UnitRows } from '../../src/common/imports/unit-rows';
import { blindIndexOf, decryptField, encryptField, maskedField } from '../../src/common/protection/protected-field';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { HouseholdsService } from '../../src/households/households.service';
import { RELIEF_PAYMENT_AUDIT } from './relief.audited';
import { RELIEF_PAYEE_ACCOUNT } from './relief.declaration';
import { ReliefPaymentEntity, ReliefStatus } from './relief-payment.entity';
import { ReliefRepository } from './relief.repository';

/**
 * The relief roster import (kind `relief`): a civil-affairs office's list of the year's festival
 * relief payments, one row per household, uploaded to POST /exchange/imports?kind=relief like any
 * import (CSV, XLSX or NDJSON; dry run, all-or-nothing, report, resume after a crash: all the
 * generic machinery's). The module supplies only what is its own: the columns, the unit key, a
 * pure check of a row, and the write of a batch.
 */
type Column = ImportColumn<'payment' | 'none'>;
const C = (c: Omit<Column, 'scope' | 'role'>): Column => ({ role: 'stored', scope: 'payment', ...c });

export const RELIEF_COLUMNS = columnTable<Column>(
  [
    C({ header: '户编号', key: 'householdNumber', kind: 'text', required: true, maxLength: 32 }),
    C({ header: '年度', key: 'year', kind: 'int', required: true, min: 2013, max: 2100 }),
    C({ header: '金额', key: 'amount', kind: 'decimal', required: true, integerDigits: 10 }),
    C({ header: '收款账号', key: 'payeeAccount', kind: 'text', required: true, maxLength: 32, protected: true }),
    C({ header: '应发日期', key: 'dueOn', kind: 'date', required: true }),
  ],
  // One row a payment: no children (NDJSON lines are flat).
  { unitKey: 'householdNumber', nesting: { unitScope: 'payment', childScope: 'none', childrenKey: 'none' } },
);

/** A checked row: the values the write needs, or the problems that reject it. */
export interface ReliefUnit extends AssembledUnit {
  householdNumber: string;
  rowNumber: number;
  year: number;
  amount: string;
  payeeAccount: string;
  dueOn: string;
}

@Injectable()
export class ReliefImportPort implements ImportPort<ReliefUnit>, OnModuleInit {
  readonly kind = 'relief';
  readonly table = RELIEF_COLUMNS;
  readonly units = ['payments'];
  // The civil-affairs roster is the authority: payments land as planned, no procedure.
  readonly modes = [ImportMode.SYNC];
  // Besides exchange.import, the module's own write permission.
  readonly permission = 'relief.write' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly repo: ReliefRepository,
    private readonly households: HouseholdsService,
    private readonly audit: AuditService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /** The roster as it stands (GET /exchange/exports/relief), in the import's columns; the account masked. */
  readonly export: KindExport = {
    permission: 'relief.read',
    fileName: 'relief',
    displayName: '节日慰问金',
    page: async (principal, filter, after, limit) =>
      exportPageOf(
        await this.repo.exportPage(principal, filter.regionPrefix, after, limit),
        limit,
        (r) => [r.householdNumber, r.year, r.id],
        (r) => [{ householdNumber: r.householdNumber, year: String(r.year), amount: r.amount, payeeAccount: maskedField(this.secrets.cipher, RELIEF_PAYEE_ACCOUNT, r) ?? '', dueOn: r.dueOn }],
      ),
  };

  /** The template's example (GET /exchange/imports/template.csv?kind=relief): the households template's household (王示例, 北峡窝村). */
  example(): readonly Readonly<Record<string, string>>[] {
    return [{ householdNumber: '41010610020100001', year: '2024', amount: '800.00', payeeAccount: '6228480000000000000', dueOn: '2024-02-01' }];
  }

  groupKey(row: RawRow): string {
    return cellText(row.values.get('householdNumber'));
  }

  open(ctx: ImportContext): ImportSession<ReliefUnit> {
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const counts = zeroCountsByUnit(this.units);
        const problems: ImportProblem[] = [];
        const units = batch.map((g) => g.parsed ?? assemble(g));
        // Households by number within the import's scope: another region's number is not found.
        const found = await this.households.findByNumbersInScope({ scopePrefix: ctx.scopePrefix }, units.map((u) => u.householdNumber), m);
        for (const u of units) {
          problems.push(...u.problems);
          const household = found.get(u.householdNumber);
          if (u.valid && !household) problems.push(problem(u, 'householdNumber', 'HOUSEHOLD_NOT_FOUND', '本次导入范围内没有此户编号 (no such household in this import\'s region)'));
          if (!u.valid || !household) {
            counts.payments.rejected++;
            continue;
          }
          const written = await this.writeOne(m, household, u, dryRun);
          if (written === 'settled') {
            problems.push(problem(u, 'year', 'RELIEF_ALREADY_PAID', '该户本年度慰问金已发放，不再更改 (this year\'s payment is already paid)'));
            counts.payments.rejected++;
          } else counts.payments[written]++;
        }
        return { counts, problems, settledByDigest: 0 };
      },
    };
  }

  /** One payment a household and year: created, updated while PLANNED, unchanged, or settled (paid). */
  private async writeOne(m: EntityManager, household: { id: string; regionCode: string }, u: ReliefUnit, dryRun: boolean): Promise<'created' | 'updated' | 'unchanged' | 'settled'> {
    const [before] = await this.repo.findByHouseholdYear(m, household.id, u.year);
    const hash = blindIndexOf(this.secrets.cipher, RELIEF_PAYEE_ACCOUNT, u.payeeAccount);
    if (before && before.amount === u.amount && before.dueOn === u.dueOn && before.payeeAccountHash === hash) return 'unchanged';
    if (before && before.status === ReliefStatus.PAID) return 'settled';
    if (dryRun) return before ? 'updated' : 'created';
    const account = encryptField(this.secrets.cipher, RELIEF_PAYEE_ACCOUNT, u.payeeAccount) as Pick<ReliefPaymentEntity, 'payeeAccountEnc' | 'payeeAccountHash'>;
    const fields = { amount: u.amount, dueOn: u.dueOn, ...account };
    if (!before) {
      const created = await this.repo.insert(m, { householdId: household.id, regionCode: household.regionCode, year: u.year, status: ReliefStatus.PLANNED, ...fields });
      await this.audit.change(m, RELIEF_PAYMENT_AUDIT, 'relief.importPayment', null, { ...created, payeeAccount: u.payeeAccount });
      return 'created';
    }
    const after = await this.repo.update(m, before.id, before.version, fields);
    await this.audit.change(m, RELIEF_PAYMENT_AUDIT, 'relief.importPayment', { ...before, payeeAccount: decryptField(this.secrets.cipher, RELIEF_PAYEE_ACCOUNT, before) }, { ...after, payeeAccount: u.payeeAccount });
    return 'updated';
  }
}

/** Pure: a household's rows → a checked payment (one row a household in this roster). */
function assemble(group: UnitRows<ReliefUnit>): ReliefUnit {
  const [row] = group.rows;
  const unit: ReliefUnit = { householdNumber: group.key, rowNumber: row.rowNumber, year: 0, amount: '', payeeAccount: '', dueOn: '', problems: [], valid: false };
  for (const p of row.problems) unit.problems.push({ severity: ProblemSeverity.ERROR, rowNumber: row.rowNumber, householdNumber: group.key || null, ...p });
  if (group.size > 1) unit.problems.push(problem(unit, 'householdNumber', 'DUPLICATE_HOUSEHOLD', '同一户在名单中出现多次 (the household is listed more than once)'));
  const { values, refused } = parseRowCells(RELIEF_COLUMNS.columns, row.values);
  for (const r of refused) unit.problems.push(problem(unit, r.key, r.code, r.message));
  if (values.amount !== undefined && Number(values.amount) <= 0) unit.problems.push(problem(unit, 'amount', 'RELIEF_AMOUNT_INVALID', '金额须为正数 (a positive amount)'));
  Object.assign(unit, { year: values.year, amount: values.amount, payeeAccount: values.payeeAccount, dueOn: values.dueOn });
  unit.valid = unit.problems.every((p) => p.severity !== ProblemSeverity.ERROR);
  return unit;
}

function problem(u: Pick<ReliefUnit, 'householdNumber' | 'rowNumber'>, key: string, code: string, message: string): ImportProblem {
  const column = RELIEF_COLUMNS.byKey.get(key)!;
  return { severity: ProblemSeverity.ERROR, rowNumber: u.rowNumber, householdNumber: u.householdNumber || null, column: column.header, field: key, code, message };
}
