import { ArgsType, Field, ID, InputType, Int, IntersectionType, ObjectType, PartialType, registerEnumType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Sector } from '../common/access/permissions';
import { FieldCipher } from '../common/crypto/field-cipher';
import { RecordDeletionInput, RecordVersionInput } from '../common/kit/record-inputs';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { defineLazyValue, maskedField } from '../common/protection/protected-field';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { Member } from '../households/member.model';
import { DisabilityType } from '../households/registry-codes';
import { ParameterValue } from '../parameters/parameter.model';
import { REGION_CODE } from '../regions/regions.args';
import { NotOnDibaoMemberRow, UncertifiedMemberRow } from './certificates.service';
import { DISABILITY_CERTIFICATE_NUMBER } from './disability.declaration';
import { DisabilityCertificateEntity, DisabilityPaymentChannel, DisabilitySubsidyKind, DisabilitySubsidyPaymentEntity } from './disability.entities';
import { monthOf } from './disability-rules';
import { EligibleWithoutSubsidyRow, IneligibilityReason, PaidWithoutEligibilityRow } from './subsidies.service';

const YEAR = { min: 2010, max: 2100 };
const MONTH_FORM = /^\d{4}-(0[1-9]|1[0-2])$/;

registerEnumType(DisabilitySubsidyKind, {
  name: 'DisabilitySubsidyKind',
  description: '两项补贴: the two subsidies for disabled people (RULES.md §6).',
  valuesMap: {
    LIVING: { description: '困难残疾人生活补贴: a certified person on 低保 (disability.living_subsidy_eligible).' },
    NURSING: { description: '重度残疾人护理补贴: certified grades 1–2 with a long-term care need (disability.nursing_subsidy_eligible); grades 3–4 智力/精神 when disability.nursing_extension_grades_3_4 is on.' },
  },
});

registerEnumType(DisabilityPaymentChannel, {
  name: 'DisabilityPaymentChannel',
  description: 'How a subsidy payment reached the person.',
  valuesMap: {
    ONE_CARD: { description: '惠民惠农财政补贴资金“一卡通”.' },
    BANK_TRANSFER: { description: '银行转账 to another account.' },
    SOCIAL_SECURITY_CARD: { description: '社会保障卡.' },
    CASH: { description: '现金.' },
  },
});

registerEnumType(IneligibilityReason, {
  name: 'DisabilityIneligibilityReason',
  description: 'Why a paid member was not eligible for the subsidy in the month.',
  valuesMap: {
    NO_VALID_CERTIFICATE: { description: 'No certificate valid in the month (revoked, corrected or expired since the payment).' },
    NOT_ON_DIBAO: { description: 'Living subsidy: not on 低保 as disability.living_subsidy_eligible asks (the registry\'s 享受低保).' },
    GRADE_NOT_COVERED: { description: 'Nursing subsidy: the grade is not covered (nor by the grades 3–4 智力/精神 extension).' },
    NO_LONG_TERM_CARE_NEED: { description: 'Nursing subsidy: the grade is covered but the certificate records no long-term care need.' },
  },
});

@ObjectType('DisabilityCertificate', {
  description:
    "残疾人证 (second generation): a member's disability certificate. The number is masked; see revealPersonalData (DISABILITY_CERTIFICATE_NUMBER). Its region is the household's village; the disabled persons' federation (残联) keeps it.",
})
export class DisabilityCertificate {
  @Field(() => ID, { description: 'Unique id of the certificate record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The holder (家庭成员).' })
  memberId: string;

  @Field(() => ID, { description: "The holder's household." })
  householdId: string;

  @Field(() => DisabilityType.values, { description: '残疾类别 (its digit is the 19th character of the number).' })
  category: DisabilityType;

  @Field(() => Int, { description: '残疾等级 1–4, 1 most severe (the 20th character of the number).' })
  grade: number;

