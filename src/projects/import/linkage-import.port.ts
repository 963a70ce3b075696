import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { makeCreditCode, parseCreditCode } from '../../common/identity-number/credit-code';
import { formatCell } from '../../common/imports/columns';
import { AssembledUnit, ImportContext, ImportMode, ImportPort, ImportSession, KindExport } from '../../common/imports/import-port';
import { ImportPorts } from '../../common/imports/import-ports';
import { ImportProblem, ProblemSeverity, RawRow } from '../../common/imports/import-types';
import { readRosterRow, rosterExportPage, rosterKey, rosterProblems, RosterOutcome, RosterUnit, settleRosterRecord, writeRosterBatch } from '../../common/imports/roster-port';
import type { UnitRows } from '../../common/imports/unit-rows';
import { HouseholdsService } from '../../households/households.service';
import { EntitiesErrors } from '../implementing-entities.errors';
import { ImplementingEntitiesRepository } from '../implementing-entities.repository';
import { LinkageEntity, LinkageIncomeComponent } from '../linkage.entity';
import { LinkageRepository } from '../linkage.repository';
import { CheckedNewLinkage, checkNewLinkage, LinkageService, LinkageTerms } from '../linkage.service';
import { ProjectEntity } from '../project.entity';
import { COLUMN_OF_FIELD, LINKAGE_COLUMNS } from './linkage-columns';

/** The terms a roster row states (the key's type and start among them). */
const TERM_KEYS = ['type', 'agreedTerms', 'startsOn', 'endsOn', 'agreedAmountPerYear', 'incomeComponent', 'returnedAtExit'] as const;

