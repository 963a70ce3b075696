import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Permission, PERMISSIONS, Role, Sector } from '../common/access/permissions';
import { ConnectionType } from '../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../common/scalars/scalars';
import { ApiKeyEntity } from './api-key.entity';
import { RoleGrantEntity, RoleGrantStatus } from './role-grant.entity';
import { UserEntity } from './user.entity';

registerEnumType(Role, {
  name: 'Role',
  valuesMap: {
    DISTRICT_ADMIN: { description: '区级系统管理员' },
    DISTRICT_OFFICER: { description: '区扶贫办工作人员' },
    TOWN_OFFICER: { description: '镇/街道工作人员' },
    VILLAGE_OFFICER: { description: '村级工作人员、驻村工作队' },
    SECTOR_OFFICER: { description: '行业部门工作人员' },
    SUPERVISOR: { description: '督查、纪检' },
    AUDITOR: { description: '审计员（只读，查看审计日志）' },
    INTEGRATION: { description: '系统对接（API 密钥）' },
  },
});
registerEnumType(Sector, {
  name: 'Sector',
  valuesMap: {
    EDUCATION: { description: '教育' },
    HEALTH: { description: '卫健、医保' },
    CIVIL_AFFAIRS: { description: '民政' },
    DISABLED_FEDERATION: { description: '残联' },
    HUMAN_RESOURCES: { description: '人力资源和社会保障 (human resources and social security)' },
    FINANCE: { description: '财政' },
    AGRICULTURE: { description: '农业农村、产业 (agriculture and industry)' },
    DISCIPLINE_INSPECTION: { description: '纪检监察 (discipline inspection)' },
  },
});

registerEnumType(RoleGrantStatus, {
  name: 'RoleGrantStatus',
  valuesMap: {
    PENDING: { description: '待另一名管理员审批' },
    APPROVED: { description: '已批准（角色已授予）' },
    REJECTED: { description: '已驳回' },
    WITHDRAWN: { description: '申请人已撤回' },
  },
});

/** GraphQL enum values of the permissions: `regions.manage` ↔ `REGIONS_MANAGE`. */
export const PermissionName = Object.fromEntries(
  PERMISSIONS.map((p) => [p.replace(/([a-z])([A-Z])/g, '$1_$2').replace('.', '_').toUpperCase(), p]),
) as Record<string, Permission>;
registerEnumType(PermissionName, { name: 'Permission' });

@ObjectType('User', { description: 'An account. The phone number is masked; see revealPersonalData.' })
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  username: string;

  @Field()
  displayName: string;

  @Field(() => String, { nullable: true, description: 'Masked, e.g. 138****5678.' })
  phone: string | null;

  @Field()
  regionCode: string;

  @Field(() => [Role])
  roles: Role[];

  @Field(() => Sector, { nullable: true })
  sector: Sector | null;

  @Field()
  disabled: boolean;

  @Field(() => GraphQLDateTimeScalar, {
    nullable: true,
    deprecationReason: 'Accounts are no longer locked (wrong passwords delay sign-in instead): always null.',
  })
  lockedUntil: Date | null;

  @Field({ description: 'Created by an administrator and not yet given its own password: until changePassword, only changePassword, logout and public operations (viewer) answer.' })
  mustChangePassword: boolean;

  @Field(() => Int)
  version: number;

  @Field(() => GraphQLDateTimeScalar)
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar)
  updatedAt: Date;

  static from(u: UserEntity, maskedPhone: string | null): User {
    return Object.assign(new User(), {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      phone: maskedPhone,
      regionCode: u.regionCode,
      roles: u.roles,
      sector: u.sector,
      disabled: u.disabled,
      lockedUntil: null,
      mustChangePassword: u.mustChangePassword,
      version: u.version,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
    });
  }
}

@ObjectType()
export class UserConnection extends ConnectionType(User) {}

