import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { PersonalDataSubject, PersonalDataSubjectEnum } from '../../common/access/personal-data';
import { REVEAL_REASON_MAX_LENGTH, REVEAL_REASON_MIN_LENGTH } from '../../common/access/reason';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { Permission, Role, Sector } from '../../common/access/permissions';
import { ConnectionArgs } from '../../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../../common/scalars/scalars';
import { PermissionEnum, permissionCount } from '../../common/access/permission-enum';
import { RoleGrantStatus } from '../role-grant.entity';

const REGION_CODE = /^\d{12}$/;

/** A list of scopes no longer than the app's permissions (the GraphQL enum checks each value). */
function AtMostEveryPermission(): PropertyDecorator {
  return ValidateBy({
    name: 'atMostEveryPermission',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.length <= permissionCount(),
      defaultMessage: () => 'lists more scopes than there are permissions',
    },
  });
}
const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;

@InputType({ description: 'Credentials for signing in with a username and password.' })
export class LoginInput {
  @Field({ description: 'The account\'s username.' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @Field({ description: 'The account\'s password (never logged or stored in clear).' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

@InputType({ description: 'A refresh token to exchange for new tokens.' })
export class RefreshTokenInput {
  @Field({ description: 'The refresh token from the last login or refresh (each may be used once).' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

@InputType({ description: 'Which sign-ins to end.' })
export class LogoutInput {
  @Field(() => String, { nullable: true, description: 'End the sign-in of this refresh token (default: the sign-in of the access token in use).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;

  @Field({ defaultValue: false, description: 'End every sign-in of this account.' })
  @IsBoolean()
  everywhere: boolean;
}

@InputType({ description: 'Your current password and the new one.' })
export class ChangePasswordInput {
  @Field({ description: 'The password you signed in with.' })
  @IsString()
  @MaxLength(128)
  currentPassword: string;

  @Field({ description: 'The new password: 12+ characters, three of lower/upper/digit/symbol; not the current one.' })
  @IsString()
  @MaxLength(128)
  newPassword: string;
}

@InputType({ description: 'A new account, created by an administrator (the person changes the password at first sign-in).' })
export class CreateUserInput {
  @Field({ description: 'Sign-in name: 3–64 lower-case letters, digits, _ . - ; unique.' })
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: 'must be 3-64 letters, digits, _ . -' })
  username: string;

  @Field({ description: 'Name shown to people.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @Field({ description: 'Initial password: 12+ characters, three of lower/upper/digit/symbol.' })
  @IsString()
  @MaxLength(128)
  password: string;

  @Field(() => String, { nullable: true, description: 'Mobile or landline number; stored encrypted and shown masked.' })
  @IsOptional()
  @Matches(PHONE, { message: 'must be a mobile (11 digits) or landline number' })
  phone?: string;

  @Field({ description: 'Home region (12-digit division code) within your own.' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;

  @Field(() => [Role], { description: 'Roles to give; some (audit, personal data, procedure approval, accounts) need a second administrator and become a pending role grant.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @IsEnum(Role, { each: true })
  roles: Role[];

  @Field(() => Sector, { nullable: true, description: 'Required for SECTOR_OFFICER: the sector; otherwise leave null.' })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector;
}

@InputType({ description: 'Changes to an account; send the version you read. Omitted fields are unchanged.' })
export class UpdateUserInput {
  @Field({ description: 'Id of the account (User.id).' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: 'New display name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @Field(() => String, { nullable: true, description: 'Empty string removes it.' })
  @IsOptional()
  @Matches(new RegExp(`${PHONE.source}|^$`), { message: 'must be a mobile (11 digits) or landline number' })
  phone?: string;

  @Field(() => String, { nullable: true, description: 'New home region (12-digit division code) within your own.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => [Role], { nullable: true, description: 'The full new list of roles (replaces the old one); added roles needing a second administrator become a pending role grant.' })
  @IsOptional()
  @ArrayMinSize(1)
  @IsEnum(Role, { each: true })
  roles?: Role[];

  @Field(() => Sector, { nullable: true, description: 'The sector of a sector officer.' })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector;

  @Field(() => Boolean, { nullable: true, description: 'true disables the account (it cannot sign in; its sessions and keys stop); false enables it again.' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => Role, { nullable: true, description: 'Only accounts holding this role.' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @Field(() => String, { nullable: true, description: 'Only accounts in this region and below.' })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: 'must be a division code or its prefix' })
  regionCode?: string;

  @Field(() => String, { nullable: true, description: 'Only accounts whose username contains this text (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  usernameContains?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: only disabled accounts; false: only enabled ones; omitted: both.' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

@ArgsType()
export class IdArgs {
  @Field({ description: 'Id (UUID) of the record to fetch.' })
  @IsUUID()
  id: string;
}

@ArgsType()
export class ApiKeysArgs extends ConnectionArgs {
  @Field({ defaultValue: false, description: 'Include revoked keys (default false: usable and expired keys only).' })
  @IsBoolean()
  includeRevoked: boolean;
}

@InputType({ description: 'A new API key for an integration client.' })
export class CreateApiKeyInput {
  @Field({ description: 'A label to recognise the client (e.g. 省平台对接).' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field(() => [PermissionEnum], { description: 'Permissions the key may use; each must be one you hold.' })
  @AtMostEveryPermission()
  scopes: Permission[];

  @Field({ description: 'Region (12-digit division code, within your own) the key acts on, with everything below it.' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When the key stops working (ISO 8601 instant, in the future); null = never.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date;
}

@InputType({ description: 'Which API key to revoke (it stops working at once).' })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: 'ApiKey.id' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'Which masked value to show in full, and why (recorded in the audit trail).' })
export class RevealPersonalDataInput {
  @Field(() => PersonalDataSubjectEnum, { description: 'Which kind of value (and so which record type `id` refers to).' })
  @IsString()
  subject: PersonalDataSubject;

  @Field({ description: 'The record that holds the value.' })
  @IsUUID()
  id: string;

  @Field({ description: `Why you need the full value (at least ${REVEAL_REASON_MIN_LENGTH} characters after trimming, not punctuation only); kept in the audit trail.` })
  @IsString()
  @MaxLength(REVEAL_REASON_MAX_LENGTH)
  reason: string;
}

@ArgsType()
export class RoleGrantsArgs extends ConnectionArgs {
  @Field(() => RoleGrantStatus, { nullable: true, defaultValue: RoleGrantStatus.PENDING, description: 'null: every status.' })
  @IsOptional()
  @IsEnum(RoleGrantStatus)
  status?: RoleGrantStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only the grants of this account.' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

@InputType({ description: 'A decision on a pending role grant.' })
export class RoleGrantDecisionInput {
  @Field(() => ID, { description: 'RoleGrant.id' })
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true, description: 'Kept with the decision and in the audit trail (e.g. why it was rejected).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
