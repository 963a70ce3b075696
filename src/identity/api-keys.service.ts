import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../common/access/access-policy';
import { Permission } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { AuditService } from '../audit/audit.service';
import { RegionsService } from '../regions/regions.service';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { API_KEY_AUDIT } from './identity.audited';
import { IdentityErrors } from './identity.errors';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(n: number): string {
  const bytes = randomBytes(n * 2);
  let out = '';
  for (let i = 0; out.length < n && i < bytes.length; i++) {
    if (bytes[i] < 248) out += ALPHANUM[bytes[i] % 62];
  }
  return out.length === n ? out : randomAlphanumeric(n);
}

export interface CreateApiKey {
  name: string;
  scopes: Permission[];
  regionCode: string;
  expiresAt?: Date | null;
}

/** Keys of integration clients: `jzfp_<prefix>_<secret>`, shown once, stored hashed, revocable. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: ApiKeysRepository,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
    private readonly access: AccessPolicy,
  ) {}

  list(principal: Principal, args: ConnectionArgs, includeRevoked: boolean, withTotalCount: boolean): Promise<Connection<ApiKeyEntity>> {
    return this.keys.page(principal, args, includeRevoked, withTotalCount);
  }

  async create(principal: Principal, input: CreateApiKey): Promise<{ key: ApiKeyEntity; secret: string }> {
    const region = await this.regions.findByCode(input.regionCode);
    if (!region) throw IdentityErrors.regionNotFound('regionCode');
    if (!inRegionScope(principal, region.code)) throw IdentityErrors.regionOutOfScope('regionCode');
    // Integration scopes only, and only those the creator holds (checked again at every use).
    const notIntegration = input.scopes.find((s) => !this.access.integrationScopes.includes(s));
    if (notIntegration) throw IdentityErrors.scopeNotGrantable(notIntegration);
    const notHeld = input.scopes.find((s) => !principal.permissions.has(s));
    if (notHeld) throw IdentityErrors.scopeNotHeld(notHeld);
    const prefix = randomAlphanumeric(12);
    const secretPart = randomBytes(32).toString('base64url');
    return this.dataSource.transaction(async (m) => {
      const key = await this.keys.insert(m, {
        name: input.name.trim(),
        prefix,
        secretHash: createHash('sha256').update(secretPart).digest('hex'),
        scopes: [...new Set(input.scopes)],
        regionCode: region.code,
        expiresAt: input.expiresAt ?? null,
        createdBy: principal.personId,
      });
      await this.audit.fact(m, API_KEY_AUDIT, 'apiKeys.create', key, { name: key.name, scopes: key.scopes, expiresAt: key.expiresAt?.toISOString() ?? null });
      return { key, secret: `jzfp_${prefix}_${secretPart}` };
    });
  }

  async revoke(principal: Principal, id: string): Promise<ApiKeyEntity> {
    return this.dataSource.transaction(async (m) => {
      const key = await this.keys.findInScope(principal, id, m);
      if (!key) throw IdentityErrors.apiKeyNotFound();
      const revoked = await this.keys.revoke(m, id);
      if (!key.revokedAt) {
        await this.audit.fact(m, API_KEY_AUDIT, 'apiKeys.revoke', key);
      }
      return revoked;
    });
  }
}
