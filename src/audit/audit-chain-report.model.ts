import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { AuditChainProblem, AuditChainReport as Report } from './audit-verifier';

export enum AuditChainProblemEnum {
  HASH_MISMATCH = 'HASH_MISMATCH',
  PREV_HASH_MISMATCH = 'PREV_HASH_MISMATCH',
  SEQ_GAP = 'SEQ_GAP',
}

registerEnumType(AuditChainProblemEnum, {
  name: 'AuditChainProblem',
  description: 'How the first broken row fails to follow from the one before.',
  valuesMap: {
    HASH_MISMATCH: { description: 'The row is not what was written (edited).' },
    PREV_HASH_MISMATCH: { description: 'The row does not point to the row before it (a row before was replaced or re-hashed).' },
    SEQ_GAP: { description: 'A row is missing before this one (deleted).' },
  },
});

@ObjectType('AuditChainReport', { description: 'The result of re-computing the whole audit hash chain.' })
export class AuditChainReport {
  @Field()
  ok: boolean;

  @Field(() => Float, { description: 'Rows found intact (when broken: those before the first broken row).' })
  checked: number;

  @Field(() => String, { nullable: true })
  firstBrokenSeq: string | null;

  @Field(() => AuditChainProblemEnum, { nullable: true })
  problem: AuditChainProblem | null;

  @Field(() => String, { nullable: true, description: 'The last intact row (the head of the chain when ok).' })
  lastSeq: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Its hash. Note it outside the system: a later report whose chain no longer contains it shows removed newest rows.',
  })
  lastHash: string | null;

  static from(r: Report): AuditChainReport {
    const m = new AuditChainReport();
    m.ok = r.ok;
    m.checked = r.checked;
    m.firstBrokenSeq = r.firstBrokenSeq ?? null;
    m.problem = r.problem ?? null;
    m.lastSeq = r.lastSeq ?? null;
    m.lastHash = r.lastHash ?? null;
    return m;
  }
}
