import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { GraphQLLocalDateScalar } from '../../common/scalars/scalars';
import { UnitKind, VillageRole, VisitDelivery } from '../assistance.entities';

const REGION_CODE = /^\d{12}$/;
const REGION_MESSAGE = 'must be a 12-digit division code';
/** Mobile (1xxxxxxxxxx) or landline with area code (0371-12345678). */
export const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;
export const PHONE_MESSAGE = 'must be a mobile number (11 digits) or a landline with area code';

// ---- queries ----

@ArgsType()
export class IdArgs {
  @Field(() => ID, { description: 'Id (UUID) of the record to fetch.' })
  @IsUUID()
  id: string;
}

@ArgsType()
export class AssistingUnitsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Units of this region and below.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @Field(() => UnitKind, { nullable: true, description: 'Only units of this kind.' })
  @IsOptional()
  @IsEnum(UnitKind)
  kind?: UnitKind;

  @Field(() => String, { nullable: true, description: 'Only units whose name contains this text.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  nameContains?: string;
}

@ArgsType()
export class HelpersArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Helpers working in this region or below.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @Field(() => ID, { nullable: true, description: 'Only helpers of this assisting unit.' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @Field(() => String, { nullable: true, description: 'Only helpers whose name contains this text.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  nameContains?: string;

  @Field(() => String, { nullable: true, description: 'Exact phone number (looked up through its blind index).' })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string;
}

@ArgsType()
export class PairingsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only pairings of this household.' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => ID, { nullable: true, description: 'Only pairings of this helper.' })
  @IsOptional()
  @IsUUID()
  helperId?: string;

  @Field(() => String, { nullable: true, description: "Pairings of households of this region and below." })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Only pairings active on this date.' })
  @IsOptional()
  @IsString()
  activeOn?: string;
}

@ArgsType()
export class VisitsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only visits to this household.' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => ID, { nullable: true, description: 'Only visits by this helper.' })
  @IsOptional()
  @IsUUID()
  helperId?: string;

  @Field(() => String, { nullable: true, description: 'Visits to households of this region and below.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'From this date (inclusive).' })
  @IsOptional()
  @IsString()
  from?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'To this date (inclusive).' })
  @IsOptional()
  @IsString()
  to?: string;
}

@ArgsType()
export class VillageTeamArgs {
  @Field({ description: 'The village.' })
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Defaults to today (China time).' })
  @IsOptional()
  @IsString()
  asOf?: string;
}

@ArgsType()
export class HouseholdsWithoutHelperArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Region and below; defaults to your whole scope.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Defaults to today (China time).' })
  @IsOptional()
  @IsString()
  asOf?: string;
}

@ArgsType()
export class HelperVisitSummaryArgs extends ConnectionArgs {
  @Field(() => GraphQLLocalDateScalar, { description: 'First day of the period.' })
  @IsString()
  from: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Last day of the period (inclusive).' })
  @IsString()
  to: string;

  @Field(() => String, { nullable: true, description: "Pairings and visits of households of this region and below; defaults to your scope." })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;
}

// ---- mutations ----

@InputType({ description: 'A new assisting unit (帮扶单位).' })
export class CreateAssistingUnitInput {
  @Field({ description: 'Full name of the unit (unique within its region).' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field(() => UnitKind, { description: 'Kind of unit.' })
  @IsEnum(UnitKind)
  kind: UnitKind;

  @Field({ description: 'The region the unit belongs to (in your scope).' })
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;
}

@InputType({ description: 'A new helper (帮扶责任人).' })
export class CreateHelperInput {
  @Field({ description: 'The helper\'s full name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name: string;

  @Field(() => ID, { description: "The helper's assisting unit (of your region or above)." })
  @IsUUID()
  unitId: string;

  @Field({ description: 'Where the helper works (in your scope).' })
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'Job title in the unit (职务), optional.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  position?: string | null;

  @Field(() => String, { nullable: true, description: 'Stored encrypted; answered masked.' })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;
}

@InputType({ description: 'Changes to a helper; send the version you read. Omitted fields are unchanged.' })
export class UpdateHelperInput {
  @Field(() => ID, { description: 'Id (UUID) of the helper to change.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true, description: 'New full name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name?: string;

  @Field(() => ID, { nullable: true, description: 'Move the helper to this assisting unit.' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @Field(() => String, { nullable: true, description: 'New working region (12-digit division code, in your scope).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;

  @Field(() => String, { nullable: true, description: 'Empty string clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  position?: string;

  @Field(() => String, { nullable: true, description: 'Empty string clears it.' })
  @IsOptional()
  @ValidateIf((o: UpdateHelperInput) => o.phone !== '')
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string;
}

@InputType({ description: 'Pairs a helper with a household (结对帮扶) from a date.' })
export class PairHelperInput {
  @Field(() => ID, { description: 'Id of the helper.' })
  @IsUUID()
  helperId: string;

  @Field(() => ID, { description: 'Id of the household.' })
  @IsUUID()
  householdId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day of the pairing (YYYY-MM-DD).' })
  @IsString()
  startOn: string;
}

@InputType({ description: 'Ends a pairing on a date.' })
export class EndPairingInput {
  @Field(() => ID, { description: 'Id of the pairing.' })
  @IsUUID()
  pairingId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Last day of the pairing (inclusive).' })
  @IsString()
  endOn: string;

  @Field({ description: 'Why it ends (e.g. 调岗, 户销户); kept with the pairing.' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  reason: string;

  @Field(() => Int, { nullable: true, description: 'The version you read; a stale one is a CONFLICT.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

@InputType({ description: 'A visit of a paired helper to a household.' })
export class LogVisitInput {
  @Field(() => ID, { description: 'Id of the visiting helper (paired with the household on that day).' })
  @IsUUID()
  helperId: string;

  @Field(() => ID, { description: 'Id of the household visited.' })
  @IsUUID()
  householdId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Date of the visit (YYYY-MM-DD), not in the future.' })
  @IsString()
  visitedOn: string;

  @Field(() => [VisitDelivery], { description: 'What the visit delivered (may be empty).' })
  @ArrayMaxSize(6)
  @IsEnum(VisitDelivery, { each: true })
  delivered: VisitDelivery[];

  @Field(() => String, { nullable: true, description: 'Free-text notes of the visit, optional.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

@InputType({ description: 'Sends a person to a village as first secretary or work team member for a term.' })
export class AssignToVillageInput {
  @Field({ description: 'The village.' })
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;

  @Field({ description: 'Full name of the person sent.' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  personName: string;

  @Field(() => ID, { description: 'The unit that sends the person.' })
  @IsUUID()
  unitId: string;

  @Field(() => VillageRole, { description: 'First secretary, work team leader or work team member.' })
  @IsEnum(VillageRole)
  role: VillageRole;

  @Field(() => GraphQLLocalDateScalar, { description: 'First day of the term (YYYY-MM-DD).' })
  @IsString()
  startOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Last day of the term, if known.' })
  @IsOptional()
  @IsString()
  endOn?: string | null;
}

@InputType({ description: 'Ends a village assignment on a date.' })
export class EndVillageAssignmentInput {
  @Field(() => ID, { description: 'Id (UUID) of the village assignment to end.' })
  @IsUUID()
  id: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Last day of the term (inclusive).' })
  @IsString()
  endOn: string;

  @Field(() => Int, { nullable: true, description: 'The version you read; a stale one is a CONFLICT.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
