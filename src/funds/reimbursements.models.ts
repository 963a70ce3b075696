import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { fromCents, toCents } from '../common/money/money';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { ParameterValue } from '../parameters/parameter.model';
import type { ParameterValue as ParameterValueData } from '../parameters/parameters.service';
import type { HouseholdEntity } from '../households/household.entity';
import type { IncomeComparisonRow } from '../households/income-comparison';
import { LinkageIncomeComponent } from '../projects/linkage.entity';
import { RegistryIncomeBeside } from '../households/income-comparison.model';
import { REGION_CODE } from '../regions/regions.args';
import { FundAllocation } from './funds.models';
import { FundPaymentEntity, FundPaymentHouseholdEntity, FundPaymentKind, ReimbursementEntity, ReimbursementLineEntity, ReimbursementStatus, ReimbursementVoucherEntity } from './reimbursement.entities';
import type { RateAllocationRow } from './reimbursements.repository';
import type { ReimbursementRate } from './reimbursements.service';

registerEnumType(ReimbursementStatus, {
  name: 'ReimbursementStatus',
  description: 'Where a reimbursement stands in funds.reimbursement_flow (申请 → 扶贫部门审核 → 财政审批 → 支付 → 盖"已报账").',
  valuesMap: {
    SUBMITTED: { description: '已申请: submitted by the applicant; the poverty office reviews it next.' },
    REVIEWED: { description: '扶贫部门已审核: passed by the poverty office; finance approves it next.' },
    APPROVED: { description: '财政已审批: approved by finance; payments may be made.' },
    PAID: { description: '已报账: paid in full (盖"已报账"), with the date.' },
    RETURNED: { description: '已退回: back to the applicant for correction, with the reason; corrected, it is SUBMITTED again.' },
    REJECTED: { description: '已驳回: rejected for good, with the reason; it no longer counts against the funding.' },
  },
});

registerEnumType(FundPaymentKind, {
  name: 'FundPaymentKind',
  description: 'How a payment is made.',
  valuesMap: {
    ACCOUNT: { description: '转账到账户: to one account (payee name and bank account).' },
    HOUSEHOLDS: { description: '发放到户: to households, by a roster (花名册) that sums to the payment.' },
  },
});

const ID_DESC = 'Unique id of the record (a UUID).';
const YEAR = { min: 2000, max: 2100 };

@ObjectType('FundReimbursementLine', { description: 'One line of a reimbursement: expense type and amount.' })
export class FundReimbursementLine {
  @Field({ description: '支出类型 as written (a type on funds.negative_list is refused).' })
  expenseType: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan.' })
  amount: string;
}

@ObjectType('FundReimbursementVoucher', { description: 'One voucher (报账凭证) of a reimbursement.' })
export class FundReimbursementVoucher {
  @Field({ description: 'A kind of funds.reimbursement_vouchers (立项批复, 合同, 发票…).' })
  kind: string;

  @Field({ description: 'Its number or reference.' })
  reference: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Its date.' })
  datedOn: string;
}

@ObjectType('FundReimbursement', {
  description: '报账申请: a claim against a project funding with its lines and vouchers, moving through funds.reimbursement_flow; what is not rejected counts against the funding.',
})
export class FundReimbursement {
  @Field(() => ID, { description: ID_DESC })
  id: string;

  @Field(() => ID, { description: 'The project funding it draws on.' })
  fundingId: string;

  @Field(() => ID, { description: 'The funding\'s allocation.' })
  allocationId: string;

  @Field(() => ID, { description: 'The funding\'s fund document.' })
  documentId: string;

  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field({ description: 'The project\'s region (12-digit division code).' })
  regionCode: string;

  @Field(() => Int, { description: 'The funding\'s year.' })
  year: number;

  @Field({ description: 'The funding\'s level.' })
  level: string;

  @Field({ description: 'The funding\'s channel.' })
  channel: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the application.' })
  appliedOn: string;

  @Field(() => GraphQLDecimal, { description: 'Amount claimed in yuan (the lines add up to it).' })
  amount: string;

  @Field(() => GraphQLDecimal, { description: 'Sum of its payments.' })
  paid: string;

  @Field(() => GraphQLDecimal, { description: 'What is left to pay (amount − paid).' })
  get unpaid(): string {
    return fromCents(toCents(this.amount) - toCents(this.paid));
  }

