import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Permission, Role, Sector } from '../common/access/permissions';
import { PermissionEnum } from '../common/access/permission-enum';
import { ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../common/scalars/scalars';
import { ApiKeyEntity } from './api-key.entity';
import { RoleGrantEntity, RoleGrantStatus } from './role-grant.entity';
import { UserEntity } from './user.entity';

registerEnumType(Role, {
  name: 'Role',
  description: 'A role (角色): a named set of permissions, held within the account\'s home region.',
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
  description: 'The line department (行业部门) a sector officer works for; it limits what of the registry they see.',
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
  description: 'Where a request for roles that need a second administrator stands.',
  valuesMap: {
    PENDING: { description: '待另一名管理员审批' },
    APPROVED: { description: '已批准（角色已授予）' },
    REJECTED: { description: '已驳回' },
    WITHDRAWN: { description: '申请人已撤回' },
  },
});

@ObjectType('User', { description: 'An account. The phone number is masked; see revealPersonalData.' })
export class User {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field({ description: 'Sign-in name: 3–64 lower-case letters, digits, _ . - ; unique, never changes.' })
  username: string;

  @Field({ description: 'Name shown to people, e.g. the person\'s full name.' })
  displayName: string;

  @Field(() => String, { nullable: true, description: 'Masked, e.g. 138****5678.' })
  phone: string | null;

  @Field({ description: 'Home region (12-digit division code): the account sees and acts on this region and everything below it.' })
  regionCode: string;

  @Field(() => [Role], { description: 'Roles held (granted, not pending); together they give the account its permissions.' })
  roles: Role[];

  @Field(() => Sector, { nullable: true, description: 'For a sector officer (行业部门): the sector they work for; null otherwise.' })
  sector: Sector | null;

  @Field({ description: 'A disabled account cannot sign in and its API keys stop working.' })
  disabled: boolean;

  @Field(() => GraphQLDateTimeScalar, {
    nullable: true,
    description: 'Always null (kept for old clients).',
    deprecationReason: 'Accounts are no longer locked (wrong passwords delay sign-in instead): always null.',
  })
  lockedUntil: Date | null;

  @Field({ description: 'Created by an administrator and not yet given its own password: until changePassword, only changePassword, logout and public operations (viewer) answer.' })
  mustChangePassword: boolean;

  @Field(() => Int, { description: 'Optimistic-lock version: send it back with an update; a stale one answers CONFLICT (VERSION_MISMATCH).' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
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

@ObjectType({ description: connectionDescription('accounts (用户)') })
export class UserConnection extends ConnectionType(User) {}

@ObjectType('ApiKey', { description: 'An integration client key. The secret is only shown at creation.' })
export class ApiKey {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field({ description: 'A label the creator chose, to recognise the client (e.g. 省平台对接).' })
  name: string;

  @Field({ description: 'The public part of the key, to recognise it.' })
  prefix: string;

  @Field(() => [PermissionEnum], { description: 'Permissions the key may use (only while its creator still holds them).' })
  scopes: Permission[];

  @Field({ description: 'The key acts on this region (12-digit division code) and everything below it.' })
  regionCode: string;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'After this instant the key no longer works; null = never expires.' })
  expiresAt: Date | null;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When the key was revoked (it no longer works); null while usable.' })
  revokedAt: Date | null;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'Last time the key was used (approximate); null if never.' })
  lastUsedAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'The account that created the key. The key works only while that account is enabled, and only with the scopes it still holds.' })
  createdBy: string | null;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
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

@ObjectType({ description: connectionDescription('API keys of integration clients') })
export class ApiKeyConnection extends ConnectionType(ApiKey) {}

@ObjectType({ description: 'A successful sign-in or token refresh: the tokens and the account.' })
export class AuthPayload {
  @Field({ description: 'Send as `Authorization: Bearer <token>`.' })
  accessToken: string;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the access token stops working (ISO 8601 instant); refresh before then.' })
  accessTokenExpiresAt: Date;

  @Field({ description: 'Single use: each refresh returns a new one. Reusing an old one ends the session.' })
  refreshToken: string;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the refresh token stops working; after that, sign in again.' })
  refreshTokenExpiresAt: Date;

