import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { yearEnd } from '../common/dates/local-date';
import { changesOf, memberDuring } from '../common/kit/records';
import { compareAmounts, fromCents, isStoredAmount, toCents } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import { withSerialPlans } from '../common/sql/serial-plan';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { MemberEntity } from '../households/member.entity';
import { MembersRepository } from '../households/members.repository';
import { MembersService } from '../households/members.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { INSURANCE_ENROLMENT_AUDIT } from './health.audited';
import { HEALTH_SECTOR } from './health.declaration';
import { HealthErrors } from './health.errors';
import { InsuranceEnrolmentEntity } from './insurance.entity';
import { InsuranceEnrolmentFilter, InsuranceRepository } from './insurance.repository';

/** The policy parameter whose codes an enrolment's layer is, in settlement order (RULES.md §5). */
export const INSURANCE_LAYERS_KEY = 'health.insurance_layers';

/** The day a year's layer list is read on: the year's last day (the exit standard's reference day). */
export const layersDay = (year: number): string => yearEnd(year);

export interface EnrolmentTerms {
  year: number;
  layer: string;
  /** Null: not stated, or no individual premium for the layer. */
  premium: string | null;
  /** Null: not stated. */
  subsidy: string | null;
}

/** An enrolment written, with the parameters its checks read (the layer list). */
export interface WrittenEnrolment {
  enrolment: InsuranceEnrolmentEntity;
  parametersUsed: ParameterValue[];
}

/** The row checkCreate answers for insertChecked. */
export type NewEnrolmentRow = EnrolmentTerms & Pick<InsuranceEnrolmentEntity, 'memberId' | 'householdId' | 'regionCode' | 'sector'>;

/** A member lacking layers in a year: the member and the layers of the list it has no record of. */
export interface InsuranceGapRow {
  member: MemberEntity;
  year: number;
  enrolledLayers: string[];
  missingLayers: string[];
}

/**
 * 参保台账: members' insurance enrolment per year and layer. One transaction per use case locks the
 * member (two records of one member are checked against each other), checks the write scope (the
 * household's village, the health department), the member current and in the household during the
 * year, the layer listed in health.insurance_layers for the year, the amounts (decimals, not
 * negative, the subsidy at most the premium; either may be left unstated) and no second record of the layer in the year; writes
 * and audits.
 */
