import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { LabourSkill, WorkPlace } from '../households/registry-codes';
import { coded, CodedValue, LabourSkillValue, WorkPlaceValue } from '../households/registry-enums';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { EmploymentRecord, RecordWriteChecks } from './employment.models';
import { JobOpeningEntity } from './openings.entity';
import { MATCH_POINTS, MatchReasonCode } from './openings.matching';
import { OpeningCandidate as OpeningCandidateData } from './openings.service';

const YEAR = { min: 2010, max: 2100 };

const REASON_CODES = Object.fromEntries(Object.keys(MATCH_POINTS).map((k) => [k, k])) as Record<MatchReasonCode, MatchReasonCode>;
registerEnumType(REASON_CODES, {
  name: 'MatchReasonCode',
  description: "Why a member is a candidate for an opening; each reason's points are a design choice of the module (not policy), in openings.matching.ts.",
  valuesMap: {
    SKILL_FITS: { description: `The member's labour skill is one the opening wants (${MATCH_POINTS.SKILL_FITS} points).` },
    LABOUR_FITS_KIND: { description: `Full labour for a job, weak or half labour for a public-welfare post (employment.matching; ${MATCH_POINTS.LABOUR_FITS_KIND} points).` },
    SAME_VILLAGE: { description: `Lives in the opening's village (${MATCH_POINTS.SAME_VILLAGE} points).` },
    SAME_TOWN: { description: `Lives in the opening's town (${MATCH_POINTS.SAME_TOWN} points).` },
    SAME_DISTRICT: { description: `Lives in the opening's district (${MATCH_POINTS.SAME_DISTRICT} points).` },
    TRAINED: { description: `Completed a training course (real name) that ended by the day asked about (${MATCH_POINTS.TRAINED} points).` },
    NOT_EMPLOYED_NOW: { description: `No employment record of the year with months worked covering the day asked about (${MATCH_POINTS.NOT_EMPLOYED_NOW} points).` },
    EMPLOYED_NOW: { description: `Employed on the day asked about by a record of the year (${MATCH_POINTS.EMPLOYED_NOW} points: shown, ranked later).` },
  },
});

@ObjectType('JobOpening', {
  description: "招聘岗位: an employer's job opening for members of the labour register: where, the labour skills wanted, pay, places, the period and the channel. Its region is where the job is; the human resources department (and the offices) keep it.",
})
export class JobOpening {
  @Field(() => ID, { description: 'Unique id of the opening (a UUID).' })
  id: string;

  @Field({ description: 'The job (岗位名称).' })
  title: string;

  @Field(() => ID, { nullable: true, description: 'The employer when it is an implementing entity (经营主体).' })
  employerEntityId: string | null;

  @Field({ description: "用工单位: the employer's name (the entity's name when one is named)." })
  employerName: string;

  @Field({ description: 'Where the job is: a village, a town or the district (12-digit division code).' })
  regionCode: string;

  @Field(() => WorkPlaceValue, { description: '务工地点 of the job, as the placed member\'s record says it.' })
  place: CodedValue<WorkPlace>;

  @Field(() => [LabourSkillValue], { description: 'The labour skills wanted.' })
  skills: CodedValue<LabourSkill>[];

  @Field(() => GraphQLDecimal, { description: 'Monthly pay in yuan (a Decimal string).' })
  monthlyPay: string;

  @Field(() => Int, { description: 'Number of places.' })
  places: number;

  @Field(() => Int, { description: 'Places taken: members placed in it (their records carry the opening).' })
  placesTaken: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day it is open.' })
  openFrom: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day it is open; null: until closed.' })
  openUntil: string | null;

  @Field({ description: 'The channel: a code of employment.channels (公益岗 for a public-welfare post).' })
  channel: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'When it was closed; null while open.' })
  closedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was closed.' })
  closeReason: string | null;

  @Field(() => Sector, { description: 'The responsible department (HUMAN_RESOURCES).' })
  sector: Sector;

  @Field(() => Int, { description: 'Send it back with updateJobOpening or closeJobOpening; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the opening was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the opening last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: JobOpeningEntity, placesTaken: number): JobOpening {
    return Object.assign(new JobOpening(), e, { place: coded(WorkPlace, e.place), skills: e.skills.map((s) => coded(LabourSkill, s)), placesTaken });
  }
}