  @Field(() => User, { description: 'The account signed in.' })
  user: User;
}

@ObjectType({ description: 'A new API key and its secret, shown this once.' })
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { description: 'The key as stored (without the secret).' })
  apiKey: ApiKey;

  @Field({ description: 'The whole key, shown this once. Send it as the X-API-Key header.' })
  secret: string;
}

@ObjectType('RoleGrant', {
  description:
    'Roles asked for an account that need a second administrator (audit trail, personal data, the procedure, accounts). Until approved the account works without them.',
})
export class RoleGrant {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => User, { description: 'The account that gets the roles.' })
  user: User;

  @Field(() => [Role], { description: 'Added to the account when approved.' })
  roles: Role[];

  @Field(() => RoleGrantStatus, { description: 'Where the request stands: pending, approved, rejected or withdrawn.' })
  status: RoleGrantStatus;

  @Field(() => ID, { description: 'The administrator who asked.' })
  requestedBy: string;

  @Field(() => ID, { nullable: true, description: 'The administrator who approved or rejected it (or the requester, withdrawn).' })
  decidedBy: string | null;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When it was approved, rejected or withdrawn; null while pending.' })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The deciding administrator\'s note (e.g. why it was rejected); null if none.' })
  note: string | null;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the roles were asked for.' })
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

@ObjectType({ description: connectionDescription('role grants') })
export class RoleGrantConnection extends ConnectionType(RoleGrant) {}

@ObjectType({ description: 'The role grant after a decision, and the account it concerns.' })
export class RoleGrantPayload {
  @Field(() => RoleGrant, { description: 'The grant, with its new status.' })
  roleGrant: RoleGrant;

  @Field(() => User, { description: 'The account as it is after the decision.' })
  user: User;
}

@ObjectType({ description: 'An account after it was created or changed.' })
export class UserPayload {
  @Field(() => User, { description: 'The account as it is now.' })
  user: User;

  @Field(() => RoleGrant, {
    nullable: true,
    description: 'Roles asked that need a second administrator: pending, not yet on the account (see approveRoleGrant).',
  })
  roleGrant?: RoleGrant | null;
}

@ObjectType({ description: 'An API key after a change (e.g. revoked).' })
export class ApiKeyPayload {
  @Field(() => ApiKey, { description: 'The key as it is now.' })
  apiKey: ApiKey;
}

@ObjectType({ description: 'What signing out ended.' })
export class LogoutPayload {
  @Field(() => Int, { description: 'Sign-ins ended (each with its refresh and access tokens).' })
  revoked: number;
}

@ObjectType({ description: 'Acknowledges an operation that returns nothing else.' })
export class OkPayload {
  @Field({ description: 'Always true when the operation succeeded (failures are errors).' })
  ok: boolean;
}

@ObjectType({ description: 'One personal value shown in full (the reveal is recorded in the audit trail).' })
export class RevealedPersonalData {
  @Field(() => String, { nullable: true, description: 'The full, unmasked value; null when the record holds none.' })
  value: string | null;
}

@ObjectType({ description: 'Who is calling: a signed-in account or an API key.' })
export class Viewer {
  @Field(() => String, { description: '"user" for a signed-in account, "apiKey" for an integration client.' })
  kind: string;

  @Field(() => ID, { description: 'Id of the account, or of the API key.' })
  id: string;

  @Field(() => ID, { description: 'The person: your account, or for an API key the account that created it.' })
  personId: string;

  @Field({ description: 'Username of the account, or name of the API key.' })
  name: string;

  @Field(() => [Role], { description: 'Roles of the account (for an API key: INTEGRATION).' })
  roles: Role[];

  @Field(() => [PermissionEnum], { description: 'For an API key: its scopes that its creator still holds.' })
  permissions: Permission[];

  @Field({ description: 'Home region (12-digit division code): you see and act on it and everything below.' })
  regionCode: string;

  @Field(() => Sector, { nullable: true, description: 'For a sector officer: the sector; null otherwise.' })
  sector: Sector | null;

  @Field({ description: 'Change your password first (changePassword): until then other operations answer PASSWORD_CHANGE_REQUIRED.' })
  mustChangePassword: boolean;
}
