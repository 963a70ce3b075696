import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ConnectionArgs, ConnectionType, connectionDescription } from '../common/pagination/connection';
import { fromCents, toCents } from '../common/money/money';
import { GraphQLDateTimeScalar, GraphQLDecimal, GraphQLLocalDateScalar } from '../common/scalars/scalars';
import { Sector } from '../common/access/permissions';
import { RegistryIncomeBeside } from '../households/income-comparison.model';
import { REGION_CODE } from '../regions/regions.args';
import { HouseholdEntity } from '../households/household.entity';
import { LinkagePaymentChannel, LinkagePaymentEntity } from './linkage-payment.entity';
import type { LinkageIncomeRow, LinkageYearFigures } from './linkage-payments.repository';
import type { EntityReconciliation } from './linkage-payments.service';
import { LinkageEntity, LinkageIncomeComponent } from './linkage.entity';
import { BenefitLinkage } from './linkage.models';

registerEnumType(LinkagePaymentChannel, {
  name: 'LinkagePaymentChannel',
  description: 'How a linkage payment reached the household.',
  valuesMap: {
    BANK_TRANSFER: { description: '银行代发/转账到户: by bank transfer.' },
    SUBSIDY_CARD: { description: '惠民惠农"一卡通": onto the subsidy card.' },
    CASH: { description: '现金: in cash, against a signed receipt.' },
    IN_KIND: { description: '实物折价: in kind, at its value.' },
    OTHER: { description: 'Another way (say which in the reference).' },
  },
});

const YEAR = { min: 2010, max: 2100 };
const outstanding = (f: LinkageYearFigures) => {
  const rest = toCents(f.due) - toCents(f.paid);
  return fromCents(rest > 0n ? rest : 0n);
};

@ObjectType('LinkagePayment', {
  description: '利益联结支付: a payment under a benefit linkage for one year of the agreement. Append-only: a wrong payment is reversed (冲销) by another record of the negative amount, never changed.',
})
export class LinkagePayment {
  @Field(() => ID, { description: 'Unique id of the record (a UUID).' })
  id: string;

  @Field(() => ID, { description: 'The benefit linkage paid under.' })
  linkageId: string;

  @Field(() => ID, { description: 'The household paid (the linkage\'s).' })
  householdId: string;

  @Field(() => Int, { description: 'The year of the agreement the payment is for.' })
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'When it was paid (a reversal: the day it was recorded).' })
  paidOn: string;

  @Field(() => GraphQLDecimal, { description: 'Yuan (a Decimal string): positive, or negative on a reversal.' })
  amount: string;

  @Field(() => LinkagePaymentChannel, { description: 'How it was paid.' })
  channel: LinkagePaymentChannel;

  @Field(() => String, { nullable: true, description: 'Voucher or bank reference (凭证号).' })
  reference: string | null;

  @Field(() => String, { nullable: true, description: "Why the year's payments exceed what is due (given when they do)." })
  overAgreementReason: string | null;

  @Field(() => ID, { nullable: true, description: 'On a reversal: the payment it reverses.' })
  reversesId: string | null;

  @Field(() => String, { nullable: true, description: 'On a reversal: why.' })
  reversalReason: string | null;

  @Field({ description: "The household's village (12-digit division code)." })
  regionCode: string;

  @Field(() => Sector, { nullable: true, description: "The linkage's sector." })
  sector: Sector | null;

  @Field(() => GraphQLDateTimeScalar, { description: 'When it was recorded (ISO 8601 instant, UTC).' })
  createdAt: Date;

  static from(e: LinkagePaymentEntity): LinkagePayment {
    return Object.assign(new LinkagePayment(), e);
  }
}

@ObjectType({ description: connectionDescription('linkage payments (利益联结支付)') })
export class LinkagePaymentConnection extends ConnectionType(LinkagePayment) {}

