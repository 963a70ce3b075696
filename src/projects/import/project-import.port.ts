import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../../common/access/principal';
import { inRegionScope } from '../../common/access/region-scope';
import { todayInChina } from '../../common/dates/local-date';
import { AppError } from '../../common/errors/app-error';
import { isUniqueViolation } from '../../common/sql/unique-violation';
import { CellValue, cellText, formatCell, parseCell } from '../../common/imports/columns';
import { exportPageOf } from '../../common/imports/export-page';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { ImportProblem, ImportStrategy, ProblemSeverity, RawRow, zeroCountsByUnit } from '../../common/imports/import-types';
import type { UnitRows } from '../../common/imports/unit-rows';
import { HouseholdsService } from '../../households/households.service';
import { FundingLevel } from '../project-children.entity';
import { fundingMatchesBudget, fundingTotalOf } from '../project-funding';
import { ConstructionNature, ProjectStage } from '../project.entity';
import { PROJECT_PROCEDURE, projectEditable, SYNC_LANDING_STAGES } from '../project-procedure';
import { ProjectErrors } from '../project.errors';
import { exportKeyOf, ProjectExportRecord, ProjectRepository } from '../project.repository';
import { CreateProject, FundingLineInput, PerformanceTargetInput, ProjectDetails, ProjectService, ProjectWriteOutcome } from '../project.service';
import { FUNDING_KEYS, PROJECT_COLUMNS, PROJECT_TABLE, ProjectColumn, TARGET_KEYS } from './project-columns';

/** A list cell's items (受益村代码, 受益贫困户户编号): separated by 、 , ， ; ； or blanks. */
const ITEMS = /[、,，;；|\s]+/;

/** A checked project of the file: its own columns' values, its funding lines and targets with their rows. */
export interface ProjectUnit extends AssembledUnit {
  libraryCode: string;
  rowNumber: number;
  /** The project's columns the file has (blank: null), by key. */
  values: Record<string, CellValue>;
  /** Undefined when the file has no funding columns (an update keeps the stored plan). */
  fundingLines?: (FundingLineInput & { rowNumber: number })[];
  targets?: (PerformanceTargetInput & { rowNumber: number })[];
}

const COLUMN = new Map(PROJECT_COLUMNS.map((c) => [c.key, c]));
/** The project's columns given to ProjectService as they are (the rest are converted or checked here). */
const DETAIL_KEYS = PROJECT_COLUMNS.filter(
  (c) => c.scope === 'project' && c.role === 'stored' && !['regionCode', 'sector', 'stage', 'beneficiaryVillageCodes', 'beneficiaryHouseholdNumbers'].includes(c.key),
).map((c) => c.key);

/**
 * The project list import (kind `projects`, permission `projects.write`): a village's, town's or
 * district's list of projects (项目库清单), one project per 项目库编号 (project-columns.ts: its
 * columns on the first row, a funding line and/or a performance target per row). The project is
 * matched by its region and library code: a new one is created, a known one updated (only the
 * columns the file has), an unchanged one left alone. Every rule is ProjectService's
 * (createWithin / updateWithin, in a savepoint of the batch's transaction, so a refused project
 * writes nothing): its errors become the report's problems, each naming its column.
 *
 * PROPOSE (below district level): new projects are drafts (DRAFT), as createProject makes them;
 * the village applies through the procedure. SYNC (district level, the library as it stands): a
 * new project lands at the file's 项目阶段 when it is one of SYNC_LANDING_STAGES (blank: DRAFT),
 * the rules of the steps on its road having been met (entry fields, performance targets), with
 * an IMPORTED event naming the job. A known project's stage is never moved by a file.
 */
@Injectable()
export class ProjectImportPort implements ImportPort<ProjectUnit>, OnModuleInit {
  readonly kind = 'projects';
  readonly table = PROJECT_TABLE;
  readonly units = ['projects'] as const;
  readonly modes = [ImportMode.SYNC, ImportMode.PROPOSE] as const;
  readonly permission = 'projects.write' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly projects: ProjectService,
    private readonly repo: ProjectRepository,
    private readonly households: HouseholdsService,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /**
   * The library as the caller reads it (GET /exchange/exports/projects), in the import's layout:
   * a project's own columns on its first row, one funding line and one target a row
   * (projectExportRows), so the file re-imports unchanged. Region scope as the `projects` list
   * (no sector narrowing of reads); projects without a 项目库编号 come last with the column blank:
   * the import refuses them (REQUIRED), having nothing to match them by.
   */
  readonly export: KindExport = {
    permission: 'projects.read',
    fileName: 'projects',
    displayName: '项目库',
    page: async (principal, filter, after, limit) => exportPageOf(await this.repo.exportPage(principal, filter.regionPrefix, after, limit), limit, exportKeyOf, projectExportRows),
  };

