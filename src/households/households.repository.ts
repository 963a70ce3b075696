import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope, regionScopeConditions, regionScopeSql, ScopeHolder, withinCondition } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { KeysetSort, paginate, paginateSql } from '../common/pagination/keyset';
import { HouseholdAsOf, readHouseholdsAsOf } from './as-of';
import { HouseholdEventEntity } from './household-event.entity';
import { HouseholdIncomeEntity } from './household-income.entity';
import { HouseholdEntity, HouseholdValidity } from './household.entity';
import { HouseholdsErrors } from './households.errors';
import { LabourSkill, PovertyCause, PovertyStatus } from './registry-codes';
import { SpecialGroup } from './registry-enums';
import { memberAsOfSql, memberAtYearEndSql, memberOnCondition, membersOrderSql, specialGroupCondition } from './members.repository';
import { MemberEntity } from './member.entity';
import { RegionEntity } from '../regions/region.entity';
import { nestedAlias, nestedRows, nestedValues } from '../common/sql/nested-rows';
import { CompiledAnswer, CompiledReads, ReadPlan } from '../common/graphql/compiled-read';
import { rawEntityReader, RawEntityReader } from '../common/sql/raw-entities';
import { containsPattern } from '../common/sql/like';
import { applyConditions, condition, conditionsSql, SqlCondition } from '../common/sql/conditions';

export enum HouseholdSort {
  HOUSEHOLD_NUMBER = 'HOUSEHOLD_NUMBER',
  YEAR_REGISTERED = 'YEAR_REGISTERED',
}

/**
 * Filters of the households list. Every filter narrows; region scope is always applied on top.
 * With `asOf`, status, validity and membership are read as of that date from the household's
 * events (status/validity: the latest STATUS_CHANGED event effective on or before it) and the
 * members' joined_on/left_on, so a year-end list can be reproduced later.
 */
export interface HouseholdFilter {
  /** Code prefix of a region subtree (region-code's subtreePrefix). */
  regionPrefix?: string;
  status?: PovertyStatus;
  /** null = any validity. */
  validity?: HouseholdValidity | null;
  /** Primary or other cause. */
  cause?: PovertyCause;
  relocated?: boolean;
  yearRegistered?: number;
  /** Households with a member of this labour skill. */
  labourSkill?: LabourSkill;
  /** Households with a member in this §7 group. */
  specialGroup?: SpecialGroup;
  /** Part of the head's name. */
  nameContains?: string;
  /** Households with a member of this ID number (its blind index). */
  idNumberHash?: string;
  /** YYYY-MM-DD: status, validity and membership as of this date. */
  asOf?: string;
  ids?: readonly string[];
  /** Extension point for other modules' filters: add andWhere clauses on alias `h`. */
  extend?: (qb: SelectQueryBuilder<HouseholdEntity>) => void;
}

/** Status of a household as of the date `asOf` (a placeholder), from its events (null: none yet). */
export function statusAsOfSql(asOf: string): string {
  return `(SELECT e.to_status FROM household_events e
   WHERE e.household_id = h.id AND e.kind = 'STATUS_CHANGED' AND e.to_status IS NOT NULL AND e.effective_on <= ${asOf}
   ORDER BY e.effective_on DESC, e.created_at DESC, e.id DESC LIMIT 1)`;
}
/** Validity of a household as of the date `asOf` (a placeholder), from its events (CANDIDATE before its registration). */
export function validityAsOfSql(asOf: string): string {
  return `COALESCE((SELECT e.to_validity FROM household_events e
   WHERE e.household_id = h.id AND e.kind = 'STATUS_CHANGED' AND e.to_validity IS NOT NULL AND e.effective_on <= ${asOf}
   ORDER BY e.effective_on DESC, e.created_at DESC, e.id DESC LIMIT 1), 'CANDIDATE')`;
}

/**
 * Children of a household a read can take along in its own statement (nested-rows.ts): its
 * current members (in the members loaders' order), its incomes (newest year first) and its village.
 */
