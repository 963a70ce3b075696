import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import {
  EntityLinkageReconciliation,
  EntityLinkageReconciliationArgs,
  HouseholdLinkageIncome,
  HouseholdLinkageIncomeArgs,
  HouseholdLinkageIncomeConnection,
  LinkageArrear,
  LinkageArrearConnection,
  LinkageArrearsArgs,
  LinkagePayment,
  LinkagePaymentConnection,
  LinkagePaymentPayload,
  LinkagePaymentsArgs,
  LinkageYearAccount,
  RecordLinkagePaymentInput,
  ReverseLinkagePaymentInput,
  YearInRegionArgs,
} from './linkage-payments.models';
import { LinkagePaymentsService } from './linkage-payments.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Linkage payments and the year's accounts of linkages: thin; the services scope by the household's village. */
@Resolver(() => LinkagePayment)
export class LinkagePaymentsResolver {
  constructor(private readonly service: LinkagePaymentsService) {}

  @RequirePermission('projects.read')
  @Query(() => LinkagePaymentConnection, { description: 'Payments under benefit linkages (利益联结支付) to households in your region and below, latest payment date first; reversals included.' })
  async linkagePayments(@Args() args: LinkagePaymentsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<LinkagePaymentConnection> {
    const { linkageId, householdId, year, regionCode, ...page } = args;
    const conn = await this.service.list(principal, { linkageId, householdId, year, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, LinkagePayment.from);
  }

  @RequirePermission('projects.write')
  @Mutation(() => LinkagePaymentPayload, {
    description: "Record a payment under a linkage for a year it is in force; over what is due for the year it needs overAgreementReason (PAYMENT_OVER_AGREEMENT). Never written into the registry's income (see householdLinkageIncome).",
  })
  async recordLinkagePayment(@Args('input', { description: INPUT }) input: RecordLinkagePaymentInput, @CurrentPrincipal() principal: Principal): Promise<LinkagePaymentPayload> {
    const { payment, figures } = await this.service.record(principal, input);
    return { linkagePayment: LinkagePayment.from(payment), yearAccount: LinkageYearAccount.from(payment.year, figures) };
  }

  @RequirePermission('projects.write')
  @Mutation(() => LinkagePaymentPayload, { description: 'Reverse (冲销) a payment recorded in error, with the reason: a record of the negative amount; the payment stays.' })
  async reverseLinkagePayment(@Args('input', { description: INPUT }) input: ReverseLinkagePaymentInput, @CurrentPrincipal() principal: Principal): Promise<LinkagePaymentPayload> {
    const { payment, figures } = await this.service.reverse(principal, input);
    return { linkagePayment: LinkagePayment.from(payment), yearAccount: LinkageYearAccount.from(payment.year, figures) };
  }

  @RequirePermission('projects.read')
  @Query(() => LinkageArrearConnection, { description: 'Linkages in force in the year whose payments for it are short of what is due (年底未兑现), of households in your region and below.' })
  async linkageArrears(@Args() args: LinkageArrearsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<LinkageArrearConnection> {
    const { year, entityId, projectId, regionCode, ...page } = args;
    const { figures, ...conn } = await this.service.arrears(principal, { year, entityId, projectId, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (l) => LinkageArrear.from(l, year, figures.get(l)!));
  }

  @RequirePermission('projects.read')
  @Query(() => EntityLinkageReconciliation, { description: "An implementing entity's linkages in a year (对账): what its agreements make due against what it paid." })
  async entityLinkageReconciliation(@Args() { entityId, year }: EntityLinkageReconciliationArgs, @CurrentPrincipal() principal: Principal): Promise<EntityLinkageReconciliation> {
    return EntityLinkageReconciliation.from(await this.service.entityReconciliation(principal, entityId, year));
  }

  @RequirePermission('projects.read')
  @Query(() => HouseholdLinkageIncome, { description: "A household's linkage income of a year beside the registry's income of that year." })
  async householdLinkageIncome(@Args() { householdId, year }: HouseholdLinkageIncomeArgs, @CurrentPrincipal() principal: Principal): Promise<HouseholdLinkageIncome> {
    const { household, income } = await this.service.householdIncome(principal, householdId, year);
    return HouseholdLinkageIncome.from(household, year, income);
  }

  @RequirePermission('projects.read')
  @Query(() => HouseholdLinkageIncomeConnection, { description: "Households of your region paid more under their linkages in the year than the registry records (by household number): correct the registry's income or the payments." })
  async linkageIncomeDisagreements(@Args() args: YearInRegionArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<HouseholdLinkageIncomeConnection> {
    const { year, regionCode, ...page } = args;
    const { figures, ...conn } = await this.service.disagreements(principal, { year, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (h) => HouseholdLinkageIncome.from(h, year, figures.get(h)!));
  }
}
