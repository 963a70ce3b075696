import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType } from '../../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../../common/scalars/scalars';
import { ChangeFeedEntryEntity } from './change-feed-entry.entity';

/** The registry records whose changes go to the feed (the triggers of migration Exchange1795906027403). */
export enum ChangeEntityType {
  Household = 'Household',
  Member = 'Member',
  HouseholdEvent = 'HouseholdEvent',
  HouseholdIncome = 'HouseholdIncome',
}

export enum ChangeOperation {
  INSERT = 'INSERT',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
}

registerEnumType(ChangeEntityType, {
  name: 'ChangeEntityType',
  description: 'Kind of registry record a change-feed entry is about.',
  valuesMap: {
    Household: { description: '贫困户 (households)' },
    Member: { description: '家庭成员 (members)' },
    HouseholdEvent: { description: '户状态事件 (household_events)' },
    HouseholdIncome: { description: '年度收入 (household_incomes)' },
  },
});

registerEnumType(ChangeOperation, {
  name: 'ChangeOperation',
  description: 'What happened to the row.',
  valuesMap: {
    INSERT: { description: 'The row was created; data is the new row.' },
    UPDATE: { description: 'The row changed; data is the row after the change.' },
    DELETE: { description: 'The row was deleted; data is the row before it.' },
  },
});

/**
 * One committed change of one registry row. The same shape is POSTed to webhook receivers
 * (see toFeedPayload), so a client can consume either.
 */
@ObjectType('ChangeFeedEntry', { description: 'One committed change of one registry row (the same shape webhooks receive).' })
export class ChangeFeedEntry {
  @Field(() => String, { description: 'Position in the feed (a 64-bit integer as a string); strictly increasing in commit order, with gaps.' })
  position: string;

  @Field(() => ChangeEntityType, { description: 'Kind of record changed.' })
  entityType: ChangeEntityType;

  @Field(() => ID, { description: 'Id of the changed row (the household id for a household’s income).' })
  entityId: string;

  @Field(() => ChangeOperation, { description: 'INSERT, UPDATE or DELETE.' })
  operation: ChangeOperation;

  @Field(() => String, { nullable: true, description: 'Village code of the record.' })
  regionCode: string | null;

  @Field(() => String, { description: 'The database transaction of the change: entries of one transaction share it.' })
  transactionId: string;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the change was committed (ISO 8601 instant).' })
  occurredAt: Date;

  @Field(() => GraphQLJSONObject, {
    description: 'The row after the change (before it, for DELETE) with its database column names: only the published columns (an allow-list, table change_feed_columns); personal data, encrypted values and blind indexes are never included.',
  })
  data: Record<string, unknown>;

  static from(e: ChangeFeedEntryEntity): ChangeFeedEntry {
    return Object.assign(new ChangeFeedEntry(), {
      position: String(e.position),
      entityType: e.entityType as ChangeEntityType,
      entityId: e.entityId,
      operation: e.operation as ChangeOperation,
      regionCode: e.regionCode,
      transactionId: String(e.transactionId),
      occurredAt: e.occurredAt,
      data: e.data,
    });
  }
}

/** The JSON of an entry as webhook receivers get it: the GraphQL node's fields. */
export interface FeedPayloadEntry {
  position: string;
  entityType: string;
  entityId: string;
  operation: string;
  regionCode: string | null;
  transactionId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export function toFeedPayload(e: ChangeFeedEntryEntity): FeedPayloadEntry {
  return {
    position: String(e.position),
    entityType: e.entityType,
    entityId: e.entityId,
    operation: e.operation,
    regionCode: e.regionCode,
    transactionId: String(e.transactionId),
    occurredAt: new Date(e.occurredAt).toISOString(),
    data: e.data,
  };
}

@ObjectType('ChangeConnection', {
  description: 'A page of the change feed. Edge cursors are the positions: stable, never reused, safe for a client to store and resume from.',
})
export class ChangeConnection extends ConnectionType(ChangeFeedEntry, 'Change') {}