  /** A 2018 industry project of 北峡窝村 with two funding lines and a performance target (valid in the demo's parameters). */
  example(): readonly Readonly<Record<string, string>>[] {
    return [
      {
        libraryCode: 'SJ2018-0001',
        regionCode: '410106100201',
        locationName: '北峡窝村',
        name: '北峡窝村食用菌种植基地',
        year: '2018',
        category: '产业发展',
        industryType: '特色加工业',
        constructionNature: '新建',
        sector: '',
        stage: '',
        plannedStartOn: '2018-10-20',
        plannedEndOn: '2018-11-30',
        responsibleUnit: '北峡窝村村民委员会',
        responsiblePerson: '王建国',
        tasks: '新建食用菌大棚 10 座',
        budgetTotal: '300000.00',
        beneficiaryVillages: '1',
        beneficiaryPoorVillages: '1',
        beneficiaryHouseholds: '22',
        beneficiaryPoorHouseholds: '4',
        beneficiaryPeople: '66',
        beneficiaryPoorPeople: '12',
        beneficiaryVillageCodes: '',
        beneficiaryHouseholdNumbers: '',
        partyBranchProposedOn: '2018-02-01',
        committeesDeliberatedOn: '2018-02-05',
        partyMembersReviewedOn: '2018-02-10',
        representativesResolvedOn: '2018-02-15',
        resolutionDisclosedOn: '2018-02-20',
        resultDisclosedOn: '',
        povertyReductionMechanism: '贫困户与北峡窝村种养殖专业合作社签订土地流转+优先务工协议，按年兑现收益',
        fundingLevel: '中央',
        fundingChannel: '扶贫发展',
        fundingAmount: '180000.00',
        targetIndicator: '带动贫困户增收',
        targetValue: '4',
        targetUnit: '户',
        targetActualValue: '',
      },
      { libraryCode: 'SJ2018-0001', fundingLevel: '区县级', fundingChannel: '区本级', fundingAmount: '120000.00' },
    ];
  }

  groupKey(row: RawRow): string {
    return cellText(row.values.get('libraryCode'));
  }

  open(ctx: ImportContext): ImportSession<ProjectUnit> {
    const has = new Set(ctx.columns.map((c) => c.key));
    const on = ctx.effectiveOn ?? todayInChina();
    // The uploader as at upload, for the service's scope checks (region and sector); the audit
    // rows name the uploader from the job's request scope.
    const principal: Principal = {
      kind: 'user',
      id: ctx.actor.userId ?? ctx.jobId,
      personId: ctx.actor.userId ?? ctx.jobId,
      name: ctx.actor.name ?? 'import',
      roles: ctx.scope.roles ?? [],
      permissions: new Set(),
      regionCode: ctx.scopePrefix.padEnd(12, '0'),
      scopePrefix: ctx.scopePrefix,
      sector: ctx.scope.sector ?? null,
    };
    const assemble = (g: UnitRows<ProjectUnit>) => assembleProject(g, ctx, has);
    return {
      assemble,
      write: async (m, batch, { dryRun }) => {
        const counts = zeroCountsByUnit(this.units);
        const problems: ImportProblem[] = [];
        for (const g of batch) {
          const u = g.parsed ?? assemble(g);
          const own: ImportProblem[] = [...u.problems];
          const outcome = u.valid ? await this.writeOne(m, principal, ctx, u, on, dryRun, own) : null;
          problems.push(...own);
          if (!outcome) counts.projects.rejected++;
          else {
            counts.projects[outcome]++;
            if (ctx.listChanges && outcome !== 'unchanged') {
              problems.push(info(u, outcome === 'created' ? 'WOULD_CREATE' : 'WOULD_UPDATE', outcome === 'created' ? '将新增此项目 (would create the project)' : '将更新此项目 (would update the project)'));
            }
          }
        }
        return { counts, problems, settledByDigest: 0 };
      },
    };
  }

