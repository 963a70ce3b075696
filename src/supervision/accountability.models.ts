import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { AccountabilityActionEntity, AccountabilityCaseEntity, AccountabilityCaseType } from './accountability.entity';

const REGION_CODE = /^\d{12}$/;
const MAX_NAMED = 50;

registerEnumType(AccountabilityCaseType, {
  name: 'AccountabilityCaseType',
  description: 'The kind of an accountability case (RULES.md §9, note of supervision.accountability_situations).',
  valuesMap: { CORRUPTION: { description: '腐败' }, FORMALISM_BUREAUCRATISM: { description: '形式主义官僚主义' } },
});

@ObjectType('AccountablePerson', { description: 'A person held to account in a case.' })
export class AccountablePersonModel {
  @Field({ description: 'The name.' })
  name: string;

  @Field({ description: 'The unit.' })
  unit: string;

  @Field(() => String, { nullable: true, description: 'The post (职务).' })
  post: string | null;
}

@ObjectType('AccountabilityAction', { description: 'An action taken in a case against one of its persons or units.' })
export class AccountabilityAction {
  @Field(() => ID, { description: 'Unique id of the action.' })
  id: string;

  @Field({ description: 'A code of supervision.accountability_actions in force on the decided date (批评教育 … 移送司法).' })
  action: string;

  @Field({ description: 'Whom: a person’s name or a unit of the case.' })
  subject: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date decided.' })
  decidedOn: string;

  @Field(() => String, { nullable: true, description: 'A note.' })
  note: string | null;

  @Field({ description: 'The account that recorded it (username).' })
  actorName: string;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: AccountabilityActionEntity): AccountabilityAction {
    return Object.assign(new AccountabilityAction(), { id: e.id, action: e.action, subject: e.subject, decidedOn: e.decidedOn, note: e.note, actorName: e.actorName, createdAt: e.createdAt });
  }
}

@ObjectType('AccountabilityCase', { description: '问责案件: a case of corruption or of formalism and bureaucratism, its persons and units, actions and publication (通报).' })
export class AccountabilityCase {
  @Field(() => ID, { description: 'Unique id of the case (a UUID).' })
  id: string;

  @Field({ description: 'The place (12-digit code): the source’s place when opened from one.' })
  regionCode: string;

  @Field(() => AccountabilityCaseType, { description: 'The kind of case.' })
  caseType: AccountabilityCaseType;

  @Field({ description: 'A code of supervision.accountability_situations in force on the opened date.' })
  situation: string;

  @Field({ description: 'What happened.' })
  summary: string;

  @Field(() => [AccountablePersonModel], { description: 'The persons held to account.' })
  persons: AccountablePersonModel[];

  @Field(() => [String], { description: 'The units held to account.' })
  units: string[];

  @Field(() => GraphQLLocalDateScalar, { description: 'The date opened.' })
  openedOn: string;

  @Field(() => ID, { nullable: true, description: 'The finding it was opened from, if any.' })
  findingId: string | null;

  @Field(() => ID, { nullable: true, description: 'The substantiated hotline case it was opened from, if any.' })
  hotlineCaseId: string | null;

  @Field(() => [AccountabilityAction], { description: 'The actions taken, by date.' })
  actions: AccountabilityAction[];

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '通报: the date published; null while not.' })
  publishedOn: string | null;

  @Field(() => String, { nullable: true, description: 'The publication’s reference (document number, media).' })
  publicationReference: string | null;

  @Field(() => Int, { description: 'Send it back with each change; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: AccountabilityCaseEntity, actions: readonly AccountabilityActionEntity[]): AccountabilityCase {
    return Object.assign(new AccountabilityCase(), {
      id: e.id, regionCode: e.regionCode, caseType: e.caseType, situation: e.situation, summary: e.summary, persons: e.persons, units: e.units, openedOn: e.openedOn,
      findingId: e.findingId, hotlineCaseId: e.hotlineCaseId, publishedOn: e.publishedOn, publicationReference: e.publicationReference, version: e.version, createdAt: e.createdAt,
      actions: actions.map(AccountabilityAction.from),
    });
  }
}

