import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { CommonReason } from '../../common/errors/reasons';
import { makeCreditCode, parseCreditCode } from '../../common/identity-number/credit-code';
import { cellText, formatCell, parseRowCells } from '../../common/imports/columns';
import { exportPageOf } from '../../common/imports/export-page';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { ImportProblem, ImportStrategy, ProblemSeverity, RawRow, zeroCountsByUnit } from '../../common/imports/import-types';
import type { UnitRows } from '../../common/imports/unit-rows';
import { HouseholdsService } from '../../households/households.service';
import { EntitiesErrors } from '../implementing-entities.errors';
import { ImplementingEntitiesRepository } from '../implementing-entities.repository';
import { LinkageEntity, LinkageIncomeComponent } from '../linkage.entity';
import { LinkageExportRow, LinkageRepository } from '../linkage.repository';
import { CheckedNewLinkage, checkNewLinkage, LinkageService, LinkageTerms } from '../linkage.service';
import { ProjectEntity } from '../project.entity';
import { COLUMN_OF_FIELD, LINKAGE_COLUMNS } from './linkage-columns';

/** The terms a roster row states (the key's type and start among them). */
const TERM_KEYS = ['type', 'agreedTerms', 'startsOn', 'endsOn', 'agreedAmountPerYear', 'incomeComponent', 'returnedAtExit'] as const;

/** A checked row: the linkage it states, or the problems that reject it. */
export interface LinkageUnit extends AssembledUnit {
  householdNumber: string;
  rowNumber: number;
  /** The 项目 cell: a project's name or id; null when the row names an entity only. */
  project: string | null;
  /** The entity's credit code, normalised; null when the row names a project only. */
  entityCreditCode: string | null;
  /** The parties' shape and the terms checked as LinkageService checks them (project/entity ids filled in by the write). */
  terms: Required<LinkageTerms> | null;
  /** Adjacent rows of the same linkage after the first: refused as duplicates. */
  duplicates: number;
  /** The roster's key of the linkage: household, project, entity, type and start as parsed. */
  key: string;
}

/** The example unit of the template: the households template's household (王示例, 北峡窝村) and a project and cooperative named as the demo names them. */
const EXAMPLE_CREDIT_CODE = makeCreditCode('9', '3', '410106', 'MA000001');

/**
 * The benefit-linkage roster import (kind `linkages`, issue #15): an office's or a sector
 * department's list of households' linkages (利益联结) with projects and implementing entities,
 * uploaded to POST /exchange/imports?kind=linkages (CSV, XLSX or NDJSON; dry run, all-or-nothing,
 * report: the generic machinery's). One row a linkage; a linkage is known by its household,
 * project, entity, type and start. A new one is checked and written as createBenefitLinkage
 * does (LinkageService.checkCreate/insertChecked), an existing one with other terms corrected as
 * updateBenefitLinkage does (checkUpdate/applyUpdate), audited as projects.importBenefitLinkage.
 *
 * Mode SYNC only: a roster states agreed linkages, and a linkage has no approval procedure that
 * a PROPOSE import could start.
 */
@Injectable()
export class LinkageImportPort implements ImportPort<LinkageUnit>, OnModuleInit {
  readonly kind = 'linkages';
  readonly table = LINKAGE_COLUMNS;
  readonly units = ['linkages'];
  readonly modes = [ImportMode.SYNC];
  readonly permission = 'projects.write' as const;

  constructor(
    private readonly ports: ImportPorts,
    private readonly households: HouseholdsService,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly repo: LinkageRepository,
    private readonly linkages: LinkageService,
  ) {}

  onModuleInit(): void {
    this.ports.register(this);
  }

  /**
   * The roster as it stands (GET /exchange/exports/linkages): the caller's linkages as the
   * GraphQL list reads them, one row each in the import's columns (the project by its 项目库编号,
   * else its id; the entity by its credit code), so the file re-imports unchanged.
   */
  readonly export: KindExport = {
    permission: 'projects.read',
    fileName: 'linkages',
    displayName: '利益联结',
    page: async (principal, filter, after, limit) =>
      exportPageOf(
        await this.repo.exportPage(principal, filter.regionPrefix, after, limit),
        limit,
        (r) => [r.householdNumber, r.startsOn, r.id],
        (r) => [Object.fromEntries(LINKAGE_COLUMNS.columns.map((c) => [c.key, formatCell(c, r[c.key as keyof LinkageExportRow])]))],
      ),
  };

