import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { applyRegionScope, applyWithin } from '../../common/access/region-scope';
import { Principal } from '../../common/access/principal';
import { updateWithVersion } from '../../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../../common/pagination/connection';
import { paginate } from '../../common/pagination/keyset';
import { HouseholdEventEntity, HouseholdEventKind } from '../household-event.entity';
import { HouseholdEntity, HouseholdValidity } from '../household.entity';
import { PovertyStatus } from '../registry-codes';
import { MemberEntity } from '../member.entity';
import { ProposalEntity, ProposalKind, ProposalStage } from '../proposal.entity';
import { readHouseholdsAsOf } from '../as-of';
import { LifecycleErrors } from './lifecycle.errors';

export interface ProposalFilter {
  kind?: ProposalKind;
  stage?: ProposalStage;
  /** Code prefix of a region's subtree. */
  regionPrefix?: string;
  householdId?: string;
  openOnly?: boolean;
}

export const OPEN_STAGES: readonly ProposalStage[] = [
  ProposalStage.PROPOSED,
  ProposalStage.HOUSEHOLD_AGREED,
  ProposalStage.TOWN_REVIEWED,
  ProposalStage.IN_NOTICE,
];

/**
 * The SQL of the registry's procedures: proposals, the event history, and the household and
 * member rows a procedure changes. Reads for a caller apply the caller's region scope. Every
 * write takes the transaction's EntityManager.
 */
