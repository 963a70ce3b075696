import { Field, ObjectType } from '@nestjs/graphql';

/**
 * A warning of a mutation that was carried out (never a refusal): the rule's code, the input field
 * it concerns and the message (Chinese, English in parentheses). Payloads carry `warnings: [WriteWarning!]!`.
 */
@ObjectType('WriteWarning', { description: 'A warning of a mutation that was carried out (not a refusal): what to look at, and why.' })
export class WriteWarning {
  @Field({ description: 'The warning rule, e.g. POST_HOLDER_OUTSIDE_ELIGIBLE_GROUP.' })
  code: string;

  @Field(() => String, { nullable: true, description: 'The input field it concerns (input.memberId…); null when it concerns the whole input.' })
  field: string | null;

  @Field({ description: 'Chinese message, English in parentheses.' })
  message: string;
}