  example(): readonly Readonly<Record<string, string>>[] {
    return [
      {
        householdNumber: '41010610020100001',
        project: '北峡窝村光伏扶贫电站',
        entityCreditCode: EXAMPLE_CREDIT_CODE,
        type: '光伏收益',
        agreedTerms: '村级光伏电站收益按年分配，每户每年 3000.00 元',
        agreedAmountPerYear: '3000.00',
        incomeComponent: formatCell(LINKAGE_COLUMNS.byKey.get('incomeComponent')!, LinkageIncomeComponent.ASSET_INCOME_DIVIDEND),
        startsOn: '2018-11-01',
        endsOn: '2020-10-31',
        returnedAtExit: '',
      },
    ];
  }

  /** Each distinct linkage is a unit; adjacent rows of the same one are a duplicate. */
  groupKey(row: RawRow): string {
    return ['householdNumber', 'project', 'entityCreditCode', 'type', 'startsOn'].map((k) => cellText(row.values.get(k))).join('|');
  }

  open(ctx: ImportContext): ImportSession<LinkageUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    // The first row of each linkage key in the file: a later row of the same key is a duplicate
    // (by row number, so the all-or-nothing pass's second run over the same file agrees).
    const firstRowOf = new Map<string, number>();
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const counts = zeroCountsByUnit(this.units);
        const problems: ImportProblem[] = [];
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const valid = units.filter((u) => u.valid);
        const households = await this.households.findByNumbersInScope(ctx.scope, [...new Set(valid.map((u) => u.householdNumber))], m);
        const householdIds = [...households.values()].map((h) => h.id);
        const projects = await this.repo.projectsNamed(ctx.scope, m, [...new Set(valid.flatMap((u) => (u.project ? [u.project] : [])))], householdIds);
        const entities = await this.entities.findByCreditCodes(ctx.scope, [...new Set(valid.flatMap((u) => (u.entityCreditCode ? [u.entityCreditCode] : [])))], m);
        const entityOf = new Map(entities.map((e) => [e.creditCode, e]));
        for (const u of units) {
          problems.push(...u.problems);
          counts.linkages.rejected += u.duplicates;
          const refuse = (p: ImportProblem | ImportProblem[]) => {
            problems.push(...(Array.isArray(p) ? p : [p]));
            counts.linkages.rejected++;
          };
          if (!u.valid) {
            counts.linkages.rejected++;
            continue;
          }
          const first = firstRowOf.get(u.key);
          if (first !== undefined && first !== u.rowNumber) {
            refuse(problem(u, 'householdNumber', 'DUPLICATE_LINKAGE', `与第 ${first} 行是同一户、同一项目/经营主体、同一联结方式和起始日期的联结 (the same linkage as row ${first})`));
            continue;
          }
          firstRowOf.set(u.key, u.rowNumber);
          const household = households.get(u.householdNumber);
          if (!household) {
            refuse(problem(u, 'householdNumber', 'HOUSEHOLD_NOT_FOUND', '本次导入范围内没有此户编号 (no such household in this import\'s region)'));
            continue;
          }
          const project = u.project ? pickProject(u, projects.projects, projects.beneficiaries, household.id) : null;
          if (project && 'problem' in project) {
            refuse(project.problem);
            continue;
          }
          const entity = u.entityCreditCode ? entityOf.get(u.entityCreditCode) : null;
          if (u.entityCreditCode && !entity) {
            refuse(fromError(u, EntitiesErrors.entityNotFound('input.entityId')));
            continue;
          }
          const checked: CheckedNewLinkage = { projectId: project?.id ?? null, entityId: entity?.id ?? null, terms: u.terms! };
          try {
            const outcome = await this.writeOne(m, ctx, household, checked, u, present, dryRun);
            counts.linkages[outcome.count]++;
            if (outcome.problem) problems.push(outcome.problem);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            refuse(fromError(u, e));
          }
        }
        return { counts, problems, settledByDigest: 0 };
      },
    };
  }

  /**
   * One linkage: created when the household has none with the same parties, type and start;
   * corrected when it has one with other terms (only the file's columns: an absent column keeps
   * the stored value); unchanged otherwise. The service's checks throw its coded errors.
   */
  private async writeOne(
    m: EntityManager,
    ctx: ImportContext,
    household: { id: string; regionCode: string },
    checked: CheckedNewLinkage,
    u: LinkageUnit,
    present: ReadonlySet<string>,
    dryRun: boolean,
  ): Promise<{ count: 'created' | 'updated' | 'unchanged' | 'rejected'; problem?: ImportProblem }> {
    const { terms } = checked;
    const same = await this.repo.findSame(ctx.scope, m, { householdId: household.id, projectId: checked.projectId, entityId: checked.entityId, type: terms.type, startsOn: terms.startsOn });
    if (same.length > 1) {
      return { count: 'rejected', problem: problem(u, 'householdNumber', 'LINKAGE_AMBIGUOUS', `该户已有 ${same.length} 条相同项目/经营主体、联结方式和起始日期的联结，请在系统中逐条修改 (the household has several such linkages: correct them one by one in the service)`) };
    }
    const [before] = same;
    if (!before) {
      if (ctx.strategy === ImportStrategy.UPDATE) return { count: 'rejected', problem: problem(u, 'householdNumber', 'LINKAGE_NOT_FOUND', '该户没有此联结（仅更新模式）(no such linkage; the strategy updates only)') };
      const row = await this.linkages.checkCreate(ctx.scope, m, household, checked);
      if (dryRun) return { count: 'created', problem: ctx.listChanges ? info(u, 'WOULD_CREATE', '将新增此联结 (would create the linkage)') : undefined };
      await this.linkages.insertChecked(m, row, 'projects.importBenefitLinkage');
      return { count: 'created' };
    }
    // The type and start are the key (equal by the lookup): the other terms are the file's where it has the column.
    const changes: Partial<LinkageTerms> = {};
    for (const k of TERM_KEYS) if (k !== 'type' && k !== 'startsOn' && present.has(k)) Object.assign(changes, { [k]: terms[k] });
    const after = await this.linkages.checkUpdate(m, before, changes);
    const changed = TERM_KEYS.filter((k) => (after[k] ?? null) !== (before[k as keyof LinkageEntity] ?? null));
    if (!changed.length) return { count: 'unchanged' };
    if (ctx.strategy === ImportStrategy.CREATE) return { count: 'rejected', problem: problem(u, 'householdNumber', 'LINKAGE_EXISTS', '该户已有此联结，不能新增（仅新增模式）(the linkage exists; the strategy creates only)') };
    if (dryRun) return { count: 'updated', problem: ctx.listChanges ? info(u, 'WOULD_UPDATE', `将修改：${changed.join('、')} (would update: ${changed.join(', ')})`) : undefined };
    await this.linkages.applyUpdate(m, before, before.version, after, 'projects.importBenefitLinkage');
    return { count: 'updated' };
  }
}

