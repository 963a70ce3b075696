import { Field, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType } from '../common/pagination/connection';
import { GraphQLDateTimeScalar } from '../common/scalars/scalars';
import { AuditEntryEntity } from './audit-entry.entity';

@ObjectType('AuditActor', { description: 'Who did it, as recorded at the time (names and roles may have changed since).' })
export class AuditActor {
  @Field({ description: 'user, apiKey or system.' })
  type: string;

  @Field(() => String, { nullable: true })
  id: string | null;

  @Field(() => String, { nullable: true, description: 'Username or API key name.' })
  name: string | null;

  @Field(() => [String])
  roles: string[];
}

@ObjectType('AuditEntry', { description: 'One row of the tamper-evident audit trail (审计日志).' })
export class AuditEntry {
  @Field({ description: 'Position in the chain: 1, 2, 3… without gaps (a 64-bit integer as a string).' })
  seq: string;

  @Field(() => GraphQLDateTimeScalar)
  occurredAt: Date;

  @Field(() => AuditActor)
  actor: AuditActor;

  @Field(() => String, { nullable: true })
  requestId: string | null;

  @Field(() => String, { nullable: true })
  clientIp: string | null;

  @Field({ description: 'module.action, e.g. users.create.' })
  operation: string;

  @Field()
  entityType: string;

  @Field(() => String, { nullable: true })
  entityId: string | null;

  @Field(() => String, { nullable: true })
  regionCode: string | null;

  @Field(() => GraphQLJSONObject, { description: '{ field: { from, to } } with personal data masked, or facts of the operation.' })
  changes: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'The reason the actor gave.' })
  reason: string | null;

  @Field()
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

@ObjectType()
export class AuditEntryConnection extends ConnectionType(AuditEntry) {}
