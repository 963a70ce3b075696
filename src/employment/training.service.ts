import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Sector } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { todayInChina } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { levelOf, RegionLevel, subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { MemberEntity } from '../households/member.entity';
import { MembersRepository } from '../households/members.repository';
import { MembersService } from '../households/members.service';
import { ParametersService } from '../parameters/parameters.service';
import { EntitiesErrors } from '../projects/implementing-entities.errors';
import { ImplementingEntitiesRepository } from '../projects/implementing-entities.repository';
import { RegionsService } from '../regions/regions.service';
import { isHours } from './employment-rules';
import { changesOf, memberDuring } from '../common/kit/records';
import { TRAINING_COURSE_AUDIT, TRAINING_PARTICIPATION_AUDIT } from './employment.audited';
import { EMPLOYMENT_SECTOR } from './employment.declaration';
import { EmploymentErrors } from './employment.errors';
import { TrainingCourseEntity, TrainingParticipationEntity } from './training.entity';
import { ParticipationFilter, TrainingCourseFilter, TrainingRepository } from './training.repository';

/** The policy parameter whose codes a course's type is (RULES.md §3). */
export const TRAINING_TYPES_KEY = 'employment.training';

/** The levels a course may be organised at. */
const COURSE_LEVELS: readonly RegionLevel[] = [RegionLevel.VILLAGE, RegionLevel.TOWN, RegionLevel.DISTRICT];

export interface CourseTerms {
  name: string;
  provider?: string | null;
  providerEntityId?: string | null;
  type: string;
  startsOn: string;
  endsOn: string;
  hours: string;
  regionCode: string;
}

/** A course's terms as checkCourse answers them. */
export type CheckedCourse = Omit<CourseTerms, 'provider'> & { provider: string; providerEntityId: string | null };

export interface UpdateCourse extends Partial<CourseTerms> {
  id: string;
  version: number;
}

/** An enrolment as checkEnrolment answers it. */
export type NewParticipationRow = Omit<TrainingParticipationEntity, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

export interface ParticipationTerms {
  completed?: boolean;
  hoursAttended?: string | null;
  certificateName?: string | null;
  certificateNumber?: string | null;
  passedOn?: string | null;
}

/**
 * 实名制培训: training courses and their trainees by real name, and the target query "trained
 * members not employed after N months". One transaction per use case: it reads what it checks
 * (the organiser's region in the write scope, the type listed on the course's start, the provider
 * readable; for a trainee the course readable, the member in the write scope and a member of the
 * household on the course's start, not yet enrolled), writes and records its audit row.
 */
@Injectable()
export class TrainingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: TrainingRepository,
    private readonly members: MembersService,
    private readonly membersRepo: MembersRepository,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly regions: RegionsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  // ------------------------------------------------------------------ courses

  listCourses(principal: Principal, filter: Omit<TrainingCourseFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<TrainingCourseEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.coursePage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  coursesInScope(principal: Principal, ids: readonly string[]): Promise<TrainingCourseEntity[]> {
    return this.repo.coursesInScope(principal, ids);
  }

  async createCourse(principal: Principal, input: CourseTerms): Promise<TrainingCourseEntity> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.checkCourse(principal, m, input, EMPLOYMENT_SECTOR);
      return this.insertCheckedCourse(m, row, 'employment.createTrainingCourse');
    });
  }

  /** Corrects a course (checked again as a new one); send the version read. */
  async updateCourse(principal: Principal, input: UpdateCourse): Promise<TrainingCourseEntity> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.coursesInScope(principal, [input.id], m, true);
      if (!before) throw EmploymentErrors.courseNotFound();
      const { id: _id, version, ...changes } = input;
      const defined = changesOf<Partial<CourseTerms>>(changes, ['provider', 'providerEntityId']);
      // A new provider entity names the provider unless a name is given with it.
      const provider = defined.providerEntityId !== undefined && defined.provider === undefined ? null : before.provider;
      const row = await this.checkCourse(principal, m, { ...before, provider, ...defined }, before.sector);
      const after = await this.repo.updateCourse(m, before.id, version, row);
      await this.audit.change(m, TRAINING_COURSE_AUDIT, 'employment.updateTrainingCourse', before, after);
      return after;
    });
  }

  /** Writes a course checked by checkCourse, with its audit row (`operation`: GraphQL's or an import's). */
  async insertCheckedCourse(m: EntityManager, row: CheckedCourse, operation: 'employment.createTrainingCourse' | 'employment.importTrainingCourse'): Promise<TrainingCourseEntity> {
    const course = await this.repo.insertCourse(m, { ...row, sector: EMPLOYMENT_SECTOR });
    await this.audit.change(m, TRAINING_COURSE_AUDIT, operation, null, course);
    return course;
  }

  /**
   * The checks of a course's terms for `principal` (the organiser's region in its write scope; the
   * type listed on the start in its `regionCode`: the caller's, or an import's course region; the
   * provider readable). Throws the coded errors; writes nothing.
   */
  async checkCourse(principal: ScopeHolder & { regionCode: string }, m: EntityManager, input: CourseTerms, sector: Sector): Promise<CheckedCourse> {
    if (input.endsOn < input.startsOn) throw EmploymentErrors.invalidPeriod('input.endsOn', `结束日期不能早于开班日期 ${input.startsOn} (ends before it starts)`);
    if (!isHours(input.hours)) throw EmploymentErrors.invalidHours('input.hours');
    const region = await this.regions.findByCode(input.regionCode, m);
    if (!region) throw EntitiesErrors.regionNotFound('input.regionCode');
    if (!COURSE_LEVELS.includes(levelOf(region.code))) throw EmploymentErrors.courseRegionLevel();
    if (!inRegionScope(principal, region.code, { sector: { value: sector, access: 'write' } })) throw EmploymentErrors.outOfScope('input.regionCode');
    let provider = input.provider?.trim() || null;
    const providerEntityId = input.providerEntityId || null;
    if (providerEntityId) {
      const [entity] = await this.entities.findInScope(principal, [providerEntityId], m);
      if (!entity) throw EntitiesErrors.entityNotFound('input.providerEntityId');
      provider = provider ?? entity.name;
    }
    if (!provider) throw EmploymentErrors.providerMissing();
    const type = input.type.trim();
    await this.parameters.requireListedCode(TRAINING_TYPES_KEY, type, input.startsOn, principal.regionCode, 'input.type', m);
    return { name: input.name.trim(), provider, providerEntityId, type, startsOn: input.startsOn, endsOn: input.endsOn, hours: Number(input.hours).toFixed(1), regionCode: region.code };
  }

  // ------------------------------------------------------------------ trainees

  listParticipations(principal: Principal, filter: Omit<ParticipationFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<TrainingParticipationEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.participationPage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  participationsInScope(principal: Principal, ids: readonly string[]): Promise<TrainingParticipationEntity[]> {
    return this.repo.participationsInScope(principal, ids);
  }

  /** Enrols a member (by real name) in a course: once per course, a member of the household on its start. */
  async enrol(principal: Principal, input: ParticipationTerms & { courseId: string; memberId: string }): Promise<TrainingParticipationEntity> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const [course] = await this.repo.coursesInScope(principal, [input.courseId], m);
        if (!course) throw EmploymentErrors.courseNotFound('input.courseId');
        const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
        const row = await this.checkEnrolment(principal, m, member, course, input);
        return this.insertEnrolment(m, row, 'employment.enrolTrainee');
      });
    } catch (e) {
      // Two officers enrolling the same member at once: the unique index decides, with the same answer.
      if (isUniqueViolation(e)) throw EmploymentErrors.alreadyEnrolled();
      throw e;
    }
  }

  /**
   * The checks of a new enrolment of a member found (and locked) in `scope` in a course it may
   * read: the member in the write scope and in the household on the course's start, the terms,
   * not yet enrolled. Throws the coded errors; writes nothing.
   */
  async checkEnrolment(scope: ScopeHolder, m: EntityManager, member: MemberEntity, course: Pick<TrainingCourseEntity, 'id' | 'startsOn' | 'hours'>, input: ParticipationTerms): Promise<NewParticipationRow> {
    this.checkTrainee(scope, member, course);
    const terms = this.checkParticipation(input, course);
    // A course not yet written (an import's dry run) has no trainee.
    if (course.id && (await this.repo.enrolled(m, course.id, member.id))) throw EmploymentErrors.alreadyEnrolled();
    return {
      courseId: course.id,
      memberId: member.id,
      householdId: member.householdId,
      regionCode: member.regionCode,
      sector: EMPLOYMENT_SECTOR,
      completed: false,
      hoursAttended: null,
      certificateName: null,
      certificateNumber: null,
      passedOn: null,
      ...terms,
    };
  }

  /** Writes an enrolment checked by checkEnrolment, with its audit row (`operation`: GraphQL's or an import's). */
  async insertEnrolment(m: EntityManager, row: NewParticipationRow, operation: 'employment.enrolTrainee' | 'employment.importTrainee'): Promise<TrainingParticipationEntity> {
    const saved = await this.repo.insertParticipation(m, row);
    await this.audit.change(m, TRAINING_PARTICIPATION_AUDIT, operation, null, saved);
    return saved;
  }

  /** The checks of a trainee's corrected terms over the stored ones (undefined and cleared-to-null as updateParticipation). */
  checkParticipationUpdate(before: TrainingParticipationEntity, course: Pick<TrainingCourseEntity, 'startsOn' | 'hours'>, changes: ParticipationTerms): ParticipationTerms {
    return this.checkParticipation({ ...before, ...changesOf<ParticipationTerms>(changes, ['hoursAttended', 'certificateName', 'certificateNumber', 'passedOn']) }, course);
  }

  /** Writes terms checked by checkParticipationUpdate (the version read), with its audit row. */
  async applyParticipationUpdate(
    m: EntityManager,
    before: TrainingParticipationEntity,
    version: number,
    terms: ParticipationTerms,
    operation: 'employment.updateParticipation' | 'employment.importTrainee',
  ): Promise<TrainingParticipationEntity> {
    const after = await this.repo.updateParticipation(m, before.id, version, terms);
    await this.audit.change(m, TRAINING_PARTICIPATION_AUDIT, operation, before, after);
    return after;
  }

  /** Records a trainee's completion, hours and certificate; send the version read. */
  async updateParticipation(principal: Principal, input: ParticipationTerms & { id: string; version: number }): Promise<TrainingParticipationEntity> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.participationsInScope(principal, [input.id], m, true);
      if (!before) throw EmploymentErrors.participationNotFound();
      const course = (await this.repo.courseById(m, before.courseId))!;
      const { id: _id, version, ...changes } = input;
      return this.applyParticipationUpdate(m, before, version, this.checkParticipationUpdate(before, course, changes), 'employment.updateParticipation');
    });
  }

  /** Removes an enrolment made in error, with the reason (the audit trail keeps it); send the version read. */
  async removeParticipation(principal: Principal, input: { id: string; version: number; reason: string }): Promise<TrainingParticipationEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.participationsInScope(principal, [input.id], m, true);
      if (!found) throw EmploymentErrors.participationNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      await this.repo.deleteParticipation(m, found.id);
      await this.audit.change(m, TRAINING_PARTICIPATION_AUDIT, 'employment.removeParticipation', found, null, { reason: input.reason.trim() });
      return found;
    });
  }

  /** A trainee: in the caller's write scope (the human resources department) and a member of the household on the course's start. */
  private checkTrainee(scope: ScopeHolder, member: MemberEntity, course: Pick<TrainingCourseEntity, 'startsOn'>): void {
    if (!inRegionScope(scope, member.regionCode, { sector: { value: EMPLOYMENT_SECTOR, access: 'write' } })) throw EmploymentErrors.outOfScope('input.memberId');
    if (!memberDuring(member, course.startsOn, course.startsOn)) throw EmploymentErrors.notMemberAtStart(course.startsOn);
  }

  /** Hours attended a decimal ≥ 0 (at most the course's), a certificate passed on or after the course's start; texts trimmed. */
  private checkParticipation(input: ParticipationTerms, course: Pick<TrainingCourseEntity, 'startsOn' | 'hours'>): ParticipationTerms {
    const hours = input.hoursAttended ?? null;
    if (hours !== null && (!isHours(hours, true) || Number(hours) > Number(course.hours))) throw EmploymentErrors.invalidHours('input.hoursAttended', course.hours);
    const passedOn = input.passedOn ?? null;
    if (passedOn !== null && passedOn < course.startsOn) throw EmploymentErrors.invalidPeriod('input.passedOn', `结业/取证日期不能早于开班日期 ${course.startsOn} (passed before the course started)`);
    const text = (v: string | null | undefined) => v?.trim() || null;
    return {
      ...(input.completed !== undefined ? { completed: input.completed } : {}),
      hoursAttended: hours === null ? null : Number(hours).toFixed(1),
      certificateName: text(input.certificateName),
      certificateNumber: text(input.certificateNumber),
      passedOn,
    };
  }

  // ------------------------------------------------------------------ target query

  /**
   * 培训后未就业: current members of the caller's region (or a subtree) who completed a course that
   * ended at least `months` months before `asOf` (default today in China), with no employment
   * record of months worked above 0 whose period runs after that course's end (it ends after the
   * course's end, or goes on) and starts no later than `asOf`. One statement a page (by name).
   */
  trainedWithoutEmployment(principal: Principal, filter: { months: number; asOf?: string; regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<MemberEntity>> {
    const asOf = filter.asOf ?? todayInChina();
    const qb = this.membersRepo.query(principal, { regionPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined, active: true });
    qb.andWhere(
      `EXISTS (SELECT 1 FROM training_participations tp JOIN training_courses tc ON tc.id = tp.course_id
        WHERE tp.member_id = m.id AND tp.completed AND tc.ends_on <= (CAST(:twAsOf AS date) - make_interval(months => CAST(:twMonths AS int)))::date
          AND NOT EXISTS (SELECT 1 FROM employment_records er WHERE er.member_id = m.id AND er.months_worked > 0
            AND (er.ends_on IS NULL OR er.ends_on > tc.ends_on) AND er.starts_on <= CAST(:twAsOf AS date)))`,
      { twAsOf: asOf, twMonths: filter.months },
    );
    return paginate(qb, args, { tag: 'name', column: 'm.name', type: 'text', idColumn: 'm.id', key: (m) => [m.name, m.id] }, { withTotalCount });
  }
}
