import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { findScoped } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import { MemberEntity } from '../households/member.entity';
import { MembersRepository } from '../households/members.repository';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { ReturnCaseStatus, ReturnCaseStepKind, schoolYearReferenceDay, WATCH_AGE_FROM_KEY, WATCH_AGE_TO_KEY } from './education-rules';
import { HOME_TEACHING_AUDIT, RETURN_CASE_AUDIT } from './education.audited';
import { EDUCATION_SECTOR } from './education.declaration';
import { HomeTeachingEntity, ReturnCaseEntity, ReturnCaseStepEntity } from './education.entities';
import { EducationErrors } from './education.errors';
import { EnrolmentsService } from './enrolments.service';

/** The dropout watch of a year: the ages looked at (null when not configured: no list), the parameters, the page of members. */
export interface DropoutWatchResult {
  ages: { from: number; to: number } | null;
  referenceDay: string;
  parametersUsed: ParameterValue[];
  members: Connection<MemberEntity>;
}

/**
 * 控辍保学: home-teaching arrangements (送教上门), return-to-school cases with their steps, and the
 * dropout watch: school-age members (ages from education.dropout_watch.age_from/age_to on 31
 * August of the year) of registered households neither enrolled in the school year, taught at
 * home, nor in an open case.
 */
@Injectable()
export class DropoutService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enrolments: EnrolmentsService,
    private readonly members: MembersRepository,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  homeTeachingInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<HomeTeachingEntity[]> {
    return findScoped(manager ?? this.dataSource.manager, HomeTeachingEntity, holder, ids, forWrite);
  }

  casesInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<ReturnCaseEntity[]> {
    return findScoped(manager ?? this.dataSource.manager, ReturnCaseEntity, holder, ids, forWrite);
  }

  /** The steps of the cases, in the order taken. */
  stepsOf(caseIds: readonly string[]): Promise<ReturnCaseStepEntity[]> {
    return this.dataSource.getRepository(ReturnCaseStepEntity).createQueryBuilder('s').where('s.case_id = ANY(:caseIds)', { caseIds: [...caseIds] }).orderBy('s.taken_on').addOrderBy('s.created_at').getMany();
  }

  async recordHomeTeaching(principal: Principal, input: { memberId: string; schoolYear: number; school: string; reason: string }): Promise<HomeTeachingEntity> {
    const school = input.school.trim();
    if (!school) throw EducationErrors.invalidValue('input.school', '须填写送教学校 (give the school that sends the teachers)');
    return this.dataSource.transaction(async (m) => {
      const member = await this.enrolments.writableMember(principal, m, input.memberId, 'input.memberId');
      if (await m.getRepository(HomeTeachingEntity).existsBy({ memberId: member.id, schoolYear: input.schoolYear })) throw EducationErrors.homeTeachingExists();
      const repo = m.getRepository(HomeTeachingEntity);
      const row = await repo.save(
        repo.create({ memberId: member.id, householdId: member.householdId, schoolYear: input.schoolYear, school, reason: input.reason.trim(), regionCode: member.regionCode, sector: EDUCATION_SECTOR }),
      );
      await this.audit.change(m, HOME_TEACHING_AUDIT, 'education.recordHomeTeaching', null, row);
      return row;
    });
  }

  async deleteHomeTeaching(principal: Principal, input: { id: string; version: number; reason: string }): Promise<HomeTeachingEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.homeTeachingInScope(principal, [input.id], m, true);
      if (!found) throw EducationErrors.homeTeachingNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      await m.getRepository(HomeTeachingEntity).delete({ id: found.id });
      await this.audit.change(m, HOME_TEACHING_AUDIT, 'education.deleteHomeTeaching', found, null, { reason: input.reason.trim() });
      return found;
    });
  }

  /** Opens a case for a current member in the write scope: the deadline (entered by the officer) not before the opening; one open case a member. */
  async openCase(principal: Principal, input: { memberId: string; openedOn: string; deadline: string; note?: string | null }): Promise<ReturnCaseEntity> {
    if (input.deadline < input.openedOn) throw EducationErrors.invalidPeriod('input.deadline', `期限不能早于立案日 ${input.openedOn} (the deadline is before the opening)`);
    return this.dataSource.transaction(async (m) => {
      const member = await this.enrolments.writableMember(principal, m, input.memberId, 'input.memberId');
      const repo = m.getRepository(ReturnCaseEntity);
      if (await repo.existsBy({ memberId: member.id, status: ReturnCaseStatus.OPEN })) throw EducationErrors.caseAlreadyOpen();
      const row = await repo.save(
        repo.create({ memberId: member.id, householdId: member.householdId, openedOn: input.openedOn, deadline: input.deadline, regionCode: member.regionCode, sector: EDUCATION_SECTOR }),
      );
      const note = input.note?.trim() || null;
      if (note) await this.insertStep(m, row.id, ReturnCaseStepKind.VISIT, input.openedOn, note);
      await this.audit.change(m, RETURN_CASE_AUDIT, 'education.openReturnCase', null, row);
      return row;
    });
  }

  /**
   * Adds a step to an open case (send the version read): a visit or persuasion; RETURNED ends it
   * as returned; CLOSED ends it without a return and needs the reason (the note). Not before the opening.
   */
  async addStep(principal: Principal, input: { id: string; version: number; kind: ReturnCaseStepKind; takenOn: string; note?: string | null }): Promise<ReturnCaseEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.casesInScope(principal, [input.id], m, true);
      if (!found) throw EducationErrors.caseNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      if (found.status !== ReturnCaseStatus.OPEN) throw EducationErrors.caseNotOpen();
      if (input.takenOn < found.openedOn) throw EducationErrors.invalidPeriod('input.takenOn', `不能早于立案日 ${found.openedOn} (before the case was opened)`);
      const note = input.note?.trim() || null;
      if (input.kind === ReturnCaseStepKind.CLOSED && !note) throw EducationErrors.caseReasonRequired();
      await this.insertStep(m, found.id, input.kind, input.takenOn, note);
      const ends = input.kind === ReturnCaseStepKind.RETURNED ? ReturnCaseStatus.RETURNED : input.kind === ReturnCaseStepKind.CLOSED ? ReturnCaseStatus.CLOSED : null;
      const patch: Partial<ReturnCaseEntity> = ends ? { status: ends, closedOn: input.takenOn, closeReason: ends === ReturnCaseStatus.CLOSED ? note : null } : {};
      // Every step bumps the case's version (the caller's read is stale after it).
      await m.getRepository(ReturnCaseEntity).update({ id: found.id }, { ...patch, version: found.version + 1 });
      const after = await m.getRepository(ReturnCaseEntity).findOneByOrFail({ id: found.id });
      await this.audit.change(m, RETURN_CASE_AUDIT, 'education.addReturnCaseStep', found, after, { reason: `${input.kind} ${input.takenOn}` });
      return after;
    });
  }

  private async insertStep(m: EntityManager, caseId: string, kind: ReturnCaseStepKind, takenOn: string, note: string | null): Promise<void> {
    const repo = m.getRepository(ReturnCaseStepEntity);
    await repo.save(repo.create({ caseId, kind, takenOn, note }));
  }

  /**
   * 控辍保学: the watch of `year` in the caller's region (or a subtree), by name: current members of
   * registered households aged from–to on 31 August (education.dropout_watch.*, in force then in
   * the region asked, or the caller's) with no enrolment in the school year, no home-teaching
   * arrangement in it and no open case. Where the ages are not configured, no list ("not configured").
   */
  async watch(principal: Principal, filter: { year: number; regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<DropoutWatchResult> {
    const referenceDay = schoolYearReferenceDay(filter.year);
    const region = filter.regionCode ?? principal.regionCode ?? '';
    const parametersUsed = await this.parameters.valuesAt([WATCH_AGE_FROM_KEY, WATCH_AGE_TO_KEY], referenceDay, region);
    const [from, to] = parametersUsed;
    if (!from.configured || !to.configured) {
      return { ages: null, referenceDay, parametersUsed, members: { edges: [], totalCount: withTotalCount ? 0 : undefined, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } } };
    }
    const ages = { from: from.value as number, to: to.value as number };
    const qb = this.members.query(principal, { active: true, regionPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined });
    qb.innerJoin('households', 'h', `h.id = m.household_id AND h.validity = 'ACTIVE'`)
      // Aged from–to on the day: born after (day − (to + 1) years) and on or before (day − from years).
      .andWhere(`m.birth_date > (CAST(:day AS date) - make_interval(years => :ageTo + 1))::date AND m.birth_date <= (CAST(:day AS date) - make_interval(years => :ageFrom))::date`, {
        day: referenceDay,
        ageFrom: ages.from,
        ageTo: ages.to,
      })
      .andWhere('NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.member_id = m.id AND e.school_year = :year)', { year: filter.year })
      .andWhere('NOT EXISTS (SELECT 1 FROM home_teaching_arrangements t WHERE t.member_id = m.id AND t.school_year = :year)')
      .andWhere(`NOT EXISTS (SELECT 1 FROM return_to_school_cases c WHERE c.member_id = m.id AND c.status = 'OPEN')`);
    const members = await paginate(qb, args, { tag: 'name', column: 'm.name', type: 'text', idColumn: 'm.id', key: (m) => [m.name, m.id] }, { withTotalCount });
    return { ages, referenceDay, parametersUsed, members };
  }
}
