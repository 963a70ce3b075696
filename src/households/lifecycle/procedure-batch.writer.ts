import { addDays, isLocalDate, todayInChina } from '../../common/dates/local-date';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { auditFact, AuditChangeRecord } from '../../audit/audit-descriptor';
import { AuditService } from '../../audit/audit.service';
import type { Principal } from '../../common/access/principal';
import { AppError } from '../../common/errors/app-error';
import { CommonReason } from '../../common/errors/reasons';
import { Row, StagedWriter } from '../../database/staged-writer';
import { DisclosureService, HistoricalNotice } from '../../disclosure/disclosure.service';
import { HouseholdEventKind } from '../household-event.entity';
import { HouseholdValidity } from '../household.entity';
import { PROPOSAL_AUDIT } from '../households.audited';
import { MembersRepository } from '../members.repository';
import { ProposalEntity, ProposalKind, ProposalStage } from '../proposal.entity';
import { checkYear, ExitStandardService } from './exit-standard/exit-standard.service';
import { exitNoticeOf, noticeFrom } from './exit-notice';
import { LifecycleErrors } from './lifecycle.errors';
import { LifecycleRepository } from './lifecycle.repository';
import { MAY_PROPOSE, ProposalsService } from './proposals.service';

/**
 * The steps of each procedure as ProposalsService records them (the PROCEDURE_STEP events'
 * `step`), in their order: the village proposes (an exit after its democratic appraisal), the
 * household agrees (exit), the town reviews, the district approves (an exit's public notice
 * starts that day), the exit is announced after the notice.
 */
export const PROCEDURE_STEPS: Readonly<Record<ProposalKind, readonly string[]>> = {
  [ProposalKind.REGISTRATION]: ['PROPOSED', 'TOWN_REVIEWED', 'DISTRICT_APPROVED'],
  [ProposalKind.RETURN_TO_POVERTY]: ['PROPOSED', 'TOWN_REVIEWED', 'DISTRICT_APPROVED'],
  [ProposalKind.REMOVAL]: ['PROPOSED', 'TOWN_REVIEWED', 'DISTRICT_APPROVED'],
  [ProposalKind.EXIT]: ['PROPOSED', 'HOUSEHOLD_AGREED', 'TOWN_REVIEWED', 'DISTRICT_APPROVED', 'ANNOUNCED'],
};

export interface CompletedStep {
  /** One of PROCEDURE_STEPS of the procedure's kind, in its place. */
  step: string;
  /** The step's date (YYYY-MM-DD): not before the step it follows, not in the future. */
  on: string;
  /** What the step's event says (default: the step's usual wording). */
  note?: string | null;
}

/** A procedure that ran to its end before it was entered here (an earlier system's record). */
export interface CompletedProcedure {
  householdId: string;
  kind: ProposalKind;
  /** The year it counts for (an exit: the exit year, whose standard it met). */
  year: number;
  reason: string;
  /** Exit: the date of the village's democratic appraisal (民主评议), on or before the proposal. */
  appraisalOn?: string | null;
  steps: readonly CompletedStep[];
}

/** Who enters the records: the actor of the events and the audit, and the person named as proposer. */
export type ProcedureBatchContext = Pick<Principal, 'id' | 'personId' | 'name'>;

const STEP_NOTE: Record<string, string> = {
  PROPOSED: '村级提出',
  HOUSEHOLD_AGREED: '农户认可脱贫',
  TOWN_REVIEWED: '乡镇审核通过',
  DISTRICT_APPROVED: '区级审批通过',
  ANNOUNCED: '公示期满无异议，公告退出',
};

/**
 * Completed historical procedures (registration, exit, return to poverty, removal) at once, in
 * the caller's transaction, with the rules ProposalsService applies step by step: the procedure
 * exists for the household's state on the day before its first step (as the registry's history
 * has it), its steps are the procedure's in their order, dated in order and not in the future;
 * an exit follows the democratic appraisal, meets the exit standard of its year (the registry's
 * own assessment, lines from the parameter store), and is announced after its public notice,
 * whose length is the one in force on the approval's date (EXIT_NOTICE_DAYS, else the parameter
 * `registry.exit_notice_days`). Any refusal throws the service's coded error naming the record
 * (`procedures[3].steps[1].on`) and writes nothing of the batch.
 *
 * It records the procedures (the proposal, COMPLETED, with its step events and one audit row
 * households.recordCompletedProcedure each), and each exit's public notice through the disclosure
 * module (DisclosureService.recordHistoricalNotices: published on the approval's date for the
 * period above, closed, as the period job leaves a notice without objections), and not what they changed: the household's status
 * history is the registry's own (a SYNC import writes it). One round of reads for the batch, one
 * staged write per table. For bulk loads (the demo data); no region scope: the caller is the system.
 */
@Injectable()
export class ProcedureBatchWriter {
  private readonly writer = new StagedWriter();

