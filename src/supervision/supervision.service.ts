import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { detectFileType } from '../common/files/file-signature';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { applyRegionScope } from '../common/access/region-scope';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Permission, Sector } from '../common/access/permissions';
import type { Principal } from '../common/access/principal';
import { inRegionScope, writeSector } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { addDays, isLocalDate, todayInChina, yearOf } from '../common/dates/local-date';
import { ratioOfAmounts } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { checkTransition } from '../common/procedure/procedure';
import { isWithin, subtreePrefix } from '../common/region/region-code';
import { HouseholdsService } from '../households/households.service';
import { ParametersService } from '../parameters/parameters.service';
import { ParametersErrors } from '../parameters/parameters.errors';
import { listedCodes } from '../parameters/parameter-values';
import { ProjectService } from '../projects/project.service';
import { RegionsService } from '../regions/regions.service';
import { EvidenceFileEntity, FindingEntity, FindingSeverity, FindingSource, FindingStage, ProgressNoteEntity } from './finding.entity';
import { EVIDENCE_FILE_AUDIT, FINDING_AUDIT, LETTER_AUDIT, PROGRESS_NOTE_AUDIT } from './supervision.audited';
import { SupervisionErrors } from './supervision.errors';
import { FindingChildren, FindingFilter, RateCounts, RectificationOutcome, SupervisionRepository } from './supervision.repository';
import { InspectionErrors } from './inspection.errors';
import { InspectionRepository } from './inspection.repository';
import { FindingAction, LEDGER_STAGES, OVERDUE_ACTION, REGISTER_ACTION, SUPERVISION_PROCEDURE } from './supervision-procedure';

/** The policy parameters the findings read (RULES.md §9). */
export const SUPERVISION_PARAMETERS = {
  categories: 'supervision.finding_categories',
  subitems: 'supervision.finding_subitems',
} as const;


export interface RegisterFinding {
  source: FindingSource;
  sourceReference?: string | null;
  /** The inspection it was found by (source INSPECTION only). */
  inspectionId?: string | null;
  description: string;
  category: string;
  subitem?: string | null;
  regionCode: string;
  householdId?: string | null;
  projectId?: string | null;
  severity: FindingSeverity;
  leadUnit: string;
  responsibleUnit: string;
  responsiblePerson: string;
  foundOn: string;
  deadline: string;
  registeredOn?: string | null;
}

export interface FindingStep {
  id: string;
  version: number;
  action: FindingAction;
  effectiveOn?: string | null;
  note?: string | null;
  reason?: string | null;
  opinion?: string | null;
  acceptor?: string | null;
  evidence?: string[] | null;
}

export interface RecordRectification {
  id: string;
  version: number;
  measures?: string | null;
  plannedOn?: string | null;
  result?: string | null;
  evidence?: string[] | null;
}

export interface AddProgressNote {
  findingId: string;
  notedOn: string;
  note: string;
  evidence?: string[] | null;
}

/** An evidence file as the upload received it (the bytes held in memory, at most EVIDENCE_MAX_BYTES). */
export interface EvidenceUpload {
  findingId: string;
  fileName: string;
  content: Buffer;
  note?: string | null;
}

export interface FindingRead {
  finding: FindingEntity;
  children: FindingChildren;
}

export interface RectificationRates {
  asOf: string;
  regionCode: string | null;
  total: RateCounts & { regionCode: null; regionName: null; onTimeRate: string | null; closureRate: string | null };
  byTown: (RateCounts & { regionCode: string; regionName: string | null; onTimeRate: string | null; closureRate: string | null })[];
  byResponsibleUnit: (RateCounts & { unit: string; onTimeRate: string | null; closureRate: string | null })[];
}

const ALL_CHILDREN: ReadonlySet<keyof FindingChildren> = new Set(['events', 'progressNotes', 'letter', 'evidenceFiles']);

/**
 * The use cases of supervision findings (督查问题, issue #20): registration with its checked
 * links and codes, the procedure's steps (SUPERVISION_PROCEDURE), the rectification ledger, the
 * daily overdue marking with its supervision letter, and the rectification rates with the records
 * behind them. One transaction per use case: read and lock what is checked, write, event row,
 * audit row.
 */