@ObjectType('ApiKey', { description: 'An integration client key. The secret is only shown at creation.' })
export class ApiKey {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'The public part of the key, to recognise it.' })
  prefix: string;

  @Field(() => [PermissionName])
  scopes: Permission[];

  @Field()
  regionCode: string;

  @Field(() => GraphQLDateTimeScalar, { nullable: true })
  expiresAt: Date | null;

  @Field(() => GraphQLDateTimeScalar, { nullable: true })
  revokedAt: Date | null;

  @Field(() => GraphQLDateTimeScalar, { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'The account that created the key. The key works only while that account is enabled, and only with the scopes it still holds.' })
  createdBy: string | null;

  @Field(() => GraphQLDateTimeScalar)
  createdAt: Date;

  static from(k: ApiKeyEntity): ApiKey {
    return Object.assign(new ApiKey(), {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      scopes: k.scopes,
      regionCode: k.regionCode,
      expiresAt: k.expiresAt,
      revokedAt: k.revokedAt,
      lastUsedAt: k.lastUsedAt,
      createdBy: k.createdBy,
      createdAt: k.createdAt,
    });
  }
}

@ObjectType()
export class ApiKeyConnection extends ConnectionType(ApiKey) {}

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Send as `Authorization: Bearer <token>`.' })
  accessToken: string;

  @Field(() => GraphQLDateTimeScalar)
  accessTokenExpiresAt: Date;

  @Field({ description: 'Single use: each refresh returns a new one. Reusing an old one ends the session.' })
  refreshToken: string;

  @Field(() => GraphQLDateTimeScalar)
  refreshTokenExpiresAt: Date;

  @Field(() => User)
  user: User;
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field({ description: 'The whole key, shown this once. Send it as the X-API-Key header.' })
  secret: string;
}

@ObjectType('RoleGrant', {
  description:
    'Roles asked for an account that need a second administrator (audit trail, personal data, the procedure, accounts). Until approved the account works without them.',
})
export class RoleGrant {
  @Field(() => ID)
  id: string;

  @Field(() => User, { description: 'The account that gets the roles.' })
  user: User;

  @Field(() => [Role], { description: 'Added to the account when approved.' })
  roles: Role[];

  @Field(() => RoleGrantStatus)
  status: RoleGrantStatus;

  @Field(() => ID, { description: 'The administrator who asked.' })
  requestedBy: string;

  @Field(() => ID, { nullable: true, description: 'The administrator who approved or rejected it (or the requester, withdrawn).' })
  decidedBy: string | null;

  @Field(() => GraphQLDateTimeScalar, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => GraphQLDateTimeScalar)
  createdAt: Date;

  static from(g: RoleGrantEntity, user: User): RoleGrant {
    return Object.assign(new RoleGrant(), {
      id: g.id,
      user,
      roles: g.roles,
      status: g.status,
      requestedBy: g.requestedBy,
      decidedBy: g.decidedBy,
      decidedAt: g.decidedAt,
      note: g.note,
      createdAt: g.createdAt,
    });
  }
}

@ObjectType()
export class RoleGrantConnection extends ConnectionType(RoleGrant) {}

@ObjectType()
export class RoleGrantPayload {
  @Field(() => RoleGrant)
  roleGrant: RoleGrant;

  @Field(() => User, { description: 'The account as it is after the decision.' })
  user: User;
}

@ObjectType()
export class UserPayload {
  @Field(() => User)
  user: User;

  @Field(() => RoleGrant, {
    nullable: true,
    description: 'Roles asked that need a second administrator: pending, not yet on the account (see approveRoleGrant).',
  })
  roleGrant?: RoleGrant | null;
}

@ObjectType()
export class ApiKeyPayload {
  @Field(() => ApiKey)
  apiKey: ApiKey;
}

@ObjectType()
export class LogoutPayload {
  @Field(() => Int, { description: 'Sign-ins ended (each with its refresh and access tokens).' })
  revoked: number;
}

@ObjectType()
export class OkPayload {
  @Field()
  ok: boolean;
}

@ObjectType()
export class RevealedPersonalData {
  @Field(() => String, { nullable: true })
  value: string | null;
}

@ObjectType()
export class Viewer {
  @Field(() => String)
  kind: string;

  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The person: your account, or for an API key the account that created it.' })
  personId: string;

  @Field()
  name: string;

  @Field(() => [Role])
  roles: Role[];

  @Field(() => [PermissionName], { description: 'For an API key: its scopes that its creator still holds.' })
  permissions: Permission[];

  @Field()
  regionCode: string;

  @Field(() => Sector, { nullable: true })
  sector: Sector | null;

  @Field({ description: 'Change your password first (changePassword): until then other operations answer PASSWORD_CHANGE_REQUIRED.' })
  mustChangePassword: boolean;
}
