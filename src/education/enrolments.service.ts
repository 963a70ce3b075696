import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { ageOn } from '../common/dates/local-date';
import { changesOf } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { MemberEntity } from '../households/member.entity';
import { MembersService } from '../households/members.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { SchoolStage, SchoolTerm, schoolYearReferenceDay, STAGE_AGES_KEY, stageAges, STAGE_GRADES } from './education-rules';
import { ENROLMENT_AUDIT } from './education.audited';
import { EDUCATION_SECTOR } from './education.declaration';
import { EnrolmentEntity } from './education.entities';
import { EducationErrors } from './education.errors';
import { EducationRepository, EnrolmentFilter } from './education.repository';

/** The terms of an enrolment a caller gives (create; an update changes all but the member, year and term). */
export interface EnrolmentTerms {
  schoolYear: number;
  term: SchoolTerm;
  stage: SchoolStage;
  school: string;
  grade: number;
  boarding?: boolean | null;
  outsideProvince?: boolean | null;
  ageReason?: string | null;
}

/** An enrolment's terms as checked (the stored columns). */
export type CheckedEnrolment = Pick<EnrolmentEntity, 'schoolYear' | 'term' | 'stage' | 'school' | 'grade' | 'boarding' | 'outsideProvince' | 'ageReason'>;

/** A new enrolment checked (checkCreate): its row, and the parameters its checks read. */
export interface CheckedNew {
  row: CheckedEnrolment & Pick<EnrolmentEntity, 'memberId' | 'householdId' | 'regionCode' | 'sector'>;
  parametersUsed: ParameterValue[];
}

/** Corrected terms checked (checkUpdate), with the parameters read. */
export interface CheckedUpdate {
  terms: CheckedEnrolment;
  parametersUsed: ParameterValue[];
}

/** An enrolment written, with the parameters its checks read (education.stage_ages, with its status). */
export interface WrittenEnrolment {
  enrolment: EnrolmentEntity;
  parametersUsed: ParameterValue[];
}

/**
 * 学籍: enrolments of registered members per school term. The member must be a current member in
 * the caller's write scope (the education department's officers, or the offices); the grade lies
 * in the stage; an age outside the stage's ages (education.stage_ages on 31 August of the school
 * year, in the village) needs a reason; terms of one member never overlap. One transaction each,
 * with its audit row.
 */
