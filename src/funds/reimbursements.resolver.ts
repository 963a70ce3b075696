import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import { FundPaymentEntity, ReimbursementEntity } from './reimbursement.entities';
import {
  CorrectFundReimbursementInput,
  CreateFundPaymentInput,
  ReverseFundPaymentInput,
  CreateFundReimbursementInput,
  DecideFundReimbursementInput,
  FundPayment,
  FundPaymentConnection,
  FundPaymentPayload,
  FundPaymentsArgs,
  FundRateAllocation,
  FundRateAllocationConnection,
  FundRateAllocationsArgs,
  FundReimbursement,
  FundReimbursementConnection,
  FundReimbursementDecisionPayload,
  FundReimbursementPayload,
  FundReimbursementRate,
  FundReimbursementRateArgs,
  FundReimbursementsArgs,
  ReasonedFundReimbursementInput,
} from './reimbursements.models';
import { HouseholdLinkageIncomeArgs, YearInRegionArgs } from '../projects/linkage-payments.models';
import { FundRecordArgs } from './funds.models';
import { HouseholdFundIncome, HouseholdFundIncomeConnection } from './reimbursements.models';
import { ReimbursementsService } from './reimbursements.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";
const within = (regionCode?: string) => (regionCode ? subtreePrefix(regionCode) : undefined);

/** Reimbursements (报账), payments (支付) and the reimbursement rate: thin; the service scopes and checks. */
@Resolver()
export class ReimbursementsResolver {
  constructor(private readonly service: ReimbursementsService) {}

  /** Models with their lines and vouchers, read in two statements for the whole list. */
  private async reimbursements(rows: ReimbursementEntity[]): Promise<FundReimbursement[]> {
    const ids = rows.map((r) => r.id);
    const [lines, vouchers] = await Promise.all([this.service.lines(ids), this.service.vouchers(ids)]);
    return rows.map((r) => FundReimbursement.from(r, lines, vouchers));
  }

  private async payments(rows: FundPaymentEntity[]): Promise<FundPayment[]> {
    const roster = await this.service.roster(rows.map((p) => p.id));
    return rows.map((p) => FundPayment.from(p, this.service.maskedAccount(p), roster));
  }

  @RequirePermission('funds.read')
  @Query(() => HouseholdFundIncome, { description: "A household's fund income of a year (payments to households by roster, by the income component each line feeds) beside the registry's income of that year; never written into the registry." })
  async householdFundIncome(@Args() { householdId, year }: HouseholdLinkageIncomeArgs, @CurrentPrincipal() principal: Principal): Promise<HouseholdFundIncome> {
    const { household, income } = await this.service.householdIncome(principal, householdId, year);
    return HouseholdFundIncome.from(household, year, income);
  }

