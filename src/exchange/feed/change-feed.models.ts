import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../../common/scalars/scalars';
import { ChangeFeedEntryEntity } from './change-feed-entry.entity';

import { ChangeRootType, ChangeRootTypeEnum } from '../../common/feed/change-root-type';

export { ChangeRootType, ChangeRootTypeEnum };

/** What a transaction did to the root: a change to one of its parts (members, incomes, …) is an UPDATED of the root. */
export enum ChangeOperation {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  DELETED = 'DELETED',
}

registerEnumType(ChangeOperation, {
  name: 'ChangeOperation',
  description: 'What the transaction did to the aggregate root.',
  valuesMap: {
    CREATED: { description: 'The root was created (its parts may have been written in the same transaction).' },
    UPDATED: { description: 'The root or one of its parts changed.' },
    DELETED: { description: 'The root is gone.' },
  },
});

/**
 * One committed change of one aggregate root: one entry per root and transaction, whatever the
 * number of rows written. No row image: read the current state by id (`households(ids:)`) or
 * through the export. The same shape is POSTed to webhook receivers (see toFeedPayload).
 */
@ObjectType('ChangeFeedEntry', { description: 'One committed change of one aggregate root, without a row image (the same shape webhooks receive).' })
export class ChangeFeedEntry {
  @Field(() => String, { description: 'Position in the feed (a 64-bit integer as a string); strictly increasing in commit order, with gaps.' })
  position: string;

  @Field(() => ChangeRootTypeEnum, { description: 'Kind of aggregate root that changed.' })
  rootType: ChangeRootType;

  @Field(() => ID, { description: 'Id of the aggregate root (the household id).' })
  rootId: string;

  @Field(() => Int, { nullable: true, description: 'The root’s version after the transaction (the optimistic-lock `version` of the household); null once it is deleted without one.' })
  rootVersion: number | null;

  @Field(() => ChangeOperation, { description: 'CREATED, UPDATED or DELETED (of the root).' })
  operation: ChangeOperation;

  @Field(() => String, { nullable: true, description: 'Village code of the root.' })
  regionCode: string | null;

  @Field(() => [String], { description: 'Parts of the aggregate the transaction changed, sorted: for a household `events`, `household`, `incomes`, `insurance`, `members`.' })
  parts: string[];

  @Field(() => String, { description: 'The database transaction of the change: one entry per root and transaction.' })
  transactionId: string;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the transaction made its first change to the root.' })
  occurredAt: Date;

  static from(e: ChangeFeedEntryEntity): ChangeFeedEntry {
    return Object.assign(new ChangeFeedEntry(), {
      position: String(e.position),
      rootType: e.rootType,
      rootId: e.rootId,
      rootVersion: e.rootVersion,
      operation: e.operation as ChangeOperation,
      regionCode: e.regionCode,
      parts: e.parts,
      transactionId: String(e.transactionId),
      occurredAt: e.occurredAt,
    });
  }
}

/** The JSON of an entry as webhook receivers get it: the GraphQL node's fields. */
export interface FeedPayloadEntry {
  position: string;
  rootType: string;
  rootId: string;
  rootVersion: number | null;
  operation: string;
  regionCode: string | null;
  parts: string[];
  transactionId: string;
  occurredAt: string;
}

export function toFeedPayload(e: ChangeFeedEntryEntity): FeedPayloadEntry {
  return {
    position: String(e.position),
    rootType: e.rootType,
    rootId: e.rootId,
    rootVersion: e.rootVersion,
    operation: e.operation,
    regionCode: e.regionCode,
    parts: e.parts,
    transactionId: String(e.transactionId),
    occurredAt: new Date(e.occurredAt).toISOString(),
  };
}

@ObjectType('ChangeConnection', {
  description: 'A page of the change feed. Edge cursors are the positions: stable, never reused, safe for a client to store and resume from.',
})
export class ChangeConnection extends ConnectionType(ChangeFeedEntry, 'Change') {}
