import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal } from '../common/scalars/scalars';
import { compareAmounts } from '../common/money/money';
import { REGION_CODE } from '../regions/regions.args';
import { ImplementingEntity } from './implementing-entities.models';
import { VillageCheckRecord } from './village-checks.repository';
import { VillageCheckRow } from './village-checks.service';

const REGION_MESSAGE = 'must be a 12-digit division code';
/** The years a check may be recorded for: the registry's first year (2013) up to 2100 (not after this year: checked). */
const FIRST_YEAR = 2013;
const LAST_YEAR = 2100;

@ObjectType('VillageIncomeSource', { description: 'A source of a village\'s collective economic income in the year, with its amount.' })
export class VillageIncomeSource {
  @Field({ description: 'What the income comes from, e.g. 光伏收益, 资产租赁, 入股分红.' })
  source: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan, a Decimal string.' })
  amount: string;
}

@ObjectType('VillageIndustryCheck', { description: 'A village\'s recorded industry check of a year (§10, §12): specialty industry, cooperatives, collective income and its sources.' })
export class VillageIndustryCheck {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field({ description: 'The village (12-digit division code).' })
  regionCode: string;

  @Field(() => Int, { description: 'The year checked.' })
  year: number;

  @Field(() => String, { nullable: true, description: 'The village\'s specialty industry (特色产业); null: none.' })
  specialtyIndustry: string | null;

  @Field(() => String, { nullable: true, description: 'Its industry type: a code of project.industry_types at the year\'s end.' })
  industryType: string | null;

  @Field(() => [ImplementingEntity], { description: 'The cooperatives present: active implementing entities of the village (phones masked).' })
  cooperatives: ImplementingEntity[];

  @Field(() => Int, { description: 'Poor households (建档立卡户) that are members of those cooperatives.' })
  poorHouseholdsInCooperatives: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Collective economic income (村集体经济收入) of the year, yuan; null: not reported.' })
  collectiveIncome: string | null;

  @Field(() => [VillageIncomeSource], { description: 'Where the collective income comes from; the amounts add up to collectiveIncome.' })
  incomeSources: VillageIncomeSource[];

  @Field(() => Int, { description: 'Send it back with updateVillageIndustryCheck; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(r: VillageCheckRecord, cooperatives: ImplementingEntity[]): VillageIndustryCheck {
    const c = r.check;
    return Object.assign(new VillageIndustryCheck(), {
      id: c.id,
      regionCode: c.regionCode,
      year: c.year,
      specialtyIndustry: c.specialtyIndustry,
      industryType: c.industryType,
      cooperatives,
      poorHouseholdsInCooperatives: c.poorHouseholdsInCooperatives,
      collectiveIncome: c.collectiveIncome,
      incomeSources: r.incomeSources.map((s) => ({ source: s.source, amount: s.amount })),
      version: c.version,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    });
  }
}

@ObjectType('VillageIndustryCheckRow', {
  description:
    'A village of your scope in a year, with its industry check: the three results (specialty industry, a cooperative, collective income above zero), or `recorded: false` when the village has no check of the year (shown, never hidden).',
})
export class VillageIndustryCheckRow {
  @Field({ description: 'The village (12-digit division code).' })
  regionCode: string;

  @Field({ description: 'The village\'s name.' })
  villageName: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field({ description: 'Whether the village has a check recorded for the year; false: missing.' })
  recorded: boolean;

  @Field(() => VillageIndustryCheck, { nullable: true, description: 'The check; null when missing.' })
  check: VillageIndustryCheck | null;

  @Field(() => Int, { description: 'Registered poor households of the village (on the roll, exited or not, registered by the year), from the registry.' })
  registeredPoorHouseholds: number;

