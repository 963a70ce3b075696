import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { yearEnd } from '../common/dates/local-date';
import { afterCursorSql } from '../common/imports/export-page';
import { findScoped } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { INCOME_SQL } from '../households/household-income';
import { HealthErrors } from './health.errors';
import { HospitalStayEntity, LayerPayment } from './hospital-stay.entity';

export interface HospitalStayFilter {
  memberId?: string;
  householdId?: string;
  /** Stays discharged in this year. */
  year?: number;
  withinPrefix?: string;
}

/**
 * The households with stays discharged in :ohYear whose household-paid share of the year's total
 * cost is above :ohTarget (one grouped pass; exact numeric, never a float).
 */
export const HOUSEHOLDS_OVER_TARGET = `SELECT s.household_id FROM hospital_stays s
    WHERE s.discharged_on BETWEEN CAST(:ohStart AS date) AND CAST(:ohEnd AS date)
    GROUP BY s.household_id
   HAVING sum(s.total_cost) > 0 AND sum(s.household_paid) > CAST(:ohTarget AS numeric) * sum(s.total_cost)`;

/**
 * The households with stays discharged in the year (:ohStart–:ohEnd) whose out-of-pocket spending
 * (Σ household paid) is catastrophic against the registry's net income (纯收入) of :chYear: above
 * :chThreshold × the net income, or any spending at all where no income is recorded for the year
 * or the net income is 0 or less (one grouped pass; exact numeric, never a float).
 */
export const HOUSEHOLDS_WITH_CATASTROPHIC_SPENDING = `SELECT s.household_id FROM hospital_stays s
    LEFT JOIN household_incomes i ON i.household_id = s.household_id AND i.year = :chYear
    WHERE s.discharged_on BETWEEN CAST(:ohStart AS date) AND CAST(:ohEnd AS date)
    GROUP BY s.household_id
   HAVING sum(s.household_paid) > 0
      AND (COALESCE(max(${INCOME_SQL.netIncome}), 0) <= 0 OR sum(s.household_paid) > CAST(:chThreshold AS numeric) * max(${INCOME_SQL.netIncome}))`;

/** The dates bounding a year, for HOUSEHOLDS_OVER_TARGET and the year filter. */
export const yearBounds = (year: number) => ({ ohStart: `${year}-01-01`, ohEnd: yearEnd(year) });

/** A stay as the roster export (kind hospital-stays) reads it: the import's columns by key, with the keyset's id and admission date. */
export interface HospitalStayExportRow {
  id: string;
  householdNumber: string;
  /** The keyset's second key (the admission date, as text): the roster kit names it startsOn. */
  startsOn: string;
  memberName: string;
  relation: string;
  hospital: string;
  hospitalLevel: string;
  inCounty: boolean;
  admittedOn: string;
  dischargedOn: string;
  diagnosis: string;
  icd10Code: string | null;
  totalCost: string;
  layerPayments: LayerPayment[];
  householdPaid: string;
  treatFirstPayLater: boolean;
}

/** The roster export's keyset order (exportPage orders by the same expressions). */
const STAY_EXPORT_ORDER = ['h.household_number', 's.admitted_on::text', 's.id::text'] as const;

