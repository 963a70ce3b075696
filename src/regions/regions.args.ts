import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';
import { RegionLevel } from './region.entity';

export const REGION_CODE = /^\d{12}$/;

@ArgsType()
export class RegionsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only the direct children of this region.' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  parentCode?: string;

  @Field(() => String, { nullable: true, description: 'Only regions inside this one (its whole subtree).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  withinCode?: string;

  @Field(() => RegionLevel, { nullable: true, description: 'Only regions of this level.' })
  @IsOptional()
  @IsEnum(RegionLevel)
  level?: RegionLevel;

  @Field(() => String, { nullable: true, description: 'Part of the name, e.g. 峡窝.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  nameContains?: string;
}

@ArgsType()
export class RegionArgs {
  @Field({ description: '12-digit division code, e.g. 410106100201.' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  code: string;
}
