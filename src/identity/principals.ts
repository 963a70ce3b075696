import { Injectable } from '@nestjs/common';
import { AccessPolicy } from '../common/access/access-policy';
import { Permission, Role } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { subtreePrefix } from '../common/region/region-code';
import { RegionsService } from '../regions/regions.service';
import { ApiKeyEntity } from './api-key.entity';
import { UserEntity } from './user.entity';
import type { HomeRegion } from './users.repository';

/** Builds the Principal of a user or an API key: permissions from roles, scope from the home region. */
@Injectable()
export class Principals {
  constructor(
    private readonly regions: RegionsService,
    private readonly access: AccessPolicy,
  ) {}

  /** `homeRegion`: the account's region when already read with it (undefined: looked up here; null: not in the tree). */
  async ofUser(user: UserEntity, sessionId?: string, homeRegion?: HomeRegion | null): Promise<Principal | null> {
    const region = homeRegion !== undefined ? homeRegion : await this.regions.findByCode(user.regionCode);
    if (!region) return null;
    return {
      kind: 'user',
      id: user.id,
      personId: user.id,
      name: user.username,
      roles: user.roles,
      // Every account may manage itself (change its password, sign out), also while its roles
      // still wait for a second administrator's approval.
      permissions: new Set<Permission>(['account.self', ...this.access.permissionsOf(user.roles)]),
      regionCode: region.code,
      scopePrefix: subtreePrefix(region.code, region.level),
      sector: user.sector,
      sessionId,
      mustChangePassword: user.mustChangePassword,
    };
  }

  /**
   * A key acts for its creator and never beyond them, as things stand now: null (the key does not
   * work) when the creator is gone or disabled or the key's region has left the creator's scope;
   * its permissions are its scopes that are integration scopes and that the creator still holds.
   */
  async ofApiKey(key: ApiKeyEntity, creator: UserEntity | null): Promise<Principal | null> {
    if (!creator || creator.disabled) return null;
    const person = await this.ofUser(creator);
    if (!person || !inRegionScope(person, key.regionCode)) return null;
    const region = await this.regions.findByCode(key.regionCode);
    if (!region) return null;
    return {
      kind: 'apiKey',
      id: key.id,
      personId: creator.id,
      name: key.name,
      roles: [Role.INTEGRATION],
      permissions: new Set<Permission>(key.scopes.filter((s) => this.access.integrationScopes.includes(s) && person.permissions.has(s))),
      regionCode: region.code,
      scopePrefix: subtreePrefix(region.code, region.level),
      // A key writes (where a sector applies) for its creator's sector department.
      sector: person.sector ?? null,
    };
  }
}