  @Field(() => String, { nullable: true, description: '残疾人证号, masked (the last 4 characters shown).' })
  certificateNumber: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'Issued on (发证日期).' })
  issuedOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Valid until (有效期至), inclusive.' })
  validUntil: string;

  @Field({ description: '长期照护需求: assessed as needing long-term care (the nursing subsidy asks for it with grades 1–2).' })
  needsLongTermCare: boolean;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '注销: the day the certificate stopped counting; null while not revoked.' })
  revokedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was revoked; null while not revoked.' })
  revokeReason: string | null;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (DISABLED_FEDERATION).' })
  sector: Sector;

  @Field(() => Int, { description: 'Send it back with updateDisabilityCertificate, revokeDisabilityCertificate or deleteDisabilityCertificate; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the certificate was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  /** The answer from the row: the ciphertext and blind index never leave; the number is masked when read. */
  static from(e: DisabilityCertificateEntity, cipher: FieldCipher): DisabilityCertificate {
    const { certificateNumberEnc: _enc, certificateNumberHash: _hash, ...rest } = e;
    const out = Object.assign(new DisabilityCertificate(), rest);
    defineLazyValue(out, 'certificateNumber', () => maskedField(cipher, DISABILITY_CERTIFICATE_NUMBER, e));
    return out;
  }
}

@ObjectType({ description: connectionDescription('disability certificates (残疾人证)') })
export class DisabilityCertificateConnection extends ConnectionType(DisabilityCertificate) {}

@ObjectType({ description: 'The result of a certificate mutation.' })
export class DisabilityCertificatePayload {
  @Field(() => DisabilityCertificate, { description: 'The certificate as stored (for a deletion: as it was).' })
  certificate: DisabilityCertificate;

  @Field(() => [ParameterValue], { description: 'The parameters read, each with its status (disability.categories in force today).' })
  parametersUsed: ParameterValue[];
}

@InputType({ isAbstract: true })
class CertificateFields {
  @Field(() => DisabilityType.values, { description: '残疾类别: listed in disability.categories in force on the day it is recorded (CODE_NOT_LISTED otherwise).' })
  @IsEnum(DisabilityType.values)
  category: DisabilityType;

  @Field(() => Int, { description: '残疾等级 1–4 (CERTIFICATE_GRADE_RANGE otherwise).' })
  @IsInt()
  grade: number;

  @Field({
    description:
      "残疾人证号 (second generation, 20 characters): the holder's 18-character ID number (valid by GB 11643 and the member's: compared by blind index), the category's digit 1–7 and the grade's digit 1–4. Blanks are dropped, x is read as X. Answered masked.",
  })
  @IsString()
  @MaxLength(40)
  certificateNumber: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Issued on: not in the future.' })
  @IsString()
  issuedOn: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Valid until, inclusive: not before the issue (INVALID_PERIOD).' })
  @IsString()
  validUntil: string;

  @Field(() => Boolean, { nullable: true, description: '长期照护需求 as assessed (default false).' })
  @IsOptional()
  @IsBoolean()
  needsLongTermCare?: boolean;
}

@InputType({ description: "A member's disability certificate." })
export class CreateDisabilityCertificateInput extends CertificateFields {
  @Field(() => ID, { description: 'The holder: a current member in your write scope, without an unrevoked certificate (CERTIFICATE_ALREADY_HELD).' })
  @IsUUID()
  memberId: string;
}

@InputType({ description: 'Corrections to an unrevoked certificate (its holder stays); send the version you read. Omitted fields are unchanged; a new category or grade needs the new number.' })
export class UpdateDisabilityCertificateInput extends IntersectionType(RecordVersionInput as Type<RecordVersionInput>, PartialType(CertificateFields)) {}

@InputType({ description: '注销: the certificate stops counting from a day, with the reason; it is kept.' })
export class RevokeDisabilityCertificateInput extends RecordDeletionInput {
  @Field(() => GraphQLLocalDateScalar, { description: 'The day it stops counting: not before the issue, not in the future.' })
  @IsString()
  revokedOn: string;
}

@InputType({ description: 'Deletes a certificate entered in error, with the reason (the audit trail keeps it); one that subsidies were paid under is revoked instead.' })
export class DeleteDisabilityCertificateInput extends RecordDeletionInput {}

/** The filters of the disability lists: a member, a household, a region's subtree. */
@ArgsType()
class DisabilityRecordsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only this member's records." })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @Field(() => ID, { nullable: true, description: "Only this household's records." })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => String, { nullable: true, description: "Only records of households in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class DisabilityCertificatesArgs extends DisabilityRecordsArgs {
  @Field(() => DisabilityType.values, { nullable: true, description: 'Only this category.' })
  @IsOptional()
  @IsEnum(DisabilityType.values)
  category?: DisabilityType;

  @Field(() => Int, { nullable: true, description: 'Only this grade.' })
  @IsOptional()
  @IsInt()
  grade?: number;

  @Field(() => Boolean, { nullable: true, description: 'true: only revoked certificates; false: only unrevoked ones; omitted: both.' })
  @IsOptional()
  @IsBoolean()
  revoked?: boolean;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'Only certificates valid on this day (issued by it, valid until it or later, not revoked by it).' })
  @IsOptional()
  @IsString()
  validOn?: string;
}

