import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { AuditChainProblem, AuditChainReport as Report } from './audit-verifier';

export enum AuditChainProblemEnum {
  HASH_MISMATCH = 'HASH_MISMATCH',
  PREV_HASH_MISMATCH = 'PREV_HASH_MISMATCH',
  SEQ_GAP = 'SEQ_GAP',
  KEY_MISMATCH = 'KEY_MISMATCH',
  TRUNCATED = 'TRUNCATED',
  CHECKPOINT_MISMATCH = 'CHECKPOINT_MISMATCH',
  CHECKPOINT_INVALID = 'CHECKPOINT_INVALID',
}

registerEnumType(AuditChainProblemEnum, {
  name: 'AuditChainProblem',
  description: 'How the first broken row fails to follow from the one before, or how the chain disagrees with the signed checkpoint kept outside the database.',
  valuesMap: {
    HASH_MISMATCH: { description: 'The row is not what was written (edited).' },
    PREV_HASH_MISMATCH: { description: 'The row does not point to the row before it (a row before was replaced or re-hashed).' },
    SEQ_GAP: { description: 'A row is missing before this one (deleted).' },
    KEY_MISMATCH: {
      description: 'The row is signed with a key that is not configured, or is unsigned (legacy) where only signed rows may be (the chain was rewritten).',
    },
    TRUNCATED: { description: 'The chain ends before the head recorded in the checkpoint: the newest rows were removed (firstBrokenSeq is the first one missing).' },
    CHECKPOINT_MISMATCH: { description: 'The row at the checkpoint\'s seq is not the row the checkpoint recorded (the chain was replaced from there).' },
    CHECKPOINT_INVALID: { description: 'The checkpoint file is not signed by a configured key (forged or damaged).' },
  },
});

@ObjectType('AuditChainReport', { description: 'The result of re-computing the whole audit hash chain.' })
export class AuditChainReport {
  @Field({ description: 'True when every row follows from the one before and the chain agrees with the checkpoint.' })
  ok: boolean;

  @Field(() => Float, { description: 'Rows found intact (when broken: those before the first broken row).' })
  checked: number;

  @Field(() => String, { nullable: true, description: 'Position (seq) of the first row that fails; null when ok.' })
  firstBrokenSeq: string | null;

  @Field(() => AuditChainProblemEnum, { nullable: true, description: 'How that row fails; null when ok.' })
  problem: AuditChainProblem | null;

  @Field(() => String, { nullable: true, description: 'The last intact row (the head of the chain when ok).' })
  lastSeq: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Its hash. Note it outside the system: a later report whose chain no longer contains it shows removed newest rows.',
  })
  lastHash: string | null;

  @Field(() => String, { nullable: true, description: 'The head recorded in the checkpoint file the chain was compared with (null: no checkpoint).' })
  checkpointSeq: string | null;

  @Field(() => Float, { description: 'Intact rows written before the chain was keyed (plain SHA-256, no chain key).' })
  legacyRows: number;

  static from(r: Report): AuditChainReport {
    const m = new AuditChainReport();
    m.ok = r.ok;
    m.checked = r.checked;
    m.firstBrokenSeq = r.firstBrokenSeq ?? null;
    m.problem = r.problem ?? null;
    m.lastSeq = r.lastSeq ?? null;
    m.lastHash = r.lastHash ?? null;
    m.checkpointSeq = r.checkpointSeq ?? null;
    m.legacyRows = r.legacyRows ?? 0;
    return m;
  }
}
