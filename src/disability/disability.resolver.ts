import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { SECRETS, Secrets } from '../config/secrets';
import { ParameterValue } from '../parameters/parameter.model';
import { CertificatesService, CertificateTerms, WrittenCertificate } from './certificates.service';
import {
  CreateDisabilityCertificateInput,
  CreateDisabilitySubsidyPaymentInput,
  DeleteDisabilityCertificateInput,
  DeleteDisabilitySubsidyPaymentInput,
  DisabilityCertificate,
  DisabilityCertificateConnection,
  DisabilityCertificatePayload,
  DisabilityCertificatesArgs,
  DisabilitySubsidyPaidWithoutEligibility,
  DisabilitySubsidyPaidWithoutEligibilityConnection,
  DisabilitySubsidyPayment,
  DisabilitySubsidyPaymentConnection,
  DisabilitySubsidyPaymentPayload,
  DisabilitySubsidyPaymentsArgs,
  EligibleWithoutDisabilitySubsidy,
  EligibleWithoutDisabilitySubsidyConnection,
  EligibleWithoutSubsidyArgs,
  IdArgs,
  PaidWithoutEligibilityArgs,
  RevokeDisabilityCertificateInput,
  UncertifiedDisabledMember,
  DisabledMemberNotOnDibao,
  DisabledMemberNotOnDibaoConnection,
  UncertifiedDisabledMemberConnection,
  UncertifiedMembersArgs,
  UpdateDisabilityCertificateInput,
  UpdateDisabilitySubsidyPaymentInput,
} from './disability.models';
import { PaymentTerms, SubsidiesService, WrittenPayment } from './subsidies.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Disability certificates (残疾人证) and the disabled members without one: thin; the service scopes. */
@Resolver(() => DisabilityCertificate)
export class CertificatesResolver {
  constructor(
    private readonly service: CertificatesService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  private payload(w: WrittenCertificate): DisabilityCertificatePayload {
    return { certificate: DisabilityCertificate.from(w.certificate, this.secrets.cipher), parametersUsed: w.parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('disability.read')
  @Query(() => DisabilityCertificateConnection, { description: 'Disability certificates (残疾人证) of members of households in your region and below, latest issue first.' })
  async disabilityCertificates(@Args() args: DisabilityCertificatesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<DisabilityCertificateConnection> {
    const { memberId, householdId, regionCode, category, grade, revoked, validOn, ...page } = args;
    const conn = await this.service.list(principal, { memberId, householdId, regionCode, category, grade, revoked, validOn }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (c) => DisabilityCertificate.from(c, this.secrets.cipher));
  }

  @RequirePermission('disability.read')
  @Query(() => DisabilityCertificate, { nullable: true, description: 'A disability certificate by id; null when it does not exist or lies outside your region.' })
  async disabilityCertificate(@Args() { id }: IdArgs, @CurrentPrincipal() principal: Principal): Promise<DisabilityCertificate | null> {
    const [c] = await this.service.findInScope(principal, [id]);
    return c ? DisabilityCertificate.from(c, this.secrets.cipher) : null;
  }

  @RequirePermission('disability.read')
  @Query(() => UncertifiedDisabledMemberConnection, {
    description:
      'Registry members marked disabled (health DISABLED), current members of households in your region (or a subtree), without a certificate valid on the day (default today): none, expired or revoked. By name, with the certificates each has had.',
  })
  async disabledMembersWithoutCertificate(@Args() args: UncertifiedMembersArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<UncertifiedDisabledMemberConnection> {
    const { regionCode, asOf, ...page } = args;
    const conn = await this.service.disabledMembersWithoutCertificate(principal, { regionCode, asOf }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (r) => UncertifiedDisabledMember.from(r, this.secrets.cipher));
  }

  @RequirePermission('disability.read')
  @Query(() => DisabledMemberNotOnDibaoConnection, {
    description:
      '纳入低保 (plan §15, disability.dibao_inclusion): current members of registered households in your region (or a subtree) holding a certificate valid on the day (default today) whom civil affairs’ 低保 roster does not cover on that day (by the ID number’s blind index). For review: eligibility (符合条件) is civil affairs’ decision. By name.',
  })
  async disabledMembersNotOnDibao(@Args() args: UncertifiedMembersArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<DisabledMemberNotOnDibaoConnection> {
    const { regionCode, asOf, ...page } = args;
    const { asOf: day, rule, ...conn } = await this.service.disabledMembersNotOnDibao(principal, { regionCode, asOf }, page, isFieldRequested(info, 'totalCount'));
    return { ...mapConnection(conn, (r) => DisabledMemberNotOnDibao.from(r, this.secrets.cipher)), asOf: day, rule: ParameterValue.from(rule) };
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilityCertificatePayload, { description: "Record a member's disability certificate (the disabled persons' federation)." })
  async createDisabilityCertificate(@Args('input', { description: INPUT }) input: CreateDisabilityCertificateInput, @CurrentPrincipal() principal: Principal): Promise<DisabilityCertificatePayload> {
    return this.payload(await this.service.create(principal, input));
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilityCertificatePayload, { description: 'Correct an unrevoked certificate; send the version you read. Checked again as a new certificate.' })
  async updateDisabilityCertificate(@Args('input', { description: INPUT }) input: UpdateDisabilityCertificateInput, @CurrentPrincipal() principal: Principal): Promise<DisabilityCertificatePayload> {
    return this.payload(await this.service.update(principal, input as Partial<CertificateTerms> & { id: string; version: number }));
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilityCertificatePayload, { description: '注销: revoke a certificate from a day, with the reason; it is kept (and no longer valid from that day).' })
  async revokeDisabilityCertificate(@Args('input', { description: INPUT }) input: RevokeDisabilityCertificateInput, @CurrentPrincipal() principal: Principal): Promise<DisabilityCertificatePayload> {
    return { certificate: DisabilityCertificate.from(await this.service.revoke(principal, input), this.secrets.cipher), parametersUsed: [] };
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilityCertificatePayload, { description: 'Delete a certificate entered in error, with the reason; send the version you read. One that subsidies were paid under is revoked instead.' })
  async deleteDisabilityCertificate(@Args('input', { description: INPUT }) input: DeleteDisabilityCertificateInput, @CurrentPrincipal() principal: Principal): Promise<DisabilityCertificatePayload> {
    return { certificate: DisabilityCertificate.from(await this.service.delete(principal, input), this.secrets.cipher), parametersUsed: [] };
  }
}

const paymentPayload = (w: WrittenPayment): DisabilitySubsidyPaymentPayload => ({
  payment: DisabilitySubsidyPayment.from(w.payment),
  standardAmount: w.standardAmount,
  parametersUsed: w.parametersUsed.map(ParameterValue.from),
});

/** The two subsidies' monthly payments (两项补贴) and their coverage lists: thin; the service scopes. */
@Resolver(() => DisabilitySubsidyPayment)
export class SubsidiesResolver {
  constructor(
    private readonly service: SubsidiesService,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  @RequirePermission('disability.read')
  @Query(() => DisabilitySubsidyPaymentConnection, { description: 'Subsidy payments to disabled members of households in your region and below, latest month first.' })
  async disabilitySubsidyPayments(@Args() args: DisabilitySubsidyPaymentsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<DisabilitySubsidyPaymentConnection> {
    const { memberId, householdId, regionCode, kind, month, year, ...page } = args;
    return mapConnection(await this.service.list(principal, { memberId, householdId, regionCode, kind, month, year }, page, isFieldRequested(info, 'totalCount')), DisabilitySubsidyPayment.from);
  }

  @RequirePermission('disability.read')
  @Query(() => DisabilitySubsidyPayment, { nullable: true, description: 'A subsidy payment by id; null when it does not exist or lies outside your region.' })
  async disabilitySubsidyPayment(@Args() { id }: IdArgs, @CurrentPrincipal() principal: Principal): Promise<DisabilitySubsidyPayment | null> {
    const [p] = await this.service.findInScope(principal, [id]);
    return p ? DisabilitySubsidyPayment.from(p) : null;
  }

  @RequirePermission('disability.read')
  @Query(() => EligibleWithoutDisabilitySubsidyConnection, {
    description:
      'Current members of your region (or a subtree) eligible for the subsidy in the month (a certificate valid in it and the rules in force on its first day) without a payment of it for the month; by name, with the certificates valid in the month. A rule not in force: PARAMETER_NOT_CONFIGURED.',
  })
  async eligibleWithoutDisabilitySubsidy(@Args() args: EligibleWithoutSubsidyArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<EligibleWithoutDisabilitySubsidyConnection> {
    const { kind, month, regionCode, ...page } = args;
    const { parametersUsed, ...conn } = await this.service.eligibleWithoutSubsidy(principal, { kind, month, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return { ...mapConnection(conn, (r) => EligibleWithoutDisabilitySubsidy.from(r, this.secrets.cipher)), parametersUsed: parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('disability.read')
  @Query(() => DisabilitySubsidyPaidWithoutEligibilityConnection, {
    description: "Payments of the month in your region (or a subtree) whose member was not eligible for the payment's subsidy in the month by the rules in force on its first day, with the reasons; by village.",
  })
  async disabilitySubsidiesPaidWithoutEligibility(@Args() args: PaidWithoutEligibilityArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<DisabilitySubsidyPaidWithoutEligibilityConnection> {
    const { kind, month, regionCode, ...page } = args;
    const { parametersUsed, ...conn } = await this.service.paidWithoutEligibility(principal, { kind, month, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return { ...mapConnection(conn, DisabilitySubsidyPaidWithoutEligibility.from), parametersUsed: parametersUsed.map(ParameterValue.from) };
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilitySubsidyPaymentPayload, { description: "Record a month's payment of a subsidy to a member holding a certificate valid in the month (the disabled persons' federation)." })
  async createDisabilitySubsidyPayment(@Args('input', { description: INPUT }) input: CreateDisabilitySubsidyPaymentInput, @CurrentPrincipal() principal: Principal): Promise<DisabilitySubsidyPaymentPayload> {
    return paymentPayload(await this.service.create(principal, input as PaymentTerms & { memberId: string }));
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilitySubsidyPaymentPayload, { description: 'Correct a subsidy payment; send the version you read. Checked again as a new payment.' })
  async updateDisabilitySubsidyPayment(@Args('input', { description: INPUT }) input: UpdateDisabilitySubsidyPaymentInput, @CurrentPrincipal() principal: Principal): Promise<DisabilitySubsidyPaymentPayload> {
    return paymentPayload(await this.service.update(principal, input as Partial<PaymentTerms> & { id: string; version: number }));
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilitySubsidyPaymentPayload, { description: 'Delete a subsidy payment entered in error, with the reason; send the version you read.' })
  async deleteDisabilitySubsidyPayment(@Args('input', { description: INPUT }) input: DeleteDisabilitySubsidyPaymentInput, @CurrentPrincipal() principal: Principal): Promise<DisabilitySubsidyPaymentPayload> {
    return { payment: DisabilitySubsidyPayment.from(await this.service.delete(principal, input)), standardAmount: null, parametersUsed: [] };
  }
}