  @RequirePermission('funds.read')
  @Query(() => HouseholdFundIncomeConnection, { description: "Households of your region paid more by fund rosters in the year than the registry records (by household number): correct the registry's income or the roster." })
  async fundIncomeDisagreements(@Args() args: YearInRegionArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<HouseholdFundIncomeConnection> {
    const { year, regionCode, ...page } = args;
    const { figures, ...conn } = await this.service.incomeDisagreements(principal, { year, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (h) => HouseholdFundIncome.from(h, year, figures.get(h)!));
  }

  @RequirePermission('funds.read')
  @Query(() => FundReimbursementConnection, { description: 'Reimbursements (报账申请) of projects in your region and below, latest application first.' })
  async fundReimbursements(@Args() args: FundReimbursementsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<FundReimbursementConnection> {
    const { fundingId, documentId, projectId, status, year, regionCode, ...page } = args;
    const conn = await this.service.listReimbursements(principal, { fundingId, documentId, projectId, status, year, withinPrefix: within(regionCode) }, page, isFieldRequested(info, 'totalCount'));
    const models = new Map((await this.reimbursements(conn.edges.map((e) => e.node))).map((r) => [r.id, r]));
    return mapConnection(conn, (r) => models.get(r.id)!);
  }

  @RequirePermission('funds.read')
  @Query(() => FundReimbursement, { nullable: true, description: 'A reimbursement by id; null when it does not exist or lies outside your region.' })
  async fundReimbursement(@Args() { id }: FundRecordArgs, @CurrentPrincipal() principal: Principal): Promise<FundReimbursement | null> {
    const r = await this.service.reimbursement(principal, id);
    return r ? (await this.reimbursements([r]))[0] : null;
  }

  @RequirePermission('funds.read')
  @Query(() => FundPaymentConnection, { description: 'Payments (支付) in your region and below, latest first; accounts masked.' })
  async fundPayments(@Args() args: FundPaymentsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<FundPaymentConnection> {
    const { reimbursementId, documentId, year, regionCode, ...page } = args;
    const conn = await this.service.listPayments(principal, { reimbursementId, documentId, year, withinPrefix: within(regionCode) }, page, isFieldRequested(info, 'totalCount'));
    const models = new Map((await this.payments(conn.edges.map((e) => e.node))).map((p) => [p.id, p]));
    return mapConnection(conn, (p) => models.get(p.id)!);
  }

  @RequirePermission('funds.read')
  @Query(() => FundReimbursementRate, {
    description:
      '报账率: paid ÷ allocated in the year, as of a date, over a region in your scope, with the target funds.reimbursement_rate_min as of 31 December (null with configured false when it is not). The formula is UNVERIFIED (RULES.md §8). The records behind it: fundRateAllocations.',
  })
  async reimbursementRate(@Args() { year, asOf, regionCode }: FundReimbursementRateArgs, @CurrentPrincipal() principal: Principal): Promise<FundReimbursementRate> {
    return FundReimbursementRate.from(await this.service.rate(principal, year, asOf, regionCode));
  }

  @RequirePermission('funds.read')
  @Query(() => FundRateAllocationConnection, { description: 'The allocations behind reimbursementRate (same year, date and region), latest first, each with what was paid from it by the date.' })
  async fundRateAllocations(@Args() args: FundRateAllocationsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<FundRateAllocationConnection> {
    const { year, asOf, regionCode, ...page } = args;
    return mapConnection(await this.service.rateAllocations(principal, year, asOf, regionCode, page, isFieldRequested(info, 'totalCount')), FundRateAllocation.from);
  }

  @RequirePermission('funds.reimburse')
  @Mutation(() => FundReimbursementPayload, { description: 'Apply for a reimbursement (报账申请) against a project funding of your region: lines, vouchers of every required kind, no expense type of the negative list.' })
  async createFundReimbursement(@Args('input', { description: INPUT }) input: CreateFundReimbursementInput, @CurrentPrincipal() principal: Principal): Promise<FundReimbursementPayload> {
    const r = await this.service.create(principal, input);
    return FundReimbursementPayload.of((await this.reimbursements([r.reimbursement]))[0], r.parametersUsed);
  }

  @RequirePermission('funds.reimburse')
  @Mutation(() => FundReimbursementPayload, { description: 'Correct a RETURNED reimbursement and submit it again (SUBMITTED); send the version you read.' })
  async correctFundReimbursement(@Args('input', { description: INPUT }) input: CorrectFundReimbursementInput, @CurrentPrincipal() principal: Principal): Promise<FundReimbursementPayload> {
    const r = await this.service.correct(principal, input);
    return FundReimbursementPayload.of((await this.reimbursements([r.reimbursement]))[0], r.parametersUsed);
  }

  @RequirePermission('funds.decide')
  @Mutation(() => FundReimbursementDecisionPayload, { description: '扶贫部门审核: the poverty office (district officer) passes a SUBMITTED reimbursement (→ REVIEWED).' })
  async reviewFundReimbursement(@Args('input', { description: INPUT }) input: DecideFundReimbursementInput, @CurrentPrincipal() principal: Principal): Promise<FundReimbursementDecisionPayload> {
    return { reimbursement: (await this.reimbursements([await this.service.review(principal, input)]))[0] };
  }

  @RequirePermission('funds.decide')
  @Mutation(() => FundReimbursementDecisionPayload, { description: '财政审批: finance (sector FINANCE) approves a REVIEWED reimbursement (→ APPROVED); a SUBMITTED one cannot skip the review.' })
  async approveFundReimbursement(@Args('input', { description: INPUT }) input: DecideFundReimbursementInput, @CurrentPrincipal() principal: Principal): Promise<FundReimbursementDecisionPayload> {
    return { reimbursement: (await this.reimbursements([await this.service.approve(principal, input)]))[0] };
  }

  @RequirePermission('funds.decide')
  @Mutation(() => FundReimbursementDecisionPayload, { description: 'Return a reimbursement to the applicant for correction, with the reason (→ RETURNED): the poverty office at SUBMITTED, finance at REVIEWED.' })
  async returnFundReimbursement(@Args('input', { description: INPUT }) input: ReasonedFundReimbursementInput, @CurrentPrincipal() principal: Principal): Promise<FundReimbursementDecisionPayload> {
    return { reimbursement: (await this.reimbursements([await this.service.returnToApplicant(principal, input)]))[0] };
  }

  @RequirePermission('funds.decide')
  @Mutation(() => FundReimbursementDecisionPayload, { description: 'Reject a reimbursement for good, with the reason (→ REJECTED; it stops counting against the funding): the poverty office at SUBMITTED, finance at REVIEWED.' })
  async rejectFundReimbursement(@Args('input', { description: INPUT }) input: ReasonedFundReimbursementInput, @CurrentPrincipal() principal: Principal): Promise<FundReimbursementDecisionPayload> {
    return { reimbursement: (await this.reimbursements([await this.service.reject(principal, input)]))[0] };
  }

  @RequirePermission('funds.pay')
  @Mutation(() => FundPaymentPayload, { description: '支付: finance pays an APPROVED reimbursement, to an account or to households; paying what is left marks it reimbursed (→ PAID).' })
  async createFundPayment(@Args('input', { description: INPUT }) input: CreateFundPaymentInput, @CurrentPrincipal() principal: Principal): Promise<FundPaymentPayload> {
    const r = await this.service.pay(principal, input);
    return { payment: (await this.payments([r.payment]))[0], reimbursement: (await this.reimbursements([r.reimbursement]))[0] };
  }

  @RequirePermission('funds.pay')
  @Mutation(() => FundPaymentPayload, {
    description: '冲销: finance reverses a payment made in error, with the date and the reason: a record of the negative amount naming it (once); the payment stays. A PAID reimbursement no longer paid in full goes back to APPROVED.',
  })
  async reverseFundPayment(@Args('input', { description: INPUT }) input: ReverseFundPaymentInput, @CurrentPrincipal() principal: Principal): Promise<FundPaymentPayload> {
    const r = await this.service.reversePayment(principal, input);
    return { payment: (await this.payments([r.payment]))[0], reimbursement: (await this.reimbursements([r.reimbursement]))[0] };
  }
}
