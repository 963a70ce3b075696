import { Injectable } from '@nestjs/common';
import { permissionsOf, Permission, Role } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { scopePrefix } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { ApiKeyEntity } from './api-key.entity';
import { UserEntity } from './user.entity';

/** Builds the Principal of a user or an API key: permissions from roles, scope from the home region. */
@Injectable()
export class Principals {
  constructor(private readonly regions: RegionsService) {}

  async ofUser(user: UserEntity, sessionId?: string): Promise<Principal | null> {
    const region = await this.regions.findByCode(user.regionCode);
    if (!region) return null;
    return {
      kind: 'user',
      id: user.id,
      name: user.username,
      roles: user.roles,
      permissions: permissionsOf(user.roles),
      regionCode: region.code,
      scopePrefix: scopePrefix(region.code, region.level),
      sector: user.sector,
      sessionId,
      mustChangePassword: user.mustChangePassword,
    };
  }

  async ofApiKey(key: ApiKeyEntity): Promise<Principal | null> {
    const region = await this.regions.findByCode(key.regionCode);
    if (!region) return null;
    return {
      kind: 'apiKey',
      id: key.id,
      name: key.name,
      roles: [Role.INTEGRATION],
      permissions: new Set<Permission>(key.scopes),
      regionCode: region.code,
      scopePrefix: scopePrefix(region.code, region.level),
      sector: null,
    };
  }
}
