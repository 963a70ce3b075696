import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';

/** The row a change is to (a record, a post, a workshop…), and the version the caller read. */
@InputType({ isAbstract: true })
export abstract class RecordVersionInput {
  @Field(() => ID, { description: 'Id (UUID) of the record (post, workshop, course…) to change.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;
}

/** A deletion of a record entered in error: the version read and the reason (the audit trail keeps it). */
@InputType({ isAbstract: true })
export abstract class RecordDeletionInput extends RecordVersionInput {
  @Field({ description: 'Why it is deleted.' })
  @IsString()
  @Matches(/[\p{L}\p{N}]/u, { message: 'must say why' })
  @MaxLength(500)
  reason: string;
}
