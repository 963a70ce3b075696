import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { Member } from '../households/member.model';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { EmploymentRecord, RecordWriteChecks, YEAR } from './employment.models';
import { RecordVersionInput } from '../common/kit/record-inputs';
import { MatchReason, RankedPageArgs } from './openings.models';
import { PostFigures } from './posts.repository';
import { PublicWelfarePostEntity } from './posts.entity';

@ObjectType('PublicWelfarePost', {
  description:
    "公益岗位: a village's public-welfare post (type from employment.pwp_types, places, monthly pay stated per post, funding source). Its holders are employment records (assignPostHolder). Its region is the village; the human resources department (and the offices) keep it.",
})
export class PublicWelfarePost {
  @Field(() => ID, { description: 'Unique id of the post (a UUID).' })
  id: string;

  @Field({ description: 'The village (12-digit division code).' })
  regionCode: string;

  @Field({ description: 'The type: a code of employment.pwp_types (护林员, 保洁员…).' })
  type: string;

  @Field({ description: 'Its name (the employer name on its holders\' records).' })
  name: string;

  @Field(() => Int, { description: 'Number of places.' })
  places: number;

  @Field(() => GraphQLDecimal, { description: "A holder's monthly pay in yuan (a Decimal string), stated per post: employment.pwp_monthly_pay is not configured." })
  monthlyPay: string;

  @Field({ description: 'Where the pay comes from (村级光伏收益…).' })
  fundingSource: string;

  @Field(() => ID, { nullable: true, description: 'The project asset (扶贫资产) whose income funds it, when one does.' })
  fundingAssetId: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day.' })
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Planned last day; null: open-ended.' })
  endsOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it was closed (its last day); null while open.' })
  closedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was closed.' })
  closeReason: string | null;

  @Field(() => Sector, { description: 'The responsible department (HUMAN_RESOURCES).' })
  sector: Sector;

  @Field(() => Int, { nullable: true, description: 'The holders: distinct members with a record of the post of the year, in force on `asOf` when given (publicWelfarePosts), on `asOf` or today (publicWelfarePost, matchingPostsForMember); null where the post comes without them (e.g. on a holder listing).' })
  holders: number | null;

  @Field(() => Int, { nullable: true, description: 'places − holders (not below 0); null where holders is null.' })
  vacancies: number | null;

  @Field(() => Int, { description: 'Send it back with updatePublicWelfarePost or closePublicWelfarePost; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the post was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the post last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: PublicWelfarePostEntity, figures?: PostFigures): PublicWelfarePost {
    return Object.assign(new PublicWelfarePost(), e, { holders: figures?.holders ?? null, vacancies: figures?.vacancies ?? null });
  }
}

@ObjectType({ description: connectionDescription('public-welfare posts (公益岗位)') })
export class PublicWelfarePostConnection extends ConnectionType(PublicWelfarePost) {}

@ObjectType({ description: 'The result of a public-welfare post mutation.' })
export class PublicWelfarePostPayload {
  @Field(() => PublicWelfarePost, { description: 'The post as stored.' })
  post: PublicWelfarePost;
}

@ObjectType({ description: 'The result of assignPostHolder: the employment record made, and the warnings (a holder outside the eligible group).' })
export class PostHolderPayload extends RecordWriteChecks {
  @Field(() => EmploymentRecord, { description: 'The holder\'s employment record (channel 公益岗, within the town, the post\'s name and pay).' })
  employmentRecord: EmploymentRecord;
}

@ObjectType('PostHolderOutsideEligibleGroup', { description: 'A post holder of the year outside the eligible group of employment.pwp_eligible (not weak or half labour by the registry), with the stated basis if any.' })
export class PostHolderOutsideEligibleGroup {
  @Field(() => EmploymentRecord, { description: 'The holder\'s record (eligibilityNote: the basis the assigner stated, e.g. "三无"人员).' })
  record: EmploymentRecord;

  @Field(() => Member, { description: 'The holder (labour skill on it; protected values masked).' })
  member: Member;

  @Field(() => PublicWelfarePost, { description: 'The post held.' })
  post: PublicWelfarePost;

