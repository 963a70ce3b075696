import { randomUUID } from 'node:crypto';
import { addDays, daysBetween, todayInChina } from '../common/dates/local-date';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { auditChange, AuditChangeRecord, auditFact } from '../audit/audit-descriptor';
import { AuditService } from '../audit/audit.service';
import { acceptedRevealReason, REVEAL_REASON_RULE } from '../common/access/reason';
import { inRegionScope } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { AppError } from '../common/errors/app-error';
import { CommonReason } from '../common/errors/reasons';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { decryptField, encryptField, maskedField } from '../common/protection/protected-field';
import { JobRunner } from '../common/jobs/job-runner';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SECRETS, Secrets } from '../config/secrets';
import { ParametersErrors } from '../parameters/parameters.errors';
import { ParametersService, ParametersUsed } from '../parameters/parameters.service';
import { NOTICE_AUDIT, NOTICE_VERSION_AUDIT, OBJECTION_AUDIT } from './disclosure.audited';
import { DISCLOSURE_OBJECTOR_CONTACT } from './disclosure.declaration';
import { NoticeChannel, NoticeKind, NoticeState, ObjectionOutcome, ObjectionSource, ObjectionState, PeriodUnit } from './disclosure.enums';
import { DisclosureErrors, DisclosureReason } from './disclosure.errors';
import { DisclosureRepository, NoticeFilter, PUBLIC_STATES } from './disclosure.repository';
import { NoticeEntity } from './notice.entity';
import { NoticeVersionEntity } from './notice-version.entity';
import { ObjectionEntity } from './objection.entity';
import { buildPayload, contentProblems, NoticeContent, allowedContent, payloadHash, personalDataIn, renderText } from './published-payload';

/** The parameter that sets the minimum period of a kind's notices (RULES.md). */
export function periodKeyOf(kind: NoticeKind): string {
  return kind === NoticeKind.REGISTRY_EXIT ? 'registry.exit_notice_days' : 'funds.disclosure_board_min_days';
}
/** The working-day deadline of publishing an allocation, counted from the day it was issued (RULES.md §8). */
export const ALLOCATION_DEADLINE_KEY = 'funds.allocation_disclosure_deadline';
/** The kinds whose publication has that deadline. */
const DEADLINE_KINDS: readonly NoticeKind[] = [NoticeKind.FUND_ALLOCATION];
/** Longest objection text, answer and finding (the column's shape for a person's letter, not a policy). */
export const MAX_OBJECTION_CHARS = 5000;
/** Longest window of the deadline-check query. */
export const MAX_PROBLEM_RANGE_DAYS = 366;


export interface PeriodInput {
  length?: number | null;
  unit?: PeriodUnit | null;
}
export interface CreateNotice {
  kind: NoticeKind;
  subjectType: string;
  subjectId: string;
  regionCode: string;
  channels: NoticeChannel[];
  period?: PeriodInput | null;
  content: NoticeContent;
}
export interface UpdateDraft {
  id: string;
  version: number;
  channels?: NoticeChannel[] | null;
  period?: PeriodInput | null;
  content?: NoticeContent | null;
}
export interface RecordObjection {
  noticeId: string;
  text: string;
  objectorName?: string | null;
  contact?: string | null;
  receivedOn: string;
}
export interface HandleObjection {
  id: string;
  version: number;
  finding: string;
  answer: string;
  outcome: ObjectionOutcome;
}

/**
 * A notice another module publishes about one of its records, inside its own transaction (the
 * registry's exit notice when the district approves): the period is the one that module's rule
 * fixed (its start may be the decision's date), the content is checked like any other.
 */
export interface SubjectNotice {
  kind: NoticeKind;
  subjectType: string;
  subjectId: string;
  regionCode: string;
  channels: NoticeChannel[];
  startsOn: string;
  endsOn: string;
  length: number;
  content: NoticeContent;
}

/**
 * A notice about a module's record that ran its whole course before it was entered here (see
 * recordHistoricalNotices): published on `publishedOn`, on or before the period's first day.
 */
export interface HistoricalNotice extends SubjectNotice {
  publishedOn: string;
  /** The item's field in errors (`procedures[3]`). */
  field: string;
}

/** An objection to a notice about a module's record, handed to that module (see onSubjectObjection). */
export interface SubjectObjection {
  objectionId: string;
  noticeId: string;
  subjectType: string;
  subjectId: string;
  regionCode: string;
  receivedOn: string;
}
export type SubjectObjectionHandler = (objection: SubjectObjection) => Promise<void>;

/** A record that needed a public notice from `dueOn` (the registry's exit in notice, an allocation issued). */
export interface RequiredNotice {
  subjectType: string;
  subjectId: string;
  regionCode: string;
  kind: NoticeKind;
  dueOn: string;
}
/** Lists the caller's records that needed a notice due between two days (see requireNotices). */
export type RequiredNoticesProvider = (principal: Principal, from: string, to: string) => Promise<RequiredNotice[]>;

