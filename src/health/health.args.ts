import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { ConnectionArgs } from '../common/pagination/connection';
import { REGION_CODE } from '../regions/regions.args';

/** The filters every list of the health records takes: a member, a household, a region's subtree. */
@ArgsType()
export class MemberRecordsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only this member's records." })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @Field(() => ID, { nullable: true, description: "Only this household's records." })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => String, { nullable: true, description: "Only records of households in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}
