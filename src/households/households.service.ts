import { todayInChina } from '../common/dates/local-date';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { FieldProblem } from '../common/errors/app-error';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { AuditService } from '../audit/audit.service';
import { RegionEntity, RegionLevel } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { subtreePrefix } from '../common/region/region-code';
import { CreateHouseholdInput, UpdateHouseholdInput } from './dto/household.inputs';
import { HouseholdEntityAsOf, householdPageAsOf } from './as-of';
import { FIRST_HEAD_REASON, HouseholdEventKind } from './household-event.entity';
import { HouseholdEntity, HouseholdValidity } from './household.entity';
import { HouseholdsErrors } from './households.errors';
import { HouseholdChildren, HouseholdChildrenWanted, HouseholdFilter, HouseholdPage, HouseholdSort, HouseholdsRepository } from './households.repository';
import type { CompiledAnswer, ReadPlan } from '../common/graphql/compiled-read';
import { MemberEntity } from './member.entity';
import { MembersService, PreparedMember } from './members.service';
import { ProtectedFieldsService } from './protected-fields.service';
import { emptyConnection, regionPrefixOf, stripUndefined } from './registry-helpers';
import { checkAmount, checkHousehold, checkHouseholdMembers } from './registry-validation';
import { auditChange, unchangedFor } from '../audit/audit-descriptor';
import { unchangedUpdate } from '../common/concurrency/optimistic-update';
import { HOUSEHOLD_AUDIT, MEMBER_AUDIT } from './households.audited';

export interface HouseholdListFilter extends Omit<HouseholdFilter, 'regionPrefix' | 'idNumberHash'> {
  /** A region whose subtree to list (looked up; an unknown code lists nothing). */
  regionCode?: string;
  /** Raw ID number, looked up through the blind index. */
  idNumber?: string;
}

/**
 * The registry's households: reads in the caller's region scope (not found and not allowed
 * answer the same), registering a household with its members and correcting its fields, each
 * write in one transaction with its audit rows and the hard consistency rules checked.
 * Members are MembersService, incomes and insurance HouseholdIncomesService, protected values
 * ProtectedFieldsService, the warning rules DataQualityService.
 *
 * For other modules (lifecycle, assistance, exchange): list, findInScope/getInScope, findByIds,
 * checkVillageInScope.
 */