@ArgsType()
export class IdArgs {
  @Field(() => ID, { description: 'Id (UUID) of the record.' })
  @IsUUID()
  id: string;
}

@ArgsType()
export class UncertifiedMembersArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code); omitted: your region." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The day a certificate must be valid on (default today, China time).' })
  @IsOptional()
  @IsString()
  asOf?: string;
}

@ObjectType('UncertifiedDisabledMember', { description: 'A registry member marked disabled (health DISABLED) without a certificate valid on the day, with the certificates it has had (expired or revoked).' })
export class UncertifiedDisabledMember {
  @Field(() => Member, { description: "The member (the registry's 残疾类别 and 残疾等级 are on it; protected values masked)." })
  member: Member;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day asked about.' })
  asOf: string;

  @Field(() => [DisabilityCertificate], { description: "The member's certificates, latest issue first (none valid on the day)." })
  certificates: DisabilityCertificate[];

  static from(r: UncertifiedMemberRow, cipher: FieldCipher): UncertifiedDisabledMember {
    return Object.assign(new UncertifiedDisabledMember(), { member: Member.from(r.member, cipher), asOf: r.asOf, certificates: r.certificates.map((c) => DisabilityCertificate.from(c, cipher)) });
  }
}

@ObjectType({ description: connectionDescription('registry members marked disabled without a valid certificate') })
export class UncertifiedDisabledMemberConnection extends ConnectionType(UncertifiedDisabledMember) {}

@ObjectType('DisabledMemberNotOnDibao', { description: 'A certified disabled member of a registered household whom civil affairs’ 低保 roster does not cover on the day: to review for 纳入低保 (disability.dibao_inclusion).' })
export class DisabledMemberNotOnDibao {
  @Field(() => Member, { description: "The member (protected values masked; the registry's own 享受低保 flag is on it)." })
  member: Member;

  @Field(() => GraphQLLocalDateScalar, { description: 'The day asked about.' })
  asOf: string;

  @Field(() => DisabilityCertificate, { description: 'The certificate valid on the day (the latest issued).' })
  certificate: DisabilityCertificate;

  static from(r: NotOnDibaoMemberRow, cipher: FieldCipher): DisabledMemberNotOnDibao {
    return Object.assign(new DisabledMemberNotOnDibao(), { member: Member.from(r.member, cipher), asOf: r.asOf, certificate: DisabilityCertificate.from(r.certificate, cipher) });
  }
}

@ObjectType({ description: connectionDescription('certified disabled members of registered households not on the 低保 roster') })
export class DisabledMemberNotOnDibaoConnection extends ConnectionType(DisabledMemberNotOnDibao) {
  @Field(() => GraphQLLocalDateScalar, { description: 'The day the certificates are valid on and the roster is read on.' })
  asOf: string;

  @Field(() => ParameterValue, { description: 'disability.dibao_inclusion in force on the day in the region, with its source and status (not configured outside its period): the rule this list serves; eligibility is civil affairs’ decision.' })
  rule: ParameterValue;
}

// ---------------------------------------------------------------------------------- payments

@ObjectType('DisabilitySubsidyPayment', { description: "两项补贴发放: a monthly payment of the living or nursing subsidy to a member, under the certificate valid in the month. Its region is the household's village; the disabled persons' federation keeps it." })
export class DisabilitySubsidyPayment {
  @Field(() => ID, { description: 'Unique id of the payment (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The member paid.' })
  memberId: string;

  @Field(() => ID, { description: "The member's household." })
  householdId: string;

  @Field(() => ID, { description: 'The certificate valid in the month that the payment was made under.' })
  certificateId: string;

