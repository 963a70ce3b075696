import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Region } from '../region.model';
import { REGION_CODE } from '../regions.args';

@InputType({ description: 'A new name for a region; send the version you read.' })
export class RenameRegionInput {
  @Field({ description: 'The region\'s 12-digit division code.' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  code: string;

  @Field({ description: 'The new official name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;
}

@ObjectType({ description: 'The renamed region.' })
export class RenameRegionPayload {
  @Field(() => Region, { description: 'The region as it is now.' })
  region: Region;
}

@InputType({ description: 'A division list to load into the tree (only regions within your own).' })
export class ImportRegionsInput {
  @Field({ description: 'CSV text, header code,name,parent_code,level. Larger lists: npm run regions:import.' })
  @IsString()
  @MinLength(1)
  @MaxLength(900_000)
  csv: string;
}

@ObjectType({ description: 'What loading a division list changed.' })
export class ImportRegionsPayload {
  @Field(() => Int, { description: 'Regions added.' })
  created: number;

  @Field(() => Int, { description: 'Regions whose name, parent or level changed.' })
  updated: number;

  @Field(() => Int, { description: 'Regions already as in the list.' })
  unchanged: number;
}