  /** One project: found by region and library code, checked and written by ProjectService in a savepoint; null when refused (problems added). */
  private async writeOne(m: EntityManager, principal: Principal, ctx: ImportContext, u: ProjectUnit, on: string, dryRun: boolean, problems: ImportProblem[]): Promise<ProjectWriteOutcome | null> {
    const refuse = (key: string, code: string, message: string, rowNumber = u.rowNumber) => {
      problems.push(problem(u, key, code, message, rowNumber));
      return null;
    };
    const regionCode = u.values.regionCode as string;
    const existing = inRegionScope(ctx.scope, regionCode) ? await this.repo.findByLibraryCode(m, regionCode, u.libraryCode) : null;
    if (existing && ctx.strategy === ImportStrategy.CREATE) return refuse('libraryCode', 'PROJECT_EXISTS', `项目库编号 ${u.libraryCode} 在该地区已有项目，不能新增（仅新增模式） (the project exists; the strategy creates only)`);
    if (!existing && ctx.strategy === ImportStrategy.UPDATE) return refuse('libraryCode', 'PROJECT_NOT_FOUND', `项目库编号 ${u.libraryCode} 在该地区没有项目（仅更新模式） (no such project; the strategy updates only)`);
    const stage = u.values.stage as ProjectStage | null | undefined;
    let householdIds: string[] | undefined;
    if (has(u, 'beneficiaryHouseholdNumbers')) {
      const numbers = items(u.values.beneficiaryHouseholdNumbers);
      const found = numbers.length ? await this.households.findByNumbersInScope(ctx.scope, numbers, m) : new Map<string, { id: string }>();
      const missing = numbers.filter((n) => !found.has(n));
      if (missing.length) return refuse('beneficiaryHouseholdNumbers', 'HOUSEHOLD_NOT_FOUND', `本次导入范围内没有户编号 ${missing.slice(0, 5).join('、')} (no such household in this import's region)`);
      householdIds = numbers.map((n) => found.get(n)!.id);
    }
    const details = detailsOf(u, householdIds);
    const at = (e: AppError) => {
      for (const p of appErrorProblems(e, u)) problems.push(p);
      return null;
    };
    try {
      if (existing) {
        if (!inRegionScope(ctx.scope, existing.regionCode, { sector: { value: existing.sector, access: 'write' } })) {
          return refuse('sector', 'REGION_OUT_OF_SCOPE', '该项目属于其他行业部门，不在您的写入范围内 (another sector\'s project: outside your write scope)');
        }
        if (has(u, 'sector') && (u.values.sector ?? null) !== existing.sector) return refuse('sector', 'SECTOR_NOT_CHANGEABLE', '已有项目的行业部门不能通过导入更改 (a project\'s sector does not change)');
        if (!projectEditable(existing.stage)) {
          // A closed project as the export wrote it (the whole library exported and uploaded again) is unchanged, not refused.
          if (await this.sameAsStored(m, existing.id, u, ctx)) return 'unchanged';
          return refuse(stage ? 'stage' : 'libraryCode', 'PROJECT_NOT_EDITABLE', `项目已处于“${PROJECT_PROCEDURE.stages[existing.stage].label}”，不能再修改 (the project is ${existing.stage}: no more changes)`);
        }
        if (stage && stage !== existing.stage) return refuse('stage', 'STAGE_NEEDS_PROCEDURE', `项目阶段须通过项目库程序办理，导入不能更改（当前为“${PROJECT_PROCEDURE.stages[existing.stage].label}”） (a project's stage moves through the procedure)`);
        const r = await m.transaction((sm) => this.projects.updateWithin(sm, principal, { id: existing.id, version: existing.version, ...details }, { jobId: ctx.jobId, on, dryRun }));
        return r.outcome;
      }
      const landing = stage ?? ProjectStage.DRAFT;
      if (ctx.mode === ImportMode.PROPOSE && landing !== ProjectStage.DRAFT) {
        return refuse('stage', 'STAGE_NEEDS_PROCEDURE', '提出（PROPOSE）模式下新项目为草稿，须通过项目库程序申报 (a proposed project starts as a draft; the procedure moves it)');
      }
      if (!SYNC_LANDING_STAGES.includes(landing)) {
        return refuse('stage', 'SYNC_STAGE_NOT_SUPPORTED', `导入只能将新项目置于${SYNC_LANDING_STAGES.map((s) => `“${PROJECT_PROCEDURE.stages[s].label}”`).join('、')}阶段 (an import places a new project at ${SYNC_LANDING_STAGES.join(', ')} only)`);
      }
      const input = { ...details, regionCode, sector: (u.values.sector as CreateProject['sector']) ?? null } as CreateProject;
      await m.transaction((sm) => this.projects.createWithin(sm, principal, input, { jobId: ctx.jobId, stage: landing, on, dryRun }));
      return 'created';
    } catch (e) {
      if (e instanceof AppError) return at(e);
      // A caller giving the same library code meanwhile (the savepoint rolled the project back).
      if (isUniqueViolation(e)) return at(ProjectErrors.libraryCodeTaken('libraryCode'));
      throw e;
    }
  }

