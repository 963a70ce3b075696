import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql, ScopeHolder } from '../common/access/region-scope';
import { afterCursorSql } from '../common/imports/export-page';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { yearEnd } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { EmploymentErrors } from './employment.errors';
import { findScoped } from '../common/kit/records';
import { TrainingCourseEntity, TrainingParticipationEntity } from './training.entity';

export interface TrainingCourseFilter {
  /** Courses starting in this year. */
  year?: number;
  type?: string;
  providerEntityId?: string;
  withinPrefix?: string;
}

export interface ParticipationFilter {
  courseId?: string;
  memberId?: string;
  householdId?: string;
  /** Enrolments in courses starting in this year. */
  year?: number;
  withinPrefix?: string;
}

/** The training roster export's keyset order (exportPage orders by the same expressions). */
const TRAINING_EXPORT_ORDER = ['h.household_number', 'c.starts_on::text', 'p.id::text'] as const;

/** A trainee as the training roster export writes it (columns of TRAINING_COLUMNS). */
export interface TrainingExportRow {
  id: string;
  householdNumber: string;
  memberName: string;
  relation: string;
  courseName: string;
  provider: string;
  providerCreditCode: string | null;
  courseType: string;
  startsOn: string;
  endsOn: string;
  hours: string;
  courseRegionCode: string;
  completed: boolean;
  hoursAttended: string | null;
  certificateName: string | null;
  certificateNumber: string | null;
  passedOn: string | null;
}

/** The condition that a date column lies in the calendar year, with its parameters. */
function inYear(column: string, year: number): [string, Record<string, string>] {
  return [`${column} BETWEEN :yearStart AND :yearEnd`, { yearStart: `${year}-01-01`, yearEnd: yearEnd(year) }];
}

/**
 * The SQL of training courses and trainees. Courses are scoped by the organiser's region, trainees
 * by the member's household village; the locked read before a change adds the sector write scope.
 */
