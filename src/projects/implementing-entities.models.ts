import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { CreditCodeInfo } from '../common/identity-number/credit-code';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { PHONE, PHONE_MESSAGE } from '../assistance/dto/assistance.inputs';
import { REGION_CODE } from '../regions/regions.args';
import { ImplementingEntityEntity, ImplementingEntityStatus } from './implementing-entity.entity';

const REGION_MESSAGE = 'must be a 12-digit division code';
const CREDIT_CODE_INPUT = /^[\s\-0-9A-Za-z０-９Ａ-Ｚａ-ｚ]{1,40}$/;
const CREDIT_CODE_INPUT_MESSAGE = 'must be a unified social credit code (18 characters; blanks and dashes are ignored)';

registerEnumType(ImplementingEntityStatus, {
  name: 'ImplementingEntityStatus',
  description: 'Whether an implementing entity still takes part in industry projects.',
  valuesMap: {
    ACTIVE: { description: '在册: takes part; may be changed.' },
    CLOSED: { description: '已退出: closed (注销, 退出) on `closedOn` for `closeReason`; kept, changed no more.' },
  },
});

@ObjectType('ImplementingEntity', {
  description:
    '经营主体: an implementing entity of industry projects (cooperative, family farm, leading enterprise, processing point, village collective…). The contact phone is masked; see revealPersonalData (IMPLEMENTING_ENTITY_PHONE). The poor households among its members are counted from the benefit linkages once those are recorded.',
})
export class ImplementingEntity {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field({ description: 'Its type: a code of the policy parameter project.entity_types (e.g. 农民专业合作社).' })
  type: string;

  @Field({ description: 'Registered name (名称).' })
  name: string;

  @Field({ description: '统一社会信用代码 (GB 32100-2015), normalised: 18 characters, upper case.' })
  creditCode: string;

  @Field(() => String, { nullable: true, description: 'The registration authority the credit code names (position 1), e.g. 工商, 农业 (village collectives), 民政.' })
  registrationAuthority: string | null;

  @Field(() => String, { nullable: true, description: 'The organisation type the credit code names (position 2 under its authority), e.g. 农民专业合作社, 村级集体经济组织.' })
  organisationType: string | null;

  @Field({ description: 'Legal representative or person in charge (法定代表人/负责人).' })
  legalRepresentative: string;

  @Field(() => String, { nullable: true, description: 'Contact phone (联系电话), masked, e.g. 138****5678; null when none.' })
  phone: string | null;

  @Field({ description: 'Where it is based (12-digit division code, any level).' })
  regionCode: string;

