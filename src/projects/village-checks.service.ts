import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { todayInChina, yearEnd, yearOf } from '../common/dates/local-date';
import { AppError, FieldProblem } from '../common/errors/app-error';
import { Connection, ConnectionArgs, emptyConnection } from '../common/pagination/connection';
import { isWithin, subtreePrefix } from '../common/region/region-code';
import { isUniqueViolation } from '../common/sql/unique-violation';
import { compareAmounts, sumAmounts } from '../common/money/money';
import { HouseholdsService } from '../households/households.service';
import { checkAmount } from '../households/registry-validation';
import { ParametersService } from '../parameters/parameters.service';
import { RegionEntity, RegionLevel } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { EntitiesErrors } from './implementing-entities.errors';
import { AuditedVillageCheck, VILLAGE_CHECK_AUDIT } from './village-checks.audited';
import { VillageCheckRecord, VillageChecksRepository } from './village-checks.repository';

/** The policy parameter whose codes a village's industry type is (RULES.md §2). */
export const INDUSTRY_TYPES_KEY = 'project.industry_types';

export interface IncomeSourceInput {
  source: string;
  amount: string;
}

export interface RecordVillageCheck {
  regionCode: string;
  year: number;
  specialtyIndustry?: string | null;
  industryType?: string | null;
  cooperativeIds?: string[];
  poorHouseholdsInCooperatives?: number;
  collectiveIncome?: string | null;
  incomeSources?: IncomeSourceInput[];
}

export interface UpdateVillageCheck extends Partial<Omit<RecordVillageCheck, 'regionCode' | 'year'>> {
  id: string;
  version: number;
}

/** One village of the scope in a year: its check, or none recorded (missing, never hidden). */
export interface VillageCheckRow {
  village: RegionEntity;
  year: number;
  record: VillageCheckRecord | null;
  /** Households on the roll in the village (the registry), registered by the year. */
  registeredPoorHouseholds: number;
}

/**
 * Village industry checks (§10, §12): per village and year, the specialty industry, the
 * cooperatives present with their poor members, the collective income and its sources. The list
 * walks the villages of the caller's scope, so a village without a record shows as missing.
 * Each write is one transaction with its audit row (children in the diff).
 */