@ObjectType({ description: connectionDescription('job openings (招聘岗位)') })
export class JobOpeningConnection extends ConnectionType(JobOpening) {}

@ObjectType({ description: 'The result of a job opening mutation.' })
export class JobOpeningPayload {
  @Field(() => JobOpening, { description: 'The opening as stored.' })
  jobOpening: JobOpening;
}

@ObjectType('MatchReason', { description: 'One reason of a candidate, with its points (the score is their sum).' })
export class MatchReason {
  @Field(() => REASON_CODES, { description: 'The reason.' })
  code: MatchReasonCode;

  @Field(() => Int, { description: 'Its points (a design choice of the module, not policy).' })
  points: number;
}

@ObjectType('OpeningCandidate', { description: 'A member of the labour register in your region, as a candidate for an opening, with the score and its reasons.' })
export class OpeningCandidate {
  @Field(() => ID, { description: 'The member.' })
  memberId: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field({ description: "The member's name." })
  name: string;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => LabourSkillValue, { description: "The member's labour skill." })
  labourSkill: CodedValue<LabourSkill>;

  @Field(() => Int, { description: 'The sum of the reasons\' points; candidates come by score, highest first.' })
  score: number;

  @Field(() => [MatchReason], { description: 'The reasons, one row each.' })
  reasons: MatchReason[];

  static from(c: OpeningCandidateData): OpeningCandidate {
    return Object.assign(new OpeningCandidate(), c, { labourSkill: coded(LabourSkill, c.labourSkill) });
  }
}

@ObjectType({
  description: `${connectionDescription('candidates of an opening')} Ranked in the database over your whole region; the ranking follows the rule text employment.matching (shown with its status); its points are a design choice (MatchReasonCode). No totalCount.`,
})
export class OpeningCandidateConnection extends ConnectionType(OpeningCandidate) {
  @Field(() => JobOpening, { description: 'The opening.' })
  opening: JobOpening;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day "employed now" is asked about: the later of today and the opening\'s first day.' })
  asOf: string;

  @Field(() => ParameterValue, { description: 'employment.matching (全劳动力 → 务工岗位; 半劳动力 → 公益性岗位) in force on the opening\'s first day in its region: the rule text the ranking follows, with its status (configured: false where none is in force).' })
  matchingRule: ParameterValue;
}

@ObjectType({ description: 'The result of placing a candidate.' })
export class PlaceCandidatePayload extends RecordWriteChecks {
  @Field(() => EmploymentRecord, { description: "The member's employment record, carrying the opening." })
  employmentRecord: EmploymentRecord;

  @Field(() => JobOpening, { description: 'The opening, with its places taken.' })
  jobOpening: JobOpening;
}

