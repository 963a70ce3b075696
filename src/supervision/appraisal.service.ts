import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { HelpersService } from '../assistance/helpers.service';
import { VillageRole } from '../assistance/assistance.entities';
import { auditChange, unchangedFor } from '../audit/audit-descriptor';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../common/access/principal';
import { Sector } from '../common/access/permissions';
import { applyRegionScope, inRegionScope } from '../common/access/region-scope';
import { unchangedUpdate, updateWithVersion, versionConflict } from '../common/concurrency/optimistic-update';
import { todayInChina, yearEnd } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { checkTransition } from '../common/procedure/procedure';
import { isWithin, subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { ParametersErrors } from '../parameters/parameters.errors';
import { ParametersService } from '../parameters/parameters.service';
import { RegionLevel } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { APPRAISAL_PROCEDURE, AppraisalAction } from './appraisal-procedure';
import { consequencesOf, normaliseScore, ScoreProblem, scoreProblem, SUB_SCORE_FIELDS, SUB_SCORES, SubScore, totalKeyOf, weightedTotal, weightsOf } from './appraisal-score';
import {
  AppraisalConsequence,
  AppraisalEntryEntity,
  AppraisalFollowUpEntity,
  AppraisalFollowUpStatus,
  AppraisalRoundEntity,
  AppraisalStage,
  AppraisalTargetKind,
  PERSON_TARGETS,
} from './appraisal.entity';
import { AppraisalErrors } from './appraisal.errors';
import { APPRAISAL_ENTRY_AUDIT, APPRAISAL_FOLLOW_UP_AUDIT, APPRAISAL_ROUND_AUDIT } from './supervision.audited';
import { SupervisionErrors } from './supervision.errors';

/** The parameters of appraisals (RULES.md §9). */
export const APPRAISAL_KEYS = {
  weights: 'supervision.appraisal_weights',
  unitGrades: 'supervision.appraisal_unit_grades',
  personGrades: 'supervision.appraisal_person_grades',
} as const;

export interface CreateAppraisalRound {
  year: number;
  targetKind: AppraisalTargetKind;
  regionCode: string;
  title: string;
}

/** The target of an entry: the one field its round's kind takes. */
export interface AddAppraisalEntry {
  roundId: string;
  /** TOWN: a town; WORK_TEAM: a village. */
  regionCode?: string | null;
  /** DEPARTMENT */
  sector?: Sector | null;
  /** DEPARTMENT: the department's name (default the sector's code). */
  name?: string | null;
  /** FIRST_SECRETARY: a first secretary's village assignment. */
  assignmentId?: string | null;
  /** HELPER */
  helperId?: string | null;
}

export interface ScoreAppraisalEntry {
  id: string;
  version: number;
  dailyScore?: string | null;
  annualScore?: string | null;
  thirdPartyScore?: string | null;
  grade?: string | null;
  notes?: string | null;
}

export interface AppraisalStep {
  id: string;
  version: number;
  action: AppraisalAction;
  effectiveOn?: string | null;
  reason?: string | null;
}

export interface AppraisalEntryFilter {
  roundId: string;
  stage?: AppraisalStage | null;
  regionPrefix?: string | null;
}

/** The fields of each target kind, for the refusal of the others. */
const TARGET_FIELD: Record<AppraisalTargetKind, keyof AddAppraisalEntry> = {
  [AppraisalTargetKind.TOWN]: 'regionCode',
  [AppraisalTargetKind.WORK_TEAM]: 'regionCode',
  [AppraisalTargetKind.DEPARTMENT]: 'sector',
  [AppraisalTargetKind.FIRST_SECRETARY]: 'assignmentId',
  [AppraisalTargetKind.HELPER]: 'helperId',
};
const TARGET_FIELDS: readonly (keyof AddAppraisalEntry)[] = ['regionCode', 'sector', 'assignmentId', 'helperId'];

const SCORE_COLUMN: Record<SubScore, 'dailyScore' | 'annualScore' | 'thirdPartyScore'> = { daily: 'dailyScore', annual: 'annualScore', thirdParty: 'thirdPartyScore' };

/**
 * Annual appraisal (考核, issue #20): rounds per year and target kind by the appraisal body of a
 * region; entries per target with three sub-scores, the weighted total computed from
 * supervision.appraisal_weights in force at the year's end (never typed), the grade checked
 * against the unit or person grades in force, and the finalisation by the kit's procedure table
 * (draft → submitted → approved; no self-approval). An approved unit grade creates its follow-ups
 * (约谈, 限期整改). Writes need supervision.appraise and the round's region in the caller's scope;
 * reads need supervision.read and the entry's place (a town reads its own entry). Every write is
 * one transaction with its audit row.
 */
@Injectable()
export class AppraisalService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionsService,
    private readonly helpers: HelpersService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  private rounds(manager?: EntityManager): SelectQueryBuilder<AppraisalRoundEntity> {
    return (manager ?? this.dataSource.manager).getRepository(AppraisalRoundEntity).createQueryBuilder('r');
  }

  private entries(manager?: EntityManager): SelectQueryBuilder<AppraisalEntryEntity> {
    return (manager ?? this.dataSource.manager).getRepository(AppraisalEntryEntity).createQueryBuilder('e');
  }

  // ---- reads ----

  round(principal: Principal, id: string): Promise<AppraisalRoundEntity | null> {
    return applyRegionScope(this.rounds().where('r.id = :id', { id }), 'r.region_code', principal).getOne();
  }

  /** Rounds of the caller's region and below, latest year first. */
  listRounds(principal: Principal, f: { year?: number | null; targetKind?: AppraisalTargetKind | null; regionPrefix?: string | null }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AppraisalRoundEntity>> {
    const qb = applyRegionScope(this.rounds(), 'r.region_code', principal, { within: f.regionPrefix });
    if (f.year != null) qb.andWhere('r.year = :year', { year: f.year });
    if (f.targetKind) qb.andWhere('r.target_kind = :kind', { kind: f.targetKind });
    return paginate(qb, args, { tag: 'year', column: 'r.year', type: 'int', idColumn: 'r.id', key: (r) => [r.year, r.id], direction: 'DESC' }, { withTotalCount });
  }

  entry(principal: Principal, id: string): Promise<AppraisalEntryEntity | null> {
    return applyRegionScope(this.entries().where('e.id = :id', { id }), 'e.region_code', principal).getOne();
  }

  /** A round's entries in the caller's scope (by the target's place), by total, highest first (unscored last). */
  listEntries(principal: Principal, f: AppraisalEntryFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AppraisalEntryEntity>> {
    const qb = applyRegionScope(this.entries().where('e.round_id = :roundId', { roundId: f.roundId }), 'e.region_code', principal, { within: f.regionPrefix });
    if (f.stage) qb.andWhere('e.stage = :stage', { stage: f.stage });
    return paginate(qb, args, { tag: 'total', column: 'e.total_key', type: 'int', idColumn: 'e.id', key: (e) => [e.totalKey, e.id], direction: 'DESC' }, { withTotalCount });
  }

  /** The rank of each scored entry among its round's scored entries (ties share a rank; unscored: none), one statement. */
  async ranks(ids: readonly string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows: { id: string; rank: number }[] = await this.dataSource.query(
      `SELECT e.id, (SELECT count(*)::int + 1 FROM supervision_appraisal_entries o WHERE o.round_id = e.round_id AND o.total_key > e.total_key) AS rank
         FROM supervision_appraisal_entries e WHERE e.id = ANY($1) AND e.total IS NOT NULL`,
      [[...ids]],
    );
    return new Map(rows.map((r) => [r.id, r.rank]));
  }

  /** The follow-ups of entries, by entry (one statement). */
  async followUpsOf(entryIds: readonly string[]): Promise<Map<string, AppraisalFollowUpEntity[]>> {
    const out = new Map<string, AppraisalFollowUpEntity[]>(entryIds.map((id) => [id, []]));
    if (!entryIds.length) return out;
    const rows = await this.dataSource.manager
      .getRepository(AppraisalFollowUpEntity)
      .createQueryBuilder('u')
      .where('u.entry_id = ANY(:ids)', { ids: [...entryIds] })
      .orderBy('u.consequence', 'ASC')
      .getMany();
    for (const r of rows) out.get(r.entryId)!.push(r);
    return out;
  }

  // ---- writes ----

  async createRound(principal: Principal, input: CreateAppraisalRound): Promise<AppraisalRoundEntity> {
    if (input.year > Number(todayInChina().slice(0, 4))) throw SupervisionErrors.invalidValue('input.year', '考核年度不能晚于本年度 (the year is after this year)');
    const title = input.title.trim();
    if (!title) throw SupervisionErrors.invalidValue('input.title', '不能为空 (must not be blank)');
    try {
      return await this.dataSource.transaction(async (m) => {
        const region = await this.regions.findByCode(input.regionCode, m);
        if (!region) throw SupervisionErrors.regionNotFound();
        if (!inRegionScope(principal, region.code)) throw SupervisionErrors.regionOutOfScope();
        const repo = m.getRepository(AppraisalRoundEntity);
        const round = await repo.save(repo.create({ year: input.year, targetKind: input.targetKind, regionCode: region.code, title }));
        await this.audit.change(m, APPRAISAL_ROUND_AUDIT, 'supervision.createAppraisalRound', null, round);
        return round;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw AppraisalErrors.roundExists();
      throw e;
    }
  }

  async addEntry(principal: Principal, input: AddAppraisalEntry): Promise<AppraisalEntryEntity> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const round = await applyRegionScope(this.rounds(m).where('r.id = :id', { id: input.roundId }), 'r.region_code', principal).setLock('pessimistic_write').getOne();
        if (!round) throw AppraisalErrors.roundNotFound();
        const target = await this.target(principal, round, input, m);
        const taken = await this.entries(m).where('e.round_id = :roundId AND e.target_key = :key', { roundId: round.id, key: target.targetKey }).getExists();
        if (taken) throw AppraisalErrors.targetDuplicate(`input.${TARGET_FIELD[round.targetKind]}`);
        const repo = m.getRepository(AppraisalEntryEntity);
        const entry = await repo.save(repo.create({ ...target, roundId: round.id, roundRegionCode: round.regionCode, targetKind: round.targetKind, stage: AppraisalStage.DRAFT, lastStepOn: `${round.year}-01-01` }));
        await this.audit.change(m, APPRAISAL_ENTRY_AUDIT, 'supervision.addAppraisalEntry', null, entry);
        return entry;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw AppraisalErrors.targetDuplicate('input');
      throw e;
    }
  }

  /** Sets sub-scores, grade and notes of a draft; the total is computed whenever the three sub-scores are in. */
  async score(principal: Principal, input: ScoreAppraisalEntry): Promise<AppraisalEntryEntity> {
    const problems: { field: string; problem: ScoreProblem }[] = [];
    const given: Partial<Record<SubScore, string | null>> = {};
    for (const s of SUB_SCORES) {
      const v = input[SUB_SCORE_FIELDS[s] as 'dailyScore'];
      if (v === undefined) continue;
      if (v === null) {
        given[s] = null;
        continue;
      }
      const p = scoreProblem(v);
      if (p) problems.push({ field: `input.${SUB_SCORE_FIELDS[s]}`, problem: p });
      else given[s] = normaliseScore(v);
    }
    if (problems.length) throw AppraisalErrors.scores(problems);
    return this.dataSource.transaction(async (m) => {
      const { entry: before, round } = await this.lockEntry(principal, input.id, m);
      if (before.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: before.version });
      if (before.stage !== AppraisalStage.DRAFT) throw AppraisalErrors.notDraft(before.stage);
      const asOf = yearEnd(round.year);
      const scores = Object.fromEntries(SUB_SCORES.map((s) => [s, given[s] !== undefined ? given[s] : before[SCORE_COLUMN[s]]])) as Record<SubScore, string | null>;
      const patch: Partial<AppraisalEntryEntity> = { dailyScore: scores.daily, annualScore: scores.annual, thirdPartyScore: scores.thirdParty, total: null, totalKey: -1, weights: null };
      if (SUB_SCORES.every((s) => scores[s] !== null)) {
        const field = `input.${SUB_SCORE_FIELDS[SUB_SCORES.find((s) => given[s] !== undefined) ?? 'daily']}`;
        const v = await this.parameters.requireConfigured(APPRAISAL_KEYS.weights, asOf, round.regionCode, field, m);
        const weights = weightsOf(v.value);
        if (!weights) throw ParametersErrors.notConfigured(APPRAISAL_KEYS.weights, asOf, round.regionCode, field);
        const total = weightedTotal(scores as Record<SubScore, string>, weights);
        Object.assign(patch, {
          total,
          totalKey: totalKeyOf(total),
          weights: { ...weights, parameterId: v.id!, asOf, scopeCode: v.scopeCode, status: v.status, source: v.source },
        });
      }
      if (input.grade !== undefined) {
        const grade = input.grade?.trim() || null;
        const unit = !PERSON_TARGETS.has(before.targetKind);
        if (grade) await this.parameters.requireListedCode(unit ? APPRAISAL_KEYS.unitGrades : APPRAISAL_KEYS.personGrades, grade, asOf, before.regionCode, 'input.grade', m);
        Object.assign(patch, { grade, awardExcluded: grade ? consequencesOf(grade, unit).awardExcluded : false });
      }
      if (input.notes !== undefined) patch.notes = input.notes?.trim() || null;
      // The same values again change nothing: no new version, no audit row.
      if (unchangedFor(APPRAISAL_ENTRY_AUDIT, before, { ...before, ...patch })) return unchangedUpdate(before, input.version);
      const after = await updateWithVersion(m, AppraisalEntryEntity, { column: 'id', value: before.id }, input.version, patch, () => AppraisalErrors.entryNotFound());
      await this.audit.change(m, APPRAISAL_ENTRY_AUDIT, 'supervision.scoreAppraisalEntry', before, after);
      return after;
    });
  }

  async step(principal: Principal, input: AppraisalStep): Promise<{ entry: AppraisalEntryEntity; followUps: AppraisalFollowUpEntity[] }> {
    const today = todayInChina();
    const on = input.effectiveOn ?? today;
    if (on > today) throw SupervisionErrors.dateInFuture('input.effectiveOn');
    return this.dataSource.transaction(async (m) => {
      const { entry: e } = await this.lockEntry(principal, input.id, m);
      if (e.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: e.version });
      const t = checkTransition(APPRAISAL_PROCEDURE, { action: input.action, from: e.stage, held: principal.permissions, input: { ...input } });
      if (on < e.lastStepOn) throw SupervisionErrors.dateBeforeLastStep(e.lastStepOn);
      const patch: Partial<AppraisalEntryEntity> = { stage: t.to, lastStepOn: on };
      const created: AppraisalFollowUpEntity[] = [];
      if (input.action === 'SUBMIT') {
        const missing = [...SUB_SCORES.filter((s) => e[SCORE_COLUMN[s]] === null).map((s) => SUB_SCORE_FIELDS[s]), ...(e.grade ? [] : ['grade'])];
        if (missing.length) throw AppraisalErrors.incomplete(missing);
        Object.assign(patch, { submittedBy: principal.id, submittedByName: principal.name, submittedOn: on, returnReason: null });
      }
      if (input.action === 'RETURN') Object.assign(patch, { submittedBy: null, submittedByName: null, submittedOn: null, returnReason: input.reason!.trim() });
      if (input.action === 'APPROVE') {
        if (e.submittedBy === principal.id) throw AppraisalErrors.selfApproval();
        Object.assign(patch, { approvedByName: principal.name, approvedOn: on });
      }
      const after = await updateWithVersion(m, AppraisalEntryEntity, { column: 'id', value: e.id }, input.version, patch, () => AppraisalErrors.entryNotFound());
      if (input.action === 'APPROVE') {
        const repo = m.getRepository(AppraisalFollowUpEntity);
        for (const consequence of consequencesOf(after.grade!, !PERSON_TARGETS.has(after.targetKind)).followUps) {
          created.push(await repo.save(repo.create({ entryId: after.id, roundId: after.roundId, roundRegionCode: after.roundRegionCode, regionCode: after.regionCode, consequence: consequence as AppraisalConsequence, status: AppraisalFollowUpStatus.PENDING })));
        }
      }
      await this.audit.fact(m, APPRAISAL_ENTRY_AUDIT, 'supervision.appraisalStep', after, { action: input.action, stage: { from: e.stage, to: t.to }, effectiveOn: on, reason: input.reason ?? null });
      if (created.length) await this.audit.append(m, created.map((u) => auditChange(APPRAISAL_FOLLOW_UP_AUDIT, 'supervision.createAppraisalFollowUp', null, u)));
      return { entry: after, followUps: created };
    });
  }

  /** Records a follow-up (约谈, 限期整改) as done: the date (not before the approval, not in the future) and what was done. */
  async completeFollowUp(principal: Principal, input: { id: string; version: number; doneOn?: string | null; note: string }): Promise<AppraisalFollowUpEntity> {
    const today = todayInChina();
    const doneOn = input.doneOn ?? today;
    if (doneOn > today) throw SupervisionErrors.dateInFuture('input.doneOn');
    const note = input.note.trim();
    if (!note) throw SupervisionErrors.invalidValue('input.note', '不能为空 (must not be blank)');
    return this.dataSource.transaction(async (m) => {
      const qb = m.getRepository(AppraisalFollowUpEntity).createQueryBuilder('u').where('u.id = :id', { id: input.id });
      const before = await applyRegionScope(qb, 'u.round_region_code', principal).setLock('pessimistic_write').getOne();
      if (!before) throw AppraisalErrors.followUpNotFound();
      if (before.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: before.version });
      if (before.status === AppraisalFollowUpStatus.DONE) throw AppraisalErrors.followUpDone();
      const entry = await this.entries(m).where('e.id = :id', { id: before.entryId }).getOneOrFail();
      if (doneOn < entry.approvedOn!) throw SupervisionErrors.dateBeforeLastStep(entry.approvedOn!, 'input.doneOn');
      const after = await updateWithVersion(m, AppraisalFollowUpEntity, { column: 'id', value: before.id }, input.version, { status: AppraisalFollowUpStatus.DONE, doneOn, note }, () => AppraisalErrors.followUpNotFound());
      await this.audit.change(m, APPRAISAL_FOLLOW_UP_AUDIT, 'supervision.completeAppraisalFollowUp', before, after);
      return after;
    });
  }

  // ---- checks ----

  /** The entry, locked, when its round's region is in the caller's scope (the appraisal body writes), with its round. */
  private async lockEntry(principal: Principal, id: string, m: EntityManager): Promise<{ entry: AppraisalEntryEntity; round: AppraisalRoundEntity }> {
    const entry = await applyRegionScope(this.entries(m).where('e.id = :id', { id }), 'e.round_region_code', principal).setLock('pessimistic_write').getOne();
    if (!entry) throw AppraisalErrors.entryNotFound();
    const round = await this.rounds(m).where('r.id = :id', { id: entry.roundId }).getOneOrFail();
    return { entry, round };
  }

  /** The target of an entry, checked for the round's kind: exists, in the caller's scope, within the round's region. */
  private async target(principal: Principal, round: AppraisalRoundEntity, input: AddAppraisalEntry, m: EntityManager): Promise<Partial<AppraisalEntryEntity>> {
    const kind = round.targetKind;
    const wanted = TARGET_FIELD[kind];
    for (const f of TARGET_FIELDS) {
      const v = input[f];
      const present = v !== undefined && v !== null && v !== '';
      if (f === wanted && !present) throw AppraisalErrors.targetMismatch(`input.${f}`, `${kind} 类考核须填写 ${f} (a ${kind} round's entry names its ${f})`);
      if (f !== wanted && present) throw AppraisalErrors.targetMismatch(`input.${f}`, `${kind} 类考核不填写 ${f} (a ${kind} round's entry takes ${wanted} only)`);
    }
    if (kind !== AppraisalTargetKind.DEPARTMENT && input.name) throw AppraisalErrors.targetMismatch('input.name', `${kind} 类考核不填写 name (only a department is named)`);
    const within = subtreePrefix(round.regionCode);
    const field = `input.${wanted}`;
    const empty = { targetRegionCode: null, targetSector: null, targetAssignmentId: null, targetHelperId: null };
    if (kind === AppraisalTargetKind.TOWN || kind === AppraisalTargetKind.WORK_TEAM) {
      const region = await this.regions.findByCode(input.regionCode!, m);
      if (!region) throw SupervisionErrors.regionNotFound(field);
      if (!inRegionScope(principal, region.code)) throw SupervisionErrors.regionOutOfScope(field);
      const level = kind === AppraisalTargetKind.TOWN ? RegionLevel.TOWN : RegionLevel.VILLAGE;
      if (region.level !== level) throw AppraisalErrors.targetMismatch(field, `须为${level === RegionLevel.TOWN ? '乡镇' : '村'}级区划 (must be a ${level})`);
      if (!isWithin(region.code, within)) throw AppraisalErrors.targetOutsideRound(field);
      const name = kind === AppraisalTargetKind.TOWN ? region.name : `${region.name}驻村工作队`;
      return { ...empty, regionCode: region.code, targetKey: region.code, targetRegionCode: region.code, targetName: name.slice(0, 100) };
    }
    if (kind === AppraisalTargetKind.DEPARTMENT) {
      const name = input.name?.trim() || input.sector!;
      return { ...empty, regionCode: round.regionCode, targetKey: input.sector!, targetSector: input.sector!, targetName: name.slice(0, 100) };
    }
    if (kind === AppraisalTargetKind.FIRST_SECRETARY) {
      const [a] = await this.helpers.findAssignmentsInScope(principal, [input.assignmentId!], m);
      if (!a) throw AppraisalErrors.targetNotFound(field);
      if (a.role !== VillageRole.FIRST_SECRETARY) throw AppraisalErrors.targetMismatch(field, '须为第一书记的驻村任职 (must be a first secretary\'s term)');
      if (!isWithin(a.regionCode, within)) throw AppraisalErrors.targetOutsideRound(field);
      if (a.startOn > yearEnd(round.year) || (a.endOn !== null && a.endOn < `${round.year}-01-01`)) throw AppraisalErrors.targetMismatch(field, '任期与考核年度不重叠 (the term does not overlap the year)');
      return { ...empty, regionCode: a.regionCode, targetKey: a.id, targetAssignmentId: a.id, targetName: a.personName };
    }
    const [h] = await this.helpers.findHelpersInScope(principal, [input.helperId!], m);
    if (!h) throw AppraisalErrors.targetNotFound(field);
    if (!isWithin(h.regionCode, within)) throw AppraisalErrors.targetOutsideRound(field);
    return { ...empty, regionCode: h.regionCode, targetKey: h.id, targetHelperId: h.id, targetName: h.name };
  }
}