export interface HouseholdChildrenWanted {
  members?: boolean;
  incomes?: boolean;
  /** For each year of its incomes, its size at the end of that year (HouseholdsLoaders.sizeAtYearEnd). */
  incomeSizes?: boolean;
  /** Its village (a row of regions, null when the code is not in the tree). */
  region?: boolean;
}
export interface HouseholdChildren {
  members?: MemberEntity[];
  incomes?: HouseholdIncomeEntity[];
  /** [year, size at the end of the year] for each year of its incomes. */
  incomeSizes?: [number, number][];
  region?: RegionEntity | null;
}

/** A page of households with the children read along. */
export type HouseholdPage = Connection<HouseholdEntity> & { children?: Map<HouseholdEntity, HouseholdChildren> };

/** The SQL of households and their incomes. Every read for a caller goes through region scope. */
@Injectable()
export class HouseholdsRepository {
  private readonly households: RawEntityReader<HouseholdEntity>;
  /** The properties the sorts' cursors read, alone: the page's rows when a compiled read builds its answers. */
  private readonly householdKeys: RawEntityReader<HouseholdEntity>;
  private readonly nestedMembers;
  private readonly nestedIncomes;
  private readonly nestedRegion;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: CompiledReads,
  ) {
    this.households = rawEntityReader(dataSource, HouseholdEntity, 'h');
    this.householdKeys = rawEntityReader(dataSource, HouseholdEntity, 'h', SORT_KEY_PROPERTIES);
    this.nestedMembers = nestedRows(dataSource, MemberEntity, 'nm');
    this.nestedIncomes = nestedRows(dataSource, HouseholdIncomeEntity, 'ni');
    this.nestedRegion = nestedRows(dataSource, RegionEntity, 'nr');
  }

  /** The SELECT expressions of the wanted children of `h` (name → SQL). */
  private childrenSelects(wanted: HouseholdChildrenWanted): Record<string, string> {
    const out: Record<string, string> = {};
    if (wanted.members) out.members = this.nestedMembers.aggregate('FROM members nm WHERE nm.household_id = h.id AND nm.active', membersOrderSql('nm'));
    if (wanted.incomes) out.incomes = this.nestedIncomes.aggregate('FROM household_incomes ni WHERE ni.household_id = h.id', 'ni.year DESC');
    if (wanted.incomeSizes) {
      out.incomeSizes = `(SELECT coalesce(json_agg(json_build_array(ns.year, (SELECT count(*)::int FROM members nsm WHERE nsm.household_id = h.id AND ${memberAtYearEndSql('nsm', 'ns.year')}))), '[]'::json) FROM household_incomes ns WHERE ns.household_id = h.id)`;
    }
    if (wanted.region) out.region = this.nestedRegion.aggregate('FROM regions nr WHERE nr.code = h.region_code');
    return out;
  }

  /** The children read along, from a row's nested values. */
  private readChildren(values: Map<HouseholdEntity, Record<string, unknown>>): Map<HouseholdEntity, HouseholdChildren> {
    const out = new Map<HouseholdEntity, HouseholdChildren>();
    for (const [h, v] of values) {
      out.set(h, {
        ...('members' in v ? { members: this.nestedMembers.read(v.members) } : {}),
        ...('incomes' in v ? { incomes: this.nestedIncomes.read(v.incomes) } : {}),
        ...('incomeSizes' in v ? { incomeSizes: readIncomeSizes(v.incomeSizes) } : {}),
        ...('region' in v ? { region: this.nestedRegion.read(v.region)[0] ?? null } : {}),
      });
    }
    return out;
  }

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(HouseholdEntity);
  }

  private incomes(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(HouseholdIncomeEntity);
  }

  /**
   * The households list's conditions on alias `h`, region scope first, written once for every read
   * path (src/common/sql/conditions.ts): `query` (the query builder), `plainPage` and `compiledPage`
   * (plain SQL). Only `extend` (another module's query-builder clauses) is not among them.
   */
  private conditions(principal: Principal, filter: HouseholdFilter): SqlCondition[] {
    const out = regionScopeConditions('h.region_code', principal);
    if (filter.ids) out.push(condition`h.id = ANY(${[...filter.ids]})`);
    if (filter.regionPrefix) out.push(withinCondition('h.region_code', filter.regionPrefix));
    const asOf = filter.asOf;
    if (filter.validity !== null) {
      const validity = filter.validity ?? HouseholdValidity.ACTIVE;
      out.push(asOf ? (v) => `${validityAsOfSql(v(asOf))} = ${v(validity)}` : condition`h.validity = ${validity}`);
    }
    if (filter.status) {
      const status = filter.status;
      out.push(asOf ? (v) => `${statusAsOfSql(v(asOf))} = ${v(status)}` : condition`h.status = ${status}`);
    }
    if (filter.cause) {
      const cause = filter.cause;
      out.push((v) => {
        const c = v(cause);
        return `(h.primary_cause = ${c} OR ${c} = ANY(h.other_causes))`;
      });
    }
    if (filter.relocated !== undefined) out.push(condition`h.relocated = ${filter.relocated}`);
    if (filter.yearRegistered !== undefined) out.push(condition`h.year_registered = ${filter.yearRegistered}`);
    if (filter.labourSkill) {
      out.push(condition`EXISTS (SELECT 1 FROM members ml WHERE ml.household_id = h.id AND ${memberOnCondition('ml', asOf)} AND ml.labour_skill = ${filter.labourSkill})`);
    }
    if (filter.specialGroup) {
      out.push(condition`EXISTS (SELECT 1 FROM members mg WHERE mg.household_id = h.id AND ${memberOnCondition('mg', asOf)} AND ${specialGroupCondition('mg', filter.specialGroup, asOf)})`);
    }
    if (filter.nameContains) {
      out.push(condition`EXISTS (SELECT 1 FROM members hm WHERE hm.id = h.head_member_id AND hm.name LIKE ${containsPattern(filter.nameContains)} ESCAPE '\\')`);
    }
    if (filter.idNumberHash) {
      out.push(condition`EXISTS (SELECT 1 FROM members mi WHERE mi.household_id = h.id AND ${memberOnCondition('mi', asOf)} AND mi.id_number_hash = ${filter.idNumberHash})`);
    }
    return out;
  }

  /** The filtered, scoped query (alias `h`), before paging. */
  query(principal: Principal, filter: HouseholdFilter, manager?: EntityManager): SelectQueryBuilder<HouseholdEntity> {
    const qb = applyConditions(this.repo(manager).createQueryBuilder('h'), this.conditions(principal, filter), 'hf');
    filter.extend?.(qb);
    return qb;
  }

  async page(
    principal: Principal,
    filter: HouseholdFilter,
    args: ConnectionArgs,
    sort: HouseholdSort = HouseholdSort.HOUSEHOLD_NUMBER,
    withTotalCount = false,
    children: HouseholdChildrenWanted = {},
  ): Promise<HouseholdPage> {
    const nested = this.childrenSelects(children);
    if (!withTotalCount && !filter.extend) return this.plainPage(principal, filter, args, HOUSEHOLD_SORTS[sort], nested);
    const { nested: values, ...page } = await paginate(this.query(principal, filter), args, HOUSEHOLD_SORTS[sort], { withTotalCount, nested });
    return values ? { ...page, children: this.readChildren(values) } : page;
  }

  /**
   * `page` as one plain SQL text (issue #12: the list read on every request, without TypeORM's
   * query builder building and rewriting its statement each time): `query`'s conditions (the one
   * list, `conditions`) as plain SQL, the same keyset page (`paginateSql`). Only a filter with
   * another module's query-builder clauses (`extend`), and a page with its totalCount, go through
   * `query` and `paginate`.
   */
  private async plainPage(
    principal: Principal,
    filter: HouseholdFilter,
    args: ConnectionArgs,
    sort: KeysetSort<HouseholdEntity>,
    nested: Record<string, string>,
  ): Promise<HouseholdPage> {
    const params: unknown[] = [];
    const conditions = conditionsSql(this.conditions(principal, filter), params);
    const selects = Object.entries(nested).map(([name, sql]) => `, ${sql} AS "${nestedAlias(name)}"`).join('');
    let children: Map<HouseholdEntity, HouseholdChildren> | undefined;
    const page = await paginateSql(args, sort, conditions, params, async (where, orderAndLimit, values) => {
      const raw: Record<string, unknown>[] = await this.dataSource.manager.query(`SELECT ${this.households.select}${selects} FROM households h WHERE ${where} ${orderAndLimit}`, values);
      const entities = this.households.read(raw);
      if (selects) children = this.readChildren(nestedValues(entities, raw, nested));
      return entities;
    });
    return children ? { ...page, children } : page;
  }

  /**
   * The households under `query`'s conditions and `more`: how many, and the first `limit` by
   * household number, as two plain statements (issue #12: the data-quality report's counts and
   * lists, without the query builder building, rewriting and counting through DISTINCT; no list
   * statement when `limit` is 0 or nothing matches). Not for a filter with `extend`.
   */
  async countAndFirst(principal: Principal, filter: HouseholdFilter, more: readonly SqlCondition[], limit: number): Promise<{ count: number; households: HouseholdEntity[] }> {
    if (filter.extend) throw new Error('countAndFirst: a filter with another module\'s clauses goes through query()');
    const params: unknown[] = [];
    const where = conditionsSql([...this.conditions(principal, filter), ...more], params).join(' AND ') || 'TRUE';
    const manager = this.dataSource.manager;
    const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM households h WHERE ${where}`, params)) as { count: number }[];
    if (!limit || !count) return { count, households: [] };
    const raw: Record<string, unknown>[] = await manager.query(
      `SELECT ${this.households.select} FROM households h WHERE ${where} ORDER BY h.household_number LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return { count, households: this.households.read(raw) };
  }

  /**
   * A page whose households a compiled read answers (compiled-read.ts), with its total when asked,
   * under the same conditions as `query` (undefined as of a date, or with another module's
   * `extend`: the caller reads through its resolvers); null when an answer could not be finished
   * (CompiledReads.finishAll).
   */
  compiledPage(
    principal: Principal,
    filter: HouseholdFilter,
    args: ConnectionArgs,
    sort: HouseholdSort,
    plan: ReadPlan,
    withTotalCount = false,
  ): Promise<Connection<CompiledAnswer> | null> | undefined {
    if (filter.asOf || filter.extend) return undefined;
    const where = this.conditions(principal, filter);
    return this.reads.page(plan, { manager: this.dataSource.manager, principal, from: 'households h', alias: 'h', keys: this.householdKeys, where, sort: HOUSEHOLD_SORTS[sort], args, withTotalCount });
  }

  /**
   * The households among `ids` the caller may see, each answered by a compiled read
   * (CompiledReads.records): answers by id, or null when one could not be finished.
   */
  compiledRecords(principal: Principal, ids: readonly string[], plan: ReadPlan): Promise<Map<string, CompiledAnswer> | null> {
    return this.reads.records(plan, { manager: this.dataSource.manager, principal, from: 'households h', alias: 'h', ids, where: regionScopeConditions('h.region_code', principal) });
  }

  /** The households among `ids` the caller may see (others are as missing). */
  findInScope(principal: ScopeHolder, ids: readonly string[], manager?: EntityManager, lock = false): Promise<HouseholdEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = applyRegionScope(this.repo(manager).createQueryBuilder('h').where('h.id = ANY(:ids)', { ids: [...ids] }), 'h.region_code', principal);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** findInScope with the wanted children read in the same statement (no lock: a read for the API). */
  async findInScopeWithChildren(
    principal: Principal,
    ids: readonly string[],
    children: HouseholdChildrenWanted,
  ): Promise<{ households: HouseholdEntity[]; children: Map<HouseholdEntity, HouseholdChildren> }> {
    const nested = this.childrenSelects(children);
    if (!ids.length || !Object.keys(nested).length) return { households: await this.findInScope(principal, ids), children: new Map() };
    const { households, values } = await this.findInScopeWith(principal, ids, () => nested);
    return { households, children: this.readChildren(values) };
  }

  private async findInScopeWith(
    principal: Principal,
    ids: readonly string[],
    nestedOf: (params: unknown[]) => Record<string, string>,
  ): Promise<{ households: HouseholdEntity[]; values: Map<HouseholdEntity, Record<string, unknown>> }> {
    // Plain SQL (rawEntityReader): the statement of every `household(id)`, without building it.
    const params: unknown[] = [[...ids]];
    const scope = regionScopeSql('h.region_code', principal, params);
    const nested = nestedOf(params);
    const selects = Object.entries(nested).map(([name, sql]) => `, ${sql} AS "${nestedAlias(name)}"`).join('');
    const raw: Record<string, unknown>[] = await this.dataSource.manager.query(
      `SELECT ${this.households.select}${selects} FROM households h WHERE h.id = ANY($1::uuid[]) AND ${scope}`,
      params,
    );
    const entities = this.households.read(raw);
    return { households: entities, values: nestedValues(entities, raw, nested) };
  }

  findByNumberInScope(principal: Principal, householdNumber: string, manager?: EntityManager): Promise<HouseholdEntity | null> {
    const qb = this.repo(manager).createQueryBuilder('h').where('h.household_number = :n', { n: householdNumber });
    return applyRegionScope(qb, 'h.region_code', principal).getOne();
  }

  /** The households with these numbers within `scope` (a principal, or an import's scope). */
  findByNumbersInScope(scope: ScopeHolder, numbers: readonly string[], manager?: EntityManager): Promise<HouseholdEntity[]> {
    if (!numbers.length) return Promise.resolve([]);
    const qb = this.repo(manager).createQueryBuilder('h').where('h.household_number = ANY(:numbers)', { numbers: [...numbers] });
    return applyRegionScope(qb, 'h.region_code', scope).getMany();
  }

  /**
   * Households on the roll (ACTIVE: registered, exited or not) per village among `villageCodes`,
   * registered in `year` or before, within `scope`: one grouped statement. Villages without any
   * are absent.
   */
  async countOnRollByVillage(scope: ScopeHolder, villageCodes: readonly string[], year: number): Promise<Map<string, number>> {
    if (!villageCodes.length) return new Map();
    const qb = this.repo()
      .createQueryBuilder('h')
      .select('h.region_code', 'regionCode')
      .addSelect('count(*)::int', 'count')
      .where('h.region_code = ANY(:codes)', { codes: [...villageCodes] })
      .andWhere('h.validity = :active', { active: HouseholdValidity.ACTIVE })
      .andWhere('(h.year_registered IS NULL OR h.year_registered <= :year)', { year })
      .groupBy('h.region_code');
    const rows: { regionCode: string; count: number }[] = await applyRegionScope(qb, 'h.region_code', scope).getRawMany();
    return new Map(rows.map((r) => [r.regionCode, Number(r.count)]));
  }

  /**
   * Members (as of `asOf`) of households on the roll (ACTIVE: registered, exited or not) registered
   * in `year` or before, counted per subtree among `prefixes` (towns' or villages' code prefixes, all
   * of one length), within `scope`: one grouped statement. Subtrees without any are absent.
   */
  async countMembersOnRollBySubtree(scope: ScopeHolder, prefixes: readonly string[], year: number, asOf: string, manager?: EntityManager): Promise<Map<string, number>> {
    if (!prefixes.length) return new Map();
    const length = prefixes[0].length;
    const qb = this.repo(manager)
      .createQueryBuilder('h')
      .innerJoin(MemberEntity, 'm', `m.household_id = h.id AND ${memberAsOfSql('m', ':asOf')}`, { asOf })
      .select(`left(h.region_code, ${length})`, 'prefix')
      .addSelect('count(*)::int', 'count')
      .where(`left(h.region_code, ${length}) = ANY(:prefixes)`, { prefixes: [...prefixes] })
      .andWhere('h.validity = :active', { active: HouseholdValidity.ACTIVE })
      .andWhere('(h.year_registered IS NULL OR h.year_registered <= :year)', { year })
      .groupBy(`left(h.region_code, ${length})`);
    const rows: { prefix: string; count: number }[] = await applyRegionScope(qb, 'h.region_code', scope).getRawMany();
    return new Map(rows.map((r) => [r.prefix, Number(r.count)]));
  }

  /** Unscoped, for internal use after an access check (or for the checks themselves). */
  findByIds(ids: readonly string[], manager?: EntityManager): Promise<HouseholdEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo(manager).createQueryBuilder('h').where('h.id = ANY(:ids)', { ids: [...ids] }).getMany();
  }

  async numberExists(householdNumber: string, manager?: EntityManager): Promise<boolean> {
    return (await this.repo(manager).createQueryBuilder('h').where('h.household_number = :n', { n: householdNumber }).getCount()) > 0;
  }

  /** Households' state on dates, from their events and memberships (as-of.ts). */
  statesAsOf(keys: readonly { householdId: string; date: string }[], manager?: EntityManager): Promise<HouseholdAsOf[]> {
    return readHouseholdsAsOf(manager ?? this.dataSource.manager, keys);
  }

  async insertEvents(manager: EntityManager, events: Partial<HouseholdEventEntity>[]): Promise<void> {
    if (events.length) await manager.getRepository(HouseholdEventEntity).insert(events);
  }

  insert(manager: EntityManager, household: Partial<HouseholdEntity>): Promise<HouseholdEntity> {
    const repo = this.repo(manager);
    return repo.save(repo.create(household));
  }

  /**
   * `UPDATE … WHERE id AND version` (stale: CONFLICT), then the row read back through the entity
   * mapping (RETURNING would leave enum arrays such as other_causes as raw '{…}' text).
   */
  async update(manager: EntityManager, id: string, version: number, patch: Partial<HouseholdEntity>): Promise<HouseholdEntity> {
    await updateWithVersion(manager, HouseholdEntity, { column: 'id', value: id }, version, patch, () => HouseholdsErrors.householdNotFound());
    return (await this.findByIds([id], manager))[0];
  }

  /** Sets columns without a version check (bookkeeping inside a use case that already checked). */
  async setColumns(manager: EntityManager, id: string, patch: Partial<HouseholdEntity>, bumpVersion = true): Promise<HouseholdEntity> {
    const qb = manager
      .createQueryBuilder()
      .update(HouseholdEntity)
      .set(bumpVersion ? ({ ...patch, version: () => 'version + 1' } as never) : (patch as never))
      .where('id = :id', { id });
    await qb.execute();
    return (await this.findByIds([id], manager))[0];
  }

  // ---- incomes ----

  incomesOf(householdIds: readonly string[], manager?: EntityManager): Promise<HouseholdIncomeEntity[]> {
    if (!householdIds.length) return Promise.resolve([]);
    return this.incomes(manager)
      .createQueryBuilder('i')
      .where('i.household_id = ANY(:ids)', { ids: [...householdIds] })
      .orderBy('i.household_id')
      .addOrderBy('i.year', 'DESC')
      .getMany();
  }

  incomeOf(householdId: string, year: number, manager?: EntityManager): Promise<HouseholdIncomeEntity | null> {
    return this.incomes(manager).findOneBy({ householdId, year });
  }

  async insertIncome(manager: EntityManager, row: Partial<HouseholdIncomeEntity>): Promise<HouseholdIncomeEntity> {
    const repo = this.incomes(manager);
    await repo.insert(repo.create(row));
    return (await this.incomeOf(row.householdId as string, row.year as number, manager)) as HouseholdIncomeEntity;
  }

  async updateIncome(
    manager: EntityManager,
    householdId: string,
    year: number,
    version: number,
    patch: Partial<HouseholdIncomeEntity>,
  ): Promise<HouseholdIncomeEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .update(HouseholdIncomeEntity)
      .set({ ...patch, version: () => 'version + 1' } as never)
      .where('household_id = :householdId AND year = :year AND version = :version', { householdId, year, version })
      .execute();
    if (!result.affected) return null;
    return this.incomeOf(householdId, year, manager);
  }
}

/** The `incomeSizes` select's value (JSON of [year, size] pairs, parsed or as text). */
function readIncomeSizes(value: unknown): [number, number][] {
  const pairs = (typeof value === 'string' ? JSON.parse(value) : value) as [number, number][] | null;
  return (pairs ?? []).map(([year, size]) => [Number(year), Number(size)]);
}

/** What HOUSEHOLD_SORTS' keys read of a household. */
const SORT_KEY_PROPERTIES = ['id', 'householdNumber', 'yearRegistered'] as const;

export const HOUSEHOLD_SORTS: Record<HouseholdSort, KeysetSort<HouseholdEntity>> = {
  [HouseholdSort.HOUSEHOLD_NUMBER]: { tag: 'number', column: 'h.household_number', type: 'text', idColumn: 'h.id', key: (h) => [h.householdNumber, h.id] },
  [HouseholdSort.YEAR_REGISTERED]: {
    tag: 'year',
    column: 'COALESCE(h.year_registered, 0)',
    type: 'int',
    idColumn: 'h.id',
    key: (h) => [h.yearRegistered ?? 0, h.id],
  },
};
