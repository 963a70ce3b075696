import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope } from '../common/access/region-scope';
import type { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { HouseholdEntity, HouseholdValidity } from '../households/household.entity';
import { InspectionEntity, InspectionSampleEntity, InspectionType } from './inspection.entity';
import { InspectionErrors } from './inspection.errors';
import type { InspectionVisitResultEntity } from './inspection-visit.entity';

export interface InspectionFilter {
  regionPrefix?: string;
  inspectionType?: InspectionType;
}

/** A line of the visit sheet as read: the sampled household with what a visitor needs (the head's name in clear, masked by the caller). */
export interface VisitSheetRow {
  sample: InspectionSampleEntity;
  householdNumber: string;
  headName: string | null;
  townName: string | null;
  villageName: string | null;
  /** The visit's result when recorded (read by the service). */
  result?: InspectionVisitResultEntity | null;
}

/** The SQL of inspections and their samples; every read for a caller through applyRegionScope on the inspection's scope. */
@Injectable()
export class InspectionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager): SelectQueryBuilder<InspectionEntity> {
    return (manager ?? this.dataSource.manager).getRepository(InspectionEntity).createQueryBuilder('i');
  }

  /** A page of the caller's inspections, latest started first. */
  page(principal: Principal, f: InspectionFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<InspectionEntity>> {
    const qb = applyRegionScope(this.query(), 'i.region_code', principal, { within: f.regionPrefix });
    if (f.inspectionType) qb.andWhere('i.inspection_type = :type', { type: f.inspectionType });
    return paginate(qb, args, { tag: 'started', column: 'i.start_on', type: 'date', idColumn: 'i.id', key: (i) => [i.startOn, i.id], direction: 'DESC' }, { withTotalCount });
  }

  findInScope(principal: Principal, id: string, manager?: EntityManager): Promise<InspectionEntity | null> {
    return applyRegionScope(this.query(manager).where('i.id = :id', { id }), 'i.region_code', principal).getOne();
  }

  /** An inspection in the caller's scope, locked until the transaction ends. */
  lockInScope(principal: Principal, id: string, manager: EntityManager): Promise<InspectionEntity | null> {
    return applyRegionScope(this.query(manager).where('i.id = :id', { id }), 'i.region_code', principal).setLock('pessimistic_write').getOne();
  }

  insert(manager: EntityManager, i: Partial<InspectionEntity>): Promise<InspectionEntity> {
    const repo = manager.getRepository(InspectionEntity);
    return repo.save(repo.create(i));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<InspectionEntity>): Promise<InspectionEntity> {
    return updateWithVersion(manager, InspectionEntity, { column: 'id', value: id }, version, patch, () => InspectionErrors.notFound());
  }

  /** The households on the roll (ACTIVE) of the villages, each village's in a stable order: by household number, then id. */
  async householdsOfVillages(manager: EntityManager, villageCodes: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(villageCodes.map((v) => [v, []]));
    if (!villageCodes.length) return out;
    const rows = await manager
      .getRepository(HouseholdEntity)
      .createQueryBuilder('h')
      .select(['h.id', 'h.regionCode'])
      .where('h.region_code IN (:...codes)', { codes: [...villageCodes] })
      .andWhere('h.validity = :active', { active: HouseholdValidity.ACTIVE })
      .orderBy('h.household_number', 'ASC')
      .addOrderBy('h.id', 'ASC')
      .getMany();
    for (const h of rows) out.get(h.regionCode)!.push(h.id);
    return out;
  }

  async insertSample(manager: EntityManager, rows: Partial<InspectionSampleEntity>[]): Promise<void> {
    if (rows.length) await manager.getRepository(InspectionSampleEntity).insert(rows);
  }

  /** The sampled households of an inspection, in visit-sheet order (ordinal), with the household number, the head's name and the region names. */
  async visitSheet(inspectionId: string, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<VisitSheetRow>> {
    const qb = this.dataSource.manager.getRepository(InspectionSampleEntity).createQueryBuilder('s').where('s.inspection_id = :inspectionId', { inspectionId });
    const page = await paginate(qb, args, { tag: 'ordinal', column: 's.ordinal', type: 'int', idColumn: 's.id', key: (s) => [s.ordinal, s.id], direction: 'ASC' }, { withTotalCount });
    const ids = page.edges.map((e) => e.node.id);
    const details = new Map<string, { household_number: string; head_name: string | null; town_name: string | null; village_name: string | null }>();
    if (ids.length) {
      const rows: { id: string; household_number: string; head_name: string | null; town_name: string | null; village_name: string | null }[] = await this.dataSource.query(
        `SELECT s.id, h.household_number, m.name AS head_name, t.name AS town_name, v.name AS village_name
           FROM supervision_inspection_samples s
           JOIN households h ON h.id = s.household_id
           LEFT JOIN members m ON m.id = h.head_member_id
           LEFT JOIN regions t ON t.code = s.town_code
           LEFT JOIN regions v ON v.code = s.village_code
          WHERE s.id = ANY($1::uuid[])`,
        [ids],
      );
      for (const r of rows) details.set(r.id, r);
    }
    return {
      ...page,
      edges: page.edges.map((e) => {
        const d = details.get(e.node.id)!;
        return { cursor: e.cursor, node: { sample: e.node, householdNumber: d.household_number, headName: d.head_name, townName: d.town_name, villageName: d.village_name } };
      }),
    };
  }
}