@ObjectType('LinkageYearAccount', { description: "A linkage's year: what is due under the agreement, what was paid for it, what is outstanding." })
export class LinkageYearAccount {
  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => GraphQLDecimal, {
    description: 'Due for the year (yuan): the amount agreed per year for the days of the year the linkage is in force, pro rata, rounded to the fen.',
  })
  due: string;

  @Field(() => GraphQLDecimal, { description: 'Paid for the year, net of reversals (yuan).' })
  paid: string;

  @Field(() => GraphQLDecimal, { description: 'Due minus paid, not below zero (yuan).' })
  outstanding: string;

  static from(year: number, f: LinkageYearFigures): LinkageYearAccount {
    return Object.assign(new LinkageYearAccount(), { year, due: f.due, paid: f.paid, outstanding: outstanding(f) });
  }
}

@ObjectType({ description: 'The result of recording or reversing a linkage payment.' })
export class LinkagePaymentPayload {
  @Field(() => LinkagePayment, { description: 'The payment (or the reversal) as stored.' })
  linkagePayment: LinkagePayment;

  @Field(() => LinkageYearAccount, { description: "The linkage's year after it." })
  yearAccount: LinkageYearAccount;
}

@ObjectType('LinkageArrear', { description: '欠付: a linkage in force in the year whose payments for it are short of what is due.' })
export class LinkageArrear {
  @Field(() => BenefitLinkage, { description: 'The linkage.' })
  linkage: BenefitLinkage;

  @Field(() => LinkageYearAccount, { description: 'Its year.' })
  yearAccount: LinkageYearAccount;

  static from(l: LinkageEntity, year: number, f: LinkageYearFigures): LinkageArrear {
    return Object.assign(new LinkageArrear(), { linkage: BenefitLinkage.from(l), yearAccount: LinkageYearAccount.from(year, f) });
  }
}

@ObjectType({ description: connectionDescription('linkages in arrears (欠付)') })
export class LinkageArrearConnection extends ConnectionType(LinkageArrear) {}

@ObjectType('EntityLinkageReconciliation', { description: "对账: an implementing entity's linkages in a year: the sum of what its agreements make due against what it paid." })
export class EntityLinkageReconciliation {
  @Field(() => ID, { description: 'The implementing entity.' })
  entityId: string;

  @Field(() => Int, { description: 'The year.' })
  year: number;

  @Field(() => Int, { description: 'Its linkages in force in the year.' })
  linkages: number;

  @Field(() => GraphQLDecimal, { description: 'Due for the year under them (yuan).' })
  due: string;

  @Field(() => GraphQLDecimal, { description: 'Paid for the year under them, net of reversals (yuan).' })
  paid: string;

  @Field(() => GraphQLDecimal, { description: 'Due minus paid (yuan): positive when it owes, negative when it paid more than agreed.' })
  difference: string;

  @Field(() => Int, { description: 'How many of them are in arrears (see linkageArrears).' })
  linkagesInArrears: number;

  @Field(() => GraphQLDecimal, { description: 'Paid for the year to all its linkages, also those not in force that year (equal to `paid` unless records were changed outside the service).' })
  paidAll: string;

  static from(r: EntityReconciliation): EntityLinkageReconciliation {
    return Object.assign(new EntityLinkageReconciliation(), { ...r, difference: fromCents(toCents(r.due) - toCents(r.paid)) });
  }
}

@ObjectType('HouseholdLinkageIncome', {
  description:
    "A household's linkage income of a year beside the registry's income of that year: what its linkages paid, by the income component each feeds, and what the registry records. The registry is never written from linkages: where it records less than was paid, `disagreements` names the components for the village to correct one or the other.",
})
export class HouseholdLinkageIncome extends RegistryIncomeBeside {
  @Field(() => GraphQLDecimal, { description: 'Paid under linkages feeding wages (工资性收入).' })
  paidWage: string;

  @Field(() => GraphQLDecimal, { description: 'Paid under linkages feeding production and business income.' })
  paidProductionBusiness: string;

  @Field(() => GraphQLDecimal, { description: 'Paid under linkages feeding property income (other than asset-income dividends).' })
  paidProperty: string;

  @Field(() => GraphQLDecimal, { description: 'Paid under linkages feeding asset-income dividends (资产收益扶贫分红, part of property income).' })
  paidAssetIncomeDividend: string;

  @Field(() => [LinkageIncomeComponent], {
    description: 'The components where the registry records less than was paid (PROPERTY compares property income with property and asset-income-dividend payments together); empty when they agree.',
  })
  disagreements: LinkageIncomeComponent[];

