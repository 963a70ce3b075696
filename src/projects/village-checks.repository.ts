import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { ImplementingEntityEntity, ImplementingEntityStatus } from './implementing-entity.entity';
import { EntitiesErrors } from './implementing-entities.errors';
import { VillageCheckCooperativeEntity, VillageIncomeSourceEntity, VillageIndustryCheckEntity } from './village-check.entities';

/** A village check with its children, as answers and the audit trail read it. */
export interface VillageCheckRecord {
  check: VillageIndustryCheckEntity;
  cooperativeIds: string[];
  incomeSources: VillageIncomeSourceEntity[];
}

/** The SQL of village industry checks: scoped by the village's code, children read by check ids. */
@Injectable()
export class VillageChecksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** The checks among `ids` in the caller's scope, with their children; `lock` holds the checks. */
  async findInScope(principal: Principal, ids: readonly string[], manager?: EntityManager, lock = false): Promise<VillageCheckRecord[]> {
    if (!ids.length) return [];
    const qb = this.m(manager).getRepository(VillageIndustryCheckEntity).createQueryBuilder('c').where('c.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'c.region_code', principal);
    if (lock) qb.setLock('pessimistic_write');
    return this.withChildren(await qb.getMany(), manager);
  }

  /** The checks of a year for these villages (already within the caller's scope), with their children. */
  async findForVillages(villageCodes: readonly string[], year: number): Promise<VillageCheckRecord[]> {
    if (!villageCodes.length) return [];
    const checks = await this.m()
      .getRepository(VillageIndustryCheckEntity)
      .createQueryBuilder('c')
      .where('c.region_code = ANY(:codes) AND c.year = :year', { codes: [...villageCodes], year })
      .getMany();
    return this.withChildren(checks);
  }

  private async withChildren(checks: VillageIndustryCheckEntity[], manager?: EntityManager): Promise<VillageCheckRecord[]> {
    if (!checks.length) return [];
    const ids = checks.map((c) => c.id);
    // One after the other: inside a transaction both run on its one connection.
    const cooperatives = await this.m(manager).getRepository(VillageCheckCooperativeEntity).createQueryBuilder('k').where('k.check_id = ANY(:ids)', { ids }).orderBy('k.entity_id').getMany();
    const sources = await this.m(manager).getRepository(VillageIncomeSourceEntity).createQueryBuilder('s').where('s.check_id = ANY(:ids)', { ids }).orderBy('s.position').getMany();
    return checks.map((check) => ({
      check,
      cooperativeIds: cooperatives.filter((k) => k.checkId === check.id).map((k) => k.entityId),
      incomeSources: sources.filter((s) => s.checkId === check.id),
    }));
  }

  /** Active implementing entities among `ids` based in the village (a check's cooperatives). */
  findActiveEntitiesOfVillage(manager: EntityManager, villageCode: string, ids: readonly string[]): Promise<ImplementingEntityEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return manager
      .getRepository(ImplementingEntityEntity)
      .createQueryBuilder('e')
      .where('e.id = ANY(:ids) AND e.region_code = :village AND e.status = :active', { ids: [...ids], village: villageCode, active: ImplementingEntityStatus.ACTIVE })
      .getMany();
  }

  async insert(manager: EntityManager, check: Partial<VillageIndustryCheckEntity>): Promise<VillageIndustryCheckEntity> {
    const repo = manager.getRepository(VillageIndustryCheckEntity);
    return repo.save(repo.create(check));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<VillageIndustryCheckEntity>): Promise<VillageIndustryCheckEntity> {
    return updateWithVersion(manager, VillageIndustryCheckEntity, { column: 'id', value: id }, version, patch, () => EntitiesErrors.checkNotFound());
  }

  /** Replaces a check's cooperatives and income sources (as given, in order). */
  async replaceChildren(manager: EntityManager, checkId: string, cooperativeIds: readonly string[] | undefined, sources: readonly { source: string; amount: string }[] | undefined): Promise<void> {
    if (cooperativeIds) {
      await manager.getRepository(VillageCheckCooperativeEntity).delete({ checkId });
      if (cooperativeIds.length) await manager.getRepository(VillageCheckCooperativeEntity).insert(cooperativeIds.map((entityId) => ({ checkId, entityId })));
    }
    if (sources) {
      await manager.getRepository(VillageIncomeSourceEntity).delete({ checkId });
      if (sources.length) {
        await manager.getRepository(VillageIncomeSourceEntity).insert(sources.map((s, position) => ({ checkId, source: s.source, amount: s.amount, position })));
      }
    }
  }
}
