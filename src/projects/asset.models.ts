import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { REGION_CODE } from '../regions/regions.args';
import { AssetKind, AssetOwnerType } from './asset.entity';

const REGION_MESSAGE = 'must be a 12-digit division code';

registerEnumType(AssetKind, {
  name: 'AssetKind',
  description: '资产类型: what kind of asset a project formed.',
  valuesMap: {
    PV_STATION: { description: '光伏电站: a photovoltaic station (its income shares follow employment.pv_income_to_pwp_min).' },
    WORKSHOP: { description: '扶贫车间: a workshop building.' },
    GREENHOUSE: { description: '温室大棚: a greenhouse.' },
    LIVESTOCK: { description: '养殖圈舍/牲畜: livestock and its housing.' },
    ROAD_WATER: { description: '道路/水利设施: a road or water facility.' },
    OTHER: { description: '其他: any other asset.' },
  },
});

registerEnumType(AssetOwnerType, {
  name: 'AssetOwnerType',
  description: '产权归属: who owns an asset.',
  valuesMap: {
    VILLAGE_COLLECTIVE: { description: '村集体: the collective of a village (ownerRegionCode).' },
    HOUSEHOLD: { description: '农户: a household (ownerHouseholdId).' },
    OTHER: { description: '其他: another owner, by name (ownerName).' },
  },
});

@ObjectType('ProjectAsset', { description: '扶贫资产: an asset an industry project formed, its owner, value, handover date and operator.' })
export class ProjectAsset {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The project that formed it.' })
  projectId: string;

  @Field({ description: 'Name of the asset (资产名称).' })
  name: string;

  @Field(() => AssetKind, { description: 'Its kind.' })
  kind: AssetKind;

  @Field(() => AssetOwnerType, { description: 'Who owns it.' })
  ownerType: AssetOwnerType;

  @Field(() => String, { nullable: true, description: 'The owning village (12-digit code) when the owner is a village collective; else null.' })
  ownerRegionCode: string | null;

  @Field(() => ID, { nullable: true, description: 'The owning household when the owner is a household; else null.' })
  ownerHouseholdId: string | null;

  @Field(() => String, { nullable: true, description: 'The owner\'s name when the owner type is OTHER; else null.' })
  ownerName: string | null;

  @Field(() => GraphQLDecimal, { description: '资产价值: value in yuan, a Decimal string.' })
  value: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '移交日期: when it was handed over to its owner; null until then.' })
  handedOverOn: string | null;

  @Field(() => ID, { nullable: true, description: 'The implementing entity (经营主体) that runs it; null when none.' })
  operatorId: string | null;

  @Field({ description: 'The project\'s region (12-digit division code): what region scope reads.' })
  regionCode: string;

  @Field(() => Sector, { nullable: true, description: 'The project\'s sector department; only that sector\'s officers (and the offices) record its assets. Null for the poverty office\'s own projects.' })
  sector: Sector | null;

  @Field(() => Int, { description: 'The record\'s version (optimistic locking).' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;
}

@ObjectType({ description: connectionDescription('project assets (扶贫资产)') })
export class ProjectAssetConnection extends ConnectionType(ProjectAsset) {}

@ObjectType({ description: 'The result of a project asset mutation.' })
export class ProjectAssetPayload {
  @Field(() => ProjectAsset, { description: 'The asset as stored.' })
  projectAsset: ProjectAsset;
}

@ArgsType()
export class ProjectAssetsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only assets of projects in this region\'s subtree (12-digit division code).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @Field(() => ID, { nullable: true, description: 'Only the assets of this project.' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @Field(() => AssetKind, { nullable: true, description: 'Only assets of this kind.' })
  @IsOptional()
  @IsEnum(AssetKind)
  kind?: AssetKind;
}

@ArgsType()
export class ProjectAssetArgs {
  @Field(() => ID, { description: 'Id (UUID) of the asset.' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'An asset formed by a completed project of your write scope; it takes the project\'s region and sector.' })
export class CreateProjectAssetInput {
  @Field(() => ID, { description: 'The project that formed it: COMPLETED or later.' })
  @IsUUID()
  projectId: string;

  @Field({ description: 'Name of the asset.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => AssetKind, { description: 'Its kind.' })
  @IsEnum(AssetKind)
  kind: AssetKind;

  @Field(() => AssetOwnerType, { description: 'Who owns it; give exactly the matching owner field.' })
  @IsEnum(AssetOwnerType)
  ownerType: AssetOwnerType;

  @Field(() => String, { nullable: true, description: 'VILLAGE_COLLECTIVE: the owning village, in the project\'s area.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  ownerRegionCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'HOUSEHOLD: the owning household, in the project\'s area and your scope.' })
  @IsOptional()
  @IsUUID()
  ownerHouseholdId?: string | null;

  @Field(() => String, { nullable: true, description: 'OTHER: the owner\'s name.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ownerName?: string | null;

  @Field(() => GraphQLDecimal, { description: 'Value in yuan: positive, at most 2 decimals.' })
  @IsString()
  value: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'When it was handed over to its owner (not in the future); omit until then.' })
  @IsOptional()
  @IsString()
  handedOverOn?: string | null;

  @Field(() => ID, { nullable: true, description: 'The implementing entity (active, in your scope) that runs it.' })
  @IsOptional()
  @IsUUID()
  operatorId?: string | null;
}