@Injectable()
export class LifecycleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ---- households -------------------------------------------------------------------------

  /** Changes the lifecycle columns of a household the transaction holds locked; bumps its version. */
  async updateHousehold(
    m: EntityManager,
    id: string,
    patch: Partial<Pick<HouseholdEntity, 'status' | 'validity' | 'exitYear' | 'yearRegistered' | 'headMemberId'>>,
  ): Promise<void> {
    await m
      .createQueryBuilder()
      .update(HouseholdEntity)
      .set({ ...patch, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  // ---- events -----------------------------------------------------------------------------

  async insertEvents(m: EntityManager, events: Partial<HouseholdEventEntity>[]): Promise<void> {
    if (events.length) await m.getRepository(HouseholdEventEntity).insert(events);
  }

  /** The effective date of the household's latest status change, if any. */
  async lastStatusChangeOn(m: EntityManager, householdId: string): Promise<string | null> {
    const [row] = await m.query(
      `SELECT max(effective_on)::text AS last FROM household_events WHERE household_id = $1 AND kind = 'STATUS_CHANGED'`,
      [householdId],
    );
    return (row?.last as string | null) ?? null;
  }

  /** The effective date of a proposal's latest step. */
  async lastStepOn(m: EntityManager, proposalId: string): Promise<string | null> {
    const [row] = await m.query(`SELECT max(effective_on)::text AS last FROM household_events WHERE proposal_id = $1`, [proposalId]);
    return (row?.last as string | null) ?? null;
  }

  /** The status an exit proposal moved the household from (into 预脱贫), to restore it when the exit stops. */
  async statusBeforeExit(m: EntityManager, proposalId: string): Promise<HouseholdEventEntity | null> {
    return m
      .getRepository(HouseholdEventEntity)
      .createQueryBuilder('e')
      .where('e.proposal_id = :proposalId AND e.kind = :kind AND e.to_status = :to', {
        proposalId,
        kind: HouseholdEventKind.STATUS_CHANGED,
        to: 'EXIT_IN_PROGRESS',
      })
      .orderBy('e.created_at', 'ASC')
      .getOne();
  }

  eventsOfHouseholds(householdIds: readonly string[]): Promise<HouseholdEventEntity[]> {
    return this.m()
      .getRepository(HouseholdEventEntity)
      .createQueryBuilder('e')
      .where('e.household_id = ANY(:ids)', { ids: [...householdIds] })
      .orderBy('e.effective_on', 'ASC')
      .addOrderBy('e.created_at', 'ASC')
      // One step writes its rows in one transaction (same created_at): the step, then what it changed.
      .addOrderBy(`CASE e.kind WHEN 'PROCEDURE_STEP' THEN 0 WHEN 'STATUS_CHANGED' THEN 1 ELSE 2 END`, 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }

  // ---- proposals --------------------------------------------------------------------------

  async hasOpenProposal(m: EntityManager, householdId: string): Promise<boolean> {
    const n = await m
      .getRepository(ProposalEntity)
      .createQueryBuilder('p')
      .where('p.household_id = :householdId AND p.stage = ANY(:open)', { householdId, open: [...OPEN_STAGES] })
      .getCount();
    return n > 0;
  }

  async insertProposal(m: EntityManager, p: Partial<ProposalEntity>): Promise<ProposalEntity> {
    const repo = m.getRepository(ProposalEntity);
    try {
      return await repo.save(repo.create(p));
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') throw LifecycleErrors.proposalOpen();
      throw e;
    }
  }

  findProposalsInScope(principal: Principal, ids: readonly string[], manager?: EntityManager): Promise<ProposalEntity[]> {
    const qb = this.m(manager).getRepository(ProposalEntity).createQueryBuilder('p').where('p.id = ANY(:ids)', { ids: [...ids] });
    return applyRegionScope(qb, 'p.region_code', principal).getMany();
  }

  /** Exits whose public notice started between two days (in notice or announced since), in the caller's scope. */
  exitsNoticedBetween(principal: Principal, from: string, to: string): Promise<ProposalEntity[]> {
    const qb = this.m()
      .getRepository(ProposalEntity)
      .createQueryBuilder('p')
      .where('p.kind = :exit AND p.notice_starts_on BETWEEN :from AND :to', { exit: ProposalKind.EXIT, from, to })
      .andWhere('p.stage = ANY(:stages)', { stages: [ProposalStage.IN_NOTICE, ProposalStage.COMPLETED] });
    return applyRegionScope(qb, 'p.region_code', principal).orderBy('p.notice_starts_on').addOrderBy('p.id').getMany();
  }

  updateProposal(m: EntityManager, id: string, version: number, patch: Partial<ProposalEntity>): Promise<ProposalEntity> {
    return updateWithVersion(m, ProposalEntity, { column: 'id', value: id }, version, patch, LifecycleErrors.proposalNotFound);
  }

  /** Newest first, keyset over (created_at to the millisecond, id). */
  pageProposals(principal: Principal, filter: ProposalFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ProposalEntity>> {
    const qb = applyRegionScope(this.m().getRepository(ProposalEntity).createQueryBuilder('p'), 'p.region_code', principal);
    if (filter.kind) qb.andWhere('p.kind = :kind', { kind: filter.kind });
    if (filter.stage) qb.andWhere('p.stage = :stage', { stage: filter.stage });
    if (filter.householdId) qb.andWhere('p.household_id = :householdId', { householdId: filter.householdId });
    if (filter.regionPrefix) applyWithin(qb, 'p.region_code', filter.regionPrefix);
    if (filter.openOnly) qb.andWhere('p.stage = ANY(:open)', { open: [...OPEN_STAGES] });
    return paginate(
      qb,
      args,
      { tag: 'created', column: 'p.created_at', type: 'timestamp', idColumn: 'p.id', key: (p) => [p.createdAt.toISOString(), p.id], direction: 'DESC' },
      { withTotalCount },
    );
  }

  proposalsOfHouseholds(householdIds: readonly string[], openOnly = false): Promise<ProposalEntity[]> {
    const qb = this.m()
      .getRepository(ProposalEntity)
      .createQueryBuilder('p')
      .where('p.household_id = ANY(:ids)', { ids: [...householdIds] });
    if (openOnly) qb.andWhere('p.stage = ANY(:open)', { open: [...OPEN_STAGES] });
    return qb.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').getMany();
  }

  // ---- members ----------------------------------------------------------------------------

  async makeHead(m: EntityManager, householdId: string, memberId: string): Promise<void> {
    await m
      .createQueryBuilder()
      .update(MemberEntity)
      .set({ relation: 'HEAD', version: () => 'version + 1' })
      .where('id = :id', { id: memberId })
      .execute();
    await this.updateHousehold(m, householdId, { headMemberId: memberId });
  }

  // ---- as of a date -------------------------------------------------------------------------

  /**
   * Status, validity and exit year of households on dates, from their STATUS_CHANGED events:
   * the latest change effective on or before the date (ties: the later recorded). No change yet:
   * no status, CANDIDATE — the same reading as the households list's `asOf` filter (as-of.ts).
   */
  statusesAsOf(keys: readonly { householdId: string; date: string }[], manager?: EntityManager): Promise<StatusAsOfRow[]> {
    return readHouseholdsAsOf(this.m(manager), keys);
  }

  /**
   * A registration approved on `on`, earlier than the day its household was entered: the members
   * entered with it without a date of their own (they joined "today", the day it was entered) were
   * members when it was registered, so they join on that date (not before their birth), and the
   * first head's HEAD_CHANGED event moves with them. Returns how many moved.
   */
  async joinOnRegistration(m: EntityManager, householdId: string, on: string): Promise<number> {
    const [row]: { n: number }[] = await m.query(
      `WITH moved AS (
         UPDATE members mm SET joined_on = GREATEST($2::date, mm.birth_date), version = mm.version + 1, updated_at = now()
           FROM households h
          WHERE h.id = $1 AND mm.household_id = h.id AND mm.join_reason = 'REGISTRATION' AND mm.joined_on > $2::date
            AND mm.joined_on = ((h.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date
         RETURNING mm.id, mm.joined_on),
       head AS (
         UPDATE household_events e SET effective_on = moved.joined_on FROM moved
          WHERE e.household_id = $1 AND e.member_id = moved.id AND e.kind = 'HEAD_CHANGED' AND e.step IS NULL AND e.effective_on > moved.joined_on
         RETURNING e.id)
       SELECT (SELECT count(*) FROM moved)::int AS n, (SELECT count(*) FROM head)::int AS heads`,
      [householdId, on],
    );
    return Number(row.n);
  }
}

export interface StatusAsOfRow {
  householdId: string;
  date: string;
  status: PovertyStatus | null;
  validity: HouseholdValidity;
  exitYear: number | null;
}