  @Field(() => Sector, { nullable: true, description: 'The department (行业部门) whose officer recorded it; only that sector\'s officers (and the district, town and village offices) change it. Null for the offices\' own records.' })
  sector: Sector | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Date founded (成立日期), when known.' })
  foundedOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'When it was taken into the roster; its type is checked against project.entity_types as of this date.' })
  listedOn: string;

  @Field(() => String, { nullable: true, description: 'Business scope (经营范围).' })
  businessScope: string | null;

  @Field(() => ImplementingEntityStatus, { description: 'Active, or closed.' })
  status: ImplementingEntityStatus;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date it was closed; null while active.' })
  closedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was closed; null while active.' })
  closeReason: string | null;

  @Field(() => Int, { description: 'Send it back with updateImplementingEntity or closeImplementingEntity; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  /** The answer from the row, the masked phone and the decoded credit code: the ciphertext never leaves the service. */
  static from(e: ImplementingEntityEntity, maskedPhone: string | null, code: CreditCodeInfo | null): ImplementingEntity {
    const { phoneEnc: _enc, phoneHash: _hash, ...rest } = e;
    return Object.assign(new ImplementingEntity(), { ...rest, phone: maskedPhone, registrationAuthority: code?.authorityName ?? null, organisationType: code?.typeName ?? null });
  }
}

@ObjectType({ description: connectionDescription('implementing entities (经营主体)') })
export class ImplementingEntityConnection extends ConnectionType(ImplementingEntity) {}

@ObjectType({ description: 'The result of an implementing entity mutation.' })
export class ImplementingEntityPayload {
  @Field(() => ImplementingEntity, { description: 'The entity as stored (phone masked).' })
  implementingEntity: ImplementingEntity;
}

@ArgsType()
export class ImplementingEntitiesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only entities based in this region\'s subtree (12-digit division code).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @Field(() => String, { nullable: true, description: 'Only entities of this type (a code of project.entity_types).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  @Field(() => String, { nullable: true, description: 'Only entities whose name contains this text.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  nameContains?: string;

  @Field(() => String, { nullable: true, description: 'The entity with this credit code (exact, after normalising: blanks, dashes and case do not matter).' })
  @IsOptional()
  @Matches(CREDIT_CODE_INPUT, { message: CREDIT_CODE_INPUT_MESSAGE })
  creditCode?: string;

  @Field(() => ImplementingEntityStatus, { nullable: true, description: 'Only active or only closed entities.' })
  @IsOptional()
  @IsEnum(ImplementingEntityStatus)
  status?: ImplementingEntityStatus;
}

@ArgsType()
export class ImplementingEntityArgs {
  @Field(() => ID, { description: 'Id (UUID) of the entity.' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'An implementing entity to record in your region (a sector officer records it as its department).' })
export class CreateImplementingEntityInput {
  @Field({ description: 'Its type: a code of project.entity_types in force on `listedOn` in its region.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  type: string;

  @Field({ description: 'Registered name (名称).' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field({ description: '统一社会信用代码 (GB 32100-2015; a village collective\'s code from its 农村集体经济组织登记证, authority N). Checked and unique; blanks, dashes and case are ignored.' })
  @Matches(CREDIT_CODE_INPUT, { message: CREDIT_CODE_INPUT_MESSAGE })
  creditCode: string;

  @Field({ description: 'Legal representative or person in charge.' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  legalRepresentative: string;

  @Field(() => String, { nullable: true, description: 'Contact phone: stored encrypted, answered masked.' })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field({ description: 'Where it is based (12-digit division code in your scope).' })
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Date founded (not in the future).' })
  @IsOptional()
  @IsString()
  foundedOn?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'When it is taken into the roster (not in the future, not before it was founded); default today.' })
  @IsOptional()
  @IsString()
  listedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Business scope (经营范围).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  businessScope?: string | null;
}

@InputType({ description: 'Changes to an active implementing entity; send the version you read. Omitted fields are unchanged.' })
export class UpdateImplementingEntityInput {
  @Field(() => ID, { description: 'Id (UUID) of the entity.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: 'New type (a code of project.entity_types as of its listing date).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  type?: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @Field(() => String, { nullable: true, description: 'Corrected credit code (checked and unique).' })
  @IsOptional()
  @Matches(CREDIT_CODE_INPUT, { message: CREDIT_CODE_INPUT_MESSAGE })
  creditCode?: string;

  @Field(() => String, { nullable: true, description: 'New legal representative.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  legalRepresentative?: string;

  @Field(() => String, { nullable: true, description: 'New contact phone; an empty string clears it.' })
  @IsOptional()
  @ValidateIf((o: UpdateImplementingEntityInput) => o.phone !== '')
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string;

  @Field(() => String, { nullable: true, description: 'Moves it to this region (in your scope).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected founding date.' })
  @IsOptional()
  @IsString()
  foundedOn?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected listing date.' })
  @IsOptional()
  @IsString()
  listedOn?: string;

  @Field(() => String, { nullable: true, description: 'New business scope; an empty string clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  businessScope?: string | null;
}

@InputType({ description: 'Closes an implementing entity (注销, 退出): it stays readable and is changed no more.' })
export class CloseImplementingEntityInput {
  @Field(() => ID, { description: 'Id (UUID) of the entity.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field({ description: 'Why it is closed (kept with the record and in the audit trail).' })
  @IsString()
  @Matches(/[\p{L}\p{N}]/u, { message: 'must say why' })
  @MaxLength(500)
  reason: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date it closed (not in the future, not before it was listed); default today.' })
  @IsOptional()
  @IsString()
  closedOn?: string | null;
}