  static from(h: Pick<HouseholdEntity, 'id' | 'householdNumber' | 'regionCode'>, year: number, r: LinkageIncomeRow): HouseholdLinkageIncome {
    return Object.assign(new HouseholdLinkageIncome(), { ...r, householdId: h.id, householdNumber: h.householdNumber, regionCode: h.regionCode, year, disagreements: r.disagreements as LinkageIncomeComponent[] });
  }
}

@ObjectType({ description: connectionDescription("households whose linkage income disagrees with the registry's") })
export class HouseholdLinkageIncomeConnection extends ConnectionType(HouseholdLinkageIncome) {}

@ArgsType()
export class LinkagePaymentsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only this linkage\'s payments.' })
  @IsOptional()
  @IsUUID()
  linkageId?: string;

  @Field(() => ID, { nullable: true, description: 'Only this household\'s payments.' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @Field(() => Int, { nullable: true, description: 'Only payments for this year of the agreements.' })
  @IsOptional()
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year?: number;

  @Field(() => String, { nullable: true, description: 'Only payments to households in this region\'s subtree (12-digit division code).' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

/** The year a figure or list is of (2010–2100), required. */
@ArgsType()
abstract class RequiredYearArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;
}

/** A page of a year's list. */
@ArgsType()
abstract class YearPageArgs extends ConnectionArgs {
  @Field(() => Int, { description: 'The year.' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;
}

@ArgsType()
export class YearInRegionArgs extends YearPageArgs {
  @Field(() => String, { nullable: true, description: "Only households in this region's subtree (12-digit division code)." })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a 12-digit division code' })
  regionCode?: string;
}

@ArgsType()
export class LinkageArrearsArgs extends YearInRegionArgs {
  @Field(() => ID, { nullable: true, description: 'Only linkages with this implementing entity.' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @Field(() => ID, { nullable: true, description: 'Only linkages through this project.' })
  @IsOptional()
  @IsUUID()
  projectId?: string;
}

@ArgsType()
export class EntityLinkageReconciliationArgs extends RequiredYearArgs {
  @Field(() => ID, { description: 'The implementing entity (one you can read).' })
  @IsUUID()
  entityId: string;
}

@ArgsType()
export class HouseholdLinkageIncomeArgs extends RequiredYearArgs {
  @Field(() => ID, { description: 'The household (in your region).' })
  @IsUUID()
  householdId: string;
}

@InputType({ description: 'A payment under a benefit linkage, for one year of the agreement.' })
export class RecordLinkagePaymentInput {
  @Field(() => ID, { description: 'The linkage (in your write scope).' })
  @IsUUID()
  linkageId: string;

  @Field(() => Int, { description: 'The year of the agreement it is for (the linkage must be in force in it).' })
  @IsInt()
  @Min(YEAR.min)
  @Max(YEAR.max)
  year: number;

  @Field(() => GraphQLLocalDateScalar, { description: 'When it was paid: not before the linkage starts, not after today.' })
  @IsString()
  paidOn: string;

  @Field(() => GraphQLDecimal, { description: 'Yuan: above zero, at most 2 decimals.' })
  @IsString()
  amount: string;

  @Field(() => LinkagePaymentChannel, { description: 'How it was paid.' })
  @IsEnum(LinkagePaymentChannel)
  channel: LinkagePaymentChannel;

  @Field(() => String, { nullable: true, description: 'Voucher or bank reference (凭证号).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Required when the year's payments with this one exceed what is due (PAYMENT_OVER_AGREEMENT otherwise): why (e.g. 超额分红 by the members' meeting).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  overAgreementReason?: string | null;
}

@InputType({ description: 'Reverses (冲销) a payment recorded in error: a record of the negative amount, dated today, with the reason.' })
export class ReverseLinkagePaymentInput {
  @Field(() => ID, { description: 'The payment (not itself a reversal; each is reversed once).' })
  @IsUUID()
  paymentId: string;

  @Field({ description: 'Why (kept with the reversal and in the audit trail).' })
  @IsString()
  @Matches(/[\p{L}\p{N}]/u, { message: 'must say why' })
  @MaxLength(500)
  reason: string;
}