@ObjectType({ description: connectionDescription('accountability cases (问责案件)') })
export class AccountabilityCaseConnection extends ConnectionType(AccountabilityCase) {}

@ObjectType({ description: 'The result of an accountability case mutation.' })
export class AccountabilityCasePayload {
  @Field(() => AccountabilityCase, { description: 'The case as stored, with its actions.' })
  accountabilityCase: AccountabilityCase;
}

@ArgsType()
export class AccountabilityCasesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only cases of this region and below (12-digit code).' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string;

  @Field(() => AccountabilityCaseType, { nullable: true, description: 'Only cases of this kind.' })
  @IsOptional()
  @IsEnum(AccountabilityCaseType)
  caseType?: AccountabilityCaseType;

  @Field(() => ID, { nullable: true, description: 'Only cases opened from this finding.' })
  @IsOptional()
  @IsUUID()
  findingId?: string;

  @Field(() => ID, { nullable: true, description: 'Only cases opened from this hotline case.' })
  @IsOptional()
  @IsUUID()
  hotlineCaseId?: string;
}

@ArgsType()
export class AccountabilityCaseArgs {
  @Field(() => ID, { description: 'Id (UUID) of the case.' })
  @IsUUID()
  id: string;
}

@InputType({ description: 'A person held to account.' })
export class AccountablePersonInput {
  @Field({ description: 'The name.' })
  @IsString()
  @MaxLength(50)
  name: string;

  @Field({ description: 'The unit.' })
  @IsString()
  @MaxLength(100)
  unit: string;

  @Field(() => String, { nullable: true, description: 'The post (职务).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  post?: string | null;
}

@InputType({ description: 'A new accountability case: from a finding, from a substantiated hotline case, or standalone (then with its region).' })
export class OpenAccountabilityCaseInput {
  @Field(() => AccountabilityCaseType, { description: 'The kind of case.' })
  @IsEnum(AccountabilityCaseType)
  caseType: AccountabilityCaseType;

  @Field({ description: 'A code of supervision.accountability_situations in force on the opened date.' })
  @IsString()
  @MaxLength(100)
  situation: string;

  @Field({ description: 'What happened.' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  summary: string;

  @Field(() => [AccountablePersonInput], { nullable: true, description: 'The persons held to account (a person or a unit at least).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_NAMED)
  @ValidateNested({ each: true })
  @Type(() => AccountablePersonInput)
  persons?: AccountablePersonInput[] | null;

  @Field(() => [String], { nullable: true, description: 'The units held to account.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_NAMED)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  units?: string[] | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date opened (not in the future, not before the source’s found or reply date); omitted: today.' })
  @IsOptional()
  @IsString()
  openedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'The place of a standalone case (12-digit code, in your region); with a source, omitted or the source’s.' })
  @IsOptional()
  @Matches(REGION_CODE)
  regionCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'The finding it is opened from (in your scope).' })
  @IsOptional()
  @IsUUID()
  findingId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The hotline case it is opened from (in your scope, replied as substantiated); not with findingId.' })
  @IsOptional()
  @IsUUID()
  hotlineCaseId?: string | null;
}

@InputType({ description: 'An action taken in an accountability case.' })
export class AddAccountabilityActionInput {
  @Field(() => ID, { description: 'Id of the case.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field({ description: 'A code of supervision.accountability_actions in force on the decided date.' })
  @IsString()
  @MaxLength(100)
  action: string;

  @Field({ description: 'Whom: a person’s name or a unit of the case.' })
  @IsString()
  @MaxLength(100)
  subject: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date decided (not in the future, not before the case was opened).' })
  @IsString()
  decidedOn: string;

  @Field(() => String, { nullable: true, description: 'A note.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: 'The publication (通报) of an accountability case.' })
export class PublishAccountabilityCaseInput {
  @Field(() => ID, { description: 'Id of the case.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date published (not in the future, not before the case was opened).' })
  @IsString()
  publishedOn: string;

  @Field({ description: 'The reference (通报 document number, media).' })
  @IsString()
  @MaxLength(200)
  reference: string;
}