  /** Whether the file's project reads as the stored one does when exported (projectExportRows read back by assembleProject), on the file's columns. */
  private async sameAsStored(m: EntityManager, id: string, u: ProjectUnit, ctx: ImportContext): Promise<boolean> {
    const [stored] = await this.repo.exportRecords(m, [id]);
    const rows: RawRow[] = projectExportRows(stored).map((r, i) => ({ rowNumber: i + 1, values: new Map(Object.entries(r).filter(([, v]) => v !== '')), problems: [] }));
    const has = new Set(ctx.columns.map((c) => c.key));
    const exported = assembleProject({ key: u.libraryCode, rows, firstRow: 0, size: rows.length, digest: null }, { splitKeys: new Set(), maxRows: rows.length }, has);
    const view = (x: ProjectUnit) =>
      JSON.stringify([x.values, x.fundingLines?.map(({ rowNumber: _, ...l }) => l), x.targets?.map(({ rowNumber: _, ...t }) => t)]);
    return view(exported) === view(u);
  }
}

/** Pure: a project's rows → its values, funding lines and targets, with the file's own problems. */
export function assembleProject(g: UnitRows<ProjectUnit>, ctx: Pick<ImportContext, 'splitKeys' | 'maxRows'>, has: ReadonlySet<string>): ProjectUnit {
  const first = g.rows[0];
  const u: ProjectUnit = { libraryCode: g.key, rowNumber: first.rowNumber, values: {}, problems: [], valid: false };
  const add = (rowNumber: number, key: string, code: string, message: string) => u.problems.push(problem(u, key, code, message, rowNumber));
  for (const row of g.rows) for (const p of row.problems) u.problems.push({ severity: ProblemSeverity.ERROR, rowNumber: row.rowNumber, householdNumber: g.key || null, ...p });
  if (g.size > g.rows.length) {
    add(first.rowNumber, 'libraryCode', 'PROJECT_TOO_MANY_ROWS', `项目 ${g.key} 有 ${g.size} 行，超过每个项目 ${ctx.maxRows} 行的上限 (more rows than a project may have)`);
    return u;
  }
  if (ctx.splitKeys.has(g.key)) add(first.rowNumber, 'libraryCode', 'PROJECT_ROWS_NOT_ADJACENT', `项目库编号 ${g.key} 的各行不相邻，请将同一项目的行排在一起 (a project's rows must be adjacent)`);
  const refused = (row: RawRow, key: string) => row.problems.some((p) => p.field === null || p.field === key);

  // The project's columns: from its first row; later rows repeat them or leave them blank.
  for (const c of PROJECT_COLUMNS) {
    if (c.scope !== 'project' || c.role !== 'stored' || !has.has(c.key)) continue;
    const r = parseCell(c, first.values.get(c.key));
    if (!r.ok) add(first.rowNumber, c.key, r.code, r.message);
    else {
      u.values[c.key] = r.value;
      if (c.required && r.value === null && !refused(first, c.key)) add(first.rowNumber, c.key, 'REQUIRED', `“${c.header}”为必填项 (required)`);
    }
    for (const row of g.rows.slice(1)) {
      const later = cellText(row.values.get(c.key));
      if (later !== '' && later !== cellText(first.values.get(c.key))) add(row.rowNumber, c.key, 'PROJECT_VALUE_DIFFERS', `同一项目各行的“${c.header}”应相同或留空 (a project's columns repeat its first row's value or stay blank)`);
    }
  }
  const region = u.values.regionCode as string | null | undefined;
  if (region && !/^\d{12}$/.test(region)) add(first.rowNumber, 'regionCode', 'REGION_CODE_FORMAT', '行政区划代码应为 12 位数字 (a 12-digit division code)');

  // A row's funding line and performance target: each given whole, or not at all.
  const group = (row: RawRow, keys: readonly string[], optional: readonly string[] = []): Record<string, CellValue> | null => {
    if (![...keys, ...optional].some((k) => cellText(row.values.get(k)) !== '')) return null;
    const before = u.problems.length;
    const out: Record<string, CellValue> = {};
    for (const k of [...keys, ...optional]) {
      const c = COLUMN.get(k)!;
      const r = parseCell(c, row.values.get(k));
      if (!r.ok) add(row.rowNumber, k, r.code, r.message);
      else if (r.value === null && keys.includes(k)) {
        if (!refused(row, k)) add(row.rowNumber, k, 'REQUIRED', `填写了资金或绩效目标的行须填写“${c.header}” (a funding line or target needs every one of its columns)`);
      } else out[k] = r.value;
    }
    return u.problems.length === before ? out : null;
  };
  if (FUNDING_KEYS.some((k) => has.has(k))) u.fundingLines = [];
  if (TARGET_KEYS.some((k) => has.has(k))) u.targets = [];
  for (const row of g.rows) {
    const f = u.fundingLines && group(row, FUNDING_KEYS);
    if (f) u.fundingLines!.push({ level: f.fundingLevel as FundingLevel, channel: f.fundingChannel as string, amount: f.fundingAmount as string, rowNumber: row.rowNumber });
    const t = u.targets && group(row, TARGET_KEYS, ['targetActualValue']);
    if (t) u.targets!.push({ indicator: t.targetIndicator as string, targetValue: t.targetValue as string, unit: t.targetUnit as string, actualValue: (t.targetActualValue as string | null | undefined) ?? null, rowNumber: row.rowNumber });
  }
  // The plan against the budget: shown on the project (fundingMatchesBudget), never a refusal there, so a warning here.
  const budget = u.values.budgetTotal as string | null | undefined;
  if (budget && u.fundingLines?.length && !fundingMatchesBudget(budget, u.fundingLines)) {
    u.problems.push({ ...problem(u, 'budgetTotal', 'FUNDING_NOT_BUDGET', `各资金金额合计 ${fundingTotalOf(u.fundingLines)} 元与资金规模 ${budget} 元不一致 (the funding lines do not add up to the budget)`, first.rowNumber), severity: ProblemSeverity.WARNING });
  }
  u.valid = u.problems.every((p) => p.severity !== ProblemSeverity.ERROR);
  return u;
}

