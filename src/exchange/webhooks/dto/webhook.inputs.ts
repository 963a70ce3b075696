import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsBigintText } from '../../../common/errors/validation';
import { ConnectionArgs } from '../../../common/pagination/connection';
import { ChangeRootType } from '../../feed/change-feed.models';
import { DeliveryOutcome, WebhookStatus } from '../webhook.entities';

@InputType()
export class CreateWebhookSubscriptionInput {
  @Field()
  @IsString()
  @MaxLength(100)
  name: string;

  @Field({ description: 'http:// or https:// URL the batches are POSTed to (at most 2000 characters).' })
  @IsString()
  url: string;

  @Field(() => [ChangeRootType], { description: 'Aggregate root types to deliver (change-feed entries); empty = all.' })
  @ArrayMaxSize(10)
  @IsEnum(ChangeRootType, { each: true })
  entityTypes: ChangeRootType[];

  @Field(() => String, { nullable: true, description: 'Deliver entries of this region’s subtree (within yours); default your home region.' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => String, { nullable: true, description: 'Deliver entries after this feed position; default the feed’s newest (new changes only). "0" = the whole history.' })
  @IsOptional()
  @IsBigintText({ message: 'must be a feed position (a whole number)' })
  fromPosition?: string;
}

@InputType()
export class UpdateWebhookSubscriptionInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  version: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  url?: string;

  @Field(() => [ChangeRootType], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(ChangeRootType, { each: true })
  entityTypes?: ChangeRootType[];

  @Field(() => WebhookStatus, { nullable: true })
  @IsOptional()
  @IsEnum(WebhookStatus)
  status?: WebhookStatus;
}

@InputType()
export class ReplayWebhookSubscriptionInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field({ description: 'Deliver again every matching entry after this position (e.g. the last one your side stored).' })
  @IsBigintText({ message: 'must be a feed position (a whole number)' })
  fromPosition: string;
}

@ArgsType()
export class WebhookIdArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@ArgsType()
export class RedeliverDeadLetterArgs {
  @Field(() => ID)
  @IsBigintText({ message: 'must be a delivery id (a whole number)' })
  deliveryId: string;
}

@ArgsType()
export class WebhookDeliveriesArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID()
  subscriptionId: string;

  @Field(() => DeliveryOutcome, { nullable: true, description: 'DEAD: the dead letters.' })
  @IsOptional()
  @IsEnum(DeliveryOutcome)
  outcome?: DeliveryOutcome;
}
