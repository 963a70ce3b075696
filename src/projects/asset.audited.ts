import { defineAudited } from '../audit/audit-descriptor';
import { ProjectAssetEntity } from './asset.entity';

/** How a project asset is recorded in the audit trail. */
export const PROJECT_ASSET_AUDIT = defineAudited({
  entityType: 'ProjectAsset',
  actions: ['projects.createProjectAsset'],
  id: (x: ProjectAssetEntity) => x.id,
  region: (x) => x.regionCode,
});
