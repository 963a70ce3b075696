import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope, ScopeHolder } from '../common/access/region-scope';
import { versionConflict } from '../common/concurrency/optimistic-update';
import { isLocalDate } from '../common/dates/local-date';
import { changesOf, memberDuring } from '../common/kit/records';
import { compareAmounts, compareDecimals, fromCents, isStoredAmount, ratioOfAmounts, sumAmounts, toCents } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { HouseholdEntity } from '../households/household.entity';
import { HouseholdsService } from '../households/households.service';
import { MemberEntity } from '../households/member.entity';
import { MembersService } from '../households/members.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { HOSPITAL_STAY_AUDIT } from './health.audited';
import { HEALTH_SECTOR } from './health.declaration';
import { HealthErrors } from './health.errors';
import { CATASTROPHIC_SPENDING_RATIO_KEY, ICD10 } from './health-rules';
import { HospitalLevel, HospitalStayEntity, LayerPayment } from './hospital-stay.entity';
import { HospitalStayFilter, HospitalStaysRepository, HOUSEHOLDS_OVER_TARGET, HOUSEHOLDS_WITH_CATASTROPHIC_SPENDING, yearBounds } from './hospital-stays.repository';
import { INSURANCE_LAYERS_KEY, layersDay } from './insurance.service';

/** The out-of-pocket target (RULES.md §5): the household's share of a stay's cost should not exceed it. */
export const OUT_OF_POCKET_MAX_KEY = 'health.out_of_pocket_max';

export interface StayTerms {
  hospital: string;
  hospitalLevel: HospitalLevel;
  inCounty: boolean;
  admittedOn: string;
  dischargedOn: string;
  diagnosis: string;
  icd10Code?: string | null;
  totalCost: string;
  layerPayments?: LayerPayment[];
  householdPaid: string;
  treatFirstPayLater?: boolean;
}

/** A stay's terms as checked (trimmed, amounts as stored, defaults filled): what is written. */
export type CheckedStayTerms = Omit<HospitalStayEntity, 'id' | 'memberId' | 'householdId' | 'regionCode' | 'sector' | 'version' | 'createdAt' | 'updatedAt'>;

/** The row checkCreate answers for insertChecked. */
export type NewStayRow = CheckedStayTerms & Pick<HospitalStayEntity, 'memberId' | 'householdId' | 'regionCode' | 'sector'>;

/** A stay written, with its out-of-pocket verdict against the target (null: not configured) and the parameters read. */
export interface WrittenStay {
  stay: HospitalStayEntity;
  overOutOfPocketTarget: boolean | null;
  parametersUsed: ParameterValue[];
}

/** A household's year of stays: the sums, the ratio and the stays behind them. */
export interface HouseholdOutOfPocketRow {
  household: HouseholdEntity;
  year: number;
  totalCost: string;
  householdPaid: string;
  ratio: string | null;
  stays: HospitalStayEntity[];
}

/** A household's year of out-of-pocket spending against its income: the sums, the income, the ratio and the stays behind them. */
export interface HouseholdCatastrophicSpendingRow {
  household: HouseholdEntity;
  year: number;
  totalCost: string;
  householdPaid: string;
  /** The registry's net income (纯收入) of the year; null when none is recorded. */
  netIncome: string | null;
  /** Σ household paid ÷ net income, 4 decimals; null when the income is missing or not above 0. */
  ratio: string | null;
  /** No income recorded for the year, or a net income of 0 or less: listed for any spending, with no ratio. */
  incomeMissing: boolean;
  stays: HospitalStayEntity[];
}

/** The household's share of a stay's (or a year's) cost, 4 decimals; null when the cost is 0. */
export function outOfPocketRatio(householdPaid: string, totalCost: string): string | null {
  return ratioOfAmounts(householdPaid, totalCost);
}

/**
 * 住院费用: members' hospital stays, what each insurance layer and the household paid, and the
 * out-of-pocket share against health.out_of_pocket_max. One transaction per use case locks the
 * member, checks the write scope (the household's village, the health department), the member in
 * the household during the stay, the dates, the ICD-10 code's shape, the amounts (decimals, not
 * negative; no layer above the total; the layers and the household together not above it) and the
 * layers listed in health.insurance_layers on discharge; writes and audits.
 */
