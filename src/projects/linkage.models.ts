import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { REGION_CODE } from '../regions/regions.args';
import { LinkageEntity, LinkageIncomeComponent } from './linkage.entity';

registerEnumType(LinkageIncomeComponent, {
  name: 'LinkageIncomeComponent',
  description: "The component of the registry's household income structure a linkage's payments feed (chosen by the officer).",
  valuesMap: {
    WAGE: { description: '工资性收入: wages (务工).' },
    PRODUCTION_BUSINESS: { description: '生产经营性收入: production and business income (订单农业, 托管…).' },
    PROPERTY: { description: '财产性收入: property income (land rent, dividends on shares).' },
    ASSET_INCOME_DIVIDEND: { description: '资产收益扶贫分红: asset-income poverty-alleviation dividends (part of property income).' },
  },
});

@ObjectType('BenefitLinkage', {
  description: "利益联结: how a household benefits from an industry project and/or an implementing entity, on agreed terms, for a period, with an agreed amount per year. Its region is the household's village; its sector the project's, else the entity's.",
})
export class BenefitLinkage {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The household (贫困户) that benefits.' })
  householdId: string;

  @Field(() => ID, { nullable: true, description: 'The industry project, when the linkage is through one.' })
  projectId: string | null;

  @Field(() => ID, { nullable: true, description: 'The implementing entity (经营主体), when the linkage is with one.' })
  entityId: string | null;

  @Field({ description: 'Its type: a code of the policy parameter project.linkage_types (e.g. 保底收益+按股分红).' })
  type: string;

  @Field({ description: 'The agreed terms (协议内容).' })
  agreedTerms: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Start of the agreement; its type is checked as of this date.' })
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'End of the agreement; null while open-ended.' })
  endsOn: string | null;

  @Field(() => GraphQLDecimal, { description: 'The amount agreed per year, in yuan (a Decimal string).' })
  agreedAmountPerYear: string;

  @Field(() => LinkageIncomeComponent, { description: 'The income component its payments feed.' })
  incomeComponent: LinkageIncomeComponent;

  @Field(() => Boolean, { nullable: true, description: 'For 优先股-type linkages: whether the share is returned when the household exits; null when not stated.' })
  returnedAtExit: boolean | null;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { nullable: true, description: "The project's sector, else the entity's: only that sector's officers (and the offices) change it." })
  sector: Sector | null;

  @Field(() => String, { nullable: true, description: 'Why it was ended (endBenefitLinkage); null otherwise.' })
  endReason: string | null;

  @Field(() => Int, { description: 'Send it back with updateBenefitLinkage or endBenefitLinkage; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: LinkageEntity): BenefitLinkage {
    return Object.assign(new BenefitLinkage(), e);
  }
}

@ObjectType({ description: connectionDescription('benefit linkages (利益联结)') })
export class BenefitLinkageConnection extends ConnectionType(BenefitLinkage) {}

@ObjectType({ description: 'The result of a benefit linkage mutation.' })
export class BenefitLinkagePayload {
  @Field(() => BenefitLinkage, { description: 'The linkage as stored.' })
  benefitLinkage: BenefitLinkage;
}

@ArgsType()
export class BenefitLinkagesArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only this household\'s linkages.' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => ID, { nullable: true, description: 'Only linkages through this project.' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @Field(() => ID, { nullable: true, description: 'Only linkages with this implementing entity.' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @Field(() => String, { nullable: true, description: 'Only linkages of this type (a code of project.linkage_types).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  @Field(() => Int, { nullable: true, description: 'Only linkages active at some time in this year.' })
  @IsOptional()
  @IsInt()
  @Min(2010)
  @Max(2100)
  year?: number;

  @Field(() => String, { nullable: true, description: 'Only linkages of households in this region\'s subtree (12-digit division code).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class BenefitLinkageArgs {
  @Field(() => ID, { description: 'Id (UUID) of the linkage.' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'A benefit linkage to record for a household in your scope: a project and/or an implementing entity (at least one).' })
export class CreateBenefitLinkageInput {
  @Field(() => ID, { description: 'The household (in your scope); through a project it must be among the project\'s beneficiary households.' })
  @IsUUID()
  householdId: string;

  @Field(() => ID, { nullable: true, description: 'The project (at IN_ANNUAL_PLAN or a later stage, not REJECTED or REMOVED).' })
  @IsOptional()
  @IsUUID()
  projectId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The implementing entity (active).' })
  @IsOptional()
  @IsUUID()
  entityId?: string | null;

  @Field({ description: "Its type: a code of project.linkage_types in force on `startsOn` in the household's village." })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  type: string;

  @Field({ description: 'The agreed terms (协议内容).' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  agreedTerms: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Start of the agreement.' })
  @IsString()
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'End of the agreement (not before its start); omit while open-ended.' })
  @IsOptional()
  @IsString()
  endsOn?: string | null;

  @Field(() => GraphQLDecimal, { description: 'The amount agreed per year, in yuan: not negative, at most 2 decimals.' })
  @IsString()
  agreedAmountPerYear: string;

  @Field(() => LinkageIncomeComponent, { description: 'The income component its payments feed.' })
  @IsEnum(LinkageIncomeComponent)
  incomeComponent: LinkageIncomeComponent;

  @Field(() => Boolean, { nullable: true, description: 'For 优先股-type linkages: the share is returned when the household exits.' })
  @IsOptional()
  @IsBoolean()
  returnedAtExit?: boolean | null;
}

/** The linkage a change is to, and the version the caller read. */
@InputType({ isAbstract: true })
abstract class LinkageVersionInput {
  @Field(() => ID, { description: 'Id (UUID) of the linkage.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;
}

@InputType({ description: 'Corrections to a linkage\'s terms (its household, project and entity stay: end it and record another); send the version you read. Omitted fields are unchanged.' })
export class UpdateBenefitLinkageInput extends LinkageVersionInput {
  @Field(() => String, { nullable: true, description: 'New type (a code of project.linkage_types as of the start).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  type?: string;

  @Field(() => String, { nullable: true, description: 'New agreed terms.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  agreedTerms?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected start.' })
  @IsOptional()
  @IsString()
  startsOn?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected end; null makes it open-ended.' })
  @IsOptional()
  @IsString()
  endsOn?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Corrected amount per year.' })
  @IsOptional()
  @IsString()
  agreedAmountPerYear?: string;

  @Field(() => LinkageIncomeComponent, { nullable: true, description: 'Corrected income component.' })
  @IsOptional()
  @IsEnum(LinkageIncomeComponent)
  incomeComponent?: LinkageIncomeComponent;

  @Field(() => Boolean, { nullable: true, description: 'Corrected 优先股 flag.' })
  @IsOptional()
  @IsBoolean()
  returnedAtExit?: boolean | null;
}

@InputType({ description: 'Ends a benefit linkage on a date with the reason.' })
export class EndBenefitLinkageInput extends LinkageVersionInput {
  @Field(() => GraphQLLocalDateScalar, { description: 'The last day of the linkage (not before its start).' })
  @IsString()
  endsOn: string;

  @Field({ description: 'Why it ends (kept with the record and in the audit trail).' })
  @IsString()
  @Matches(/[\p{L}\p{N}]/u, { message: 'must say why' })
  @MaxLength(500)
  reason: string;
}
