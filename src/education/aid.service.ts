import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { changesOf } from '../common/kit/records';
import { compareAmounts, divideAmount, fromCents, isStoredAmount, toCents } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { MemberEntity } from '../households/member.entity';
import { MembersService } from '../households/members.service';
import { ParameterType } from '../parameters/parameter-types';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { AidProgramme, dueProgrammes, PROGRAMMES, SchoolTerm, termsOverlap } from './education-rules';
import { EDUCATION_AID_AUDIT } from './education.audited';
import { EDUCATION_SECTOR } from './education.declaration';
import { EducationAidRecordEntity, EnrolmentEntity } from './education.entities';
import { EducationErrors } from './education.errors';
import { AidRecordFilter, EducationRepository } from './education.repository';
import { EnrolmentsService } from './enrolments.service';

/** The terms of an aid record a caller gives (the member aside): its key (school year, term, programme) and what was paid. */
export interface AidTerms {
  schoolYear: number;
  term: SchoolTerm;
  programme: AidProgramme;
  amount: string;
  paidOn?: string | null;
  amountReason?: string | null;
}

/** What a correction may change (the key and the enrolment stay: delete the record and record another). */
export type AidCorrection = Partial<Pick<AidTerms, 'paidOn' | 'amountReason'>> & { amount?: string | null };

/** A correction checked (checkUpdate): the stored columns it writes. */
export type CheckedAidCorrection = Pick<EducationAidRecordEntity, 'amount' | 'paidOn' | 'amountReason'>;

/** The row checkCreate answers for insertChecked. */
export type NewAidRow = Pick<
  EducationAidRecordEntity,
  'memberId' | 'householdId' | 'enrolmentId' | 'schoolYear' | 'term' | 'programme' | 'dueAmount' | 'amount' | 'paidOn' | 'amountReason' | 'regionCode' | 'sector'
>;

/** A new record checked (checkCreate): its row, and the parameter of its due amount. */
export interface CheckedNewAid {
  row: NewAidRow;
  parametersUsed: ParameterValue[];
}

/** An aid record written, with the parameter of its due amount (with its status). */
export interface WrittenAidRecord {
  record: EducationAidRecordEntity;
  parametersUsed: ParameterValue[];
}

/** A gap: an enrolment whose due programmes lack records in the term, with the records it has. */
export interface AidGap {
  enrolment: EnrolmentEntity;
  missing: AidProgramme[];
  records: EducationAidRecordEntity[];
}

/**
 * The first day of a term, as of which the programme's parameter is read: a school year starts on
 * 1 September, its spring term on 1 March of the next calendar year.
 */
export function termStartsOn(schoolYear: number, term: SchoolTerm): string {
  return term === SchoolTerm.SPRING ? `${schoolYear + 1}-03-01` : `${schoolYear}-09-01`;
}

/**
 * The amount due for a term by a programme's parameter (its unit 元/生/年): the yearly amount for
 * the whole school year, half of it for one of its two terms; null where the parameter gives no
 * amount (a RULE in words: a waiver, a loan) or is not configured (no comparison is made).
 */
export function dueForTerm(parameter: ParameterValue, term: SchoolTerm): string | null {
  if (!parameter.configured || parameter.type !== ParameterType.AMOUNT) return null;
  const yearly = parameter.value as string;
  return term === SchoolTerm.WHOLE_YEAR ? yearly : divideAmount(yearly, 2);
}

/**
 * 学生资助: aid records per student, term and programme. The student has an enrolment in the term
 * of a stage the programme is for; a second record of the programme in an overlapping term is a
 * duplicate (CONFLICT); the due amount is the programme's parameter as of the term's start in the
 * village, and a paid amount other than it needs the reason.
 */
