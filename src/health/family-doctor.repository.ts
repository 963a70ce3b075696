import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { afterCursorSql } from '../common/imports/export-page';
import { findScoped } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { FamilyDoctorContractEntity, FamilyDoctorFollowUpEntity } from './family-doctor.entity';
import { HealthErrors } from './health.errors';

export interface ContractFilter {
  memberId?: string;
  householdId?: string;
  /** Contracts running on this day. */
  activeOn?: string;
  priorityDisease?: string;
  withinPrefix?: string;
}

/** A contract as the roster export (kind family-doctor-contracts) reads it: the import's columns by key, with the keyset's id (its start is the keyset's second key). */
export interface FamilyDoctorContractExportRow {
  id: string;
  householdNumber: string;
  memberName: string;
  relation: string;
  doctor: string;
  clinic: string;
  startsOn: string;
  endsOn: string | null;
  priorityDisease: string | null;
  followUpsDue: number;
}

/** The roster export's keyset order (exportPage orders by the same expressions). */
const CONTRACT_EXPORT_ORDER = ['h.household_number', 'c.starts_on::text', 'c.id::text'] as const;

/** The SQL of family-doctor contracts and follow-ups, scoped by the household's village (writes: and the sector). */
@Injectable()
export class FamilyDoctorRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** A page of the caller's contracts, newest start first. */
  page(principal: Principal, filter: ContractFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FamilyDoctorContractEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(FamilyDoctorContractEntity).createQueryBuilder('c'), 'c.region_code', principal);
    applyWithin(qb, 'c.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('c.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('c.household_id = :householdId', { householdId: filter.householdId });
    if (filter.priorityDisease) qb.andWhere('c.priority_disease = :disease', { disease: filter.priorityDisease });
    if (filter.activeOn) qb.andWhere('c.starts_on <= :on AND (c.ends_on IS NULL OR c.ends_on >= :on)', { on: filter.activeOn });
    return paginate(qb, args, { tag: 'start', column: 'c.starts_on', type: 'date', direction: 'DESC', idColumn: 'c.id', key: (c) => [c.startsOn, c.id] }, { withTotalCount });
  }

  contractsInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<FamilyDoctorContractEntity[]> {
    return findScoped(this.manager(manager), FamilyDoctorContractEntity, holder, ids, forWrite);
  }

  followUpsInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<FamilyDoctorFollowUpEntity[]> {
    return findScoped(this.manager(manager), FamilyDoctorFollowUpEntity, holder, ids, forWrite);
  }

  /**
   * An import's read of a member's contract with a clinic starting on a day (the roster's key),
   * locked with the write scope (one outside it is not found). A member's contracts do not
   * overlap, so at most one shares a start.
   */
  findSame(scope: ScopeHolder, manager: EntityManager, key: { memberId: string; clinic: string; startsOn: string }): Promise<FamilyDoctorContractEntity | null> {
    const qb = manager
      .getRepository(FamilyDoctorContractEntity)
      .createQueryBuilder('c')
      .where('c.member_id = :memberId AND c.clinic = :clinic AND c.starts_on = CAST(:startsOn AS date)', key);
    return applyRegionScope(qb, 'c.region_code', scope, { sector: { column: 'c.sector', access: 'write' } }).setLock('pessimistic_write').getOne();
  }

  /**
   * A page of the caller's contracts for the roster export (kind family-doctor-contracts), in one
   * statement: the list's scope narrowed by `regionPrefix`, by household number, start and id
   * after the export's cursor; the member by name and relation (never the ID number).
   */
  exportPage(principal: Principal, regionPrefix: string | undefined, after: string | null, limit: number): Promise<FamilyDoctorContractExportRow[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('c.region_code', principal, params, { within: regionPrefix ?? null });
    const keyset = afterCursorSql(after, CONTRACT_EXPORT_ORDER, params);
    return this.dataSource.query(
      `SELECT c.id, h.household_number AS "householdNumber", mb.name AS "memberName", mb.relation::text AS relation, c.doctor, c.clinic,
              ${CONTRACT_EXPORT_ORDER[1]} AS "startsOn", c.ends_on::text AS "endsOn", c.priority_disease AS "priorityDisease", c.follow_ups_due AS "followUpsDue"
         FROM family_doctor_contracts c
         JOIN households h ON h.id = c.household_id
         JOIN members mb ON mb.id = c.member_id
        WHERE ${scope} AND ${keyset}
        ORDER BY ${CONTRACT_EXPORT_ORDER.join(', ')}
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /** The member's other contracts (for the overlap check): read under the member's lock. */
  ofMember(manager: EntityManager, memberId: string, exceptId?: string): Promise<FamilyDoctorContractEntity[]> {
    const qb = manager.getRepository(FamilyDoctorContractEntity).createQueryBuilder('c').where('c.member_id = :memberId', { memberId });
    if (exceptId) qb.andWhere('c.id <> :exceptId', { exceptId });
    return qb.orderBy('c.starts_on').getMany();
  }

  /** The follow-ups of contracts, by contract id, in date order (one statement for a page). */
  async followUpsOf(contractIds: readonly string[], manager?: EntityManager): Promise<Map<string, FamilyDoctorFollowUpEntity[]>> {
    const out = new Map<string, FamilyDoctorFollowUpEntity[]>(contractIds.map((id) => [id, []]));
    if (!contractIds.length) return out;
    const rows = await this.manager(manager)
      .getRepository(FamilyDoctorFollowUpEntity)
      .createQueryBuilder('f')
      .where('f.contract_id = ANY(:ids)', { ids: [...contractIds] })
      .orderBy('f.followed_on')
      .addOrderBy('f.id')
      .getMany();
    for (const f of rows) out.get(f.contractId)!.push(f);
    return out;
  }

  insertContract(manager: EntityManager, row: Partial<FamilyDoctorContractEntity>): Promise<FamilyDoctorContractEntity> {
    const repo = manager.getRepository(FamilyDoctorContractEntity);
    return repo.save(repo.create(row));
  }

  updateContract(manager: EntityManager, id: string, version: number, patch: Partial<FamilyDoctorContractEntity>): Promise<FamilyDoctorContractEntity> {
    return updateWithVersion(manager, FamilyDoctorContractEntity, { column: 'id', value: id }, version, patch, () => HealthErrors.contractNotFound());
  }

  /** Deletes a contract with its follow-ups. */
  async deleteContract(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(FamilyDoctorFollowUpEntity).delete({ contractId: id });
    await manager.getRepository(FamilyDoctorContractEntity).delete({ id });
  }

  insertFollowUp(manager: EntityManager, row: Partial<FamilyDoctorFollowUpEntity>): Promise<FamilyDoctorFollowUpEntity> {
    const repo = manager.getRepository(FamilyDoctorFollowUpEntity);
    return repo.save(repo.create(row));
  }

  async deleteFollowUp(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(FamilyDoctorFollowUpEntity).delete({ id });
  }

  /** Whether the contract has a follow-up outside the period given (a correction must not leave one out). */
  async followUpOutside(manager: EntityManager, contractId: string, startsOn: string, endsOn: string | null): Promise<FamilyDoctorFollowUpEntity | null> {
    return manager
      .getRepository(FamilyDoctorFollowUpEntity)
      .createQueryBuilder('f')
      .where('f.contract_id = :contractId AND (f.followed_on < :startsOn OR (CAST(:endsOn AS date) IS NOT NULL AND f.followed_on > CAST(:endsOn AS date)))', { contractId, startsOn, endsOn })
      .getOne();
  }
}