@Injectable()
export class HospitalStaysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: HospitalStaysRepository,
    private readonly members: MembersService,
    private readonly households: HouseholdsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: Omit<HospitalStayFilter, 'withinPrefix'> & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<HospitalStayEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.page(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<HospitalStayEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  async create(principal: Principal, input: StayTerms & { memberId: string }): Promise<WrittenStay> {
    return this.dataSource.transaction(async (m) => {
      const member = await this.members.getInScope(principal, input.memberId, m, { field: 'input.memberId', lock: true });
      const { row, parametersUsed } = await this.checkCreate(principal, m, member, input);
      return this.withVerdict(m, await this.insertChecked(m, row, 'health.createHospitalStay'), parametersUsed);
    });
  }

  /**
   * The checks of a new stay of a member found (and locked) in `scope`: the write scope, the terms
   * (checkTerms). Throws the coded errors; writes nothing (an import's dry run stops here).
   */
  async checkCreate(scope: ScopeHolder, m: EntityManager, member: MemberEntity, input: StayTerms): Promise<{ row: NewStayRow; parametersUsed: ParameterValue[] }> {
    if (!inRegionScope(scope, member.regionCode, { sector: { value: HEALTH_SECTOR, access: 'write' } })) throw HealthErrors.outOfScope('input.memberId');
    const { terms, parametersUsed } = await this.checkTerms(m, member, input, 'input.memberId');
    return { row: { ...terms, memberId: member.id, householdId: member.householdId, regionCode: member.regionCode, sector: HEALTH_SECTOR }, parametersUsed };
  }

  /** Writes a stay checked by checkCreate, with its audit row (`operation`: GraphQL's or an import's). */
  async insertChecked(m: EntityManager, row: NewStayRow, operation: 'health.createHospitalStay' | 'health.importHospitalStay'): Promise<HospitalStayEntity> {
    const stay = await this.repo.insert(m, row);
    await this.audit.change(m, HOSPITAL_STAY_AUDIT, operation, null, stay);
    return stay;
  }

  /** Corrects a stay (not its member); send the version read. Checked again as a new stay. */
  async update(principal: Principal, input: Partial<StayTerms> & { id: string; version: number }): Promise<WrittenStay> {
    const { id, version, ...changes } = input;
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findInScope(principal, [id], m, true);
      if (!found) throw HealthErrors.stayNotFound();
      if (found.version !== version) throw versionConflict({ expectedVersion: version, currentVersion: found.version });
      const member = await this.members.getInScope(principal, found.memberId, m, { field: 'input.id', lock: true });
      const { terms, parametersUsed } = await this.checkUpdate(m, found, member, changes);
      return this.withVerdict(m, await this.applyUpdate(m, found, version, terms, 'health.updateHospitalStay'), parametersUsed);
    });
  }

  /** The checks of corrected terms of a stay read (locked, in the write scope) of its member (locked): the stay with the changes, checked again as a new one. */
  checkUpdate(m: EntityManager, found: HospitalStayEntity, member: MemberEntity, changes: Partial<StayTerms>): Promise<{ terms: CheckedStayTerms; parametersUsed: ParameterValue[] }> {
    return this.checkTerms(m, member, { ...found, ...changesOf<Partial<StayTerms>>(changes, ['icd10Code']) }, 'input.id');
  }

  /** Writes terms checked by checkUpdate (the version read), with its audit row. */
  async applyUpdate(m: EntityManager, before: HospitalStayEntity, version: number, terms: CheckedStayTerms, operation: 'health.updateHospitalStay' | 'health.importHospitalStay'): Promise<HospitalStayEntity> {
    const after = await this.repo.update(m, before.id, version, terms);
    await this.audit.change(m, HOSPITAL_STAY_AUDIT, operation, before, after);
    return after;
  }

  /** Deletes a stay entered in error, with the reason (the audit trail keeps it); send the version read. */
  async delete(principal: Principal, input: { id: string; version: number; reason: string }): Promise<HospitalStayEntity> {
    return this.dataSource.transaction(async (m) => {
      const [found] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!found) throw HealthErrors.stayNotFound();
      if (found.version !== input.version) throw versionConflict({ expectedVersion: input.version, currentVersion: found.version });
      await this.repo.delete(m, found.id);
      await this.audit.change(m, HOSPITAL_STAY_AUDIT, 'health.deleteHospitalStay', found, null, { reason: input.reason.trim() });
      return found;
    });
  }

  /** The stay's out-of-pocket ratio against health.out_of_pocket_max in force on discharge in the village (null verdict: not configured). */
  private async withVerdict(m: EntityManager, stay: HospitalStayEntity, used: ParameterValue[]): Promise<WrittenStay> {
    const target = await this.parameters.valueAt(OUT_OF_POCKET_MAX_KEY, stay.dischargedOn, stay.regionCode, m);
    const ratio = outOfPocketRatio(stay.householdPaid, stay.totalCost);
    const over = target.configured && ratio !== null ? compareDecimals(ratio, String(target.value)) > 0 : target.configured ? false : null;
    return { stay, overOutOfPocketTarget: over, parametersUsed: [...used, target] };
  }

  /** The checks of a stay's terms for a member found (and locked). Throws the coded errors; writes nothing. */
  private async checkTerms(m: EntityManager, member: MemberEntity, input: StayTerms, memberField: string): Promise<{ terms: CheckedStayTerms; parametersUsed: ParameterValue[] }> {
    const text = (v: string, field: string, what: string) => {
      const t = v.trim();
      if (!t) throw HealthErrors.invalidValue(field, `须填写${what}`);
      return t;
    };
    const hospital = text(input.hospital, 'input.hospital', '医院 (give the hospital)');
    const diagnosis = text(input.diagnosis, 'input.diagnosis', '诊断 (give the diagnosis)');
    if (!isLocalDate(input.admittedOn)) throw HealthErrors.invalidValue('input.admittedOn', '日期格式应为 YYYY-MM-DD');
    if (!isLocalDate(input.dischargedOn)) throw HealthErrors.invalidValue('input.dischargedOn', '日期格式应为 YYYY-MM-DD');
    if (input.dischargedOn < input.admittedOn) throw HealthErrors.invalidPeriod('input.dischargedOn', `出院日期不能早于入院日期 ${input.admittedOn} (discharged before admitted)`);
    const icd10Code = input.icd10Code?.trim() || null;
    if (icd10Code !== null && !ICD10.test(icd10Code)) throw HealthErrors.icd10();
    const amount = (v: string, field: string) => {
      if (!isStoredAmount(String(v).trim())) throw HealthErrors.invalidAmount(field);
      return fromCents(toCents(String(v).trim()));
    };
    const totalCost = amount(input.totalCost, 'input.totalCost');
    const householdPaid = amount(input.householdPaid, 'input.householdPaid');
    const payments = input.layerPayments ?? [];
    const layerPayments: LayerPayment[] = payments.map((p, i) => {
      const a = amount(p.amount, `input.layerPayments.${i}.amount`);
      if (compareAmounts(a, totalCost) > 0) throw HealthErrors.layerAboveTotal(`input.layerPayments.${i}.amount`);
      const layer = p.layer.trim();
      if (payments.findIndex((q) => q.layer.trim() === layer) !== i) throw HealthErrors.invalidValue(`input.layerPayments.${i}.layer`, '同一报销层级只能填写一次 (each layer once)');
      return { layer, amount: a };
    });
    const sum = sumAmounts([...layerPayments.map((p) => p.amount), householdPaid]);
    if (compareAmounts(sum, totalCost) > 0) throw HealthErrors.paymentsAboveTotal(sum, totalCost);
    if (!memberDuring(member, input.admittedOn, input.dischargedOn)) throw HealthErrors.notInHousehold(memberField);
    const parametersUsed = layerPayments.length
      ? (await this.parameters.requireListedCodes(layerPayments.map((p, i) => ({ key: INSURANCE_LAYERS_KEY, code: p.layer, field: `input.layerPayments.${i}.layer` })), input.dischargedOn, member.regionCode, m)).slice(0, 1)
      : [];
    return {
      terms: {
        hospital,
        hospitalLevel: input.hospitalLevel,
        inCounty: input.inCounty,
        admittedOn: input.admittedOn,
        dischargedOn: input.dischargedOn,
        diagnosis,
        icd10Code,
        totalCost,
        layerPayments,
        householdPaid,
        treatFirstPayLater: input.treatFirstPayLater ?? false,
      },
      parametersUsed,
    };
  }

  // ------------------------------------------------------------------ coverage

  /**
   * Households on the roll of the caller's region (or a subtree) whose stays discharged in the
   * year cost them more than health.out_of_pocket_max of their total (Σ household paid ÷ Σ total
   * cost), by household number, with the stays behind each. The target is read for the year's end
   * in the region asked (or the caller's); not in force: PARAMETER_NOT_CONFIGURED naming `year`.
   */
  async householdsOverTarget(
    principal: Principal,
    filter: { year: number; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HouseholdOutOfPocketRow> & { parametersUsed: ParameterValue[] }> {
    const target = await this.parameters.requireConfigured(OUT_OF_POCKET_MAX_KEY, layersDay(filter.year), filter.regionCode ?? principal.regionCode, 'year');
    const extend = (qb: SelectQueryBuilder<HouseholdEntity>) => void qb.setParameters({ ...yearBounds(filter.year), ohTarget: String(target.value) }).andWhere(`h.id IN (${HOUSEHOLDS_OVER_TARGET})`);
    const page = await this.households.list(principal, { regionCode: filter.regionCode, extend }, args, undefined, withTotalCount);
    const stays = await this.repo.ofHouseholdsInYear(
      page.edges.map((e) => e.node.id),
      filter.year,
    );
    return {
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
      edges: page.edges.map((e) => {
        const own = stays.get(e.node.id) ?? [];
        const totalCost = sumAmounts(own.map((s) => s.totalCost));
        const householdPaid = sumAmounts(own.map((s) => s.householdPaid));
        return { cursor: e.cursor, node: { household: e.node, year: filter.year, totalCost, householdPaid, ratio: outOfPocketRatio(householdPaid, totalCost), stays: own } };
      }),
      parametersUsed: [target],
    };
  }

  /**
   * Catastrophic health spending (灾难性医疗支出), a signal for the return-to-poverty watch:
   * households on the roll of the caller's region (or a subtree) whose out-of-pocket spending in
   * the year (Σ household paid of the stays discharged in it) is above
   * health.catastrophic_spending_ratio × the household's income of the year, by household number,
   * with the figures and the stays behind each.
   *
   * The income is the registry's net income (纯收入 = annual income − production costs, of the
   * household's household_incomes row of the year, computed as household-income.ts and INCOME_SQL
   * compute it): the whole household's, since the spending is the whole household's (not the
   * per-capita figure the poverty line reads), and net rather than annual, since what went into
   * production is not there to pay a hospital with. A household with no income recorded for the
   * year, or a net income of 0 or less, is listed for any out-of-pocket spending (ratio null,
   * incomeMissing) rather than dropped: its spending cannot be set against an income, and that
   * gap is itself worth a village's look. The ratio is read for the year's end in the region asked
   * (or the caller's); not in force: PARAMETER_NOT_CONFIGURED naming `year`.
   */
  async householdsWithCatastrophicSpending(
    principal: Principal,
    filter: { year: number; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<HouseholdCatastrophicSpendingRow> & { parametersUsed: ParameterValue[] }> {
    const threshold = await this.parameters.requireConfigured(CATASTROPHIC_SPENDING_RATIO_KEY, layersDay(filter.year), filter.regionCode ?? principal.regionCode, 'year');
    const extend = (qb: SelectQueryBuilder<HouseholdEntity>) =>
      void qb.setParameters({ ...yearBounds(filter.year), chYear: filter.year, chThreshold: String(threshold.value) }).andWhere(`h.id IN (${HOUSEHOLDS_WITH_CATASTROPHIC_SPENDING})`);
    const page = await this.households.list(principal, { regionCode: filter.regionCode, extend }, args, undefined, withTotalCount);
    const ids = page.edges.map((e) => e.node.id);
    const [stays, incomes] = await Promise.all([this.repo.ofHouseholdsInYear(ids, filter.year), this.repo.netIncomesOf(ids, filter.year)]);
    return {
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
      edges: page.edges.map((e) => {
        const own = stays.get(e.node.id) ?? [];
        const householdPaid = sumAmounts(own.map((s) => s.householdPaid));
        const netIncome = incomes.get(e.node.id) ?? null;
        const ratio = netIncome === null ? null : ratioOfAmounts(householdPaid, netIncome);
        return {
          cursor: e.cursor,
          node: { household: e.node, year: filter.year, totalCost: sumAmounts(own.map((s) => s.totalCost)), householdPaid, netIncome, ratio, incomeMissing: ratio === null, stays: own },
        };
      }),
      parametersUsed: [threshold],
    };
  }
}
