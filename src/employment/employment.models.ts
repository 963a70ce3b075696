import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { Member } from '../households/member.model';
import { WorkPlace } from '../households/registry-codes';
import { coded, CodedValue, WorkPlaceValue } from '../households/registry-enums';
import { ParameterValue } from '../parameters/parameter.model';
import type { ParameterValue as ParameterValueData } from '../parameters/parameters.service';
import { WriteWarning } from '../common/graphql/write-warning';
import { RecordDeletionInput, RecordVersionInput } from '../common/kit/record-inputs';
import { REGION_CODE } from '../regions/regions.args';
import { EmploymentRecordEntity, NotSeekingWorkMarkEntity } from './employment-record.entity';
import { LabourStatus, MemberYear } from './employment-figures.service';

export const YEAR = { min: 2010, max: 2100 };
const INPUT_YEAR = 'The year the record is of (a job lasting several years has a record per year).';

registerEnumType(LabourStatus, {
  name: 'LabourStatus',
  description: "A labour-register member's place in a year, by the employment records.",
  valuesMap: {
    STABLY_EMPLOYED: { description: '稳定就业: months worked in the year at least employment.stable_min_months (posts count while employment.stable_counts_pwp).' },
    EMPLOYED: { description: 'Worked in the year, fewer months than stable employment.' },
    NOT_SEEKING_WORK: { description: '暂无就业意愿: no work in the year, marked as not seeking work with the reason.' },
    WITHOUT_STATUS: { description: 'No work in the year and no mark: the plan\'s "members with labour and no status".' },
  },
});

@ObjectType('EmploymentRecord', {
  description:
    "务工就业记录: one job of a registered member in one year (channel, place, employer, period, months worked in the year, monthly income). Its region is the household's village; the human resources department (and the offices) keep it.",
})
export class EmploymentRecord {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The member (家庭成员) employed.' })
  memberId: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field(() => Int, { description: INPUT_YEAR })
  year: number;

  @Field({ description: 'The channel: a code of employment.channels (劳务输出, 就地吸纳, 公益岗…).' })
  channel: string;

  @Field(() => WorkPlaceValue, { description: '务工地点: within the town, the county, the province, or outside it.' })
  place: CodedValue<WorkPlace>;

  @Field(() => ID, { nullable: true, description: 'The employer when it is an implementing entity (经营主体).' })
  employerEntityId: string | null;

  @Field(() => String, { nullable: true, description: '用工单位: the employer\'s name (the entity\'s name when one is named); null for the self-employed.' })
  employerName: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'Start of the job.' })
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Its last day; null while it goes on.' })
  endsOn: string | null;

  @Field(() => Int, { description: 'Months worked in the year (0–12).' })
  monthsWorked: number;

  @Field(() => GraphQLDecimal, { description: 'Monthly income, in yuan (a Decimal string).' })
  monthlyIncome: string;

  @Field(() => String, { nullable: true, description: 'Why its period overlaps another record of the member (two part-time jobs); null when it does not.' })
  overlapReason: string | null;

  /** The stored ciphertext of the contact phone: not a field; the resolver answers it masked (decrypted only when selected). */
  contactPhoneEnc: string | null;

  @Field(() => ID, { nullable: true, description: 'The public-welfare post (公益岗位) held, when the record was made by assignPostHolder; null for other jobs.' })
  postId: string | null;

  @Field(() => String, { nullable: true, description: "Why a post's holder lives in another village than the post's; null otherwise." })
  otherVillageReason: string | null;

  @Field(() => String, { nullable: true, description: 'The basis of a post holder\'s eligibility stated by the assigner ("三无"人员…); null when none was stated.' })
  eligibilityNote: string | null;

  @Field(() => ID, { nullable: true, description: 'The poverty-alleviation workshop (扶贫车间) worked in; null for other jobs.' })
  workshopId: string | null;
  @Field(() => ID, { nullable: true, description: 'The job opening the member was placed in (placeCandidate); null for a record entered directly.' })
  openingId: string | null;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (HUMAN_RESOURCES): only its officers (and the offices) change the record.' })
  sector: Sector;

  @Field(() => Int, { description: 'Send it back with updateEmploymentRecord or deleteEmploymentRecord; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: EmploymentRecordEntity): EmploymentRecord {
    return Object.assign(new EmploymentRecord(), e, { place: coded(WorkPlace, e.place) });
  }
}

@ObjectType({ description: connectionDescription('employment records (务工就业记录)') })
export class EmploymentRecordConnection extends ConnectionType(EmploymentRecord) {}

/**
 * What a mutation that writes an employment record answers besides the record: the warnings of its
 * checks and the parameters they read (the payloads of createEmploymentRecord, updateEmploymentRecord,
 * assignPostHolder and placeCandidate extend it).
 */
