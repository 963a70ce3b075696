import { todayInChina, yearOf } from '../../common/dates/local-date';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../../common/access/principal';
import { Connection, ConnectionArgs } from '../../common/pagination/connection';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../../audit/audit.service';
import { subtreePrefix } from '../../common/region/region-code';
import { HouseholdEventEntity, HouseholdEventKind } from '../household-event.entity';
import { HouseholdEntity, HouseholdValidity } from '../household.entity';
import { HouseholdsService } from '../households.service';
import { MembersRepository } from '../members.repository';
import { LeaveReason } from '../member.entity';
import { ProposalEntity, ProposalKind, ProposalStage } from '../proposal.entity';
import { PovertyStatus } from '../registry-codes';
import { checkYear, ExitStandardService } from './exit-standard/exit-standard.service';
import { LifecycleErrors } from './lifecycle.errors';
import { LifecycleRepository, OPEN_STAGES, ProposalFilter } from './lifecycle.repository';
import { EXIT_NOTICE_SUBJECT, exitNoticeOf, noticeFrom, withinNotice } from './exit-notice';
import { effectiveDate } from './local-date';
import { versionConflict } from '../../common/concurrency/optimistic-update';
import { PROPOSAL_AUDIT } from '../households.audited';
import { ParametersService } from '../../parameters/parameters.service';
import { DisclosureService, SubjectObjection } from '../../disclosure/disclosure.service';
import { NoticeKind } from '../../disclosure/disclosure.enums';

/** The policy parameter of the exit notice's length (RULES.md §1). */
export const EXIT_NOTICE_DAYS_KEY = 'registry.exit_notice_days';

/** Why an exit's notice is withdrawn when an objection sends the exit back. */
const NOTICE_WITHDRAWN_ON_OBJECTION = '公示期间收到异议，退回乡镇重新审核 (an objection sent the exit back to review)';
/** The actor of a step taken because of an objection filed through the public surface (no officer). */
const PUBLIC_OBJECTION_ACTOR = '00000000-0000-0000-0000-000000000000';

/**
 * The step (PROCEDURE_STEP event) and coded reason of a registration proposal closed because
 * the authority's file (a SYNC import) registered its candidate: the proposal is WITHDRAWN with
 * `rejectionReason` starting with this code.
 */
export const SUPERSEDED_BY_SYNC = 'SUPERSEDED_BY_SYNC';

export enum ProposalDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}

export interface ProposeCommand {
  householdId: string;
  /** The year the change counts for (the exit year); default the year of the effective date. */
  year?: number | null;
  reason: string;
  evidence?: string | null;
  effectiveOn?: string | null;
  /** Exit: the date of the village's democratic appraisal (民主评议). */
  appraisalOn?: string | null;
}

export interface StepCommand {
  proposalId: string;
  version: number;
  effectiveOn?: string | null;
  note?: string | null;
  evidence?: string | null;
}

export interface DecisionCommand extends StepCommand {
  decision: ProposalDecision;
  /** Required when rejecting. */
  reason?: string | null;
}

export interface ObjectionCommand extends StepCommand {
  objection: string;
  /** The day the objection was received (default effectiveOn, or today); it counts when within the notice. */
  receivedOn?: string | null;
}

export interface ProposalOutcome {
  proposal: ProposalEntity;
  household: HouseholdEntity;
}

type HouseholdState = Pick<HouseholdEntity, 'status' | 'validity'>;

/** Whether a household in this state may start a procedure of this kind. */
export const MAY_PROPOSE: Record<ProposalKind, (h: HouseholdState) => boolean> = {
  [ProposalKind.REGISTRATION]: (h) => h.validity === HouseholdValidity.CANDIDATE,
  [ProposalKind.RETURN_TO_POVERTY]: (h) => h.validity === HouseholdValidity.ACTIVE && (h.status === 'EXITED' || h.status === 'EXITED_NO_POLICY'),
  [ProposalKind.REMOVAL]: (h) => h.validity === HouseholdValidity.ACTIVE,
  [ProposalKind.EXIT]: (h) => h.validity === HouseholdValidity.ACTIVE && (h.status === 'NOT_EXITED' || h.status === 'RETURNED'),
};

/**
 * The registry's bottom-up procedures (识别纳入, 返贫, 剔除, 脱贫退出). A village officer
 * proposes, the town reviews, the district approves; an exit adds the household's agreement and
 * the public notice (公示), and ends with the announcement (公告). The household's status
 * changes only when the procedure completes — except that an exit in progress shows 预脱贫 from
 * its proposal until it is announced or stopped. Every step is an event row and an audit row,
 * in the step's transaction.
 */
