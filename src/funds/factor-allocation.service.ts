import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Sector } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { updateWithVersion, versionConflict } from '../common/concurrency/optimistic-update';
import { AppError } from '../common/errors/app-error';
import { CommonReason } from '../common/errors/reasons';
import { fromCents, isStoredAmount, toCents } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { isWithin, RegionLevel, subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { HouseholdsService } from '../households/households.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { RegionEntity } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { FactorAllocationLevel, FundAllocationRunEntity, FundAllocationRunLineEntity, FundFactorValueEntity } from './factor-allocation.entities';
import { FUND_ALLOCATION_RUN_AUDIT, FUND_FACTOR_VALUE_AUDIT } from './factor-allocation.audited';
import { FactorAllocationErrors } from './factor-allocation.errors';
import { apportion, computeShares, formatFraction, ShareError } from './factor-allocation.math';
import { FactorAllocationRepository, RunFilter } from './factor-allocation.repository';
import { FundAllocationEntity, FundRecordStatus } from './funds.entities';
import { FundsErrors } from './funds.errors';
import { FundsRepository } from './funds.repository';
import { AllocationFields, FundsService } from './funds.service';

/** The parameters a run reads (RULES.md §8). */
export const FUNDS_ALLOCATION_FACTORS_KEY = 'funds.allocation_factors';
export const FUNDS_ALLOCATION_WEIGHTS_KEY = 'funds.allocation_weights';

/**
 * The factor of funds.allocation_factors a run counts from the registry instead of reading entered
 * values: members of households on the roll (HouseholdsService.countRegisteredPopulation). A
 * factor code, not a policy value: which factors apply and their weights are parameters.
 */
export const REGISTERED_POPULATION_FACTOR = '建档立卡人口规模';

export const FACTOR_FORMULA = 'share_i = Σ_f weight_f × value_{f,i} ÷ Σ_j value_{f,j}; amount_i = total × share_i';
export const FACTOR_ROUNDING =
  'Each amount is rounded down to the fen; the fen left over (fewer than the number of regions) go one each to the regions with the largest remainders, ties broken by region code ascending, so the amounts sum exactly to the total.';

/** A non-negative decimal with up to 10 integer digits and 4 decimals (numeric(14,4)). */
const FACTOR_VALUE = /^\d{1,10}(\.\d{1,4})?$/;

export interface SetFactorValue {
  year: number;
  regionCode: string;
  factor: string;
  value: string;
  note?: string | null;
  /** The version read; required when the value exists, absent when it does not. */
  version?: number | null;
}

export interface RunFactorAllocation {
  documentId?: string | null;
  amount?: string | null;
  year: number;
  parentRegionCode: string;
  level: FactorAllocationLevel;
}

/** One factor's data over the regions of a run or of factorData. */
export interface FactorColumn {
  factor: string;
  /** The weight (a decimal string) or null when the weights are not configured. */
  weight: string | null;
  source: 'REGISTRY' | 'ENTERED';
  /** Per region: the value (null: not entered), and for an entered one its row id and version. */
  values: { regionCode: string; value: string | null; valueId: string | null; version: number | null; note: string | null }[];
  /** Σ of the values present. */
  sum: string;
}

/** The inputs of a run, stored with it (`inputs` jsonb) and answered as its explanation. */
export interface FactorAllocationInputs {
  asOf: string;
  formula: string;
  rounding: string;
  regions: { regionCode: string; name: string }[];
  factors: FactorColumn[];
  parameters: ParameterValue[];
  document: { id: string; documentNumber: string; amount: string; committed: string; available: string } | null;
}

export interface FactorData {
  year: number;
  parentRegionCode: string;
  level: FactorAllocationLevel;
  asOf: string;
  regions: RegionEntity[];
  factors: FactorColumn[];
  parameters: ParameterValue[];
}

export interface ApplyRun {
  runId: string;
  allocatedOn: string;
  purpose: string;
}

/** The fields an applied run's allocation errors name: the run stands for the document, the regions and the amounts. */
const APPLY_FIELDS: AllocationFields = {
  documentId: 'input.runId',
  regionCode: 'input.runId',
  amount: 'input.runId',
  allocatedOn: 'input.allocatedOn',
  purpose: 'input.purpose',
};

export interface RunWithLines {
  run: FundAllocationRunEntity;
  lines: FundAllocationRunLineEntity[];
}

/** Exact sum of non-negative decimal strings (up to 4 places), as a decimal string with 4 places. */
function sumDecimals(values: readonly string[]): string {
  const scaled = values.reduce((s, v) => {
    const [i, f = ''] = v.split('.');
    return s + BigInt(i + f.padEnd(4, '0'));
  }, 0n);
  const t = scaled.toString().padStart(5, '0');
  return `${t.slice(0, -4)}.${t.slice(-4)}`;
}

/**
 * 因素分配法 (issue #19 part 3): factor data per year and region (the registered population counted
 * from the registry, the other factors entered per region and year) and runs that share an amount
 * among the towns or villages of a parent region by the weighted factors, exactly to the fen, each
 * stored with every input it used. Writes are finance's and the poverty office's, as allocations.
 */
@Injectable()
export class FactorAllocationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: FactorAllocationRepository,
    private readonly funds: FundsRepository,
    private readonly fundsService: FundsService,
    private readonly parameters: ParametersService,
    private readonly regions: RegionsService,
    private readonly households: HouseholdsService,
    private readonly audit: AuditService,
  ) {}

  // ---- factor values -------------------------------------------------------------------------

  async setFactorValue(principal: Principal, input: SetFactorValue): Promise<FundFactorValueEntity> {
    if (!FACTOR_VALUE.test(input.value)) throw FactorAllocationErrors.valueInvalid();
    const note = input.note?.trim() || null;
    return this.dataSource.transaction(async (m) => {
      const region = await this.regions.findByCode(input.regionCode, m);
      if (!region || !inRegionScope(principal, region.code)) throw FactorAllocationErrors.outOfScope('input.regionCode');
      if (region.level !== RegionLevel.TOWN && region.level !== RegionLevel.VILLAGE) throw FactorAllocationErrors.regionNotTownOrVillage();
      if (!this.financeWrites(principal, region.code)) throw FactorAllocationErrors.outOfScope('input.regionCode');
      const factors = await this.parameters.requireConfigured(FUNDS_ALLOCATION_FACTORS_KEY, asOfYear(input.year), region.code, 'input.factor', m);
      if (!(factors.value as string[]).includes(input.factor)) throw FactorAllocationErrors.factorNotListed(input.factor, input.year);
      if (input.factor === REGISTERED_POPULATION_FACTOR) throw FactorAllocationErrors.factorComputed(input.factor);
      const before = await this.repo.lockValue(m, input.year, region.code, input.factor);
      let after: FundFactorValueEntity;
      if (before) {
        if (input.version == null) throw versionConflict({ currentVersion: before.version });
        after = await this.updateValue(m, before, input.version, { value: input.value, note });
      } else {
        if (input.version != null) throw versionConflict({ expectedVersion: input.version });
        try {
          const repo = m.getRepository(FundFactorValueEntity);
          const saved = await repo.save(repo.create({ year: input.year, regionCode: region.code, factor: input.factor, value: input.value, note }));
          after = await repo.findOneByOrFail({ id: saved.id });
        } catch (e) {
          // Another officer entered the same value at the same moment: read it and send its version.
          if (isUniqueViolation(e)) throw versionConflict({});
          throw e;
        }
      }
      await this.audit.change(m, FUND_FACTOR_VALUE_AUDIT, 'funds.setFactorValue', before, after);
      return after;
    });
  }

  private async updateValue(m: EntityManager, before: FundFactorValueEntity, version: number, patch: Partial<FundFactorValueEntity>): Promise<FundFactorValueEntity> {
    return updateWithVersion(m, FundFactorValueEntity, { column: 'id', value: before.id }, version, patch, () => FactorAllocationErrors.runNotFound('input.regionCode'));
  }

  /** The factor data of the towns or villages of a parent region for a year, as a run would read it. */
  async factorData(principal: Principal, input: { year: number; parentRegionCode: string; level: FactorAllocationLevel }): Promise<FactorData> {
    const parent = await this.regions.findByCode(input.parentRegionCode);
    if (!parent || !inRegionScope(principal, parent.code)) throw FactorAllocationErrors.outOfScope('parentRegionCode');
    return this.collect(principal, parent, input.year, input.level, this.dataSource.manager, false);
  }

  // ---- runs ----------------------------------------------------------------------------------

  async run(principal: Principal, input: RunFactorAllocation): Promise<RunWithLines> {
    if (!input.documentId && input.amount == null) throw FactorAllocationErrors.amountSource();
    if (input.amount != null && !isStoredAmount(input.amount, { positive: true })) throw FactorAllocationErrors.invalidAmount();
    return this.dataSource.transaction(async (m) => {
      const parent = await this.regions.findByCode(input.parentRegionCode, m);
      if (!parent || !inRegionScope(principal, parent.code) || !this.financeWrites(principal, parent.code)) throw FactorAllocationErrors.outOfScope('input.parentRegionCode');
      let document: FactorAllocationInputs['document'] = null;
      let amount = input.amount ?? null;
      if (input.documentId) {
        const [doc] = await this.funds.findDocuments(principal, [input.documentId], m);
        if (!doc) throw FundsErrors.documentNotFound('input.documentId');
        if (doc.status !== FundRecordStatus.ACTIVE) throw FundsErrors.sourceCancelled('input.documentId');
        if (doc.year !== input.year) throw FundsErrors.yearNotParent(input.year, doc.year);
        if (!isWithin(parent.code, subtreePrefix(doc.regionCode))) throw FundsErrors.regionOutsideSource('input.parentRegionCode', doc.regionCode);
        const available = fromCents(toCents(doc.amount) - toCents(doc.committed));
        document = { id: doc.id, documentNumber: doc.documentNumber, amount: doc.amount, committed: doc.committed, available };
        if (amount == null) amount = available;
        if (toCents(amount) > toCents(available) || toCents(amount) <= 0n) {
          throw FundsErrors.overSource('input.amount', { id: doc.id, amount: doc.amount, committed: doc.committed, available }, amount);
        }
      }
      const data = await this.collect(principal, parent, input.year, input.level, m, true);
      const shares = this.shares(data);
      const lines = apportion(toCents(amount!), shares);
      const inputs: FactorAllocationInputs = {
        asOf: data.asOf,
        formula: FACTOR_FORMULA,
        rounding: FACTOR_ROUNDING,
        regions: data.regions.map((r) => ({ regionCode: r.code, name: r.name })),
        factors: data.factors,
        parameters: data.parameters,
        document,
      };
      const runNumber = await this.repo.nextRunNumber(m, input.year, parent.code, input.level);
      let run: FundAllocationRunEntity;
      try {
        const runRepo = m.getRepository(FundAllocationRunEntity);
        run = await runRepo.save(
            runRepo.create({
              year: input.year,
              parentRegionCode: parent.code,
              level: input.level,
              runNumber,
              documentId: document?.id ?? null,
              amount: fromCents(toCents(amount!)),
              inputs: inputs as unknown as Record<string, unknown>,
              runBy: principal.id,
            }),
        );
      } catch (e) {
        // A concurrent run of the same year, parent and level took the number: run again.
        if (isUniqueViolation(e)) throw new AppError('CONFLICT', '同一地区同一年度的另一次测算刚刚保存，请重试 (another run was saved at the same moment; run again)', { reason: CommonReason.VERSION_MISMATCH, field: 'input.parentRegionCode' });
        throw e;
      }
      const lineRepo = m.getRepository(FundAllocationRunLineEntity);
      const saved = await lineRepo.save(
        lines.map((l) =>
          lineRepo.create({
            runId: run.id,
            regionCode: l.regionCode,
            shareNumerator: l.share.num.toString(),
            shareDenominator: l.share.den.toString(),
            amount: fromCents(l.fen),
            remainderFen: l.remainderFen === 1n,
          }),
        ),
      );
      const stored = await m.getRepository(FundAllocationRunEntity).findOneByOrFail({ id: run.id });
      await this.audit.change(m, FUND_ALLOCATION_RUN_AUDIT, 'funds.runFactorAllocation', null, stored);
      return { run: stored, lines: saved.sort((a, b) => (a.regionCode < b.regionCode ? -1 : 1)) };
    });
  }

  /**
   * Applies a run of a document as allocations (下达): one per line with a non-zero amount, to the
   * line's region, for exactly its amount, dated and with the purpose given, each written through
   * FundsService's create path (the same checks as createFundAllocation) and naming the run; all or
   * nothing. Only a document's run, only the newest of that document's runs (same year, parent
   * region and level), once: the run is locked, and the unique (run_id, region_code) is the backstop.
   */
  async apply(principal: Principal, input: ApplyRun): Promise<{ run: FundAllocationRunEntity; lines: FundAllocationRunLineEntity[]; allocations: FundAllocationEntity[] }> {
    return this.dataSource.transaction(async (m) => {
      const run = await this.repo.findRun(principal, input.runId, m, true);
      // Outside the write scope (region, or a sector other than finance) answers as missing.
      if (!run || !this.financeWrites(principal, run.parentRegionCode)) throw FactorAllocationErrors.runNotFound('input.runId');
      if (!run.documentId) throw FactorAllocationErrors.runNoDocument();
      const newest = await this.repo.newestOfDocument(m, run);
      if (newest.id !== run.id) throw FactorAllocationErrors.runNotNewest(run.runNumber, newest);
      if (await this.repo.isApplied(m, run.id)) throw FactorAllocationErrors.runAlreadyApplied();
      const lines = await this.repo.lines([run.id], m);
      const allocations: FundAllocationEntity[] = [];
      try {
        for (const line of lines.filter((l) => toCents(l.amount) > 0n)) {
          allocations.push(
            await this.fundsService.allocateIn(
              m,
              principal,
              { documentId: run.documentId, regionCode: line.regionCode, amount: line.amount, allocatedOn: input.allocatedOn, purpose: input.purpose, runId: run.id },
              APPLY_FIELDS,
            ),
          );
        }
      } catch (e) {
        // Applied at the same moment by another officer (after this one read it as not applied).
        if (isUniqueViolation(e)) throw FactorAllocationErrors.runAlreadyApplied();
        throw e;
      }
      await this.audit.fact(m, FUND_ALLOCATION_RUN_AUDIT, 'funds.applyFactorAllocationRun', run, {
        allocatedOn: input.allocatedOn,
        purpose: input.purpose.trim(),
        allocationIds: allocations.map((a) => a.id),
      });
      return { run, lines, allocations };
    });
  }

  listRuns(principal: Principal, filter: RunFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FundAllocationRunEntity>> {
    return this.repo.pageRuns(principal, filter, args, withTotalCount);
  }

  async findRun(principal: Principal, id: string): Promise<RunWithLines | null> {
    const run = await this.repo.findRun(principal, id);
    if (!run) return null;
    return { run, lines: await this.repo.lines([run.id]) };
  }

  linesOf(runIds: readonly string[]): Promise<FundAllocationRunLineEntity[]> {
    return this.repo.lines(runIds);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Finance writes (a sector officer must be of sector FINANCE); the poverty office is not confined by sector. */
  private financeWrites(principal: Principal, regionCode: string): boolean {
    return inRegionScope(principal, regionCode, { sector: { value: Sector.FINANCE, access: 'write' } });
  }

  /** The regions, the factors with their values and the parameters, as of the year (31 December). */
  private async collect(principal: Principal, parent: RegionEntity, year: number, level: FactorAllocationLevel, m: EntityManager, strict: boolean): Promise<FactorData> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw FactorAllocationErrors.invalidYear();
    const asOf = asOfYear(year);
    const parentOk = level === FactorAllocationLevel.TOWN ? parent.level === RegionLevel.DISTRICT : parent.level === RegionLevel.DISTRICT || parent.level === RegionLevel.TOWN;
    if (!parentOk) throw FactorAllocationErrors.parentLevel(level);
    const factorsParam = await this.parameters.requireConfigured(FUNDS_ALLOCATION_FACTORS_KEY, asOf, parent.code, 'input.year', m);
    const weightsParam = await this.parameters.valueAt(FUNDS_ALLOCATION_WEIGHTS_KEY, asOf, parent.code, m);
    if (strict && !weightsParam.configured) await this.parameters.requireConfigured(FUNDS_ALLOCATION_WEIGHTS_KEY, asOf, parent.code, 'input.year', m);
    const factors = factorsParam.value as string[];
    const weights = weightsParam.configured ? (weightsParam.value as string[]) : null;
    if (strict && weights && weights.length !== factors.length) throw FactorAllocationErrors.weightsMismatch(factors.length, weights.length);
    let regions = await this.regions.findChildrenOf([parent.code], m);
    if (level === FactorAllocationLevel.VILLAGE && parent.level === RegionLevel.DISTRICT) {
      regions = await this.regions.findChildrenOf(regions.filter((r) => r.level === RegionLevel.TOWN).map((r) => r.code), m);
    }
    const wanted = level === FactorAllocationLevel.TOWN ? RegionLevel.TOWN : RegionLevel.VILLAGE;
    regions = regions.filter((r) => r.level === wanted).sort((a, b) => (a.code < b.code ? -1 : 1));
    if (strict && !regions.length) throw FactorAllocationErrors.noRegions();
    const codes = regions.map((r) => r.code);
    const entered = factors.filter((f) => f !== REGISTERED_POPULATION_FACTOR);
    const rows = await this.repo.enteredValues(year, codes, entered, m);
    const byKey = new Map(rows.map((r) => [`${r.factor}|${r.regionCode}`, r]));
    const population = factors.includes(REGISTERED_POPULATION_FACTOR) ? await this.households.countRegisteredPopulation(principal, codes, year, m) : new Map<string, number>();
    const columns: FactorColumn[] = factors.map((factor, i) => {
      const registry = factor === REGISTERED_POPULATION_FACTOR;
      const values = codes.map((regionCode) => {
        if (registry) return { regionCode, value: String(population.get(regionCode) ?? 0), valueId: null, version: null, note: null };
        const row = byKey.get(`${factor}|${regionCode}`);
        return { regionCode, value: row ? normalizeDecimal(row.value) : null, valueId: row?.id ?? null, version: row?.version ?? null, note: row?.note ?? null };
      });
      return {
        factor,
        weight: weights?.[i] ?? null,
        source: registry ? 'REGISTRY' : 'ENTERED',
        values,
        sum: sumDecimals(values.map((v) => v.value).filter((v): v is string => v !== null)),
      };
    });
    return { year, parentRegionCode: parent.code, level, asOf, regions, factors: columns, parameters: [factorsParam, weightsParam] };
  }

  /** The exact shares, with the arithmetic's problems as coded errors naming the factor and region. */
  private shares(data: FactorData) {
    try {
      return computeShares(
        data.regions.map((r) => r.code),
        data.factors.map((f) => ({
          factor: f.factor,
          weight: f.weight!,
          values: new Map(f.values.filter((v) => v.value !== null).map((v) => [v.regionCode, v.value!])),
        })),
      );
    } catch (e) {
      if (!(e instanceof ShareError)) throw e;
      const p = e.problem;
      switch (p.kind) {
        case 'VALUE_MISSING':
          throw FactorAllocationErrors.valueMissing(p.factor, p.regionCode, data.year);
        case 'FACTOR_SUM_ZERO':
          throw FactorAllocationErrors.factorSumZero(p.factor);
        case 'WEIGHTS_NOT_ONE':
          throw FactorAllocationErrors.weightsNotOne(formatFraction(p.sum));
        case 'BAD_NUMBER':
          throw FactorAllocationErrors.weightsNotOne(p.text);
        case 'NO_REGIONS':
          throw FactorAllocationErrors.noRegions();
      }
    }
  }
}

/** The date the parameters of a year are read on: its last day (the values in force at year end). */
export function asOfYear(year: number): string {
  return `${year}-12-31`;
}

/** numeric(14,4) as read ("12.5000") → the shortest exact text ("12.5"). */
function normalizeDecimal(v: string): string {
  return v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
}