  @Field(() => ReimbursementStatus, { description: 'Where it stands in the flow.' })
  status: ReimbursementStatus;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '扶贫部门审核: when the poverty office passed it.' })
  reviewedOn: string | null;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: '财政审批: when finance approved it.' })
  approvedOn: string | null;

  @Field({ description: '盖"已报账": whether it is paid in full and marked reimbursed.' })
  get reimbursed(): boolean {
    return this.reimbursedOn !== null;
  }

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'The date it was marked reimbursed (the payment that paid it in full).' })
  reimbursedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was last returned for correction.' })
  returnReason: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected.' })
  rejectReason: string | null;

  @Field(() => [FundReimbursementLine], { description: 'Its lines, in order.' })
  lines: FundReimbursementLine[];

  @Field(() => [FundReimbursementVoucher], { description: 'Its vouchers, in order.' })
  vouchers: FundReimbursementVoucher[];

  @Field(() => Int, { description: 'Send it back with a decision or a correction; a stale version is a CONFLICT.' })
  version: number;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record last changed (ISO 8601 instant, UTC).' })
  updatedAt: Date;

  static from(e: ReimbursementEntity, lines: ReimbursementLineEntity[], vouchers: ReimbursementVoucherEntity[]): FundReimbursement {
    return Object.assign(new FundReimbursement(), e, {
      lines: lines.filter((l) => l.reimbursementId === e.id).map((l) => ({ expenseType: l.expenseType, amount: l.amount })),
      vouchers: vouchers.filter((v) => v.reimbursementId === e.id).map((v) => ({ kind: v.kind, reference: v.reference, datedOn: v.datedOn })),
    });
  }
}

@ObjectType('FundPaymentHousehold', { description: 'One household of a payment\'s roster (花名册).' })
export class FundPaymentHousehold {
  @Field(() => ID, { description: 'The household.' })
  householdId: string;

  @Field(() => GraphQLDecimal, { description: 'What it received, in yuan.' })
  amount: string;

  @Field(() => LinkageIncomeComponent, { nullable: true, description: "The registry's income component the amount feeds (householdFundIncome); null when it is not income (goods or services in kind)." })
  incomeComponent: LinkageIncomeComponent | null;
}

@ObjectType('FundPayment', { description: '支付: a payment of an approved reimbursement, to an account or to households.' })
export class FundPayment {
  @Field(() => ID, { description: ID_DESC })
  id: string;

  @Field(() => ID, { description: 'The reimbursement paid.' })
  reimbursementId: string;

  @Field(() => ID, { description: 'The reimbursement\'s allocation.' })
  allocationId: string;

  @Field(() => ID, { description: 'The reimbursement\'s fund document.' })
  documentId: string;

  @Field({ description: 'The reimbursement\'s (the project\'s) region.' })
  regionCode: string;

  @Field(() => Int, { description: 'The reimbursement\'s year.' })
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the payment (the reimbursement rate and the execution reports count it from then); a reversal: the date it was reversed.' })
  paidOn: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: positive, or the negative of the payment a reversal (冲销) reverses.' })
  amount: string;

  @Field(() => ID, { nullable: true, description: 'On a reversal (冲销): the payment it reverses; null on a payment.' })
  reversesId: string | null;

  @Field(() => String, { nullable: true, description: 'On a reversal: why.' })
  reversalReason: string | null;

  @Field(() => FundPaymentKind, { description: 'To an account or to households.' })
  kind: FundPaymentKind;

  @Field(() => String, { nullable: true, description: '收款人 (kind ACCOUNT).' })
  payeeName: string | null;

  @Field(() => String, { nullable: true, description: 'The bank account, masked (kind ACCOUNT); revealPersonalData with subject FUND_PAYEE_ACCOUNT shows it, with a reason and an audit row.' })
  bankAccount: string | null;

  @Field(() => String, { nullable: true, description: '凭证号 or bank reference.' })
  reference: string | null;

  @Field(() => [FundPaymentHousehold], { description: 'The roster (kind HOUSEHOLDS; empty otherwise).' })
  households: FundPaymentHousehold[];

  @Field(() => GraphQLDateTimeScalar, { description: 'When the record was created (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: FundPaymentEntity, maskedAccount: string | null, roster: FundPaymentHouseholdEntity[]): FundPayment {
    const { bankAccountEnc: _enc, bankAccountHash: _hash, ...rest } = e;
    return Object.assign(new FundPayment(), rest, {
      bankAccount: maskedAccount,
      households: roster.filter((h) => h.paymentId === e.id).map((h) => ({ householdId: h.householdId, amount: h.amount, incomeComponent: h.incomeComponent })),
    });
  }
}

@ObjectType({ description: connectionDescription('reimbursements (报账申请)') })
export class FundReimbursementConnection extends ConnectionType(FundReimbursement) {}

@ObjectType({ description: connectionDescription('payments (支付)') })
export class FundPaymentConnection extends ConnectionType(FundPayment) {}

@ObjectType({ description: 'The result of a reimbursement application or correction.' })
export class FundReimbursementPayload {
  @Field(() => FundReimbursement, { description: 'The reimbursement as stored.' })
  reimbursement: FundReimbursement;