@Injectable()
export class ProposalsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly households: HouseholdsService,
    private readonly members: MembersRepository,
    private readonly repo: LifecycleRepository,
    private readonly exitStandard: ExitStandardService,
    private readonly audit: AuditService,
    private readonly parameters: ParametersService,
    private readonly disclosure: DisclosureService,
  ) {}

  // An objection to an exit's notice filed through the disclosure module (publicly, or recorded
  // there by an officer) sends the exit back to review, as one recorded here does.
  onModuleInit(): void {
    this.disclosure.onSubjectObjection(EXIT_NOTICE_SUBJECT, (o) => this.sendBackOnNoticeObjection(o));
    // Every exit whose notice started in a period needed a published notice (the deadline checks' MISSING).
    this.disclosure.requireNotices(EXIT_NOTICE_SUBJECT, async (principal, from, to) =>
      (await this.repo.exitsNoticedBetween(principal, from, to)).map((p) => ({
        subjectType: EXIT_NOTICE_SUBJECT, subjectId: p.id, regionCode: p.regionCode, kind: NoticeKind.REGISTRY_EXIT, dueOn: p.noticeStartsOn!,
      })),
    );
  }

  list(principal: Principal, filter: Omit<ProposalFilter, 'regionPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ProposalEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.pageProposals(principal, { ...rest, regionPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<ProposalEntity[]> {
    return this.repo.findProposalsInScope(principal, ids);
  }

  // ---- the village proposes ------------------------------------------------------------------

  propose(principal: Principal, kind: ProposalKind, cmd: ProposeCommand): Promise<ProposalOutcome> {
    return this.dataSource.transaction(async (m) => {
      const h = await this.households.getInScope(principal, cmd.householdId, m, { field: 'input.householdId', lock: true });
      if (h.validity === HouseholdValidity.REMOVED) throw LifecycleErrors.householdRemoved();
      if (!MAY_PROPOSE[kind](h)) throw LifecycleErrors.cannotPropose(kind, h.status, h.validity);
      const effectiveOn = effectiveDate(cmd.effectiveOn);
      const year = cmd.year ?? yearOf(effectiveOn);
      checkYear(year, 'input.year');
      if (kind === ProposalKind.EXIT) {
        const appraisalOn = cmd.appraisalOn!;
        if (appraisalOn > todayInChina()) throw LifecycleErrors.dateInFuture('input.appraisalOn');
        if (appraisalOn > effectiveOn) throw LifecycleErrors.appraisalAfterProposal();
        await this.requireAfterLastChange(m, h, effectiveOn);
        await this.exitStandard.requireMet(m, h.id, year);
      }
      if (await this.repo.hasOpenProposal(m, h.id)) throw LifecycleErrors.proposalOpen();
      const appraisalOn = kind === ProposalKind.EXIT ? cmd.appraisalOn! : null;
      const { proposal, event, changes } = await this.insertProposed(m, principal, h, effectiveOn, {
        kind,
        year,
        reason: cmd.reason.trim(),
        evidence: cmd.evidence ?? null,
        appraisalOn,
        eventReason: appraisalOn ? `${cmd.reason.trim()}（民主评议 ${appraisalOn}）` : undefined,
      });
      const events: Partial<HouseholdEventEntity>[] = [event];
      let household = h;
      if (kind === ProposalKind.EXIT) {
        // 预脱贫 while the exit is in progress.
        household = await this.changeState(m, principal, h, proposal, { status: 'EXIT_IN_PROGRESS' }, effectiveOn, events, changes, '拟脱贫（预脱贫）');
      }
      await this.repo.insertEvents(m, events);
      await this.record(m, `households.propose${pascal(kind)}`, proposal, changes);
      return { proposal, household };
    });
  }

  /**
   * Registration proposals for the candidates an import created (PROPOSE mode), in the import's
   * transaction: per household as `propose` writes one (the proposal at PROPOSED, its PROPOSED
   * event, the audit row households.proposeRegistration), for the year of today.
   */
  async proposeImported(m: EntityManager, proposer: Pick<Principal, 'id' | 'personId' | 'name'>, households: readonly { id: string; regionCode: string }[], reason: string): Promise<void> {
    const effectiveOn = todayInChina();
    const year = yearOf(effectiveOn);
    const kind = ProposalKind.REGISTRATION;
    const events: Partial<HouseholdEventEntity>[] = [];
    const audited: { proposal: ProposalEntity; changes: Record<string, unknown> }[] = [];
    for (const h of households) {
      const { proposal, event, changes } = await this.insertProposed(m, proposer, h, effectiveOn, { kind, year, reason, evidence: null, appraisalOn: null });
      events.push(event);
      audited.push({ proposal, changes });
    }
    await this.repo.insertEvents(m, events);
    for (const a of audited) await this.record(m, `households.propose${pascal(kind)}`, a.proposal, a.changes);
  }

  /**
   * Closes the open registration proposals of the candidates a SYNC import registered, in the
   * import's transaction: the authority's file registered them, so the procedure stops — the
   * proposal WITHDRAWN (decided by the importer, `rejectionReason` "SUPERSEDED_BY_SYNC: …",
   * completed on the import's date or its last step's, whichever is later), a SUPERSEDED_BY_SYNC
   * PROCEDURE_STEP event in the household's history and the audit row
   * households.closeRegistrationBySync. Candidates without an open proposal are left as they are.
   * Answers the proposals closed.
   */
  async closeRegisteredBySync(
    m: EntityManager,
    actor: { id: string | null; name: string },
    households: readonly { id: string }[],
    on: string,
    jobId: string,
  ): Promise<ProposalEntity[]> {
    if (!households.length) return [];
    const open = await m
      .getRepository(ProposalEntity)
      .createQueryBuilder('p')
      .where('p.household_id = ANY(:ids) AND p.kind = :kind AND p.stage = ANY(:open)', { ids: households.map((h) => h.id), kind: ProposalKind.REGISTRATION, open: [...OPEN_STAGES] })
      .orderBy('p.id')
      .getMany();
    const by = { id: actor.id, name: actor.name } as Principal;
    const reason = `${SUPERSEDED_BY_SYNC}: 省级平台数据（同步导入）已将该户识别纳入，申请终止 (the authority's file registered the household: import ${jobId})`;
    const closed: ProposalEntity[] = [];
    const events: Partial<HouseholdEventEntity>[] = [];
    for (const p of open) {
      const lastStep = await this.repo.lastStepOn(m, p.id);
      const date = lastStep && lastStep > on ? lastStep : on;
      const proposal = await this.repo.updateProposal(m, p.id, p.version, { stage: ProposalStage.WITHDRAWN, decidedBy: actor.id, completedOn: date, rejectionReason: reason });
      events.push(step(by, proposal, SUPERSEDED_BY_SYNC, date, { reason }));
      closed.push(proposal);
      await this.record(m, 'households.closeRegistrationBySync', proposal, { stage: { from: p.stage, to: proposal.stage }, importJob: jobId }, reason);
    }
    await this.repo.insertEvents(m, events);
    return closed;
  }

  /**
   * How every proposal starts, proposed in GraphQL or by an import: the proposal row at PROPOSED
   * by the proposer, its PROPOSED event (the caller inserts it with any others) and the audit
   * changes of the step.
   */
  private async insertProposed(
    m: EntityManager,
    proposer: Pick<Principal, 'id' | 'personId' | 'name'>,
    h: { id: string; regionCode: string },
    effectiveOn: string,
    p: { kind: ProposalKind; year: number; reason: string; evidence: string | null; appraisalOn: string | null; eventReason?: string },
  ): Promise<{ proposal: ProposalEntity; event: Partial<HouseholdEventEntity>; changes: Record<string, unknown> }> {
    const proposal = await this.repo.insertProposal(m, {
      householdId: h.id,
      regionCode: h.regionCode,
      kind: p.kind,
      stage: ProposalStage.PROPOSED,
      year: p.year,
      reason: p.reason,
      evidence: p.evidence,
      appraisalOn: p.appraisalOn,
      proposedBy: proposer.personId,
    });
    const event = step(proposer as Principal, proposal, 'PROPOSED', effectiveOn, { reason: p.eventReason ?? proposal.reason, evidence: proposal.evidence });
    return { proposal, event, changes: { kind: p.kind, year: p.year, stage: { from: null, to: ProposalStage.PROPOSED } } };
  }

  // ---- exit: the household agrees -------------------------------------------------------------

  recordHouseholdAgreement(principal: Principal, cmd: StepCommand): Promise<ProposalOutcome> {
    return this.onProposal(principal, cmd, async (m, h, p) => {
      if (p.kind !== ProposalKind.EXIT || p.stage !== ProposalStage.PROPOSED) throw LifecycleErrors.wrongStage('记录农户认可', p.kind, p.stage);
      const agreedOn = effectiveDate(cmd.effectiveOn);
      const proposal = await this.repo.updateProposal(m, p.id, cmd.version, { stage: ProposalStage.HOUSEHOLD_AGREED, householdAgreedOn: agreedOn });
      await this.repo.insertEvents(m, [step(principal, proposal, 'HOUSEHOLD_AGREED', agreedOn, { reason: cmd.note ?? '农户认可脱贫', evidence: cmd.evidence })]);
      await this.record(m, 'households.recordHouseholdAgreement', proposal, { stage: { from: p.stage, to: proposal.stage }, householdAgreedOn: agreedOn });
      return { proposal, household: h };
    });
  }

  // ---- the town reviews -----------------------------------------------------------------------

  review(principal: Principal, cmd: DecisionCommand): Promise<ProposalOutcome> {
    return this.onProposal(principal, cmd, async (m, h, p) => {
      const expected = p.kind === ProposalKind.EXIT ? ProposalStage.HOUSEHOLD_AGREED : ProposalStage.PROPOSED;
      if (p.kind === ProposalKind.EXIT && p.stage === ProposalStage.PROPOSED) throw LifecycleErrors.levelSkipped('HOUSEHOLD_AGREEMENT');
      if (p.stage !== expected) throw LifecycleErrors.wrongStage('乡镇审核', p.kind, p.stage);
      if (p.proposedBy === principal.personId) throw LifecycleErrors.selfApproval();
      const on = effectiveDate(cmd.effectiveOn);
      if (cmd.decision === ProposalDecision.REJECT) return this.reject(m, principal, h, p, cmd, on, 'TOWN_REJECTED', 'households.reviewProposal');
      const proposal = await this.repo.updateProposal(m, p.id, cmd.version, { stage: ProposalStage.TOWN_REVIEWED, townReviewedBy: principal.personId });
      await this.repo.insertEvents(m, [step(principal, proposal, 'TOWN_REVIEWED', on, { reason: cmd.note ?? '乡镇审核通过', evidence: cmd.evidence })]);
      await this.record(m, 'households.reviewProposal', proposal, { decision: cmd.decision, stage: { from: p.stage, to: proposal.stage } });
      return { proposal, household: h };
    });
  }

  /**
   * Days of an exit's public notice approved on `on` in `regionCode`: EXIT_NOTICE_DAYS when set
   * (an override), else the policy parameter `registry.exit_notice_days` in force then and there;
   * neither: EXIT_NOTICE_NOT_CONFIGURED (no default is guessed).
   */
  async exitNoticeDays(m: EntityManager, on: string, regionCode: string): Promise<{ days: number; basis: Record<string, unknown> }> {
    if (this.config.exitNoticeDays !== undefined) return { days: this.config.exitNoticeDays, basis: { setting: 'EXIT_NOTICE_DAYS' } };
    const days = await this.parameters.valueAt(EXIT_NOTICE_DAYS_KEY, on, regionCode, m);
    if (!days.configured) throw LifecycleErrors.exitNoticeNotConfigured(on);
    return {
      days: days.value as number,
      basis: { parameter: days.key, versionId: days.id, scopeCode: days.scopeCode, status: days.status, source: days.source },
    };
  }

  // ---- the district approves ------------------------------------------------------------------

  approve(principal: Principal, cmd: DecisionCommand): Promise<ProposalOutcome> {
    return this.onProposal(principal, cmd, async (m, h, p) => {
      if (p.stage === ProposalStage.PROPOSED || p.stage === ProposalStage.HOUSEHOLD_AGREED) throw LifecycleErrors.levelSkipped('TOWN_REVIEW');
      if (p.stage !== ProposalStage.TOWN_REVIEWED) throw LifecycleErrors.wrongStage('区级审批', p.kind, p.stage);
      if (p.proposedBy === principal.personId || p.townReviewedBy === principal.personId) throw LifecycleErrors.selfApproval();
      const on = effectiveDate(cmd.effectiveOn);
      if (cmd.decision === ProposalDecision.REJECT) return this.reject(m, principal, h, p, cmd, on, 'DISTRICT_REJECTED', 'households.approveProposal');

      if (p.kind === ProposalKind.EXIT) {
        await this.exitStandard.requireMet(m, h.id, p.year);
        // The notice starts on the approval's date (a backdated approval started it then).
        const period = await this.exitNoticeDays(m, on, h.regionCode);
        const { days, startsOn, endsOn } = noticeFrom(on, period.days);
        const proposal = await this.repo.updateProposal(m, p.id, cmd.version, {
          stage: ProposalStage.IN_NOTICE,
          districtApprovedBy: principal.id,
          noticeDays: days,
          noticeStartsOn: startsOn,
          noticeEndsOn: endsOn,
        });
        await this.repo.insertEvents(m, [
          step(principal, proposal, 'DISTRICT_APPROVED', on, {
            reason: `${cmd.note ?? '区级审批通过'}；公示 ${days} 天（${startsOn} 起，至 ${proposal.noticeEndsOn} 止）`,
            evidence: cmd.evidence,
          }),
        ]);
        await this.record(m, 'households.approveProposal', proposal, {
          decision: cmd.decision,
          stage: { from: p.stage, to: proposal.stage },
          // Which parameter version (and its status) or setting decided the period.
          notice: { days, startsOn, endsOn: proposal.noticeEndsOn, basis: period.basis },
        });
        await this.publishExitNotice(m, h, proposal);
        return { proposal, household: h };
      }

      if (!MAY_PROPOSE[p.kind](h)) throw LifecycleErrors.cannotPropose(p.kind, h.status, h.validity);
      await this.requireAfterLastChange(m, h, on);
      const proposal = await this.repo.updateProposal(m, p.id, cmd.version, {
        stage: ProposalStage.COMPLETED,
        districtApprovedBy: principal.id,
        decidedBy: principal.id,
        completedOn: on,
      });
      const events = [step(principal, proposal, 'DISTRICT_APPROVED', on, { reason: cmd.note ?? '区级审批通过', evidence: cmd.evidence })];
      const changes: Record<string, unknown> = { decision: cmd.decision, stage: { from: p.stage, to: proposal.stage } };
      let household: HouseholdEntity;
      switch (p.kind) {
        case ProposalKind.REGISTRATION: {
          household = await this.changeState(m, principal, h, proposal, { validity: HouseholdValidity.ACTIVE, status: 'NOT_EXITED', yearRegistered: p.year }, on, events, changes, '识别纳入建档立卡');
          // A backdated registration: the members entered with the household join on its date.
          const joined = await this.repo.joinOnRegistration(m, h.id, on);
          if (joined) changes.membersJoinedOn = { from: null, to: { date: on, members: joined } };
          break;
        }
        case ProposalKind.RETURN_TO_POVERTY:
          household = await this.changeState(m, principal, h, proposal, { status: 'RETURNED' }, on, events, changes, '返贫');
          break;
        case ProposalKind.REMOVAL: {
          household = await this.changeState(m, principal, h, proposal, { validity: HouseholdValidity.REMOVED }, on, events, changes, '剔除（错评）');
          // Its members leave the roll, so each person may be registered in another household.
          const members = await this.members.findByHouseholds([h.id], {}, m);
          for (const member of members) {
            await this.members.endMembership(m, member.id, on, LeaveReason.HOUSEHOLD_REMOVED);
            events.push({
              ...base(principal, h, on),
              kind: HouseholdEventKind.MEMBER_LEFT,
              memberId: member.id,
              step: LeaveReason.HOUSEHOLD_REMOVED,
              reason: '户被剔除',
              proposalId: proposal.id,
            });
          }
          changes.membersLeft = members.length;
          break;
        }
        default:
          throw LifecycleErrors.wrongStage('区级审批', p.kind, p.stage);
      }
      await this.repo.insertEvents(m, events);
      await this.record(m, 'households.approveProposal', proposal, changes);
      return { proposal, household };
    });
  }

  // ---- exit: objections during the notice, and the announcement -------------------------------

  recordObjection(principal: Principal, cmd: ObjectionCommand): Promise<ProposalOutcome> {
    if (!principal.permissions.has('households.review') && !principal.permissions.has('households.propose')) throw LifecycleErrors.objectionNotAllowed();
    if (cmd.receivedOn && cmd.effectiveOn && cmd.receivedOn !== cmd.effectiveOn) throw LifecycleErrors.receivedOnMismatch();
    const receivedOn = effectiveDate(cmd.receivedOn ?? cmd.effectiveOn, cmd.receivedOn ? 'input.receivedOn' : 'input.effectiveOn');
    // The notice's own dates order this step (its start is the approval's date), not the last step's.
    return this.onProposal(principal, { ...cmd, effectiveOn: undefined }, async (m, h, p) => {
      if (p.kind !== ProposalKind.EXIT || p.stage !== ProposalStage.IN_NOTICE) throw LifecycleErrors.wrongStage('登记公示异议', p.kind, p.stage);
      // What counts is when the objection was received, not when it is entered: one received
      // within the notice sends the exit back even if recorded after the notice ended.
      const on = receivedOn;
      const notice = { startsOn: p.noticeStartsOn!, endsOn: p.noticeEndsOn! };
      const when = withinNotice(on, notice);
      if (when === 'AFTER') throw LifecycleErrors.noticeOver(notice.endsOn);
      if (when === 'BEFORE') throw LifecycleErrors.objectionBeforeNotice(notice.startsOn);
      const proposal = await this.sendBack(m, principal, p, cmd.version, on, cmd.objection.trim(), cmd.evidence ?? null);
      // The objection is recorded on the notice too, which is withdrawn: the exit is noticed again after a new approval.
      await this.disclosure.recordForSubject(m, EXIT_NOTICE_SUBJECT, p.id, { text: cmd.objection, receivedOn: on });
      await this.disclosure.withdrawForSubject(m, EXIT_NOTICE_SUBJECT, p.id, NOTICE_WITHDRAWN_ON_OBJECTION);
      return { proposal, household: h };
    });
  }

  /** Back to the town's review: the case is reviewed, approved and noticed again. */
  private async sendBack(m: EntityManager, principal: Principal, p: ProposalEntity, version: number, on: string, objection: string, evidence: string | null): Promise<ProposalEntity> {
    const proposal = await this.repo.updateProposal(m, p.id, version, {
      stage: ProposalStage.HOUSEHOLD_AGREED,
      objections: p.objections + 1,
      townReviewedBy: null,
      districtApprovedBy: null,
      noticeStartsOn: null,
      noticeEndsOn: null,
      noticeDays: null,
    });
    await this.repo.insertEvents(m, [step(principal, proposal, 'OBJECTION_RECORDED', on, { reason: objection, evidence })]);
    await this.record(m, 'households.recordObjection', proposal, {
      stage: { from: p.stage, to: proposal.stage },
      objections: { from: p.objections, to: proposal.objections },
      objection,
      receivedOn: on,
    });
    return proposal;
  }

  /** The exit's public notice (公示, see exitNoticeOf), published through the disclosure module with the approval. */
  private async publishExitNotice(m: EntityManager, h: HouseholdEntity, p: ProposalEntity): Promise<void> {
    const members = await this.members.findByHouseholds([h.id], {}, m);
    const head = members.find((x) => x.id === h.headMemberId);
    await this.disclosure.publishForSubject(m, exitNoticeOf(p, { regionCode: h.regionCode, headName: head?.name ?? null, size: members.length }));
  }

  /**
   * An objection to an exit's notice that reached the disclosure module (filed publicly, or
   * recorded there): received within the notice of an exit still in notice, it sends the exit back
   * as recordObjection does, acting as the public (no officer), and withdraws the notice. Run by
   * the job runner after the objection committed; once the exit is back (or announced, or the
   * objection came after its notice) there is nothing to do, so a retry changes nothing.
   */
  async sendBackOnNoticeObjection(o: SubjectObjection): Promise<void> {
    const actor: Principal = {
      kind: 'user', id: PUBLIC_OBJECTION_ACTOR, personId: PUBLIC_OBJECTION_ACTOR, name: '公示异议', roles: [], permissions: new Set(), regionCode: o.regionCode, scopePrefix: subtreePrefix(o.regionCode),
    };
    await this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findProposalsInScope(actor, [o.subjectId], m);
      if (!found) return;
      await this.households.getInScope(actor, found.householdId, m, { field: 'subjectId', lock: true });
      const [p] = await this.repo.findProposalsInScope(actor, [found.id], m);
      if (p.kind !== ProposalKind.EXIT || p.stage !== ProposalStage.IN_NOTICE) return;
      if (withinNotice(o.receivedOn, { startsOn: p.noticeStartsOn!, endsOn: p.noticeEndsOn! }) !== 'WITHIN') return;
      await this.sendBack(m, actor, p, p.version, o.receivedOn, `公示期间收到异议（公示 ${o.noticeId}，异议 ${o.objectionId}）`, null);
      await this.disclosure.withdrawForSubject(m, EXIT_NOTICE_SUBJECT, p.id, NOTICE_WITHDRAWN_ON_OBJECTION);
    });
  }

  announceExit(principal: Principal, cmd: StepCommand): Promise<ProposalOutcome> {
    return this.onProposal(principal, cmd, async (m, h, p) => {
      if (p.kind !== ProposalKind.EXIT) throw LifecycleErrors.wrongStage('公告退出', p.kind, p.stage);
      if (p.stage === ProposalStage.PROPOSED || p.stage === ProposalStage.HOUSEHOLD_AGREED || p.stage === ProposalStage.TOWN_REVIEWED) {
        throw LifecycleErrors.levelSkipped('DISTRICT_APPROVAL');
      }
      if (p.stage !== ProposalStage.IN_NOTICE) throw LifecycleErrors.wrongStage('公告退出', p.kind, p.stage);
      if (p.proposedBy === principal.personId || p.townReviewedBy === principal.personId) throw LifecycleErrors.selfApproval();
      // Real time: the notice must have run its days, whatever date the record is entered for;
      // and the announcement is dated after the notice's last day.
      if (todayInChina() <= p.noticeEndsOn!) throw LifecycleErrors.noticeNotOver(p.noticeEndsOn!);
      const on = effectiveDate(cmd.effectiveOn);
      if (on <= p.noticeEndsOn!) throw LifecycleErrors.noticeNotOver(p.noticeEndsOn!, 'input.effectiveOn');
      await this.exitStandard.requireMet(m, h.id, p.year);
      await this.requireAfterLastChange(m, h, on);
      const proposal = await this.repo.updateProposal(m, p.id, cmd.version, { stage: ProposalStage.COMPLETED, decidedBy: principal.id, completedOn: on });
      const events = [step(principal, proposal, 'ANNOUNCED', on, { reason: cmd.note ?? `公示期满无异议，公告 ${p.year} 年脱贫退出`, evidence: cmd.evidence })];
      const changes: Record<string, unknown> = { stage: { from: p.stage, to: proposal.stage } };
      const household = await this.changeState(m, principal, h, proposal, { status: 'EXITED', exitYear: p.year }, on, events, changes, `${p.year} 年脱贫退出`);
      await this.repo.insertEvents(m, events);
      await this.record(m, 'households.announceExit', proposal, changes);
      return { proposal, household };
    });
  }

  // ---- the proposer withdraws ---------------------------------------------------------------

  withdraw(principal: Principal, cmd: StepCommand & { reason: string }): Promise<ProposalOutcome> {
    return this.onProposal(principal, cmd, async (m, h, p) => {
      if (p.proposedBy !== principal.personId) throw LifecycleErrors.notProposer();
      if (!([ProposalStage.PROPOSED, ProposalStage.HOUSEHOLD_AGREED, ProposalStage.TOWN_REVIEWED] as ProposalStage[]).includes(p.stage)) {
        throw LifecycleErrors.wrongStage('撤回', p.kind, p.stage);
      }
      const on = effectiveDate(cmd.effectiveOn);
      const proposal = await this.repo.updateProposal(m, p.id, cmd.version, { stage: ProposalStage.WITHDRAWN, decidedBy: principal.id, completedOn: on, rejectionReason: cmd.reason.trim() });
      const events = [step(principal, proposal, 'WITHDRAWN', on, { reason: cmd.reason.trim(), evidence: cmd.evidence })];
      const changes: Record<string, unknown> = { stage: { from: p.stage, to: proposal.stage } };
      const household = await this.stopExit(m, principal, h, proposal, on, events, changes);
      await this.repo.insertEvents(m, events);
      await this.record(m, 'households.withdrawProposal', proposal, changes, cmd.reason.trim());
      return { proposal, household };
    });
  }

  // ---- shared steps ---------------------------------------------------------------------------

  private async reject(
    m: EntityManager,
    principal: Principal,
    h: HouseholdEntity,
    p: ProposalEntity,
    cmd: DecisionCommand,
    on: string,
    stepName: string,
    operation: string,
  ): Promise<ProposalOutcome> {
    const reason = cmd.reason?.trim();
    if (!reason) throw LifecycleErrors.reasonRequired();
    const proposal = await this.repo.updateProposal(m, p.id, cmd.version, { stage: ProposalStage.REJECTED, decidedBy: principal.id, rejectionReason: reason, completedOn: on });
    const events = [step(principal, proposal, stepName, on, { reason, evidence: cmd.evidence })];
    const changes: Record<string, unknown> = { decision: cmd.decision, stage: { from: p.stage, to: proposal.stage } };
    const household = await this.stopExit(m, principal, h, proposal, on, events, changes);
    await this.repo.insertEvents(m, events);
    await this.record(m, operation, proposal, changes, reason);
    return { proposal, household };
  }

  /** An exit that stops (rejected, withdrawn) gives the household back the status it had before 预脱贫. */
  private async stopExit(
    m: EntityManager,
    principal: Principal,
    h: HouseholdEntity,
    p: ProposalEntity,
    on: string,
    events: Partial<HouseholdEventEntity>[],
    changes: Record<string, unknown>,
  ): Promise<HouseholdEntity> {
    if (p.kind !== ProposalKind.EXIT || h.status !== 'EXIT_IN_PROGRESS') return h;
    const before = await this.repo.statusBeforeExit(m, p.id);
    const restored = (before?.fromStatus ?? 'NOT_EXITED') as PovertyStatus;
    const last = await this.repo.lastStatusChangeOn(m, h.id);
    // The return to the earlier status is dated no earlier than the change into 预脱贫.
    const effective = last && last > on ? last : on;
    return this.changeState(m, principal, h, p, { status: restored }, effective, events, changes, '退出程序终止，恢复原状态');
  }

  /** Sets status/validity (and the year columns), with its STATUS_CHANGED event and audit changes. */
  private async changeState(
    m: EntityManager,
    principal: Principal,
    h: HouseholdEntity,
    p: ProposalEntity,
    to: { status?: PovertyStatus; validity?: HouseholdValidity; exitYear?: number; yearRegistered?: number },
    on: string,
    events: Partial<HouseholdEventEntity>[],
    changes: Record<string, unknown>,
    reason: string,
  ): Promise<HouseholdEntity> {
    const status = to.status ?? h.status;
    const validity = to.validity ?? h.validity;
    await this.repo.updateHousehold(m, h.id, {
      status,
      validity,
      ...(to.exitYear !== undefined ? { exitYear: to.exitYear } : {}),
      ...(to.yearRegistered !== undefined ? { yearRegistered: to.yearRegistered } : {}),
    });
    events.push({
      ...base(principal, h, on),
      kind: HouseholdEventKind.STATUS_CHANGED,
      fromStatus: h.status,
      toStatus: status,
      fromValidity: h.validity,
      toValidity: validity,
      exitYear: to.exitYear ?? null,
      reason,
      proposalId: p.id,
    });
    if (status !== h.status) changes.status = { from: h.status, to: status };
    if (validity !== h.validity) changes.validity = { from: h.validity, to: validity };
    if (to.exitYear !== undefined) changes.exitYear = { from: h.exitYear, to: to.exitYear };
    if (to.yearRegistered !== undefined) changes.yearRegistered = { from: h.yearRegistered, to: to.yearRegistered };
    return {
      ...h,
      status,
      validity,
      exitYear: to.exitYear ?? h.exitYear,
      yearRegistered: to.yearRegistered ?? h.yearRegistered,
      version: h.version + 1,
    } as HouseholdEntity;
  }

  /** Status history stays in order: a change is never dated before the household's previous one. */
  private async requireAfterLastChange(m: EntityManager, h: HouseholdEntity, on: string): Promise<void> {
    const last = await this.repo.lastStatusChangeOn(m, h.id);
    if (last && on < last) throw LifecycleErrors.dateBeforeLastChange('input.effectiveOn', last);
  }

  /**
   * Runs a step on one proposal in one transaction: the proposal in the caller's scope, its
   * household locked (one step at a time per household), the version the caller read checked
   * before any rule (a stale read answers CONFLICT, not a misleading transition error).
   */
  private onProposal(
    principal: Principal,
    cmd: StepCommand,
    fn: (m: EntityManager, h: HouseholdEntity, p: ProposalEntity) => Promise<ProposalOutcome>,
  ): Promise<ProposalOutcome> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findProposalsInScope(principal, [cmd.proposalId], m);
      if (!found) throw LifecycleErrors.proposalNotFound();
      const h = await this.households.getInScope(principal, found.householdId, m, { field: 'input.proposalId', lock: true });
      const [p] = await this.repo.findProposalsInScope(principal, [found.id], m);
      if (p.version !== cmd.version) {
        throw versionConflict({ expectedVersion: cmd.version, currentVersion: p.version });
      }
      if (h.validity === HouseholdValidity.REMOVED && OPEN_STAGES.includes(p.stage)) throw LifecycleErrors.householdRemoved();
      // A procedure's history reads forward: a step is not dated before the step it follows.
      const lastStep = cmd.effectiveOn ? await this.repo.lastStepOn(m, p.id) : null;
      if (lastStep && cmd.effectiveOn! < lastStep) throw LifecycleErrors.dateBeforeLastStep(lastStep);
      return fn(m, h, p);
    });
  }

  private record(m: EntityManager, operation: string, p: ProposalEntity, changes: Record<string, unknown>, reason?: string): Promise<void> {
    return this.audit.fact(m, PROPOSAL_AUDIT, operation, p, { householdId: p.householdId, kind: p.kind, ...changes }, { reason: reason ?? null });
  }
}

function base(principal: Principal, h: HouseholdEntity, on: string): Partial<HouseholdEventEntity> {
  return { householdId: h.id, regionCode: h.regionCode, effectiveOn: on, actorId: principal.id, actorName: principal.name };
}

function step(
  principal: Principal,
  p: ProposalEntity,
  name: string,
  on: string,
  extra: { reason?: string | null; evidence?: string | null },
): Partial<HouseholdEventEntity> {
  return {
    householdId: p.householdId,
    regionCode: p.regionCode,
    effectiveOn: on,
    actorId: principal.id,
    actorName: principal.name,
    kind: HouseholdEventKind.PROCEDURE_STEP,
    step: name,
    reason: extra.reason ?? null,
    evidence: extra.evidence ?? null,
    proposalId: p.id,
  };
}

function pascal(kind: ProposalKind): string {
  return kind
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