  @Field({ description: 'Why the holder is listed.' })
  why: string;
}

@ObjectType({ description: connectionDescription('post holders outside the eligible group') })
export class PostHolderOutsideEligibleGroupConnection extends ConnectionType(PostHolderOutsideEligibleGroup) {}

@ArgsType()
export class PublicWelfarePostArgs {
  @Field(() => ID, { description: 'Id (UUID) of the post.' })
  @IsUUID()
  id: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Count the holders whose record is in force on this day (default today).' })
  @IsOptional()
  @IsString()
  asOf?: string;
}

@ArgsType()
export class PublicWelfarePostsArgs extends ConnectionArgs {
  @Field(() => Int, { description: 'The year: posts running in it, holders counted from the records of the year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Count only holders whose record is in force on this day; omitted: every holder with a record of the year.' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => String, { nullable: true, description: 'Only posts of this type (a code of employment.pwp_types).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: only posts with vacancies; false: only full ones; omitted: all.' })
  @IsOptional()
  @IsBoolean()
  withVacancies?: boolean;
}

@InputType({ description: "A village's public-welfare post." })
export class CreatePublicWelfarePostInput {
  @Field({ description: 'The village (12-digit division code, in your write scope).' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;

  @Field({ description: 'A code of employment.pwp_types in force on the start in the village.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  type: string;

  @Field({ description: 'Its name.' })
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  name: string;

  @Field(() => Int, { description: 'Number of places (at least 1).' })
  @IsInt()
  places: number;

  @Field(() => GraphQLDecimal, { description: "A holder's monthly pay in yuan: not negative, at most 2 decimals; stated per post (no default exists)." })
  @IsString()
  monthlyPay: string;

  @Field({ description: 'Where the pay comes from (村级光伏收益…).' })
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(500)
  fundingSource: string;

  @Field(() => ID, { nullable: true, description: 'The project asset (one you can read) whose income funds it.' })
  @IsOptional()
  @IsUUID()
  fundingAssetId?: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day.' })
  @IsString()
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Planned last day (not before the first); omit while open-ended.' })
  @IsOptional()
  @IsString()
  endsOn?: string | null;
}

@InputType({ description: 'Corrections to a post (its village stays); send the version you read. Omitted fields are unchanged.' })
export class UpdatePublicWelfarePostInput extends RecordVersionInput {
  @Field(() => String, { nullable: true, description: 'Corrected type.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  type?: string;

  @Field(() => String, { nullable: true, description: 'Corrected name.' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  name?: string;

  @Field(() => Int, { nullable: true, description: 'Corrected places.' })
  @IsOptional()
  @IsInt()
  places?: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Corrected monthly pay (new holders get it; records made keep theirs).' })
  @IsOptional()
  @IsString()
  monthlyPay?: string;

  @Field(() => String, { nullable: true, description: 'Corrected funding source.' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(500)
  fundingSource?: string;

  @Field(() => ID, { nullable: true, description: 'Corrected funding asset; null: none.' })
  @IsOptional()
  @IsUUID()
  fundingAssetId?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected first day.' })
  @IsOptional()
  @IsString()
  startsOn?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected planned last day; null: open-ended.' })
  @IsOptional()
  @IsString()
  endsOn?: string | null;
}

@InputType({ description: 'Closes (撤销) a post from a day, with the reason; send the version you read.' })
export class ClosePublicWelfarePostInput extends RecordVersionInput {
  @Field(() => GraphQLLocalDateScalar, { description: 'Its last day (not before its first).' })
  @IsString()
  closedOn: string;

  @Field({ description: 'Why it is closed.' })
  @IsString()
  @Matches(/[\p{L}\p{N}]/u, { message: 'must say why' })
  @MaxLength(500)
  reason: string;
}

@InputType({ description: "A member taking up a post: the member's employment record of the year in the post is made from it." })
export class AssignPostHolderInput {
  @Field(() => ID, { description: 'The post (in your write scope), open on the start and not full.' })
  @IsUUID()
  postId: string;

  @Field(() => ID, { description: "The member (in your write scope), a member of the household during the period; another village than the post's needs otherVillageReason." })
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: 'The year the record is of.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day in the post (the period must fall in the year, at least in part).' })
  @IsString()
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day in the post; omit while it goes on.' })
  @IsOptional()
  @IsString()
  endsOn?: string | null;

  @Field(() => Int, { description: 'Months worked in the year: 0–12, at most the months of the year the period touches.' })
  @IsInt()
  monthsWorked: number;

  @Field(() => String, { nullable: true, description: "Why a member of another village holds the post: without it that is refused (POST_HOLDER_OTHER_VILLAGE)." })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  otherVillageReason?: string | null;

  @Field(() => String, { nullable: true, description: 'The basis of eligibility when the member is not weak or half labour ("三无"人员: 无法离乡、无业可扶、无力脱贫): kept on the record; the holder is still listed, with it.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  eligibilityNote?: string | null;
}

@ObjectType('PostMatch', { description: 'A public-welfare post a member could hold, with a place free on the day asked about, and the reasons of its rank.' })
export class PostMatch {
  @Field(() => PublicWelfarePost, { description: 'The post, with its holders and vacancies on the day.' })
  post: PublicWelfarePost;

  @Field(() => Int, { description: "The sum of the reasons' points; posts come by score, highest first." })
  score: number;

  @Field(() => [MatchReason], { description: "The reasons, one row each (the distance from the member's village)." })
  reasons: MatchReason[];

  @Field({ description: "The post lies in another village than the member's: assigning the member needs otherVillageReason." })
  needsOtherVillageReason: boolean;
}

@ObjectType({
  description: `${connectionDescription('posts a member could hold')} Ranked in the database over your region; the points are a design choice (MatchReasonCode). No totalCount.`,
})
export class PostMatchConnection extends ConnectionType(PostMatch) {
  @Field(() => Member, { description: 'The member (protected values masked).' })
  member: Member;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day the posts are open and have a place free.' })
  asOf: string;

  @Field(() => ParameterValue, { description: 'employment.pwp_eligible in force on that day in the member\'s region: who public-welfare posts are for, with its status.' })
  eligibleGroup: ParameterValue;

  @Field(() => Boolean, { nullable: true, description: 'Whether the member is in the eligible group (weak or half labour by the registry); null where employment.pwp_eligible is not configured. Outside it, a holder is a warning.' })
  memberEligible: boolean | null;
}

@ArgsType()
export class MatchingPostsArgs extends RankedPageArgs {
  @Field(() => ID, { description: 'The member (in your region).' })
  @IsUUID()
  memberId: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day the posts must be open and have a place free (default today).' })
  @IsOptional()
  @IsString()
  asOf?: string;
}