  @Field(() => [ParameterValue], {
    description: 'The parameters it was checked against, with their status: funds.reimbursement_vouchers, funds.negative_list (UNVERIFIED in RULES.md: badge it) and funds.reimbursement_flow.',
  })
  parametersUsed: ParameterValue[];

  static of(r: FundReimbursement, used: ParameterValueData[]): FundReimbursementPayload {
    return { reimbursement: r, parametersUsed: used.map(ParameterValue.from) };
  }
}

@ObjectType({ description: 'The result of a decision of the flow.' })
export class FundReimbursementDecisionPayload {
  @Field(() => FundReimbursement, { description: 'The reimbursement as stored.' })
  reimbursement: FundReimbursement;
}

@ObjectType({ description: 'The result of a payment.' })
export class FundPaymentPayload {
  @Field(() => FundPayment, { description: 'The payment (or the reversal) as stored.' })
  payment: FundPayment;

  @Field(() => FundReimbursement, { description: 'The reimbursement after it (PAID, marked reimbursed, when paid in full; back to APPROVED when a reversal leaves it not paid in full).' })
  reimbursement: FundReimbursement;
}

@ObjectType('FundRateAllocation', { description: 'An allocation behind the reimbursement rate, with what was paid from it by the date.' })
export class FundRateAllocation {
  @Field(() => FundAllocation, { description: 'The allocation.' })
  allocation: FundAllocation;

  @Field(() => GraphQLDecimal, { description: 'Paid from it (payments of its reimbursements) on or before asOf.' })
  paid: string;

  static from(r: RateAllocationRow): FundRateAllocation {
    return { allocation: FundAllocation.from(r.allocation), paid: r.paid };
  }
}

@ObjectType({ description: connectionDescription('allocations behind the reimbursement rate') })
export class FundRateAllocationConnection extends ConnectionType(FundRateAllocation) {}

@ObjectType('FundReimbursementRate', {
  description:
    '报账率 of a year as of a date over a region: paid ÷ allocated. The formula (reimbursed ÷ allocated in the year) is UNVERIFIED in RULES.md §8: show it as such. Allocated = active allocations of the year dated on or before asOf; paid = their active payments dated on or before asOf (later payments are not counted).',
})
export class FundReimbursementRate {
  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date the figures are as of.' })
  asOf: string;

  @Field({ description: 'The region (and its subtree) covered, within your scope.' })
  regionCode: string;

  @Field(() => GraphQLDecimal, { description: 'Allocated in the year by asOf, in yuan.' })
  allocated: string;

  @Field(() => GraphQLDecimal, { description: 'Paid from those allocations by asOf, in yuan.' })
  paid: string;

  @Field(() => Int, { description: 'How many allocations are counted.' })
  allocationCount: number;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'paid ÷ allocated, exact, 4 decimals rounded half up; null when nothing was allocated.' })
  ratio: string | null;

  @Field({ description: 'Always false: the formula is unverified (RULES.md §8).' })
  formulaVerified: boolean;

  @Field({ description: 'Whether the target funds.reimbursement_rate_min is configured as of 31 December of the year.' })
  configured: boolean;

  @Field(() => GraphQLDecimal, { nullable: true, description: 'The target (funds.reimbursement_rate_min as of 31 December of the year); null when not configured.' })
  target: string | null;

  @Field(() => ParameterValue, { description: 'The target\'s parameter with its source and status.' })
  targetParameter: ParameterValue;

  @Field(() => Boolean, { nullable: true, description: 'ratio ≥ target; null when either is missing.' })
  meetsTarget: boolean | null;

  static from(r: ReimbursementRate): FundReimbursementRate {
    return {
      year: r.year,
      asOf: r.asOf,
      regionCode: r.regionCode,
      allocated: r.allocated,
      paid: r.paid,
      allocationCount: r.allocations,
      ratio: r.ratio,
      formulaVerified: false,
      configured: r.target.configured,
      target: r.target.configured ? String(r.target.value) : null,
      targetParameter: ParameterValue.from(r.target),
      meetsTarget: r.meetsTarget,
    };
  }
}

