import { todayInChina, yearsBefore } from '../common/dates/local-date';
import { containsPattern } from '../common/sql/like';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope, regionScopeConditions, withinCondition } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { CompiledAnswer, CompiledReads, ReadPlan } from '../common/graphql/compiled-read';
import { applyConditions, condition, rawSql, SqlCondition } from '../common/sql/conditions';
import { rawEntityReader, RawEntityReader } from '../common/sql/raw-entities';
import { HouseholdsErrors } from './households.errors';
import { MemberInsuranceEntity } from './member-insurance.entity';
import { LeaveReason, MemberEntity } from './member.entity';
import { LabourSkill } from './registry-codes';
import { SpecialGroup } from './registry-enums';

export interface MemberFilter {
  householdId?: string;
  regionPrefix?: string;
  idNumberHash?: string;
  nameContains?: string;
  labourSkill?: LabourSkill;
  specialGroup?: SpecialGroup;
  /** Default true: current members only; false: former only; null: both. */
  active?: boolean | null;
  /** YYYY-MM-DD: members of their household on that date (instead of `active`). */
  asOf?: string;
}

/** A membership that holds an ID number's blind index actively, with its household's number. */
export interface ActiveHolder {
  memberId: string;
  householdId: string;
  regionCode: string;
  householdNumber: string;
  idNumberHash: string;
}

/** The order of a household's members in every list of them: head first, then by birth date. */
export function membersOrderSql(alias: string): string {
  return `CASE WHEN ${alias}.relation = 'HEAD' THEN 0 ELSE 1 END, ${alias}.birth_date, ${alias}.id`;
}

/** `alias` was a member of its household on the date `param` (SQL; param is a placeholder or literal). */
export function memberAsOfSql(alias: string, param: string): string {
  return `(${alias}.joined_on <= ${param} AND (${alias}.left_on IS NULL OR ${alias}.left_on > ${param}))`;
}

/**
 * `alias` counts in its household's size at the end of `year` (SQL; an integer expression): joined
 * by 31 December, not left or dead by then (household_income.ts: 人均纯收入's divisor).
 */
export function memberAtYearEndSql(alias: string, year: string): string {
  const end = `make_date(${year}, 12, 31)`;
  return `${alias}.joined_on <= ${end} AND (${alias}.left_on IS NULL OR ${alias}.left_on > ${end}) AND (${alias}.died_on IS NULL OR ${alias}.died_on > ${end})`;
}

/** §7 special groups as a condition on a members alias; ages are counted on `asOf` (default today, China time). */
export function specialGroupCondition(alias: string, group: SpecialGroup, asOf?: string): SqlCondition {
  switch (group) {
    case SpecialGroup.ELDERLY: {
      const bornBy = yearsBefore(asOf ?? todayInChina(), 60);
      return (v) => `${alias}.birth_date <= ${v(bornBy)}`;
    }
    case SpecialGroup.DISABLED:
      return rawSql(`'DISABLED' = ANY(${alias}.health)`);
    case SpecialGroup.SERIOUSLY_ILL:
      return rawSql(`'SERIOUS_ILLNESS' = ANY(${alias}.health)`);
    case SpecialGroup.SEVERELY_DISABLED_NEEDING_CARE:
      return rawSql(`('DISABLED' = ANY(${alias}.health) AND ${alias}.disability_grade BETWEEN 1 AND 2)`);
  }
}

/** `alias` was a member of its household on `asOf` (a bound date), or (without it) is a current member: as a condition. */
export function memberOnCondition(alias: string, asOf: string | undefined): SqlCondition {
  return asOf ? (v) => memberAsOfSql(alias, v(asOf)) : rawSql(`${alias}.active`);
}

/** Members by name (a cursor carries the name and the id). */
const MEMBERS_BY_NAME: KeysetSort<MemberEntity> = { tag: 'name', column: 'm.name', type: 'text', idColumn: 'm.id', key: (m) => [m.name, m.id] };

/**
 * The SQL of members and their insurance. Every read for a caller goes through region scope
 * (members carry their household's village code). Methods taking an EntityManager run inside the
 * caller's transaction: pass it, never mix connections.
 */
@Injectable()
export class MembersRepository {
  private readonly reader: RawEntityReader<MemberEntity>;

