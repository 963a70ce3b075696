import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope } from '../common/access/region-scope';
import type { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { EvidenceFileEntity, FindingEntity, FindingEventEntity, FindingSource, FindingStage, ProgressNoteEntity, SupervisionLetterEntity } from './finding.entity';
import { SupervisionErrors } from './supervision.errors';
import { SETTLED_STAGES } from './supervision-procedure';

export interface FindingFilter {
  regionPrefix?: string;
  stage?: FindingStage;
  source?: FindingSource;
  category?: string;
  overdue?: boolean;
  householdId?: string;
  projectId?: string;
  inspectionId?: string;
}

/**
 * How a finding stands as of a date, for the rectification rates (disjoint, their sum is DUE):
 * rectified (accepted) by its deadline, rectified after it, referred to discipline inspection
 * unrectified, still open. CLOSED (struck off by then) is a part of ON_TIME and LATE.
 */
export enum RectificationOutcome {
  DUE = 'DUE',
  ON_TIME = 'ON_TIME',
  LATE = 'LATE',
  REFERRED = 'REFERRED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

/** The children of findings a page or a record reads along. */
export interface FindingChildren {
  events: FindingEventEntity[];
  progressNotes: ProgressNoteEntity[];
  letter: SupervisionLetterEntity | null;
  /** Evidence files (整改佐证材料) without their bytes, by upload time. */
  evidenceFiles: EvidenceFileEntity[];
}

export interface RateCounts {
  due: number;
  onTime: number;
  late: number;
  referred: number;
  open: number;
  closed: number;
}

/** A finding's as-of conditions (bound to :asOf): what each outcome means in SQL. */
const ACCEPTED_BY = `(f.accepted_on IS NOT NULL AND f.accepted_on <= :asOf)`;
const OUTCOME_SQL: Record<RectificationOutcome, string> = {
  [RectificationOutcome.DUE]: 'TRUE',
  [RectificationOutcome.ON_TIME]: `${ACCEPTED_BY} AND f.accepted_on <= f.deadline`,
  [RectificationOutcome.LATE]: `${ACCEPTED_BY} AND f.accepted_on > f.deadline`,
  [RectificationOutcome.REFERRED]: `NOT ${ACCEPTED_BY} AND f.referred_on IS NOT NULL AND f.referred_on <= :asOf`,
  [RectificationOutcome.OPEN]: `NOT ${ACCEPTED_BY} AND NOT (f.referred_on IS NOT NULL AND f.referred_on <= :asOf)`,
  [RectificationOutcome.CLOSED]: `f.closed_on IS NOT NULL AND f.closed_on <= :asOf`,
};

/** The town of a finding's place (the district itself for a district-level finding), in SQL. */
const RATE_KEYS = ['due', 'onTime', 'late', 'referred', 'open', 'closed'] as const;
/** SQL: the town of a region code column (a district-level code stays itself). */
export const townOf = (column: string): string => `CASE WHEN substr(${column}, 7, 3) = '000' THEN ${column} ELSE substr(${column}, 1, 9) || '000' END`;
const TOWN_OF = townOf('f.region_code');

/**
 * The SQL of findings. Every read for a caller goes through applyRegionScope on the finding's own
 * region_code (its place): the district sees all, a town its town and villages, a village its own.
 */
@Injectable()
export class SupervisionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager): SelectQueryBuilder<FindingEntity> {
    return (manager ?? this.dataSource.manager).getRepository(FindingEntity).createQueryBuilder('f');
  }

  /** A page of the caller's findings, newest found first. */
  page(principal: Principal, filter: FindingFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FindingEntity>> {
    const qb = applyRegionScope(this.query(), 'f.region_code', principal, { within: filter.regionPrefix });
    if (filter.stage) qb.andWhere('f.stage = :stage', { stage: filter.stage });
    if (filter.source) qb.andWhere('f.source = :source', { source: filter.source });
    if (filter.category) qb.andWhere('f.category = :category', { category: filter.category });
    if (filter.overdue !== undefined) qb.andWhere(filter.overdue ? 'f.overdue_since IS NOT NULL' : 'f.overdue_since IS NULL');
    if (filter.householdId) qb.andWhere('f.household_id = :householdId', { householdId: filter.householdId });
    if (filter.projectId) qb.andWhere('f.project_id = :projectId', { projectId: filter.projectId });
    if (filter.inspectionId) qb.andWhere('f.inspection_id = :inspectionId', { inspectionId: filter.inspectionId });
    return paginate(qb, args, { tag: 'found', column: 'f.found_on', type: 'date', idColumn: 'f.id', key: (f) => [f.foundOn, f.id], direction: 'DESC' }, { withTotalCount });
  }

  /**
   * The findings behind the overdue figure as of `asOf`: found by then, past their deadline, not
   * rectified (accepted) and not referred by then; by deadline.
   */
  overduePage(principal: Principal, asOf: string, regionPrefix: string | undefined, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FindingEntity>> {
    const qb = this.asOfQuery(principal, asOf, regionPrefix).andWhere('f.deadline < :asOf').andWhere(OUTCOME_SQL[RectificationOutcome.OPEN]);
    return paginate(qb, args, { tag: 'deadline', column: 'f.deadline', type: 'date', idColumn: 'f.id', key: (f) => [f.deadline, f.id] }, { withTotalCount });
  }

  /** The findings behind one number of the rectification rates (due by `asOf`, of `outcome`; of one responsible unit when given), by deadline. */
  outcomePage(
    principal: Principal,
    asOf: string,
    regionPrefix: string | undefined,
    outcome: RectificationOutcome,
    args: ConnectionArgs,
    withTotalCount: boolean,
    responsibleUnit?: string,
  ): Promise<Connection<FindingEntity>> {
    const qb = this.dueQuery(principal, asOf, regionPrefix).andWhere(OUTCOME_SQL[outcome]);
    if (responsibleUnit !== undefined) qb.andWhere('f.responsible_unit = :unit', { unit: responsibleUnit });
    return paginate(qb, args, { tag: 'deadline', column: 'f.deadline', type: 'date', idColumn: 'f.id', key: (f) => [f.deadline, f.id] }, { withTotalCount });
  }

  /**
   * The rates' counts as of `asOf` in one statement (GROUPING SETS: one pass over the findings):
   * per town (the district's own findings under its code) by code, per responsible unit by name,
   * and in total.
   */
  async rateCounts(
    principal: Principal,
    asOf: string,
    regionPrefix: string | undefined,
  ): Promise<{ total: RateCounts; byTown: (RateCounts & { regionCode: string; regionName: string | null })[]; byResponsibleUnit: (RateCounts & { unit: string })[] }> {
    const qb = this.dueQuery(principal, asOf, regionPrefix)
      .select(TOWN_OF, 'town')
      .addSelect('f.responsible_unit', 'unit')
      .addSelect(`GROUPING(${TOWN_OF})`, 'g_town')
      .addSelect('GROUPING(f.responsible_unit)', 'g_unit')
      .addSelect('count(*)::int', 'due');
    for (const [name, outcome] of [
      ['onTime', RectificationOutcome.ON_TIME],
      ['late', RectificationOutcome.LATE],
      ['referred', RectificationOutcome.REFERRED],
      ['open', RectificationOutcome.OPEN],
      ['closed', RectificationOutcome.CLOSED],
    ] as const) {
      qb.addSelect(`(count(*) FILTER (WHERE ${OUTCOME_SQL[outcome]}))::int`, name);
    }
    qb.groupBy(`GROUPING SETS ((${TOWN_OF}), (f.responsible_unit), ())`).orderBy('town', 'ASC').addOrderBy('unit', 'ASC');
    const rows: (Record<(typeof RATE_KEYS)[number], number> & { town: string | null; unit: string | null; g_town: number; g_unit: number })[] = await qb.getRawMany();
    const countsOf = (r: Record<string, unknown> | undefined) => Object.fromEntries(RATE_KEYS.map((k) => [k, Number(r?.[k] ?? 0)])) as unknown as RateCounts;
    const towns = rows.filter((r) => Number(r.g_town) === 0);
    const names = new Map<string, string>(
      towns.length ? (await this.dataSource.query(`SELECT code, name FROM regions WHERE code = ANY($1)`, [towns.map((r) => r.town)])).map((r: { code: string; name: string }) => [r.code, r.name]) : [],
    );
    return {
      total: countsOf(rows.find((r) => Number(r.g_town) === 1 && Number(r.g_unit) === 1)),
      byTown: towns.map((r) => ({ regionCode: r.town!, regionName: names.get(r.town!) ?? null, ...countsOf(r) })),
      byResponsibleUnit: rows.filter((r) => Number(r.g_unit) === 0).map((r) => ({ unit: r.unit!, ...countsOf(r) })),
    };
  }

  /** Findings found by `asOf` in the caller's scope (and the filter's subtree). */
  private asOfQuery(principal: Principal, asOf: string, regionPrefix: string | undefined): SelectQueryBuilder<FindingEntity> {
    return applyRegionScope(this.query(), 'f.region_code', principal, { within: regionPrefix }).andWhere('f.found_on <= :asOf', { asOf });
  }

  /** Findings due by `asOf` (deadline on or before it). */
  private dueQuery(principal: Principal, asOf: string, regionPrefix: string | undefined): SelectQueryBuilder<FindingEntity> {
    return this.asOfQuery(principal, asOf, regionPrefix).andWhere('f.deadline <= :asOf');
  }

  /** Findings in the caller's scope. */
  findInScope(principal: Principal, ids: readonly string[], manager?: EntityManager): Promise<FindingEntity[]> {
    return applyRegionScope(this.query(manager).where('f.id = ANY(:ids)', { ids: [...ids] }), 'f.region_code', principal).getMany();
  }

  /** A finding in the caller's scope, locked until the transaction ends. */
  lockInScope(principal: Principal, id: string, manager: EntityManager): Promise<FindingEntity | null> {
    return applyRegionScope(this.query(manager).where('f.id = :id', { id }), 'f.region_code', principal).setLock('pessimistic_write').getOne();
  }

  /** The children of these findings, each kind in one statement (only the kinds asked for). */
  async children(ids: readonly string[], kinds: ReadonlySet<keyof FindingChildren>, manager?: EntityManager): Promise<Map<string, FindingChildren>> {
    const m = manager ?? this.dataSource.manager;
    const out = new Map<string, FindingChildren>(ids.map((id) => [id, { events: [], progressNotes: [], letter: null, evidenceFiles: [] }]));
    if (!ids.length) return out;
    if (kinds.has('events')) {
      const rows = await m.getRepository(FindingEventEntity).createQueryBuilder('e').where('e.finding_id = ANY(:ids)', { ids: [...ids] }).orderBy('e.effective_on').addOrderBy('e.created_at').addOrderBy('e.id').getMany();
      for (const r of rows) out.get(r.findingId)!.events.push(r);
    }
    if (kinds.has('progressNotes')) {
      const rows = await m.getRepository(ProgressNoteEntity).createQueryBuilder('n').where('n.finding_id = ANY(:ids)', { ids: [...ids] }).orderBy('n.noted_on').addOrderBy('n.created_at').addOrderBy('n.id').getMany();
      for (const r of rows) out.get(r.findingId)!.progressNotes.push(r);
    }
    if (kinds.has('letter')) {
      const rows = await m.getRepository(SupervisionLetterEntity).createQueryBuilder('l').where('l.finding_id = ANY(:ids)', { ids: [...ids] }).getMany();
      for (const r of rows) out.get(r.findingId)!.letter = r;
    }
    if (kinds.has('evidenceFiles')) {
      const rows = await m.getRepository(EvidenceFileEntity).createQueryBuilder('x').where('x.finding_id = ANY(:ids)', { ids: [...ids] }).orderBy('x.created_at').addOrderBy('x.id').getMany();
      for (const r of rows) out.get(r.findingId)!.evidenceFiles.push(r);
    }
    return out;
  }

  /** The last event of an action on a finding (who requested the acceptance now being decided). */
  lastEvent(manager: EntityManager, findingId: string, action: string): Promise<FindingEventEntity | null> {
    return manager
      .getRepository(FindingEventEntity)
      .createQueryBuilder('e')
      .where('e.finding_id = :findingId AND e.action = :action', { findingId, action })
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.effective_on', 'DESC')
      .getOne();
  }

  insert(manager: EntityManager, finding: Partial<FindingEntity>): Promise<FindingEntity> {
    const repo = manager.getRepository(FindingEntity);
    return repo.save(repo.create(finding));
  }

  insertEvent(manager: EntityManager, event: Partial<FindingEventEntity>): Promise<FindingEventEntity> {
    const repo = manager.getRepository(FindingEventEntity);
    return repo.save(repo.create(event));
  }

  insertProgressNote(manager: EntityManager, note: Partial<ProgressNoteEntity>): Promise<ProgressNoteEntity> {
    const repo = manager.getRepository(ProgressNoteEntity);
    return repo.save(repo.create(note));
  }

  insertLetter(manager: EntityManager, letter: Partial<SupervisionLetterEntity>): Promise<SupervisionLetterEntity> {
    const repo = manager.getRepository(SupervisionLetterEntity);
    return repo.save(repo.create(letter));
  }

  /** Checks the version the caller read: a stale one is the kit's CONFLICT / VERSION_MISMATCH. */
  update(manager: EntityManager, id: string, version: number, patch: Partial<FindingEntity>): Promise<FindingEntity> {
    return updateWithVersion(manager, FindingEntity, { column: 'id', value: id }, version, patch, () => SupervisionErrors.findingNotFound());
  }

  /**
   * Findings not rectified, not referred, past their deadline before `today` and not yet marked,
   * locked; a finding another transaction holds is skipped (the job sees it at its next run).
   */
  lockNewlyOverdue(manager: EntityManager, today: string): Promise<FindingEntity[]> {
    return this.query(manager)
      .where('f.stage <> ALL(:settled)', { settled: [...SETTLED_STAGES] })
      .andWhere('f.deadline < :today', { today })
      .andWhere('f.overdue_since IS NULL')
      .orderBy('f.deadline')
      .addOrderBy('f.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /**
   * How many letters were numbered in a year (the next number is one more). Holds the year's
   * numbering lock until the transaction ends, so two runs (two instances) never count alike.
   */
  async lettersOfYear(manager: EntityManager, prefix: string): Promise<number> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`supervision_letters|${prefix}`]);
    const [row] = await manager.query(`SELECT count(*)::int AS n FROM supervision_letters WHERE number LIKE $1`, [`${prefix}%`]);
    return row.n as number;
  }
}