@ArgsType()
export class FundReimbursementsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only those against this funding.' })
  @IsOptional()
  @IsUUID()
  fundingId?: string;

  @Field(() => ID, { nullable: true, description: 'Only those under this fund document.' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @Field(() => ID, { nullable: true, description: 'Only those of this project.' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @Field(() => ReimbursementStatus, { nullable: true, description: 'Only those in this status.' })
  @IsOptional()
  @IsEnum(ReimbursementStatus)
  status?: ReimbursementStatus;

  @Field(() => Int, { nullable: true, description: 'Only those of this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field({ nullable: true, description: 'Only those of projects within this region (12-digit code; within your scope).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class FundPaymentsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only the payments of this reimbursement.' })
  @IsOptional()
  @IsUUID()
  reimbursementId?: string;

  @Field(() => ID, { nullable: true, description: 'Only those under this fund document.' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @Field(() => Int, { nullable: true, description: 'Only those of this year.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field({ nullable: true, description: 'Only those within this region (12-digit code; within your scope).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class FundReimbursementRateArgs {
  @Field(() => Int, { description: 'The budget year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The figures as of this date (payments after it are not counted); 31 December for the year-end rate.' })
  @IsString()
  asOf: string;

  @Field({ description: 'The region (12-digit code, within your scope) whose subtree is covered.' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;
}

@ArgsType()
export class FundRateAllocationsArgs extends ConnectionArgs {
  @Field(() => Int, { description: 'The budget year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'As of this date.' })
  @IsString()
  asOf: string;

  @Field({ description: 'The region (12-digit code, within your scope).' })
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode: string;
}

@InputType({ description: 'One line of a reimbursement.' })
export class FundReimbursementLineInput {
  @Field({ description: '支出类型: a type on funds.negative_list is refused, naming the line.' })
  @IsString()
  @MaxLength(100)
  expenseType: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: positive, at most 2 decimals.' })
  @IsString()
  amount: string;
}

@InputType({ description: 'One voucher of a reimbursement.' })
export class FundReimbursementVoucherInput {
  @Field({ description: 'A kind of funds.reimbursement_vouchers as of the application\'s date; every kind listed is required.' })
  @IsString()
  @MaxLength(100)
  kind: string;

  @Field({ description: 'Its number or reference.' })
  @IsString()
  @MaxLength(100)
  reference: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'Its date (not in the future).' })
  @IsString()
  datedOn: string;
}

@InputType({ description: 'A reimbursement application (报账申请) against a project funding.' })
export class CreateFundReimbursementInput {
  @Field(() => ID, { description: 'The project funding (active, in your region).' })
  @IsUUID()
  fundingId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the application (not before the funding, not in the future); the parameters are read as of it.' })
  @IsString()
  appliedOn: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: positive, at most 2 decimals, within what the funding has left; the lines add up to it.' })
  @IsString()
  amount: string;

  @Field(() => [FundReimbursementLineInput], { description: 'The lines (at least one).' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FundReimbursementLineInput)
  lines: FundReimbursementLineInput[];

  @Field(() => [FundReimbursementVoucherInput], { description: 'The vouchers: one of every kind of funds.reimbursement_vouchers at least.' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FundReimbursementVoucherInput)
  vouchers: FundReimbursementVoucherInput[];
}

@InputType({ description: 'A returned reimbursement corrected and submitted again; lines and vouchers are replaced.' })
export class CorrectFundReimbursementInput {
  @Field(() => ID, { description: 'The reimbursement (RETURNED).' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => GraphQLLocalDateScalar, { nullable: true, description: 'A new application date (default: the old one).' })
  @IsOptional()
  @IsString()
  appliedOn?: string | null;

  @Field(() => GraphQLDecimal, { description: 'The amount; an increase must fit in the funding.' })
  @IsString()
  amount: string;

  @Field(() => [FundReimbursementLineInput], { description: 'The lines.' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FundReimbursementLineInput)
  lines: FundReimbursementLineInput[];

  @Field(() => [FundReimbursementVoucherInput], { description: 'The vouchers.' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FundReimbursementVoucherInput)
  vouchers: FundReimbursementVoucherInput[];
}

@InputType({ description: 'A decision of the flow (review or approve); send the version you read.' })
export class DecideFundReimbursementInput {
  @Field(() => ID, { description: 'The reimbursement.' })
  @IsUUID()
  id: string;

  @Field(() => Int, { description: 'The version you read.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the decision (not before the previous step, not in the future).' })
  @IsString()
  decidedOn: string;
}

@InputType({ description: 'A return or rejection with its reason; send the version you read.' })
export class ReasonedFundReimbursementInput extends DecideFundReimbursementInput {
  @Field({ description: 'Why.' })
  @IsString()
  @MaxLength(1000)
  reason: string;
}

@InputType({ description: 'Reverses (冲销) a payment made in error: a record of the negative amount naming it, with the date and the reason; the payment itself stays.' })
export class ReverseFundPaymentInput {
  @Field(() => ID, { description: 'The payment (not itself a reversal; each is reversed once).' })
  @IsUUID()
  paymentId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the reversal (not before the payment, not in the future): reports as of an earlier date still count the payment.' })
  @IsString()
  reversedOn: string;

  @Field({ description: 'Why (kept with the reversal and in the audit trail).' })
  @IsString()
  @MaxLength(1000)
  reason: string;
}

@InputType({ description: 'The account a payment goes to.' })
export class FundPaymentAccountInput {
  @Field({ description: '收款人.' })
  @IsString()
  @MaxLength(100)
  payeeName: string;

  @Field({ description: '银行账号: 10 to 30 digits (blanks and dashes are ignored); stored encrypted, answered masked.' })
  @IsString()
  @MaxLength(60)
  bankAccount: string;
}

@InputType({ description: 'One household of a payment\'s roster.' })
export class FundPaymentHouseholdInput {
  @Field(() => ID, { description: 'The household (in your region and the project\'s).' })
  @IsUUID()
  householdId: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: positive, at most 2 decimals.' })
  @IsString()
  amount: string;

  @Field(() => LinkageIncomeComponent, { nullable: true, description: "The registry's income component the amount feeds (compared with the registry by householdFundIncome, never written into it); omit when it is not income (goods or services in kind)." })
  @IsOptional()
  @IsEnum(LinkageIncomeComponent)
  incomeComponent?: LinkageIncomeComponent | null;
}

@InputType({ description: 'A payment (支付) of an approved reimbursement: to an account or to households (exactly one of them).' })
export class CreateFundPaymentInput {
  @Field(() => ID, { description: 'The reimbursement (APPROVED).' })
  @IsUUID()
  reimbursementId: string;

  @Field(() => GraphQLLocalDateScalar, { description: 'The date of the payment (not before the approval, not in the future).' })
  @IsString()
  paidOn: string;

  @Field(() => GraphQLDecimal, { description: 'Amount in yuan: positive, at most 2 decimals, within what is left to pay.' })
  @IsString()
  amount: string;

  @Field(() => String, { nullable: true, description: '凭证号 or bank reference.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string | null;

  @Field(() => FundPaymentAccountInput, { nullable: true, description: 'The account (payment to an account).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FundPaymentAccountInput)
  account?: FundPaymentAccountInput | null;

  @Field(() => [FundPaymentHouseholdInput], { nullable: true, description: 'The roster (payment to households): it sums to the amount.' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FundPaymentHouseholdInput)
  households?: FundPaymentHouseholdInput[] | null;
}

@ObjectType('HouseholdFundIncome', {
  description:
    "A household's fund income of a year beside the registry's income of that year: what payments to households (花名册) paid it, by the income component each roster line feeds (a line without one, goods in kind, is not income; a reversal takes its payment's lines back in the year of its date), and what the registry records. The registry is never written from funds: where it records less than was paid, `disagreements` names the components for the village to correct one or the other.",
})
export class HouseholdFundIncome extends RegistryIncomeBeside {
  @Field(() => GraphQLDecimal, { description: 'Paid by roster lines feeding wages (工资性收入).' })
  paidWage: string;

  @Field(() => GraphQLDecimal, { description: 'Paid by roster lines feeding production and business income.' })
  paidProductionBusiness: string;

  @Field(() => GraphQLDecimal, { description: 'Paid by roster lines feeding property income (other than asset-income dividends).' })
  paidProperty: string;

  @Field(() => GraphQLDecimal, { description: 'Paid by roster lines feeding asset-income dividends (资产收益扶贫分红, part of property income).' })
  paidAssetIncomeDividend: string;

  @Field(() => [LinkageIncomeComponent], {
    description: 'The components where the registry records less than was paid (PROPERTY compares property income with property and asset-income-dividend payments together); empty when they agree.',
  })
  disagreements: LinkageIncomeComponent[];

  static from(h: Pick<HouseholdEntity, 'id' | 'householdNumber' | 'regionCode'>, year: number, r: IncomeComparisonRow): HouseholdFundIncome {
    return Object.assign(new HouseholdFundIncome(), { ...r, householdId: h.id, householdNumber: h.householdNumber, regionCode: h.regionCode, year, disagreements: r.disagreements as LinkageIncomeComponent[] });
  }
}

@ObjectType({ description: connectionDescription("households whose fund income disagrees with the registry's") })
export class HouseholdFundIncomeConnection extends ConnectionType(HouseholdFundIncome) {}
