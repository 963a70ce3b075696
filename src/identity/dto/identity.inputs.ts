import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { PersonalDataSubject } from '../../common/access/personal-data';
import { REVEAL_REASON_MAX_LENGTH, REVEAL_REASON_MIN_LENGTH } from '../../common/access/reason';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDate,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Permission, PERMISSIONS, Role, Sector } from '../../common/access/permissions';
import { ConnectionArgs } from '../../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../../common/scalars/scalars';
import { PermissionName } from '../identity.models';
import { RoleGrantStatus } from '../role-grant.entity';

const REGION_CODE = /^\d{12}$/;
const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;

@InputType()
export class LoginInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

@InputType()
export class RefreshTokenInput {
  @Field()
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

@InputType()
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

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @MaxLength(128)
  currentPassword: string;

  @Field()
  @IsString()
  @MaxLength(128)
  newPassword: string;
}

@InputType()
export class CreateUserInput {
  @Field()
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: 'must be 3-64 letters, digits, _ . -' })
  username: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @Field({ description: 'Initial password: 12+ characters, three of lower/upper/digit/symbol.' })
  @IsString()
  @MaxLength(128)
  password: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: 'must be a mobile (11 digits) or landline number' })
  phone?: string;

  @Field()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;

  @Field(() => [Role])
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @IsEnum(Role, { each: true })
  roles: Role[];

  @Field(() => Sector, { nullable: true })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector;
}

@InputType()
export class UpdateUserInput {
  @Field()
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @Field(() => String, { nullable: true, description: 'Empty string removes it.' })
  @IsOptional()
  @Matches(new RegExp(`${PHONE.source}|^$`), { message: 'must be a mobile (11 digits) or landline number' })
  phone?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => [Role], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @IsEnum(Role, { each: true })
  roles?: Role[];

  @Field(() => Sector, { nullable: true })
  @IsOptional()
  @IsEnum(Sector)
  sector?: Sector;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @Field(() => String, { nullable: true, description: 'Only accounts in this region and below.' })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: 'must be a division code or its prefix' })
  regionCode?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  usernameContains?: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

@ArgsType()
export class IdArgs {
  @Field()
  @IsUUID()
  id: string;
}

@ArgsType()
export class ApiKeysArgs extends ConnectionArgs {
  @Field({ defaultValue: false })
  @IsBoolean()
  includeRevoked: boolean;
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field(() => [PermissionName])
  @ArrayMaxSize(PERMISSIONS.length)
  @IsIn(PERMISSIONS as readonly string[], { each: true })
  scopes: Permission[];

  @Field()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;

  @Field(() => GraphQLDateTimeScalar, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date;
}

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID, { description: 'ApiKey.id' })
  @IsUUID()
  id: string;
}

@InputType()
export class RevealPersonalDataInput {
  @Field(() => PersonalDataSubject)
  @IsEnum(PersonalDataSubject)
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

@InputType()
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