@Injectable()
export class VillageChecksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: VillageChecksRepository,
    private readonly regions: RegionsService,
    private readonly households: HouseholdsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  /** Every village of the caller's scope (within `regionCode` when given), by code, with its check of the year. */
  async list(principal: Principal, year: number, regionCode: string | undefined, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<VillageCheckRow>> {
    const within = this.withinScope(principal, regionCode);
    if (!within) return emptyConnection(withTotalCount);
    const villages = await this.regions.list({ level: RegionLevel.VILLAGE, withinCode: within }, args, withTotalCount);
    const codes = villages.edges.map((e) => e.node.code);
    const records = new Map((await this.repo.findForVillages(codes, year)).map((r) => [r.check.regionCode, r]));
    const counts = await this.households.countOnRollByVillage(principal, codes, year);
    return {
      ...villages,
      edges: villages.edges.map((e) => ({
        cursor: e.cursor,
        node: { village: e.node, year, record: records.get(e.node.code) ?? null, registeredPoorHouseholds: counts.get(e.node.code) ?? 0 },
      })),
    };
  }

  /** One check in the caller's scope, with the registry's count for its village and year. */
  async get(principal: Principal, id: string): Promise<VillageCheckRow | null> {
    const [record] = await this.repo.findInScope(principal, [id]);
    if (!record) return null;
    const village = await this.regions.findByCode(record.check.regionCode);
    const counts = await this.households.countOnRollByVillage(principal, [record.check.regionCode], record.check.year);
    return { village: village!, year: record.check.year, record, registeredPoorHouseholds: counts.get(record.check.regionCode) ?? 0 };
  }

  async record(principal: Principal, input: RecordVillageCheck): Promise<VillageCheckRecord> {
    if (input.year > yearOf(todayInChina())) throw EntitiesErrors.dateInFuture('input.year');
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.households.checkVillageInScope(principal, input.regionCode, 'input.regionCode', m);
        const values = await this.checked(m, input.regionCode, input.year, {
          specialtyIndustry: input.specialtyIndustry ?? null,
          industryType: input.industryType ?? null,
          cooperativeIds: input.cooperativeIds ?? [],
          poorHouseholdsInCooperatives: input.poorHouseholdsInCooperatives ?? 0,
          collectiveIncome: input.collectiveIncome ?? null,
          incomeSources: input.incomeSources ?? [],
        });
        const { cooperativeIds, incomeSources, ...row } = values;
        const check = await this.repo.insert(m, { regionCode: input.regionCode, year: input.year, ...row });
        await this.repo.replaceChildren(m, check.id, cooperativeIds, incomeSources);
        const [after] = await this.repo.findInScope(principal, [check.id], m);
        await this.audit.change(m, VILLAGE_CHECK_AUDIT, 'projects.recordVillageIndustryCheck', null, audited(after!));
        return after!;
      });
    } catch (e) {
      // The village's check of the year exists (or was just recorded by someone else).
      if (isUniqueViolation(e)) throw EntitiesErrors.checkExists(input.year);
      throw e;
    }
  }

  async update(principal: Principal, input: UpdateVillageCheck): Promise<VillageCheckRecord> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!before) throw EntitiesErrors.checkNotFound();
      const c = before.check;
      const pick = <K extends keyof UpdateVillageCheck, V>(k: K, current: V): V => (input[k] !== undefined ? (input[k] as V) : current);
      const values = await this.checked(m, c.regionCode, c.year, {
        specialtyIndustry: pick('specialtyIndustry', c.specialtyIndustry),
        industryType: pick('industryType', c.industryType),
        cooperativeIds: pick('cooperativeIds', before.cooperativeIds),
        poorHouseholdsInCooperatives: pick('poorHouseholdsInCooperatives', c.poorHouseholdsInCooperatives),
        collectiveIncome: pick('collectiveIncome', c.collectiveIncome),
        incomeSources: pick('incomeSources', before.incomeSources.map((s) => ({ source: s.source, amount: s.amount }))),
      });
      const { cooperativeIds, incomeSources, ...row } = values;
      await this.repo.update(m, c.id, input.version, row);
      await this.repo.replaceChildren(m, c.id, input.cooperativeIds !== undefined ? cooperativeIds : undefined, input.incomeSources !== undefined ? incomeSources : undefined);
      const [after] = await this.repo.findInScope(principal, [c.id], m);
      await this.audit.change(m, VILLAGE_CHECK_AUDIT, 'projects.updateVillageIndustryCheck', audited(before), audited(after!));
      return after!;
    });
  }

  /**
   * The values of a check as they will be stored, every rule checked: the industry type a code of
   * project.industry_types at the year's end in the village, the cooperatives active entities of
   * the village, amounts of numeric(12,2), the sources adding up to the income, poor members only
   * with a cooperative. All problems at once, each naming its field.
   */
  private async checked(m: EntityManager, village: string, year: number, v: Required<Omit<RecordVillageCheck, 'regionCode' | 'year'>>) {
    const problems: FieldProblem[] = [];
    const specialtyIndustry = v.specialtyIndustry?.trim() || null;
    if (v.industryType) await this.parameters.requireListedCode(INDUSTRY_TYPES_KEY, v.industryType, yearEnd(year), village, 'input.industryType', m);
    const cooperativeIds = [...new Set(v.cooperativeIds)];
    const found = new Set((await this.repo.findActiveEntitiesOfVillage(m, village, cooperativeIds)).map((e) => e.id));
    const missing = v.cooperativeIds.findIndex((id) => !found.has(id));
    if (missing >= 0) throw EntitiesErrors.cooperativeNotInVillage(`input.cooperativeIds.${missing}`);
    if (v.poorHouseholdsInCooperatives > 0 && !cooperativeIds.length) throw EntitiesErrors.membersWithoutCooperative();
    problems.push(...checkAmount(v.collectiveIncome, 'input.collectiveIncome', 10));
    const incomeSources = v.incomeSources.map((s, i) => {
      problems.push(...checkAmount(s.amount, `input.incomeSources.${i}.amount`, 10));
      return { source: s.source.trim(), amount: s.amount };
    });
    if (problems.length) throw AppError.badInput(problems);
    if (incomeSources.length) {
      const sum = sumAmounts(incomeSources.map((s) => s.amount));
      if (v.collectiveIncome == null || compareAmounts(sum, v.collectiveIncome) !== 0) throw EntitiesErrors.incomeSourcesMismatch(sum, v.collectiveIncome);
    }
    return {
      specialtyIndustry,
      industryType: v.industryType || null,
      poorHouseholdsInCooperatives: v.poorHouseholdsInCooperatives,
      collectiveIncome: v.collectiveIncome,
      cooperativeIds,
      incomeSources,
    };
  }

  /** The list's region: the filter when inside the scope, the caller's home when the filter is above it, else none. */
  private withinScope(principal: Principal, regionCode: string | undefined): string | null {
    if (!regionCode) return principal.regionCode;
    if (inRegionScope(principal, regionCode)) return regionCode;
    if (isWithin(principal.regionCode, subtreePrefix(regionCode))) return principal.regionCode;
    return null;
  }
}

/** What the audit trail records of a check: the row, its cooperatives and its sources. */
function audited(r: VillageCheckRecord): AuditedVillageCheck {
  return { ...r.check, cooperativeIds: r.cooperativeIds, incomeSources: r.incomeSources.map((s) => ({ source: s.source, amount: s.amount })) };
}