/**
 * A stored project as the file's rows (the import's layout, as assembleProject reads it back):
 * its own columns on the first row, formatted as the import parses them (labels of code columns,
 * dates YYYY-MM-DD, amounts as stored), list cells joined with 、; then its i-th funding line and
 * i-th performance target on row i, later rows carrying only the 项目库编号.
 */
export function projectExportRows(p: ProjectExportRecord): Record<string, string>[] {
  const own: Record<string, unknown> = { ...p, beneficiaryVillageCodes: p.beneficiaryVillageCodes.join('、'), beneficiaryHouseholdNumbers: p.beneficiaryHouseholdNumbers.join('、') };
  const cell = (key: string, value: unknown) => formatCell(COLUMN.get(key)!, value);
  const first: Record<string, string> = {};
  for (const c of PROJECT_COLUMNS) if (c.scope === 'project') first[c.key] = cell(c.key, own[c.key]);
  const rows = Math.max(1, p.fundingLines.length, p.performanceTargets.length);
  return Array.from({ length: rows }, (_, i) => {
    const row: Record<string, string> = i === 0 ? first : { libraryCode: first.libraryCode };
    const f = p.fundingLines[i];
    if (f) Object.assign(row, { fundingLevel: cell('fundingLevel', f.level), fundingChannel: f.channel, fundingAmount: f.amount });
    const t = p.performanceTargets[i];
    if (t) Object.assign(row, { targetIndicator: t.indicator, targetValue: t.targetValue, targetUnit: t.unit, targetActualValue: cell('targetActualValue', t.actualValue) });
    return row;
  });
}

