import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Permission, Sector } from '../common/access/permissions';
import type { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { unchangedUpdate, versionConflict } from '../common/concurrency/optimistic-update';
import { quarterOf, todayInChina, yearOf } from '../common/dates/local-date';
import { AppError, FieldProblem } from '../common/errors/app-error';
import { CommonReason } from '../common/errors/reasons';
import { ConnectionArgs } from '../common/pagination/connection';
import { checkTransition, illegalTransition, objectionReturn, requireNoticeOver } from '../common/procedure/procedure';
import { isWithin, RegionLevel, subtreePrefix } from '../common/region/region-code';
import { DisclosureErrors } from '../disclosure/disclosure.errors';
import { DisclosureService, SubjectObjection } from '../disclosure/disclosure.service';
import { sumAmounts } from '../common/money/money';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { HouseholdsService } from '../households/households.service';
import { noticeLastDay } from '../households/lifecycle/exit-notice';
import { ParametersService } from '../parameters/parameters.service';
import { RegionsService } from '../regions/regions.service';
import { AuditedProject, PROJECT_AUDIT } from './project.audited';
import { FundingLevel } from './project-children.entity';
import { ConstructionNature, ProjectEntity, ProjectStage } from './project.entity';
import { ProjectErrors } from './project.errors';
import {
  ADJUSTMENT_ACTIONS,
  IMPORTED_ACTION,
  LIBRARY_ENTRY_ACTIONS,
  NOTICE_OF_STAGE,
  OBJECTION_ACTION,
  PROJECT_NOTICE_SUBJECT,
  PROJECT_PROCEDURE,
  ProjectAction,
  projectEditable,
  roadTo,
} from './project-procedure';
import { ProjectChildName, ProjectChildren, ProjectFilter, ProjectRepository } from './project.repository';
import { fromCents, isStoredAmount, toCents } from '../common/money/money';

/** The policy parameters the project library reads (RULES.md §2). */
export const PROJECT_PARAMETERS = {
  categories: 'project.categories',
  industryTypes: 'project.industry_types',
  performanceTargetRequired: 'project.performance_target_required',
  adjustQuarter: 'project.library_adjust_quarter',
} as const;

/** An amount of a numeric(12,2) column (the column's shape, not a rule of money). */
/** A target value of a numeric(14,2) column. */
const TARGET_VALUE = /^-?\d{1,12}(\.\d{1,2})?$/;
/** The region levels a project may be located at. */
const PROJECT_LEVELS: readonly RegionLevel[] = [RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT];
/** The actor of a step taken because of an objection filed through the public surface (no officer). */
const PUBLIC_OBJECTION_ACTOR = '00000000-0000-0000-0000-000000000000';
const NOTICE_WITHDRAWN_ON_OBJECTION = '公示期间收到异议，项目退回重新办理 (an objection sent the project back)';

export interface FundingLineInput {
  level: FundingLevel;
  channel: string;
  amount: string;
}
export interface PerformanceTargetInput {
  indicator: string;
  targetValue: string;
  unit: string;
  actualValue?: string | null;
}

/** The project's details as a create or update gives them (an update: only those given change). */
export interface ProjectDetails {
  libraryCode?: string | null;
  name?: string;
  year?: number;
  category?: string;
  industryType?: string;
  constructionNature?: ConstructionNature;
  plannedStartOn?: string | null;
  plannedEndOn?: string | null;
  responsibleUnit?: string | null;
  responsiblePerson?: string | null;
  tasks?: string | null;
  budgetTotal?: string;
  beneficiaryVillages?: number | null;
  beneficiaryPoorVillages?: number | null;
  beneficiaryHouseholds?: number | null;
  beneficiaryPoorHouseholds?: number | null;
  beneficiaryPeople?: number | null;
  beneficiaryPoorPeople?: number | null;
  beneficiaryVillageCodes?: string[] | null;
  partyBranchProposedOn?: string | null;
  committeesDeliberatedOn?: string | null;
  partyMembersReviewedOn?: string | null;
  representativesResolvedOn?: string | null;
  resolutionDisclosedOn?: string | null;
  resultDisclosedOn?: string | null;
  povertyReductionMechanism?: string | null;
  fundingLines?: FundingLineInput[] | null;
  performanceTargets?: PerformanceTargetInput[] | null;
  beneficiaryHouseholdIds?: string[] | null;
}
export interface CreateProject extends ProjectDetails {
  regionCode: string;
  sector?: Sector | null;
  name: string;
  year: number;
  category: string;
  industryType: string;
  constructionNature: ConstructionNature;
  budgetTotal: string;
}
export interface UpdateProject extends ProjectDetails {
  id: string;
  version: number;
}
export interface ProjectStep {
  id: string;
  version: number;
  action: ProjectAction;
  effectiveOn?: string | null;
  note?: string | null;
  evidence?: string | null;
  reason?: string | null;
  planYear?: number | null;
}
export interface ProjectObjection {
  id: string;
  version: number;
  objection: string;
  receivedOn?: string | null;
  evidence?: string | null;
}

/**
 * What an import (src/projects/import) asks of a create or update in its batch's transaction:
 * the job (audited as `projects.import.create|update` with it), the stage a new project lands at
 * (PROPOSE: DRAFT; SYNC: one of SYNC_LANDING_STAGES, with an IMPORTED event dated `on`), and a
 * dry run (every check, nothing written).
 */
export interface ProjectImportWrite {
  jobId: string;
  stage: ProjectStage;
  on: string;
  dryRun: boolean;
}

/** What an import's create or update did (a dry run: what it would do). */
export type ProjectWriteOutcome = 'created' | 'updated' | 'unchanged';

/** A project with the child lists read along. */
export interface ProjectRead {
  project: ProjectEntity;
  children: ProjectChildren;
}

/** Every child list: what a mutation answers with. */
const ALL_CHILDREN: ReadonlySet<ProjectChildName> = new Set(['fundingLines', 'performanceTargets', 'beneficiaries', 'events']);

/** The entry fields the national library requires before the village applies (RULES.md project.entry_fields), by input field. */
const ENTRY_FIELDS: readonly (keyof ProjectEntity)[] = [
  'plannedStartOn',
  'plannedEndOn',
  'responsibleUnit',
  'responsiblePerson',
  'tasks',
  'beneficiaryVillages',
  'beneficiaryHouseholds',
  'beneficiaryPoorHouseholds',
  'beneficiaryPeople',
  'beneficiaryPoorPeople',
  'partyBranchProposedOn',
  'committeesDeliberatedOn',
  'partyMembersReviewedOn',
  'representativesResolvedOn',
  'povertyReductionMechanism',
];

/**
 * The project library (产业扶贫项目库): projects with the fields the national library requires,
 * and the procedure of PROJECT_PROCEDURE. Each use case is one transaction: the checks (codes
 * against the parameter lists of the project's year and region, scope, beneficiaries, the step's
 * table, dates, notices), then the writes (the project, its child lists, the step's event row,
 * the notice through public disclosure) and the audit row.
 */
@Injectable()
export class ProjectService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ProjectRepository,
    private readonly households: HouseholdsService,
    private readonly regions: RegionsService,
    private readonly parameters: ParametersService,
    private readonly disclosure: DisclosureService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // An objection to a project's notice filed publicly (or recorded in the disclosure module)
    // sends the project back, as one recorded here does.
    this.disclosure.onSubjectObjection(PROJECT_NOTICE_SUBJECT, (o) => this.sendBackOnNoticeObjection(o));
    // Every notice stage entered needed a published notice (the deadline checks' MISSING).
    const noticeStages = Object.keys(NOTICE_OF_STAGE) as ProjectStage[];
    this.disclosure.requireNotices(PROJECT_NOTICE_SUBJECT, async (principal, from, to) =>
      (await this.repo.noticesStartedBetween(principal, noticeStages, from, to)).map((e) => ({
        subjectType: PROJECT_NOTICE_SUBJECT, subjectId: e.projectId, regionCode: e.regionCode, kind: NOTICE_OF_STAGE[e.toStage]!.kind, dueOn: e.effectiveOn,
      })),
    );
  }

  list(principal: Principal, filter: ProjectFilter, args: ConnectionArgs, withTotalCount: boolean, children: ReadonlySet<ProjectChildName>) {
    return this.repo.page(principal, filter, args, withTotalCount, children);
  }

  get(principal: Principal, id: string, children: ReadonlySet<ProjectChildName>): Promise<ProjectRead | null> {
    return this.repo.findOne(principal, id, children);
  }

  /**
   * A project in the caller's scope, read in the caller's transaction (how another module links a
   * record to a project, e.g. a supervision finding): PROJECT_NOT_FOUND naming `field` when
   * missing or outside the scope.
   */
  async getInScope(principal: Principal, id: string, manager: EntityManager, field = 'input.projectId'): Promise<ProjectEntity> {
    const found = await this.repo.findOne(principal, id, new Set(), manager);
    if (!found) throw ProjectErrors.notFound(field);
    return found.project;
  }

  // ---- the record ---------------------------------------------------------------------------

  async create(principal: Principal, input: CreateProject): Promise<ProjectRead> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const project = await this.createWithin(m, principal, input);
        return this.reread(principal, m, project!.id);
      });
    } catch (e) {
      // Two writers giving a region's library code at once: the unique index decides, with the same answer.
      if (isUniqueViolation(e)) throw ProjectErrors.libraryCodeTaken();
      throw e;
    }
  }

  /**
   * createProject's checks and writes in the caller's transaction: for a caller (`create`) or an
   * import's batch (`imported`: its stage, event, audit operation and dry run). Every check comes
   * before the first write. Answers the project written (null on a dry run).
   */
  async createWithin(m: EntityManager, principal: Principal, input: CreateProject, imported?: ProjectImportWrite): Promise<ProjectEntity | null> {
    checkShapes(input);
    const region = await this.regions.findByCode(input.regionCode, m);
    if (!region || !inRegionScope(principal, region.code)) throw ProjectErrors.regionNotFound();
    if (!PROJECT_LEVELS.includes(region.level)) throw ProjectErrors.invalid([ProjectErrors.regionLevel()]);
    const sector = input.sector ?? null;
    // A sector department enters only its own sector's projects (the kit's write scope).
    if (!inRegionScope(principal, region.code, { sector: { value: sector, access: 'write' } })) throw ProjectErrors.regionOutOfScope('input.sector');
    await this.checkCodes(m, { year: input.year, category: input.category, industryType: input.industryType, regionCode: region.code });
    await this.checkLibraryCode(m, region.code, input.libraryCode);
    const villages = await this.checkVillages(principal, m, input.beneficiaryVillageCodes ?? []);
    const householdIds = await this.checkBeneficiaries(principal, m, region.code, villages, input.beneficiaryHouseholdIds ?? []);
    const lists = listsOf(input);
    const stage = imported?.stage ?? ProjectStage.DRAFT;
    // An import placing the project further on: the rules of the steps on the road there.
    if (imported && stage !== ProjectStage.DRAFT) await this.requireRoadRules(m, { ...columnsOf(input), regionCode: region.code }, lists, stage, imported.on);
    if (imported?.dryRun) return null;
    const project = await this.repo.insert(m, {
      ...columnsOf(input),
      regionCode: region.code,
      sector,
      beneficiaryVillageCodes: villages,
      stage,
      ...(stage !== ProjectStage.DRAFT ? { lastStepOn: imported!.on } : {}),
    });
    await this.repo.replaceChildren(m, project, { ...lists, beneficiaryHouseholdIds: householdIds });
    if (imported && stage !== ProjectStage.DRAFT) {
      await this.repo.insertEvent(m, {
        projectId: project.id,
        regionCode: project.regionCode,
        action: IMPORTED_ACTION,
        fromStage: null,
        toStage: stage,
        effectiveOn: imported.on,
        actorId: principal.id,
        actorName: principal.name,
        note: `批量导入（导入任务 ${imported.jobId}） (imported by import job ${imported.jobId})`,
        evidence: null,
        noticeId: null,
      });
    }
    const after = { ...project, ...lists, beneficiaryHouseholdIds: householdIds };
    if (imported) await this.audit.change(m, PROJECT_AUDIT, 'projects.import.create', null, after, { extra: { importJob: { from: null, to: imported.jobId } } });
    else await this.audit.change(m, PROJECT_AUDIT, 'projects.create', null, after);
    return project;
  }

  async update(principal: Principal, input: UpdateProject): Promise<ProjectRead> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const r = await this.updateWithin(m, principal, input);
        return r.read ?? this.reread(principal, m, input.id);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw ProjectErrors.libraryCodeTaken();
      throw e;
    }
  }

  /**
   * updateProject's checks and writes in the caller's transaction (a caller's, or an import's
   * batch: `imported`, audited with the job; a dry run checks and writes nothing). Every check
   * comes before the first write. `read`: the project as stored (not on a dry run).
   */
  async updateWithin(m: EntityManager, principal: Principal, input: UpdateProject, imported?: Omit<ProjectImportWrite, 'stage'>): Promise<{ outcome: ProjectWriteOutcome; read: ProjectRead | null }> {
    checkShapes(input);
    const before = await this.repo.lockForWrite(principal, input.id, m);
    if (!before) throw ProjectErrors.notFound();
    if (before.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: before.version });
    if (!projectEditable(before.stage)) throw ProjectErrors.closed(before.stage);
    if (input.libraryCode != null) await this.checkLibraryCode(m, before.regionCode, input.libraryCode, before.id);
    const year = input.year ?? before.year;
    const category = input.category ?? before.category;
    const industryType = input.industryType ?? before.industryType;
    if (input.year !== undefined || input.category !== undefined || input.industryType !== undefined) {
      await this.checkCodes(m, { year, category, industryType, regionCode: before.regionCode });
    }
    const villages = input.beneficiaryVillageCodes != null ? await this.checkVillages(principal, m, input.beneficiaryVillageCodes) : before.beneficiaryVillageCodes;
    const start = input.plannedStartOn !== undefined ? input.plannedStartOn : before.plannedStartOn;
    const end = input.plannedEndOn !== undefined ? input.plannedEndOn : before.plannedEndOn;
    checkPeriod(start, end);
    const current = await this.repo.findOne(principal, before.id, ALL_CHILDREN, m);
    const householdIds =
      input.beneficiaryHouseholdIds != null
        ? await this.checkBeneficiaries(principal, m, before.regionCode, villages, input.beneficiaryHouseholdIds)
        : input.beneficiaryVillageCodes != null
          ? await this.checkBeneficiaries(principal, m, before.regionCode, villages, (current!.children.beneficiaries ?? []).map((b) => b.householdId), 'input.beneficiaryVillageCodes')
          : undefined;
    const patch: Partial<ProjectEntity> = { ...columnsOf(input), ...(input.beneficiaryVillageCodes != null ? { beneficiaryVillageCodes: villages } : {}) };
    const lists = listsOf(input);
    const beforeView = auditView(before, current!.children);
    const changed =
      Object.entries(patch).some(([k, v]) => JSON.stringify(v) !== JSON.stringify((before as unknown as Record<string, unknown>)[k])) ||
      (lists.fundingLines && JSON.stringify(lists.fundingLines) !== JSON.stringify(beforeView.fundingLines)) ||
      (lists.performanceTargets && JSON.stringify(lists.performanceTargets) !== JSON.stringify(beforeView.performanceTargets)) ||
      (householdIds && JSON.stringify([...householdIds].sort()) !== JSON.stringify(beforeView.beneficiaryHouseholdIds));
    if (!changed) {
      unchangedUpdate(before, input.version);
      return { outcome: 'unchanged', read: current };
    }
    if (imported?.dryRun) return { outcome: 'updated', read: null };
    const after = await this.repo.update(m, before.id, input.version, patch);
    await this.repo.replaceChildren(m, after, { ...lists, beneficiaryHouseholdIds: householdIds });
    const afterRead = await this.reread(principal, m, after.id);
    const afterView = auditView(afterRead.project, afterRead.children);
    if (imported) await this.audit.change(m, PROJECT_AUDIT, 'projects.import.update', beforeView, afterView, { extra: { importJob: { from: null, to: imported.jobId } } });
    else await this.audit.change(m, PROJECT_AUDIT, 'projects.update', beforeView, afterView);
    return { outcome: 'updated', read: afterRead };
  }

  // ---- the procedure ------------------------------------------------------------------------

  /**
   * One step of the procedure, through the operation that carries `via` (the level's
   * permission): the kit's table decides whether the stage allows it; then the step's own rules
   * (entry fields, performance targets, the adjustment quarter, the notice over), the project's
   * new stage, the event row, the notice it starts and the audit row, in one transaction.
   */
  async step(principal: Principal, via: Permission, input: ProjectStep): Promise<ProjectRead> {
    const today = todayInChina();
    const on = input.effectiveOn ?? today;
    if (on > today) throw ProjectErrors.dateInFuture();
    return this.dataSource.transaction(async (m) => {
      const p = await this.repo.lockForWrite(principal, input.id, m);
      if (!p) throw ProjectErrors.notFound();
      if (p.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: p.version });
      // Only the operation's permission takes steps through it: a district step is not taken through the village's operation.
      const held = new Set<Permission>(principal.permissions.has(via) ? [via] : []);
      const t = checkTransition(PROJECT_PROCEDURE, { action: input.action, from: p.stage, held, input: { ...input } });
      if (p.lastStepOn && on < p.lastStepOn) throw ProjectErrors.dateBeforeLastStep(p.lastStepOn);
      if (t.endsNotice) requireNoticeOver(p.noticeEndsOn!, on, today);

      const patch: Partial<ProjectEntity> = { stage: t.to, lastStepOn: on };
      const facts: Record<string, unknown> = { action: input.action, stage: { from: p.stage, to: t.to }, effectiveOn: on };
      if (input.action === 'APPLY') requireEntryFields(p, await this.repo.countFundingLines(m, p.id));
      if (LIBRARY_ENTRY_ACTIONS.includes(input.action)) await this.requireTargets(m, p.regionCode, on, await this.repo.countTargets(m, p.id));
      if (ADJUSTMENT_ACTIONS.includes(input.action)) await this.requireAdjustmentQuarter(m, p, on);
      if (input.action === 'PLAN') {
        const next = yearOf(on) + 1;
        if (input.planYear != null && input.planYear !== next) throw ProjectErrors.planYearNotNext(next);
        patch.planYear = next;
        facts.planYear = next;
      }
      if (input.action === 'ACCEPT') await this.requireActuals(m, p);
      if (input.action === 'START') patch.actualStartOn = on;
      if (input.action === 'COMPLETE') patch.actualEndOn = on;
      if (t.to === ProjectStage.REJECTED || t.to === ProjectStage.REMOVED) patch.exitReason = input.reason!.trim();
      if (t.startsNotice) {
        const days = await this.noticeDays(m, t.startsNotice.parameterKey, on, p.regionCode);
        Object.assign(patch, { noticeStartsOn: on, noticeEndsOn: noticeLastDay(on, days.days), noticeDays: days.days });
        facts.notice = { days: days.days, startsOn: on, endsOn: patch.noticeEndsOn, basis: days.basis };
      } else if (t.endsNotice) {
        Object.assign(patch, { noticeStartsOn: null, noticeEndsOn: null, noticeDays: null });
      }

      const after = await this.repo.update(m, p.id, input.version, patch);
      const notice = t.startsNotice ? await this.disclosure.publishForSubject(m, this.noticeOf(after)) : null;
      await this.repo.insertEvent(m, {
        projectId: p.id,
        regionCode: p.regionCode,
        action: input.action,
        fromStage: p.stage,
        toStage: t.to,
        effectiveOn: on,
        actorId: principal.id,
        actorName: principal.name,
        note: input.note ?? input.reason ?? null,
        evidence: input.evidence ?? null,
        noticeId: notice?.id ?? null,
      });
      await this.audit.fact(m, PROJECT_AUDIT, 'projects.step', after, facts, { reason: input.reason?.trim() || null });
      return this.reread(principal, m, p.id);
    });
  }

  /**
   * An objection received within a notice (on the board, by letter, in person), entered by an
   * officer: the project goes back to the stage the notice's decision was taken from
   * (PROJECT_PROCEDURE), the objection is recorded on the notice, which is withdrawn.
   */
  async recordObjection(principal: Principal, input: ProjectObjection): Promise<ProjectRead> {
    const today = todayInChina();
    const receivedOn = input.receivedOn ?? today;
    if (receivedOn > today) throw ProjectErrors.dateInFuture('input.receivedOn');
    const text = input.objection.trim();
    if (!text) throw AppError.badInput([{ field: 'input.objection', reason: CommonReason.STEP_INPUT_REQUIRED, message: '异议内容不能为空 (the objection is empty)' }]);
    return this.dataSource.transaction(async (m) => {
      const p = await this.repo.lockForWrite(principal, input.id, m);
      if (!p) throw ProjectErrors.notFound();
      if (p.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: p.version });
      if (!objectionReturn(PROJECT_PROCEDURE, p.stage)) throw illegalTransition(PROJECT_PROCEDURE, OBJECTION_ACTION as ProjectAction, p.stage, Object.keys(NOTICE_OF_STAGE) as ProjectStage[], 'input.id');
      if (receivedOn < p.noticeStartsOn! || receivedOn > p.noticeEndsOn!) throw DisclosureErrors.outsidePeriod(p.noticeStartsOn!, p.noticeEndsOn!);
      await this.disclosure.recordForSubject(m, PROJECT_NOTICE_SUBJECT, p.id, { text, receivedOn });
      await this.sendBack(m, principal, p, receivedOn, text, input.evidence ?? null);
      return this.reread(principal, m, p.id);
    });
  }

  /**
   * An objection that reached the disclosure module (filed publicly): received within the notice
   * of a project still in that notice, it sends the project back as recordObjection does, acting
   * as the public. Run by the job runner after the objection committed; a retry changes nothing.
   */
  async sendBackOnNoticeObjection(o: SubjectObjection): Promise<void> {
    const actor = { id: PUBLIC_OBJECTION_ACTOR, name: '公示异议' } as Principal;
    await this.dataSource.transaction(async (m) => {
      const p = await this.repo.lockById(o.subjectId, m);
      if (!p || !objectionReturn(PROJECT_PROCEDURE, p.stage)) return;
      if (o.receivedOn < p.noticeStartsOn! || o.receivedOn > p.noticeEndsOn!) return;
      await this.sendBack(m, actor, p, o.receivedOn, `公示期间收到异议（公示 ${o.noticeId}，异议 ${o.objectionId}）`, null);
    });
  }

  private async sendBack(m: EntityManager, actor: Pick<Principal, 'id' | 'name'>, p: ProjectEntity, on: string, objection: string, evidence: string | null): Promise<void> {
    const to = objectionReturn(PROJECT_PROCEDURE, p.stage)!;
    const after = await this.repo.update(m, p.id, p.version, { stage: to, objections: p.objections + 1, noticeStartsOn: null, noticeEndsOn: null, noticeDays: null });
    await this.repo.insertEvent(m, {
      projectId: p.id, regionCode: p.regionCode, action: OBJECTION_ACTION, fromStage: p.stage, toStage: to, effectiveOn: on, actorId: actor.id, actorName: actor.name, note: objection, evidence,
    });
    await this.audit.fact(m, PROJECT_AUDIT, 'projects.recordObjection', after, { stage: { from: p.stage, to }, objections: { from: p.objections, to: after.objections }, objection, receivedOn: on });
    await this.disclosure.withdrawForSubject(m, PROJECT_NOTICE_SUBJECT, p.id, NOTICE_WITHDRAWN_ON_OBJECTION);
  }

  // ---- rules --------------------------------------------------------------------------------

  /** Category and industry type against the parameter lists of the project's year, in its region. */
  private async checkCodes(m: EntityManager, x: { year: number; category: string; industryType: string; regionCode: string }): Promise<void> {
    await this.parameters.requireListedCodes(
      [
        { key: PROJECT_PARAMETERS.categories, code: x.category, field: 'input.category' },
        { key: PROJECT_PARAMETERS.industryTypes, code: x.industryType, field: 'input.industryType' },
      ],
      `${x.year}-01-01`,
      x.regionCode,
      m,
    );
  }

  /** The named beneficiary villages: villages in the caller's scope, each once. */
  private async checkVillages(principal: Principal, m: EntityManager, codes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(codes)];
    if (!unique.length) return [];
    const found = new Map<string, { level: RegionLevel }>();
    for (const code of unique) {
      const r = await this.regions.findByCode(code, m);
      if (r) found.set(code, r);
    }
    codes.forEach((code, i) => {
      const r = found.get(code);
      if (!r || !inRegionScope(principal, code)) throw ProjectErrors.regionNotFound(`input.beneficiaryVillageCodes.${i}`);
      if (r.level !== RegionLevel.VILLAGE) throw ProjectErrors.invalid([{ field: `input.beneficiaryVillageCodes.${i}`, reason: CommonReason.INVALID_VALUE, message: '须为村级行政区划 (a village)' }]);
    });
    return unique;
  }

  /** Beneficiary households: each in the caller's scope, once, in the project's area or a named village. */
  private async checkBeneficiaries(principal: Principal, m: EntityManager, regionCode: string, villages: readonly string[], ids: readonly string[], field = 'input.beneficiaryHouseholdIds'): Promise<string[]> {
    if (!ids.length) return [];
    const found = new Map((await this.households.findInScope(principal, ids, m)).map((h) => [h.id, h]));
    const area = subtreePrefix(regionCode);
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      const h = found.get(id);
      const at = field === 'input.beneficiaryHouseholdIds' ? `${field}.${i}` : field;
      if (!h) throw ProjectErrors.householdNotFound(at);
      if (seen.has(id)) throw ProjectErrors.beneficiaryDuplicate(at);
      seen.add(id);
      if (!isWithin(h.regionCode, area) && !villages.includes(h.regionCode)) throw ProjectErrors.beneficiaryOutsideArea(at);
    });
    return [...seen];
  }

  /** No library notice or entry without performance targets while project.performance_target_required (as of `on` in the region). */
  private async requireTargets(m: EntityManager, regionCode: string, on: string, targets: number): Promise<void> {
    const rule = await this.parameters.requireConfigured(PROJECT_PARAMETERS.performanceTargetRequired, on, regionCode, 'performanceTargets', m);
    if (rule.value === true && !targets) throw ProjectErrors.performanceTargetsRequired('performanceTargets');
  }

  /**
   * The rules of the steps on the road from DRAFT to `stage` (roadTo), for a project an import
   * places there: the entry fields (APPLY), the performance targets (library entry). A project
   * as given (before it is written), so a refused one writes nothing.
   */
  private async requireRoadRules(m: EntityManager, p: Partial<ProjectEntity>, lists: ReturnType<typeof listsOf>, stage: ProjectStage, on: string): Promise<void> {
    const road = roadTo(stage);
    if (road.includes('APPLY')) requireEntryFields(p, lists.fundingLines?.length ?? 0);
    if (road.some((a) => LIBRARY_ENTRY_ACTIONS.includes(a))) await this.requireTargets(m, p.regionCode!, on, lists.performanceTargets?.length ?? 0);
  }

  /** A library code is unique in its region (the project `except` being changed keeps its own). */
  private async checkLibraryCode(m: EntityManager, regionCode: string, code: string | null | undefined, except?: string): Promise<void> {
    if (!code?.trim()) return;
    const other = await this.repo.findByLibraryCode(m, regionCode, code.trim());
    if (other && other.id !== except) throw ProjectErrors.libraryCodeTaken();
  }

  /** Acceptance (验收) finds each performance target's actual value: recorded (updateProject) before the step. */
  private async requireActuals(m: EntityManager, p: ProjectEntity): Promise<void> {
    const missing = (await this.repo.targetsOf(m, p.id)).flatMap((t, i) => (t.actualValue === null ? [i] : []));
    if (missing.length) throw ProjectErrors.actualsRequired(missing);
  }

  /**
   * The library adjustment (project.library_adjust_quarter, e.g. "Q4"): moving a project of the
   * library into the next year's plan, and removing one, only in that quarter of the step's date.
   */
  private async requireAdjustmentQuarter(m: EntityManager, p: ProjectEntity, on: string): Promise<void> {
    const q = await this.parameters.requireConfigured(PROJECT_PARAMETERS.adjustQuarter, on, p.regionCode, 'input.effectiveOn', m);
    const quarter = String(q.value);
    if (quarter !== `Q${quarterOf(on)}`) throw ProjectErrors.outsideAdjustmentQuarter(quarter, on);
  }

  private async noticeDays(m: EntityManager, key: string, on: string, regionCode: string): Promise<{ days: number; basis: Record<string, unknown> }> {
    const v = await this.parameters.requireConfigured(key, on, regionCode, 'input.effectiveOn', m);
    return { days: Number(v.value), basis: { parameter: v.key, versionId: v.id, scopeCode: v.scopeCode, status: v.status } };
  }

  /** What a notice stage publishes of the project (no personal data: the project, its place, budget and beneficiary count). */
  private noticeOf(p: ProjectEntity) {
    const n = NOTICE_OF_STAGE[p.stage]!;
    return {
      kind: n.kind,
      subjectType: PROJECT_NOTICE_SUBJECT,
      subjectId: p.id,
      regionCode: p.regionCode,
      channels: n.channels,
      startsOn: p.noticeStartsOn!,
      endsOn: p.noticeEndsOn!,
      length: p.noticeDays!,
      content: {
        title: `${p.planYear ?? p.year}年${n.title}`,
        summary: `${PROJECT_PROCEDURE.stages[p.stage].label}：${p.name}。如有异议，请在公示期内提出。`,
        responsibleUnit: p.responsibleUnit ?? '区扶贫开发领导小组办公室',
        year: p.planYear ?? p.year,
        projects: [{ name: p.name, regionCode: p.regionCode, projectType: `${p.category}/${p.industryType}`, budget: p.budgetTotal, status: PROJECT_PROCEDURE.stages[p.stage].label, beneficiaryHouseholds: p.beneficiaryHouseholds }],
      },
    };
  }

  private async reread(principal: Principal, m: EntityManager, id: string): Promise<ProjectRead> {
    // After a write in scope the project is there; the system's objection handler re-reads nothing.
    return (await this.repo.findOne(principal, id, ALL_CHILDREN, m))!;
  }
}