@Injectable()
export class EnrolmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: EducationRepository,
    private readonly members: MembersService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: Omit<EnrolmentFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<EnrolmentEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.enrolmentPage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<EnrolmentEntity[]> {
    return this.repo.enrolmentsInScope(principal, ids);
  }

  async create(principal: Principal, input: EnrolmentTerms & { memberId: string }): Promise<WrittenEnrolment> {
    return this.dataSource.transaction(async (m) => {
      const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
      const checked = await this.checkCreate(principal, m, member, input);
      return this.insertChecked(m, checked, 'education.createEnrolment');
    });
  }

  /**
   * The checks of a new enrolment of a member found (and locked) in `scope`: the write scope, a
   * current member, the terms. Throws the coded errors; writes nothing.
   */
  async checkCreate(scope: ScopeHolder, m: EntityManager, member: MemberEntity, input: EnrolmentTerms): Promise<CheckedNew> {
    this.requireWritable(scope, member, 'input.memberId');
    const { terms, parametersUsed } = await this.checkTerms(m, member, input);
    return { row: { ...terms, memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: EDUCATION_SECTOR }, parametersUsed };
  }

  /** Writes an enrolment checked by checkCreate with its audit row (`operation`: GraphQL or an import). */
  async insertChecked(m: EntityManager, checked: CheckedNew, operation: 'education.createEnrolment' | 'education.importEnrolment'): Promise<WrittenEnrolment> {
    const enrolment = await this.repo.insertEnrolment(m, checked.row);
    await this.audit.change(m, ENROLMENT_AUDIT, operation, null, enrolment);
    return { enrolment, parametersUsed: checked.parametersUsed };
  }

  /** Corrects an enrolment (not its member, year or term: delete it and record another); send the version read. */
  async update(principal: Principal, input: Partial<Omit<EnrolmentTerms, 'schoolYear' | 'term'>> & { id: string; version: number }): Promise<WrittenEnrolment> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.enrolmentsInScope(principal, [input.id], m, true);
      if (!found) throw EducationErrors.enrolmentNotFound();
      const member = await this.members.getInScope(principal, found.memberId, m, { field: 'input.id', lock: true });
      const { id: _id, version, ...changes } = input;
      const checked = await this.checkUpdate(m, found, member, changes);
      return this.applyUpdate(m, found, version, checked, 'education.updateEnrolment');
    });
  }

  /**
   * The checks of corrected terms of an enrolment read (locked, in the write scope) of its member
   * (locked): omitted fields keep the stored value; a stage changed under aid records is refused.
   */
  async checkUpdate(m: EntityManager, before: EnrolmentEntity, member: MemberEntity, changes: Partial<Omit<EnrolmentTerms, 'schoolYear' | 'term'>>): Promise<CheckedUpdate> {
    const defined = changesOf(changes, ['ageReason']);
    if (defined.stage !== undefined && defined.stage !== before.stage && (await this.repo.enrolmentHasAid(m, before.id))) throw EducationErrors.hasAid('input.stage');
    return this.checkTerms(m, member, { ...before, ...defined }, before.id);
  }

  /** Writes terms checked by checkUpdate (the version read), with its audit row. */
  async applyUpdate(m: EntityManager, before: EnrolmentEntity, version: number, checked: CheckedUpdate, operation: 'education.updateEnrolment' | 'education.importEnrolment'): Promise<WrittenEnrolment> {
    const enrolment = await this.repo.updateEnrolment(m, before.id, version, checked.terms);
    await this.audit.change(m, ENROLMENT_AUDIT, operation, before, enrolment);
    return { enrolment, parametersUsed: checked.parametersUsed };
  }

  /** Deletes an enrolment entered in error, with the reason (refused while aid records rest on it); send the version read. */
  async delete(principal: Principal, input: { id: string; version: number; reason: string }): Promise<EnrolmentEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.enrolmentsInScope(principal, [input.id], m, true);
      if (!found) throw EducationErrors.enrolmentNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      if (await this.repo.enrolmentHasAid(m, found.id)) throw EducationErrors.hasAid('input.id');
      await this.repo.deleteEnrolment(m, found.id);
      await this.audit.change(m, ENROLMENT_AUDIT, 'education.deleteEnrolment', found, null, { reason: input.reason.trim() });
      return found;
    });
  }

  /**
   * A member the caller reads (locked: its records are checked against each other one change at a
   * time), in its write scope, and current: else the coded error naming `field`.
   */
  async writableMember(principal: Principal, m: EntityManager, memberId: string, field: string): Promise<MemberEntity> {
    const member = await this.members.getInScope(principal, memberId, m, { field, lock: true });
    this.requireWritable(principal, member, field);
    return member;
  }

  /** A member (found in `scope`) in its sector write scope and current: else the coded error naming `field` (enrolments' and aid records' checks). */
  requireWritable(scope: ScopeHolder, member: MemberEntity, field: string): void {
    if (!inRegionScope(scope, member.regionCode, { sector: { value: EDUCATION_SECTOR, access: 'write' } })) throw EducationErrors.outOfScope(field);
    if (!member.active) throw EducationErrors.notCurrent(field);
  }

  /** The checks of an enrolment's terms for its (locked) member; throws the coded errors, writes nothing. */
  private async checkTerms(m: EntityManager, member: MemberEntity, input: EnrolmentTerms, exceptId?: string): Promise<CheckedUpdate> {
    const grades = STAGE_GRADES[input.stage].length;
    if (!Number.isInteger(input.grade) || input.grade < 1 || input.grade > grades) throw EducationErrors.gradeOutsideStage(grades);
    const school = input.school.trim();
    if (!school) throw EducationErrors.invalidValue('input.school', '须填写学校名称 (give the school)');
    const ageReason = input.ageReason?.trim() || null;
    const day = schoolYearReferenceDay(input.schoolYear);
    const ages = await this.parameters.valueAt(STAGE_AGES_KEY, day, member.regionCode, m);
    const range = ages.configured ? stageAges(ages.value, input.stage) : null;
    const age = ageOn(member.birthDate, day);
    if (range && (age < range[0] || age > range[1]) && !ageReason) throw EducationErrors.ageOutsideStage(age, range[0], range[1]);
    const [other] = await this.repo.enrolmentsOverlapping(m, member.id, input.schoolYear, input.term, exceptId);
    if (other) throw EducationErrors.termOverlap(other);
    const terms: CheckedEnrolment = {
      schoolYear: input.schoolYear,
      term: input.term,
      stage: input.stage,
      school,
      grade: input.grade,
      boarding: input.boarding ?? false,
      outsideProvince: input.outsideProvince ?? false,
      ageReason,
    };
    return { terms, parametersUsed: [ages] };
  }
}
