import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../common/access/principal';
import { regionScopeSql } from '../common/access/region-scope';
import { maskCitizenId, maskName } from '../common/crypto/mask';
import { exportColumn, exportTable } from '../common/imports/export-columns';
import { afterCursorSql, exportPageOf } from '../common/imports/export-page';
import type { ExportOnlyKind, KindExportFilter } from '../common/imports/import-port';
import { ImportPorts } from '../common/imports/import-ports';
import { SECRETS, Secrets } from '../config/secrets';
import { FindingSeverity, FindingSource } from './finding.entity';
import { ExitCheck, IdentificationCheck, VisitSatisfaction } from './inspection-visit.entity';
import { InspectionErrors } from './inspection.errors';
import { InspectionRepository } from './inspection.repository';
import { SUPERVISION_PROCEDURE } from './supervision-procedure';
import { SupervisionService } from './supervision.service';

/**
 * The supervision ledgers exported for people (issue #20: "exports of ledgers, XLSX, Chinese
 * headers"), served by GET /exchange/exports/{kind} as any kind's export (CSV, XLSX, NDJSON; the
 * audit row before the first byte): kinds with no import, so their columns are for reading, not
 * for re-import. `supervision-findings`: the findings with their rectification ledger (整改台账),
 * by the findings' region scope (supervision.read). `inspection-visit-sheet`: an inspection's
 * visit sheet (走访表, `of` the inspection's id), for the inspecting side only (supervision.write),
 * one row a sampled household with the visit's questions, blank until the visit is recorded.
 */
const T = exportColumn;

