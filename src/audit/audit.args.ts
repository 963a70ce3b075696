import { ArgsType, Field } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../common/scalars/scalars';

const REGION_CODE = /^\d{12}$/;

@ArgsType()
export class AuditTrailArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'e.g. User, Household.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  entityType?: string;

  @Field(() => String, { nullable: true, description: 'Only entries about this record (its id).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  entityId?: string;

  @Field(() => String, { nullable: true, description: 'Id of the user or API key that acted.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  actorId?: string;

  @Field(() => String, { nullable: true, description: 'Only entries of this region and everything under it.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => String, { nullable: true, description: 'module.action, e.g. users.update.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  operation?: string;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'From this instant (inclusive).' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'Up to this instant (exclusive).' })
  @IsOptional()
  @IsDate()
  to?: Date;
}