/** The job runner's queue that hands objections to the module of the notice's subject. */
export const SUBJECT_OBJECTION_QUEUE = 'disclosure.subjectObjection';

/** A notice with its versions and objections (what one answer shows). */
export interface NoticeDetail {
  notice: NoticeEntity;
  versions: NoticeVersionEntity[];
  objections: ObjectionEntity[];
}

export enum NoticeProblemKind {
  MISSING = 'MISSING',
  LATE = 'LATE',
  PERIOD_TOO_SHORT = 'PERIOD_TOO_SHORT',
  NOT_CONFIGURED = 'NOT_CONFIGURED',
}
export interface NoticeProblem {
  /** Null for MISSING: the record had no notice. */
  notice: NoticeEntity | null;
  subject: RequiredNotice | null;
  problem: NoticeProblemKind;
  detail: string;
  deadline: string | null;
  publishedOn: string | null;
  periodDays: number | null;
  minDays: number | null;
  parametersUsed: ReturnType<ParametersUsed['list']>;
}

/**
 * Public disclosure (公告公示). Each use case is one transaction that reads what it checks (the
 * notice locked when it changes), writes and audits. Periods and deadlines come from the parameter
 * store; a missing value answers "not configured", never a default.
 */
@Injectable()
export class DisclosureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: DisclosureRepository,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
    private readonly jobs: JobRunner,
  ) {}

  private readonly subjectHandlers = new Map<string, SubjectObjectionHandler>();
  private readonly required = new Map<string, RequiredNoticesProvider>();

  /**
   * A module whose records need a public notice (the registry's exits) says which, so the deadline
   * checks list those without one (MISSING). Registered before the application starts.
   */
  requireNotices(subjectType: string, provider: RequiredNoticesProvider): void {
    if (this.required.has(subjectType)) throw new Error(`required notices of ${subjectType} are listed twice`);
    this.required.set(subjectType, provider);
  }

  /**
   * A module that publishes notices about its records (`subjectType`) and must act on objections
   * to them (the registry sends an exit back to review) registers here, before the application
   * starts. An objection filed publicly or recorded here is then handed to it through the job
   * runner (queue disclosure.subjectObjection: durable, retried), after the objection commits.
   */
  onSubjectObjection(subjectType: string, handler: SubjectObjectionHandler): void {
    if (this.subjectHandlers.has(subjectType)) throw new Error(`objections of ${subjectType} are handled twice`);
    this.subjectHandlers.set(subjectType, handler);
  }

  /** The job's work: the registered module acts on the objection. */
  async handOver(objection: SubjectObjection): Promise<void> {
    const handler = this.subjectHandlers.get(objection.subjectType);
    if (handler) await handler(objection);
  }

  /** Publishes a notice about a module's record in that module's transaction (see SubjectNotice). */
  async publishForSubject(m: EntityManager, input: SubjectNotice, now = new Date()): Promise<NoticeEntity> {
    const problems = contentProblems(input.kind, input.content, true);
    if (problems.length) throw DisclosureErrors.content(problems);
    if (!input.channels.length) throw DisclosureErrors.channelsRequired();
    const notice = await this.repo.insertNotice(m, {
      kind: input.kind,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      regionCode: input.regionCode,
      channels: uniqueChannels(input.channels),
      periodLength: input.length,
      periodUnit: PeriodUnit.DAYS,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      state: NoticeState.PUBLISHED,
      publishedAt: now,
      currentVersion: 1,
    });
    const draft = await this.repo.insertVersion(m, { noticeId: notice.id, number: 1, content: allowedContent(input.kind, input.content) as Record<string, unknown> });
    const version = await this.freeze(m, notice, draft, input.content, null, now);
    await this.audit.append(m, publishAudit(notice, version));
    return notice;
  }

  /**
   * The day (China time) a notice about each of these records of a module was first published
   * (withdrawn ones included: they were public); records never published are absent. Read in the
   * caller's transaction when given.
   */
  async firstPublishedOn(subjectType: string, subjectIds: readonly string[], manager?: EntityManager): Promise<Map<string, string>> {
    const at = await this.repo.firstPublished(subjectType, subjectIds, manager);
    return new Map([...at].map(([id, when]) => [id, todayInChina(when)]));
  }

  /**
   * Notices about a module's records that ran their whole course before they were entered here
   * (the registry's historical exits, in the subject module's transaction): each published on
   * `publishedOn` (China time) for the period that module's rule fixed, the period over and no
   * objection filed, so in the state the period job leaves such a notice: period ended, then
   * closed the day after its last day. Set-based: the content checked and the payload built and
   * hashed as publishForSubject does, one staged write per table, the audit rows of publishing,
   * ending and closing each in one append. Any refusal throws the coded error naming the item's
   * field (`${field}.content.title`) and writes nothing. The subject and its region are the
   * calling module's record, as in publishForSubject.
   */
  async recordHistoricalNotices(m: EntityManager, items: readonly HistoricalNotice[]): Promise<NoticeEntity[]> {
    if (!items.length) return [];
    const today = todayInChina();
    for (const x of items) {
      const problems = contentProblems(x.kind, x.content, true, `${x.field}.content`);
      if (problems.length) throw DisclosureErrors.content(problems);
      if (!x.channels.length) throw DisclosureErrors.channelsRequired().at(`${x.field}.channels`);
      if (!(x.publishedOn <= x.startsOn && x.startsOn <= x.endsOn && x.endsOn < today)) throw DisclosureErrors.notOver(x.endsOn, `${x.field}.endsOn`);
    }
    const notices: NoticeEntity[] = [];
    const versions: NoticeVersionEntity[] = [];
    const rows: AuditChangeRecord[] = [];
    for (const x of items) {
      const publishedAt = startOfDayInChina(x.publishedOn);
      const closedOn = addDays(x.endsOn, 1);
      const published = {
        id: randomUUID(),
        kind: x.kind,
        subjectType: x.subjectType,
        subjectId: x.subjectId,
        regionCode: x.regionCode,
        channels: uniqueChannels(x.channels),
        state: NoticeState.PUBLISHED,
        periodLength: x.length,
        periodUnit: PeriodUnit.DAYS,
        startsOn: x.startsOn,
        endsOn: x.endsOn,
        publishedAt,
        currentVersion: 1,
        withdrawnReason: null,
        closedOn: null,
        version: 1,
      } as NoticeEntity;
      const version = {
        id: randomUUID(),
        noticeId: published.id,
        number: 1,
        content: allowedContent(x.kind, x.content) as Record<string, unknown>,
        replacesId: null,
        correctionReason: null,
        ...frozenVersion(published, 1, x.content, null, publishedAt),
      } as NoticeVersionEntity;
      const ended = { ...published, state: NoticeState.PERIOD_ENDED };
      const closed = { ...published, state: NoticeState.CLOSED, closedOn };
      notices.push(closed);
      versions.push(version);
      rows.push(...publishAudit(published, version), endPeriodAudit(NoticeState.PUBLISHED, ended, closedOn), closeAudit(NoticeState.PERIOD_ENDED, closed, closedOn));
    }
    await this.repo.insertPublished(m, notices, versions);
    await this.audit.append(m, rows);
    return notices;
  }

  /**
   * Records, in the subject module's transaction, an objection that module received itself (an
   * officer entering one against an exit) on the subject's open notice, if it has one; the module
   * acts on it itself (nothing is handed over).
   */
  async recordForSubject(m: EntityManager, subjectType: string, subjectId: string, input: { text: string; receivedOn: string }): Promise<ObjectionEntity | null> {
    const notice = await this.repo.openNoticeOf(m, subjectType, subjectId);
    if (!notice) return null;
    return this.insertObjection(m, notice, { noticeId: notice.id, text: this.objectionText(input.text, 'input.objection'), receivedOn: input.receivedOn, source: ObjectionSource.OFFICER, addressHash: null }, 'input.proposalId', 'input.receivedOn', false);
  }

  /** Withdraws the subject's open notice (published or period ended), if any, with the reason: the record went back. */
  async withdrawForSubject(m: EntityManager, subjectType: string, subjectId: string, reason: string): Promise<NoticeEntity | null> {
    const before = await this.repo.openNoticeOf(m, subjectType, subjectId);
    if (!before) return null;
    const after = await this.repo.updateNotice(m, before.id, before.version, { state: NoticeState.WITHDRAWN, withdrawnReason: reason });
    await this.audit.change(m, NOTICE_AUDIT, 'disclosure.withdrawNotice', before, after, { reason });
    return after;
  }

  list(principal: Principal | null, filter: NoticeFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<NoticeEntity>> {
    return this.repo.page(principal, filter, args, withTotalCount);
  }

  /** A notice in the caller's scope with its versions and objections; null when missing or outside. */
  async detail(principal: Principal, id: string): Promise<NoticeDetail | null> {
    const notice = await this.repo.findNotice(principal, id);
    if (!notice) return null;
    const [versions, objections] = await Promise.all([this.repo.versionsOf([id]), this.repo.objectionsOf([id])]);
    return { notice, versions, objections };
  }

  /** A published notice for anyone: published versions only; null for a draft or a missing one. */
  async publicDetail(id: string): Promise<NoticeDetail | null> {
    const notice = await this.repo.findNotice(null, id);
    if (!notice || !(PUBLIC_STATES as readonly string[]).includes(notice.state)) return null;
    const [versions, objections] = await Promise.all([this.repo.versionsOf([id], undefined, true), this.repo.objectionsOf([id])]);
    return { notice, versions, objections };
  }

  /** The published payloads of notices (newest version last), for public lists. */
  publishedVersions(noticeIds: readonly string[]): Promise<NoticeVersionEntity[]> {
    return this.repo.versionsOf(noticeIds, undefined, true);
  }

  async create(principal: Principal, input: CreateNotice): Promise<NoticeDetail> {
    this.checkDraftInput(input.kind, input.content, input.channels, input.period);
    return this.dataSource.transaction(async (m) => {
      await this.parameters.requireRegion(input.regionCode, 'input.regionCode', m);
      // Outside the caller's region answers as a region that does not exist.
      if (!inRegionScope(principal, input.regionCode)) throw ParametersErrors.regionNotFound(input.regionCode, 'input.regionCode');
      const notice = await this.repo.insertNotice(m, {
        kind: input.kind,
        subjectType: input.subjectType.trim(),
        subjectId: input.subjectId.trim(),
        regionCode: input.regionCode,
        sector: principal.sector ?? null,
        channels: uniqueChannels(input.channels),
        periodLength: input.period?.length ?? null,
        periodUnit: input.period?.unit ?? PeriodUnit.DAYS,
        state: NoticeState.DRAFT,
        currentVersion: 1,
      });
      const version = await this.repo.insertVersion(m, { noticeId: notice.id, number: 1, content: allowedContent(input.kind, input.content) as Record<string, unknown> });
      await this.audit.change(m, NOTICE_AUDIT, 'disclosure.createNotice', null, notice);
      await this.audit.change(m, NOTICE_VERSION_AUDIT, 'disclosure.createNotice', null, version, { regionCode: notice.regionCode });
      return { notice, versions: [version], objections: [] };
    });
  }

  /** Changes a draft; a published notice is never edited (NOTICE_PUBLISHED_IMMUTABLE: publish a correction). */
  async updateDraft(principal: Principal, input: UpdateDraft): Promise<NoticeDetail> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockedNotice(principal, input.id, m);
      if (before.state !== NoticeState.DRAFT) {
        if (before.state === NoticeState.WITHDRAWN) throw DisclosureErrors.wrongState(before.state, '修改');
        throw DisclosureErrors.publishedImmutable();
      }
      const content = input.content ?? undefined;
      this.checkDraftInput(before.kind, content ?? {}, input.channels ?? before.channels, input.period);
      const after = await this.repo.updateNotice(m, before.id, input.version, {
        ...(input.channels ? { channels: uniqueChannels(input.channels) } : {}),
        ...(input.period !== undefined && input.period !== null ? { periodLength: input.period.length ?? null, periodUnit: input.period.unit ?? PeriodUnit.DAYS } : {}),
      });
      const [draft] = await this.repo.versionsOf([before.id], m);
      let version = draft;
      if (content) {
        version = await this.repo.updateDraftVersion(m, draft.id, { content: allowedContent(before.kind, content) as Record<string, unknown> });
        await this.audit.change(m, NOTICE_VERSION_AUDIT, 'disclosure.updateDraft', draft, version, { regionCode: before.regionCode });
      }
      await this.audit.change(m, NOTICE_AUDIT, 'disclosure.updateDraft', before, after);
      return { notice: after, versions: [version], objections: [] };
    });
  }

  /**
   * Publishes a draft: the kind's required fields, at least one channel, a period of at least the
   * minimum in force (`periodKeyOf(kind)`) from `startsOn` (today unless later). The payload is
   * built from the allow-list, hashed and frozen.
   */
  async publish(principal: Principal, input: { id: string; version: number; startsOn?: string | null }, now = new Date()): Promise<NoticeDetail> {
    const today = todayInChina(now);
    const startsOn = input.startsOn ?? today;
    if (startsOn < today) {
      throw AppError.badInput([{ field: 'input.startsOn', reason: CommonReason.INVALID_PERIOD, message: '公示不能从过去的日期开始 (a period cannot start in the past)' }]);
    }
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockedNotice(principal, input.id, m);
      if (before.state !== NoticeState.DRAFT) throw DisclosureErrors.wrongState(before.state, '发布');
      const [draft] = await this.repo.versionsOf([before.id], m);
      const problems = contentProblems(before.kind, draft.content as NoticeContent, true);
      if (problems.length) throw DisclosureErrors.content(problems);
      if (!before.channels.length) throw DisclosureErrors.channelsRequired();
      const period = await this.period(before, startsOn, m);
      const notice = await this.repo.updateNotice(m, before.id, input.version, {
        state: NoticeState.PUBLISHED,
        startsOn,
        endsOn: period.endsOn,
        periodLength: period.length,
        publishedAt: now,
      });
      const version = await this.freeze(m, notice, draft, draft.content as NoticeContent, null, now);
      await this.audit.change(m, NOTICE_AUDIT, 'disclosure.publishNotice', before, notice);
      await this.audit.change(m, NOTICE_VERSION_AUDIT, 'disclosure.publishNotice', draft, version, { regionCode: notice.regionCode });
      return { notice, versions: [version], objections: [] };
    });
  }

  /** A correction: a new published version naming the one it replaces and why; the period stays. */
  async correct(principal: Principal, input: { id: string; version: number; content: NoticeContent; reason: string }, now = new Date()): Promise<NoticeDetail> {
    const reason = this.reason(input.reason);
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockedNotice(principal, input.id, m);
      if (![NoticeState.PUBLISHED, NoticeState.PERIOD_ENDED, NoticeState.CLOSED].includes(before.state)) throw DisclosureErrors.wrongState(before.state, '更正');
      const problems = contentProblems(before.kind, input.content, true);
      if (problems.length) throw DisclosureErrors.content(problems);
      const versions = await this.repo.versionsOf([before.id], m);
      const replaced = versions[versions.length - 1];
      const notice = await this.repo.updateNotice(m, before.id, input.version, { currentVersion: replaced.number + 1 });
      const draft = await this.repo.insertVersion(m, {
        noticeId: notice.id,
        number: replaced.number + 1,
        content: allowedContent(notice.kind, input.content) as Record<string, unknown>,
        replacesId: replaced.id,
        correctionReason: reason,
      });
      const version = await this.freeze(m, notice, draft, input.content, { version: replaced.number, reason }, now);
      await this.audit.change(m, NOTICE_AUDIT, 'disclosure.correctNotice', before, notice, { reason });
      await this.audit.change(m, NOTICE_VERSION_AUDIT, 'disclosure.correctNotice', null, version, { regionCode: notice.regionCode, reason });
      return { notice, versions: [...versions, version], objections: await this.repo.objectionsOf([notice.id], m) };
    });
  }

  async withdraw(principal: Principal, input: { id: string; version: number; reason: string }): Promise<NoticeEntity> {
    const reason = this.reason(input.reason);
    return this.dataSource.transaction(async (m) => {
      const before = await this.lockedNotice(principal, input.id, m);
      if (![NoticeState.DRAFT, NoticeState.PUBLISHED, NoticeState.PERIOD_ENDED].includes(before.state)) throw DisclosureErrors.wrongState(before.state, '撤回');
      const after = await this.repo.updateNotice(m, before.id, input.version, { state: NoticeState.WITHDRAWN, withdrawnReason: reason });
      await this.audit.change(m, NOTICE_AUDIT, 'disclosure.withdrawNotice', before, after, { reason });
      return after;
    });
  }

  /** An objection an officer enters (received on a board, by letter, in person): it counts when received within the period. */
  async recordObjection(principal: Principal, input: RecordObjection): Promise<ObjectionEntity> {
    const text = this.objectionText(input.text, 'input.text');
    if (input.receivedOn > todayInChina()) throw AppError.badInput([{ field: 'input.receivedOn', reason: CommonReason.DATE_IN_FUTURE, message: '日期不能晚于今天 (the date is in the future)' }]);
    return this.dataSource.transaction(async (m) => {
      const notice = await this.repo.findNotice(principal, input.noticeId, m, true);
      if (!notice) throw DisclosureErrors.noticeNotFound('input.noticeId');
      return this.insertObjection(m, notice, { ...input, text, source: ObjectionSource.OFFICER, addressHash: null });
    });
  }

  /**
   * An objection filed by anyone through the public surface: received today, within the period,
   * at most PUBLIC_OBJECTIONS_PER_ADDRESS_PER_HOUR from one client address (counted by a keyed
   * hash of it, never the address).
   */
  async fileObjection(noticeId: string, input: { text: string; name?: string | null; contact?: string | null }, address: string): Promise<ObjectionEntity> {
    const text = this.objectionText(input.text, 'text');
    if (input.name != null && [...input.name].length > 50) throw DisclosureErrors.textTooLong('name', 50);
    if (input.contact != null && [...input.contact].length > 100) throw DisclosureErrors.textTooLong('contact', 100);
    const addressHash = this.secrets.cipher.blindIndex(address || 'unknown', 'disclosure_objection_address');
    const limit = this.config.rateLimit.publicObjectionsPerHour;
    return this.dataSource.transaction(async (m) => {
      // One filing at a time per address, so a burst cannot pass the count together.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [addressHash]);
      if ((await this.repo.filedFrom(m, addressHash, new Date(Date.now() - 3_600_000))) >= limit) throw DisclosureErrors.flood(limit);
      const notice = await this.repo.findNotice(null, noticeId, m, true);
      if (!notice || notice.state === NoticeState.DRAFT) throw DisclosureErrors.noticeNotFound('id');
      return this.insertObjection(m, notice, {
        noticeId, text, objectorName: input.name, contact: input.contact, receivedOn: todayInChina(), source: ObjectionSource.PUBLIC, addressHash,
      }, 'id', 'receivedOn');
    });
  }

  async handleObjection(principal: Principal, input: HandleObjection): Promise<{ objection: ObjectionEntity; notice: NoticeEntity }> {
    const finding = this.objectionText(input.finding, 'input.finding');
    const answer = this.objectionText(input.answer, 'input.answer');
    const what = personalDataIn(answer);
    if (what) {
      throw AppError.badInput([{ field: 'input.answer', reason: DisclosureReason.NOTICE_PERSONAL_DATA, message: `答复将公开，疑似个人信息（${what}）(the answer is published: looks like personal data)` }]);
    }
    return this.dataSource.transaction(async (m) => {
      const found = await this.repo.findObjection(principal, input.id, m);
      if (!found) throw DisclosureErrors.objectionNotFound();
      // The notice first, then the objection: the order the period job and filings lock in. The
      // notice's publisher answers: a sector officer handles only its own sector's objections.
      let notice = await this.repo.findNotice(principal, found.noticeId, m, true);
      if (!notice) throw DisclosureErrors.objectionNotFound();
      const before = (await this.repo.findObjection(principal, input.id, m, true))!;
      if (before.state === ObjectionState.CLOSED) throw DisclosureErrors.objectionClosed();
      const after = await this.repo.updateObjection(m, before.id, input.version, {
        state: ObjectionState.CLOSED, finding, answer, outcome: input.outcome, handledOn: todayInChina(),
      });
      await this.audit.change(m, OBJECTION_AUDIT, 'disclosure.handleObjection', this.audited(before), this.audited(after));
      if (notice.state === NoticeState.PERIOD_ENDED && (await this.repo.openObjections(m, notice.id)) === 0) notice = await this.close(m, notice);
      return { objection: after, notice };
    });
  }

  /**
   * The period job's work (disclosure-periods.job.ts): published notices whose last day has passed
   * end their period; ended notices without an open objection close. Audited as the system.
   */
  async advancePeriods(today = todayInChina()): Promise<{ ended: number; closed: number }> {
    return this.dataSource.transaction(async (m) => {
      let ended = 0;
      let closed = 0;
      for (const notice of await this.repo.lockDue(m, today)) {
        let current = notice;
        if (current.state === NoticeState.PUBLISHED) {
          current = await this.repo.updateNotice(m, current.id, current.version, { state: NoticeState.PERIOD_ENDED });
          await this.audit.append(m, [endPeriodAudit(notice.state, current, today)]);
          ended += 1;
        }
        if ((await this.repo.openObjections(m, current.id)) === 0) {
          await this.close(m, current, today);
          closed += 1;
        }
      }
      return { ended, closed };
    });
  }

  /**
   * Deadline checks over notices published between `from` and `to` in the caller's scope: an
   * allocation published after its working-day deadline (LATE), a period shorter than the minimum
   * in force on its first day (PERIOD_TOO_SHORT), or a check that cannot be made (NOT_CONFIGURED).
   */
  async problems(principal: Principal, from: string, to: string): Promise<NoticeProblem[]> {
    if (to < from) throw AppError.badInput([{ field: 'to', reason: CommonReason.INVALID_PERIOD, message: '结束日期早于开始日期 (to is before from)' }]);
    if (daysBetween(from, to) > MAX_PROBLEM_RANGE_DAYS) throw DisclosureErrors.rangeTooLong(MAX_PROBLEM_RANGE_DAYS);
    const notices = await this.repo.all(principal, { publishedFrom: from, publishedTo: to, states: PUBLIC_STATES });
    const versions = await this.repo.versionsOf(notices.map((n) => n.id), undefined, true);
    const firstVersion = new Map<string, NoticeVersionEntity>();
    for (const v of versions) if (!firstVersion.has(v.noticeId)) firstVersion.set(v.noticeId, v);
    const out: NoticeProblem[] = [];
    for (const notice of notices) {
      const used = new ParametersUsed();
      const publishedOn = todayInChina(notice.publishedAt!);
      const periodDays = notice.startsOn && notice.endsOn ? daysBetween(notice.startsOn, notice.endsOn) + 1 : null;
      const base = { notice, subject: null, publishedOn, periodDays, deadline: null as string | null, minDays: null as number | null };
      const min = used.add(await this.parameters.valueAt(periodKeyOf(notice.kind), notice.startsOn ?? publishedOn, notice.regionCode));
      if (!min.configured) out.push({ ...base, problem: NoticeProblemKind.NOT_CONFIGURED, detail: `${min.key} 未配置 (not configured)`, parametersUsed: used.list() });
      else if (periodDays !== null && periodDays < Number(min.value)) {
        out.push({ ...base, minDays: Number(min.value), problem: NoticeProblemKind.PERIOD_TOO_SHORT, detail: `公示期 ${periodDays} 天，少于 ${String(min.value)} 天`, parametersUsed: used.list() });
      }
      if (!DEADLINE_KINDS.includes(notice.kind)) continue;
      const issuedOn = (firstVersion.get(notice.id)?.content as NoticeContent | undefined)?.issuedOn;
      if (!issuedOn) continue;
      const days = used.add(await this.parameters.valueAt(ALLOCATION_DEADLINE_KEY, issuedOn, notice.regionCode));
      if (!days.configured) {
        out.push({ ...base, problem: NoticeProblemKind.NOT_CONFIGURED, detail: `${days.key} 未配置 (not configured)`, parametersUsed: used.list() });
        continue;
      }
      const deadline = await this.parameters.workingDayDeadline(issuedOn, Number(days.value), notice.regionCode);
      if (!deadline.configured) {
        out.push({ ...base, problem: NoticeProblemKind.NOT_CONFIGURED, detail: `${deadline.missingYear} 年工作日历未配置 (no working calendar)`, parametersUsed: used.list() });
      } else if (publishedOn > deadline.date) {
        out.push({ ...base, deadline: deadline.date, problem: NoticeProblemKind.LATE, detail: `下达于 ${issuedOn}，应于 ${deadline.date} 前公开，${publishedOn} 才公开`, parametersUsed: used.list() });
      }
    }
    // Records that needed a notice in those days and have none (never published, or only a draft).
    for (const [subjectType, provider] of this.required) {
      const subjects = await provider(principal, from, to);
      const noticed = await this.repo.subjectsWithNotice(subjectType, subjects.map((x) => x.subjectId));
      for (const subject of subjects.filter((x) => !noticed.has(x.subjectId))) {
        out.push({
          notice: null, subject, problem: NoticeProblemKind.MISSING, detail: `${subject.subjectType} ${subject.subjectId} 自 ${subject.dueOn} 起应公示，未发布公示`,
          deadline: subject.dueOn, publishedOn: null, periodDays: null, minDays: null, parametersUsed: [],
        });
      }
    }
    return out;
  }

  /** The full contact, for a stated reason, with an audit row (revealPersonalData, DISCLOSURE_OBJECTOR_CONTACT). */
  async revealContact(principal: Principal, id: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const o = await this.repo.findObjection(principal, id, m);
      if (!o) throw DisclosureErrors.objectionNotFound('input.id');
      await this.audit.fact(m, OBJECTION_AUDIT, 'personalData.unmask', o, { field: DISCLOSURE_OBJECTOR_CONTACT.property }, { reason });
      return decryptField(this.secrets.cipher, DISCLOSURE_OBJECTOR_CONTACT, o);
    });
  }

  maskedContact(o: ObjectionEntity): string | null {
    return maskedField(this.secrets.cipher, DISCLOSURE_OBJECTOR_CONTACT, o);
  }

  // ---------------------------------------------------------------------------------------------

  private async lockedNotice(principal: Principal, id: string, m: EntityManager): Promise<NoticeEntity> {
    const notice = await this.repo.findNotice(principal, id, m, true);
    if (!notice) throw DisclosureErrors.noticeNotFound();
    return notice;
  }

  private checkDraftInput(kind: NoticeKind, content: NoticeContent, channels: NoticeChannel[] | null | undefined, period: PeriodInput | null | undefined): void {
    const problems = contentProblems(kind, content, false);
    if (problems.length) throw DisclosureErrors.content(problems);
    if (channels && !channels.length) throw DisclosureErrors.channelsRequired();
    if (period?.length != null && (!Number.isInteger(period.length) || period.length < 1 || period.length > 3660)) {
      throw AppError.badInput([{ field: 'input.period.length', reason: CommonReason.INVALID_VALUE, message: '公示期应为 1–3660 的整数 (1–3660)' }]);
    }
  }

  /**
   * The period from `startsOn`: the notice's length (or the minimum in force), counted in its unit,
   * and at least the minimum in force on its first day (in calendar days).
   */
  private async period(notice: NoticeEntity, startsOn: string, m: EntityManager): Promise<{ length: number; endsOn: string }> {
    const key = periodKeyOf(notice.kind);
    const min = await this.parameters.valueAt(key, startsOn, notice.regionCode, m, 'input.period');
    if (!min.configured) throw DisclosureErrors.periodNotConfigured(key);
    const minDays = Number(min.value);
    const length = notice.periodLength ?? minDays;
    let endsOn: string;
    if (notice.periodUnit === PeriodUnit.WORKING_DAYS) {
      const deadline = await this.parameters.workingDayDeadline(addDays(startsOn, -1), length, notice.regionCode, m);
      if (!deadline.configured) throw DisclosureErrors.calendarNotConfigured(deadline.missingYear);
      endsOn = deadline.date;
    } else {
      endsOn = addDays(startsOn, length - 1);
    }
    const days = daysBetween(startsOn, endsOn) + 1;
    if (days < minDays) throw DisclosureErrors.periodTooShort('input.period.length', days, minDays, key);
    return { length, endsOn };
  }

  /** Builds, hashes and stores the payload of a version (from then on the row is immutable). */
  private async freeze(
    m: EntityManager,
    notice: NoticeEntity,
    draft: NoticeVersionEntity,
    content: NoticeContent,
    replaces: { version: number; reason: string } | null,
    now: Date,
  ): Promise<NoticeVersionEntity> {
    return this.repo.updateDraftVersion(m, draft.id, frozenVersion(notice, draft.number, content, replaces, now));
  }

  private async insertObjection(
    m: EntityManager,
    notice: NoticeEntity,
    input: RecordObjection & { source: ObjectionSource; addressHash: string | null },
    noticeField = 'input.noticeId',
    receivedField = 'input.receivedOn',
    handOver = true,
  ): Promise<ObjectionEntity> {
    if (![NoticeState.PUBLISHED, NoticeState.PERIOD_ENDED].includes(notice.state)) throw DisclosureErrors.notOpen(notice.state, noticeField);
    if (input.receivedOn < notice.startsOn! || input.receivedOn > notice.endsOn!) throw DisclosureErrors.outsidePeriod(notice.startsOn!, notice.endsOn!, receivedField);
    const name = input.objectorName?.trim() || null;
    const contact = input.contact?.trim() || null;
    const objection = await this.repo.insertObjection(m, {
      noticeId: notice.id,
      regionCode: notice.regionCode,
      source: input.source,
      objectorName: name,
      text: input.text,
      receivedOn: input.receivedOn,
      addressHash: input.addressHash,
      state: ObjectionState.OPEN,
      ...(encryptField(this.secrets.cipher, DISCLOSURE_OBJECTOR_CONTACT, contact) as Pick<ObjectionEntity, 'contactEnc'>),
    });
    await this.audit.change(m, OBJECTION_AUDIT, input.source === ObjectionSource.PUBLIC ? 'disclosure.fileObjection' : 'disclosure.recordObjection', null, this.audited(objection));
    if (handOver && this.subjectHandlers.has(notice.subjectType)) {
      const payload: SubjectObjection = {
        objectionId: objection.id, noticeId: notice.id, subjectType: notice.subjectType, subjectId: notice.subjectId, regionCode: notice.regionCode, receivedOn: objection.receivedOn,
      };
      await this.jobs.enqueue(SUBJECT_OBJECTION_QUEUE, { ...payload }, { regionCode: notice.regionCode }, m);
    }
    return objection;
  }

  private async close(m: EntityManager, notice: NoticeEntity, today = todayInChina()): Promise<NoticeEntity> {
    const after = await this.repo.updateNotice(m, notice.id, notice.version, { state: NoticeState.CLOSED, closedOn: today });
    await this.audit.append(m, [closeAudit(notice.state, after, today)]);
    return after;
  }

  private audited(o: ObjectionEntity) {
    return { ...o, contact: decryptField(this.secrets.cipher, DISCLOSURE_OBJECTOR_CONTACT, o) };
  }

  private objectionText(raw: string, field: string): string {
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (!text) throw DisclosureErrors.textEmpty(field);
    if ([...text].length > MAX_OBJECTION_CHARS) throw DisclosureErrors.textTooLong(field, MAX_OBJECTION_CHARS);
    return text;
  }

  private reason(raw: string): string {
    const reason = acceptedRevealReason(raw);
    if (!reason) throw AppError.badInput([{ field: 'input.reason', reason: CommonReason.REASON_REQUIRED, message: REVEAL_REASON_RULE }]);
    return reason;
  }
}

