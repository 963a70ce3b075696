import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { RecordVersionInput } from '../common/kit/record-inputs';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { REGION_CODE } from '../regions/regions.args';
import { actionDescriptions, actionEnum } from '../common/procedure/procedure';
import { DEMAND_MATCH_PROCEDURE, DemandMatchAction } from './demand-matching-procedure';
import { AssistanceMatchEntity, AssistanceMatchStage, AssistanceNeedEntity, AssistanceNeedKind, AssistanceNeedStatus, AssistanceProviderEntity, AssistanceProviderKind } from './demand-matching.entities';

registerEnumType(AssistanceNeedKind, {
  name: 'AssistanceNeedKind',
  description: 'What a household needs (§21, the social-assistance network).',
  valuesMap: { CARE: { description: '照料护理.' }, MEDICAL: { description: '医疗.' }, EDUCATION: { description: '教育.' }, EMPLOYMENT: { description: '就业.' }, HOUSING: { description: '住房.' } },
});
registerEnumType(AssistanceNeedStatus, {
  name: 'AssistanceNeedStatus',
  description: 'Where a need stands.',
  valuesMap: { OPEN: { description: 'Open (待对接 or being matched).' }, MET: { description: 'Met: a match was delivered.' }, WITHDRAWN: { description: 'Withdrawn (no longer needed).' } },
});
registerEnumType(AssistanceProviderKind, {
  name: 'AssistanceProviderKind',
  description: 'Who provides help in the social-assistance network.',
  valuesMap: { UNIT: { description: '机关事业单位.' }, ENTERPRISE: { description: '企业.' }, SOCIAL_ORGANISATION: { description: '社会组织.' }, VOLUNTEER: { description: '志愿者.' } },
});
registerEnumType(AssistanceMatchStage, {
  name: 'AssistanceMatchStage',
  description: 'A match of a need with a provider: proposed → accepted → delivered, or declined.',
  valuesMap: { PROPOSED: { description: '已对接 (proposed).' }, ACCEPTED: { description: '已接受 (accepted by both sides).' }, DELIVERED: { description: '已落实 (delivered; the need is met).' }, DECLINED: { description: '未达成 (declined).' } },
});
const ActionEnum = actionEnum(DEMAND_MATCH_PROCEDURE);
registerEnumType(ActionEnum, {
  name: 'AssistanceMatchAction',
  description: 'A step of a match (the procedure table): ACCEPT (from PROPOSED), DELIVER (from ACCEPTED, with the outcome), DECLINE (from PROPOSED or ACCEPTED, with why).',
  valuesMap: actionDescriptions(DEMAND_MATCH_PROCEDURE),
});

@ObjectType('AssistanceNeed', { description: "A registered household's need (社会救助需求, §21): kind, description, the day recorded, status. Region: the household's village; civil affairs keeps it." })
export class AssistanceNeed {
  @Field(() => ID, { description: 'Unique id (a UUID).' }) id: string;
  @Field(() => ID, { description: 'The household.' }) householdId: string;
  @Field(() => ID, { nullable: true, description: 'The member concerned, where one is.' }) memberId: string | null;
  @Field(() => AssistanceNeedKind, { description: 'The kind of need.' }) kind: AssistanceNeedKind;
  @Field({ description: 'What is needed.' }) description: string;
  @Field(() => GraphQLLocalDateScalar, { description: 'The day recorded.' }) recordedOn: string;
  @Field(() => AssistanceNeedStatus, { description: 'Open, met or withdrawn.' }) status: AssistanceNeedStatus;
  @Field({ description: "The household's village (12-digit division code)." }) regionCode: string;
  @Field(() => Int, { description: 'Optimistic-lock version.' }) version: number;
  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' }) createdAt: Date;
  @Field(() => GraphQLDateTimeScalar, { description: 'When it last changed (ISO 8601 instant, UTC).' }) updatedAt: Date;

  static from(e: AssistanceNeedEntity): AssistanceNeed {
    const { sector: _s, ...rest } = e;
    return Object.assign(new AssistanceNeed(), rest);
  }
}

@ObjectType('AssistanceProvider', { description: 'A provider of the social-assistance network (§21): a unit, enterprise, social organisation or volunteer, what it offers and the region it serves (its subtree). Civil affairs keeps it.' })
export class AssistanceProvider {
  @Field(() => ID, { description: 'Unique id (a UUID).' }) id: string;
  @Field({ description: 'The name.' }) name: string;
  @Field(() => AssistanceProviderKind, { description: 'Who it is.' }) kind: AssistanceProviderKind;
  @Field(() => [AssistanceNeedKind], { description: 'The kinds of need it helps with.' }) offers: AssistanceNeedKind[];
  @Field({ description: 'What it offers, in words.' }) offering: string;
  @Field({ description: 'Taking new matches.' }) active: boolean;
  @Field({ description: 'The region it serves (12-digit division code; its subtree).' }) regionCode: string;
  @Field(() => Int, { description: 'Optimistic-lock version.' }) version: number;

