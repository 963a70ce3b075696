import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { todayInChina } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { levelOf, RegionLevel, subtreePrefix } from '../common/region/region-code';
import { HouseholdsService } from '../households/households.service';
import { RegionsService } from '../regions/regions.service';
import { PROJECT_ASSET_AUDIT } from './asset.audited';
import { AssetKind, AssetOwnerType, ProjectAssetEntity } from './asset.entity';
import { AssetErrors } from './asset.errors';
import { ProjectAssetFilter, ProjectAssetsRepository } from './asset.repository';
import { EntitiesErrors } from './implementing-entities.errors';
import { ImplementingEntitiesRepository } from './implementing-entities.repository';
import { ImplementingEntityStatus } from './implementing-entity.entity';
import { ProjectErrors } from './project.errors';
import { ProjectEntity, ProjectStage } from './project.entity';
import { isStoredAmount } from '../common/money/money';

/** A value of the numeric(12,2) column, positive. */
/** The stages at which a project has been built and may have its assets recorded. */
const BUILT: readonly ProjectStage[] = [ProjectStage.COMPLETED, ProjectStage.ACCEPTED, ProjectStage.SETTLED, ProjectStage.COMPLETION_NOTICE, ProjectStage.HANDED_OVER];

export interface CreateProjectAsset {
  projectId: string;
  name: string;
  kind: AssetKind;
  ownerType: AssetOwnerType;
  ownerRegionCode?: string | null;
  ownerHouseholdId?: string | null;
  ownerName?: string | null;
  value: string;
  handedOverOn?: string | null;
  operatorId?: string | null;
}

export interface ListProjectAssets extends Omit<ProjectAssetFilter, 'withinPrefix'> {
  regionCode?: string;
}

/**
 * Project assets (扶贫资产): what a built project formed, who owns it and who runs it. Recorded
 * for a project that has reached COMPLETED (or later) in the caller's write scope (region and the
 * project's sector); the asset takes the project's region and sector. One transaction per use
 * case, audited.
 */
@Injectable()
export class ProjectAssetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ProjectAssetsRepository,
    private readonly entities: ImplementingEntitiesRepository,
    private readonly households: HouseholdsService,
    private readonly regions: RegionsService,
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
    if (!isStoredAmount(input.value, { positive: true })) throw AssetErrors.valueInvalid();
    if (input.handedOverOn && input.handedOverOn > todayInChina()) throw EntitiesErrors.dateInFuture('input.handedOverOn');
    return this.dataSource.transaction(async (m) => {
      const project = await this.repo.projectForWrite(principal, input.projectId, m);
      if (!project) throw ProjectErrors.notFound('input.projectId');
      if (!BUILT.includes(project.stage)) throw AssetErrors.projectNotBuilt(project.stage);
      const owner = await this.owner(principal, m, project, input);
      if (input.operatorId) {
        const [operator] = await this.entities.findInScope(principal, [input.operatorId], m);
        if (!operator) throw EntitiesErrors.entityNotFound('input.operatorId');
        if (operator.status === ImplementingEntityStatus.CLOSED) throw EntitiesErrors.entityClosed('input.operatorId');
      }
      const asset = await this.repo.insert(m, {
        projectId: project.id,
        name: input.name.trim(),
        kind: input.kind,
        ownerType: input.ownerType,
        ...owner,
        value: input.value,
        handedOverOn: input.handedOverOn ?? null,
        operatorId: input.operatorId ?? null,
        regionCode: project.regionCode,
        sector: project.sector,
      });
      await this.audit.change(m, PROJECT_ASSET_AUDIT, 'projects.createProjectAsset', null, asset);
      return asset;
    });
  }

  /** Exactly the owner field of the owner type: a village of the project's area, a household in scope there, or a name. */
  private async owner(
    principal: Principal,
    m: EntityManager,
    project: ProjectEntity,
    input: CreateProjectAsset,
  ): Promise<Pick<ProjectAssetEntity, 'ownerRegionCode' | 'ownerHouseholdId' | 'ownerName'>> {
    const given = { VILLAGE_COLLECTIVE: input.ownerRegionCode, HOUSEHOLD: input.ownerHouseholdId, OTHER: input.ownerName?.trim() } as const;
    const fields = { VILLAGE_COLLECTIVE: 'input.ownerRegionCode', HOUSEHOLD: 'input.ownerHouseholdId', OTHER: 'input.ownerName' } as const;
    for (const type of Object.values(AssetOwnerType)) {
      const present = !!given[type];
      if (present !== (type === input.ownerType)) {
        throw AssetErrors.ownerMismatch(fields[type], present ? `所有者类型为 ${input.ownerType} 时不填此项 (only for owner type ${type})` : `所有者类型为 ${type} 时必填 (required for owner type ${type})`);
      }
    }
    const inArea = (code: string) => code.startsWith(subtreePrefix(project.regionCode));
    if (input.ownerType === AssetOwnerType.VILLAGE_COLLECTIVE) {
      const code = input.ownerRegionCode!;
      const region = await this.regions.findByCode(code, m);
      if (!region || levelOf(code) !== RegionLevel.VILLAGE || !inArea(code)) throw AssetErrors.ownerNotVillage();
      return { ownerRegionCode: code, ownerHouseholdId: null, ownerName: null };
    }
    if (input.ownerType === AssetOwnerType.HOUSEHOLD) {
      const [household] = await this.households.findInScope(principal, [input.ownerHouseholdId!], m);
      if (!household || !inArea(household.regionCode)) throw ProjectErrors.householdNotFound('input.ownerHouseholdId');
      return { ownerRegionCode: null, ownerHouseholdId: household.id, ownerName: null };
    }
    return { ownerRegionCode: null, ownerHouseholdId: null, ownerName: input.ownerName!.trim() };
  }
}
