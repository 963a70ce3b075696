import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { cellText, columnTable, ImportColumn, parseRowCells } from '../../common/imports/columns';
import { exportPageOf } from '../../common/imports/export-page';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { writeInSavepoint } from '../../common/imports/savepoint';
import { ImportProblem, ImportStrategy, ProblemSeverity, RawRow, zeroCountsByUnit } from '../../common/imports/import-types';
import type { UnitRows } from '../../common/imports/unit-rows';
import { FundBatch, FundDocumentEntity } from '../funds.entities';
import { FundsRepository } from '../funds.repository';
import { CreateDocument, FundsService } from '../funds.service';

/**
 * The fund document list import (指标文件清单, kind `fund-documents`): one row a document received
 * by a district, written through FundsService.createDocumentIn (every check of createFundDocument,
 * its audit row) in the batch's transaction. A parent is named by its 文号 (上级文号): an active
 * document of the same year in the import's scope, stored or on an earlier row of the file.
 */
type Column = ImportColumn<'document' | 'none'>;
const C = (c: Omit<Column, 'scope' | 'role'>): Column => ({ role: 'stored', scope: 'document', ...c });

export const FUND_DOCUMENT_COLUMNS = columnTable<Column>(
  [
    C({ header: '文号', aliases: ['指标文号', '文件编号'], key: 'documentNumber', kind: 'text', required: true, maxLength: 100, verbatim: true }),
    C({ header: '发文单位', aliases: ['发文机关'], key: 'issuer', kind: 'text', required: true, maxLength: 100, verbatim: true }),
    C({ header: '发文日期', key: 'issuedOn', kind: 'date', required: true }),
    C({ header: '年度', aliases: ['资金年度'], key: 'year', kind: 'int', required: true, min: 2000, max: 2100 }),
    C({ header: '级次', aliases: ['资金级次'], key: 'level', kind: 'text', required: true, maxLength: 20 }),
    C({ header: '资金渠道', key: 'channel', kind: 'text', required: true, maxLength: 50 }),
    C({ header: '批次', aliases: ['下达批次'], key: 'batch', kind: 'text', required: true, maxLength: 20 }),
    C({ header: '上级文号', key: 'parentNumber', kind: 'text', maxLength: 100, verbatim: true }),
    C({ header: '金额（元）', aliases: ['金额', '金额(元)'], key: 'amount', kind: 'decimal', required: true, integerDigits: 12 }),
    C({ header: '功能科目', aliases: ['政府收支分类科目', '功能科目编码'], key: 'functionCode', kind: 'text', required: true, maxLength: 7 }),
    C({ header: '行政区划代码', aliases: ['接收区县代码'], key: 'regionCode', kind: 'text', required: true, maxLength: 12 }),
  ],
  { unitKey: 'documentNumber', nesting: { unitScope: 'document', childScope: 'none', childrenKey: 'none' } },
);

/** 批次 as written: the API name or its Chinese label (funds.models' FundBatch descriptions). */
const BATCHES: Readonly<Record<string, FundBatch>> = {
  ADVANCE: FundBatch.ADVANCE,
  提前下达: FundBatch.ADVANCE,
  REGULAR: FundBatch.REGULAR,
  正式下达: FundBatch.REGULAR,
  SUPPLEMENT: FundBatch.SUPPLEMENT,
  追加: FundBatch.SUPPLEMENT,
};

/** 批次 as the export writes it (the Chinese label, read back by BATCHES). */
const BATCH_LABEL: Readonly<Record<FundBatch, string>> = { [FundBatch.ADVANCE]: '提前下达', [FundBatch.REGULAR]: '正式下达', [FundBatch.SUPPLEMENT]: '追加' };

/** A checked row of the list: createFundDocument's fields, the parent by its number. */
export interface FundDocumentUnit extends AssembledUnit, Omit<CreateDocument, 'parentId'> {
  rowNumber: number;
  key: string;
  parentNumber: string | null;
}

/** The fields a stored document is compared by (a row equal to a stored active document is unchanged; any other is refused). */
const COMPARED = ['issuedOn', 'level', 'channel', 'batch', 'amount', 'functionCode', 'regionCode'] as const;