const SOURCE_LABELS: Record<FindingSource, string> = { INSPECTION: '督查检查', HOTLINE: '12317热线', DISCIPLINE: '纪检监察', SELF_CHECK: '自查', AUDIT: '审计' };
const SEVERITY_LABELS: Record<FindingSeverity, string> = { GENERAL: '一般', SERIOUS: '较重', GRAVE: '严重' };
const IDENTIFICATION_LABELS: Record<IdentificationCheck, string> = { CORRECT: '识别准确', SHOULD_NOT_BE_REGISTERED: '错评', NOT_VERIFIED: '未能核实' };
const EXIT_LABELS: Record<ExitCheck, string> = { EXIT_CORRECT: '退出准确', WRONG_EXIT: '错退' };
const SATISFACTION_LABELS: Record<VisitSatisfaction, string> = { SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', DISSATISFIED: '不满意' };

export const FINDING_LEDGER_COLUMNS = exportTable(
  [
    T('问题编号', 'id'),
    T('问题来源', 'source'),
    T('来源文号', 'sourceReference'),
    T('所在区划代码', 'regionCode'),
    T('所在区划', 'regionName'),
    T('问题类别', 'category'),
    T('问题子项', 'subitem'),
    T('问题描述', 'description'),
    T('严重程度', 'severity'),
    T('牵头单位', 'leadUnit'),
    T('责任单位', 'responsibleUnit'),
    T('责任人', 'responsiblePerson'),
    T('发现日期', 'foundOn', { kind: 'date' }),
    T('整改时限', 'deadline', { kind: 'date' }),
    T('整改阶段', 'stage'),
    T('是否逾期', 'overdue', { kind: 'bool' }),
    T('逾期起始日', 'overdueSince', { kind: 'date' }),
    T('督办函编号', 'letterNumber'),
    T('整改措施', 'measures'),
    T('计划完成日期', 'plannedOn', { kind: 'date' }),
    T('整改进展', 'progress'),
    T('整改结果', 'result'),
    T('验收人', 'acceptor'),
    T('验收日期', 'acceptedOn', { kind: 'date' }),
    T('验收意见', 'acceptanceOpinion'),
    T('销号日期', 'closedOn', { kind: 'date' }),
    T('移交纪检日期', 'referredOn', { kind: 'date' }),
    T('移交理由', 'referralReason'),
  ],
  'id',
);

export const VISIT_SHEET_COLUMNS = exportTable(
  [
    T('序号', 'ordinal', { kind: 'int' }),
    T('乡镇', 'townName'),
    T('村', 'villageName'),
    T('户编号', 'householdNumber'),
    T('户主姓名', 'headName', { protected: true }),
    T('户主证件号码', 'headIdNumber', { protected: true }),
    T('走访日期', 'visitedOn', { kind: 'date' }),
    T('识别核查（识别准确/错评/未能核实）', 'identification'),
    T('退出核查（退出准确/错退，已脱贫户填）', 'exitCheck'),
    T('村内漏评户数', 'missedHouseholds', { kind: 'int' }),
    T('群众满意度（满意/基本满意/不满意）', 'satisfaction'),
    T('走访情况', 'notes'),
  ],
  'householdNumber',
);

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** A finding's row as the ledger's statement reads it (snake_case columns, dates as text). */
interface LedgerRow {
  id: string;
  found_key: string;
  source: FindingSource;
  severity: FindingSeverity;
  stage: string;
  region_code: string;
  category: string;
  description: string;
  lead_unit: string;
  responsible_unit: string;
  responsible_person: string;
  [column: string]: unknown;
}

/** A sampled household's row of the visit sheet's statement. */
interface SheetRow {
  id: string;
  ordinal: number;
  household_number: string;
  head_name: string | null;
  id_number_enc: string | null;
  visited_on: string | null;
  identification: IdentificationCheck | null;
  exit_check: ExitCheck | null;
  satisfaction: VisitSatisfaction | null;
  [column: string]: unknown;
}

@Injectable()
export class SupervisionExports implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ports: ImportPorts,
    private readonly inspections: InspectionRepository,
    private readonly supervising: SupervisionService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  onModuleInit(): void {
    this.ports.registerExport(this.findings);
    this.ports.registerExport(this.visitSheet);
  }

  /** 督查问题整改台账: the caller's findings (their place in scope) by found date, with the ledger, the progress notes and the letter. */
  readonly findings: ExportOnlyKind = {
    kind: 'supervision-findings',
    table: FINDING_LEDGER_COLUMNS,
    export: {
      permission: 'supervision.read',
      fileName: 'supervision-findings',
      displayName: '督查问题整改台账',
      page: async (principal, filter, after, limit) => {
        const params: unknown[] = [];
        const scope = regionScopeSql('f.region_code', principal, params, { within: filter.regionPrefix });
        const keyset = afterCursorSql(after, ['f.found_on::text', 'f.id::text'], params);
        params.push(limit);
        const rows: LedgerRow[] = await this.dataSource.query(
          `SELECT f.*, f.found_on::text AS found_key, r.name AS region_name, l.number AS letter_number,
                  (SELECT string_agg(p.noted_on::text || ' ' || p.note, '；' ORDER BY p.noted_on, p.created_at) FROM supervision_progress_notes p WHERE p.finding_id = f.id) AS progress
             FROM supervision_findings f
             LEFT JOIN regions r ON r.code = f.region_code
             LEFT JOIN supervision_letters l ON l.finding_id = f.id
            WHERE ${scope} AND ${keyset}
            ORDER BY f.found_on, f.id::text
            LIMIT $${params.length}`,
          params,
        );
        return exportPageOf(rows, limit, (f) => [f.found_key, f.id], (f) => [
          {
            id: f.id,
            source: SOURCE_LABELS[f.source] ?? f.source,
            sourceReference: text(f.source_reference),
            regionCode: f.region_code,
            regionName: text(f.region_name),
            category: f.category,
            subitem: text(f.subitem),
            description: f.description,
            severity: SEVERITY_LABELS[f.severity] ?? f.severity,
            leadUnit: f.lead_unit,
            responsibleUnit: f.responsible_unit,
            responsiblePerson: f.responsible_person,
            foundOn: f.found_key,
            deadline: text(f.deadline),
            stage: SUPERVISION_PROCEDURE.stages[f.stage as keyof typeof SUPERVISION_PROCEDURE.stages]?.label ?? f.stage,
            overdue: f.overdue_since ? '是' : '否',
            overdueSince: text(f.overdue_since),
            letterNumber: text(f.letter_number),
            measures: text(f.rectification_measures),
            plannedOn: text(f.rectification_planned_on),
            progress: text(f.progress),
            result: text(f.rectification_result),
            acceptor: text(f.acceptor),
            acceptedOn: text(f.accepted_on),
            acceptanceOpinion: text(f.acceptance_opinion),
            closedOn: text(f.closed_on),
            referredOn: text(f.referred_on),
            referralReason: text(f.referral_reason),
          },
        ]);
      },
    },
  };

  /**
   * 走访表: an inspection's sampled households in sheet order (as inspectionVisitSheet), the head's
   * name and ID number masked, the visit's columns filled where the visit is recorded and blank
   * for filling in otherwise. The inspecting side only (supervision.write, of the sector departments
   * only discipline inspection: inspections are mostly unannounced); an inspection missing or outside
   * the caller's scope is INSPECTION_NOT_FOUND.
   */
  readonly visitSheet: ExportOnlyKind = {
    kind: 'inspection-visit-sheet',
    table: VISIT_SHEET_COLUMNS,
    export: {
      permission: 'supervision.write',
      record: { description: "the inspection's id" },
      fileName: 'inspection-visit-sheet',
      displayName: '督查走访表',
      check: async (principal: Principal, filter: KindExportFilter) => {
        this.supervising.requireSupervising(principal);
        if (!filter.of || !(await this.inspections.findInScope(principal, filter.of))) throw InspectionErrors.notFound('of');
      },
      page: async (principal, filter, after, limit) => {
        const params: unknown[] = [filter.of];
        const scope = regionScopeSql('i.region_code', principal, params);
        const keyset = afterCursorSql(after, ['s.ordinal', 's.id::text'], params);
        params.push(limit);
        const rows: SheetRow[] = await this.dataSource.query(
          `SELECT s.id, s.ordinal, t.name AS town_name, vg.name AS village_name, h.household_number, m.name AS head_name, m.id_number_enc,
                  v.visited_on::text AS visited_on, v.identification, v.exit_check, v.missed_households, v.satisfaction, v.notes
             FROM supervision_inspection_samples s
             JOIN supervision_inspections i ON i.id = s.inspection_id
             JOIN households h ON h.id = s.household_id
             LEFT JOIN members m ON m.id = h.head_member_id
             LEFT JOIN regions t ON t.code = s.town_code
             LEFT JOIN regions vg ON vg.code = s.village_code
             LEFT JOIN supervision_inspection_visits v ON v.sample_id = s.id
            WHERE s.inspection_id = $1 AND ${scope} AND ${keyset}
            ORDER BY s.ordinal, s.id::text
            LIMIT $${params.length}`,
          params,
        );
        return exportPageOf(rows, limit, (r) => [r.ordinal, r.id], (r) => [
          {
            ordinal: String(r.ordinal),
            townName: text(r.town_name),
            villageName: text(r.village_name),
            householdNumber: r.household_number,
            headName: r.head_name ? maskName(r.head_name) : '',
            headIdNumber: r.id_number_enc ? maskCitizenId(this.secrets.cipher.decrypt(r.id_number_enc)) : '',
            visitedOn: text(r.visited_on),
            identification: r.identification ? IDENTIFICATION_LABELS[r.identification] : '',
            exitCheck: r.exit_check ? EXIT_LABELS[r.exit_check] : '',
            missedHouseholds: r.visited_on ? String(r.missed_households) : '',
            satisfaction: r.satisfaction ? SATISFACTION_LABELS[r.satisfaction] : '',
            notes: text(r.notes),
          },
        ]);
      },
    },
  };
}