@Injectable()
export class AidService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: EducationRepository,
    private readonly enrolments: EnrolmentsService,
    private readonly members: MembersService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: Omit<AidRecordFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<EducationAidRecordEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.aidPage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<EducationAidRecordEntity[]> {
    return this.repo.aidInScope(principal, ids);
  }

  async create(principal: Principal, input: AidTerms & { memberId: string }): Promise<WrittenAidRecord> {
    return this.dataSource.transaction(async (m) => {
      const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
      return this.insertChecked(m, await this.checkCreate(principal, m, member, input), 'education.createAidRecord');
    });
  }

  /**
   * The checks of a new aid record of a member found (and locked) in `scope`: the amount, the
   * write scope and a current member, the member's enrolment of the term at a stage of the
   * programme (as the record's enrolment), no record of the programme in an overlapping term, the
   * due amount by the programme's parameter and the reason an amount other than it needs. Throws
   * the coded errors; writes nothing (an import's dry run stops here).
   */
  async checkCreate(scope: ScopeHolder, m: EntityManager, member: MemberEntity, input: AidTerms): Promise<CheckedNewAid> {
    if (!isStoredAmount(input.amount)) throw EducationErrors.invalidAmount('input.amount');
    this.enrolments.requireWritable(scope, member, 'input.memberId');
    const enrolments = await this.repo.enrolmentsOverlapping(m, member.id, input.schoolYear, input.term);
    if (!enrolments.length) throw EducationErrors.withoutEnrolment();
    const rule = PROGRAMMES[input.programme];
    const enrolment = enrolments.find((e) => rule.stages.includes(e.stage));
    if (!enrolment) throw EducationErrors.programmeNotForStage(enrolments[0].stage);
    const [dup] = await this.repo.aidOverlapping(m, member.id, input.programme, input.schoolYear, input.term);
    if (dup) throw EducationErrors.duplicateAid(dup);
    const parameter = await this.parameters.valueAt(rule.key(enrolment.stage), termStartsOn(input.schoolYear, input.term), member.regionCode, m);
    const dueAmount = dueForTerm(parameter, input.term);
    const amountReason = checkAmount(input.amount, dueAmount, input.amountReason);
    const row: NewAidRow = {
      memberId: member.id,
      householdId: member.householdId,
      enrolmentId: enrolment.id,
      schoolYear: input.schoolYear,
      term: input.term,
      programme: input.programme,
      dueAmount,
      amount: storedAmount(input.amount),
      paidOn: input.paidOn ?? null,
      amountReason,
      regionCode: member.regionCode,
      sector: EDUCATION_SECTOR,
    };
    return { row, parametersUsed: [parameter] };
  }

  /** Writes a record checked by checkCreate with its audit row (`operation`: GraphQL's or an import's). */
  async insertChecked(m: EntityManager, checked: CheckedNewAid, operation: 'education.createAidRecord' | 'education.importAidRecord'): Promise<WrittenAidRecord> {
    const record = await this.repo.insertAid(m, checked.row);
    await this.audit.change(m, EDUCATION_AID_AUDIT, operation, null, record);
    return { record, parametersUsed: checked.parametersUsed };
  }

  /** Corrects the paid amount, the day paid or the reason (checked again against the due amount recorded); send the version read. */
  async update(principal: Principal, input: AidCorrection & { id: string; version: number }): Promise<WrittenAidRecord> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.aidInScope(principal, [input.id], m, true);
      if (!found) throw EducationErrors.aidNotFound();
      await this.members.getInScope(principal, found.memberId, m, { field: 'input.id', lock: true });
      const { id: _id, version, ...changes } = input;
      const record = await this.applyUpdate(m, found, version, this.checkUpdate(found, changes), 'education.updateAidRecord');
      const [enrolment] = await this.repo.enrolmentsInScope(principal, [found.enrolmentId], m);
      const key = PROGRAMMES[found.programme].key(enrolment?.stage ?? PROGRAMMES[found.programme].stages[0]);
      return { record, parametersUsed: [await this.parameters.valueAt(key, termStartsOn(found.schoolYear, found.term), found.regionCode, m)] };
    });
  }

  /**
   * The checks of a correction of a record read (locked, in the write scope): omitted fields keep
   * the stored value (a null clears the day paid or the reason); the amount is checked again
   * against the due amount recorded. Throws the coded errors; writes nothing.
   */
  checkUpdate(found: EducationAidRecordEntity, changes: AidCorrection): CheckedAidCorrection {
    const next = { ...found, ...changesOf(changes, ['paidOn', 'amountReason']) };
    if (next.amount === null || !isStoredAmount(next.amount)) throw EducationErrors.invalidAmount('input.amount');
    const amountReason = checkAmount(next.amount, found.dueAmount, next.amountReason);
    return { amount: storedAmount(next.amount), paidOn: next.paidOn ?? null, amountReason };
  }

  /** Writes a correction checked by checkUpdate (the version read), with its audit row. */
  async applyUpdate(m: EntityManager, before: EducationAidRecordEntity, version: number, checked: CheckedAidCorrection, operation: 'education.updateAidRecord' | 'education.importAidRecord'): Promise<EducationAidRecordEntity> {
    const record = await this.repo.updateAid(m, before.id, version, checked);
    await this.audit.change(m, EDUCATION_AID_AUDIT, operation, before, record);
    return record;
  }

  async delete(principal: Principal, input: { id: string; version: number; reason: string }): Promise<EducationAidRecordEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.aidInScope(principal, [input.id], m, true);
      if (!found) throw EducationErrors.aidNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      await this.repo.deleteAid(m, found.id);
      await this.audit.change(m, EDUCATION_AID_AUDIT, 'education.deleteAidRecord', found, null, { reason: input.reason.trim() });
      return found;
    });
  }

  /** 应助未助: a page of the gaps of the term in the caller's region (or a subtree), each with the student's records of the term. */
  async gaps(principal: Principal, filter: { schoolYear: number; term: SchoolTerm; regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AidGap>> {
    const page = await this.repo.gapPage(principal, { schoolYear: filter.schoolYear, term: filter.term, withinPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined }, args, withTotalCount);
    const records = await this.repo.aidOfMembersInTerm([...new Set(page.edges.map((e) => e.node.memberId))], filter.schoolYear, filter.term);
    return {
      ...page,
      edges: page.edges.map(({ cursor, node }) => {
        const mine = records.filter((r) => r.memberId === node.memberId && termsOverlap(r.term, filter.term));
        const missing = dueProgrammes(node.stage).filter((p) => !mine.some((r) => r.programme === p));
        return { cursor, node: { enrolment: node, missing, records: mine } };
      }),
    };
  }
}

/** An amount checked by isStoredAmount as stored (two decimals), so a record read back compares equal. */
function storedAmount(amount: string): string {
  return fromCents(toCents(amount));
}

/** The reason an amount other than the due one needs (trimmed), or AID_AMOUNT_REASON_REQUIRED; null when none is needed or given. */
function checkAmount(amount: string, due: string | null, reason: string | null | undefined): string | null {
  const text = reason?.trim() || null;
  if (due !== null && compareAmounts(amount, due) !== 0 && !text) throw EducationErrors.amountReasonRequired(due);
  return text;
}