  static from(e: AssistanceProviderEntity): AssistanceProvider {
    const { sector: _s, createdAt: _c, updatedAt: _u, ...rest } = e;
    return Object.assign(new AssistanceProvider(), rest);
  }
}

@ObjectType('AssistanceMatch', { description: "A need matched with a provider (§21): its stage, the day of each step and the outcome. Region: the need's village." })
export class AssistanceMatch {
  @Field(() => ID, { description: 'Unique id (a UUID).' }) id: string;
  @Field(() => ID, { description: 'The need.' }) needId: string;
  @Field(() => ID, { description: 'The provider.' }) providerId: string;
  @Field(() => AssistanceMatchStage, { description: 'Where it stands.' }) stage: AssistanceMatchStage;
  @Field(() => GraphQLLocalDateScalar, { description: 'The day proposed.' }) proposedOn: string;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day accepted.' }) acceptedOn: string | null;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day delivered or declined.' }) closedOn: string | null;
  @Field(() => String, { nullable: true, description: 'What was delivered, or why it was declined.' }) outcome: string | null;
  @Field({ description: "The need's village (12-digit division code)." }) regionCode: string;
  @Field(() => Int, { description: 'Optimistic-lock version.' }) version: number;

  static from(e: AssistanceMatchEntity): AssistanceMatch {
    const { sector: _s, createdAt: _c, updatedAt: _u, ...rest } = e;
    return Object.assign(new AssistanceMatch(), rest);
  }
}

@ObjectType({ description: connectionDescription('social-assistance needs') })
export class AssistanceNeedConnection extends ConnectionType(AssistanceNeed) {}
@ObjectType({ description: connectionDescription('social-assistance providers') })
export class AssistanceProviderConnection extends ConnectionType(AssistanceProvider) {}
@ObjectType({ description: connectionDescription('matches of needs with providers') })
export class AssistanceMatchConnection extends ConnectionType(AssistanceMatch) {}

@ObjectType('AssistanceMatchPayload', { description: 'A match after a step, with its need (MET once delivered).' })
export class AssistanceMatchPayload {
  @Field(() => AssistanceMatch, { description: 'The match.' }) match: AssistanceMatch;
  @Field(() => AssistanceNeed, { description: 'Its need.' }) need: AssistanceNeed;
}

@InputType({ description: "Records a registered household's need (civil affairs)." })
export class CreateAssistanceNeedInput {
  @Field(() => ID, { description: 'The household (in your write scope).' }) @IsUUID() householdId: string;
  @Field(() => ID, { nullable: true, description: 'The member concerned (a current member of the household).' }) @IsOptional() @IsUUID() memberId?: string | null;
  @Field(() => AssistanceNeedKind, { description: 'The kind of need.' }) @IsEnum(AssistanceNeedKind) kind: AssistanceNeedKind;
  @Field({ description: 'What is needed (at most 500 characters).' }) @IsString() description: string;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day recorded (not after today); omitted: today.' }) @IsOptional() @IsString() recordedOn?: string | null;
}

@InputType({ description: 'Corrects a need, or withdraws (WITHDRAWN) or reopens (OPEN) it; send the version you read.' })
export class UpdateAssistanceNeedInput extends RecordVersionInput {
  @Field(() => ID, { nullable: true, description: 'The member concerned; null clears it.' }) @IsOptional() @IsUUID() memberId?: string | null;
  @Field(() => AssistanceNeedKind, { nullable: true, description: 'The kind.' }) @IsOptional() @IsEnum(AssistanceNeedKind) kind?: AssistanceNeedKind;
  @Field(() => String, { nullable: true, description: 'What is needed.' }) @IsOptional() @IsString() description?: string;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day recorded.' }) @IsOptional() @IsString() recordedOn?: string;
  @Field(() => AssistanceNeedStatus, { nullable: true, description: 'OPEN or WITHDRAWN (MET comes from a delivered match).' }) @IsOptional() @IsEnum(AssistanceNeedStatus) status?: AssistanceNeedStatus;
}

@InputType({ description: 'Records a provider of the social-assistance network (civil affairs).' })
export class CreateAssistanceProviderInput {
  @Field({ description: 'The name (at most 100 characters).' }) @IsString() name: string;
  @Field(() => AssistanceProviderKind, { description: 'Who it is.' }) @IsEnum(AssistanceProviderKind) kind: AssistanceProviderKind;
  @Field(() => [AssistanceNeedKind], { description: 'The kinds of need it helps with (at least one).' }) @IsArray() @ArrayMaxSize(5) @IsEnum(AssistanceNeedKind, { each: true }) offers: AssistanceNeedKind[];
  @Field({ description: 'What it offers, in words (at most 500 characters).' }) @IsString() offering: string;
  @Field({ description: 'The region it serves (12-digit division code, in your write scope).' }) @Matches(REGION_CODE, { message: 'must be a 12-digit division code' }) regionCode: string;
}