  /** What the members page's cursors read (name and id). */
  private readonly keys: RawEntityReader<MemberEntity>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: CompiledReads,
  ) {
    this.reader = rawEntityReader(dataSource, MemberEntity, 'm');
    this.keys = rawEntityReader(dataSource, MemberEntity, 'm', ['id', 'name']);
  }

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(MemberEntity);
  }

  /**
   * The members list's conditions on alias `m`, region scope first, written once for both read
   * paths (src/common/sql/conditions.ts): `query` (the query builder's page) and `compiledPage`.
   */
  private conditions(principal: Principal, filter: MemberFilter): SqlCondition[] {
    const out = regionScopeConditions('m.region_code', principal);
    if (filter.asOf) out.push(memberOnCondition('m', filter.asOf));
    else if (filter.active !== null) out.push(condition`m.active = ${filter.active ?? true}`);
    if (filter.householdId) out.push(condition`m.household_id = ${filter.householdId}`);
    if (filter.regionPrefix) out.push(withinCondition('m.region_code', filter.regionPrefix));
    if (filter.idNumberHash) out.push(condition`m.id_number_hash = ${filter.idNumberHash}`);
    if (filter.nameContains) out.push(condition`m.name LIKE ${containsPattern(filter.nameContains)} ESCAPE '\\'`);
    if (filter.labourSkill) out.push(condition`m.labour_skill = ${filter.labourSkill}`);
    if (filter.specialGroup) out.push(specialGroupCondition('m', filter.specialGroup, filter.asOf));
    return out;
  }

  query(principal: Principal, filter: MemberFilter, manager?: EntityManager): SelectQueryBuilder<MemberEntity> {
    return applyConditions(this.repo(manager).createQueryBuilder('m'), this.conditions(principal, filter), 'mf');
  }

  page(principal: Principal, filter: MemberFilter, args: ConnectionArgs, withTotalCount = false): Promise<Connection<MemberEntity>> {
    return paginate(this.query(principal, filter), args, MEMBERS_BY_NAME, { withTotalCount });
  }

  /**
   * `page` answered by a compiled read (compiled-read.ts), with the same conditions; undefined as
   * of a date (the caller reads through its resolvers, which answer as of it), null when an answer
   * could not be finished.
   */
  compiledPage(principal: Principal, filter: MemberFilter, args: ConnectionArgs, plan: ReadPlan, withTotalCount = false): Promise<Connection<CompiledAnswer> | null> | undefined {
    if (filter.asOf) return undefined;
    const where = this.conditions(principal, filter);
    return this.reads.page(plan, { manager: this.dataSource.manager, principal, from: 'members m', alias: 'm', keys: this.keys, where, sort: MEMBERS_BY_NAME, args, withTotalCount });
  }

  findInScope(principal: Principal, ids: readonly string[], manager?: EntityManager, lock = false): Promise<MemberEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = applyRegionScope(this.repo(manager).createQueryBuilder('m').where('m.id = ANY(:ids)', { ids: [...ids] }), 'm.region_code', principal);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** Unscoped, for internal use after an access check. */
  findByIds(ids: readonly string[], manager?: EntityManager): Promise<MemberEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo(manager).createQueryBuilder('m').where('m.id = ANY(:ids)', { ids: [...ids] }).getMany();
  }

  /**
   * Each household's head (by name, the household's head now) and its number of members on a
   * date, for many households and dates in one query (a historical exit's notice): in the order given.
   */
  async headsAndSizesAsOf(manager: EntityManager, items: readonly { householdId: string; date: string }[]): Promise<{ headName: string | null; size: number }[]> {
    if (!items.length) return [];
    const rows: { i: string; head_name: string | null; size: number }[] = await manager.query(
      `SELECT x.i, hm.name AS head_name,
              (SELECT count(*)::int FROM members m WHERE m.household_id = x.household_id AND ${memberAsOfSql('m', 'x.as_of')}) AS size
         FROM unnest($1::uuid[], $2::date[]) WITH ORDINALITY AS x(household_id, as_of, i)
         JOIN households h ON h.id = x.household_id
         LEFT JOIN members hm ON hm.id = h.head_member_id
        ORDER BY x.i`,
      [items.map((x) => x.householdId), items.map((x) => x.date)],
    );
    return rows.map((r) => ({ headName: r.head_name, size: r.size }));
  }

  /**
   * Members of households: current ones by default; `{ all: true }` every membership ever;
   * `{ asOf }` the members on that date; `{ startedBy }` every membership begun by that date. Ordered: head first, then by relation and birth date.
   */
  /**
   * Members of households (the loaders' batch: every member field of a page): plain SQL read by
   * `rawEntityReader`, not the query builder (issue #12), the same rows and values as getMany.
   */
  findByHouseholds(householdIds: readonly string[], opts: { all?: boolean; asOf?: string; startedBy?: string } = {}, manager?: EntityManager): Promise<MemberEntity[]> {
    if (!householdIds.length) return Promise.resolve([]);
    const params: unknown[] = [[...householdIds]];
    let where = 'm.household_id = ANY($1::uuid[])';
    if (opts.asOf) {
      params.push(opts.asOf);
      where += ` AND ${memberAsOfSql('m', '$2::date')}`;
    } else if (opts.startedBy) {
      params.push(opts.startedBy);
      where += ' AND m.joined_on <= $2::date';
    } else if (!opts.all) where += ' AND m.active';
    return this.reader.query(
      manager ?? this.dataSource.manager,
      `FROM members m WHERE ${where} ORDER BY m.household_id, ${membersOrderSql('m')}`,
      params,
    );
  }

  /** Active memberships holding any of these ID-number blind indexes, anywhere (one person, one household). */
  async activeHolders(hashes: readonly string[], manager?: EntityManager, excludeMemberIds: readonly string[] = []): Promise<ActiveHolder[]> {
    if (!hashes.length) return [];
    const rows: { member_id: string; household_id: string; region_code: string; household_number: string; id_number_hash: string }[] =
      await (manager ?? this.dataSource.manager).query(
        `SELECT m.id AS member_id, m.household_id, m.region_code, h.household_number, m.id_number_hash
           FROM members m JOIN households h ON h.id = m.household_id
          WHERE m.active AND m.id_number_hash = ANY($1) AND NOT (m.id = ANY($2::uuid[]))`,
        [[...hashes], [...excludeMemberIds]],
      );
    return rows.map((r) => ({
      memberId: r.member_id,
      householdId: r.household_id,
      regionCode: r.region_code,
      householdNumber: r.household_number,
      idNumberHash: r.id_number_hash,
    }));
  }

  /** Inserts memberships (the unique index members_one_active_household guards the race). */
  async insertMany(manager: EntityManager, members: Partial<MemberEntity>[]): Promise<MemberEntity[]> {
    const repo = this.repo(manager);
    return repo.save(members.map((m) => repo.create(m)));
  }

  /** `UPDATE … WHERE id AND version` (stale: CONFLICT), then the row read back (health is an enum array). */
  async update(manager: EntityManager, id: string, version: number, patch: Partial<MemberEntity>): Promise<MemberEntity> {
    await updateWithVersion(manager, MemberEntity, { column: 'id', value: id }, version, patch, () => HouseholdsErrors.memberNotFound());
    return (await this.findByIds([id], manager))[0];
  }

  /** Ends a membership (lifecycle: death, marriage, moved); bumps the version. */
  async endMembership(manager: EntityManager, id: string, leftOn: string, reason: LeaveReason, diedOn?: string | null): Promise<MemberEntity> {
    const patch: Partial<MemberEntity> = { active: false, leftOn, leaveReason: reason };
    if (diedOn !== undefined) patch.diedOn = diedOn;
    await manager
      .createQueryBuilder()
      .update(MemberEntity)
      .set({ ...patch, version: () => 'version + 1' } as never)
      .where('id = :id', { id })
      .execute();
    return (await this.findByIds([id], manager))[0];
  }

  /**
   * Household size at the end of each (household, year): members with joined_on ≤ Dec 31 and
   * (left_on null or after it), not dead by then. Keys `householdId|year`.
   */
  async sizesAtYearEnd(keys: readonly { householdId: string; year: number }[], manager?: EntityManager): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!keys.length) return out;
    const rows: { household_id: string; year: number; size: number }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT k.household_id, k.year, count(m.id)::int AS size
         FROM unnest($1::uuid[], $2::int[]) AS k(household_id, year)
         LEFT JOIN members m
           ON m.household_id = k.household_id
          AND ${memberAtYearEndSql('m', 'k.year')}
        GROUP BY k.household_id, k.year`,
      [keys.map((k) => k.householdId), keys.map((k) => k.year)],
    );
    for (const r of rows) out.set(`${r.household_id}|${Number(r.year)}`, Number(r.size));
    return out;
  }

  // ---- insurance ----

  insuranceOf(memberIds: readonly string[], manager?: EntityManager): Promise<MemberInsuranceEntity[]> {
    if (!memberIds.length) return Promise.resolve([]);
    return (manager ?? this.dataSource.manager)
      .getRepository(MemberInsuranceEntity)
      .createQueryBuilder('mi')
      .where('mi.member_id = ANY(:ids)', { ids: [...memberIds] })
      .orderBy('mi.member_id')
      .addOrderBy('mi.year', 'DESC')
      .getMany();
  }

  /** `householdId` and `regionCode`: the member's (the row's foreign key refuses others). */
  async upsertInsurance(manager: EntityManager, row: Omit<MemberInsuranceEntity, 'updatedAt'>): Promise<MemberInsuranceEntity> {
    await manager.query(
      `INSERT INTO member_insurance (member_id, year, basic_medical, serious_illness, pension, supplementary_medical, accident_subsidy, household_id, region_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (member_id, year) DO UPDATE SET basic_medical = EXCLUDED.basic_medical, serious_illness = EXCLUDED.serious_illness,
         pension = EXCLUDED.pension, supplementary_medical = EXCLUDED.supplementary_medical,
         accident_subsidy = EXCLUDED.accident_subsidy, updated_at = now()`,
      [row.memberId, row.year, row.basicMedical, row.seriousIllness, row.pension, row.supplementaryMedical, row.accidentSubsidy, row.householdId, row.regionCode],
    );
    return (await manager.getRepository(MemberInsuranceEntity).findOneBy({ memberId: row.memberId, year: row.year })) as MemberInsuranceEntity;
  }
}
