import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { unchangedUpdate, versionConflict } from '../common/concurrency/optimistic-update';
import { todayInChina, yearEnd, yearOf } from '../common/dates/local-date';
import { fromCents, isStoredAmount, sumAmounts, toCents } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { levelOf, RegionLevel, subtreePrefix } from '../common/region/region-code';
import { HouseholdsService } from '../households/households.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { RegionsService } from '../regions/regions.service';
import { ProjectAssetIncomeEntity } from './asset-income.entity';
import { PV_INCOME_TO_PWP_MIN_KEY, pvShareMeetsMinimum, pvShareOf } from './asset-income.rules';
import { PROJECT_ASSET_AUDIT, PROJECT_ASSET_INCOME_AUDIT } from './asset.audited';
import { AssetKind, AssetOwnerType, ProjectAssetEntity } from './asset.entity';
import { AssetErrors } from './asset.errors';
import { ProjectAssetFilter, ProjectAssetsRepository } from './asset.repository';
import { EntitiesErrors } from './implementing-entities.errors';
import { ImplementingEntitiesRepository } from './implementing-entities.repository';
import { ImplementingEntityStatus } from './implementing-entity.entity';
import { ProjectErrors } from './project.errors';
import { ProjectStage } from './project.entity';

/** The stages at which a project has been built and may have its assets recorded. */
const BUILT: readonly ProjectStage[] = [ProjectStage.COMPLETED, ProjectStage.ACCEPTED, ProjectStage.SETTLED, ProjectStage.COMPLETION_NOTICE, ProjectStage.HANDED_OVER];

/** Who owns an asset: the type and exactly its field. */
export interface AssetOwner {
  ownerType: AssetOwnerType;
  ownerRegionCode?: string | null;
  ownerHouseholdId?: string | null;
  ownerName?: string | null;
}

export interface CreateProjectAsset extends AssetOwner {
  projectId: string;
  name: string;
  kind: AssetKind;
  value: string;
  handedOverOn?: string | null;
  operatorId?: string | null;
}

/** The changes to an asset: omitted fields stay; owner fields given replace the owner (with ownerType, or the stored type). */
export interface UpdateProjectAsset extends Partial<AssetOwner> {
  id: string;
  version: number;
  name?: string | null;
  kind?: AssetKind | null;
  value?: string | null;
  handedOverOn?: string | null;
  operatorId?: string | null;
}

export interface ListProjectAssets extends Omit<ProjectAssetFilter, 'withinPrefix'> {
  regionCode?: string;
}

/** The distribution of an asset's income, in the order the over-distribution check names its fields. */
const DISTRIBUTION = ['toPublicWelfarePosts', 'toHouseholds', 'toCollective', 'other'] as const;

export interface SetProjectAssetIncome {
  assetId: string;
  year: number;
  version?: number | null;
  income: string;
  toPublicWelfarePosts?: string | null;
  toHouseholds?: string | null;
  toCollective?: string | null;
  other?: string | null;
  note?: string | null;
}

/** A PV station's income of a year against the minimum share to public-welfare posts. */
export interface PvIncomeShareRow {
  asset: ProjectAssetEntity;
  income: ProjectAssetIncomeEntity;
  share: string | null;
  minimum: ParameterValue;
  meetsMinimum: boolean | null;
}

/**
 * Project assets (扶贫资产): what a built project formed, who owns it and who runs it, and what it
 * earns each year (扶贫资产收益) with the distribution of that income. Recorded for a project that
 * has reached COMPLETED (or later) in the caller's write scope (region and the project's sector);
 * the asset takes the project's region and sector, its incomes the asset's. One transaction per
 * use case, audited.
 */
