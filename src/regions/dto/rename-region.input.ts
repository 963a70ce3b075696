import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Region } from '../region.model';
import { REGION_CODE } from '../regions.args';

@InputType()
export class RenameRegionInput {
  @Field()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  code: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;
}

@ObjectType()
export class RenameRegionPayload {
  @Field(() => Region)
  region: Region;
}

@InputType()
export class ImportRegionsInput {
  @Field({ description: 'CSV text, header code,name,parent_code,level. Larger lists: npm run regions:import.' })
  @IsString()
  @MinLength(1)
  @MaxLength(900_000)
  csv: string;
}

@ObjectType()
export class ImportRegionsPayload {
  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;
}