/**
 * The project a row names, among those the import may read: by id, else by 项目库编号 (the
 * library code, unique in its region), else by name; several are told apart by the household
 * being among the beneficiaries. Not found, or still ambiguous: a problem naming 项目.
 */
function pickProject(u: LinkageUnit, projects: readonly ProjectEntity[], beneficiaries: ReadonlySet<string>, householdId: string): ProjectEntity | { problem: ImportProblem } {
  const byId = projects.filter((p) => p.id === u.project);
  const byCode = projects.filter((p) => p.libraryCode === u.project);
  const named = byId.length ? byId : byCode.length ? byCode : projects.filter((p) => p.name === u.project);
  if (!named.length) return { problem: problem(u, 'project', 'PROJECT_NOT_FOUND', '本次导入范围内没有此项目（按项目库编号、项目名称或项目 ID 查找）(no such project in this import\'s region, by library code, name or id)') };
  if (named.length === 1) return named[0];
  const benefiting = named.filter((p) => beneficiaries.has(`${p.id}|${householdId}`));
  if (benefiting.length === 1) return benefiting[0];
  return {
    problem: problem(u, 'project', 'PROJECT_AMBIGUOUS', `有 ${named.length} 个同名项目${benefiting.length ? '且该户均为受益户' : ''}，请填写项目 ID (several projects have this name: give the project's id)`),
  };
}