@ObjectType({ isAbstract: true })
export abstract class RecordWriteChecks {
  @Field(() => [WriteWarning], {
    description:
      'Warnings (never refusals): MONTHLY_INCOME_ABOVE_CEILING (field input.monthlyIncome) when the monthly income is above employment.monthly_income_ceiling in force at the start in the village; assignPostHolder adds POST_HOLDER_OUTSIDE_ELIGIBLE_GROUP.',
  })
  warnings: WriteWarning[];

  @Field(() => [ParameterValue], {
    description: 'The parameters the checks read, each with its status: employment.monthly_income_ceiling with configured=false means the ceiling check was not made (no ceiling in force).',
  })
  parametersUsed: ParameterValue[];

  /** The checks' fields of a written record. */
  static checksOf(w: { warnings: WriteWarning[]; parametersUsed: ParameterValueData[] }): Pick<RecordWriteChecks, 'warnings' | 'parametersUsed'> {
    return { warnings: w.warnings, parametersUsed: w.parametersUsed.map(ParameterValue.from) };
  }
}

@ObjectType({ description: 'The result of an employment record mutation.' })
export class EmploymentRecordPayload extends RecordWriteChecks {
  @Field(() => EmploymentRecord, { description: 'The record as stored (for a deletion: as it was; no warnings, no parameters).' })
  employmentRecord: EmploymentRecord;
}

@ObjectType('NotSeekingWorkMark', { description: '暂无就业意愿: a labour-register member marked as not seeking work, with the reason.' })
export class NotSeekingWorkMark {
  @Field(() => ID, { description: 'The member.' })
  memberId: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field({ description: 'Why (caring for a relative, studying…).' })
  reason: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Since when.' })
  markedOn: string;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Int, { description: 'Send it back with clearNotSeekingWork; a stale version is a CONFLICT.' })
  version: number;

  static from(e: NotSeekingWorkMarkEntity): NotSeekingWorkMark {
    return Object.assign(new NotSeekingWorkMark(), e);
  }
}

@ObjectType({ description: 'The result of marking a member (or clearing the mark: the mark as it was).' })
export class NotSeekingWorkPayload {
  @Field(() => NotSeekingWorkMark, { description: 'The mark.' })
  mark: NotSeekingWorkMark;
}

@ObjectType('LabourRegisterEntry', { description: "劳动力台账: a current member with labour (ordinary, skilled, weak or half) and the member's year by the employment records, beside the registry." })
export class LabourRegisterEntry {
  @Field(() => Member, { description: 'The member (labour skill, age, health and disability are on it; protected values masked).' })
  member: Member;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => LabourStatus, { description: 'The member\'s place in the year.' })
  status: LabourStatus;

  @Field(() => Int, { description: "Months worked in the year by the records (their sum, at most 12): what the registry's months worked should say." })
  monthsWorked: number;

  @Field(() => GraphQLDecimal, { description: 'Wage income of the year by the records (Σ months × monthly income), yuan.' })
  wageIncome: string;

  @Field(() => Boolean, { nullable: true, description: 'Stably employed in the year; null when stable employment is not configured for the year (no verdict).' })
  stablyEmployed: boolean | null;

  @Field(() => String, { nullable: true, description: 'The reason of a not-seeking-work mark; null without one.' })
  notSeekingReason: string | null;

  @Field(() => Int, { nullable: true, description: "The registry's months worked (务工时间) of the member." })
  registryMonthsWorked: number | null;

  @Field({ description: "The registry's months worked differ from the records' (an empty registry value counts as 0): correct one or the other." })
  registryDisagrees: boolean;

  static from(member: Member, year: number, y: MemberYear): LabourRegisterEntry {
    return Object.assign(new LabourRegisterEntry(), {
      member,
      year,
      status: y.status,
      monthsWorked: y.months,
      wageIncome: y.wages,
      stablyEmployed: y.stablyEmployed,
      notSeekingReason: y.notSeekingReason,
      registryMonthsWorked: y.registryMonthsWorked,
      registryDisagrees: (y.registryMonthsWorked ?? 0) !== y.months,
    });
  }
}

@ObjectType({ description: connectionDescription('labour-register members (劳动力台账)') })
export class LabourRegisterConnection extends ConnectionType(LabourRegisterEntry) {}

