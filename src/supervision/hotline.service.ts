import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SECRETS, Secrets } from '../config/secrets';
import { blindIndexOf, decryptField, encryptField, maskedField } from '../common/protection/protected-field';
import { PersonalDataRegistry } from '../identity/personal-data.registry';
import { HOTLINE_REPORTER_CONTACT, HOTLINE_REPORTER_NAME } from './hotline-protected';
import type { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { isLocalDate, todayInChina } from '../common/dates/local-date';
import { ratioOfAmounts } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { checkTransition } from '../common/procedure/procedure';
import { subtreePrefix } from '../common/region/region-code';
import { ParametersService } from '../parameters/parameters.service';
import { RegionsService } from '../regions/regions.service';
import { FindingSeverity, FindingSource } from './finding.entity';
import { HotlineArea, HotlineCaseEntity, HotlineChannel, HotlineStage } from './hotline.entity';
import { HotlineErrors } from './hotline.errors';
import { HotlineCaseFilter, HotlineRateCounts, HotlineRateOutcome, HotlineRepository } from './hotline.repository';
import { deadlineKeyOf, HOTLINE_PROCEDURE, HotlineAction } from './hotline-procedure';
import { HOTLINE_CASE_AUDIT } from './supervision.audited';
import { SupervisionErrors } from './supervision.errors';
import { FindingRead, SupervisionService } from './supervision.service';

/** The list of case types (RULES.md §9). */
export const HOTLINE_CASE_TYPES_KEY = 'supervision.hotline_case_types';

export interface ReceiveHotlineCase {
  channel: HotlineChannel;
  anonymous: boolean;
  caseType: string;
  area: HotlineArea;
  summary: string;
  regionCode: string;
  receivedOn?: string | null;
  reporterName?: string | null;
  reporterContact?: string | null;
}

/** A reporter's name and contact as answered: masked. */
export interface MaskedReporter {
  reporterName: string | null;
  reporterContact: string | null;
}

export interface HotlineStep {
  id: string;
  version: number;
  action: HotlineAction;
  effectiveOn?: string | null;
  handlingUnit?: string | null;
  content?: string | null;
  substantiated?: boolean | null;
  satisfied?: boolean | null;
  note?: string | null;
}

export interface RegisterFindingFromCase {
  caseId: string;
  version: number;
  description?: string | null;
  category: string;
  subitem?: string | null;
  householdId?: string | null;
  projectId?: string | null;
  severity: FindingSeverity;
  leadUnit: string;
  responsibleUnit: string;
  responsiblePerson: string;
  foundOn?: string | null;
  deadline: string;
  registeredOn?: string | null;
}

/** Counts with the three rates (exact 4-decimal ratios, null when nothing is counted). */
export interface HotlineRateFigures {
  counts: HotlineRateCounts;
  onTimeRate: string | null;
  substantiationRate: string | null;
  satisfactionRate: string | null;
}

export interface HotlineRates extends HotlineRateFigures {
  asOf: string;
  regionCode: string | null;
  byTown: (HotlineRateFigures & { regionCode: string; regionName: string | null; handlingUnit: null })[];
  byHandlingUnit: (HotlineRateFigures & { regionCode: null; regionName: null; handlingUnit: string | null })[];
}

const withHotlineRates = (counts: HotlineRateCounts): HotlineRateFigures => {
  const ratio = (a: number, b: number) => ratioOfAmounts(String(a), String(b));
  return { counts, onTimeRate: ratio(counts.onTime, counts.due), substantiationRate: ratio(counts.substantiated, counts.replied), satisfactionRate: ratio(counts.satisfied, counts.visited) };
};

/** A deadline as counted: the date, or why there is none ("not configured", never a guess). */
interface CountedDeadline {
  deadlineKey: string | null;
  deadline: string | null;
  deadlineNotConfigured: string | null;
}

/**
 * The use cases of hotline cases (12317 热线件, issue #20 part 2): receipt with the type checked
 * against supervision.hotline_case_types, the procedure's steps (HOTLINE_PROCEDURE) with the
 * deadline counted in its parameter's unit (days, or working days by the calendar), redo after an unsatisfied return visit, and the
 * rates with the cases behind them. One transaction per use case with its audit row.
 */
@Injectable()
export class HotlineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: HotlineRepository,
    private readonly regions: RegionsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
    private readonly findings: SupervisionService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  /** The reporter's name and contact masked by the declared fields' masks (what every answer shows). */
  masked(c: HotlineCaseEntity): MaskedReporter {
    return { reporterName: maskedField(this.secrets.cipher, HOTLINE_REPORTER_NAME, c), reporterContact: maskedField(this.secrets.cipher, HOTLINE_REPORTER_CONTACT, c) };
  }

  /** The blind index of a contact to find a reporter's cases (the handlers' filter). */
  contactIndex(contact: string): string {
    return blindIndexOf(this.secrets.cipher, HOTLINE_REPORTER_CONTACT, contact);
  }

  /**
   * The full name or contact of a case the caller can read, for a stated reason, with an audit row
   * (revealPersonalData, HOTLINE_REPORTER_NAME / HOTLINE_REPORTER_CONTACT: the registry has checked
   * personalData.unmask and supervision.hotline, the case handlers' permission).
   */
  async reveal(principal: Principal, field: typeof HOTLINE_REPORTER_NAME, id: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const c = await this.repo.findInScope(principal, id, m);
      if (!c) throw HotlineErrors.caseNotFound('input.id');
      await this.audit.fact(m, HOTLINE_CASE_AUDIT, 'personalData.unmask', c, { field: field.property }, { reason });
      return decryptField(this.secrets.cipher, field, c);
    });
  }

  list(principal: Principal, filter: HotlineCaseFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<HotlineCaseEntity>> {
    return this.repo.page(principal, filter, args, withTotalCount);
  }

  get(principal: Principal, id: string): Promise<HotlineCaseEntity | null> {
    return this.repo.findInScope(principal, id);
  }

  /** On-time reply, substantiation and satisfaction rates as of a date (exact 4-decimal ratios; null when nothing is counted). */
  async rates(principal: Principal, asOf: string, regionCode: string | null | undefined): Promise<HotlineRates> {
    checkAsOf(asOf);
    const prefix = regionCode ? subtreePrefix(regionCode) : undefined;
    const { total: counts, byTown: towns, byHandlingUnit: units } = await this.repo.rateCounts(principal, asOf, prefix);
    const names = new Map((await this.regions.findByCodes(towns.map((t) => t.key))).map((r) => [r.code, r.name]));
    return {
      asOf,
      regionCode: regionCode ?? null,
      ...withHotlineRates(counts),
      byTown: towns.map((t) => ({ regionCode: t.key, regionName: names.get(t.key) ?? null, handlingUnit: null, ...withHotlineRates(t.counts) })),
      byHandlingUnit: units.map((u) => ({ regionCode: null, regionName: null, handlingUnit: u.key, ...withHotlineRates(u.counts) })),
    };
  }

  outcomeCases(
    principal: Principal,
    asOf: string,
    regionCode: string | null | undefined,
    outcome: HotlineRateOutcome,
    args: ConnectionArgs,
    withTotalCount: boolean,
    handlingUnit?: string | null,
  ): Promise<Connection<HotlineCaseEntity>> {
    checkAsOf(asOf);
    return this.repo.outcomePage(principal, asOf, regionCode ? subtreePrefix(regionCode) : undefined, outcome, args, withTotalCount, handlingUnit ?? undefined);
  }

  /** 受理: a case of a listed type in force on the received date, in the caller's scope (stage RECEIVED). */
  async receive(principal: Principal, input: ReceiveHotlineCase): Promise<HotlineCaseEntity> {
    const checked = this.checkReceipt(input);
    return this.dataSource.transaction(async (m) => (await this.receiveIn(m, principal, input, checked, true))!);
  }

  /**
   * A case of the 12317 platform's file (the import port, kind hotline-cases), in the batch's
   * transaction: received as receiveHotlineCase receives it (the same checks, in the import's
   * scope), with the platform's number, and transferred on the file's transfer date to its handling
   * unit with the deadline counted as a TRANSFER step counts it. Every check runs before the first
   * write, so a refused row writes nothing; a dry run checks only.
   */
  async importCase(
    m: EntityManager,
    scope: ScopeHolder,
    input: ReceiveHotlineCase & { platformNumber: string; transfer: { on: string; handlingUnit: string } | null },
    dryRun: boolean,
  ): Promise<HotlineCaseEntity | null> {
    const checked = this.checkReceipt(input);
    const t = input.transfer;
    if (t) {
      if (!t.handlingUnit.trim()) throw SupervisionErrors.invalidValue('input.handlingUnit', '转办须填写承办单位 (a transfer needs the handling unit)');
      if (t.on > todayInChina()) throw SupervisionErrors.dateInFuture('input.transferredOn');
      if (t.on < checked.receivedOn) throw SupervisionErrors.dateBeforeLastStep(checked.receivedOn, 'input.transferredOn');
    }
    const c = await this.receiveIn(m, scope, input, checked, !dryRun, input.platformNumber);
    if (!c || !t) return c;
    const after = await this.repo.update(m, c.id, c.version, { stage: HotlineStage.TRANSFERRED, lastStepOn: t.on, handlingUnit: t.handlingUnit.trim(), transferredOn: t.on, ...(await this.countDeadline(m, c, t.on)) });
    await this.audit.fact(m, HOTLINE_CASE_AUDIT, 'supervision.hotlineStep', after, { action: 'TRANSFER', stage: { from: c.stage, to: after.stage }, effectiveOn: t.on, deadline: after.deadline, redo: false, note: null, imported: true });
    return after;
  }

  /** The checks of a receipt that need no database: dates, blanks, the reporter of a named or anonymous case. */
  private checkReceipt(input: ReceiveHotlineCase): { receivedOn: string; reporterName: string | null; reporterContact: string | null } {
    const today = todayInChina();
    const receivedOn = input.receivedOn ?? today;
    if (receivedOn > today) throw SupervisionErrors.dateInFuture('input.receivedOn');
    if (!input.summary?.trim()) throw SupervisionErrors.invalidValue('input.summary', '不能为空 (must not be blank)');
    if (!input.caseType?.trim()) throw SupervisionErrors.invalidValue('input.caseType', '热线件须有类型 (a case needs its type)');
    const reporterName = input.reporterName ? HOTLINE_REPORTER_NAME.normalize(input.reporterName) : null;
    const reporterContact = input.reporterContact ? HOTLINE_REPORTER_CONTACT.normalize(input.reporterContact) : null;
    if (input.anonymous && (reporterName || reporterContact)) {
      throw SupervisionErrors.invalidValue(reporterName ? 'input.reporterName' : 'input.reporterContact', '匿名件不记录举报人身份 (an anonymous case records no identity)');
    }
    if (!input.anonymous && !reporterName) throw SupervisionErrors.invalidValue('input.reporterName', '实名件须填写举报人姓名 (a named case needs the reporter\'s name)');
    return { receivedOn, reporterName, reporterContact };
  }

  /** The checks against the database (region in scope, the type listed on the date), then, when `write`, the case and its audit row. */
  private async receiveIn(
    m: EntityManager,
    scope: ScopeHolder,
    input: ReceiveHotlineCase,
    { receivedOn, reporterName, reporterContact }: ReturnType<HotlineService['checkReceipt']>,
    write: boolean,
    platformNumber: string | null = null,
  ): Promise<HotlineCaseEntity | null> {
    if (!(await this.regions.findByCode(input.regionCode, m))) throw SupervisionErrors.regionNotFound();
    if (!inRegionScope(scope, input.regionCode)) throw SupervisionErrors.regionOutOfScope();
    await this.parameters.requireListedCode(HOTLINE_CASE_TYPES_KEY, input.caseType.trim(), receivedOn, input.regionCode, 'input.caseType', m);
    if (!write) return null;
    const c = await this.repo.insert(m, {
      regionCode: input.regionCode,
      platformNumber,
      channel: input.channel,
      anonymous: input.anonymous,
      caseType: input.caseType.trim(),
      area: input.area,
      summary: input.summary.trim(),
      receivedOn,
      stage: HotlineStage.RECEIVED,
      lastStepOn: receivedOn,
      ...encryptField(this.secrets.cipher, HOTLINE_REPORTER_NAME, reporterName, { normalized: true }),
      ...encryptField(this.secrets.cipher, HOTLINE_REPORTER_CONTACT, reporterContact, { normalized: true }),
    });
    await this.audit.change(m, HOTLINE_CASE_AUDIT, platformNumber ? 'supervision.importHotlineCase' : 'supervision.receiveHotlineCase', null, { ...c, reporterName, reporterContact });
    return c;
  }

  /**
   * One step (TRANSFER, REPLY, RETURN_VISIT, CLOSE): the kit's table decides whether the stage
   * allows it; a transfer counts the deadline; an unsatisfied return visit sends the case back to
   * TRANSFERRED with a new deadline counted from the visit (redo), its reply cleared (kept in the
   * audit trail).
   */
  async step(principal: Principal, input: HotlineStep): Promise<HotlineCaseEntity> {
    const today = todayInChina();
    const on = input.effectiveOn ?? today;
    if (!isLocalDate(on)) throw SupervisionErrors.invalidValue('input.effectiveOn', '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)');
    if (on > today) throw SupervisionErrors.dateInFuture('input.effectiveOn');
    return this.dataSource.transaction(async (m) => {
      const c = await this.repo.lockInScope(principal, input.id, m);
      if (!c) throw HotlineErrors.caseNotFound();
      if (c.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: c.version });
      const t = checkTransition(HOTLINE_PROCEDURE, { action: input.action, from: c.stage, held: principal.permissions, input: { ...input } });
      if (on < c.lastStepOn) throw SupervisionErrors.dateBeforeLastStep(c.lastStepOn);
      const patch: Partial<HotlineCaseEntity> = { stage: t.to, lastStepOn: on };
      if (input.action === 'TRANSFER') Object.assign(patch, { handlingUnit: input.handlingUnit!.trim(), transferredOn: on }, await this.countDeadline(m, c, on));
      if (input.action === 'REPLY') Object.assign(patch, { repliedOn: on, replyContent: input.content!.trim(), substantiated: input.substantiated! });
      if (input.action === 'RETURN_VISIT') {
        Object.assign(patch, { visitedOn: on, satisfied: input.satisfied! });
        if (!input.satisfied) {
          Object.assign(patch, { stage: HotlineStage.TRANSFERRED, redoCount: c.redoCount + 1, transferredOn: on, repliedOn: null, replyContent: null, substantiated: null }, await this.countDeadline(m, c, on));
        }
      }
      if (input.action === 'CLOSE') patch.closedOn = on;
      const after = await this.repo.update(m, c.id, input.version, patch);
      await this.audit.fact(
        m,
        HOTLINE_CASE_AUDIT,
        'supervision.hotlineStep',
        after,
        { action: input.action, stage: { from: c.stage, to: after.stage }, effectiveOn: on, deadline: after.deadline, redo: after.redoCount !== c.redoCount, note: input.note?.trim() || null },
      );
      return after;
    });
  }

  /**
   * 属实 → 督查问题: a finding of part 1 (source HOTLINE, its place the case's, found on the reply
   * date unless given) registered through the findings' own service in the same transaction,
   * and linked to the case (one finding per case). Only a case whose current reply found it
   * substantiated; the finding's own checks (codes, dates, links, the supervising side) apply.
   */
  async registerFinding(principal: Principal, input: RegisterFindingFromCase): Promise<{ hotlineCase: HotlineCaseEntity; finding: FindingRead }> {
    return this.dataSource.transaction(async (m) => {
      const c = await this.repo.lockInScope(principal, input.caseId, m);
      if (!c) throw HotlineErrors.caseNotFound('input.caseId');
      if (c.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: c.version });
      if (c.substantiated !== true) throw HotlineErrors.notSubstantiated();
      if (c.findingId) throw HotlineErrors.hasFinding();
      const finding = await this.findings.register(
        principal,
        {
          source: FindingSource.HOTLINE,
          sourceReference: `热线件 ${c.id}`,
          description: input.description?.trim() || c.summary,
          category: input.category,
          subitem: input.subitem,
          regionCode: c.regionCode,
          householdId: input.householdId,
          projectId: input.projectId,
          severity: input.severity,
          leadUnit: input.leadUnit,
          responsibleUnit: input.responsibleUnit,
          responsiblePerson: input.responsiblePerson,
          foundOn: input.foundOn ?? c.repliedOn!,
          deadline: input.deadline,
          registeredOn: input.registeredOn,
        },
        m,
      );
      const after = await this.repo.update(m, c.id, input.version, { findingId: finding.finding.id });
      await this.audit.fact(m, HOTLINE_CASE_AUDIT, 'supervision.registerFindingFromCase', after, { findingId: finding.finding.id });
      return { hotlineCase: after, finding };
    });
  }

  /**
   * The deadline of a case transferred (or sent back) on `from`: the type's parameter as of that
   * date in the case's region, counted in the parameter's unit (days, or working days by the
   * calendar: ParametersService.deadlineAfter); not configured (the type
   * has no deadline parameter, the parameter has no value in force, a year on the way has no
   * calendar) is said so, never guessed.
   */
  private async countDeadline(m: EntityManager, c: HotlineCaseEntity, from: string): Promise<CountedDeadline> {
    const key = deadlineKeyOf(c.caseType, c.anonymous);
    if (!key) return { deadlineKey: null, deadline: null, deadlineNotConfigured: `类型“${c.caseType}”无办理时限参数 (no deadline parameter for this type)` };
    const d = await this.parameters.deadlineAfter(from, await this.parameters.valueAt(key, from, c.regionCode, m), m);
    if (!d.configured && d.missingYear === undefined) return { deadlineKey: key, deadline: null, deadlineNotConfigured: `${key} 未配置 (not configured on ${from})` };
    if (!d.configured) return { deadlineKey: key, deadline: null, deadlineNotConfigured: `${d.missingYear} 年工作日历未配置 (working calendar ${d.missingYear} not configured)` };
    return { deadlineKey: key, deadline: d.date, deadlineNotConfigured: null };
  }
}

function checkAsOf(asOf: string): void {
  if (!isLocalDate(asOf)) throw SupervisionErrors.invalidValue('asOf', '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)');
}

/** Registers the reveal of the reporter's name and contact with revealPersonalData (the registry checks the permissions and the reason). */
@Injectable()
export class HotlineRevealers implements OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(HotlineService) private readonly cases: HotlineService,
  ) {}

  onModuleInit(): void {
    for (const field of [HOTLINE_REPORTER_NAME, HOTLINE_REPORTER_CONTACT]) {
      this.registry.register(field.subject, (principal, id, reason) => this.cases.reveal(principal, field, id, reason));
    }
  }
}
