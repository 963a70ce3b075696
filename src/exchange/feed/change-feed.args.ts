import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsBigintText } from '../../common/errors/validation';
import { ChangeRootType, ChangeRootTypeEnum } from './change-feed.models';

export const MAX_FEED_PAGE = 1000;
export const DEFAULT_FEED_PAGE = 100;
/** A feed entry's weight in the query cost estimate, relative to an ordinary node (common/graphql/cost-limit.ts). */
export const FEED_ENTRY_COST_FACTOR = 0.05;

@ArgsType()
export class ChangesArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Entries after this position (an edge cursor or `endCursor`, or `changeFeedHead` to start live). Absent: from the beginning.',
  })
  @IsOptional()
  @IsBigintText({ message: 'must be a position (a cursor of this feed)' })
  after?: string;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_FEED_PAGE, description: `Entries per page; at most ${MAX_FEED_PAGE}.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEED_PAGE)
  first?: number;

  @Field(() => [ChangeRootTypeEnum], { nullable: true, description: 'Only these kinds of aggregate root (default: all).' })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(ChangeRootTypeEnum, { each: true })
  rootTypes?: ChangeRootType[];

  @Field(() => String, { nullable: true, description: 'Only this region’s subtree (within your own).' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}