@Injectable()
export class TrainingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** A page of the caller's courses, newest start first. */
  coursePage(principal: Principal, filter: TrainingCourseFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<TrainingCourseEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(TrainingCourseEntity).createQueryBuilder('c'), 'c.region_code', principal);
    applyWithin(qb, 'c.region_code', filter.withinPrefix);
    if (filter.year !== undefined) qb.andWhere(...inYear('c.starts_on', filter.year));
    if (filter.type) qb.andWhere('c.type = :type', { type: filter.type });
    if (filter.providerEntityId) qb.andWhere('c.provider_entity_id = :providerEntityId', { providerEntityId: filter.providerEntityId });
    return paginate(qb, args, { tag: 'start', column: 'c.starts_on', type: 'date', direction: 'DESC', idColumn: 'c.id', key: (c) => [c.startsOn, c.id] }, { withTotalCount });
  }

  coursesInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<TrainingCourseEntity[]> {
    return findScoped(this.manager(manager), TrainingCourseEntity, holder, ids, forWrite);
  }

  /** A course by id, unscoped: for a trainee already found in scope. */
  courseById(manager: EntityManager, id: string): Promise<TrainingCourseEntity | null> {
    return manager.getRepository(TrainingCourseEntity).findOneBy({ id });
  }

  insertCourse(manager: EntityManager, row: Partial<TrainingCourseEntity>): Promise<TrainingCourseEntity> {
    const repo = manager.getRepository(TrainingCourseEntity);
    return repo.save(repo.create(row));
  }

  updateCourse(manager: EntityManager, id: string, version: number, patch: Partial<TrainingCourseEntity>): Promise<TrainingCourseEntity> {
    return updateWithVersion(manager, TrainingCourseEntity, { column: 'id', value: id }, version, patch, () => EmploymentErrors.courseNotFound());
  }

  /** A page of the caller's trainees (by the household's village), in the order they were enrolled. */
  participationPage(principal: Principal, filter: ParticipationFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<TrainingParticipationEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(TrainingParticipationEntity).createQueryBuilder('p'), 'p.region_code', principal);
    applyWithin(qb, 'p.region_code', filter.withinPrefix);
    if (filter.courseId) qb.andWhere('p.course_id = :courseId', { courseId: filter.courseId });
    if (filter.memberId) qb.andWhere('p.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('p.household_id = :householdId', { householdId: filter.householdId });
    if (filter.year !== undefined) {
      const [sql, params] = inYear('c.starts_on', filter.year);
      qb.andWhere(`EXISTS (SELECT 1 FROM training_courses c WHERE c.id = p.course_id AND ${sql})`, params);
    }
    return paginate(
      qb,
      args,
      { tag: 'enrolled', column: 'p.created_at', type: 'timestamp', idColumn: 'p.id', key: (p) => [p.createdAt.toISOString(), p.id] },
      { withTotalCount },
    );
  }

  participationsInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<TrainingParticipationEntity[]> {
    return findScoped(this.manager(manager), TrainingParticipationEntity, holder, ids, forWrite);
  }

  /** An import's course key: the courses named so, provided so and starting that day that the holder may read (several: ambiguous). */
  coursesByKey(holder: ScopeHolder, manager: EntityManager, key: { name: string; provider: string; startsOn: string }): Promise<TrainingCourseEntity[]> {
    const qb = manager.getRepository(TrainingCourseEntity).createQueryBuilder('c').where('c.name = :name AND c.provider = :provider AND c.starts_on = :startsOn', key);
    return applyRegionScope(qb, 'c.region_code', holder).orderBy('c.id').getMany();
  }

  /** An import's read of a member's enrolment in a course, locked with the write scope (one outside it is not found). */
  enrolmentInScope(holder: ScopeHolder, manager: EntityManager, courseId: string, memberId: string): Promise<TrainingParticipationEntity | null> {
    const qb = manager.getRepository(TrainingParticipationEntity).createQueryBuilder('p').where('p.course_id = :courseId AND p.member_id = :memberId', { courseId, memberId });
    return applyRegionScope(qb, 'p.region_code', holder, { sector: { column: 'p.sector', access: 'write' } }).setLock('pessimistic_write').getOne();
  }

  /**
   * A page of the caller's trainees for the roster export (kind training), in one statement: by
   * household number, course start and id; the member by name and relation (never the ID number),
   * the course by its key and terms, the provider entity by its credit code.
   */
  exportPage(principal: Principal, regionPrefix: string | undefined, after: string | null, limit: number): Promise<TrainingExportRow[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('p.region_code', principal, params, { within: regionPrefix ?? null });
    const keyset = afterCursorSql(after, TRAINING_EXPORT_ORDER, params);
    return this.dataSource.query(
      `SELECT p.id, h.household_number AS "householdNumber", mb.name AS "memberName", mb.relation::text AS relation,
              c.name AS "courseName", c.provider, ent.credit_code AS "providerCreditCode", c.type AS "courseType", c.starts_on::text AS "startsOn",
              c.ends_on::text AS "endsOn", c.hours::text AS hours, c.region_code AS "courseRegionCode", p.completed, p.hours_attended::text AS "hoursAttended",
              p.certificate_name AS "certificateName", p.certificate_number AS "certificateNumber", p.passed_on::text AS "passedOn"
         FROM training_participations p
         JOIN training_courses c ON c.id = p.course_id
         JOIN households h ON h.id = p.household_id
         JOIN members mb ON mb.id = p.member_id
         LEFT JOIN implementing_entities ent ON ent.id = c.provider_entity_id
        WHERE ${scope} AND ${keyset}
        ORDER BY ${TRAINING_EXPORT_ORDER.join(', ')}
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  async enrolled(manager: EntityManager, courseId: string, memberId: string): Promise<boolean> {
    return (await manager.getRepository(TrainingParticipationEntity).countBy({ courseId, memberId })) > 0;
  }

  insertParticipation(manager: EntityManager, row: Partial<TrainingParticipationEntity>): Promise<TrainingParticipationEntity> {
    const repo = manager.getRepository(TrainingParticipationEntity);
    return repo.save(repo.create(row));
  }

  updateParticipation(manager: EntityManager, id: string, version: number, patch: Partial<TrainingParticipationEntity>): Promise<TrainingParticipationEntity> {
    return updateWithVersion(manager, TrainingParticipationEntity, { column: 'id', value: id }, version, patch, () => EmploymentErrors.participationNotFound());
  }

  async deleteParticipation(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(TrainingParticipationEntity).delete({ id });
  }
}