@ArgsType()
export class JobOpeningsArgs extends ConnectionArgs {
  @Field({ nullable: true, description: 'Only openings in this region and below (12-digit code).' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: only open ones (not closed, not past their last day); false: only the others.' })
  @IsOptional()
  @IsBoolean()
  open?: boolean;

  @Field({ nullable: true, description: 'Only this channel.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  channel?: string;

  @Field(() => ID, { nullable: true, description: 'Only openings of this implementing entity.' })
  @IsOptional()
  @IsUUID()
  employerEntityId?: string;
}

@ArgsType()
export class JobOpeningArgs {
  @Field(() => ID, { description: 'Id (UUID) of the opening.' })
  @IsUUID()
  id: string;
}

@ArgsType()
/** The page arguments of a ranked list (forward only, no totalCount). */
@ArgsType()
export class RankedPageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (default 20, at most 100).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the page before.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

@ArgsType()
export class OpeningCandidatesArgs extends RankedPageArgs {
  @Field(() => ID, { description: 'The opening (in your region).' })
  @IsUUID()
  openingId: string;
}

@InputType({ description: 'A job opening.' })
export class CreateJobOpeningInput {
  @Field({ description: 'The job (岗位名称).' })
  @IsString()
  @MaxLength(200)
  title: string;

  @Field(() => ID, { nullable: true, description: 'The employer, when it is an implementing entity you can read.' })
  @IsOptional()
  @IsUUID()
  employerEntityId?: string | null;

  @Field(() => String, { nullable: true, description: "用工单位: the employer's name (default: the entity's name); one of the two is needed." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  employerName?: string | null;

  @Field({ description: 'Where the job is: a village, a town or the district in your write scope (12-digit code).' })
  @Matches(REGION_CODE)
  regionCode: string;

  @Field(() => WorkPlace.values, { description: '务工地点 of the job.' })
  @IsEnum(WorkPlace.values)
  place: WorkPlace;

  @Field(() => [LabourSkill.values], { description: 'The labour skills wanted: ORDINARY, SKILLED, WEAK_OR_PARTIAL (at least one).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsEnum(LabourSkill.values, { each: true })
  skills: LabourSkill[];

  @Field(() => GraphQLDecimal, { description: 'Monthly pay in yuan: not negative, at most 2 decimals.' })
  @IsString()
  monthlyPay: string;

  @Field(() => Int, { description: 'Number of places (at least 1).' })
  @IsInt()
  places: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day it is open (the channel list in force then applies).' })
  @IsString()
  openFrom: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day it is open (not before openFrom); omit: until closed.' })
  @IsOptional()
  @IsString()
  openUntil?: string | null;

  @Field({ description: 'The channel: a code of employment.channels (公益岗 for a public-welfare post).' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  channel: string;
}

@InputType({ description: 'Corrections to an open job opening; send the version you read. Omitted fields are unchanged.' })
export class UpdateJobOpeningInput {
  @Field(() => ID, { description: 'Id (UUID) of the opening.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: 'Corrected title.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @Field(() => ID, { nullable: true, description: 'Corrected employer entity; null: none.' })
  @IsOptional()
  @IsUUID()
  employerEntityId?: string | null;

  @Field(() => String, { nullable: true, description: "Corrected employer's name." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  employerName?: string | null;

  @Field(() => String, { nullable: true, description: 'Corrected region.' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;

  @Field(() => WorkPlace.values, { nullable: true, description: 'Corrected place.' })
  @IsOptional()
  @IsEnum(WorkPlace.values)
  place?: WorkPlace;

  @Field(() => [LabourSkill.values], { nullable: true, description: 'Corrected skills wanted.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsEnum(LabourSkill.values, { each: true })
  skills?: LabourSkill[];

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Corrected monthly pay.' })
  @IsOptional()
  @IsString()
  monthlyPay?: string;

  @Field(() => Int, { nullable: true, description: 'Corrected places (not fewer than taken).' })
  @IsOptional()
  @IsInt()
  places?: number;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected first day.' })
  @IsOptional()
  @IsString()
  openFrom?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected last day; null: until closed.' })
  @IsOptional()
  @IsString()
  openUntil?: string | null;

  @Field(() => String, { nullable: true, description: 'Corrected channel.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  channel?: string;
}

@InputType({ description: 'Closes a job opening with the reason; send the version you read.' })
export class CloseJobOpeningInput {
  @Field(() => ID, { description: 'Id (UUID) of the opening.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field({ description: 'Why (filled, withdrawn by the employer…).' })
  @IsString()
  @Matches(/[\p{L}\p{N}]/u, { message: 'must say why' })
  @MaxLength(500)
  reason: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'When it closed (not before it opened); default today.' })
  @IsOptional()
  @IsString()
  closedOn?: string | null;
}

@InputType({ description: "Places a member in an opening: records the member's job of the year with the opening's channel, place, employer and pay." })
export class PlaceCandidateInput {
  @Field(() => ID, { description: 'The opening (open, with a place free, in your write scope).' })
  @IsUUID()
  openingId: string;

  @Field(() => ID, { description: 'The member (in your write scope), a member of the household from the start.' })
  @IsUUID()
  memberId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day of the job (in the opening\'s period).' })
  @IsString()
  startsOn: string;

  @Field(() => Int, { description: 'Months worked in the year so far (0–12, at most the months from the start to the year\'s end).' })
  @IsInt()
  monthsWorked: number;

  @Field(() => Int, { description: "The record's year (the start's year or later)." })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => String, { nullable: true, description: 'Why the job overlaps another record of the member (without it an overlap is refused).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  overlapReason?: string | null;
}