/** The SQL of hospital stays, scoped by the household's village (writes: and the sector). */
@Injectable()
export class HospitalStaysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** A page of the caller's stays, latest discharge first. */
  page(principal: Principal, filter: HospitalStayFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<HospitalStayEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(HospitalStayEntity).createQueryBuilder('s'), 's.region_code', principal);
    applyWithin(qb, 's.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('s.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('s.household_id = :householdId', { householdId: filter.householdId });
    if (filter.year !== undefined) qb.andWhere('s.discharged_on BETWEEN CAST(:ohStart AS date) AND CAST(:ohEnd AS date)', yearBounds(filter.year));
    return paginate(qb, args, { tag: 'discharged', column: 's.discharged_on', type: 'date', direction: 'DESC', idColumn: 's.id', key: (s) => [s.dischargedOn, s.id] }, { withTotalCount });
  }

  findInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<HospitalStayEntity[]> {
    return findScoped(this.manager(manager), HospitalStayEntity, holder, ids, forWrite);
  }

  /** The stays of households discharged in a year, by household id, in discharge order (one statement for a page). */
  async ofHouseholdsInYear(householdIds: readonly string[], year: number): Promise<Map<string, HospitalStayEntity[]>> {
    const out = new Map<string, HospitalStayEntity[]>(householdIds.map((id) => [id, []]));
    if (!householdIds.length) return out;
    const rows = await this.manager()
      .getRepository(HospitalStayEntity)
      .createQueryBuilder('s')
      .where('s.household_id = ANY(:ids)', { ids: [...householdIds] })
      .andWhere('s.discharged_on BETWEEN CAST(:ohStart AS date) AND CAST(:ohEnd AS date)', yearBounds(year))
      .orderBy('s.discharged_on')
      .addOrderBy('s.id')
      .getMany();
    for (const s of rows) out.get(s.householdId)!.push(s);
    return out;
  }

  /** The registry's net income (纯收入) of the households in a year, by household id (households without an income of the year absent; one statement). */
  async netIncomesOf(householdIds: readonly string[], year: number): Promise<Map<string, string>> {
    if (!householdIds.length) return new Map();
    const rows: { household_id: string; net: string }[] = await this.manager().query(
      `SELECT i.household_id, (${INCOME_SQL.netIncome})::numeric(14,2)::text AS net FROM household_incomes i WHERE i.household_id = ANY($1) AND i.year = $2`,
      [[...householdIds], year],
    );
    return new Map(rows.map((r) => [r.household_id, r.net]));
  }

  /** An import's read of a member's stays in a hospital admitted on a day (the roster's key), locked with the write scope (one outside it is not found). */
  findSame(scope: ScopeHolder, manager: EntityManager, key: { memberId: string; hospital: string; admittedOn: string }): Promise<HospitalStayEntity[]> {
    const qb = manager
      .getRepository(HospitalStayEntity)
      .createQueryBuilder('s')
      .where('s.member_id = :memberId AND s.hospital = :hospital AND s.admitted_on = CAST(:admittedOn AS date)', key)
      .orderBy('s.id');
    return applyRegionScope(qb, 's.region_code', scope, { sector: { column: 's.sector', access: 'write' } }).setLock('pessimistic_write').getMany();
  }

  /**
   * A page of the caller's stays for the roster export (kind hospital-stays), in one statement:
   * the list's scope narrowed by `regionPrefix`, by household number, admission date and id after
   * the export's cursor; the member by name and relation (never the ID number).
   */
  exportPage(principal: Principal, regionPrefix: string | undefined, after: string | null, limit: number): Promise<HospitalStayExportRow[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('s.region_code', principal, params, { within: regionPrefix ?? null });
    const keyset = afterCursorSql(after, STAY_EXPORT_ORDER, params);
    return this.dataSource.query(
      `SELECT s.id, h.household_number AS "householdNumber", ${STAY_EXPORT_ORDER[1]} AS "startsOn", mb.name AS "memberName", mb.relation::text AS relation,
              s.hospital, s.hospital_level::text AS "hospitalLevel", s.in_county AS "inCounty", s.admitted_on::text AS "admittedOn", s.discharged_on::text AS "dischargedOn",
              s.diagnosis, s.icd10_code AS "icd10Code", s.total_cost::text AS "totalCost", s.layer_payments AS "layerPayments", s.household_paid::text AS "householdPaid",
              s.treat_first_pay_later AS "treatFirstPayLater"
         FROM hospital_stays s
         JOIN households h ON h.id = s.household_id
         JOIN members mb ON mb.id = s.member_id
        WHERE ${scope} AND ${keyset}
        ORDER BY ${STAY_EXPORT_ORDER.join(', ')}
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  insert(manager: EntityManager, row: Partial<HospitalStayEntity>): Promise<HospitalStayEntity> {
    const repo = manager.getRepository(HospitalStayEntity);
    return repo.save(repo.create(row));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<HospitalStayEntity>): Promise<HospitalStayEntity> {
    return updateWithVersion(manager, HospitalStayEntity, { column: 'id', value: id }, version, patch, () => HealthErrors.stayNotFound());
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(HospitalStayEntity).delete({ id });
  }
}