/** Every entry field the national library requires filled, and a funding line (APPLY): else PROJECT_ENTRY_FIELD_REQUIRED per field. */
function requireEntryFields(p: Partial<ProjectEntity>, fundingLines: number): void {
  const missing = ENTRY_FIELDS.filter((f) => p[f] === null || p[f] === undefined || p[f] === '').map((f) => String(f));
  if (!fundingLines) missing.push('fundingLines');
  if (missing.length) throw ProjectErrors.entryFieldsMissing(missing);
}

/** The shapes of amounts, target values and the planned period (before any read). */
function checkShapes(input: ProjectDetails): void {
  const problems: FieldProblem[] = [];
  const amount = (v: string | undefined, field: string) => {
    if (v !== undefined && !isStoredAmount(v)) problems.push({ field, reason: CommonReason.INVALID_DECIMAL, message: '金额须为非负数，最多两位小数 (an amount with at most 2 decimals)' });
  };
  amount(input.budgetTotal, 'input.budgetTotal');
  input.fundingLines?.forEach((l, i) => amount(l.amount, `input.fundingLines.${i}.amount`));
  input.performanceTargets?.forEach((t, i) => {
    if (!TARGET_VALUE.test(t.targetValue)) problems.push({ field: `input.performanceTargets.${i}.targetValue`, reason: CommonReason.INVALID_DECIMAL, message: '目标值须为数值，最多两位小数 (a number with at most 2 decimals)' });
    if (t.actualValue != null && !TARGET_VALUE.test(t.actualValue)) problems.push({ field: `input.performanceTargets.${i}.actualValue`, reason: CommonReason.INVALID_DECIMAL, message: '实际值须为数值，最多两位小数 (a number with at most 2 decimals)' });
  });
  if (problems.length) throw ProjectErrors.invalid(problems);
  if (input.plannedStartOn !== undefined || input.plannedEndOn !== undefined) checkPeriod(input.plannedStartOn ?? null, input.plannedEndOn ?? null);
}