/** A version's published payload (the facts and the allow-listed content), its text and its hash, as published at `now`. */
function frozenVersion(
  notice: Pick<NoticeEntity, 'id' | 'kind' | 'regionCode' | 'subjectType' | 'subjectId' | 'channels' | 'startsOn' | 'endsOn' | 'periodLength' | 'periodUnit'>,
  number: number,
  content: NoticeContent,
  replaces: { version: number; reason: string } | null,
  now: Date,
): Pick<NoticeVersionEntity, 'payload' | 'payloadHash' | 'renderedText' | 'publishedAt'> {
  const base = buildPayload(
    {
      noticeId: notice.id,
      version: number,
      kind: notice.kind,
      regionCode: notice.regionCode,
      subjectType: notice.subjectType,
      subjectId: notice.subjectId,
      channels: notice.channels,
      period: { startsOn: notice.startsOn!, endsOn: notice.endsOn!, length: notice.periodLength!, unit: notice.periodUnit },
      publishedAt: now.toISOString(),
      replaces,
    },
    content,
  );
  const renderedText = renderText(base);
  const payload = { ...base, text: renderedText };
  return { payload, payloadHash: payloadHash(payload), renderedText, publishedAt: now };
}

/** The audit rows of a notice published with its first version. */
function publishAudit(notice: NoticeEntity, version: NoticeVersionEntity): AuditChangeRecord[] {
  return [
    auditChange(NOTICE_AUDIT, 'disclosure.publishNotice', null, notice),
    auditChange(NOTICE_VERSION_AUDIT, 'disclosure.publishNotice', null, version, { regionCode: notice.regionCode }),
  ];
}

/** The audit row of a notice whose period ended (`from` its state before), as of a day. */
function endPeriodAudit(from: NoticeState, after: NoticeEntity, asOf: string): AuditChangeRecord {
  return auditFact(NOTICE_AUDIT, 'disclosure.endPeriod', after, { state: { from, to: after.state }, endsOn: after.endsOn, asOf });
}

/** The audit row of a notice closed (`from` its state before), as of a day. */
function closeAudit(from: NoticeState, after: NoticeEntity, asOf: string): AuditChangeRecord {
  return auditFact(NOTICE_AUDIT, 'disclosure.closeNotice', after, { state: { from, to: after.state }, asOf });
}

/** Midnight at the start of a day, China time (UTC+8, no daylight saving). */
function startOfDayInChina(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

function uniqueChannels(channels: readonly NoticeChannel[]): NoticeChannel[] {
  return [...new Set(channels)];
}
