import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { yearEnd } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { EmploymentErrors } from './employment.errors';
import { findScoped } from './scoped-rows';
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
      { tag: 'enrolled', column: `date_trunc('milliseconds', p.created_at)`, type: 'timestamp', idColumn: 'p.id', key: (p) => [p.createdAt.toISOString(), p.id] },
      { withTotalCount },
    );
  }

  participationsInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<TrainingParticipationEntity[]> {
    return findScoped(this.manager(manager), TrainingParticipationEntity, holder, ids, forWrite);
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
