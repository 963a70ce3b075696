import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { ApiKeyEntity } from '../identity/api-key.entity';
import { RefreshTokenEntity } from '../identity/refresh-token.entity';
import { UserEntity } from '../identity/user.entity';
import { RegionEntity } from '../regions/region.entity';

/**
 * Every TypeORM entity of the service. The data source, the migration CLI and the
 * entities-vs-migrations test all read this one list; a module adds its entities here.
 */
export const ENTITIES = [RegionEntity, UserEntity, RefreshTokenEntity, ApiKeyEntity, AuditEntryEntity];