@ObjectType('EmploymentTargets', { description: "The plan's employment targets of a year (§2, §16), computed from the records; each count has a list behind it." })
export class EmploymentTargets {
  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => String, { nullable: true, description: 'The region asked about (12 digits); null: your whole region.' })
  regionCode: string | null;

  @Field(() => Int, { description: 'Exited households on the roll (已脱贫).' })
  exitedHouseholds: number;

  @Field(() => Int, { nullable: true, description: 'Of which with labour and fewer stably employed members than target.exited_hh_stable_employment (exitedHouseholdsWithoutStableEmployment lists them); null when the rule or the target is not configured.' })
  exitedWithoutStableEmployment: number | null;

  @Field(() => Int, { description: 'Of which with no member able to work (listed apart: exitedHouseholdsWithoutStableEmployment(withoutLabour: true)).' })
  exitedWithoutLabour: number;

  @Field(() => Int, { description: 'Relocated households (易地搬迁) on the roll with labour.' })
  relocatedWithLabour: number;

  @Field(() => Int, { nullable: true, description: 'Of which with fewer members in an enterprise or a public-welfare post than target.relocated_employment (relocatedHouseholdsWithoutEnterpriseOrPost lists them); null when the target is not configured.' })
  relocatedWithoutEnterpriseOrPost: number | null;

  @Field(() => Int, { description: 'Members on the labour register.' })
  labourMembers: number;

  @Field(() => Int, { description: 'Of which without status: no work in the year and no not-seeking mark (labourRegister(status: WITHOUT_STATUS)).' })
  labourWithoutStatus: number;

  @Field(() => Int, { nullable: true, description: 'Of which stably employed; null when stable employment is not configured.' })
  stablyEmployedMembers: number | null;

  @Field(() => [ParameterValue], { description: 'The parameters used, each with its status (stable employment is unverified: badge it).' })
  parametersUsed: ParameterValue[];
}

@ArgsType()
export class YearRegionArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => String, { nullable: true, description: 'A region of yours (12-digit division code); omitted: your whole region.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class YearRegionPageArgs extends ConnectionArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class LabourRegisterArgs extends YearRegionPageArgs {
  @Field(() => LabourStatus, { nullable: true, description: 'Only members of this status in the year.' })
  @IsOptional()
  @IsEnum(LabourStatus)
  status?: LabourStatus;

  @Field(() => ID, { nullable: true, description: "Only this household's members." })
  @IsOptional()
  @IsUUID()
  householdId?: string;
}

@ArgsType()
export class ExitedWithoutStableEmploymentArgs extends YearRegionPageArgs {
  @Field(() => Boolean, { defaultValue: false, description: 'true: the exited households with no member able to work (listed apart), instead of those with labour and no stable employment.' })
  @IsBoolean()
  withoutLabour: boolean;
}

