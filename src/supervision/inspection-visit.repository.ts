import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../common/access/principal';
import { applyRegionScope } from '../common/access/region-scope';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { InspectionEntity, InspectionSampleEntity } from './inspection.entity';
import { InspectionErrors } from './inspection.errors';
import { VisitCounts } from './inspection-metrics';
import { InspectionVisitResultEntity } from './inspection-visit.entity';

/**
 * Which visits, as of a date, one number of the inspection metrics counts (VISITED is all of
 * them; the others are the numerators' and denominators' records).
 */
export enum InspectionVisitOutcome {
  VISITED = 'VISITED',
  VERIFIED = 'VERIFIED',
  CORRECT = 'CORRECT',
  SHOULD_NOT_BE_REGISTERED = 'SHOULD_NOT_BE_REGISTERED',
  MISSED_FOUND = 'MISSED_FOUND',
  EXIT_CHECKED = 'EXIT_CHECKED',
  WRONG_EXIT = 'WRONG_EXIT',
}

const OUTCOME_SQL: Record<InspectionVisitOutcome, string> = {
  [InspectionVisitOutcome.VISITED]: 'TRUE',
  [InspectionVisitOutcome.VERIFIED]: `v.identification <> 'NOT_VERIFIED'`,
  [InspectionVisitOutcome.CORRECT]: `v.identification = 'CORRECT'`,
  [InspectionVisitOutcome.SHOULD_NOT_BE_REGISTERED]: `v.identification = 'SHOULD_NOT_BE_REGISTERED'`,
  [InspectionVisitOutcome.MISSED_FOUND]: 'v.missed_households > 0',
  [InspectionVisitOutcome.EXIT_CHECKED]: 'v.exit_check IS NOT NULL',
  [InspectionVisitOutcome.WRONG_EXIT]: `v.exit_check = 'WRONG_EXIT'`,
};

/** The visits a metric query counts: in the caller's region (the visit's village), within the subtree and inspection asked. */
export interface VisitMetricFilter {
  asOf: string;
  regionPrefix?: string;
  inspectionId?: string;
}

/** A sampled household as a visit needs it: the sample row and whether the household has exited (its status now). */
export interface SampledHousehold {
  sample: InspectionSampleEntity;
  exited: boolean;
}

export interface VisitCountRow extends VisitCounts {
  townCode: string | null;
  inspectionId: string | null;
}

/** The exited statuses of the registry (已脱贫,享受政策 or not): their exit is checked on a visit. */
const EXITED_STATUSES = ['EXITED', 'EXITED_NO_POLICY'];

/**
 * The SQL of visit results. Writes go through the inspection in the caller's scope (as the
 * inspection's own writes); reads of the metrics through applyRegionScope on the visit's village.
 */
