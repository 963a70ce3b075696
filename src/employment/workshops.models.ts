import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { RecordVersionInput } from '../common/kit/record-inputs';
import { PovertyWorkshopEntity } from './workshops.entity';

@ObjectType('PovertyWorkshop', {
  description: "扶贫车间 (or 代加工点): a workshop run by an implementing entity in a village. Its workers are employment records naming it. Its region is the village; the human resources department (and the offices) keep it.",
})
export class PovertyWorkshop {
  @Field(() => ID, { description: 'Unique id of the workshop (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The implementing entity (经营主体) running it.' })
  entityId: string;

  @Field({ description: 'Its name.' })
  name: string;

  @Field({ description: 'The village it stands in (12-digit division code).' })
  regionCode: string;

  @Field(() => Int, { description: 'Workplaces.' })
  capacity: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'Opened on.' })
  openedOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Closed on; null while it runs.' })
  closedOn: string | null;

  @Field(() => Sector, { description: 'The responsible department (HUMAN_RESOURCES).' })
  sector: Sector;

  @Field(() => Int, { description: 'Send it back with updatePovertyWorkshop; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: PovertyWorkshopEntity): PovertyWorkshop {
    return Object.assign(new PovertyWorkshop(), e);
  }
}

@ObjectType('WorkshopYear', { description: 'A workshop in a year: its poor workers by the employment records against employment.workshop_min_poor_workers.' })
export class WorkshopYear {
  @Field(() => PovertyWorkshop, { description: 'The workshop.' })
  workshop: PovertyWorkshop;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => Int, { description: 'Poor workers: distinct current members of registered households (on the roll) with a record of the year naming the workshop, months above 0.' })
  poorWorkers: number;

  @Field(() => ParameterValue, { description: "employment.workshop_min_poor_workers as of the year's end in the region asked about (else yours), with its status (UNVERIFIED: badge it); `configured` false: no verdict." })
  minimum: ParameterValue;

  @Field(() => Boolean, { nullable: true, description: 'Fewer poor workers than the minimum; null when the minimum is not configured.' })
  belowMinimum: boolean | null;

  @Field(() => ParameterValue, {
    description: "employment.workshop_terms (a RULE) as of the year's end, shown as text with its status: the award terms (contract, pay, award per worker and cap…) are stated as text, so no award is computed here.",
  })
  terms: ParameterValue;
}

@ObjectType({ description: connectionDescription('workshops of a year (扶贫车间)') })
export class WorkshopYearConnection extends ConnectionType(WorkshopYear) {}

@ObjectType({ description: 'The result of a workshop mutation.' })
export class PovertyWorkshopPayload {
  @Field(() => PovertyWorkshop, { description: 'The workshop as stored.' })
  workshop: PovertyWorkshop;
}

@ArgsType()
export class PovertyWorkshopArgs {
  @Field(() => ID, { description: 'Id (UUID) of the workshop.' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'A poverty-alleviation workshop (扶贫车间).' })
export class CreatePovertyWorkshopInput {
  @Field(() => ID, { description: 'The implementing entity running it (one you can read).' })
  @IsUUID()
  entityId: string;

  @Field({ description: 'Its name.' })
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  name: string;

  @Field({ description: 'The village (12-digit division code, in your write scope).' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;

  @Field(() => Int, { description: 'Workplaces (at least 1).' })
  @IsInt()
  capacity: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'Opened on.' })
  @IsString()
  openedOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Closed on (not before it opened); omit while it runs.' })
  @IsOptional()
  @IsString()
  closedOn?: string | null;
}

@InputType({ description: 'Corrections to a workshop (its village stays), or closing it (closedOn); send the version you read. Omitted fields are unchanged.' })
export class UpdatePovertyWorkshopInput extends RecordVersionInput {
  @Field(() => ID, { nullable: true, description: 'Corrected implementing entity.' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @Field(() => String, { nullable: true, description: 'Corrected name.' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  name?: string;

  @Field(() => Int, { nullable: true, description: 'Corrected capacity.' })
  @IsOptional()
  @IsInt()
  capacity?: number;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Corrected opening day.' })
  @IsOptional()
  @IsString()
  openedOn?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Closed on; null: it runs.' })
  @IsOptional()
  @IsString()
  closedOn?: string | null;
}
