import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql, ScopeHolder } from '../common/access/region-scope';
import { afterCursorSql } from '../common/imports/export-page';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { findScoped } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { AidProgramme, dueProgrammes, overlappingTerms, SchoolStage, SchoolTerm } from './education-rules';
import { MemberEntity } from '../households/member.entity';
import { EducationAidRecordEntity, EnrolmentEntity } from './education.entities';
import { EducationErrors } from './education.errors';

export interface EnrolmentFilter {
  memberId?: string;
  householdId?: string;
  schoolYear?: number;
  stage?: SchoolStage;
  withinPrefix?: string;
}

export interface AidRecordFilter {
  memberId?: string;
  householdId?: string;
  schoolYear?: number;
  programme?: AidProgramme;
  withinPrefix?: string;
}

/** An enrolment as the roster export (kind enrolments) reads it: the import's columns by key, with the keyset's id and term key. */
export interface EnrolmentExportRow {
  id: string;
  householdNumber: string;
  /** The keyset's second key (school year and term, as text): the roster kit names it startsOn. */
  startsOn: string;
  memberName: string;
  relation: string;
  schoolYear: number;
  term: string;
  stage: string;
  school: string;
  grade: number;
  boarding: boolean;
  outsideProvince: boolean;
  ageReason: string | null;
}

/** An aid record as the roster export (kind education-aid) reads it: the import's columns by key, with the keyset's id and term key. */
export interface AidExportRow {
  id: string;
  householdNumber: string;
  /** The keyset's second key (school year, term and programme, as text): the roster kit names it startsOn. */
  startsOn: string;
  memberName: string;
  relation: string;
  schoolYear: number;
  term: string;
  programme: string;
  amount: string;
  paidOn: string | null;
  amountReason: string | null;
}

/** The aid roster export's keyset order (aidExportPage orders by the same expressions). */
const AID_EXPORT_ORDER = ['h.household_number', `(a.school_year::text || '-' || a.term::text || '-' || a.programme::text)`, 'a.id::text'] as const;

/** The roster export's keyset order (exportPage orders by the same expressions). */
const ENROLMENT_EXPORT_ORDER = ['h.household_number', `(e.school_year::text || '-' || e.term::text)`, 'e.id::text'] as const;

/** Each stage's due programmes, as the gaps' statement reads them (stage → programme codes). */
const DUE_BY_STAGE = JSON.stringify(Object.fromEntries((Object.values(SchoolStage) as SchoolStage[]).map((s) => [s, dueProgrammes(s)])));

/** The condition that an enrolment `e` of the asked term lacks a record of one of its stage's due programmes in that term. */
const MISSING_DUE_AID = `EXISTS (
  SELECT 1 FROM jsonb_array_elements_text(CAST(:dueByStage AS jsonb) -> e.stage::text) p(programme)
   WHERE NOT EXISTS (SELECT 1 FROM education_aid_records a
                      WHERE a.member_id = e.member_id AND a.school_year = e.school_year
                        AND a.programme::text = p.programme AND a.term::text = ANY(:gapTerms)))`;

/**
 * The SQL of enrolments and student aid records. Every read for a caller is scoped by the
 * household's village; the locked read before a change adds the sector write scope.
 */