@Injectable()
export class SupervisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: SupervisionRepository,
    private readonly inspections: InspectionRepository,
    private readonly households: HouseholdsService,
    private readonly projects: ProjectService,
    private readonly regions: RegionsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The permissions a caller takes the procedure's steps with: a sector officer holds
   * supervision.write by role, but only discipline inspection (纪检监察) supervises.
   */
  held(principal: Principal): ReadonlySet<Permission> {
    if (!principal.permissions.has('supervision.write') || this.supervises(principal)) return principal.permissions;
    const held = new Set(principal.permissions);
    held.delete('supervision.write');
    return held;
  }

  list(principal: Principal, filter: FindingFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FindingEntity>> {
    return this.repo.page(principal, filter, args, withTotalCount);
  }

  async get(principal: Principal, id: string): Promise<FindingRead | null> {
    const [finding] = await this.repo.findInScope(principal, [id]);
    if (!finding) return null;
    return { finding, children: (await this.repo.children([id], ALL_CHILDREN)).get(id)! };
  }

  children(ids: readonly string[], kinds: ReadonlySet<keyof FindingChildren>): Promise<Map<string, FindingChildren>> {
    return this.repo.children(ids, kinds);
  }

  overdue(principal: Principal, asOf: string, regionCode: string | null | undefined, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FindingEntity>> {
    checkAsOf(asOf);
    return this.repo.overduePage(principal, asOf, regionCode ? subtreePrefix(regionCode) : undefined, args, withTotalCount);
  }

  outcomeFindings(
    principal: Principal,
    asOf: string,
    regionCode: string | null | undefined,
    outcome: RectificationOutcome,
    args: ConnectionArgs,
    withTotalCount: boolean,
    responsibleUnit?: string | null,
  ): Promise<Connection<FindingEntity>> {
    checkAsOf(asOf);
    return this.repo.outcomePage(principal, asOf, regionCode ? subtreePrefix(regionCode) : undefined, outcome, args, withTotalCount, responsibleUnit ?? undefined);
  }

  /** The rectification rates as of a date (on-time and closure rates as exact 4-decimal ratios), in total, by town and by responsible unit. */
  async rates(principal: Principal, asOf: string, regionCode: string | null | undefined): Promise<RectificationRates> {
    checkAsOf(asOf);
    const { total, byTown, byResponsibleUnit } = await this.repo.rateCounts(principal, asOf, regionCode ? subtreePrefix(regionCode) : undefined);
    const withRates = <T extends RateCounts>(c: T) => ({ ...c, onTimeRate: ratioOfAmounts(String(c.onTime), String(c.due)), closureRate: ratioOfAmounts(String(c.closed), String(c.due)) });
    return { asOf, regionCode: regionCode ?? null, total: withRates({ regionCode: null, regionName: null, ...total }), byTown: byTown.map(withRates), byResponsibleUnit: byResponsibleUnit.map(withRates) };
  }

  /** Registers a finding; within `manager`'s transaction when given (a hotline case's finding: registerFindingFromCase). */
  async register(principal: Principal, input: RegisterFinding, manager?: EntityManager): Promise<FindingRead> {
    this.requireSupervising(principal);
    const today = todayInChina();
    const registeredOn = input.registeredOn ?? today;
    if (input.foundOn > today) throw SupervisionErrors.dateInFuture('input.foundOn');
    if (registeredOn > today) throw SupervisionErrors.dateInFuture('input.registeredOn');
    if (registeredOn < input.foundOn) throw SupervisionErrors.dateBeforeLastStep(input.foundOn, 'input.registeredOn');
    if (input.deadline < input.foundOn) throw SupervisionErrors.deadlineBeforeFound();
    const text = (v: string | null | undefined) => v?.trim() || null;
    for (const f of ['description', 'leadUnit', 'responsibleUnit', 'responsiblePerson', 'category'] as const) {
      if (!text(input[f])) throw SupervisionErrors.invalidValue(`input.${f}`, '不能为空 (must not be blank)');
    }
    const inTransaction = <T>(fn: (m: EntityManager) => Promise<T>): Promise<T> => (manager ? fn(manager) : this.dataSource.transaction(fn));
    return inTransaction(async (m) => {
      if (!(await this.regions.findByCode(input.regionCode, m))) throw SupervisionErrors.regionNotFound();
      if (!inRegionScope(principal, input.regionCode)) throw SupervisionErrors.regionOutOfScope();
      await this.checkCodes(m, input.category.trim(), text(input.subitem), input.foundOn, input.regionCode);
      const place = subtreePrefix(input.regionCode);
      if (input.inspectionId) await this.checkInspection(principal, m, input);
      if (input.householdId) {
        const h = await this.households.getInScope(principal, input.householdId, m, { field: 'input.householdId' });
        if (!isWithin(h.regionCode, place)) throw SupervisionErrors.linkOutsidePlace('input.householdId');
      }
      if (input.projectId) {
        const p = await this.projects.getInScope(principal, input.projectId, m, 'input.projectId');
        if (!isWithin(p.regionCode, place)) throw SupervisionErrors.linkOutsidePlace('input.projectId');
      }
      const finding = await this.repo.insert(m, {
        source: input.source,
        sourceReference: text(input.sourceReference),
        inspectionId: input.inspectionId ?? null,
        description: input.description.trim(),
        category: input.category.trim(),
        subitem: text(input.subitem),
        regionCode: input.regionCode,
        householdId: input.householdId ?? null,
        projectId: input.projectId ?? null,
        severity: input.severity,
        leadUnit: input.leadUnit.trim(),
        responsibleUnit: input.responsibleUnit.trim(),
        responsiblePerson: input.responsiblePerson.trim(),
        foundOn: input.foundOn,
        deadline: input.deadline,
        stage: FindingStage.REGISTERED,
        lastStepOn: registeredOn,
      });
      await this.repo.insertEvent(m, {
        findingId: finding.id,
        regionCode: finding.regionCode,
        action: REGISTER_ACTION,
        fromStage: null,
        toStage: FindingStage.REGISTERED,
        effectiveOn: registeredOn,
        actorId: principal.id,
        actorName: principal.name,
        note: null,
        evidence: [],
      });
      await this.audit.change(m, FINDING_AUDIT, 'supervision.registerFinding', null, finding);
      return this.reread(m, finding.id);
    });
  }

  /**
   * One step of the procedure through the operation that carries `via` (the side's permission):
   * the kit's table decides whether the stage allows it; then the step's own rules (the ledger
   * filled before acceptance is requested, acceptance not decided by who requested it), the new
   * stage and dates, the event row and the audit row, in one transaction.
   */
  async step(principal: Principal, via: Permission, input: FindingStep): Promise<FindingRead> {
    if (via === 'supervision.write') this.requireSupervising(principal);
    const today = todayInChina();
    const on = input.effectiveOn ?? today;
    if (on > today) throw SupervisionErrors.dateInFuture('input.effectiveOn');
    return this.dataSource.transaction(async (m) => {
      const f = await this.repo.lockInScope(principal, input.id, m);
      if (!f) throw SupervisionErrors.findingNotFound();
      if (f.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: f.version });
      // Only the operation's permission takes steps through it: a supervising step is not taken through the rectifying operation.
      const held = new Set<Permission>(this.held(principal).has(via) ? [via] : []);
      const t = checkTransition(SUPERVISION_PROCEDURE, { action: input.action, from: f.stage, held, input: { ...input } });
      if (on < f.lastStepOn) throw SupervisionErrors.dateBeforeLastStep(f.lastStepOn);

      const patch: Partial<FindingEntity> = { stage: t.to, lastStepOn: on };
      if (input.action === 'REQUEST_ACCEPTANCE') {
        const missing = [...(f.rectificationMeasures ? [] : ['measures']), ...(f.rectificationResult ? [] : ['result'])];
        if (missing.length) throw SupervisionErrors.rectificationIncomplete(missing);
      }
      if (input.action === 'ACCEPT' || input.action === 'FAIL_ACCEPTANCE') {
        const requested = await this.repo.lastEvent(m, f.id, 'REQUEST_ACCEPTANCE');
        if (requested?.actorId && (requested.actorId === principal.id || requested.actorId === principal.personId)) throw SupervisionErrors.acceptanceBySelf();
      }
      if (input.action === 'ACCEPT') Object.assign(patch, { acceptedOn: on, acceptor: input.acceptor?.trim() || principal.name, acceptanceOpinion: input.opinion!.trim() });
      if (input.action === 'CLOSE') patch.closedOn = on;
      if (input.action === 'REFER') Object.assign(patch, { referredOn: on, referralReason: input.reason!.trim() });

      const after = await this.repo.update(m, f.id, input.version, patch);
      await this.repo.insertEvent(m, {
        findingId: f.id,
        regionCode: f.regionCode,
        action: input.action,
        fromStage: f.stage,
        toStage: t.to,
        effectiveOn: on,
        actorId: principal.id,
        actorName: principal.name,
        note: input.opinion?.trim() || input.reason?.trim() || input.note?.trim() || null,
        evidence: input.evidence ?? [],
      });
      await this.audit.fact(m, FINDING_AUDIT, 'supervision.step', after, { action: input.action, stage: { from: f.stage, to: t.to }, effectiveOn: on }, { reason: input.reason?.trim() || null });
      return this.reread(m, f.id);
    });
  }

  /** The ledger's measures, planned date, result and evidence, by the responsible side between assignment and the acceptance request. */
  async recordRectification(principal: Principal, input: RecordRectification): Promise<FindingRead> {
    return this.dataSource.transaction(async (m) => {
      const f = await this.lockOpenLedger(principal, input.id, m);
      if (f.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: f.version });
      if (input.plannedOn && input.plannedOn < f.foundOn) {
        throw SupervisionErrors.invalidValue('input.plannedOn', '计划完成日期不能早于发现日期 (planned before the finding was found)');
      }
      const given: Partial<FindingEntity> = {};
      if (input.measures !== undefined) given.rectificationMeasures = input.measures?.trim() || null;
      if (input.plannedOn !== undefined) given.rectificationPlannedOn = input.plannedOn ?? null;
      if (input.result !== undefined) given.rectificationResult = input.result?.trim() || null;
      if (input.evidence !== undefined) given.rectificationEvidence = input.evidence ?? [];
      // Only what differs is written; nothing differing is no write, no new version, no audit row.
      const patch = Object.fromEntries(Object.entries(given).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(f[k as keyof FindingEntity]))) as Partial<FindingEntity>;
      if (!Object.keys(patch).length) return this.reread(m, f.id);
      const after = await this.repo.update(m, f.id, input.version, patch);
      await this.audit.change(m, FINDING_AUDIT, 'supervision.recordRectification', f, after);
      return this.reread(m, f.id);
    });
  }

  /** A progress note of the ledger (整改进展), dated, with its evidence references. */
  async addProgressNote(principal: Principal, input: AddProgressNote): Promise<FindingRead> {
    if (input.notedOn > todayInChina()) throw SupervisionErrors.dateInFuture('input.notedOn');
    if (!input.note.trim()) throw SupervisionErrors.invalidValue('input.note', '不能为空 (must not be blank)');
    return this.dataSource.transaction(async (m) => {
      const f = await this.lockOpenLedger(principal, input.findingId, m, 'input.findingId');
      if (input.notedOn < f.foundOn) throw SupervisionErrors.invalidValue('input.notedOn', '进展日期不能早于发现日期 (noted before the finding was found)');
      const note: ProgressNoteEntity = await this.repo.insertProgressNote(m, {
        findingId: f.id,
        regionCode: f.regionCode,
        notedOn: input.notedOn,
        note: input.note.trim(),
        evidence: input.evidence ?? [],
        actorId: principal.id,
        actorName: principal.name,
      });
      await this.audit.change(m, PROGRESS_NOTE_AUDIT, 'supervision.addProgressNote', null, note);
      return this.reread(m, f.id);
    });
  }

  /**
   * An evidence file of the rectification (整改佐证材料), by the responsible side while the ledger is
   * open: its type told by its bytes and accepted by EVIDENCE_TYPES (else EVIDENCE_TYPE_REFUSED,
   * nothing written), stored with its SHA-256 and audited in one transaction.
   */
  async uploadEvidence(principal: Principal, input: EvidenceUpload): Promise<EvidenceFileEntity> {
    if (!UUID.test(input.findingId)) throw SupervisionErrors.findingNotFound('id');
    if (!input.content.length) throw SupervisionErrors.evidenceEmpty();
    const type = detectFileType(input.content);
    if (!type || !this.config.evidence.types.includes(type.name)) throw SupervisionErrors.evidenceTypeRefused(type?.name ?? null, this.config.evidence.types);
    const fileName = evidenceFileName(input.fileName, type.extension);
    const note = input.note?.trim() || null;
    if (note && note.length > 500) throw SupervisionErrors.invalidValue('note', '说明不能超过 500 字 (the note is longer than 500 characters)');
    return this.dataSource.transaction(async (m) => {
      const f = await this.lockOpenLedger(principal, input.findingId, m, 'id');
      const repo = m.getRepository(EvidenceFileEntity);
      const saved = await repo.save(
        repo.create({
          findingId: f.id,
          regionCode: f.regionCode,
          fileName,
          mediaType: type.mediaType,
          sizeBytes: input.content.length,
          sha256: createHash('sha256').update(input.content).digest('hex'),
          content: input.content,
          note,
          uploadedById: principal.id,
          uploadedByName: principal.name,
        }),
      );
      const { content: _bytes, ...row } = saved;
      await this.audit.change(m, EVIDENCE_FILE_AUDIT, 'supervision.uploadEvidence', null, row);
      return row;
    });
  }

  /** A wrongly uploaded evidence file removed by the responsible side while the ledger is open, with the reason (audited as a deletion). */
  async removeEvidence(principal: Principal, id: string, reason: string): Promise<FindingRead> {
    if (!reason?.trim()) throw SupervisionErrors.reasonRequired();
    return this.dataSource.transaction(async (m) => {
      const file = await this.evidenceInScope(principal, id, m, false);
      if (!file) throw SupervisionErrors.evidenceNotFound('input.id');
      const f = await this.lockOpenLedger(principal, file.findingId, m);
      await m.getRepository(EvidenceFileEntity).delete({ id: file.id });
      await this.audit.change(m, EVIDENCE_FILE_AUDIT, 'supervision.removeEvidence', file, null, { reason: reason.trim() });
      return this.reread(m, f.id);
    });
  }

  /** An evidence file with its bytes for a download in the caller's read scope (null when missing or outside it), audited as read. */
  async downloadEvidence(principal: Principal, id: string): Promise<EvidenceFileEntity | null> {
    return this.dataSource.transaction(async (m) => {
      const file = await this.evidenceInScope(principal, id, m, true);
      if (!file) return null;
      await this.audit.fact(m, EVIDENCE_FILE_AUDIT, 'supervision.downloadEvidence', file, { findingId: file.findingId, fileName: file.fileName, sha256: file.sha256 });
      return file;
    });
  }

  private evidenceInScope(principal: Principal, id: string, m: EntityManager, withContent: boolean): Promise<EvidenceFileEntity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    const q = m.getRepository(EvidenceFileEntity).createQueryBuilder('x').where('x.id = :id', { id });
    if (withContent) q.addSelect('x.content');
    return applyRegionScope(q, 'x.region_code', principal).getOne();
  }

  /**
   * The daily job's work (supervision-overdue.job.ts): every finding not rectified nor referred
   * whose deadline is before `today` and that is not marked yet is marked overdue (the flag holds
   * the first day past the deadline), and a supervision letter (督办函) is issued for it to its
   * responsible unit, numbered per year; both audited as the system, with an OVERDUE event.
   */
  async markOverdue(today = todayInChina()): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due = await this.repo.lockNewlyOverdue(m, today);
      const prefix = `督办函〔${yearOf(today)}〕`;
      let n = due.length ? await this.repo.lettersOfYear(m, prefix) : 0;
      for (const before of due) {
        const since = addDays(before.deadline, 1);
        const after = await this.repo.update(m, before.id, before.version, { overdueSince: since });
        const letter = await this.repo.insertLetter(m, { findingId: before.id, regionCode: before.regionCode, number: `${prefix}${(n += 1)}号`, issuedOn: today, addressedTo: before.responsibleUnit });
        await this.repo.insertEvent(m, {
          findingId: before.id,
          regionCode: before.regionCode,
          action: OVERDUE_ACTION,
          fromStage: before.stage,
          toStage: before.stage,
          effectiveOn: today,
          actorId: null,
          actorName: null,
          note: `逾期未整改，已发${letter.number} (overdue; supervision letter issued)`,
          evidence: [],
        });
        await this.audit.fact(m, FINDING_AUDIT, 'supervision.markOverdue', after, { overdueSince: since, deadline: before.deadline, asOf: today, letter: letter.number });
        await this.audit.change(m, LETTER_AUDIT, 'supervision.issueLetter', null, letter);
      }
      return due.length;
    });
  }

  private supervises(principal: Principal): boolean {
    const sector = writeSector(principal, 'write');
    return sector === undefined || sector === Sector.DISCIPLINE_INSPECTION;
  }

  /** Refuses a sector officer of another department than discipline inspection (SUPERVISION_SECTOR_REQUIRED). */
  requireSupervising(principal: Principal): void {
    if (!this.supervises(principal)) throw SupervisionErrors.sectorRequired();
  }

  /**
   * A finding naming its inspection: the inspection in the caller's scope (else INSPECTION_NOT_FOUND),
   * the source INSPECTION, the place within the inspection's scope, found not before it started.
   */
  private async checkInspection(principal: Principal, m: EntityManager, input: RegisterFinding): Promise<void> {
    const i = await this.inspections.findInScope(principal, input.inspectionId!, m);
    if (!i) throw InspectionErrors.notFound('input.inspectionId');
    if (input.source !== FindingSource.INSPECTION) throw InspectionErrors.findingMismatch('input.source', '关联督查检查的问题来源须为督查巡查 (a finding of an inspection has the source INSPECTION)');
    if (!isWithin(input.regionCode, subtreePrefix(i.regionCode))) throw InspectionErrors.findingMismatch('input.regionCode', '问题所在区划不在该检查范围内 (the place is outside the inspection\'s scope)');
    if (input.foundOn < i.startOn) throw InspectionErrors.findingMismatch('input.foundOn', '发现日期不能早于检查开始日期 (found before the inspection started)');
  }

  private async lockOpenLedger(principal: Principal, id: string, m: EntityManager, field = 'input.id'): Promise<FindingEntity> {
    const f = await this.repo.lockInScope(principal, id, m);
    if (!f) throw SupervisionErrors.findingNotFound(field);
    if (!LEDGER_STAGES.includes(f.stage)) throw SupervisionErrors.rectificationNotOpen(SUPERVISION_PROCEDURE.stages[f.stage].label);
    return f;
  }

  /**
   * The category against supervision.finding_categories and the sub-item against
   * supervision.finding_subitems, as of the found date: a list not in force then is "not
   * configured"; the sub-item list is incomplete (RULES.md: 25 in all, the rest unknown), so only
   * its listed codes are accepted and "…" never is.
   */
  private async checkCodes(m: EntityManager, category: string, subitem: string | null, foundOn: string, regionCode: string): Promise<void> {
    await this.parameters.requireListedCode(SUPERVISION_PARAMETERS.categories, category, foundOn, regionCode, 'input.category', m);
    if (subitem === null) return;
    const list = await this.parameters.valueAt(SUPERVISION_PARAMETERS.subitems, foundOn, regionCode, m);
    if (!list.configured || !Array.isArray(list.value)) throw ParametersErrors.notConfigured(SUPERVISION_PARAMETERS.subitems, foundOn, regionCode, 'input.subitem');
    const listed = listedCodes(list.value as string[]).codes;
    if (!listed.includes(subitem)) throw SupervisionErrors.subitemNotListed(SUPERVISION_PARAMETERS.subitems, subitem, listed);
  }

  private async reread(m: EntityManager, id: string): Promise<FindingRead> {
    const finding = await m.getRepository(FindingEntity).findOneByOrFail({ id });
    return { finding, children: (await this.repo.children([id], ALL_CHILDREN, m)).get(id)! };
  }
}

function checkAsOf(asOf: string): void {
  if (!isLocalDate(asOf)) throw SupervisionErrors.invalidValue('asOf', '日期格式应为 YYYY-MM-DD (a date YYYY-MM-DD)');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The stored name of an evidence file: the client's name without any directory part or control
 * characters, at most 255 characters; none given, `evidence.<extension of the detected type>`.
 */
export function evidenceFileName(given: string | null | undefined, extension: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (given ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || `evidence.${extension}`).slice(0, 255);
}