@Injectable()
export class InspectionVisitRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager): SelectQueryBuilder<InspectionVisitResultEntity> {
    return (manager ?? this.dataSource.manager).getRepository(InspectionVisitResultEntity).createQueryBuilder('v');
  }

  /** The sample row of a household in an inspection's sample, with whether the household has exited; null when not sampled. */
  async sampled(manager: EntityManager, inspectionId: string, householdId: string): Promise<SampledHousehold | null> {
    const sample = await manager.getRepository(InspectionSampleEntity).findOneBy({ inspectionId, householdId });
    if (!sample) return null;
    const [row] = await manager.query(`SELECT status::text = ANY($2) AS exited FROM households WHERE id = $1`, [householdId, EXITED_STATUSES]);
    return { sample, exited: row?.exited === true };
  }

  bySample(manager: EntityManager, sampleId: string): Promise<InspectionVisitResultEntity | null> {
    return manager.getRepository(InspectionVisitResultEntity).findOneBy({ sampleId });
  }

  /** The visit results of these sample rows (the visit sheet's lines), in one statement. */
  async ofSamples(sampleIds: readonly string[]): Promise<Map<string, InspectionVisitResultEntity>> {
    if (!sampleIds.length) return new Map();
    const rows = await this.query().where('v.sample_id = ANY(:ids)', { ids: [...sampleIds] }).getMany();
    return new Map(rows.map((r) => [r.sampleId, r]));
  }

  /** A visit whose inspection is in the caller's scope (its region_code, the inspection's), locked until the transaction ends. */
  lockInScope(principal: Principal, id: string, manager: EntityManager): Promise<InspectionVisitResultEntity | null> {
    return applyRegionScope(this.query(manager).where('v.id = :id', { id }), 'v.region_code', principal).setLock('pessimistic_write').getOne();
  }

  insert(manager: EntityManager, v: Partial<InspectionVisitResultEntity>): Promise<InspectionVisitResultEntity> {
    const repo = manager.getRepository(InspectionVisitResultEntity);
    return repo.save(repo.create(v));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<InspectionVisitResultEntity>): Promise<InspectionVisitResultEntity> {
    return updateWithVersion(manager, InspectionVisitResultEntity, { column: 'id', value: id }, version, patch, () => InspectionErrors.visitNotFound());
  }

  /**
   * The visits counted as of `asOf`: visited by then, of an inspection ended by then (inspections
   * are mostly unannounced, so a running one's visits are not shown to the inspected), in the
   * caller's region and the subtree and inspection asked.
   */
  private counted(principal: Principal, f: VisitMetricFilter): SelectQueryBuilder<InspectionVisitResultEntity> {
    const qb = applyRegionScope(this.query().innerJoin(InspectionEntity, 'i', 'i.id = v.inspection_id'), 'v.village_code', principal, { within: f.regionPrefix })
      .andWhere('v.visited_on <= :asOf', { asOf: f.asOf })
      .andWhere('i.end_on <= :asOf');
    if (f.inspectionId) qb.andWhere('v.inspection_id = :inspectionId', { inspectionId: f.inspectionId });
    return qb;
  }

  /** The counts of every metric in one grouped statement: the total, per town and per inspection (grouping sets). */
  async counts(principal: Principal, f: VisitMetricFilter): Promise<VisitCountRow[]> {
    const qb = this.counted(principal, f)
      .select('v.town_code', 'townCode')
      .addSelect('v.inspection_id', 'inspectionId')
      .addSelect('count(*)::int', 'visited')
      .addSelect(`(count(*) FILTER (WHERE ${OUTCOME_SQL.VERIFIED}))::int`, 'verified')
      .addSelect(`(count(*) FILTER (WHERE ${OUTCOME_SQL.CORRECT}))::int`, 'correct')
      .addSelect(`(count(*) FILTER (WHERE ${OUTCOME_SQL.SHOULD_NOT_BE_REGISTERED}))::int`, 'shouldNotBeRegistered')
      .addSelect('(coalesce(sum(v.missed_households), 0))::int', 'missed')
      .addSelect(`(count(*) FILTER (WHERE ${OUTCOME_SQL.MISSED_FOUND}))::int`, 'missedVisits')
      .addSelect(`(count(*) FILTER (WHERE ${OUTCOME_SQL.EXIT_CHECKED}))::int`, 'exitsChecked')
      .addSelect(`(count(*) FILTER (WHERE ${OUTCOME_SQL.WRONG_EXIT}))::int`, 'wrongExits')
      .groupBy('GROUPING SETS ((), (v.town_code), (v.inspection_id))');
    const rows: VisitCountRow[] = await qb.getRawMany();
    return rows.map((r) => ({
      ...r,
      ...(Object.fromEntries(
        (['visited', 'verified', 'correct', 'shouldNotBeRegistered', 'missed', 'missedVisits', 'exitsChecked', 'wrongExits'] as const).map((k) => [k, Number(r[k])]),
      ) as unknown as VisitCounts),
    }));
  }

  /** The names of towns and the titles of inspections, for the metric rows. */
  async labels(townCodes: readonly string[], inspectionIds: readonly string[]): Promise<{ towns: Map<string, string>; inspections: Map<string, string> }> {
    const towns: { code: string; name: string }[] = townCodes.length ? await this.dataSource.query(`SELECT code, name FROM regions WHERE code = ANY($1)`, [[...townCodes]]) : [];
    const insp: { id: string; title: string }[] = inspectionIds.length
      ? await this.dataSource.query(`SELECT id, title FROM supervision_inspections WHERE id = ANY($1::uuid[])`, [[...inspectionIds]])
      : [];
    return { towns: new Map(towns.map((r) => [r.code, r.name])), inspections: new Map(insp.map((r) => [r.id, r.title])) };
  }

  /** The visits behind one number (counted as of the date, of the outcome), latest visited first. */
  outcomePage(principal: Principal, f: VisitMetricFilter, outcome: InspectionVisitOutcome, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<InspectionVisitResultEntity>> {
    const qb = this.counted(principal, f).andWhere(OUTCOME_SQL[outcome]);
    return paginate(qb, args, { tag: 'visited', column: 'v.visited_on', type: 'date', idColumn: 'v.id', key: (v) => [v.visitedOn, v.id], direction: 'DESC' }, { withTotalCount });
  }
}
