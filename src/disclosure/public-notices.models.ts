import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import canonicalize from 'canonicalize';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { NOTICE_KIND_LABELS, NoticeChannel, NoticeKind, NoticeState, ObjectionOutcome, ObjectionState } from './disclosure.enums';
import { NoticeEntity } from './notice.entity';
import { NoticeVersionEntity } from './notice-version.entity';
import { ObjectionEntity } from './objection.entity';

// The public GraphQL set (no token): its own types, so nothing internal (drafts, the content as
// entered, objectors, contacts, objection texts) is reachable from them.

@ObjectType('PublicNoticeVersion', { description: 'A published version of a public notice: its payload (canonical JSON) and hash.' })
export class PublicNoticeVersion {
  @Field(() => Int, { description: '1, 2, …' })
  number: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was published.' })
  publishedAt: Date;

  @Field(() => String, { nullable: true, description: 'Why it corrects the previous version.' })
  correctionReason: string | null;

  @Field({ description: 'The payload as canonical JSON (RFC 8785): exactly what is hashed.' })
  payloadJson: string;

  @Field({ description: 'SHA-256 (hex) of payloadJson.' })
  payloadHash: string;

  @Field({ description: 'The text a board shows.' })
  renderedText: string;

  static from(v: NoticeVersionEntity): PublicNoticeVersion {
    return Object.assign(new PublicNoticeVersion(), {
      number: v.number,
      publishedAt: v.publishedAt,
      correctionReason: v.correctionReason,
      payloadJson: canonicalize(v.payload) ?? '',
      payloadHash: v.payloadHash ?? '',
      renderedText: v.renderedText ?? '',
    });
  }
}

@ObjectType('PublicObjectionAnswer', { description: 'An objection to a public notice as the public sees it: when received and how it was answered (never who, nor its text).' })
export class PublicObjectionAnswer {
  @Field(() => GraphQLLocalDateScalar, { description: 'The day it was received.' })
  receivedOn: string;

  @Field(() => ObjectionState, { description: 'Open or handled.' })
  state: ObjectionState;

  @Field(() => ObjectionOutcome, { nullable: true, description: 'The outcome.' })
  outcome: ObjectionOutcome | null;

  @Field(() => String, { nullable: true, description: 'The published answer.' })
  answer: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day it was handled.' })
  handledOn: string | null;

  static from(o: ObjectionEntity): PublicObjectionAnswer {
    return Object.assign(new PublicObjectionAnswer(), { receivedOn: o.receivedOn, state: o.state, outcome: o.outcome, answer: o.answer, handledOn: o.handledOn });
  }
}

/** The fields of a notice that anyone may read: shared by the internal and the public type. */
@ObjectType({ isAbstract: true })
export class NoticePublicFields {
  @Field(() => ID, { description: 'Unique id of the notice (a UUID).' })
  id: string;

  @Field(() => NoticeKind, { description: 'What it discloses.' })
  kind: NoticeKind;

  @Field({ description: 'Where it is posted (12-digit division code).' })
  regionCode: string;

  @Field(() => [NoticeChannel], { description: 'Where it is posted.' })
  channels: NoticeChannel[];

  @Field(() => NoticeState, { description: 'Where it stands.' })
  state: NoticeState;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The first day of the period (set when published).' })
  startsOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The last day of the period (set when published).' })
  endsOn: string | null;

  @Field(() => GraphQLDateTimeScalar, { nullable: true, description: 'When the first version was published.' })
  publishedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was withdrawn.' })
  withdrawnReason: string | null;
}

@ObjectType('PublicNotice', { description: '公告公示 as anyone sees it, without sign-in: published, closed and withdrawn notices.' })
export class PublicNotice extends NoticePublicFields {
  @Field({ description: 'The kind in Chinese.' })
  kindLabel: string;

  static from(n: NoticeEntity): PublicNotice {
    return Object.assign(new PublicNotice(), {
      id: n.id, kind: n.kind, kindLabel: NOTICE_KIND_LABELS[n.kind], regionCode: n.regionCode, channels: n.channels, state: n.state,
      startsOn: n.startsOn, endsOn: n.endsOn, publishedAt: n.publishedAt, withdrawnReason: n.withdrawnReason,
    });
  }
}

@ObjectType({ description: connectionDescription('public notices, as anyone sees them') })
export class PublicNoticeConnection extends ConnectionType(PublicNotice) {}

@ArgsType()
export class PublicNoticesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only notices posted in this region or below.' }) @IsOptional() @Matches(/^\d{12}$/) regionCode?: string;
  @Field(() => NoticeKind, { nullable: true, description: 'Only this kind.' }) @IsOptional() @IsEnum(NoticeKind) kind?: NoticeKind;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Published on or after this day (China time).' }) @IsOptional() @IsString() publishedFrom?: string;
  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Published on or before this day (China time).' }) @IsOptional() @IsString() publishedTo?: string;
}

@ArgsType()
export class PublicNoticeArgs {
  @Field(() => ID, { description: 'Id (UUID) of the notice.' }) @IsUUID() id: string;
}