@Injectable()
export class FundDocumentImportPort implements ImportPort<FundDocumentUnit>, OnModuleInit {
  readonly kind = 'fund-documents';
  readonly table = FUND_DOCUMENT_COLUMNS;
  readonly units = ['documents'];
  // Finance's list of what was received: no procedure.
  readonly modes = [ImportMode.SYNC];
  readonly permission = 'funds.documents' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly funds: FundsService,
    private readonly repo: FundsRepository,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /** The active documents in the caller's scope (GET /exchange/exports/fund-documents), in the import's columns: the file re-imports unchanged. */
  readonly export: KindExport = {
    permission: 'funds.read',
    fileName: 'fund-documents',
    displayName: '指标文件',
    page: async (principal, filter, after, limit) =>
      exportPageOf(
        await this.repo.documentExportPage(principal, filter.regionPrefix, after, limit),
        limit,
        (d) => [d.year, d.levelRank, d.issuedOn, d.id],
        (d) => [{ documentNumber: d.documentNumber, issuer: d.issuer, issuedOn: d.issuedOn, year: String(d.year), level: d.level, channel: d.channel, batch: BATCH_LABEL[d.batch as FundBatch], parentNumber: d.parentNumber ?? '', amount: d.amount, functionCode: d.functionCode, regionCode: d.regionCode }],
      ),
  };

  example(): readonly Readonly<Record<string, string>>[] {
    return [
      { documentNumber: '豫财农〔2018〕1号', issuer: '河南省财政厅', issuedOn: '2018-03-01', year: '2018', level: '省', channel: '扶贫发展', batch: '正式下达', parentNumber: '', amount: '1000000.00', functionCode: '2130599', regionCode: '410106000000' },
    ];
  }

  /** 文号, 发文单位 and 年度: one document (adjacent rows of the same are duplicates). */
  groupKey(row: RawRow): string {
    return ['documentNumber', 'issuer', 'year'].map((k) => cellText(row.values.get(k))).join('|');
  }

  open(ctx: ImportContext): ImportSession<FundDocumentUnit> {
    const firstRowOf = new Map<string, number>();
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const counts = zeroCountsByUnit(this.units);
        const c = counts.documents;
        const problems: ImportProblem[] = [];
        for (const group of batch) {
          const u = group.parsed ?? assemble(group);
          problems.push(...u.problems);
          c.rejected += group.size - 1;
          if (!u.valid) {
            c.rejected++;
            continue;
          }
          const first = firstRowOf.get(u.key);
          if (first !== undefined && first !== u.rowNumber) {
            problems.push(problem(u, 'documentNumber', 'FUND_DOCUMENT_DUPLICATE', `与第 ${first} 行是同一文件 (the same document as row ${first})`));
            c.rejected++;
            continue;
          }
          firstRowOf.set(u.key, u.rowNumber);
          const outcome = await this.settle(m, ctx, u, dryRun);
          if ('refused' in outcome) {
            problems.push(...outcome.refused);
            c.rejected++;
          } else {
            c[outcome.count]++;
            if (outcome.info) problems.push(outcome.info);
          }
        }
        return { counts, problems, settledByDigest: 0 };
      },
    };
  }

  /** One document: unchanged when stored as the row says, refused when stored otherwise, else created (a savepoint keeps a refused row from touching the batch). */
  private async settle(m: EntityManager, ctx: ImportContext, u: FundDocumentUnit, dryRun: boolean): Promise<{ count: 'created' | 'unchanged'; info?: ImportProblem } | { refused: ImportProblem[] }> {
    const stored = (await this.repo.activeDocumentsByNumber(m, ctx.scope, u.year, [u.documentNumber])).find((d) => d.issuer === u.issuer);
    if (stored) {
      const differs = COMPARED.filter((k) => String(stored[k]) !== String(u[k]));
      const parentDiffers = (await this.parentId(m, ctx, u)) !== stored.parentId;
      if (!differs.length && !parentDiffers) return { count: 'unchanged' };
      return { refused: [problem(u, 'documentNumber', 'FUND_DOCUMENT_NUMBER_TAKEN', `已有此文号的文件，与本行不同：${[...differs, ...(parentDiffers ? ['parentNumber'] : [])].join('、')}；请在系统中更正 (the document exists and differs; correct it with updateFundDocument)`)] };
    }
    if (ctx.strategy === ImportStrategy.UPDATE) return { refused: [problem(u, 'documentNumber', 'NOT_FOUND_FOR_UPDATE', '没有此文件（仅更新模式）(no such document; the strategy updates only)')] };
    const parentId = await this.parentId(m, ctx, u);
    if (parentId === undefined) return { refused: [problem(u, 'parentNumber', 'FUND_DOCUMENT_NOT_FOUND', '本次导入范围内没有此上级文号的同年度文件，或有多个 (no single active document of the year with this number in the import\'s region)')] };
    const refusal = await writeInSavepoint(m, 'fund_document_row', dryRun, () => this.funds.createDocumentIn(m, ctx.scope, { ...u, parentId }));
    if (refusal) return { refused: fromError(u, refusal) };
    const info = dryRun && ctx.listChanges ? { severity: ProblemSeverity.INFO, rowNumber: u.rowNumber, householdNumber: null, column: null, field: null, code: 'WOULD_CREATE', message: '将新增此文件 (would create the document)' } : undefined;
    return { count: 'created', info };
  }

  /** The parent named by 上级文号: null without one, undefined when none or several match. */
  private async parentId(m: EntityManager, ctx: ImportContext, u: FundDocumentUnit): Promise<string | null | undefined> {
    if (!u.parentNumber) return null;
    const found: FundDocumentEntity[] = await this.repo.activeDocumentsByNumber(m, ctx.scope, u.year, [u.parentNumber]);
    return found.length === 1 ? found[0].id : undefined;
  }
}