@Injectable()
export class InsuranceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: InsuranceRepository,
    private readonly members: MembersService,
    private readonly membersRepo: MembersRepository,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: Omit<InsuranceEnrolmentFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<InsuranceEnrolmentEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.page(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<InsuranceEnrolmentEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  async create(principal: Principal, input: EnrolmentTerms & { memberId: string }): Promise<WrittenEnrolment> {
    return this.unique(input.year, input.layer, () =>
      this.dataSource.transaction(async (m) => {
        const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
        const checked = await this.checkCreate(principal, m, member, input);
        return { enrolment: await this.insertChecked(m, checked.row, 'health.createInsuranceEnrolment'), parametersUsed: checked.parametersUsed };
      }),
    );
  }

  /**
   * The checks of a new enrolment of a member found (and locked) in `scope`: the write scope, the
   * terms (checkTerms). Throws the coded errors; writes nothing (an import's dry run stops here).
   */
  async checkCreate(scope: ScopeHolder, m: EntityManager, member: MemberEntity, input: EnrolmentTerms): Promise<{ row: NewEnrolmentRow; parametersUsed: ParameterValue[] }> {
    if (!inRegionScope(scope, member.regionCode, { sector: { value: HEALTH_SECTOR, access: 'write' } })) throw HealthErrors.outOfScope('input.memberId');
    const { terms, parametersUsed } = await this.checkTerms(m, member, input);
    return { row: { ...terms, memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: HEALTH_SECTOR }, parametersUsed };
  }

  /** Writes an enrolment checked by checkCreate, with its audit row (`operation`: GraphQL's or an import's). */
  async insertChecked(m: EntityManager, row: NewEnrolmentRow, operation: 'health.createInsuranceEnrolment' | 'health.importInsuranceEnrolment'): Promise<InsuranceEnrolmentEntity> {
    const enrolment = await this.repo.insert(m, row);
    await this.audit.change(m, INSURANCE_ENROLMENT_AUDIT, operation, null, enrolment);
    return enrolment;
  }

  /** Corrects an enrolment's terms (not its member: delete it and record another); send the version read. Checked again as a new record. */
  async update(principal: Principal, input: Partial<EnrolmentTerms> & { id: string; version: number }): Promise<WrittenEnrolment> {
    const { id, version, ...changes } = input;
    return this.unique(input.year, input.layer, () =>
      this.dataSource.transaction(async (m) => {
        const [found] = await this.repo.findInScope(principal, [id], m, true);
        if (!found) throw HealthErrors.enrolmentNotFound();
        if (found.version !== version) throw versionConflict({ expectedVersion: version, currentVersion: found.version });
        const member = await this.members.getInScope(principal, found.memberId, m, { field: 'input.id', lock: true });
        const { terms, parametersUsed } = await this.checkUpdate(m, found, member, changes);
        return { enrolment: await this.applyUpdate(m, found, version, terms, 'health.updateInsuranceEnrolment'), parametersUsed };
      }),
    );
  }

  /** The checks of corrected terms of an enrolment read (locked, in the write scope) of its member (locked); a null premium or subsidy clears it. */
  checkUpdate(m: EntityManager, found: InsuranceEnrolmentEntity, member: MemberEntity, changes: Partial<EnrolmentTerms>): Promise<{ terms: EnrolmentTerms; parametersUsed: ParameterValue[] }> {
    return this.checkTerms(m, member, { ...found, ...changesOf<Partial<EnrolmentTerms>>(changes, ['premium', 'subsidy']) }, found.id);
  }

  /** Writes terms checked by checkUpdate (the version read), with its audit row. */
  async applyUpdate(m: EntityManager, before: InsuranceEnrolmentEntity, version: number, terms: EnrolmentTerms, operation: 'health.updateInsuranceEnrolment' | 'health.importInsuranceEnrolment'): Promise<InsuranceEnrolmentEntity> {
    const after = await this.repo.update(m, before.id, version, terms);
    await this.audit.change(m, INSURANCE_ENROLMENT_AUDIT, operation, before, after);
    return after;
  }

  /** Deletes an enrolment entered in error, with the reason (the audit trail keeps it); send the version read. */
  async delete(principal: Principal, input: { id: string; version: number; reason: string }): Promise<InsuranceEnrolmentEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!found) throw HealthErrors.enrolmentNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      await this.repo.delete(m, found.id);
      await this.audit.change(m, INSURANCE_ENROLMENT_AUDIT, 'health.deleteInsuranceEnrolment', found, null, { reason: input.reason.trim() });
      return found;
    });
  }

  /**
   * The checks of an enrolment's terms for a member found (and locked): amounts, the member current
   * and in the household during the year, the layer listed for the year in the village, no other
   * record of the layer in the year. Throws the coded errors; writes nothing.
   */
  private async checkTerms(m: EntityManager, member: MemberEntity, input: EnrolmentTerms, exceptId?: string): Promise<{ terms: EnrolmentTerms; parametersUsed: ParameterValue[] }> {
    const amount = (field: 'premium' | 'subsidy'): string | null => {
      const text = input[field] === null || input[field] === undefined ? '' : String(input[field]).trim();
      if (!text) return null;
      if (!isStoredAmount(text)) throw HealthErrors.invalidAmount(`input.${field}`);
      return fromCents(toCents(text));
    };
    const premium = amount('premium');
    const subsidy = amount('subsidy');
    // The subsidy is checked against a premium stated; either alone is taken as stated.
    if (premium !== null && subsidy !== null && compareAmounts(subsidy, premium) > 0) throw HealthErrors.subsidyAbovePremium();
    if (!member.active || !memberDuring(member, `${input.year}-01-01`, yearEnd(input.year))) throw HealthErrors.notCurrent(input.year, exceptId ? 'input.id' : 'input.memberId');
    const layer = input.layer.trim();
    const list = await this.parameters.requireListedCode(INSURANCE_LAYERS_KEY, layer, layersDay(input.year), member.regionCode, 'input.layer', m);
    if (await this.repo.exists(m, member.id, input.year, layer, exceptId)) throw HealthErrors.duplicateEnrolment(input.year, layer);
    return { terms: { year: input.year, layer, premium, subsidy }, parametersUsed: [list] };
  }

  /** Two officers recording the same layer at once: the unique key decides, with the same answer as the check. */
  private async unique<T>(year: number | undefined, layer: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (isUniqueViolation(e)) throw HealthErrors.duplicateEnrolment(year ?? 0, layer?.trim() ?? '');
      throw e;
    }
  }

  // ------------------------------------------------------------------ coverage

  /**
   * 应保尽保: current members of the caller's region (or a subtree), in their household by the
   * year's end, without a record of every layer of health.insurance_layers in force for the year
   * (or of `layer` alone), by name, with the layers each lacks. The list is read for the year in
   * the region asked (or the caller's); not in force there: PARAMETER_NOT_CONFIGURED naming `year`.
   */
  async membersMissing(
    principal: Principal,
    filter: { year: number; layer?: string; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<InsuranceGapRow> & { parametersUsed: ParameterValue[] }> {
    const asOf = layersDay(filter.year);
    const region = filter.regionCode ?? principal.regionCode;
    const list = filter.layer
      ? await this.parameters.requireListedCode(INSURANCE_LAYERS_KEY, filter.layer, asOf, region, 'layer')
      : await this.parameters.requireConfigured(INSURANCE_LAYERS_KEY, asOf, region, 'year');
    const wanted = filter.layer ? [filter.layer] : (list.value as string[]);
    const { page, enrolled } = await withSerialPlans(this.dataSource, async (manager) => {
      const base = this.membersRepo
        .query(principal, { regionPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined, active: true }, manager)
        .andWhere('m.joined_on <= CAST(:miEnd AS date)', { miEnd: asOf })
        .setParameters({ miLayers: wanted, miYear: filter.year, miLayerCount: wanted.length });
      // The page: members in name order, each probed on the unique key (member, year, layer); it
      // stops with the page (tens of milliseconds at 1 M members).
      const probe = base.clone().andWhere(
        `EXISTS (SELECT 1 FROM unnest(CAST(:miLayers AS text[])) AS l(layer)
          WHERE NOT EXISTS (SELECT 1 FROM insurance_enrolments e WHERE e.member_id = m.id AND e.year = :miYear AND e.layer = l.layer))`,
      );
      // The count: the same members as one grouped pass over the year's records (a member lacks a
      // layer when it has fewer records of the wanted layers than there are: one per layer, by the
      // unique key). Probing every member instead took 9–15 s at 1 M members (bench:education-health).
      const grouped = base
        .clone()
        .leftJoin(
          (sub) =>
            sub
              .select('e.member_id', 'member_id')
              .addSelect('count(*)', 'n')
              .from(InsuranceEnrolmentEntity, 'e')
              .where('e.year = :miYear AND e.layer = ANY(CAST(:miLayers AS text[]))')
              .groupBy('e.member_id'),
          'c',
          'c.member_id = m.id',
        )
        .andWhere('COALESCE(c.n, 0) < :miLayerCount');
      const page = await paginate(probe, args, { tag: 'name', column: 'm.name', type: 'text', idColumn: 'm.id', key: (mm) => [mm.name, mm.id] }, { withTotalCount, countQuery: grouped });
      return { page, enrolled: await this.repo.layersOf(page.edges.map((e) => e.node.id), filter.year, manager) };
    });
    return {
      ...page,
      edges: page.edges.map((e) => {
        const has = enrolled.get(e.node.id)?.layers ?? [];
        return { cursor: e.cursor, node: { member: e.node, year: filter.year, enrolledLayers: has, missingLayers: wanted.filter((l) => !has.includes(l)) } };
      }),
      parametersUsed: [list],
    };
  }
}