  @Field(() => DisabilitySubsidyKind, { description: 'Which subsidy.' })
  kind: DisabilitySubsidyKind;

  @Field({ description: 'The month paid for, YYYY-MM.' })
  month: string;

  @Field(() => GraphQLDecimal, { description: 'The amount, yuan (at most the month\'s standard).' })
  amount: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Paid on.' })
  paidOn: string;

  @Field(() => DisabilityPaymentChannel, { description: 'How it was paid.' })
  channel: DisabilityPaymentChannel;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { description: 'The responsible department (DISABLED_FEDERATION).' })
  sector: Sector;

  @Field(() => Int, { description: 'Send it back with updateDisabilitySubsidyPayment or deleteDisabilitySubsidyPayment; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the payment was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: DisabilitySubsidyPaymentEntity): DisabilitySubsidyPayment {
    return Object.assign(new DisabilitySubsidyPayment(), e, { month: monthOf(e.month) });
  }
}

@ObjectType({ description: connectionDescription('subsidy payments to disabled people (两项补贴发放)') })
export class DisabilitySubsidyPaymentConnection extends ConnectionType(DisabilitySubsidyPayment) {}

@ObjectType({ description: 'The result of a subsidy payment mutation.' })
export class DisabilitySubsidyPaymentPayload {
  @Field(() => DisabilitySubsidyPayment, { description: 'The payment as stored (for a deletion: as it was).' })
  payment: DisabilitySubsidyPayment;

  @Field(() => GraphQLDecimal, { nullable: true, description: "The month's standard amount for the member's certificate (the amount parameter in force on the month's first day in the village); null for a deletion." })
  standardAmount: string | null;

  @Field(() => [ParameterValue], { description: 'The parameters read, each with its status (the amount parameter of the kind and grade).' })
  parametersUsed: ParameterValue[];
}

@InputType({ isAbstract: true })
class PaymentFields {
  @Field(() => DisabilitySubsidyKind, { description: 'Which subsidy.' })
  @IsEnum(DisabilitySubsidyKind)
  kind: DisabilitySubsidyKind;

  @Field({ description: 'The month paid for, YYYY-MM: the member holds a certificate valid in it (SUBSIDY_WITHOUT_CERTIFICATE); once per member and kind (SUBSIDY_PAYMENT_DUPLICATE).' })
  @IsString()
  @MaxLength(7)
  month: string;

  @Field(() => GraphQLDecimal, {
    nullable: true,
    description:
      "The amount, yuan: positive, at most the month's standard (SUBSIDY_ABOVE_STANDARD). Omitted: the standard. The standard is the amount parameter in force on the month's first day (disability.amount.living, .nursing_grade1, .nursing_grade2, .nursing_extension); not configured: PARAMETER_NOT_CONFIGURED.",
  })
  @IsOptional()
  @IsString()
  amount?: string | null;

  @Field(() => GraphQLLocalDateScalar, { description: 'Paid on: not in the future.' })
  @IsString()
  paidOn: string;

  @Field(() => DisabilityPaymentChannel, { description: 'How it was paid.' })
  @IsEnum(DisabilityPaymentChannel)
  channel: DisabilityPaymentChannel;
}

@InputType({ description: 'A monthly payment of one of the two subsidies to a member.' })
export class CreateDisabilitySubsidyPaymentInput extends PaymentFields {
  @Field(() => ID, { description: 'The member: in your write scope, holding a certificate valid in the month.' })
  @IsUUID()
  memberId: string;
}

@InputType({ description: 'Corrections to a payment (its member stays); send the version you read. Omitted fields are unchanged; checked again as a new payment.' })
export class UpdateDisabilitySubsidyPaymentInput extends IntersectionType(RecordVersionInput as Type<RecordVersionInput>, PartialType(PaymentFields)) {}

@InputType({ description: 'Deletes a payment entered in error, with the reason (the audit trail keeps it).' })
export class DeleteDisabilitySubsidyPaymentInput extends RecordDeletionInput {}

@ArgsType()
export class DisabilitySubsidyPaymentsArgs extends DisabilityRecordsArgs {
  @Field(() => DisabilitySubsidyKind, { nullable: true, description: 'Only this subsidy.' })
  @IsOptional()
  @IsEnum(DisabilitySubsidyKind)
  kind?: DisabilitySubsidyKind;