@InputType({ description: 'Corrects a provider, or stops (active false) its new matches; send the version you read.' })
export class UpdateAssistanceProviderInput extends RecordVersionInput {
  @Field(() => String, { nullable: true, description: 'The name.' }) @IsOptional() @IsString() name?: string;
  @Field(() => AssistanceProviderKind, { nullable: true, description: 'Who it is.' }) @IsOptional() @IsEnum(AssistanceProviderKind) kind?: AssistanceProviderKind;
  @Field(() => [AssistanceNeedKind], { nullable: true, description: 'The kinds of need it helps with.' }) @IsOptional() @IsArray() @ArrayMaxSize(5) @IsEnum(AssistanceNeedKind, { each: true }) offers?: AssistanceNeedKind[];
  @Field(() => String, { nullable: true, description: 'What it offers.' }) @IsOptional() @IsString() offering?: string;
  @Field(() => String, { nullable: true, description: 'The region it serves.' }) @IsOptional() @Matches(REGION_CODE, { message: 'must be a 12-digit division code' }) regionCode?: string;
  @Field(() => Boolean, { nullable: true, description: 'Taking new matches.' }) @IsOptional() @IsBoolean() active?: boolean;
}

@InputType({ description: 'Proposes a provider for an open need (civil affairs).' })
export class CreateAssistanceMatchInput {
  @Field(() => ID, { description: 'The need (open, in your write scope).' }) @IsUUID() needId: string;
  @Field(() => ID, { description: "The provider (active, serving the need's village, offering its kind)." }) @IsUUID() providerId: string;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day proposed (not before the need, not after today); omitted: today.' }) @IsOptional() @IsString() proposedOn?: string | null;
}

@InputType({ description: 'A step of a match; send the version you read.' })
export class AdvanceAssistanceMatchInput extends RecordVersionInput {
  @Field(() => ActionEnum, { description: 'The step.' }) @IsEnum(ActionEnum) action: DemandMatchAction;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day (not before the previous step, not after today); omitted: today.' }) @IsOptional() @IsString() on?: string | null;
  @Field(() => String, { nullable: true, description: 'What was delivered (DELIVER) or why it was declined (DECLINE); at most 500 characters.' }) @IsOptional() @IsString() outcome?: string | null;
}

@ArgsType()
export class AssistanceNeedsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only this household.' }) @IsOptional() @IsUUID() householdId?: string;
  @Field(() => String, { nullable: true, description: "Only this region's subtree." }) @IsOptional() @Matches(REGION_CODE, { message: 'must be a 12-digit division code' }) regionCode?: string;
  @Field(() => AssistanceNeedKind, { nullable: true, description: 'Only this kind.' }) @IsOptional() @IsEnum(AssistanceNeedKind) kind?: AssistanceNeedKind;
  @Field(() => AssistanceNeedStatus, { nullable: true, description: 'Only this status.' }) @IsOptional() @IsEnum(AssistanceNeedStatus) status?: AssistanceNeedStatus;
}

@ArgsType()
export class OpenNeedsWithoutMatchArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: "Only this region's subtree." }) @IsOptional() @Matches(REGION_CODE, { message: 'must be a 12-digit division code' }) regionCode?: string;
  @Field(() => AssistanceNeedKind, { nullable: true, description: 'Only this kind.' }) @IsOptional() @IsEnum(AssistanceNeedKind) kind?: AssistanceNeedKind;
}

@ArgsType()
export class AssistanceProvidersArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: "Only providers registered in this region's subtree." }) @IsOptional() @Matches(REGION_CODE, { message: 'must be a 12-digit division code' }) regionCode?: string;
  @Field(() => AssistanceNeedKind, { nullable: true, description: 'Only providers offering this kind.' }) @IsOptional() @IsEnum(AssistanceNeedKind) offers?: AssistanceNeedKind;
  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or stopped (false) providers.' }) @IsOptional() @IsBoolean() active?: boolean;
}

@ArgsType()
export class AssistanceMatchesArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only this need.' }) @IsOptional() @IsUUID() needId?: string;
  @Field(() => ID, { nullable: true, description: 'Only this provider.' }) @IsOptional() @IsUUID() providerId?: string;
  @Field(() => AssistanceMatchStage, { nullable: true, description: 'Only this stage.' }) @IsOptional() @IsEnum(AssistanceMatchStage) stage?: AssistanceMatchStage;
  @Field(() => String, { nullable: true, description: "Only matches in this region's subtree." }) @IsOptional() @Matches(REGION_CODE, { message: 'must be a 12-digit division code' }) regionCode?: string;
}
