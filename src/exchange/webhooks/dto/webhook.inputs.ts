import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsBigintText } from '../../../common/errors/validation';
import { ConnectionArgs } from '../../../common/pagination/connection';
import { ChangeRootType, ChangeRootTypeEnum } from '../../feed/change-feed.models';
import { DeliveryOutcome, WebhookStatus } from '../webhook.entities';

@InputType({ description: 'A new webhook subscription to the change feed.' })
export class CreateWebhookSubscriptionInput {
  @Field({ description: 'A label to recognise the receiver (at most 100 characters).' })
  @IsString()
  @MaxLength(100)
  name: string;

  @Field({ description: 'http:// or https:// URL the batches are POSTed to (at most 2000 characters).' })
  @IsString()
  url: string;

  @Field(() => [ChangeRootTypeEnum], { description: 'Aggregate root types to deliver (change-feed entries); empty = all.' })
  @ArrayMaxSize(10)
  @IsEnum(ChangeRootTypeEnum, { each: true })
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

@InputType({ description: 'Changes to a webhook subscription; send the version you read. Omitted fields are unchanged.' })
export class UpdateWebhookSubscriptionInput {
  @Field(() => ID, { description: 'Id (UUID) of the webhook subscription to change.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  version: number;

  @Field({ nullable: true, description: 'New label (at most 100 characters).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @Field({ nullable: true, description: 'New receiver URL (http:// or https://, public addresses only).' })
  @IsOptional()
  @IsString()
  url?: string;

  @Field(() => [ChangeRootTypeEnum], { nullable: true, description: 'New list of aggregate root types to deliver (Household, …); empty = all.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(ChangeRootTypeEnum, { each: true })
  entityTypes?: ChangeRootType[];

  @Field(() => WebhookStatus, { nullable: true, description: 'PAUSED stops deliveries; ACTIVE resumes them where they stopped.' })
  @IsOptional()
  @IsEnum(WebhookStatus)
  status?: WebhookStatus;
}

@InputType({ description: 'Delivers again every matching entry after a position.' })
export class ReplayWebhookSubscriptionInput {
  @Field(() => ID, { description: 'Id (UUID) of the webhook subscription to replay.' })
  @IsUUID()
  id: string;

  @Field({ description: 'Deliver again every matching entry after this position (e.g. the last one your side stored).' })
  @IsBigintText({ message: 'must be a feed position (a whole number)' })
  fromPosition: string;
}

@ArgsType()
export class WebhookIdArgs {
  @Field(() => ID, { description: 'Id (UUID) of the webhook subscription.' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'Which subscription `rotateWebhookSecret` gives a new signing secret.' })
export class RotateWebhookSecretInput {
  @Field(() => ID, { description: 'Id (UUID) of the webhook subscription.' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'Which subscription `deleteWebhookSubscription` removes, with its delivery log.' })
export class DeleteWebhookSubscriptionInput {
  @Field(() => ID, { description: 'Id (UUID) of the webhook subscription.' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'Which dead letter `redeliverDeadLetter` sends again.' })
export class RedeliverDeadLetterInput {
  @Field(() => ID, { description: 'Id of the dead delivery (a `WebhookDelivery` with outcome DEAD): a whole number as a string.' })
  @IsBigintText({ message: 'must be a delivery id (a whole number)' })
  deliveryId: string;
}

@ArgsType()
export class WebhookDeliveriesArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'Id of the subscription.' })
  @IsUUID()
  subscriptionId: string;

  @Field(() => DeliveryOutcome, { nullable: true, description: 'DEAD: the dead letters.' })
  @IsOptional()
  @IsEnum(DeliveryOutcome)
  outcome?: DeliveryOutcome;
}
