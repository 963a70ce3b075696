import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { maskName } from '../common/crypto/mask';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { InspectionEntity, InspectionType, SamplePlanRecord } from './inspection.entity';
import { VisitSheetRow } from './inspection.repository';
import { InspectionVisitResult } from './inspection-visit.models';

const REGION_CODE = /^\d{12}$/;
/** Most strata (towns) one sample lists, and the most of anything one stratum asks. */
const MAX_STRATA = 100;
const MAX_STRATUM_SIZE = 10_000;

/** The labels of the inspection types (Chinese, as the plan names them). */
export const INSPECTION_TYPE_LABELS: Record<InspectionType, string> = {
  ROUTINE: '常规督查',
  SPECIAL: '专项督查',
  TOUR: '巡查',
  UNANNOUNCED: '暗访',
  CROSS_APPRAISAL: '交叉考核',
  THIRD_PARTY: '第三方评估',
  AUDIT: '审计',
  MEDIA: '媒体暗访',
};

registerEnumType(InspectionType, {
  name: 'InspectionType',
  description: 'The kind of an inspection (督查检查方式, the plan §25).',
  valuesMap: Object.fromEntries(Object.values(InspectionType).map((t) => [t, { description: INSPECTION_TYPE_LABELS[t] }])),
});

@ObjectType('InspectionSampledVillage', { description: 'A village drawn in a stratum, with its households on the roll when drawn (the population of the household draw).' })
export class InspectionSampledVillage {
  @Field({ description: 'The village (12-digit code).' })
  villageCode: string;

  @Field(() => Int, { description: 'Its households on the roll (ACTIVE) when the sample was drawn.' })
  householdPopulation: number;
}

@ObjectType('InspectionSampleStratum', { description: 'One stratum (a town) of a sample as drawn: the sizes asked and the populations drawn from.' })
export class InspectionSampleStratum {
  @Field({ description: 'The town (12-digit code).' })
  townCode: string;

  @Field(() => Int, { description: 'Villages asked of the town.' })
  villages: number;

  @Field(() => Int, { description: 'Households asked of each sampled village.' })
  households: number;

  @Field({ description: 'Whether the town was drawn (every listed town is, unless `towns` drew fewer).' })
  drawn: boolean;

  @Field(() => Int, { description: 'The villages of the town (the population of the village draw).' })
  villagePopulation: number;

  @Field(() => [InspectionSampledVillage], { description: 'The villages drawn, in the order drawn.' })
  sampledVillages: InspectionSampledVillage[];
}

@ObjectType('InspectionSample', { description: 'How an inspection’s sample was drawn: the seed (the same seed over the same population redraws the same sample), the plan and the populations.' })
export class InspectionSample {
  @Field({ description: 'The seed the sample was drawn from (given or generated), recorded.' })
  seed: string;

  @Field(() => Int, { nullable: true, description: 'How many of the listed towns were drawn; null: every listed town.' })
  towns: number | null;

  @Field(() => [InspectionSampleStratum], { description: 'The strata, by town code.' })
  strata: InspectionSampleStratum[];

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was drawn (ISO 8601 instant, UTC).' })
  drawnAt: Date;
}

@ObjectType('Inspection', { description: '督查检查: an inspection of a region, its organiser, leader, dates, report and random sample of towns, villages and households.' })
export class Inspection {
  @Field(() => ID, { description: 'Unique id of the inspection (a UUID).' })
  id: string;

  @Field({ description: 'The scope (检查范围): the region inspected (12-digit code); the sample is drawn within it.' })
  regionCode: string;

  @Field(() => InspectionType, { description: 'The kind of inspection.' })
  inspectionType: InspectionType;

  @Field({ description: 'What it is called.' })
  title: string;

  @Field({ description: '组织单位: the organiser.' })
  organiser: string;

  @Field({ description: '带队领导: the leader.' })
  leader: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The first day.' })
  startOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The last day (not before the first).' })
  endOn: string;

  @Field(() => String, { nullable: true, description: '督查报告: the report; null until recorded.' })
  report: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date of the report.' })
  reportedOn: string | null;

  @Field(() => InspectionSample, { nullable: true, description: 'How the sample was drawn (seed, plan, populations); null until drawn. The sampled households: inspectionVisitSheet.' })
  sample: InspectionSample | null;

  @Field(() => Int, { description: 'Send it back with each change; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: InspectionEntity): Inspection {
    const plan: SamplePlanRecord | null = e.samplePlan;
    return Object.assign(new Inspection(), {
      id: e.id, regionCode: e.regionCode, inspectionType: e.inspectionType, title: e.title, organiser: e.organiser, leader: e.leader,
      startOn: e.startOn, endOn: e.endOn, report: e.report, reportedOn: e.reportedOn, version: e.version, createdAt: e.createdAt, updatedAt: e.updatedAt,
      sample: e.sampleSeed !== null && plan ? { seed: e.sampleSeed, towns: plan.towns, strata: plan.strata, drawnAt: e.sampledAt! } : null,
    });
  }
}

@ObjectType({ description: connectionDescription('inspections (督查检查)') })
export class InspectionConnection extends ConnectionType(Inspection) {}

@ObjectType({ description: 'The result of an inspection mutation.' })
export class InspectionPayload {
  @Field(() => Inspection, { description: 'The inspection as stored.' })
  inspection: Inspection;
}

@ObjectType('InspectionVisit', { description: 'A line of an inspection’s visit sheet (走访名单): a sampled household with what a visitor needs.' })
export class InspectionVisit {
  @Field(() => Int, { description: 'Its position on the sheet (from 1): strata by town code, then the order drawn.' })
  ordinal: number;