  constructor(
    private readonly repo: LifecycleRepository,
    private readonly exitStandard: ExitStandardService,
    private readonly proposals: ProposalsService,
    private readonly audit: AuditService,
    private readonly members: MembersRepository,
    private readonly disclosure: DisclosureService,
  ) {}

  /** Checks the whole batch, then writes it; answers the proposals written, in the records' order. */
  async recordCompleted(m: EntityManager, records: readonly CompletedProcedure[], ctx: ProcedureBatchContext): Promise<ProposalEntity[]> {
    if (!records.length) return [];
    const today = todayInChina();

    // The records on their own: year, steps, dates, the appraisal.
    records.forEach((r, i) => {
      const at = `procedures[${i}]`;
      checkYear(r.year, `${at}.year`);
      const expected = PROCEDURE_STEPS[r.kind];
      if (!expected) throw AppError.badInput([{ field: `${at}.kind`, reason: CommonReason.INVALID_VALUE, message: `没有“${String(r.kind)}”这种程序 (not a procedure kind)` }]);
      const wrong = expected.findIndex((name, j) => r.steps[j]?.step !== name);
      if (wrong >= 0 || r.steps.length !== expected.length) {
        const j = wrong >= 0 ? wrong : expected.length;
        throw LifecycleErrors.stepsNotTheProcedure(j < r.steps.length ? `${at}.steps[${j}].step` : `${at}.steps`, r.kind, expected);
      }
      r.steps.forEach((s, j) => {
        const field = `${at}.steps[${j}].on`;
        if (!isLocalDate(s.on)) throw LifecycleErrors.invalidDate(field);
        if (s.on > today) throw LifecycleErrors.effectiveOnInFuture(field);
        if (j > 0 && s.on < r.steps[j - 1].on) throw LifecycleErrors.dateBeforeLastStep(r.steps[j - 1].on).at(field);
      });
      if (r.kind === ProposalKind.EXIT) {
        const field = `${at}.appraisalOn`;
        if (!r.appraisalOn) throw LifecycleErrors.appraisalRequired(field);
        if (!isLocalDate(r.appraisalOn)) throw LifecycleErrors.invalidDate(field);
        if (r.appraisalOn > r.steps[0].on) throw LifecycleErrors.appraisalAfterProposal().at(field);
      }
    });

    // The households as the registry's history has them on the day before each procedure began.
    const states = await this.repo.statusesAsOf(
      records.map((r) => ({ householdId: r.householdId, date: addDays(r.steps[0].on, -1) })),
      m,
    );
    const stateOf = new Map(states.map((s) => [`${s.householdId}|${s.date}`, s]));
    const regions: { id: string; region_code: string }[] = await m.query(`SELECT id, region_code FROM households WHERE id = ANY($1::uuid[])`, [
      [...new Set(records.map((r) => r.householdId))],
    ]);
    const regionOf = new Map(regions.map((h) => [h.id, h.region_code]));
    records.forEach((r, i) => {
      if (!regionOf.has(r.householdId)) throw LifecycleErrors.householdNotFound(`procedures[${i}].householdId`);
      const state = stateOf.get(`${r.householdId}|${addDays(r.steps[0].on, -1)}`);
      if (!state || !MAY_PROPOSE[r.kind](state)) {
        throw LifecycleErrors.cannotPropose(r.kind, state?.status ?? null, state?.validity ?? HouseholdValidity.CANDIDATE).at(`procedures[${i}].steps[0].on`);
      }
    });

    // Exits: the standard of the exit year, and the notice in force on the approval's date.
    const exits = records.map((r, i) => ({ r, i })).filter(({ r }) => r.kind === ProposalKind.EXIT);
    const assessed = await this.exitStandard.assessMany(m, exits.map(({ r }) => ({ householdId: r.householdId, year: r.year })));
    const notices = new Map<string, Awaited<ReturnType<ProposalsService['exitNoticeDays']>>>();
    const noticeOf = new Map<number, { days: number; startsOn: string; endsOn: string; basis: Record<string, unknown> }>();
    for (const [n, { r, i }] of exits.entries()) {
      const result = assessed[n]!;
      if (!result.passed) throw LifecycleErrors.exitStandardNotMet(r.year, result.results.filter((c) => !c.passed)).at(`procedures[${i}].year`);
      const approvedOn = r.steps[3].on;
      const region = regionOf.get(r.householdId)!;
      const key = `${approvedOn}|${region}`;
      let period = notices.get(key);
      if (!period) {
        try {
          period = await this.proposals.exitNoticeDays(m, approvedOn, region);
        } catch (e) {
          throw e instanceof AppError ? e.at(`procedures[${i}].steps[3].on`) : e;
        }
        notices.set(key, period);
      }
      const notice = noticeFrom(approvedOn, period.days);
      if (r.steps[4].on <= notice.endsOn) throw LifecycleErrors.noticeNotOver(notice.endsOn, `procedures[${i}].steps[4].on`);
      noticeOf.set(i, { ...notice, basis: period.basis });
    }

    // The proposals, their step events and audit rows.
    const proposalRows: Row[] = [];
    const eventRows: Row[] = [];
    const auditRows: AuditChangeRecord[] = [];
    const written: ProposalEntity[] = [];
    records.forEach((r, i) => {
      const notice = noticeOf.get(i);
      const stepOn = (name: string) => r.steps.find((s) => s.step === name)?.on ?? null;
      const completedOn = r.steps[r.steps.length - 1].on;
      const proposal = {
        id: randomUUID(),
        householdId: r.householdId,
        regionCode: regionOf.get(r.householdId)!,
        kind: r.kind,
        stage: ProposalStage.COMPLETED,
        year: r.year,
        reason: r.reason.trim(),
        evidence: null,
        appraisalOn: r.kind === ProposalKind.EXIT ? r.appraisalOn! : null,
        householdAgreedOn: stepOn('HOUSEHOLD_AGREED'),
        noticeDays: notice?.days ?? null,
        noticeStartsOn: notice?.startsOn ?? null,
        noticeEndsOn: notice?.endsOn ?? null,
        objections: 0,
        proposedBy: ctx.personId,
        townReviewedBy: ctx.personId,
        districtApprovedBy: ctx.id,
        decidedBy: ctx.id,
        rejectionReason: null,
        completedOn,
      } as ProposalEntity;
      written.push(proposal);
      proposalRows.push({
        id: proposal.id,
        household_id: proposal.householdId,
        region_code: proposal.regionCode,
        kind: proposal.kind,
        stage: proposal.stage,
        year: proposal.year,
        reason: proposal.reason,
        appraisal_on: proposal.appraisalOn,
        household_agreed_on: proposal.householdAgreedOn,
        notice_days: proposal.noticeDays,
        notice_starts_on: proposal.noticeStartsOn,
        notice_ends_on: proposal.noticeEndsOn,
        objections: 0,
        proposed_by: proposal.proposedBy,
        town_reviewed_by: proposal.townReviewedBy,
        district_approved_by: proposal.districtApprovedBy,
        decided_by: proposal.decidedBy,
        completed_on: completedOn,
      });
      for (const s of r.steps) {
        const note =
          s.note?.trim() ||
          (s.step === 'PROPOSED' && proposal.appraisalOn ? `${proposal.reason}（民主评议 ${proposal.appraisalOn}）`
          : s.step === 'PROPOSED' ? proposal.reason
          : s.step === 'DISTRICT_APPROVED' && notice ? `${STEP_NOTE[s.step]}；公示 ${notice.days} 天（${notice.startsOn} 起，至 ${notice.endsOn} 止）`
          : s.step === 'ANNOUNCED' ? `${STEP_NOTE[s.step]}（${r.year} 年脱贫退出）`
          : STEP_NOTE[s.step]);
        eventRows.push({
          household_id: proposal.householdId,
          region_code: proposal.regionCode,
          kind: HouseholdEventKind.PROCEDURE_STEP,
          effective_on: s.on,
          step: s.step,
          reason: note,
          proposal_id: proposal.id,
          actor_id: ctx.id,
          actor_name: ctx.name,
        });
      }
      auditRows.push(
        auditFact(PROPOSAL_AUDIT, 'households.recordCompletedProcedure', proposal, {
          householdId: proposal.householdId,
          kind: proposal.kind,
          year: proposal.year,
          stage: { from: null, to: ProposalStage.COMPLETED },
          steps: r.steps.map((s) => ({ step: s.step, on: s.on })),
          ...(notice ? { notice } : {}),
        }),
      );
    });
    await this.writer.write(m, { table: 'household_proposals', mode: 'INSERT', rows: proposalRows });
    await this.writer.write(m, {
      table: 'household_events',
      mode: 'INSERT',
      rows: eventRows,
      columns: ['household_id', 'region_code', 'kind', 'effective_on', 'step', 'reason', 'proposal_id', 'actor_id', 'actor_name'],
    });
    await this.audit.append(m, auditRows);

    // Each exit's public notice, through the disclosure module: published on the approval's date
    // for the period above, over with no objection (closed), its head and size as of that date.
    const exitIndexes = exits.map(({ i }) => i);
    const households = await this.members.headsAndSizesAsOf(m, exitIndexes.map((i) => ({ householdId: records[i].householdId, date: records[i].steps[3].on })));
    await this.disclosure.recordHistoricalNotices(
      m,
      exitIndexes.map((i, n): HistoricalNotice => {
        const p = written[i];
        return { ...exitNoticeOf(p, { regionCode: p.regionCode, ...households[n] }), publishedOn: p.noticeStartsOn!, field: `procedures[${i}]` };
      }),
    );
    return written;
  }
}