@Injectable()
export class HouseholdsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly households: HouseholdsRepository,
    private readonly members: MembersService,
    private readonly fields: ProtectedFieldsService,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  // ------------------------------------------------------------------ reads

  async list(
    principal: Principal,
    filter: HouseholdListFilter,
    args: ConnectionArgs,
    sort: HouseholdSort = HouseholdSort.HOUSEHOLD_NUMBER,
    withTotalCount = false,
    children: HouseholdChildrenWanted = {},
  ): Promise<HouseholdPage> {
    const { regionCode, idNumber, ...rest } = filter;
    const regionPrefix = regionCode ? await regionPrefixOf(this.regions, regionCode) : undefined;
    if (regionPrefix === null) return emptyConnection(withTotalCount);
    const idNumberHash = idNumber ? this.fields.hashIdNumber(idNumber) : undefined;
    // As of a date the children are read as of it, by their own loaders.
    const page = await this.households.page(principal, { ...rest, regionPrefix, idNumberHash }, args, sort, withTotalCount, rest.asOf ? {} : children);
    return rest.asOf ? this.asOfPage(page, rest.asOf) : page;
  }

  /**
   * `list` answered by a compiled read (compiled-read.ts), with its total when asked: undefined as
   * of a date, null when an answer could not be finished; the caller then reads through its resolvers.
   */
  async listCompiled(
    principal: Principal,
    filter: HouseholdListFilter,
    args: ConnectionArgs,
    sort: HouseholdSort | undefined,
    plan: ReadPlan,
    withTotalCount = false,
  ): Promise<Connection<CompiledAnswer> | null | undefined> {
    const { regionCode, idNumber, ...rest } = filter;
    if (rest.asOf) return undefined;
    const regionPrefix = regionCode ? await regionPrefixOf(this.regions, regionCode) : undefined;
    if (regionPrefix === null) return emptyConnection(withTotalCount);
    const idNumberHash = idNumber ? this.fields.hashIdNumber(idNumber) : undefined;
    return this.households.compiledPage(principal, { ...rest, regionPrefix, idNumberHash }, args, sort ?? HouseholdSort.HOUSEHOLD_NUMBER, plan, withTotalCount);
  }

  /** A page as of a date: status, validity, exit and registration years and head as they were then (see as-of.ts). */
  private async asOfPage(page: Connection<HouseholdEntity>, date: string): Promise<Connection<HouseholdEntityAsOf>> {
    return householdPageAsOf(page, await this.households.statesAsOf(page.edges.map((e) => ({ householdId: e.node.id, date }))));
  }

  /** The households among `ids` the caller may see; pass `manager` inside a transaction. */
  findInScope(principal: ScopeHolder, ids: readonly string[], manager?: EntityManager): Promise<HouseholdEntity[]> {
    return this.households.findInScope(principal, ids, manager);
  }

  /** findInScope for the API, with the wanted children read in the same statement. */
  findInScopeWithChildren(
    principal: Principal,
    ids: readonly string[],
    children: HouseholdChildrenWanted,
  ): Promise<{ households: HouseholdEntity[]; children: Map<HouseholdEntity, HouseholdChildren> }> {
    return this.households.findInScopeWithChildren(principal, ids, children);
  }

  /** The households among `ids` the caller may see, answered by a compiled read (CompiledReads.records): by id, or null (read through the resolvers). */
  compiledRecords(principal: Principal, ids: readonly string[], plan: ReadPlan): Promise<Map<string, CompiledAnswer> | null> {
    return this.households.compiledRecords(principal, ids, plan);
  }

  /** One household in scope, or NOT_FOUND (the same answer for not allowed). `lock` takes a row lock (inside a transaction). */
  async getInScope(principal: Principal, id: string, manager?: EntityManager, opts: { field?: string; lock?: boolean } = {}): Promise<HouseholdEntity> {
    const [h] = await this.households.findInScope(principal, [id], manager, opts.lock);
    if (!h) throw HouseholdsErrors.householdNotFound(opts.field);
    return h;
  }

  findByNumber(principal: Principal, householdNumber: string): Promise<HouseholdEntity | null> {
    return this.households.findByNumberInScope(principal, householdNumber.trim());
  }

  /**
   * The households with these numbers (户编号) within `scope`, by number: how another module's
   * roster import (students, insurance, 低保, …) finds the households its rows name. Numbers
   * outside the scope are absent, as if they did not exist.
   */
  async findByNumbersInScope(scope: ScopeHolder, numbers: readonly string[], manager?: EntityManager): Promise<Map<string, HouseholdEntity>> {
    const found = await this.households.findByNumbersInScope(scope, numbers, manager);
    return new Map(found.map((h) => [h.householdNumber, h]));
  }

  /**
   * Registered poor households (on the roll, exited or not, registered by `year`) per village
   * among `villageCodes` within the caller's scope: what another module's per-village figures
   * (industry checks, coverage) compare with. A village without any counts 0.
   */
  async countOnRollByVillage(scope: ScopeHolder, villageCodes: readonly string[], year: number): Promise<Map<string, number>> {
    const counts = await this.households.countOnRollByVillage(scope, villageCodes, year);
    return new Map(villageCodes.map((c) => [c, counts.get(c) ?? 0]));
  }

  /**
   * 建档立卡人口规模: members (as of 31 December of `year`) of households on the roll registered by
   * `year`, per region among `regionCodes` (towns or villages, all of one level) within the
   * caller's scope: what the funds module's factor allocation weighs. A region without any counts 0.
   */
  async countRegisteredPopulation(scope: ScopeHolder, regionCodes: readonly string[], year: number, manager?: EntityManager): Promise<Map<string, number>> {
    const prefixOf = new Map(regionCodes.map((c) => [subtreePrefix(c), c]));
    const counts = await this.households.countMembersOnRollBySubtree(scope, [...prefixOf.keys()], year, `${year}-12-31`, manager);
    return new Map(regionCodes.map((c) => [c, counts.get(subtreePrefix(c)) ?? 0]));
  }

  /** Unscoped reads for loaders and internal use after an access check. */
  findByIds(ids: readonly string[], manager?: EntityManager): Promise<HouseholdEntity[]> {
    return this.households.findByIds(ids, manager);
  }

  /** Resolves a region in the caller's scope that is a village; NOT_FOUND outside scope, BAD_USER_INPUT if not a village. */
  async checkVillageInScope(principal: Principal, regionCode: string, field: string, manager?: EntityManager): Promise<RegionEntity> {
    const region = await this.regions.findByCode(regionCode, manager);
    if (!region || !inRegionScope(principal, region.code)) throw HouseholdsErrors.regionNotFound(field);
    if (region.level !== RegionLevel.VILLAGE) throw HouseholdsErrors.notAVillage(field);
    return region;
  }

  // ------------------------------------------------------------------ writes

  /** Registers a candidate household with its members: all or nothing, audited. */
  async create(principal: Principal, input: CreateHouseholdInput): Promise<HouseholdEntity> {
    const today = todayInChina();
    await this.checkVillageInScope(principal, input.regionCode, 'input.regionCode');
    const problems: FieldProblem[] = [...checkHousehold(input, 'input', today), ...checkHouseholdAmounts(input, 'input')];
    const prepared: PreparedMember[] = [];
    input.members.forEach((m, i) => {
      const r = this.members.checkAndPrepare(m, `input.members.${i}`, today);
      problems.push(...r.problems);
      if (r.prepared) prepared.push(r.prepared);
    });
    problems.push(
      ...checkHouseholdMembers(
        input.members.map((m, i) => ({
          relation: m.relation,
          sex: prepared.find((p) => p.path === `input.members.${i}`)?.row.sex ?? m.sex,
          idNumber: prepared.find((p) => p.path === `input.members.${i}`)?.idNumber,
          path: `input.members.${i}`,
        })),
        'input.members',
      ),
    );
    if (problems.length) throw HouseholdsErrors.invalid(problems);
    const householdNumber = input.householdNumber.trim();
    const fields = prepared.map((p) => ({ hash: p.row.idNumberHash as string, field: `${p.path}.idNumber` }));
    try {
      return await this.dataSource.transaction(async (m) => {
        if (await this.households.numberExists(householdNumber, m)) throw HouseholdsErrors.householdNumberTaken();
        const { members: _members, contactPhone, bankAccount, ...fieldsIn } = input;
        const household = await this.households.insert(m, {
          ...stripUndefined(fieldsIn),
          householdNumber,
          otherCauses: input.otherCauses ?? [],
          validity: HouseholdValidity.CANDIDATE,
          status: null,
          ...this.fields.householdColumns({ contactPhone, bankAccount }),
        });
        const inserted = await this.members.insertMembers(m, principal, household, prepared);
        const head = inserted.find((x) => x.relation === 'HEAD') as MemberEntity;
        const saved = await this.households.setColumns(m, household.id, { headMemberId: head.id }, false);
        // The first head, from the day they joined: a list as of a date reads the head from these events.
        await this.households.insertEvents(m, [
          {
            householdId: saved.id,
            regionCode: saved.regionCode,
            memberId: head.id,
            kind: HouseholdEventKind.HEAD_CHANGED,
            effectiveOn: head.joinedOn,
            reason: FIRST_HEAD_REASON,
            actorId: principal.id,
            actorName: principal.name,
          },
        ]);
        await this.audit.append(m, [
          auditChange(HOUSEHOLD_AUDIT, 'households.create', null, this.fields.householdAuditView(saved)),
          ...inserted.map((x, i) => auditChange(MEMBER_AUDIT, 'members.create', null, this.fields.memberAuditView(x, prepared[i].idNumber))),
        ]);
        return saved;
      });
    } catch (e) {
      throw await this.members.mapUniqueViolation(principal, e, fields);
    }
  }

  /** Corrects a household's fields (not its status or members); send the version read. */
  async update(principal: Principal, input: UpdateHouseholdInput): Promise<HouseholdEntity> {
    const { id, version, contactPhone, bankAccount, householdNumber, ...rest } = input;
    const patch: Partial<HouseholdEntity> = stripUndefined(rest) as Partial<HouseholdEntity>;
    if (householdNumber !== undefined) patch.householdNumber = householdNumber.trim();
    if (contactPhone !== undefined || bankAccount !== undefined) {
      const cols = this.fields.householdColumns({ contactPhone, bankAccount });
      if (contactPhone !== undefined) patch.contactPhoneEnc = cols.contactPhoneEnc;
      if (bankAccount !== undefined) Object.assign(patch, { bankAccountEnc: cols.bankAccountEnc, bankAccountHash: cols.bankAccountHash });
    }
    if (!Object.keys(patch).length) throw HouseholdsErrors.noChange('input');
    const amountProblems = checkHouseholdAmounts(input, 'input');
    if (amountProblems.length) throw HouseholdsErrors.invalid(amountProblems);
    try {
      return await this.dataSource.transaction(async (m) => {
        const before = await this.getInScope(principal, id, m, { field: 'input.id' });
        const problems = checkHousehold({ ...before, ...patch }, 'input');
        if (problems.length) throw HouseholdsErrors.invalid(problems);
        if (patch.householdNumber && patch.householdNumber !== before.householdNumber && (await this.households.numberExists(patch.householdNumber, m))) {
          throw HouseholdsErrors.householdNumberTaken();
        }
        const proposed = this.fields.householdAuditView({ ...before, ...patch } as HouseholdEntity);
        if (unchangedFor(HOUSEHOLD_AUDIT, this.fields.householdAuditView(before), proposed)) return unchangedUpdate(before, version);
        const after = await this.households.update(m, id, version, patch);
        await this.audit.change(m, HOUSEHOLD_AUDIT, 'households.update', this.fields.householdAuditView(before), this.fields.householdAuditView(after));
        return after;
      });
    } catch (e) {
      throw await this.members.mapUniqueViolation(principal, e);
    }
  }
}

function checkHouseholdAmounts(input: Partial<Record<'housingArea' | 'distanceToRoadKm' | 'cultivatedLandMu' | 'forestLandMu', string | null>>, path: string): FieldProblem[] {
  return [
    ...checkAmount(input.housingArea, `${path}.housingArea`, 6),
    ...checkAmount(input.distanceToRoadKm, `${path}.distanceToRoadKm`, 4),
    ...checkAmount(input.cultivatedLandMu, `${path}.cultivatedLandMu`, 8),
    ...checkAmount(input.forestLandMu, `${path}.forestLandMu`, 8),
  ];
}
