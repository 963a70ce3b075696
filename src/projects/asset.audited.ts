import { defineAudited } from '../audit/audit-descriptor';
import { ProjectAssetIncomeEntity } from './asset-income.entity';
import { ProjectAssetEntity } from './asset.entity';

/** How a project asset is recorded in the audit trail. */
export const PROJECT_ASSET_AUDIT = defineAudited({
  entityType: 'ProjectAsset',
  actions: ['projects.createProjectAsset', 'projects.updateProjectAsset'],
  id: (x: ProjectAssetEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How an asset's income of a year is recorded in the audit trail. */
export const PROJECT_ASSET_INCOME_AUDIT = defineAudited({
  entityType: 'ProjectAssetIncome',
  actions: ['projects.setProjectAssetIncome'],
  id: (x: ProjectAssetIncomeEntity) => x.id,
  region: (x) => x.regionCode,
});
