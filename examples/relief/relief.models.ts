import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../../src/common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../../src/common/scalars/scalars';
import { ReliefPaymentEntity, ReliefStatus } from './relief-payment.entity';

// The API of the module. Every type, field, argument and enum value has a description: the
// schema test refuses an undescribed one, and a frontend developer reads them in GraphiQL.

registerEnumType(ReliefStatus, {
  name: 'ReliefPaymentStatus',
  description: 'Where a festival relief payment stands.',
  valuesMap: {
    PLANNED: { description: '计划发放: planned, not paid yet.' },
    PAID: { description: '已发放: paid on `paidOn`.' },
    OVERDUE: { description: '逾期未发: still unpaid after its due date (set by the daily job relief.overdue).' },
  },
});

@ObjectType('ReliefPayment', { description: '节日慰问金: a festival relief payment to a household. The payee account is masked; see revealPersonalData (RELIEF_PAYEE_ACCOUNT).' })
export class ReliefPayment {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'Id of the household paid.' })
  householdId: string;

  @Field({ description: "The household's village (12-digit division code) when the payment was planned." })
  regionCode: string;

  @Field(() => Int, { description: 'The year the payment belongs to.' })
  year: number;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan, a Decimal string such as "800.00".' })
  amount: string;

  @Field(() => String, { nullable: true, description: 'Payee account (收款账号), masked, e.g. 6222 **** **** 0123.' })
  payeeAccount: string | null;

  @Field(() => ReliefStatus, { description: 'Where the payment stands.' })
  status: ReliefStatus;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date by which it should be paid.' })
  dueOn: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date it was paid; null until then.' })
  paidOn: string | null;

  @Field(() => Int, { description: 'Send it back with markReliefPaid; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  /** The answer is built from the row and the masked account: the ciphertext never leaves the service. */
  static from(e: ReliefPaymentEntity, maskedPayeeAccount: string | null): ReliefPayment {
    const { payeeAccountEnc: _enc, payeeAccountHash: _hash, ...rest } = e;
    return Object.assign(new ReliefPayment(), { ...rest, payeeAccount: maskedPayeeAccount });
  }
}

@ObjectType({ description: connectionDescription('festival relief payments (节日慰问金)') })
export class ReliefPaymentConnection extends ConnectionType(ReliefPayment) {}

@ObjectType({ description: 'The result of a relief payment mutation.' })
export class ReliefPaymentPayload {
  @Field(() => ReliefPayment, { description: 'The payment as stored (payee account masked).' })
  reliefPayment: ReliefPayment;
}

@ArgsType()
export class ReliefPaymentsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only the payments of this household.' })
  @IsOptional()
  @IsUUID()
  householdId?: string;
}

@InputType({ description: 'A festival relief payment to plan for a household of your region.' })
export class CreateReliefPaymentInput {
  @Field(() => ID, { description: 'Id of the household (in your scope).' })
  @IsUUID()
  householdId: string;

  @Field(() => Int, { description: 'The year the payment belongs to (2010–2100).' })
  @IsInt()
  @Min(2010)
  @Max(2100)
  year: number;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: positive, at most 2 decimals, e.g. "800.00".' })
  @IsString()
  amount: string;

  @Field({ description: 'Payee account (收款账号); blanks and dashes are ignored. Stored encrypted, answered masked.' })
  @Matches(/^[\d\s-]{8,40}$/, { message: 'must be an account number (digits, blanks and dashes)' })
  payeeAccount: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date by which it should be paid.' })
  @IsString()
  dueOn: string;
}

@InputType({ description: 'Records a planned (or overdue) payment as paid; send the version you read.' })
export class MarkReliefPaidInput {
  @Field(() => ID, { description: 'Id (UUID) of the payment.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date it was paid (not in the future).' })
  @IsString()
  paidOn: string;
}