/** Pure: a linkage's row (adjacent rows of one key: a duplicate) → the checked unit. */
function assemble(group: UnitRows<LinkageUnit>): LinkageUnit {
  const [row] = group.rows;
  const householdNumber = cellText(row.values.get('householdNumber'));
  const unit: LinkageUnit = { householdNumber, rowNumber: row.rowNumber, project: null, entityCreditCode: null, terms: null, duplicates: group.size - 1, key: group.key, problems: [], valid: false };
  for (const p of row.problems) unit.problems.push({ severity: ProblemSeverity.ERROR, rowNumber: row.rowNumber, householdNumber: householdNumber || null, ...p });
  if (group.size > 1) {
    // The same linkage on the next rows: the first row stands, the others are refused.
    for (const dup of group.rows.slice(1)) {
      unit.problems.push(problem({ householdNumber, rowNumber: dup.rowNumber }, 'householdNumber', 'DUPLICATE_LINKAGE', `与第 ${row.rowNumber} 行是同一户、同一项目/经营主体、同一联结方式和起始日期的联结 (the same linkage as row ${row.rowNumber})`));
    }
  }
  const { values, refused } = parseRowCells(LINKAGE_COLUMNS.columns, row.values);
  for (const r of refused) unit.problems.push(problem(unit, r.key, r.code, r.message));
  unit.project = (values.project as string | undefined) ?? null;
  if (values.entityCreditCode !== undefined) {
    const code = parseCreditCode(values.entityCreditCode as string);
    if (code.ok) unit.entityCreditCode = code.value;
    else unit.problems.push(...fromError(unit, EntitiesErrors.creditCodeInvalid(code, 'input.entityId')));
  }
  const errors = () => unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === row.rowNumber);
  if (!errors()) {
    const terms = Object.fromEntries(TERM_KEYS.map((k) => [k, values[k] ?? null])) as unknown as LinkageTerms;
    try {
      // The shapes as createBenefitLinkage checks them: a project or an entity, amount, period.
      const checked = checkNewLinkage({ ...terms, projectId: unit.project, entityId: unit.entityCreditCode });
      unit.terms = checked.terms;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      unit.problems.push(...fromError(unit, e));
    }
  }
  unit.key = [householdNumber, unit.project ?? '', unit.entityCreditCode ?? '', values.type ?? '', values.startsOn ?? ''].join('|');
  // A duplicate's rows are reported; the first row still counts as the linkage.
  unit.valid = !errors();
  return unit;
}

function problem(u: Pick<LinkageUnit, 'householdNumber' | 'rowNumber'>, key: string, code: string, message: string): ImportProblem {
  const column = LINKAGE_COLUMNS.byKey.get(key)!;
  return { severity: ProblemSeverity.ERROR, rowNumber: u.rowNumber, householdNumber: u.householdNumber || null, column: column.header, field: key, code, message };
}

function info(u: LinkageUnit, code: string, message: string): ImportProblem {
  return { severity: ProblemSeverity.INFO, rowNumber: u.rowNumber, householdNumber: u.householdNumber || null, column: null, field: null, code, message };
}

/**
 * The linkage service's coded error as the report's problems: each field it names as its column
 * (input.projectId → 项目), its reason as the code; the sector write scope's refusal is
 * LINKAGE_OUT_OF_SCOPE.
 */
function fromError(u: Pick<LinkageUnit, 'householdNumber' | 'rowNumber'>, e: AppError): ImportProblem[] {
  const items = e.problems?.length ? e.problems : [{ field: e.field ?? '', reason: e.reason ?? e.code, message: e.message }];
  return items.map((p) => {
    const key = COLUMN_OF_FIELD[p.field] ?? 'householdNumber';
    const code = p.reason === CommonReason.REGION_OUT_OF_SCOPE ? 'LINKAGE_OUT_OF_SCOPE' : String(p.reason);
    return problem(u, key, code, p.message);
  });
}