function checkPeriod(start: string | null | undefined, end: string | null | undefined): void {
  if (start && end && end < start) {
    throw ProjectErrors.invalid([{ field: 'input.plannedEndOn', reason: CommonReason.INVALID_PERIOD, message: '计划完工日期不能早于计划开工日期 (ends before it starts)' }]);
  }
}

/** The project's own columns among the details given (undefined: not given). */
function columnsOf(d: ProjectDetails): Partial<ProjectEntity> {
  const { fundingLines: _f, performanceTargets: _t, beneficiaryHouseholdIds: _b, beneficiaryVillageCodes: _v, ...columns } = d as ProjectDetails & { id?: string; version?: number; regionCode?: string; sector?: Sector | null };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(columns)) if (v !== undefined && !['id', 'version', 'regionCode', 'sector'].includes(k)) out[k] = typeof v === 'string' && k !== 'budgetTotal' ? v.trim() : v;
  // A blank library code is none (the code is unique in its region when given).
  if (typeof out.libraryCode === 'string' && !out.libraryCode) out.libraryCode = null;
  return out as Partial<ProjectEntity>;
}

/** The child lists given (null or undefined: left as they are), amounts and values as numeric(…,2) stores them (4 → 4.00), so a list given again compares equal. */
function listsOf(d: ProjectDetails) {
  return {
    fundingLines: d.fundingLines?.map((l) => ({ level: l.level, channel: l.channel.trim(), amount: fromCents(toCents(l.amount)) })),
    performanceTargets: d.performanceTargets?.map((t) => ({ indicator: t.indicator.trim(), targetValue: fromCents(toCents(t.targetValue)), unit: t.unit.trim(), actualValue: t.actualValue == null ? null : fromCents(toCents(t.actualValue)) })),
  };
}

/** The project with its lists, as the audit diff compares them. */
function auditView(p: ProjectEntity, c: ProjectChildren): AuditedProject & { fundingTotal: string } {
  return {
    ...p,
    fundingLines: (c.fundingLines ?? []).map((l) => ({ level: l.level, channel: l.channel, amount: l.amount })),
    performanceTargets: (c.performanceTargets ?? []).map((t) => ({ indicator: t.indicator, targetValue: t.targetValue, unit: t.unit, actualValue: t.actualValue })),
    beneficiaryHouseholdIds: (c.beneficiaries ?? []).map((b) => b.householdId).sort(),
    fundingTotal: sumAmounts((c.fundingLines ?? []).map((l) => l.amount)),
  };
}