  @Field({ description: 'The town (12-digit code).' })
  townCode: string;

  @Field(() => String, { nullable: true, description: 'The town’s name.' })
  townName: string | null;

  @Field({ description: 'The village (12-digit code).' })
  villageCode: string;

  @Field(() => String, { nullable: true, description: 'The village’s name.' })
  villageName: string | null;

  @Field(() => ID, { description: 'The household (its id in the registry).' })
  householdId: string;

  @Field({ description: 'The household number (户编号).' })
  householdNumber: string;

  @Field(() => String, { nullable: true, description: 'The head of household’s name, masked (张*); null when the household has no head recorded.' })
  headNameMasked: string | null;

  @Field(() => InspectionVisitResult, { nullable: true, description: 'The visit’s result (走访结果) once recorded (recordInspectionVisit); null until then.' })
  result: InspectionVisitResult | null;

  static from(r: VisitSheetRow): InspectionVisit {
    return Object.assign(new InspectionVisit(), {
      ordinal: r.sample.ordinal, townCode: r.sample.townCode, townName: r.townName, villageCode: r.sample.villageCode, villageName: r.villageName,
      householdId: r.sample.householdId, householdNumber: r.householdNumber, headNameMasked: r.headName === null ? null : maskName(r.headName),
      result: r.result ? InspectionVisitResult.from(r.result) : null,
    });
  }
}

@ObjectType({ description: connectionDescription('the sampled households of an inspection (走访名单)') })
export class InspectionVisitConnection extends ConnectionType(InspectionVisit) {}

@ArgsType()
export class InspectionsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only inspections of this region and below (12-digit code).' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;

  @Field(() => InspectionType, { nullable: true, description: 'Only inspections of this kind.' })
  @IsOptional()
  @IsEnum(InspectionType)
  inspectionType?: InspectionType;
}

@ArgsType()
export class InspectionArgs {
  @Field(() => ID, { description: 'Id (UUID) of the inspection.' })
  @IsUUID()
  id: string;
}

@ArgsType()
export class InspectionVisitSheetArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'Id (UUID) of the inspection.' })
  @IsUUID()
  inspectionId: string;
}

@InputType({ description: 'A new inspection (督查检查) of a region in your scope.' })
export class CreateInspectionInput {
  @Field({ description: 'The scope: the region inspected (12-digit code, in your region).' })
  @Matches(REGION_CODE)
  regionCode: string;

  @Field(() => InspectionType, { description: 'The kind of inspection.' })
  @IsEnum(InspectionType)
  inspectionType: InspectionType;

  @Field({ description: 'What it is called.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field({ description: '组织单位: the organiser.' })
  @IsString()
  @MaxLength(100)
  organiser: string;

  @Field({ description: '带队领导: the leader.' })
  @IsString()
  @MaxLength(50)
  leader: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The first day.' })
  @IsString()
  startOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The last day (not before the first).' })
  @IsString()
  endOn: string;
}

@InputType({ description: 'One stratum of a sample: a town and its sizes.' })
export class InspectionSampleStratumInput {
  @Field({ description: 'The town (12-digit code) within the inspection’s scope; each town once.' })
  @Matches(REGION_CODE)
  townCode: string;

  @Field(() => Int, { description: 'How many of its villages to draw (at most its villages).' })
  @IsInt()
  @Min(1)
  @Max(MAX_STRATUM_SIZE)
  villages: number;

  @Field(() => Int, { description: 'How many households to draw in each sampled village (at most its households on the roll).' })
  @IsInt()
  @Min(1)
  @Max(MAX_STRATUM_SIZE)
  households: number;
}

@InputType({ description: 'The sample plan of an inspection: the seed, how many towns, and each town with its sizes.' })
export class DrawInspectionSampleInput {
  @Field(() => ID, { description: 'Id of the inspection (its sample not yet drawn).' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: 'The seed (any text up to 100 characters); omitted: a fresh one is generated. Either way it is recorded, and the same seed over the same population gives the same sample.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  seed?: string | null;

  @Field(() => Int, { nullable: true, description: 'How many of the listed towns to draw (at most as many as listed); omitted: every listed town.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_STRATA)
  towns?: number | null;

  @Field(() => [InspectionSampleStratumInput], { description: 'The strata: each town with its sizes.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STRATA)
  @ValidateNested({ each: true })
  @Type(() => InspectionSampleStratumInput)
  strata: InspectionSampleStratumInput[];
}

@InputType({ description: 'The report (督查报告) of an inspection.' })
export class RecordInspectionReportInput {
  @Field(() => ID, { description: 'Id of the inspection.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field({ description: '督查报告: the report text (replaces an earlier one).' })
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  report: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date of the report (not in the future, not before the start); omitted: today.' })
  @IsOptional()
  @IsString()
  reportedOn?: string | null;
}