/** A checked row: the linkage it states, or the problems that reject it. */
export interface LinkageUnit extends AssembledUnit, RosterUnit {
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
      rosterExportPage(LINKAGE_COLUMNS, await this.repo.exportPage(principal, filter.regionPrefix, after, limit), limit),
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
    return rosterKey(row, ['householdNumber', 'project', 'entityCreditCode', 'type', 'startsOn']);
  }

  open(ctx: ImportContext): ImportSession<LinkageUnit> {
    const present = new Set(ctx.columns.map((c) => c.key));
    const firstRowOf = new Map<string, number>();
    return {
      assemble: (group) => assemble(group),
      write: async (m, batch, { dryRun }) => {
        const units = batch.map((g) => g.parsed ?? assemble(g));
        const valid = units.filter((u) => u.valid);
        const households = await this.households.findByNumbersInScope(ctx.scope, [...new Set(valid.map((u) => u.householdNumber))], m);
        const householdIds = [...households.values()].map((h) => h.id);
        const projects = await this.repo.projectsNamed(ctx.scope, m, [...new Set(valid.flatMap((u) => (u.project ? [u.project] : [])))], householdIds);
        const entities = await this.entities.findByCreditCodes(ctx.scope, [...new Set(valid.flatMap((u) => (u.entityCreditCode ? [u.entityCreditCode] : [])))], m);
        const entityOf = new Map(entities.map((e) => [e.creditCode, e]));
        return writeRosterBatch({
          unit: 'linkages',
          units,
          firstRowOf,
          duplicate: (u, first) => duplicate(u, first),
          fromError,
          settle: async (u) => {
            const household = households.get(u.householdNumber);
            if (!household) return { refused: [problem(u, 'householdNumber', 'HOUSEHOLD_NOT_FOUND', '本次导入范围内没有此户编号 (no such household in this import\'s region)')] };
            const project = u.project ? pickProject(u, projects.projects, projects.beneficiaries, household.id) : null;
            if (project && 'problem' in project) return { refused: [project.problem] };
            const entity = u.entityCreditCode ? entityOf.get(u.entityCreditCode) : null;
            if (u.entityCreditCode && !entity) return { refused: fromError(u, EntitiesErrors.entityNotFound('input.entityId')) };
            return this.writeOne(m, ctx, household, { projectId: project?.id ?? null, entityId: entity?.id ?? null, terms: u.terms! }, u, present, dryRun);
          },
        });
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
  ): Promise<RosterOutcome> {
    const { terms } = checked;
    const same = await this.repo.findSame(ctx.scope, m, { householdId: household.id, projectId: checked.projectId, entityId: checked.entityId, type: terms.type, startsOn: terms.startsOn });
    if (same.length > 1) {
      return { count: 'rejected', problem: problem(u, 'householdNumber', 'LINKAGE_AMBIGUOUS', `该户已有 ${same.length} 条相同项目/经营主体、联结方式和起始日期的联结，请在系统中逐条修改 (the household has several such linkages: correct them one by one in the service)`) };
    }
    return settleRosterRecord({
      ctx,
      dryRun,
      before: same[0],
      noun: { zh: '联结', en: 'linkage' },
      notFound: (message) => problem(u, 'householdNumber', 'LINKAGE_NOT_FOUND', message),
      exists: (message) => problem(u, 'householdNumber', 'LINKAGE_EXISTS', message),
      info: (code, message) => info(u, code, message),
      create: async () => {
        const row = await this.linkages.checkCreate(ctx.scope, m, household, checked);
        return () => this.linkages.insertChecked(m, row, 'projects.importBenefitLinkage');
      },
      update: async (before) => {
        // The type and start are the key (equal by the lookup): the other terms are the file's where it has the column.
        const changes: Partial<LinkageTerms> = {};
        for (const k of TERM_KEYS) if (k !== 'type' && k !== 'startsOn' && present.has(k)) Object.assign(changes, { [k]: terms[k] });
        const after = await this.linkages.checkUpdate(m, before, changes);
        return {
          changed: TERM_KEYS.filter((k) => (after[k] ?? null) !== (before[k as keyof LinkageEntity] ?? null)),
          apply: () => this.linkages.applyUpdate(m, before, before.version, after, 'projects.importBenefitLinkage'),
        };
      },
    });
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

/** The same linkage (household, project/entity, type, start) as an earlier row of the file. */
const DUPLICATE = { code: 'DUPLICATE_LINKAGE', message: (first: number) => `与第 ${first} 行是同一户、同一项目/经营主体、同一联结方式和起始日期的联结 (the same linkage as row ${first})` };
const { problem, info, fromError: errorProblems } = rosterProblems(LINKAGE_COLUMNS);
const duplicate = (u: Pick<LinkageUnit, 'householdNumber' | 'rowNumber'>, first: number) => problem(u, 'householdNumber', DUPLICATE.code, DUPLICATE.message(first));

/** Pure: a linkage's row (adjacent rows of one key: a duplicate) → the checked unit. */
function assemble(group: UnitRows<LinkageUnit>): LinkageUnit {
  const { householdNumber, rowNumber, values, problems } = readRosterRow(LINKAGE_COLUMNS, group, DUPLICATE);
  const unit: LinkageUnit = { householdNumber, rowNumber, project: null, entityCreditCode: null, terms: null, duplicates: group.size - 1, key: group.key, problems, valid: false };
  unit.project = (values.project as string | undefined) ?? null;
  if (values.entityCreditCode !== undefined) {
    const code = parseCreditCode(values.entityCreditCode as string);
    if (code.ok) unit.entityCreditCode = code.value;
    else unit.problems.push(...fromError(unit, EntitiesErrors.creditCodeInvalid(code, 'input.entityId')));
  }
  const errors = () => unit.problems.some((p) => p.severity === ProblemSeverity.ERROR && p.rowNumber === rowNumber);
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

/**
 * The linkage service's coded error as the report's problems: each field it names as its column
 * (input.projectId → 项目); the sector write scope's refusal is LINKAGE_OUT_OF_SCOPE.
 */
function fromError(u: Pick<LinkageUnit, 'householdNumber' | 'rowNumber'>, e: AppError): ImportProblem[] {
  return errorProblems(u, e, (field) => COLUMN_OF_FIELD[field] ?? 'householdNumber', 'LINKAGE_OUT_OF_SCOPE');
}
