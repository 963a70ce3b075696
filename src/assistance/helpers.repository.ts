import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { ancestorCodes, levelOf, levelOfPrefix } from '../common/region/region-code';
import { AssistingUnitEntity, HelperEntity, UnitKind, VillageAssignmentEntity, VillageRole } from './assistance.entities';
import { AssistanceErrors } from './assistance.errors';
import { containsPattern } from '../common/sql/like';

export interface UnitFilter {
  withinPrefix?: string;
  kind?: UnitKind;
  nameContains?: string;
}

export interface HelperFilter {
  withinPrefix?: string;
  unitId?: string;
  nameContains?: string;
  phoneHash?: string;
}

/**
 * The SQL of assisting units, helpers and village assignments. Every read for a caller goes
 * through the caller's region scope: helpers and assignments by their own region, units by
 * theirs or (units send people downwards) by being a unit of a region above the caller's home.
 */
@Injectable()
export class HelpersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ---- units ----

  pageUnits(principal: Principal, filter: UnitFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AssistingUnitEntity>> {
    const qb = this.unitsVisibleTo(principal);
    if (filter.withinPrefix) applyWithin(qb, 'u.region_code', filter.withinPrefix);
    if (filter.kind) qb.andWhere('u.kind = :kind', { kind: filter.kind });
    if (filter.nameContains) qb.andWhere(`u.name LIKE :name ESCAPE '\\'`, { name: containsPattern(filter.nameContains) });
    return paginate(qb, args, { tag: 'name', column: 'u.name', type: 'text', idColumn: 'u.id', key: (u) => [u.name, u.id] }, { withTotalCount });
  }

  /** Units the caller may see and send people from (its subtree, or a region above its home). */
  findUnitsVisibleTo(principal: Principal, ids: readonly string[], manager?: EntityManager): Promise<AssistingUnitEntity[]> {
    return this.unitsVisibleTo(principal, manager).andWhere('u.id = ANY(:ids)', { ids: [...ids] }).getMany();
  }

  /** By id without scope: only for records related to one the caller already reached (a helper's unit). */
  findUnitsByIds(ids: readonly string[]): Promise<AssistingUnitEntity[]> {
    return this.manager().getRepository(AssistingUnitEntity).createQueryBuilder('u').where('u.id = ANY(:ids)', { ids: [...ids] }).getMany();
  }

  insertUnit(manager: EntityManager, unit: Partial<AssistingUnitEntity>): Promise<AssistingUnitEntity> {
    const repo = manager.getRepository(AssistingUnitEntity);
    return repo.save(repo.create(unit));
  }

  private unitsVisibleTo(principal: Principal, manager?: EntityManager) {
    const ancestors = ancestorCodesOf(principal);
    return this.manager(manager)
      .getRepository(AssistingUnitEntity)
      .createQueryBuilder('u')
      .where(
        new Brackets((w) => {
          applyRegionScope(w, 'u.region_code', principal);
          if (ancestors.length) w.orWhere('u.region_code = ANY(:ancestors)', { ancestors });
        }),
      );
  }

  // ---- helpers ----

  pageHelpers(principal: Principal, filter: HelperFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<HelperEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(HelperEntity).createQueryBuilder('h'), 'h.region_code', principal);
    if (filter.withinPrefix) applyWithin(qb, 'h.region_code', filter.withinPrefix);
    if (filter.unitId) qb.andWhere('h.unit_id = :unitId', { unitId: filter.unitId });
    if (filter.phoneHash) qb.andWhere('h.phone_hash = :phoneHash', { phoneHash: filter.phoneHash });
    if (filter.nameContains) qb.andWhere(`h.name LIKE :name ESCAPE '\\'`, { name: containsPattern(filter.nameContains) });
    return paginate(qb, args, { tag: 'name', column: 'h.name', type: 'text', idColumn: 'h.id', key: (h) => [h.name, h.id] }, { withTotalCount });
  }

  /** Helpers in the caller's scope; `lock` takes the row lock (pairing changes of a helper run one at a time). */
  findHelpersInScope(principal: Principal, ids: readonly string[], manager?: EntityManager, lock = false): Promise<HelperEntity[]> {
    const qb = this.manager(manager).getRepository(HelperEntity).createQueryBuilder('h').where('h.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'h.region_code', principal);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** By id without scope: only for records related to one the caller already reached (a pairing's helper). */
  findHelpersByIds(ids: readonly string[], manager?: EntityManager): Promise<HelperEntity[]> {
    return this.manager(manager).getRepository(HelperEntity).createQueryBuilder('h').where('h.id = ANY(:ids)', { ids: [...ids] }).getMany();
  }

  insertHelper(manager: EntityManager, helper: Partial<HelperEntity>): Promise<HelperEntity> {
    const repo = manager.getRepository(HelperEntity);
    return repo.save(repo.create(helper));
  }

  updateHelper(manager: EntityManager, id: string, version: number, patch: Partial<HelperEntity>): Promise<HelperEntity> {
    return updateWithVersion(manager, HelperEntity, { column: 'id', value: id }, version, patch, () => AssistanceErrors.helperNotFound('id'));
  }

  // ---- village assignments ----

  findAssignmentsInScope(principal: Principal, ids: readonly string[], manager?: EntityManager, lock = false): Promise<VillageAssignmentEntity[]> {
    const qb = this.manager(manager).getRepository(VillageAssignmentEntity).createQueryBuilder('a').where('a.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'a.region_code', principal);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** Every assignment of a village (all roles) whose term overlaps [from, to], by role then start. */
  findVillageAssignmentsDuring(regionCode: string, from: string, to: string, manager?: EntityManager): Promise<VillageAssignmentEntity[]> {
    return this.manager(manager)
      .getRepository(VillageAssignmentEntity)
      .createQueryBuilder('a')
      .where('a.region_code = :regionCode', { regionCode })
      .andWhere('a.start_on <= :to AND (a.end_on IS NULL OR a.end_on >= :from)', { from, to })
      .orderBy('a.role', 'ASC')
      .addOrderBy('a.start_on', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  /** Assignments of a village whose term overlaps [startOn, endOn] (endOn null = open). */
  findOverlappingAssignments(
    manager: EntityManager,
    regionCode: string,
    role: VillageRole,
    startOn: string,
    endOn: string | null,
    excludeId?: string,
  ): Promise<VillageAssignmentEntity[]> {
    const qb = manager
      .getRepository(VillageAssignmentEntity)
      .createQueryBuilder('a')
      .where('a.region_code = :regionCode AND a.role = :role', { regionCode, role })
      .andWhere('(a.end_on IS NULL OR a.end_on >= :startOn)', { startOn });
    if (endOn) qb.andWhere('a.start_on <= :endOn', { endOn });
    if (excludeId) qb.andWhere('a.id <> :excludeId', { excludeId });
    return qb.orderBy('a.start_on').getMany();
  }

  /** A village's assignments active on a date, in the caller's scope. */
  findActiveAssignments(principal: Principal, regionCode: string, asOf: string): Promise<VillageAssignmentEntity[]> {
    const qb = this.manager()
      .getRepository(VillageAssignmentEntity)
      .createQueryBuilder('a')
      .where('a.region_code = :regionCode', { regionCode })
      .andWhere('a.start_on <= :asOf AND (a.end_on IS NULL OR a.end_on >= :asOf)', { asOf });
    return applyRegionScope(qb, 'a.region_code', principal).orderBy('a.role').addOrderBy('a.start_on').addOrderBy('a.person_name').getMany();
  }

  /**
   * Serialises changes to one village's team until the transaction ends (a transaction-scoped
   * advisory lock), so two officers cannot appoint two first secretaries at once.
   */
  async lockVillageTeam(manager: EntityManager, regionCode: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`village_assignments:${regionCode}`]);
  }

  insertAssignment(manager: EntityManager, a: Partial<VillageAssignmentEntity>): Promise<VillageAssignmentEntity> {
    const repo = manager.getRepository(VillageAssignmentEntity);
    return repo.save(repo.create(a));
  }

  endAssignment(manager: EntityManager, id: string, version: number, endOn: string): Promise<VillageAssignmentEntity> {
    return updateWithVersion(manager, VillageAssignmentEntity, { column: 'id', value: id }, version, { endOn }, AssistanceErrors.assignmentNotFound);
  }
}

/** Codes of the regions above the caller's home (province, city, district, town as they apply). */
export function ancestorCodesOf(principal: Principal): string[] {
  return ancestorCodes(principal.regionCode, levelOfPrefix(principal.scopePrefix) ?? levelOf(principal.regionCode));
}