/** The project's details as ProjectService takes them: only what the file has (a blank cell clears), lists only when the file has their columns. */
function detailsOf(u: ProjectUnit, householdIds: string[] | undefined): ProjectDetails {
  const d: Record<string, unknown> = {};
  for (const key of DETAIL_KEYS) if (has(u, key)) d[key] = u.values[key];
  if (has(u, 'beneficiaryVillageCodes')) d.beneficiaryVillageCodes = items(u.values.beneficiaryVillageCodes);
  if (householdIds) d.beneficiaryHouseholdIds = householdIds;
  if (u.fundingLines) d.fundingLines = u.fundingLines.map(({ level, channel, amount }) => ({ level, channel, amount }));
  if (u.targets) d.performanceTargets = u.targets.map(({ indicator, targetValue, unit, actualValue }) => ({ indicator, targetValue, unit, actualValue }));
  if (d.constructionNature === null) delete d.constructionNature;
  return d as ProjectDetails & { constructionNature?: ConstructionNature };
}

const has = (u: ProjectUnit, key: string) => key in u.values;
const items = (v: CellValue | undefined): string[] => (typeof v === 'string' ? v.split(ITEMS).map((s) => s.trim()).filter(Boolean) : []);

/**
 * A service error as the report's problems: each field it names (`input.fundingLines.1.amount`,
 * `performanceTargets`, `input.beneficiaryHouseholdIds.0` …) as the file's column and the row of
 * that line; its reason as the code.
 */
function appErrorProblems(e: AppError, u: ProjectUnit): ImportProblem[] {
  const list = e.problems?.length ? e.problems.map((p) => ({ field: p.field, code: p.reason ?? e.reason ?? e.code, message: p.message })) : [{ field: e.field, code: e.reason ?? e.code, message: e.message }];
  return list.map((p) => {
    const { key, rowNumber } = columnOfField(p.field ?? '', u);
    return problem(u, key, String(p.code), p.message, rowNumber);
  });
}

function columnOfField(field: string, u: ProjectUnit): { key: string | null; rowNumber: number } {
  const [name, index, sub] = field.replace(/^input\./, '').split('.');
  const i = index === undefined ? 0 : Number(index);
  switch (name) {
    case 'fundingLines':
      return { key: sub === 'amount' ? 'fundingAmount' : sub === 'channel' ? 'fundingChannel' : 'fundingLevel', rowNumber: u.fundingLines?.[i]?.rowNumber ?? u.rowNumber };
    case 'performanceTargets': {
      const key = sub === 'targetValue' ? 'targetValue' : sub === 'actualValue' ? 'targetActualValue' : sub === 'unit' ? 'targetUnit' : 'targetIndicator';
      return { key, rowNumber: u.targets?.[i]?.rowNumber ?? u.rowNumber };
    }
    case 'beneficiaryHouseholdIds':
      return { key: 'beneficiaryHouseholdNumbers', rowNumber: u.rowNumber };
    case 'id':
    case 'version':
      return { key: 'libraryCode', rowNumber: u.rowNumber };
    case 'effectiveOn':
      return { key: 'stage', rowNumber: u.rowNumber };
    default:
      return { key: COLUMN.has(name) ? name : null, rowNumber: u.rowNumber };
  }
}

function problem(u: Pick<ProjectUnit, 'libraryCode'>, key: string | null, code: string, message: string, rowNumber: number): ImportProblem {
  const column: ProjectColumn | undefined = key ? COLUMN.get(key) : undefined;
  const field = column ? (column.scope === 'line' ? `lines.${column.key}` : column.key) : key;
  return { severity: ProblemSeverity.ERROR, rowNumber, householdNumber: u.libraryCode || null, column: column?.header ?? null, field, code, message };
}

function info(u: ProjectUnit, code: string, message: string): ImportProblem {
  return { ...problem(u, null, code, message, u.rowNumber), severity: ProblemSeverity.INFO };
}
