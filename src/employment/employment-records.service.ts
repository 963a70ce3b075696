import { Inject, Injectable } from '@nestjs/common';
import { decryptField, encryptField, maskedField } from '../common/protection/protected-field';
import { SECRETS, Secrets } from '../config/secrets';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { MemberEntity } from '../households/member.entity';
import { MembersService } from '../households/members.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { WriteWarning } from '../common/graphql/write-warning';
import { compareAmounts } from '../common/money/money';
import { EntitiesErrors } from '../projects/implementing-entities.errors';
import { ImplementingEntitiesRepository } from '../projects/implementing-entities.repository';
import { EmploymentRecordEntity, NotSeekingWorkMarkEntity } from './employment-record.entity';
import { EMPLOYMENT_RECORD_AUDIT, NOT_SEEKING_WORK_AUDIT } from './employment.audited';
import { EMPLOYMENT_RECORD_CONTACT_PHONE, EMPLOYMENT_SECTOR } from './employment.declaration';
import { EmploymentErrors, EmploymentReason } from './employment.errors';
import { EmploymentRecordFilter, EmploymentRecordsRepository } from './employment-records.repository';
import { checkEmploymentTerms, EmploymentTerms, fullOn, PUBLIC_WELFARE_POST_CHANNEL, WORKSHOP_CHANNEL } from './employment-rules';
import { changesOf, memberDuring, periodsOverlap } from '../common/kit/records';
import { PostsRepository } from './posts.repository';
import { WorkshopsRepository } from './workshops.repository';

/** The policy parameter whose codes a record's channel is (RULES.md §3). */
export const EMPLOYMENT_CHANNELS_KEY = 'employment.channels';

/**
 * The monthly income above which a record's income is implausible (a warning, never a refusal):
 * not in RULES.md, declared by this module (EMPLOYMENT.parameters) and NOT_CONFIGURED until the
 * district enters it.
 */
export const INCOME_CEILING_KEY = 'employment.monthly_income_ceiling';

/**
 * A record written, with its warnings (an income above the ceiling) and the parameters the checks
 * read (the ceiling: `configured: false` tells the caller the ceiling check was not made).
 */
export interface WrittenEmploymentRecord {
  record: EmploymentRecordEntity;
  warnings: WriteWarning[];
  parametersUsed: ParameterValue[];
}

export interface CreateEmploymentRecord extends EmploymentTerms {
  memberId: string;
}

export interface UpdateEmploymentRecord extends Partial<EmploymentTerms> {
  id: string;
  version: number;
}

export interface ListEmploymentRecords extends Omit<EmploymentRecordFilter, 'withinPrefix'> {
  regionCode?: string;
}

/** The row checkCreate answers for insertChecked. */
export type NewEmploymentRow = Required<EmploymentTerms> & Pick<EmploymentRecordEntity, 'memberId' | 'householdId' | 'regionCode' | 'sector'>;

/**
 * Employment records (务工就业台账). One transaction per use case locks the member (so that two
 * records of one member are checked against each other), checks the write scope (the household's
 * village, the human resources department), the member in the household during the period, the
 * employer readable, the channel listed for the year and no overlap with the member's other records
 * of the year without a reason, a workshop named readable (and the record then of the workshop
 * channel); writes and audits.
 */
