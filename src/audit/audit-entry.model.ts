import { Field, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../common/scalars/scalars';
import { AuditEntryEntity } from './audit-entry.entity';

@ObjectType('AuditActor', { description: 'Who did it, as recorded at the time (names and roles may have changed since).' })
export class AuditActor {
  @Field({ description: 'user, apiKey or system.' })
  type: string;

  @Field(() => String, { nullable: true, description: 'Id of the user or API key that acted; null for the system itself.' })
  id: string | null;

  @Field(() => String, { nullable: true, description: 'Username or API key name.' })
  name: string | null;

  @Field(() => [String], { description: 'The roles the actor held when acting (role names, e.g. district_admin).' })
  roles: string[];
}

@ObjectType('AuditEntry', { description: 'One row of the tamper-evident audit trail (审计日志).' })
export class AuditEntry {
  @Field({ description: 'Position in the chain: 1, 2, 3… without gaps (a 64-bit integer as a string).' })
  seq: string;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the operation happened (ISO 8601 instant).' })
  occurredAt: Date;

  @Field(() => AuditActor, { description: 'Who acted, as recorded at the time.' })
  actor: AuditActor;

  @Field(() => String, { nullable: true, description: 'The X-Request-Id of the HTTP request that caused it (matches the logs); null for work outside a request.' })
  requestId: string | null;

  @Field(() => String, { nullable: true, description: 'The client address of that request; null outside a request.' })
  clientIp: string | null;

  @Field({ description: 'module.action, e.g. users.create.' })
  operation: string;

  @Field({ description: 'Kind of record touched, e.g. User, Household, Member.' })
  entityType: string;

  @Field(() => String, { nullable: true, description: 'Id of the record touched; null when the operation is not about one record (e.g. a failed sign-in).' })
  entityId: string | null;

  @Field(() => String, { nullable: true, description: 'Region (12-digit division code) of the record touched, used to scope who may read the entry; null when none.' })
  regionCode: string | null;

  @Field(() => GraphQLJSONObject, { description: '{ field: { from, to } } with personal data masked, or facts of the operation.' })
  changes: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'The reason the actor gave.' })
  reason: string | null;

  @Field({ description: 'Hash of the previous entry in the chain (hex); an entry whose prevHash does not match breaks the chain.' })
  prevHash: string;

  @Field({ description: 'SHA-256 over prevHash and this entry (hex).' })
  hash: string;

  static from(e: AuditEntryEntity): AuditEntry {
    const a = new AuditEntry();
    a.seq = e.seq;
    a.occurredAt = e.occurredAt;
    a.actor = { type: e.actorType, id: e.actorId, name: e.actorName, roles: e.actorRoles };
    a.requestId = e.requestId;
    a.clientIp = e.clientIp;
    a.operation = e.operation;
    a.entityType = e.entityType;
    a.entityId = e.entityId;
    a.regionCode = e.regionCode;
    a.changes = e.changes;
    a.reason = e.reason;
    a.prevHash = e.prevHash;
    a.hash = e.hash;
    return a;
  }
}

@ObjectType({ description: connectionDescription('audit trail entries') })
export class AuditEntryConnection extends ConnectionType(AuditEntry) {}