  @Field(() => String, { nullable: true, description: 'Only payments for this month (YYYY-MM).' })
  @IsOptional()
  @Matches(MONTH_FORM, { message: 'must be a month, YYYY-MM' })
  month?: string;

  @Field(() => Int, { nullable: true, description: 'Only payments for months of this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;
}

@ArgsType()
export class EligibleWithoutSubsidyArgs extends ConnectionArgs {
  @Field(() => DisabilitySubsidyKind, { description: 'Which subsidy.' })
  @IsEnum(DisabilitySubsidyKind)
  kind: DisabilitySubsidyKind;

  @Field({ description: 'The month, YYYY-MM: the rules in force on its first day are applied.' })
  @Matches(MONTH_FORM, { message: 'must be a month, YYYY-MM' })
  month: string;

  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code); the rules are read for it (omitted: your region)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class PaidWithoutEligibilityArgs extends ConnectionArgs {
  @Field(() => DisabilitySubsidyKind, { nullable: true, description: 'Only this subsidy (omitted: both).' })
  @IsOptional()
  @IsEnum(DisabilitySubsidyKind)
  kind?: DisabilitySubsidyKind;

  @Field({ description: 'The month, YYYY-MM: the rules in force on its first day are applied.' })
  @Matches(MONTH_FORM, { message: 'must be a month, YYYY-MM' })
  month: string;

  @Field(() => String, { nullable: true, description: "Only this region's subtree (12-digit division code); the rules are read for it (omitted: your region)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ObjectType('EligibleWithoutDisabilitySubsidy', { description: 'A member eligible for a subsidy in a month without a payment of it for the month, with the certificates valid in the month.' })
export class EligibleWithoutDisabilitySubsidy {
  @Field(() => Member, { description: 'The member (protected values masked).' })
  member: Member;

  @Field(() => DisabilitySubsidyKind, { description: 'The subsidy.' })
  kind: DisabilitySubsidyKind;

  @Field({ description: 'The month, YYYY-MM.' })
  month: string;

  @Field(() => [DisabilityCertificate], { description: 'The certificates valid in the month, latest issue first.' })
  certificates: DisabilityCertificate[];

  static from(r: EligibleWithoutSubsidyRow, cipher: FieldCipher): EligibleWithoutDisabilitySubsidy {
    return Object.assign(new EligibleWithoutDisabilitySubsidy(), { member: Member.from(r.member, cipher), kind: r.kind, month: r.month, certificates: r.certificates.map((c) => DisabilityCertificate.from(c, cipher)) });
  }
}

@ObjectType({ description: connectionDescription('members eligible for a subsidy without a payment of it') })
export class EligibleWithoutDisabilitySubsidyConnection extends ConnectionType(EligibleWithoutDisabilitySubsidy) {
  @Field(() => [ParameterValue], { description: 'The rules used, each with its status (disability.living_subsidy_eligible, disability.nursing_subsidy_eligible, disability.nursing_extension_grades_3_4).' })
  parametersUsed: ParameterValue[];
}

@ObjectType('DisabilitySubsidyPaidWithoutEligibility', { description: 'A payment whose member was not eligible for its subsidy in its month, with the reasons.' })
export class DisabilitySubsidyPaidWithoutEligibility {
  @Field(() => DisabilitySubsidyPayment, { description: 'The payment.' })
  payment: DisabilitySubsidyPayment;

  @Field(() => [IneligibilityReason], { description: 'What the member lacked in the month.' })
  reasons: IneligibilityReason[];

  static from(r: PaidWithoutEligibilityRow): DisabilitySubsidyPaidWithoutEligibility {
    return Object.assign(new DisabilitySubsidyPaidWithoutEligibility(), { payment: DisabilitySubsidyPayment.from(r.payment), reasons: r.reasons });
  }
}

@ObjectType({ description: connectionDescription('subsidy payments without eligibility') })
export class DisabilitySubsidyPaidWithoutEligibilityConnection extends ConnectionType(DisabilitySubsidyPaidWithoutEligibility) {
  @Field(() => [ParameterValue], { description: 'The rules used, each with its status.' })
  parametersUsed: ParameterValue[];
}