/** Pure: a document's row (adjacent rows of the same document: duplicates) → the checked unit. */
function assemble(group: UnitRows<FundDocumentUnit>): FundDocumentUnit {
  const [row] = group.rows;
  const unit = { rowNumber: row.rowNumber, key: group.key, problems: [] as ImportProblem[], valid: false } as FundDocumentUnit;
  for (const p of row.problems) unit.problems.push({ severity: ProblemSeverity.ERROR, rowNumber: row.rowNumber, householdNumber: null, ...p });
  const { values, refused } = parseRowCells(FUND_DOCUMENT_COLUMNS.columns, row.values);
  for (const r of refused) unit.problems.push(problem(unit, r.key, r.code, r.message));
  const batch = BATCHES[String(values.batch ?? '')];
  if (values.batch != null && !batch) unit.problems.push(problem(unit, 'batch', 'CODE_NOT_LISTED', '批次须为 提前下达、正式下达 或 追加 (ADVANCE, REGULAR or SUPPLEMENT)'));
  Object.assign(unit, {
    documentNumber: values.documentNumber,
    issuer: values.issuer,
    issuedOn: values.issuedOn,
    year: values.year,
    level: values.level,
    channel: values.channel,
    batch,
    parentNumber: values.parentNumber || null,
    amount: values.amount,
    functionCode: values.functionCode,
    regionCode: values.regionCode,
  });
  unit.valid = unit.problems.every((p) => p.severity !== ProblemSeverity.ERROR);
  // Adjacent rows of the same document after the first are refused (counted by the batch); the first stands.
  for (const dup of group.rows.slice(1)) unit.problems.push(problem({ rowNumber: dup.rowNumber }, 'documentNumber', 'FUND_DOCUMENT_DUPLICATE', `与第 ${row.rowNumber} 行是同一文件 (the same document as row ${row.rowNumber})`));
  return unit;
}

function problem(u: Pick<FundDocumentUnit, 'rowNumber'>, key: string, code: string, message: string): ImportProblem {
  const column = FUND_DOCUMENT_COLUMNS.byKey.get(key)!;
  return { severity: ProblemSeverity.ERROR, rowNumber: u.rowNumber, householdNumber: null, column: column.header, field: key, code, message };
}

/** The service's coded error as problems: `input.x` names column x (the parent's id is the row's 上级文号). */
function fromError(u: FundDocumentUnit, e: AppError): ImportProblem[] {
  const items = e.problems?.length ? e.problems : [{ field: e.field ?? '', reason: e.reason ?? e.code, message: e.message }];
  return items.map((p) => {
    const key = p.field.replace(/^input\./, '').replace(/^parentId$/, 'parentNumber');
    return problem(u, FUND_DOCUMENT_COLUMNS.byKey.has(key) ? key : 'documentNumber', String(p.reason), p.message);
  });
}
