import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Principal } from '../common/access/principal';
import { regionScopeSql } from '../common/access/region-scope';
import { AppError } from '../common/errors/app-error';
import { CellValue, cellText, CodeListLike, columnTable, formatCell, ImportColumn, parseRowCells } from '../common/imports/columns';
import { afterCursorSql, exportPageOf } from '../common/imports/export-page';
import { ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../common/imports/import-port';
import { ImportPorts } from '../common/imports/import-ports';
import { ImportProblem, ProblemSeverity, RawRow } from '../common/imports/import-types';
import { RosterUnit, rosterProblems, writeRosterBatch } from '../common/imports/roster-port';
import type { UnitRows } from '../common/imports/unit-rows';
import { maskedField } from '../common/protection/protected-field';
import { SECRETS, Secrets } from '../config/secrets';
import { HotlineArea, HotlineCaseEntity, HotlineChannel } from './hotline.entity';
import { HOTLINE_PROCEDURE } from './hotline-procedure';
import { HOTLINE_REPORTER_CONTACT, HOTLINE_REPORTER_NAME } from './hotline-protected';
import { HotlineService } from './hotline.service';

/**
 * Hotline cases from the 12317 platform (kind `hotline-cases`, issue #20): one row a case with the
 * platform's number (工单编号), uploaded to POST /exchange/imports?kind=hotline-cases like any
 * import. Each row is received as receiveHotlineCase receives it (the same checks: the type listed
 * on the received date, the place in the import's scope, the reporter of a named case), with its
 * protected reporter encrypted, and transferred on the file's 转办日期 to its 承办单位 with the
 * deadline counted as a TRANSFER step counts it. A number already received is reported and not
 * written again (unchanged); a number twice in the file refuses the later row. The export (GET
 * /exchange/exports/hotline-cases) is the cases in these columns with their handling after; the
 * reporter only for the handlers (supervision.hotline), masked, and blank for everyone else.
 */
type Column = ImportColumn<'case' | 'none'>;
const C = (c: Omit<Column, 'scope' | 'role'> & { role?: Column['role'] }): Column => ({ role: 'stored', scope: 'case', ...c });
const list = (labels: Record<string, string>): CodeListLike => ({ values: Object.fromEntries(Object.keys(labels).map((k) => [k, k])), code: Object.fromEntries(Object.keys(labels).map((k) => [k, k])), label: labels });

export const HOTLINE_CHANNELS = list({ HOTLINE_12317: '12317热线', LOCAL_LINE: '本地热线', LETTER: '来信', VISIT: '来访', ONLINE: '网上' } satisfies Record<HotlineChannel, string>);
export const HOTLINE_AREAS = list({ FUNDS: '资金', PROJECTS: '项目', IDENTIFICATION_EXIT: '识别退出', POLICY: '政策', WORK_STYLE: '作风' } satisfies Record<HotlineArea, string>);

export const HOTLINE_COLUMNS = columnTable<Column>(
  [
    C({ header: '工单编号', aliases: ['工单号', '热线件编号'], key: 'platformNumber', kind: 'text', required: true, maxLength: 40 }),
    C({ header: '受理渠道', key: 'channel', kind: 'code', list: HOTLINE_CHANNELS, required: true }),
    C({ header: '受理日期', aliases: ['来电日期'], key: 'receivedOn', kind: 'date', required: true }),
    C({ header: '问题类型', aliases: ['类型'], key: 'caseType', kind: 'text', required: true, maxLength: 40 }),
    C({ header: '问题领域', key: 'area', kind: 'code', list: HOTLINE_AREAS, required: true }),
    C({ header: '所在区划代码', aliases: ['行政区划代码'], key: 'regionCode', kind: 'text', required: true, maxLength: 12 }),
    C({ header: '反映内容', aliases: ['内容摘要'], key: 'summary', kind: 'text', required: true, maxLength: 4000, verbatim: true }),
    C({ header: '是否匿名', key: 'anonymous', kind: 'bool', required: true }),
    C({ header: '举报人姓名', key: 'reporterName', kind: 'text', maxLength: 50, verbatim: true, protected: true }),
    C({ header: '举报人联系方式', key: 'reporterContact', kind: 'text', maxLength: 100, protected: true, formulaTextAllowed: true }),
    C({ header: '转办日期', key: 'transferredOn', kind: 'date' }),
    C({ header: '承办单位', key: 'handlingUnit', kind: 'text', maxLength: 100, verbatim: true }),
    C({ header: '办理阶段', key: 'stage', kind: 'text', role: 'info' }),
    C({ header: '办理时限', key: 'deadline', kind: 'date', role: 'info' }),
    C({ header: '回复日期', key: 'repliedOn', kind: 'date', role: 'info' }),
    C({ header: '是否属实', key: 'substantiated', kind: 'bool', role: 'info' }),
    C({ header: '回访日期', key: 'visitedOn', kind: 'date', role: 'info' }),
    C({ header: '是否满意', key: 'satisfied', kind: 'bool', role: 'info' }),
    C({ header: '办结日期', key: 'closedOn', kind: 'date', role: 'info' }),
  ],
  { unitKey: 'platformNumber', nesting: { unitScope: 'case', childScope: 'none', childrenKey: 'none' } },
);

/** The fields a receipt's coded errors name, as the file's columns. */
const COLUMN_OF: Record<string, string> = { 'input.transferredOn': 'transferredOn', 'input.effectiveOn': 'transferredOn' };
const columnOf = (field: string): string => {
  const key = COLUMN_OF[field] ?? field.replace(/^input\./, '');
  return HOTLINE_COLUMNS.byKey.has(key) ? key : 'platformNumber';
};
const { problem, warning, fromError: errorProblems } = rosterProblems(HOTLINE_COLUMNS);
const fromError = (u: RosterUnit, e: AppError) => errorProblems(u, e, columnOf, 'REGION_OUT_OF_SCOPE');

/** A checked row: the case it states (the roster's unit key is the platform's number). */
export interface HotlineUnit extends RosterUnit {
  values: Record<string, CellValue>;
}

@Injectable()
export class HotlineImportPort implements ImportPort<HotlineUnit>, OnModuleInit {
  readonly kind = 'hotline-cases';
  readonly table = HOTLINE_COLUMNS;
  readonly units = ['cases'];
  // The platform's cases are received as they came: no approval procedure.
  readonly modes = [ImportMode.SYNC];
  // Besides exchange.import: the case handlers' own permission.
  readonly permission = 'supervision.hotline' as const;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ports: ImportPorts,
    private readonly cases: HotlineService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  example(): readonly Readonly<Record<string, string>>[] {
    return [
      {
        platformNumber: '12317-2018-000123', channel: '12317热线', receivedOn: '2018-05-04', caseType: '举报', area: '资金', regionCode: '410106100201',
        summary: '反映村干部优亲厚友，套取扶贫资金', anonymous: '否', reporterName: '王示例', reporterContact: '13800000000', transferredOn: '2018-05-07', handlingUnit: '峡窝镇人民政府',
      },
    ];
  }

  groupKey(row: RawRow): string {
    return cellText(row.values.get('platformNumber'));
  }

  open(ctx: ImportContext): ImportSession<HotlineUnit> {
    const firstRowOf = new Map<string, number>();
    return {
      assemble,
      write: async (m, batch, { dryRun }) => {
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const numbers = units.filter((u) => u.valid).map((u) => u.key);
        const known = new Set<string>(
          ((await m.query(`SELECT platform_number FROM supervision_hotline_cases WHERE platform_number = ANY($1::text[]) FOR UPDATE`, [numbers])) as { platform_number: string }[]).map((r) => r.platform_number),
        );
        return writeRosterBatch({
          unit: 'cases',
          units,
          firstRowOf,
          duplicate: (u, first) => problem(u, 'platformNumber', 'DUPLICATE_CASE', `同一工单编号已在第 ${first} 行 (the number is on row ${first} already)`),
          fromError,
          settle: async (u) => {
            if (known.has(u.key)) return { count: 'unchanged', problem: warning(u, 'platformNumber', 'HOTLINE_CASE_ALREADY_RECEIVED', '此工单已受理，未重复导入 (the case is received already; not imported again)') };
            const v = u.values;
            const transferredOn = (v.transferredOn as string | undefined) ?? null;
            const handlingUnit = (v.handlingUnit as string | undefined) ?? null;
            if (handlingUnit && !transferredOn) return { refused: [problem(u, 'transferredOn', 'REQUIRED', '填写承办单位时须填写转办日期 (a handling unit needs the transfer date)')] };
            await this.cases.importCase(
              m,
              ctx.scope,
              {
                platformNumber: u.key,
                channel: v.channel as HotlineChannel,
                receivedOn: v.receivedOn as string,
                caseType: v.caseType as string,
                area: v.area as HotlineArea,
                regionCode: v.regionCode as string,
                summary: v.summary as string,
                anonymous: v.anonymous as boolean,
                reporterName: (v.reporterName as string | undefined) ?? null,
                reporterContact: (v.reporterContact as string | undefined) ?? null,
                transfer: transferredOn ? { on: transferredOn, handlingUnit: handlingUnit ?? '' } : null,
              },
              dryRun,
            );
            return { count: 'created' };
          },
        });
      },
    };
  }

  /** The cases in the caller's region (by received date), in the import's columns with their handling; the reporter masked for the handlers, blank for others. */
  readonly export: KindExport = {
    permission: 'supervision.read',
    fileName: 'hotline-cases',
    displayName: '12317热线件台账',
    page: async (principal: Principal, filter, after, limit) => {
      const params: unknown[] = [];
      const scope = regionScopeSql('c.region_code', principal, params, { within: filter.regionPrefix });
      const keyset = afterCursorSql(after, ['c.received_on::text', 'c.id::text'], params);
      params.push(limit);
      const ids = ((await this.dataSource.query(`SELECT c.id FROM supervision_hotline_cases c WHERE ${scope} AND ${keyset} ORDER BY c.received_on::text, c.id::text LIMIT $${params.length}`, params)) as { id: string }[]).map((r) => r.id);
      const byId = new Map((ids.length ? await this.dataSource.getRepository(HotlineCaseEntity).findBy({ id: In(ids) }) : []).map((c) => [c.id, c]));
      const rows = ids.map((id) => byId.get(id)!);
      const handler = principal.permissions.has('supervision.hotline');
      const col = (key: string) => HOTLINE_COLUMNS.byKey.get(key)!;
      return exportPageOf(rows, limit, (c) => [c.receivedOn, c.id], (c) => [
        {
          platformNumber: c.platformNumber ?? '',
          channel: formatCell(col('channel'), c.channel),
          receivedOn: c.receivedOn,
          caseType: c.caseType,
          area: formatCell(col('area'), c.area),
          regionCode: c.regionCode,
          summary: c.summary,
          anonymous: formatCell(col('anonymous'), c.anonymous),
          reporterName: handler ? (maskedField(this.secrets.cipher, HOTLINE_REPORTER_NAME, c) ?? '') : '',
          reporterContact: handler ? (maskedField(this.secrets.cipher, HOTLINE_REPORTER_CONTACT, c) ?? '') : '',
          transferredOn: c.transferredOn ?? '',
          handlingUnit: c.handlingUnit ?? '',
          stage: HOTLINE_PROCEDURE.stages[c.stage].label,
          deadline: c.deadline ?? '',
          repliedOn: c.repliedOn ?? '',
          substantiated: formatCell(col('substantiated'), c.substantiated),
          visitedOn: c.visitedOn ?? '',
          satisfied: formatCell(col('satisfied'), c.satisfied),
          closedOn: c.closedOn ?? '',
        },
      ]);
    },
  };
}

/** Pure: a number's rows → a checked case (adjacent rows of one number: the later refused as duplicates). */
function assemble(group: UnitRows<HotlineUnit>): HotlineUnit {
  const [row] = group.rows;
  const unit: HotlineUnit = { householdNumber: group.key, rowNumber: row.rowNumber, duplicates: group.size - 1, key: group.key, values: {}, problems: [], valid: false };
  for (const p of row.problems) unit.problems.push({ severity: ProblemSeverity.ERROR, rowNumber: row.rowNumber, householdNumber: group.key || null, ...p });
  for (const dup of group.rows.slice(1)) unit.problems.push(problem({ householdNumber: group.key, rowNumber: dup.rowNumber }, 'platformNumber', 'DUPLICATE_CASE', `同一工单编号已在第 ${row.rowNumber} 行 (the number is on row ${row.rowNumber} already)`));
  const { values, refused } = parseRowCells(HOTLINE_COLUMNS.columns.filter((c) => c.role === 'stored'), row.values);
  for (const r of refused) unit.problems.push(problem(unit, r.key, r.code, r.message));
  unit.values = values;
  unit.valid = !unit.problems.some((p: ImportProblem) => p.severity === ProblemSeverity.ERROR && p.rowNumber === row.rowNumber);
  return unit;
}