@ArgsType()
export class EmploymentRecordsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only this member's records." })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @Field(() => ID, { nullable: true, description: "Only this household's records." })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => Int, { nullable: true, description: 'Only records of this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: 'Only records of this channel (a code of employment.channels).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  channel?: string;

  @Field(() => ID, { nullable: true, description: 'Only records with this implementing entity as employer.' })
  @IsOptional()
  @IsUUID()
  employerEntityId?: string;

  @Field(() => String, { nullable: true, description: "Only records of households in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class EmploymentRecordArgs {
  @Field(() => ID, { description: 'Id (UUID) of the record.' })
  @IsUUID()
  id: string;
}

@InputType({ description: "A member's job in a year, for the employment ledger." })
export class CreateEmploymentRecordInput {
  @Field(() => ID, { description: 'The member (in your write scope), a member of the household during the period.' })
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: INPUT_YEAR })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field({ description: "The channel: a code of employment.channels in force in the year in the household's village." })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  channel: string;

  @Field(() => WorkPlace.values, { description: '务工地点: within the town, the county, the province, or outside it.' })
  @IsEnum(WorkPlace.values)
  place: WorkPlace;

  @Field(() => ID, { nullable: true, description: 'The employer, when it is an implementing entity you can read.' })
  @IsOptional()
  @IsUUID()
  employerEntityId?: string | null;

  @Field(() => String, { nullable: true, description: "用工单位: the employer's name (default: the entity's name); omit for the self-employed." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  employerName?: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'Start of the job (the period must fall in the year, at least in part).' })
  @IsString()
  startsOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day of the job (not before its start); omit while it goes on.' })
  @IsOptional()
  @IsString()
  endsOn?: string | null;

  @Field(() => Int, { description: 'Months worked in the year: 0–12, at most the months of the year the period touches.' })
  @IsInt()
  monthsWorked: number;

  @Field(() => GraphQLDecimal, { description: 'Monthly income in yuan: not negative, at most 2 decimals.' })
  @IsString()
  monthlyIncome: string;

  @Field(() => String, { nullable: true, description: 'Why the period overlaps another record of the member (two part-time jobs): without it an overlap is refused (EMPLOYMENT_OVERLAP).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  overlapReason?: string | null;

  @Field(() => String, { nullable: true, description: "联系方式: a phone to reach the worker or the employer, a mobile number (11 digits) or a landline with its area code; stored encrypted, answered masked (INVALID_VALUE on input.contactPhone otherwise)." })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  contactPhone?: string | null;

  @Field(() => ID, { nullable: true, description: 'The poverty-alleviation workshop (扶贫车间, one you can read) worked in: the channel must then be the workshop channel of employment.channels (扶贫车间/代加工点).' })
  @IsOptional()
  @IsUUID()
  workshopId?: string | null;
}

@InputType({ description: "Corrections to an employment record (its member stays: delete it and record another); send the version you read. Omitted fields are unchanged." })
export class UpdateEmploymentRecordInput extends RecordVersionInput {
  @Field(() => Int, { nullable: true, description: 'Corrected year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: 'Corrected channel.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  channel?: string;

  @Field(() => WorkPlace.values, { nullable: true, description: 'Corrected place.' })
  @IsOptional()
  @IsEnum(WorkPlace.values)
  place?: WorkPlace;

  @Field(() => ID, { nullable: true, description: 'Corrected employer entity; null: none.' })
  @IsOptional()
  @IsUUID()
  employerEntityId?: string | null;

  @Field(() => String, { nullable: true, description: "Corrected employer's name; null: none." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  employerName?: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected start.' })
  @IsOptional()
  @IsString()
  startsOn?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected end; null: it goes on.' })
  @IsOptional()
  @IsString()
  endsOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'Corrected months worked in the year.' })
  @IsOptional()
  @IsInt()
  monthsWorked?: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'Corrected monthly income.' })
  @IsOptional()
  @IsString()
  monthlyIncome?: string;

  @Field(() => String, { nullable: true, description: 'Why the period overlaps another record; null: no reason (an overlap is then refused).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  overlapReason?: string | null;

  @Field(() => String, { nullable: true, description: 'Corrected contact phone (联系方式); null: none.' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  contactPhone?: string | null;

  @Field(() => ID, { nullable: true, description: 'Corrected workshop (the channel must then be the workshop channel); null: none.' })
  @IsOptional()
  @IsUUID()
  workshopId?: string | null;
}

@InputType({ description: 'Deletes a record entered in error, with the reason (the audit trail keeps it).' })
export class DeleteEmploymentRecordInput extends RecordDeletionInput {}

@InputType({ description: 'Marks a current member as not seeking work (暂无就业意愿), with the reason; marking again corrects the mark.' })
export class MarkNotSeekingWorkInput {
  @Field(() => ID, { description: 'The member (current, in your write scope).' })
  @IsUUID()
  memberId: string;

  @Field({ description: 'Why the member does not seek work.' })
  @IsString()
  @Matches(/[\p{L}\p{N}]/u, { message: 'must say why' })
  @MaxLength(500)
  reason: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Since when.' })
  @IsString()
  markedOn: string;
}

@InputType({ description: "Clears a member's not-seeking-work mark; send the version you read." })
export class ClearNotSeekingWorkInput {
  @Field(() => ID, { description: 'The member.' })
  @IsUUID()
  memberId: string;

  @Field(() => Int, { description: 'The version of the mark you read.' })
  @IsInt()
  @Min(1)
  version: number;
}

@ObjectType('LinkageCoverage', {
  description:
    "The plan's target that every household on the roll is tied to an industry project or a job (产业就业全覆盖, a warning, never a block): households on the roll in your region, those covered in the year (a benefit linkage in force in the year, or a member with an employment record of the year with months worked above 0), and the target from target.industry_employment_coverage.",
})
export class LinkageCoverage {
  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => String, { nullable: true, description: 'The region asked about (12 digits); null: your whole region.' })
  regionCode: string | null;

  @Field(() => Int, { description: 'Households on the roll.' })
  households: number;

  @Field(() => Int, { description: 'Of which covered.' })
  covered: number;

  @Field(() => Int, { description: 'Of which not covered: householdsWithoutLinkage lists them.' })
  uncovered: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'covered ÷ households, 4 decimals; null without households.' })
  ratio: string | null;

  @Field(() => ParameterValue, { description: 'The target (target.industry_employment_coverage) as of the end of the year; `configured` false means none is set: no verdict.' })
  target: ParameterValue;

  @Field(() => Boolean, { nullable: true, description: 'Whether the ratio reaches the target; null when the target is not configured or there are no households.' })
  meetsTarget: boolean | null;
}

@ArgsType()
export class LinkageCoverageArgs extends YearRegionArgs {}
