import { Inject } from '@nestjs/common';
import { Args, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../../common/access/access.decorators';
import { CurrentPrincipal } from '../../common/access/current-principal.decorator';
import { Principal } from '../../common/access/principal';
import { isFieldRequested } from '../../common/graphql/field-selection';
import { RequestContext } from '../../common/graphql/request-context';
import { mapConnection } from '../../common/pagination/keyset';
import { SECRETS, Secrets } from '../../config/secrets';
import { assertAsOf, MEMBER_FIELDS_AS_OF, memberModel } from '../as-of';
import { Household } from '../household.model';
import { HouseholdEntity } from '../household.entity';
import { Member } from '../member.model';
import { ProposalKind } from '../proposal.entity';
import { coded } from '../registry-enums';
import { PovertyStatus } from '../registry-codes';
import { AsOfService } from './as-of.service';
import {
  AnnounceExitInput,
  DecideProposalInput,
  ExitAssessmentArgs,
  HouseholdAsOfArgs,
  MemberJoinsInput,
  MemberLeavesInput,
  MoveMemberInput,
  ProposalsArgs,
  ProposeExitInput,
  ProposeRegistrationInput,
  ProposeRemovalInput,
  ProposeReturnToPovertyInput,
  RecordHouseholdAgreementInput,
  RecordObjectionInput,
  WithdrawProposalInput,
} from './dto/lifecycle.inputs';
import { ExitStandardService } from './exit-standard/exit-standard.service';
import { LifecycleLoaders } from './lifecycle.loaders';
import {
  ExitAssessment,
  HouseholdStatusAsOf,
  MemberChangePayload,
  MoveMemberPayload,
  Proposal,
  ProposalConnection,
  ProposalPayload,
} from './lifecycle.models';
import { MemberChangesService } from './member-changes.service';
import { ProposalOutcome, ProposalsService } from './proposals.service';

/** The registry's procedures, the exit standard, member changes and reading "as of" a date. */
@Resolver(() => Proposal)
export class LifecycleResolver {
  constructor(
    private readonly procedures: ProposalsService,
    private readonly exitStandard: ExitStandardService,
    private readonly memberChanges: MemberChangesService,
    private readonly asOf: AsOfService,
    private readonly loaders: LifecycleLoaders,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  // ---- queries ----------------------------------------------------------------------------

  @RequirePermission('households.read')
  @Query(() => ProposalConnection, { description: 'Procedures of households in your region (a town sees its villages’), newest first.' })
  async proposals(@Args() args: ProposalsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ProposalConnection> {
    const { kind, stage, regionCode, householdId, openOnly, ...page } = args;
    const conn = await this.procedures.list(principal, { kind, stage, regionCode, householdId, openOnly }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, Proposal.from);
  }

  @RequirePermission('households.read')
  @Query(() => ExitAssessment, { description: '§28 exit standard of a household for a year: pass or fail per criterion, with the reason.' })
  async exitAssessment(@Args() args: ExitAssessmentArgs, @CurrentPrincipal() principal: Principal): Promise<ExitAssessment> {
    return ExitAssessment.from(await this.exitStandard.assess(principal, args.householdId, args.year));
  }

  @RequirePermission('households.read')
  @Query(() => HouseholdStatusAsOf, { description: 'A household’s status and validity on a date, from its events.' })
  async householdStatusAsOf(@Args() args: HouseholdAsOfArgs, @CurrentPrincipal() principal: Principal): Promise<HouseholdStatusAsOf> {
    const r = await this.asOf.statusAsOf(principal, args.householdId, args.date);
    return { householdId: r.householdId, date: r.date, status: coded(PovertyStatus, r.status), validity: r.validity, exitYear: r.exitYear, onRoll: r.onRoll };
  }

  @RequirePermission('households.read')
  @Query(() => [Member], { description: 'The members of a household on a date (joined on or before it, not left by then), as of that date, its head then first.' })
  async householdMembersAsOf(@Args() args: HouseholdAsOfArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<Member[]> {
    // Every field answers as of the date or is refused, before any SQL runs.
    assertAsOf(info, MEMBER_FIELDS_AS_OF);
    return (await this.asOf.membersAsOf(principal, args.householdId, args.date)).map((m) => memberModel(m, this.secrets.cipher));
  }

  // ---- the procedures -----------------------------------------------------------------------

  @RequirePermission('households.propose')
  @Mutation(() => ProposalPayload, { description: 'Village: propose registering a candidate household (识别纳入).' })
  proposeRegistration(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: ProposeRegistrationInput, @CurrentPrincipal() principal: Principal): Promise<ProposalPayload> {
    return this.payload(this.procedures.propose(principal, ProposalKind.REGISTRATION, input));
  }

  @RequirePermission('households.propose')
  @Mutation(() => ProposalPayload, { description: 'Village: propose a return to poverty (返贫) of an exited household.' })
  proposeReturnToPoverty(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: ProposeReturnToPovertyInput, @CurrentPrincipal() principal: Principal): Promise<ProposalPayload> {
    return this.payload(this.procedures.propose(principal, ProposalKind.RETURN_TO_POVERTY, input));
  }

  @RequirePermission('households.propose')
  @Mutation(() => ProposalPayload, { description: 'Village: propose removing a wrongly registered household (剔除).' })
  proposeRemoval(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: ProposeRemovalInput, @CurrentPrincipal() principal: Principal): Promise<ProposalPayload> {
    return this.payload(this.procedures.propose(principal, ProposalKind.REMOVAL, input));
  }

  @RequirePermission('households.propose')
  @Mutation(() => ProposalPayload, {
    description: 'Village: propose an exit after the democratic appraisal; refused unless the exit standard is met. The household shows 预脱贫 while it runs.',
  })
  proposeExit(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: ProposeExitInput, @CurrentPrincipal() principal: Principal): Promise<ProposalPayload> {
    return this.payload(this.procedures.propose(principal, ProposalKind.EXIT, input));
  }

  @RequirePermission('households.propose')
  @Mutation(() => ProposalPayload, { description: 'Exit: record the household’s agreement (农户认可), before the town reviews.' })
  recordHouseholdAgreement(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: RecordHouseholdAgreementInput, @CurrentPrincipal() principal: Principal): Promise<ProposalPayload> {
    return this.payload(this.procedures.recordHouseholdAgreement(principal, input));
  }

  @RequirePermission('households.review')
  @Mutation(() => ProposalPayload, { description: 'Town: review a proposal (approve, or reject with a reason). Not your own.' })
  reviewProposal(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: DecideProposalInput, @CurrentPrincipal() principal: Principal): Promise<ProposalPayload> {
    return this.payload(this.procedures.review(principal, input));
  }

  @RequirePermission('households.approve')
  @Mutation(() => ProposalPayload, {
    description: 'District: approve a town-reviewed proposal (or reject with a reason). Registration, return and removal take effect; an exit starts its public notice (policy parameter registry.exit_notice_days, or the EXIT_NOTICE_DAYS override; EXIT_NOTICE_NOT_CONFIGURED when neither is set).',
  })
  approveProposal(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: DecideProposalInput, @CurrentPrincipal() principal: Principal): Promise<ProposalPayload> {
    return this.payload(this.procedures.approve(principal, input));
  }

  @RequirePermission('households.read')
  @Mutation(() => ProposalPayload, {
    description: 'Exit, during the public notice: record an objection; the case goes back to the town’s review. Needs households.review or households.propose (checked in the service).',
  })
  recordObjection(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: RecordObjectionInput, @CurrentPrincipal() principal: Principal): Promise<ProposalPayload> {
    return this.payload(this.procedures.recordObjection(principal, input));
  }

  @RequirePermission('households.approve')
  @Mutation(() => ProposalPayload, { description: 'District: announce the exit once the notice is over with no objection; status 已脱贫（享受政策） with the exit year.' })
  announceExit(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: AnnounceExitInput, @CurrentPrincipal() principal: Principal): Promise<ProposalPayload> {
    return this.payload(this.procedures.announceExit(principal, input));
  }

  @RequirePermission('households.propose')
  @Mutation(() => ProposalPayload, { description: 'The proposer withdraws a proposal before the district approves it.' })
  withdrawProposal(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: WithdrawProposalInput, @CurrentPrincipal() principal: Principal): Promise<ProposalPayload> {
    return this.payload(this.procedures.withdraw(principal, input));
  }

  // ---- member changes -----------------------------------------------------------------------

  @RequirePermission('households.write')
  @Mutation(() => MemberChangePayload, { description: 'A member joins a household (birth, marriage, other), with the date and evidence.' })
  async memberJoins(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: MemberJoinsInput, @CurrentPrincipal() principal: Principal): Promise<MemberChangePayload> {
    const r = await this.memberChanges.join(principal, input);
    return { member: Member.from(r.member, this.secrets.cipher), household: this.householdModel(r.household) };
  }

  @RequirePermission('households.write')
  @Mutation(() => MemberChangePayload, { description: 'A member leaves (death, marriage, moved, other). A head leaving names the new head.' })
  async memberLeaves(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: MemberLeavesInput, @CurrentPrincipal() principal: Principal): Promise<MemberChangePayload> {
    const r = await this.memberChanges.leave(principal, input);
    return { member: Member.from(r.member, this.secrets.cipher), household: this.householdModel(r.household) };
  }

  @RequirePermission('households.write')
  @Mutation(() => MoveMemberPayload, { description: 'Moves a person to another household in one operation: the old membership ends, a new one starts.' })
  async moveMember(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: MoveMemberInput, @CurrentPrincipal() principal: Principal): Promise<MoveMemberPayload> {
    const r = await this.memberChanges.move(principal, input);
    return {
      member: Member.from(r.member, this.secrets.cipher),
      formerMembership: Member.from(r.former, this.secrets.cipher),
      fromHousehold: this.householdModel(r.from),
      toHousehold: this.householdModel(r.to),
    };
  }

  // ---- fields of a proposal -----------------------------------------------------------------

  @ResolveField(() => Household, { description: 'The household the procedure is about.' })
  async household(proposal: Proposal, _args: unknown, ctx: RequestContext): Promise<Household> {
    const h = await this.loaders.household(ctx).load(proposal.householdId);
    return this.householdModel(h as HouseholdEntity);
  }

  private householdModel(h: HouseholdEntity): Household {
    return Household.from(h, this.secrets.cipher);
  }

  private async payload(outcome: Promise<ProposalOutcome>): Promise<ProposalPayload> {
    const { proposal, household } = await outcome;
    return { proposal: Proposal.from(proposal), household: this.householdModel(household) };
  }
}