@Injectable()
export class EmploymentRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: EmploymentRecordsRepository,
    private readonly members: MembersService,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly workshops: WorkshopsRepository,
    private readonly posts: PostsRepository,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  list(principal: Principal, filter: ListEmploymentRecords, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<EmploymentRecordEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.page(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<EmploymentRecordEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  async create(principal: Principal, input: CreateEmploymentRecord): Promise<WrittenEmploymentRecord> {
    const terms = checkEmploymentTerms(input);
    return this.dataSource.transaction(async (m) => {
      const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
      const row = await this.checkCreate(principal, m, member, terms);
      return this.insertChecked(m, row, 'employment.createEmploymentRecord');
    });
  }

  /**
   * The reads and checks of a new record of a member found (and locked) in `scope`: the write
   * scope, the member in the household during the period, the employer, the channel, the overlap.
   * Throws the coded errors; writes nothing.
   */
  async checkCreate(scope: ScopeHolder, m: EntityManager, member: MemberEntity, terms: Required<EmploymentTerms>): Promise<NewEmploymentRow> {
    if (!inRegionScope(scope, member.regionCode, { sector: { value: EMPLOYMENT_SECTOR, access: 'write' } })) throw EmploymentErrors.outOfScope('input.memberId');
    const checked = await this.checkTerms(scope, m, member, terms);
    return { ...checked, memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: EMPLOYMENT_SECTOR };
  }

  /**
   * Writes a record checked by checkCreate (with a post holder's or a placement's fields), with its
   * audit row (`operation`: the use case: GraphQL, a post's holder, a placement, or an import), and
   * answers it with the income ceiling's warning (incomeCeilingCheck).
   */
  async insertChecked(
    m: EntityManager,
    row: NewEmploymentRow & Partial<Pick<EmploymentRecordEntity, 'postId' | 'otherVillageReason' | 'eligibilityNote' | 'openingId'>>,
    operation: 'employment.createEmploymentRecord' | 'employment.assignPostHolder' | 'employment.placeCandidate' | 'employment.importEmploymentRecord',
  ): Promise<WrittenEmploymentRecord> {
    const { contactPhone, ...columns } = row;
    const record = await this.repo.insert(m, { ...columns, ...this.contactColumns(contactPhone) });
    await this.audit.change(m, EMPLOYMENT_RECORD_AUDIT, operation, null, { ...record, contactPhone });
    return { record, ...(await this.incomeCeilingCheck(m, record)) };
  }

  /** The stored (encrypted) contact phone of a checked clear one. */
  private contactColumns(contactPhone: string | null): Pick<EmploymentRecordEntity, 'contactPhoneEnc'> {
    return encryptField(this.secrets.cipher, EMPLOYMENT_RECORD_CONTACT_PHONE, contactPhone) as Pick<EmploymentRecordEntity, 'contactPhoneEnc'>;
  }

  /** A record's contact phone in clear (for the checks and the audit trail, never an answer); null when none. */
  contactPhoneOf(record: Pick<EmploymentRecordEntity, 'contactPhoneEnc'>): string | null {
    return decryptField(this.secrets.cipher, EMPLOYMENT_RECORD_CONTACT_PHONE, record);
  }

  /** How answers show the contact phone: masked by the declared field's mask; null when none. */
  maskedContactPhone(record: Pick<EmploymentRecordEntity, 'contactPhoneEnc'>): string | null {
    return maskedField(this.secrets.cipher, EMPLOYMENT_RECORD_CONTACT_PHONE, record);
  }

  /**
   * The full contact phone of a record the caller can read, for a stated reason, with an audit row
   * (revealPersonalData, EMPLOYMENT_RECORD_CONTACT_PHONE: the registry has checked
   * personalData.unmask and employment.read).
   */
  async revealContactPhone(principal: Principal, id: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const [record] = await this.repo.findInScope(principal, [id], m);
      if (!record) throw EmploymentErrors.notFound('id');
      await this.audit.fact(m, EMPLOYMENT_RECORD_AUDIT, 'personalData.unmask', record, { field: EMPLOYMENT_RECORD_CONTACT_PHONE.property }, { reason });
      return this.contactPhoneOf(record);
    });
  }

  /**
   * The income ceiling in force at the record's start in its region (INCOME_CEILING_KEY): a
   * monthly income above it is a warning naming `field` (the record stands); a ceiling not
   * configured makes no check and says so in `parametersUsed`.
   */
  async incomeCeilingCheck(
    m: EntityManager,
    record: Pick<EmploymentRecordEntity, 'startsOn' | 'regionCode' | 'monthlyIncome'>,
    field = 'input.monthlyIncome',
  ): Promise<Omit<WrittenEmploymentRecord, 'record'>> {
    const ceiling = await this.parameters.valueAt(INCOME_CEILING_KEY, record.startsOn, record.regionCode, m);
    const warnings: WriteWarning[] = [];
    if (ceiling.configured && compareAmounts(record.monthlyIncome, ceiling.value as string) > 0) {
      warnings.push({
        code: EmploymentReason.MONTHLY_INCOME_ABOVE_CEILING,
        field,
        message: `月收入 ${record.monthlyIncome} 元高于上限 ${ceiling.value as string} 元（${INCOME_CEILING_KEY}），已保存，请核实 (the monthly income is above the ceiling: saved; check it)`,
      });
    }
    return { warnings, parametersUsed: [ceiling] };
  }

  /** Corrects a record's terms (not its member: delete it and record another); send the version read. */
  async update(principal: Principal, input: UpdateEmploymentRecord): Promise<WrittenEmploymentRecord> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!found) throw EmploymentErrors.notFound();
      // A holder's post before the member, in the order assignPostHolder takes them (no deadlock).
      if (found.postId) await this.posts.lock(m, found.postId);
      const member = await this.members.getInScope(principal, found.memberId, m, { field: 'input.id', lock: true });
      const { id: _id, version, ...changes } = input;
      const checked = await this.checkUpdate(principal, m, found, member, changes);
      return this.applyUpdate(m, found, version, checked, 'employment.updateEmploymentRecord');
    });
  }

  /**
   * The checks of corrected terms of a record read (locked, in the write scope) of its member
   * (locked): the terms' shapes over the stored ones, then the reads of a new record (member in
   * the household, employer, channel, overlap with the member's other records). Undefined fields
   * keep the stored value. Throws the coded errors; writes nothing.
   */
  async checkUpdate(scope: ScopeHolder, m: EntityManager, before: EmploymentRecordEntity, member: MemberEntity, changes: Partial<EmploymentTerms>): Promise<Required<EmploymentTerms>> {
    // A null for a field that cannot be cleared keeps the stored value, as an omitted one does.
    const defined = changesOf<Partial<EmploymentTerms>>(changes, ['employerEntityId', 'employerName', 'endsOn', 'overlapReason', 'workshopId', 'contactPhone']);
    const terms = checkEmploymentTerms({ ...before, contactPhone: this.contactPhoneOf(before), ...defined });
    if (before.postId) await this.checkHolderTerms(m, before, terms);
    return this.checkTerms(scope, m, member, terms, before.id);
  }

  /**
   * A post holder's record, corrected, as assignPostHolder would take it: still of the post channel,
   * starting within the post's period (POST_CLOSED after its last day), and the post not full over
   * the new period without this record (POST_FULL). The post is locked: holders are counted one
   * change at a time.
   */
  private async checkHolderTerms(m: EntityManager, before: EmploymentRecordEntity, terms: Required<EmploymentTerms>): Promise<void> {
    if (terms.channel !== PUBLIC_WELFARE_POST_CHANNEL) throw EmploymentErrors.invalidValue('input.channel', `公益岗位在岗记录的渠道须为 ${PUBLIC_WELFARE_POST_CHANNEL} (a post holder's record stays in the post channel)`);
    const post = await this.posts.lock(m, before.postId!);
    if (terms.startsOn < post.startsOn) throw EmploymentErrors.invalidPeriod('input.startsOn', `岗位 ${post.startsOn} 才开始 (the post starts later)`);
    const lastDay = [post.closedOn, post.endsOn].filter((d): d is string => d !== null).sort()[0] ?? null;
    if (lastDay !== null && lastDay < terms.startsOn) throw EmploymentErrors.postClosed(lastDay);
    const others = (await this.posts.holdersDuring(m, post.id, terms.startsOn, terms.endsOn)).filter((h) => h.id !== before.id);
    const full = fullOn(others, post.places, terms.startsOn);
    if (full) throw EmploymentErrors.postFull(post.places, full);
  }

  /** Writes terms checked by checkUpdate (the version read), with its audit row; answers it as insertChecked does. */
  async applyUpdate(
    m: EntityManager,
    before: EmploymentRecordEntity,
    version: number,
    terms: Required<EmploymentTerms>,
    operation: 'employment.updateEmploymentRecord' | 'employment.importEmploymentRecord',
  ): Promise<WrittenEmploymentRecord> {
    const { contactPhone, ...columns } = terms;
    const after = await this.repo.update(m, before.id, version, { ...columns, ...this.contactColumns(contactPhone) });
    await this.audit.change(m, EMPLOYMENT_RECORD_AUDIT, operation, { ...before, contactPhone: this.contactPhoneOf(before) }, { ...after, contactPhone });
    return { record: after, ...(await this.incomeCeilingCheck(m, after)) };
  }

  /** Deletes a record entered in error, with the reason (the audit trail keeps the record); send the version read. */
  async delete(principal: Principal, input: { id: string; version: number; reason: string }): Promise<EmploymentRecordEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!found) throw EmploymentErrors.notFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      const reason = input.reason.trim();
      await this.repo.delete(m, found.id);
      await this.audit.change(m, EMPLOYMENT_RECORD_AUDIT, 'employment.deleteEmploymentRecord', found, null, { reason });
      return found;
    });
  }

  /** Marks a member of the labour register as not seeking work (暂无就业意愿) with the reason; again: corrects the mark. */
  async markNotSeekingWork(principal: Principal, input: { memberId: string; reason: string; markedOn: string }): Promise<NotSeekingWorkMarkEntity> {
    return this.dataSource.transaction(async (m) => {
      const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
      if (!inRegionScope(principal, member.regionCode, { sector: { value: EMPLOYMENT_SECTOR, access: 'write' } })) throw EmploymentErrors.outOfScope('input.memberId');
      if (!member.active) throw EmploymentErrors.notInHousehold();
      const reason = input.reason.trim();
      const [before] = await this.repo.marksInScope(principal, [member.id], m, true);
      const after = before
        ? await this.repo.updateMark(m, member.id, before.version, { reason, markedOn: input.markedOn })
        : await this.repo.saveMark(m, { memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: EMPLOYMENT_SECTOR, reason, markedOn: input.markedOn });
      await this.audit.change(m, NOT_SEEKING_WORK_AUDIT, 'employment.markNotSeekingWork', before ?? null, after);
      return after;
    });
  }

  /** Clears a member's mark (the member seeks work again); send the version read. */
  async clearNotSeekingWork(principal: Principal, input: { memberId: string; version: number }): Promise<NotSeekingWorkMarkEntity> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.marksInScope(principal, [input.memberId], m, true);
      if (!before) throw EmploymentErrors.markNotFound();
      if (before.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: before.version });
      await this.repo.deleteMark(m, before.memberId);
      await this.audit.change(m, NOT_SEEKING_WORK_AUDIT, 'employment.clearNotSeekingWork', before, null);
      return before;
    });
  }

  private async checkTerms(scope: ScopeHolder, m: EntityManager, member: MemberEntity, terms: Required<EmploymentTerms>, exceptId?: string): Promise<Required<EmploymentTerms>> {
    const periodEnd = terms.endsOn ?? `${terms.year}-12-31`;
    if (!memberDuring(member, terms.startsOn, periodEnd)) throw EmploymentErrors.notInHousehold();
    let employerName = terms.employerName;
    if (terms.employerEntityId) {
      const [entity] = await this.entities.findInScope(scope, [terms.employerEntityId], m);
      if (!entity) throw EntitiesErrors.entityNotFound('input.employerEntityId');
      employerName = employerName ?? entity.name;
    }
    // The channel list in force in the record's year (from its start, or the year's first day).
    const asOf = terms.startsOn > `${terms.year}-01-01` ? terms.startsOn : `${terms.year}-01-01`;
    await this.parameters.requireListedCode(EMPLOYMENT_CHANNELS_KEY, terms.channel, asOf, member.regionCode, 'input.channel', m);
    if (terms.workshopId) {
      // A workshop you can read; the record is then of the workshop channel (a code of the list checked above).
      const [workshop] = await this.workshops.findInScope(scope, [terms.workshopId], m);
      if (!workshop) throw EmploymentErrors.workshopNotFound('input.workshopId');
      if (terms.channel !== WORKSHOP_CHANNEL) throw EmploymentErrors.workshopChannel(WORKSHOP_CHANNEL);
      if (terms.startsOn < workshop.openedOn || (workshop.closedOn !== null && terms.startsOn > workshop.closedOn)) {
        throw EmploymentErrors.invalidPeriod('input.startsOn', `扶贫车间开办期间为 ${workshop.openedOn} 至 ${workshop.closedOn ?? '今'}，务工须在此期间开始 (the job must start while the workshop is open)`);
      }
    }
    if (!terms.overlapReason) {
      // Records of other years may share a period: a job lasting years has a record each year.
      const other = (await this.repo.ofMemberInYear(m, member.id, terms.year, exceptId)).find((r) => periodsOverlap(r, terms));
      if (other) throw EmploymentErrors.overlap(other);
    }
    return { ...terms, employerName };
  }
}