@Injectable()
export class ProjectAssetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ProjectAssetsRepository,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly households: HouseholdsService,
    private readonly regions: RegionsService,
    private readonly parameters: ParametersService,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: ListProjectAssets, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ProjectAssetEntity>> {
    const { regionCode, ...rest } = filter;
    return this.repo.page(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  findInScope(principal: Principal, ids: readonly string[]): Promise<ProjectAssetEntity[]> {
    return this.repo.findInScope(principal, ids);
  }

  async create(principal: Principal, input: CreateProjectAsset): Promise<ProjectAssetEntity> {
    checkShape(input);
    return this.dataSource.transaction(async (m) => {
      const project = await this.repo.projectForWrite(principal, input.projectId, m);
      if (!project) throw ProjectErrors.notFound('input.projectId');
      if (!BUILT.includes(project.stage)) throw AssetErrors.projectNotBuilt(project.stage);
      const owner = await this.owner(principal, m, project.regionCode, input);
      if (input.operatorId) await this.checkOperator(principal, m, input.operatorId);
      const asset = await this.repo.insert(m, {
        projectId: project.id,
        name: input.name.trim(),
        kind: input.kind,
        ...owner,
        value: canonical(input.value),
        handedOverOn: input.handedOverOn ?? null,
        operatorId: input.operatorId ?? null,
        regionCode: project.regionCode,
        sector: project.sector,
      });
      await this.audit.change(m, PROJECT_ASSET_AUDIT, 'projects.createProjectAsset', null, asset);
      return asset;
    });
  }

  /**
   * Corrects an asset (in the caller's write scope; send the version read), with the checks of
   * create. The handover date may not move past the first year an income is recorded for.
   */
  async update(principal: Principal, input: UpdateProjectAsset): Promise<ProjectAssetEntity> {
    checkShape(input);
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.repo.findInScope(principal, [input.id], m, true);
      if (!before) throw AssetErrors.notFound('input.id');
      const patch: Partial<ProjectAssetEntity> = {};
      if (input.name != null) patch.name = input.name.trim();
      if (input.kind != null) patch.kind = input.kind;
      if (input.value != null) patch.value = canonical(input.value);
      if (input.handedOverOn !== undefined) {
        patch.handedOverOn = input.handedOverOn;
        const first = await this.repo.firstIncomeYear(m, before.id);
        if (first !== null && (input.handedOverOn === null || yearOf(input.handedOverOn) > first)) throw AssetErrors.handoverAfterIncome(first);
      }
      const ownerGiven = [input.ownerType, input.ownerRegionCode, input.ownerHouseholdId, input.ownerName].some((v) => v !== undefined);
      if (ownerGiven) Object.assign(patch, await this.owner(principal, m, before.regionCode, { ...input, ownerType: input.ownerType ?? before.ownerType }));
      if (input.operatorId !== undefined) {
        if (input.operatorId) await this.checkOperator(principal, m, input.operatorId);
        patch.operatorId = input.operatorId;
      }
      const changed = (Object.keys(patch) as (keyof ProjectAssetEntity)[]).some((k) => patch[k] !== before[k]);
      if (!changed) return unchangedUpdate(before, input.version);
      const after = await this.repo.update(m, before.id, input.version, patch);
      await this.audit.change(m, PROJECT_ASSET_AUDIT, 'projects.updateProjectAsset', before, after);
      return after;
    });
  }

  /** Exactly the owner field of the owner type: a village of the project's area (`area`), a household in scope there, or a name. */
  private async owner(principal: Principal, m: EntityManager, area: string, input: AssetOwner): Promise<Pick<ProjectAssetEntity, 'ownerType' | 'ownerRegionCode' | 'ownerHouseholdId' | 'ownerName'>> {
    const given = { VILLAGE_COLLECTIVE: input.ownerRegionCode, HOUSEHOLD: input.ownerHouseholdId, OTHER: input.ownerName?.trim() } as const;
    const fields = { VILLAGE_COLLECTIVE: 'input.ownerRegionCode', HOUSEHOLD: 'input.ownerHouseholdId', OTHER: 'input.ownerName' } as const;
    for (const type of Object.values(AssetOwnerType)) {
      const present = !!given[type];
      if (present !== (type === input.ownerType)) {
        throw AssetErrors.ownerMismatch(fields[type], present ? `所有者类型为 ${input.ownerType} 时不填此项 (only for owner type ${type})` : `所有者类型为 ${type} 时必填 (required for owner type ${type})`);
      }
    }
    const inArea = (code: string) => code.startsWith(subtreePrefix(area));
    const ownerType = input.ownerType;
    if (ownerType === AssetOwnerType.VILLAGE_COLLECTIVE) {
      const code = input.ownerRegionCode!;
      const region = await this.regions.findByCode(code, m);
      if (!region || levelOf(code) !== RegionLevel.VILLAGE || !inArea(code)) throw AssetErrors.ownerNotVillage();
      return { ownerType, ownerRegionCode: code, ownerHouseholdId: null, ownerName: null };
    }
    if (ownerType === AssetOwnerType.HOUSEHOLD) {
      const [household] = await this.households.findInScope(principal, [input.ownerHouseholdId!], m);
      if (!household || !inArea(household.regionCode)) throw ProjectErrors.householdNotFound('input.ownerHouseholdId');
      return { ownerType, ownerRegionCode: null, ownerHouseholdId: household.id, ownerName: null };
    }
    return { ownerType, ownerRegionCode: null, ownerHouseholdId: null, ownerName: input.ownerName!.trim() };
  }

  /** The operator: an implementing entity in the caller's scope, not closed. */
  private async checkOperator(principal: Principal, m: EntityManager, operatorId: string): Promise<void> {
    const [operator] = await this.entities.findInScope(principal, [operatorId], m);
    if (!operator) throw EntitiesErrors.entityNotFound('input.operatorId');
    if (operator.status === ImplementingEntityStatus.CLOSED) throw EntitiesErrors.entityClosed('input.operatorId');
  }

  // ------------------------------------------------------------------ incomes (扶贫资产收益)

  /**
   * Records (or replaces) an asset's income of one year and its distribution; send the version
   * when the year is recorded already (as setHouseholdIncome). The asset is locked in the caller's
   * write scope; the year lies between its handover year and the current year.
   */
  async setIncome(principal: Principal, input: SetProjectAssetIncome): Promise<{ income: ProjectAssetIncomeEntity; kind: AssetKind }> {
    const amounts = checkIncome(input);
    if (input.year > yearOf(todayInChina())) throw AssetErrors.yearInFuture();
    const note = input.note?.trim() || null;
    return this.dataSource.transaction(async (m) => {
      const [asset] = await this.repo.findInScope(principal, [input.assetId], m, true);
      if (!asset) throw AssetErrors.notFound('input.assetId');
      if (!asset.handedOverOn || input.year < yearOf(asset.handedOverOn)) throw AssetErrors.beforeHandover('input.year', asset.handedOverOn);
      const before = await this.repo.incomeOf(m, asset.id, input.year);
      let after: ProjectAssetIncomeEntity;
      if (before) {
        if (input.version == null) throw AssetErrors.incomeVersionRequired();
        after = await this.repo.updateIncome(m, before.id, input.version, { ...amounts, note });
      } else {
        // The asset's lock orders two first recordings of a year: the second finds the first's row.
        if (input.version != null) throw versionConflict({ expectedVersion: input.version, currentVersion: null }, '该年度收益尚未登记 (no income of that year to update)');
        after = await this.repo.insertIncome(m, { assetId: asset.id, year: input.year, ...amounts, note, regionCode: asset.regionCode, sector: asset.sector });
      }
      await this.audit.change(m, PROJECT_ASSET_INCOME_AUDIT, 'projects.setProjectAssetIncome', before, after);
      return { income: after, kind: asset.kind };
    });
  }

  incomes(principal: Principal, filter: { assetId?: string; year?: number; regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean) {
    const { regionCode, ...rest } = filter;
    return this.repo.incomePage(principal, { ...rest, withinPrefix: regionCode ? subtreePrefix(regionCode) : undefined }, args, withTotalCount);
  }

  /**
   * The caller's PV stations with an income recorded for the year (by name): the share paid to
   * public-welfare posts against employment.pv_income_to_pwp_min as of the year's end in each
   * asset's region (not configured: no verdict).
   */
  async pvIncomeShares(principal: Principal, year: number, regionCode: string | undefined, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<PvIncomeShareRow>> {
    const page = await this.list(principal, { regionCode, kind: AssetKind.PV_STATION, incomeRecordedIn: year }, args, withTotalCount);
    const assets = page.edges.map((e) => e.node);
    const incomes = new Map((await this.repo.incomesOfYear(assets.map((a) => a.id), year)).map((i) => [i.assetId, i]));
    const minimums = new Map<string, Promise<ParameterValue>>();
    const minimumIn = (region: string) => {
      if (!minimums.has(region)) minimums.set(region, this.parameters.valueAt(PV_INCOME_TO_PWP_MIN_KEY, yearEnd(year), region));
      return minimums.get(region)!;
    };
    const rows = await Promise.all(
      assets.map(async (asset): Promise<PvIncomeShareRow> => {
        const income = incomes.get(asset.id)!;
        const minimum = await minimumIn(asset.regionCode);
        const share = pvShareOf(asset.kind, income);
        return { asset, income, share, minimum, meetsMinimum: pvShareMeetsMinimum(share, minimum) };
      }),
    );
    return { ...page, edges: page.edges.map((e, n) => ({ ...e, node: rows[n] })) };
  }

  /** The caller's assets handed over by the year's end that earned nothing in it (no income, or 0), by name. */
  withoutIncome(principal: Principal, year: number, regionCode: string | undefined, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ProjectAssetEntity>> {
    return this.list(principal, { regionCode, withoutIncomeIn: year }, args, withTotalCount);
  }
}

/** The shapes of an asset's fields (before any read): the value and the handover date. */
function checkShape(input: { value?: string | null; handedOverOn?: string | null }): void {
  if (input.value != null && !isStoredAmount(input.value, { positive: true })) throw AssetErrors.valueInvalid();
  if (input.handedOverOn && input.handedOverOn > todayInChina()) throw EntitiesErrors.dateInFuture('input.handedOverOn');
}

/** The amounts of an income (omitted parts are 0): each an amount ≥ 0, the parts together not above the income. */
function checkIncome(input: SetProjectAssetIncome): Pick<ProjectAssetIncomeEntity, 'income' | (typeof DISTRIBUTION)[number]> {
  if (!isStoredAmount(input.income)) throw AssetErrors.incomeAmountInvalid('input.income');
  const parts = Object.fromEntries(DISTRIBUTION.map((k) => [k, input[k] ?? '0'])) as Record<(typeof DISTRIBUTION)[number], string>;
  let distributed = 0n;
  for (const k of DISTRIBUTION) {
    if (!isStoredAmount(parts[k])) throw AssetErrors.incomeAmountInvalid(`input.${k}`);
  }
  for (const k of DISTRIBUTION) {
    distributed += toCents(parts[k]);
    if (distributed > toCents(input.income)) throw AssetErrors.distributionOver(`input.${k}`, sumAmounts(Object.values(parts)), input.income);
  }
  return { income: canonical(input.income), ...(Object.fromEntries(DISTRIBUTION.map((k) => [k, canonical(parts[k])])) as typeof parts) };
}

/** An amount as the numeric(12,2) column returns it ("15000" → "15000.00"), so that the answer and comparisons match what is stored. */
function canonical(amount: string): string {
  return fromCents(toCents(amount));
}
