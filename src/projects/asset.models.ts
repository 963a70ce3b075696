import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { ProjectAssetIncomeEntity } from './asset-income.entity';
import { pvShareOf } from './asset-income.rules';
import { AssetKind, AssetOwnerType, ProjectAssetEntity } from './asset.entity';
import type { PvIncomeShareRow } from './asset.service';

const REGION_MESSAGE = 'must be a 12-digit division code';
const YEAR = { min: 2010, max: 2100 };

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

  static from(a: ProjectAssetEntity): ProjectAsset {
    return Object.assign(new ProjectAsset(), a);
  }
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

/** The owner fields of an asset's inputs (exactly the one of the owner type is given). */
@InputType({ isAbstract: true })
abstract class AssetOwnerFieldsInput {
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
}

@InputType({ description: 'An asset formed by a completed project of your write scope; it takes the project\'s region and sector.' })
export class CreateProjectAssetInput extends AssetOwnerFieldsInput {
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

@InputType({ description: 'Corrections to an asset of your write scope: omitted fields stay as stored. Owner fields given replace the owner (with ownerType, or the stored type).' })
export class UpdateProjectAssetInput extends AssetOwnerFieldsInput {
  @Field(() => ID, { description: 'The asset.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read (a stale one is CONFLICT / VERSION_MISMATCH).' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: 'Name of the asset; omit to keep.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string | null;

  @Field(() => AssetKind, { nullable: true, description: 'Its kind; omit to keep.' })
  @IsOptional()
  @IsEnum(AssetKind)
  kind?: AssetKind | null;

  @Field(() => AssetOwnerType, { nullable: true, description: 'Who owns it; with it give exactly the matching owner field. Omitted with an owner field given: the stored type.' })
  @IsOptional()
  @IsEnum(AssetOwnerType)
  ownerType?: AssetOwnerType;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Value in yuan: positive, at most 2 decimals; omit to keep.' })
  @IsOptional()
  @IsString()
  value?: string | null;

  @Field(() => GraphQLLocalDateScalar, {
    nullable: true,
    description: 'When it was handed over (not in the future); null clears it. Not after the first year an income is recorded for (ASSET_INCOME_BEFORE_HANDOVER).',
  })
  @IsOptional()
  @IsString()
  handedOverOn?: string | null;

  @Field(() => ID, { nullable: true, description: 'The implementing entity (active, in your scope) that runs it; null clears it.' })
  @IsOptional()
  @IsUUID()
  operatorId?: string | null;
}

@ObjectType('ProjectAssetIncome', { description: '扶贫资产收益: what an asset earned in one year and how the income was distributed.' })
export class ProjectAssetIncome {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The asset.' })
  assetId: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => GraphQLDecimal, { description: '当年收益: the total the asset earned in the year (yuan).' })
  income: string;

  @Field(() => GraphQLDecimal, { description: '公益岗位工资: paid as wages of public-welfare posts (yuan).' })
  toPublicWelfarePosts: string;

  @Field(() => GraphQLDecimal, { description: '分配到户: distributed to households (yuan).' })
  toHouseholds: string;

  @Field(() => GraphQLDecimal, { description: '村集体留存: kept by the village collective (yuan).' })
  toCollective: string;

  @Field(() => GraphQLDecimal, { description: 'Other uses (yuan). The four parts together are at most the income.' })
  other: string;

  @Field(() => String, { nullable: true, description: 'A note (what other uses were, who decided the distribution).' })
  note: string | null;

  @Field(() => GraphQLDecimal, {
    nullable: true,
    description: 'PV stations only: toPublicWelfarePosts ÷ income, 4 decimals, exact (half up); the share employment.pv_income_to_pwp_min sets a minimum for (see pvIncomeShares). Null for other assets and when the income is 0.',
  })
  pvShare: string | null;

  @Field({ description: "The asset's region (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { nullable: true, description: "The asset's sector; null for the poverty office's own projects." })
  sector: Sector | null;

  @Field(() => Int, { description: 'The record\'s version (optimistic locking): send it to change the year.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(i: ProjectAssetIncomeEntity, kind: AssetKind): ProjectAssetIncome {
    return Object.assign(new ProjectAssetIncome(), i, { pvShare: pvShareOf(kind, i) });
  }
}

@ObjectType({ description: connectionDescription('asset incomes (扶贫资产收益)') })
export class ProjectAssetIncomeConnection extends ConnectionType(ProjectAssetIncome) {}

@ObjectType({ description: 'The result of recording an asset\'s income of a year.' })
export class ProjectAssetIncomePayload {
  @Field(() => ProjectAssetIncome, { description: 'The year\'s income as stored.' })
  projectAssetIncome: ProjectAssetIncome;
}

@ObjectType('PvIncomeShare', { description: "光伏收益: a PV station's income of a year, the share paid as public-welfare post wages, against the minimum." })
export class PvIncomeShare {
  @Field(() => ProjectAsset, { description: 'The PV station.' })
  asset: ProjectAsset;

  @Field(() => ProjectAssetIncome, { description: 'Its income of the year.' })
  income: ProjectAssetIncome;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'toPublicWelfarePosts ÷ income, 4 decimals (the income\'s pvShare); null when the income is 0.' })
  share: string | null;

  @Field(() => ParameterValue, { description: "employment.pv_income_to_pwp_min as of the year's end in the asset's region; `configured` false: none is set, no verdict." })
  minimum: ParameterValue;

  @Field(() => Boolean, { nullable: true, description: 'Whether the share reaches the minimum; null when the minimum is not configured or there is no share.' })
  meetsMinimum: boolean | null;

  static from(r: PvIncomeShareRow): PvIncomeShare {
    return Object.assign(new PvIncomeShare(), {
      asset: ProjectAsset.from(r.asset),
      income: ProjectAssetIncome.from(r.income, r.asset.kind),
      share: r.share,
      minimum: ParameterValue.from(r.minimum),
      meetsMinimum: r.meetsMinimum,
    });
  }
}

@ObjectType({ description: connectionDescription('PV stations\' income shares (光伏收益分配)') })
export class PvIncomeShareConnection extends ConnectionType(PvIncomeShare) {}

@InputType({ description: "An asset's income of one year and its distribution; replaces the year when recorded (send its version). Omitted parts are 0." })
export class SetProjectAssetIncomeInput {
  @Field(() => ID, { description: 'The asset (in your write scope), handed over.' })
  @IsUUID()
  assetId: string;

  @Field(() => Int, { description: 'The year: not before the handover year (ASSET_INCOME_BEFORE_HANDOVER), not after the current year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => Int, { nullable: true, description: 'The version you read; required when the year is already recorded.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;

  @Field(() => GraphQLDecimal, { description: '当年收益: the total earned in the year, yuan (≥ 0, at most 2 decimals).' })
  @IsString()
  income: string;

  @Field(() => GraphQLDecimal, { nullable: true, description: '公益岗位工资 (yuan, ≥ 0).' })
  @IsOptional()
  @IsString()
  toPublicWelfarePosts?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '分配到户 (yuan, ≥ 0).' })
  @IsOptional()
  @IsString()
  toHouseholds?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: '村集体留存 (yuan, ≥ 0).' })
  @IsOptional()
  @IsString()
  toCollective?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Other uses (yuan, ≥ 0). The four parts together may not exceed the income (ASSET_INCOME_DISTRIBUTION_OVER names the part that goes over).' })
  @IsOptional()
  @IsString()
  other?: string | null;

  @Field(() => String, { nullable: true, description: 'A note.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string | null;
}

@ArgsType()
export class ProjectAssetIncomesArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only this asset's incomes." })
  @IsOptional()
  @IsUUID()
  assetId?: string;

  @Field(() => Int, { nullable: true, description: 'Only incomes of this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: "Only assets in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;
}

@ArgsType()
export class AssetIncomeYearArgs extends ConnectionArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => String, { nullable: true, description: "Only assets in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;
}