  @Field(() => Int, { nullable: true, description: 'Poor households in the village\'s cooperatives, as the check reports; null when missing.' })
  poorHouseholdsInCooperatives: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Has a specialty industry (特色产业); null when missing.' })
  hasSpecialtyIndustry: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Has at least one cooperative; null when missing.' })
  hasCooperative: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Collective economic income of the year above zero (the plan\'s > 0 target); null when missing (an unreported income is false).' })
  hasCollectiveIncome: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'All three results hold; null when missing.' })
  passed: boolean | null;

  static from(row: VillageCheckRow, cooperatives: ImplementingEntity[]): VillageIndustryCheckRow {
    const r = row.record;
    const specialty = r ? r.check.specialtyIndustry !== null : null;
    const cooperative = r ? r.cooperativeIds.length > 0 : null;
    const income = r ? r.check.collectiveIncome !== null && compareAmounts(r.check.collectiveIncome, '0') > 0 : null;
    return Object.assign(new VillageIndustryCheckRow(), {
      regionCode: row.village.code,
      villageName: row.village.name,
      year: row.year,
      recorded: r !== null,
      check: r ? VillageIndustryCheck.from(r, cooperatives) : null,
      registeredPoorHouseholds: row.registeredPoorHouseholds,
      poorHouseholdsInCooperatives: r ? r.check.poorHouseholdsInCooperatives : null,
      hasSpecialtyIndustry: specialty,
      hasCooperative: cooperative,
      hasCollectiveIncome: income,
      passed: r ? !!(specialty && cooperative && income) : null,
    });
  }
}

@ObjectType({ description: connectionDescription('villages with their industry check of a year') })
export class VillageIndustryCheckRowConnection extends ConnectionType(VillageIndustryCheckRow) {}

@ObjectType({ description: 'The result of a village industry check mutation.' })
export class VillageIndustryCheckPayload {
  @Field(() => VillageIndustryCheck, { description: 'The check as stored.' })
  villageIndustryCheck: VillageIndustryCheck;
}

@ArgsType()
export class VillageIndustryChecksArgs extends ConnectionArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(FIRST_YEAR)
  @Max(LAST_YEAR)
  year: number;

  @Field(() => String, { nullable: true, description: 'Only the villages of this region\'s subtree (within your scope); default your home region.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;
}

@ArgsType()
export class VillageIndustryCheckArgs {
  @Field(() => ID, { description: 'Id (UUID) of the check.' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'A source of the collective income, with its amount.' })
export class VillageIncomeSourceInput {
  @Field({ description: 'What the income comes from.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  source: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: not negative, at most 2 decimals.' })
  @IsString()
  amount: string;
}

/** Fields of a village industry check (all optional on an update: omitted fields are unchanged; lists given replace the stored ones). */
@InputType({ isAbstract: true })
class VillageCheckFields {
  @Field(() => String, { nullable: true, description: 'The specialty industry (特色产业); null or empty: none.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  specialtyIndustry?: string | null;

  @Field(() => String, { nullable: true, description: 'Its industry type: a code of project.industry_types at the year\'s end in the village.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  industryType?: string | null;

  @Field(() => [ID], { nullable: true, description: 'The cooperatives present: ids of active implementing entities based in the village.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  cooperativeIds?: string[];

  @Field(() => Int, { nullable: true, description: 'Poor households that are members of those cooperatives (0 without a cooperative).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  poorHouseholdsInCooperatives?: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Collective economic income of the year in yuan (not negative, at most 2 decimals); null: not reported.' })
  @IsOptional()
  @IsString()
  collectiveIncome?: string | null;

  @Field(() => [VillageIncomeSourceInput], { nullable: true, description: 'Its sources; their amounts must add up to collectiveIncome.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => VillageIncomeSourceInput)
  incomeSources?: VillageIncomeSourceInput[];
}

@InputType({ description: 'A village\'s industry check of a year (one per village and year).' })
export class RecordVillageIndustryCheckInput extends VillageCheckFields {
  @Field({ description: 'The village (12-digit division code in your scope).' })
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;

  @Field(() => Int, { description: 'The year checked (not after this year).' })
  @IsInt()
  @Min(FIRST_YEAR)
  @Max(LAST_YEAR)
  year: number;
}

@InputType({ description: 'Changes to a village industry check; send the version you read.' })
export class UpdateVillageIndustryCheckInput extends VillageCheckFields {
  @Field(() => ID, { description: 'Id (UUID) of the check.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;
}