@Injectable()
export class EducationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  manager(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** A page of the caller's enrolments, newest school year first. */
  enrolmentPage(principal: Principal, filter: EnrolmentFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<EnrolmentEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(EnrolmentEntity).createQueryBuilder('e'), 'e.region_code', principal);
    applyWithin(qb, 'e.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('e.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('e.household_id = :householdId', { householdId: filter.householdId });
    if (filter.schoolYear !== undefined) qb.andWhere('e.school_year = :schoolYear', { schoolYear: filter.schoolYear });
    if (filter.stage) qb.andWhere('e.stage = :stage', { stage: filter.stage });
    return paginate(qb, args, { tag: 'schoolYear', column: 'e.school_year', type: 'int', direction: 'DESC', idColumn: 'e.id', key: (e) => [e.schoolYear, e.id] }, { withTotalCount });
  }

  enrolmentsInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<EnrolmentEntity[]> {
    return findScoped(this.manager(manager), EnrolmentEntity, holder, ids, forWrite);
  }

  /** The enrolments of the members (in the holder's scope), newest school year first: Member.enrolments. */
  enrolmentsOfMembers(holder: ScopeHolder, memberIds: readonly string[]): Promise<EnrolmentEntity[]> {
    const qb = this.manager().getRepository(EnrolmentEntity).createQueryBuilder('e').where('e.member_id = ANY(:memberIds)', { memberIds: [...memberIds] });
    return applyRegionScope(qb, 'e.region_code', holder).orderBy('e.school_year', 'DESC').addOrderBy('e.term', 'ASC').getMany();
  }

  /** The member's enrolments of the school year in terms overlapping `term` (read under the member's lock). */
  enrolmentsOverlapping(manager: EntityManager, memberId: string, schoolYear: number, term: SchoolTerm, exceptId?: string): Promise<EnrolmentEntity[]> {
    const qb = manager
      .getRepository(EnrolmentEntity)
      .createQueryBuilder('e')
      .where('e.member_id = :memberId AND e.school_year = :schoolYear AND e.term::text = ANY(:terms)', { memberId, schoolYear, terms: overlappingTerms(term) });
    if (exceptId) qb.andWhere('e.id <> :exceptId', { exceptId });
    return qb.orderBy('e.term', 'ASC').getMany();
  }

  /** Enrolments of the members in the school year (unscoped: the exit standard's facts, for members already checked). */
  enrolmentsOfYear(manager: EntityManager | undefined, memberIds: readonly string[], schoolYear: number): Promise<EnrolmentEntity[]> {
    return this.manager(manager)
      .getRepository(EnrolmentEntity)
      .createQueryBuilder('e')
      .where('e.member_id = ANY(:memberIds) AND e.school_year = :schoolYear', { memberIds: [...memberIds], schoolYear })
      .orderBy('e.term', 'ASC')
      .getMany();
  }

  /** An import's read: the member's enrolment of the term, locked with the write scope (one outside it is not found). */
  sameTermInScope(scope: ScopeHolder, manager: EntityManager, memberId: string, schoolYear: number, term: SchoolTerm): Promise<EnrolmentEntity[]> {
    const qb = manager.getRepository(EnrolmentEntity).createQueryBuilder('e').where('e.member_id = :memberId AND e.school_year = :schoolYear AND e.term = :term', { memberId, schoolYear, term });
    applyRegionScope(qb, 'e.region_code', scope, { sector: { column: 'e.sector', access: 'write' } });
    return qb.setLock('pessimistic_write').getMany();
  }

  /** Locks a member found through its household (in the import's scope) before its enrolments are checked against each other. */
  lockMember(manager: EntityManager, memberId: string): Promise<MemberEntity> {
    return manager.getRepository(MemberEntity).createQueryBuilder('m').where('m.id = :memberId', { memberId }).setLock('pessimistic_write').getOneOrFail();
  }

  insertEnrolment(manager: EntityManager, row: Partial<EnrolmentEntity>): Promise<EnrolmentEntity> {
    const repo = manager.getRepository(EnrolmentEntity);
    return repo.save(repo.create(row));
  }

  updateEnrolment(manager: EntityManager, id: string, version: number, patch: Partial<EnrolmentEntity>): Promise<EnrolmentEntity> {
    return updateWithVersion(manager, EnrolmentEntity, { column: 'id', value: id }, version, patch, () => EducationErrors.enrolmentNotFound());
  }

  async deleteEnrolment(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(EnrolmentEntity).delete({ id });
  }

  async enrolmentHasAid(manager: EntityManager, enrolmentId: string): Promise<boolean> {
    return (await manager.getRepository(EducationAidRecordEntity).countBy({ enrolmentId })) > 0;
  }

  /**
   * A page of the caller's enrolments for the roster export (kind enrolments), in one statement:
   * the list's scope narrowed by `regionPrefix`, by household number, school year and term, and id
   * after the export's cursor; the member by name and relation (never the ID number).
   */
  exportPage(principal: Principal, regionPrefix: string | undefined, after: string | null, limit: number): Promise<EnrolmentExportRow[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('e.region_code', principal, params, { within: regionPrefix ?? null });
    const keyset = afterCursorSql(after, ENROLMENT_EXPORT_ORDER, params);
    return this.dataSource.query(
      `SELECT e.id, h.household_number AS "householdNumber", ${ENROLMENT_EXPORT_ORDER[1]} AS "startsOn", mb.name AS "memberName", mb.relation::text AS relation,
              e.school_year AS "schoolYear", e.term::text AS term, e.stage::text AS stage, e.school, e.grade, e.boarding, e.outside_province AS "outsideProvince", e.age_reason AS "ageReason"
         FROM enrolments e
         JOIN households h ON h.id = e.household_id
         JOIN members mb ON mb.id = e.member_id
        WHERE ${scope} AND ${keyset}
        ORDER BY ${ENROLMENT_EXPORT_ORDER.join(', ')}
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /** A page of the caller's aid records, newest school year first. */
  aidPage(principal: Principal, filter: AidRecordFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<EducationAidRecordEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(EducationAidRecordEntity).createQueryBuilder('a'), 'a.region_code', principal);
    applyWithin(qb, 'a.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('a.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('a.household_id = :householdId', { householdId: filter.householdId });
    if (filter.schoolYear !== undefined) qb.andWhere('a.school_year = :schoolYear', { schoolYear: filter.schoolYear });
    if (filter.programme) qb.andWhere('a.programme = :programme', { programme: filter.programme });
    return paginate(qb, args, { tag: 'schoolYear', column: 'a.school_year', type: 'int', direction: 'DESC', idColumn: 'a.id', key: (a) => [a.schoolYear, a.id] }, { withTotalCount });
  }

  aidInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<EducationAidRecordEntity[]> {
    return findScoped(this.manager(manager), EducationAidRecordEntity, holder, ids, forWrite);
  }

  /** The member's records of the programme in the school year in terms overlapping `term` (the duplicate check, under the member's lock). */
  aidOverlapping(manager: EntityManager, memberId: string, programme: AidProgramme, schoolYear: number, term: SchoolTerm): Promise<EducationAidRecordEntity[]> {
    return manager
      .getRepository(EducationAidRecordEntity)
      .createQueryBuilder('a')
      .where('a.member_id = :memberId AND a.programme = :programme AND a.school_year = :schoolYear AND a.term::text = ANY(:terms)', {
        memberId,
        programme,
        schoolYear,
        terms: overlappingTerms(term),
      })
      .getMany();
  }

  /** The aid records of the members in the school year, in terms overlapping `term` (the records behind a gap). */
  aidOfMembersInTerm(memberIds: readonly string[], schoolYear: number, term: SchoolTerm): Promise<EducationAidRecordEntity[]> {
    if (!memberIds.length) return Promise.resolve([]);
    return this.manager()
      .getRepository(EducationAidRecordEntity)
      .createQueryBuilder('a')
      .where('a.member_id = ANY(:memberIds) AND a.school_year = :schoolYear AND a.term::text = ANY(:terms)', { memberIds: [...memberIds], schoolYear, terms: overlappingTerms(term) })
      .orderBy('a.programme', 'ASC')
      .getMany();
  }

  /** An import's read: the member's record of the programme in the school year and term (the table's unique key), locked with the write scope (one outside it is not found). */
  aidOfKeyInScope(scope: ScopeHolder, manager: EntityManager, key: { memberId: string; programme: AidProgramme; schoolYear: number; term: SchoolTerm }): Promise<EducationAidRecordEntity[]> {
    const qb = manager
      .getRepository(EducationAidRecordEntity)
      .createQueryBuilder('a')
      .where('a.member_id = :memberId AND a.programme = :programme AND a.school_year = :schoolYear AND a.term = :term', key);
    applyRegionScope(qb, 'a.region_code', scope, { sector: { column: 'a.sector', access: 'write' } });
    return qb.setLock('pessimistic_write').getMany();
  }

  /**
   * A page of the caller's aid records for the roster export (kind education-aid), in one
   * statement: the list's scope narrowed by `regionPrefix`, by household number, school year, term
   * and programme, and id after the export's cursor; the member by name and relation (never the ID
   * number).
   */
  aidExportPage(principal: Principal, regionPrefix: string | undefined, after: string | null, limit: number): Promise<AidExportRow[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('a.region_code', principal, params, { within: regionPrefix ?? null });
    const keyset = afterCursorSql(after, AID_EXPORT_ORDER, params);
    return this.dataSource.query(
      `SELECT a.id, h.household_number AS "householdNumber", ${AID_EXPORT_ORDER[1]} AS "startsOn", mb.name AS "memberName", mb.relation::text AS relation,
              a.school_year AS "schoolYear", a.term::text AS term, a.programme::text AS programme, a.amount::text AS amount, a.paid_on::text AS "paidOn", a.amount_reason AS "amountReason"
         FROM education_aid_records a
         JOIN households h ON h.id = a.household_id
         JOIN members mb ON mb.id = a.member_id
        WHERE ${scope} AND ${keyset}
        ORDER BY ${AID_EXPORT_ORDER.join(', ')}
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  insertAid(manager: EntityManager, row: Partial<EducationAidRecordEntity>): Promise<EducationAidRecordEntity> {
    const repo = manager.getRepository(EducationAidRecordEntity);
    return repo.save(repo.create(row));
  }

  updateAid(manager: EntityManager, id: string, version: number, patch: Partial<EducationAidRecordEntity>): Promise<EducationAidRecordEntity> {
    return updateWithVersion(manager, EducationAidRecordEntity, { column: 'id', value: id }, version, patch, () => EducationErrors.aidNotFound());
  }

  async deleteAid(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(EducationAidRecordEntity).delete({ id });
  }

  /**
   * 应助未助: a page of the caller's enrolments in the term (or one overlapping it) of current
   * members of households on the roll and still entitled (not 已脱贫不再享受政策), whose stage has a
   * due programme with no record of the student in a term overlapping the asked one. By enrolment id
   * (the school year is the asked one).
   */
  gapPage(principal: Principal, filter: { schoolYear: number; term: SchoolTerm; withinPrefix?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<EnrolmentEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(EnrolmentEntity).createQueryBuilder('e'), 'e.region_code', principal);
    applyWithin(qb, 'e.region_code', filter.withinPrefix);
    const terms = overlappingTerms(filter.term);
    qb.innerJoin('members', 'm', 'm.id = e.member_id AND m.active')
      .innerJoin('households', 'h', `h.id = e.household_id AND h.validity = 'ACTIVE' AND h.status IS DISTINCT FROM 'EXITED_NO_POLICY'`)
      .andWhere('e.school_year = :schoolYear AND e.term::text = ANY(:gapTerms)', { schoolYear: filter.schoolYear, gapTerms: terms })
      .andWhere(MISSING_DUE_AID, { dueByStage: DUE_BY_STAGE });
    return paginate(qb, args, { tag: 'gap', column: 'e.school_year', type: 'int', idColumn: 'e.id', key: (e) => [e.schoolYear, e.id] }, { withTotalCount });
  }
}
