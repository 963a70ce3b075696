import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { REGION_CODE } from '../regions/regions.args';
import { YEAR } from './employment.models';
import { RecordVersionInput } from '../common/kit/record-inputs';
import { ReturneeStartupEntity } from './startups.entity';

@ObjectType('ReturneeStartup', {
  description:
    "返乡创业: a business started by a returnee member (the founder), the jobs it created, the poor households it employs and the award (奖补) applied for and granted as recorded — never computed: the award amounts are not configured (see awardRule). Its region is the founder's household village.",
})
export class ReturneeStartup {
  @Field(() => ID, { description: 'Unique id (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The founder (家庭成员).' })
  memberId: string;

  @Field(() => ID, { description: "The founder's household." })
  householdId: string;

  @Field({ description: 'Name of the business.' })
  businessName: string;

  @Field({ description: 'Its industry, as recorded.' })
  industry: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'When it started.' })
  startedOn: string;

  @Field(() => Int, { description: 'Jobs created.' })
  jobsCreated: number;

  @Field(() => Int, { description: 'Poor households (贫困户) employed.' })
  poorHouseholdsEmployed: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Award applied for (申请奖补), yuan, as recorded; null: none.' })
  awardApplied: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Award granted (获得奖补), yuan, as recorded; null: none (yet).' })
  awardGranted: string | null;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (HUMAN_RESOURCES).' })
  sector: Sector;

  @Field(() => Int, { description: 'Send it back with updateReturneeStartup; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: ReturneeStartupEntity): ReturneeStartup {
    return Object.assign(new ReturneeStartup(), e);
  }
}

@ObjectType({ description: connectionDescription('returnee start-ups (返乡创业)') })
export class ReturneeStartupConnection extends ConnectionType(ReturneeStartup) {}

@ObjectType({ description: 'The result of a returnee start-up mutation.' })
export class ReturneeStartupPayload {
  @Field(() => ReturneeStartup, { description: 'The start-up as stored.' })
  startup: ReturneeStartup;
}

@ArgsType()
export class ReturneeStartupsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only this founder's start-ups." })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @Field(() => ID, { nullable: true, description: "Only start-ups of this household's members." })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => Int, { nullable: true, description: 'Only start-ups started in this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: "Only start-ups of households in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@InputType({ description: 'A returnee start-up (返乡创业).' })
export class CreateReturneeStartupInput {
  @Field(() => ID, { description: 'The founder (a member in your write scope).' })
  @IsUUID()
  memberId: string;

  @Field({ description: 'Name of the business.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  businessName: string;

  @Field({ description: 'Its industry.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  industry: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'When it started.' })
  @IsString()
  startedOn: string;

  @Field(() => Int, { description: 'Jobs created (≥ 0).' })
  @IsInt()
  @Min(0)
  jobsCreated: number;

  @Field(() => Int, { description: 'Poor households employed (≥ 0).' })
  @IsInt()
  @Min(0)
  poorHouseholdsEmployed: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Award applied for, yuan (≥ 0, at most 2 decimals), as the application states.' })
  @IsOptional()
  @IsString()
  awardApplied?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Award granted, yuan (≥ 0, at most 2 decimals), as decided.' })
  @IsOptional()
  @IsString()
  awardGranted?: string | null;
}

@InputType({ description: 'Corrections to a start-up (not its founder); send the version you read. Omitted fields are unchanged.' })
export class UpdateReturneeStartupInput extends RecordVersionInput {
  @Field(() => String, { nullable: true, description: 'Corrected name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  businessName?: string;

  @Field(() => String, { nullable: true, description: 'Corrected industry.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  industry?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected start.' })
  @IsOptional()
  @IsString()
  startedOn?: string;

  @Field(() => Int, { nullable: true, description: 'Corrected jobs created (≥ 0).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  jobsCreated?: number;

  @Field(() => Int, { nullable: true, description: 'Corrected poor households employed (≥ 0).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  poorHouseholdsEmployed?: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Corrected award applied for; null clears it.' })
  @IsOptional()
  @IsString()
  awardApplied?: string | null;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Corrected award granted; null clears it.' })
  @IsOptional()
  @IsString()
  awardGranted?: string | null;
}
